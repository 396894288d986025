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

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app("minidl-word2vec: train and evaluate word vectors (Deep Learning from Scratch 2, ch. 4)");
  app.require_subcommand(1);
  word2vec_cli::add_train_command(app);
  word2vec_cli::add_query_commands(app);
  word2vec_cli::add_corpus_command(app);
  word2vec_cli::add_map_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::bad_alloc&) {
    std::cerr << "minidl-word2vec: error: out of memory (try a smaller --hidden or vocabulary)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "minidl-word2vec: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
