#pragma once
// The book's common/util.py `analogy` (ch. 4.4.2): "a is to b as c is to ?" answered by
//   query = normalize(vec(b) - vec(a) + vec(c)),   similarity = W query,
// listing the best `top` words other than a, b and c.
//
// What differs from the book, and why: the book's ch04/eval.py passes the raw word matrix, which is
// why it prints scores like "woman: 5.16" for king:man = queen:?. Here the rows are normalised first
// (normalize_rows, as word2vec's compute-accuracy does), so the answers are ranked by true cosine and
// every score lies in [-1, 1]; a long frequent-word vector cannot win by its length. The query is
// normalised with the same eps as cos_similarity, so b - a + c = 0 scores 0 instead of NaN.
#include <cstddef>
#include <iosfwd>
#include <limits>
#include <string>
#include <vector>

#include <minidl/word2vec/data/word_vectors.hpp>
#include <minidl/word2vec/eval/similarity.hpp>

namespace minidl {

struct AnalogyResult {
  std::vector<Similar> top;  // best first; never a, b or c
  std::string answer;        // the expected answer when one was given, else empty
  double answer_similarity = std::numeric_limits<double>::quiet_NaN();  // cos(answer, query)
};

// Throws std::invalid_argument naming the first of a, b, c (then answer) that is not in the vocabulary.
AnalogyResult analogy(const std::string& a, const std::string& b, const std::string& c,
                      const WordVectors& word_vectors, std::size_t top = 5, const std::string& answer = "");
// The same with `normalized` = normalize_rows(word_vectors.vectors) computed once by the caller.
AnalogyResult analogy(const std::string& a, const std::string& b, const std::string& c,
                      const WordVectors& word_vectors, const Tensor& normalized, std::size_t top = 5,
                      const std::string& answer = "");

// Prints as the book: "\n[analogy] king:man = queen:?", then "==>woman:0.83..." when an answer was
// given, then " woman: 0.8312345" per word (7 significant digits).
void print_analogy(std::ostream& out, const std::string& a, const std::string& b, const std::string& c,
                   const AnalogyResult& result);
// The book's analogy as a whole: prints "<word> is not found" for the first unknown word instead.
void print_analogy(std::ostream& out, const std::string& a, const std::string& b, const std::string& c,
                   const WordVectors& word_vectors, std::size_t top = 5, const std::string& answer = "");

}  // namespace minidl
