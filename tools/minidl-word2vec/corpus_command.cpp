// minidl-word2vec corpus --synthetic --out DIR: the built-in corpus and its analogy questions as
// files, so that any other tool (gensim, fastText, word2vec) can be run on the same data.
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include <minidl/cli/checks.hpp>
#include <minidl/word2vec/data/synthetic_corpus.hpp>
#include <minidl/framework/io/atomic_file.hpp>

namespace word2vec_cli {

void add_corpus_command(CLI::App& app) {
  struct Options {
    bool synthetic = false;
    std::string out;
    std::size_t sentences = minidl::SyntheticCorpusOptions{}.sentences;
    std::uint64_t seed = minidl::SyntheticCorpusOptions{}.seed;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("corpus", "write the built-in synthetic corpus and its questions to a directory");
  cmd->add_flag("--synthetic", o->synthetic, "the synthetic corpus (the only one built in)")->required();
  cmd->add_option("--out", o->out, "directory to write synthetic.txt and questions-words.txt into")->required();
  cmd->add_option("--sentences", o->sentences, "sentences to generate")->check(minidl::cli::at_least(1))->capture_default_str();
  cmd->add_option("--seed", o->seed, "generator seed")->capture_default_str();
  cmd->callback([o] {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(o->out, ec) && !fs::is_directory(o->out, ec))
      throw std::invalid_argument("--out '" + o->out + "' is a file; the corpus command writes two files into a directory");
    fs::create_directories(o->out, ec);
    if (ec) throw std::runtime_error("--out: cannot make the directory '" + o->out + "': " + ec.message());
    minidl::SyntheticCorpusOptions opt;
    opt.sentences = o->sentences;
    opt.seed = o->seed;
    const auto s = minidl::make_synthetic_corpus(opt);
    const std::string text = (std::filesystem::path(o->out) / "synthetic.txt").string();
    const std::string questions = (std::filesystem::path(o->out) / "questions-words.txt").string();
    minidl::write_file_atomic(text, [&](std::ostream& out) { out << s.text; });
    minidl::write_file_atomic(questions, [&](std::ostream& out) { out << s.questions; });
    std::cout << "wrote " << text << " (" << o->sentences << " sentences) and " << questions << " ("
              << s.question_count << " questions)\n";
  });
}

}  // namespace word2vec_cli
