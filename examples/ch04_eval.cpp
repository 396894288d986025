// Chapter 4.3.3: evaluate the vectors as the book's ch04/eval.py does: the nearest words to you,
// year, car and toyota, and four analogies; then, beyond the book, the analogy accuracy on
// Google's questions-words.txt when it is given.
#include <iostream>

#include <CLI/CLI.hpp>

#include <minidl/word2vec/eval/analogy.hpp>
#include <minidl/word2vec/eval/analogy_accuracy.hpp>
#include <minidl/word2vec/eval/similarity.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>

int main(int argc, char** argv) {
  using namespace minidl;
  CLI::App app("Chapter 4.3.3: most_similar and analogies, as the book's eval.py");
  std::string vectors = "cbow_params.bin", questions;
  app.add_option("--vectors", vectors, "vectors from ch04_train (or any word2vec file)")->capture_default_str();
  app.add_option("--analogies", questions, "questions-words.txt, for the accuracy over all questions");
  CLI11_PARSE(app, argc, argv);

  try {
    const WordVectors wv = load_word2vec(vectors);
    const Tensor normalized = normalize_rows(wv.vectors);

    // most similar task
    for (const char* query : {"you", "year", "car", "toyota"}) {
      if (wv.word_to_id.count(query) == 0) {
        std::cout << "\n" << query << " is not found\n";
        continue;
      }
      print_most_similar(std::cout, query, most_similar(query, wv, normalized, 5));
    }

    // analogy task
    std::cout << "-----------------------------------------------------------------\n";
    const char* tasks[][3] = {{"king", "man", "queen"}, {"take", "took", "go"}, {"car", "cars", "child"},
                              {"good", "better", "bad"}};
    for (const auto& t : tasks) print_analogy(std::cout, t[0], t[1], t[2], wv, 5);

    if (!questions.empty()) {
      std::cout << "\n";
      print_analogy_accuracy(std::cout, analogy_accuracy(questions, wv));
    }
  } catch (const std::exception& e) {
    std::cerr << "ch04_eval: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
