// minidl-word2vec similar / analogy / eval: the book's most_similar and analogy, and the
// benchmarks, on any word2vec file (text or binary, ours or gensim's).
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include <minidl/cli/checks.hpp>
#include <minidl/word2vec/eval/analogy.hpp>
#include <minidl/word2vec/eval/analogy_accuracy.hpp>
#include <minidl/word2vec/eval/similarity.hpp>
#include <minidl/word2vec/eval/word_similarity.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>

namespace word2vec_cli {
namespace {

using namespace minidl;

struct QueryOptions {
  std::string vectors = "vectors.txt";
  std::vector<std::string> words;
  std::size_t top = 5;
  std::string analogies;
  std::vector<std::string> pairs;
  std::size_t restrict_vocab = 0;
};

void add_vectors_option(CLI::App* cmd, QueryOptions& o) {
  cmd->add_option("--vectors", o.vectors, "word2vec file, text or binary")->capture_default_str();
}

}  // namespace

void add_query_commands(CLI::App& app) {
  auto o = std::make_shared<QueryOptions>();

  CLI::App* similar = app.add_subcommand("similar", "the book's most_similar: nearest words by cosine similarity");
  similar->add_option("words", o->words, "query words")->required();
  add_vectors_option(similar, *o);
  similar->add_option("--top", o->top, "how many neighbours")->check(minidl::cli::at_least(1))->capture_default_str();
  similar->callback([o] {
    const WordVectors wv = load_word2vec(o->vectors);
    const Tensor normalized = normalize_rows(wv.vectors);
    std::size_t answered = 0;
    for (const auto& q : o->words) {
      if (wv.word_to_id.count(q) == 0) {
        std::cout << "\n" << q << " is not found\n";  // the book's message; the others still run
        continue;
      }
      print_most_similar(std::cout, q, most_similar(q, wv, normalized, o->top));
      ++answered;
    }
    if (answered == 0)  // nothing was answered: that is a failure, not a result
      throw std::runtime_error(std::string(o->words.size() == 1 ? "the query word is not" : "none of the query words is") +
                               " in the vocabulary of '" + o->vectors + "' (" + std::to_string(wv.size()) + " words)");
  });

  CLI::App* analogy_cmd = app.add_subcommand("analogy", "the book's analogy: a:b = c:? by b - a + c");
  analogy_cmd->add_option("words", o->words, "a b c")->required()->expected(3);
  add_vectors_option(analogy_cmd, *o);
  analogy_cmd->add_option("--top", o->top, "how many answers")->check(minidl::cli::at_least(1))->capture_default_str();
  analogy_cmd->callback([o] {
    const WordVectors wv = load_word2vec(o->vectors);
    std::string unknown;  // an analogy needs all three words
    for (const auto& w : o->words)
      if (wv.word_to_id.count(w) == 0) unknown += (unknown.empty() ? "'" : ", '") + w + "'";
    if (!unknown.empty())
      throw std::runtime_error(unknown + " not in the vocabulary of '" + o->vectors + "' (" +
                               std::to_string(wv.size()) + " words); an analogy needs all three words");
    print_analogy(std::cout, o->words[0], o->words[1], o->words[2], wv, o->top);
  });

  CLI::App* eval = app.add_subcommand("eval", "analogy accuracy (Google's format) and word-pair similarity");
  add_vectors_option(eval, *o);
  eval->add_option("--analogies", o->analogies, "questions-words.txt style file");
  eval->add_option("--pairs", o->pairs, "files of word1 word2 score lines (Spearman correlation); several: one line each");
  eval->add_option("--restrict", o->restrict_vocab, "only the first N words of the file (the most frequent)")
      ->check(minidl::cli::at_least(1));
  eval->callback([o] {
    if (o->analogies.empty() && o->pairs.empty())
      throw CLI::ValidationError("eval", "give --analogies FILE, --pairs FILE or both");
    // Every input file is there before the vectors (the slow part) are read.
    for (const std::string& file : o->pairs)
      if (!std::ifstream(file)) throw std::runtime_error("--pairs '" + file + "': cannot open the file");
    if (!o->analogies.empty() && !std::ifstream(o->analogies))
      throw std::runtime_error("--analogies '" + o->analogies + "': cannot open the file");
    const WordVectors wv = load_word2vec(o->vectors);
    if (!o->analogies.empty()) {
      AnalogyAccuracyOptions opt;
      opt.restrict_vocab = o->restrict_vocab;
      const AnalogyAccuracy acc = analogy_accuracy(o->analogies, wv, opt);
      if (acc.overall.total == 0) throw std::runtime_error("'" + o->analogies + "' holds no analogy questions");
      print_analogy_accuracy(std::cout, acc);
      if (acc.overall.covered == 0)
        throw std::runtime_error("none of the " + std::to_string(acc.overall.total) + " questions in '" + o->analogies +
                                 "' has all four words in the vectors' vocabulary: no accuracy to report");
    }
    for (const std::string& file : o->pairs) {
      const WordSimilarityResult r = word_similarity(file, wv);
      if (r.total == 0) throw std::runtime_error("'" + file + "' holds no word pairs");
      print_word_similarity(std::cout, r);
      if (r.covered < 2)
        throw std::runtime_error(std::to_string(r.covered) + " of the " + std::to_string(r.total) + " pairs in '" +
                                 file + "' have both words in the vocabulary: a correlation needs at least 2");
    }
  });
}

}  // namespace word2vec_cli
