// minidl-word2vec: train word vectors with the book's CBOW or Skip-gram and judge them.
//   minidl-word2vec train [--corpus synthetic|ptb|FILE] [--model cbow|skipgram] --out vectors.txt
//   minidl-word2vec similar you year --vectors vectors.txt
//   minidl-word2vec analogy king man queen --vectors vectors.txt
//   minidl-word2vec eval --vectors vectors.txt --analogies questions-words.txt [--pairs pairs.tsv]
//   minidl-word2vec corpus --synthetic --out DIR
//   minidl-word2vec map --vectors vectors.txt --words you i say ... --method pca|tsne --out map.svg
// Errors are one line on stderr and exit status 1 (2 for a usage error).
#include <exception>
#include <new>
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#ifdef MINIDL_HAVE_MPI
#include <minidl/framework/distributed/mpi_group.hpp>
#endif

int main(int argc, char** argv) {
  // --distributed: one of the processes mpirun started. Only process 0 prints (progress, results);
  // an error names the process it happened in.
  std::string who;
#ifdef MINIDL_HAVE_MPI
  std::unique_ptr<minidl::MpiGroup> group;
  if (word2vec_cli::asks_for_distributed(argc, argv)) {
    try {
      group = std::make_unique<minidl::MpiGroup>(argc, argv);
    } catch (const std::exception& e) {
      std::cerr << "minidl-word2vec: error: --distributed: " << e.what() << "\n";
      return 1;
    }
    word2vec_cli::set_mpi_group(group.get());
    who = "process " + std::to_string(group->rank()) + " of " + std::to_string(group->size()) + ": ";
    if (group->rank() != 0) std::cout.rdbuf(nullptr);
  }
  // An error in one process while the others wait for it in a collective would leave them waiting:
  // unless every process knows of it (GroupStopped), the job ends at once (mpirun names the process).
  const auto fail = [&](int code) {
    if (code != 0 && group && group->size() > 1) {
      std::cerr << std::flush;
      group->abort(code);
    }
    return code;
  };
#else
  const auto fail = [](int code) { return code; };
#endif
  CLI::App app("minidl-word2vec: train and evaluate word vectors (Deep Learning from Scratch 2, ch. 4)");
  app.require_subcommand(1);
  word2vec_cli::add_train_command(app);
  word2vec_cli::add_query_commands(app);
  word2vec_cli::add_corpus_command(app);
  word2vec_cli::add_map_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return fail(app.exit(e));
  } catch (const std::bad_alloc&) {
    std::cerr << "minidl-word2vec: " << who << "error: out of memory (try a smaller --hidden or vocabulary)\n";
    return fail(1);
  } catch (const word2vec_cli::GroupStopped& e) {
    std::cerr << "minidl-word2vec: " << who << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "minidl-word2vec: " << who << "error: " << e.what() << "\n";
    return fail(1);
  }
  return 0;
}
