#pragma once
// The book's common/util.py `cos_similarity` and `most_similar` (ch. 2.3.5, used again in ch. 3-4):
//   similarity(x, y) = x/(||x|| + eps) . y/(||y|| + eps)
// most_similar takes the query's row, its cosine with every row, and lists the best `top` words
// other than the query itself, in descending order.
//
// Every function comes in two forms: one that returns the result and throws std::invalid_argument
// naming an unknown word, and a print_ form that prints what the book prints, including its
// "%s is not found" line instead of an exception.
#include <cstddef>
#include <ios>
#include <string>
#include <vector>

#include <minidl/word2vec/data/word_vectors.hpp>
#include <minidl/framework/tensor.hpp>

namespace minidl {

// One line of a most_similar or analogy answer.
struct Similar {
  std::string word;
  double similarity;
};

// The book's cos_similarity: eps keeps a zero vector from dividing by zero (it then scores 0).
// x and y must hold the same number of elements; computed in double whatever Scalar is.
double cos_similarity(const Tensor& x, const Tensor& y, double eps = 1e-8);

// Each row divided by (its norm + eps), the normalisation inside cos_similarity, so that a cosine
// with every row is one matrix-vector product. Compute it once and pass it to the overloads below
// when asking many queries of a large vocabulary.
Tensor normalize_rows(const Tensor& m, double eps = 1e-8);

// The `top` words nearest to `query` by cosine, best first; the query itself is skipped, equal
// similarities keep vocabulary order (the book's argsort leaves them unspecified).
std::vector<Similar> most_similar(const std::string& query, const WordVectors& word_vectors,
                                  std::size_t top = 5);
// The same with `normalized` = normalize_rows(word_vectors.vectors) computed by the caller.
std::vector<Similar> most_similar(const std::string& query, const WordVectors& word_vectors,
                                  const Tensor& normalized, std::size_t top = 5);

// Prints a result as the book does: "\n[query] you", then " we: 0.6154991" per word
// (similarities with 7 significant digits, about what numpy prints for a float32).
void print_most_similar(std::ostream& out, const std::string& query, const std::vector<Similar>& result);
// The book's most_similar as a whole: prints "<query> is not found" for an unknown query.
void print_most_similar(std::ostream& out, const std::string& query, const WordVectors& word_vectors,
                        std::size_t top = 5);

namespace detail {
// Shared by most_similar and analogy, not part of the book's surface.
// The cosine of every row of `normalized` (V, D) with `query` (D,), one BLAS product.
std::vector<double> row_similarities(const Tensor& normalized, const Tensor& query);
// The `top` best ids by similarity, descending, leaving out `excluded` ids and NaNs; equal
// similarities in id order, so results do not depend on the sort's implementation.
std::vector<std::size_t> top_ids(const std::vector<double>& similarity, std::size_t top,
                                 const std::vector<std::size_t>& excluded);
// Throws std::invalid_argument unless `normalized` has the shape of word_vectors.vectors.
void check_normalized(const char* who, const WordVectors& word_vectors, const Tensor& normalized);
// Prints doubles with `digits` significant digits (the default float format) while it lives, then
// restores the stream's own format: printing must not change a caller's stream.
class SignificantDigits {
 public:
  SignificantDigits(std::ostream& out, int digits);
  ~SignificantDigits();
  SignificantDigits(const SignificantDigits&) = delete;
  SignificantDigits& operator=(const SignificantDigits&) = delete;

 private:
  std::ostream& out_;
  std::ios_base::fmtflags flags_;
  std::streamsize precision_;
};
}  // namespace detail

}  // namespace minidl
