#include <minidl/word2vec/eval/similarity.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>
#include <stdexcept>

#include <xtensor/xview.hpp>

#include <minidl/framework/blas.hpp>

namespace minidl {

double cos_similarity(const Tensor& x, const Tensor& y, double eps) {
  if (x.size() != y.size())
    throw std::invalid_argument("cos_similarity: vectors of shapes " + shape_str(x.shape()) + " and " +
                                shape_str(y.shape()) + " differ in size");
  // Contiguous evaluated containers: walk the storage, summing in double so that a float library
  // gives the same cosine as the book's float64 arithmetic to about 7 digits.
  const Scalar* px = x.data();
  const Scalar* py = y.data();
  double xx = 0, yy = 0, xy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    xx += double(px[i]) * px[i];
    yy += double(py[i]) * py[i];
    xy += double(px[i]) * py[i];
  }
  return xy / ((std::sqrt(xx) + eps) * (std::sqrt(yy) + eps));
}

Tensor normalize_rows(const Tensor& m, double eps) {
  if (m.dimension() != 2)
    throw std::invalid_argument("normalize_rows: expected a (V, D) matrix, got shape " + shape_str(m.shape()));
  const std::size_t rows = m.shape()[0], cols = m.shape()[1];
  Tensor out = m;
  Scalar* p = out.data();
  for (std::size_t r = 0; r < rows; ++r, p += cols) {
    double ss = 0;
    for (std::size_t c = 0; c < cols; ++c) ss += double(p[c]) * p[c];
    const double scale = 1.0 / (std::sqrt(ss) + eps);
    for (std::size_t c = 0; c < cols; ++c) p[c] = static_cast<Scalar>(p[c] * scale);
  }
  return out;
}

namespace detail {

std::vector<double> row_similarities(const Tensor& normalized, const Tensor& query) {
  const std::size_t dim = normalized.shape()[1];
  Tensor q = query;
  q.reshape({std::size_t{1}, dim});
  const Tensor s = dot(normalized, q, false, true);  // (V, 1)
  return std::vector<double>(s.data(), s.data() + s.size());
}

std::vector<std::size_t> top_ids(const std::vector<double>& similarity, std::size_t top,
                                 const std::vector<std::size_t>& excluded) {
  std::vector<std::size_t> ids;
  ids.reserve(similarity.size());
  for (std::size_t i = 0; i < similarity.size(); ++i)
    if (!std::isnan(similarity[i]) && std::find(excluded.begin(), excluded.end(), i) == excluded.end())
      ids.push_back(i);
  const std::size_t k = std::min(top, ids.size());
  // Partial sort: only `top` of possibly millions of words are wanted.
  std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k), ids.end(),
                    [&](std::size_t a, std::size_t b) {
                      return similarity[a] != similarity[b] ? similarity[a] > similarity[b] : a < b;
                    });
  ids.resize(k);
  return ids;
}

void check_normalized(const char* who, const WordVectors& word_vectors, const Tensor& normalized) {
  if (normalized.dimension() != 2 || normalized.shape()[0] != word_vectors.size() ||
      normalized.shape()[1] != word_vectors.dim())
    throw std::invalid_argument(std::string(who) + ": the normalized matrix has shape " +
                                shape_str(normalized.shape()) + ", the word vectors " +
                                shape_str(word_vectors.vectors.shape()));
}

SignificantDigits::SignificantDigits(std::ostream& out, int digits)
    : out_(out), flags_(out.flags()), precision_(out.precision(digits)) {
  out.unsetf(std::ios_base::floatfield);
}

SignificantDigits::~SignificantDigits() {
  out_.flags(flags_);
  out_.precision(precision_);
}

}  // namespace detail

std::vector<Similar> most_similar(const std::string& query, const WordVectors& word_vectors,
                                  std::size_t top) {
  return most_similar(query, word_vectors, normalize_rows(word_vectors.vectors), top);
}

std::vector<Similar> most_similar(const std::string& query, const WordVectors& word_vectors,
                                  const Tensor& normalized, std::size_t top) {
  const auto it = word_vectors.word_to_id.find(query);
  if (it == word_vectors.word_to_id.end())
    throw std::invalid_argument("most_similar: '" + query + "' is not found");
  detail::check_normalized("most_similar", word_vectors, normalized);
  const auto id = static_cast<std::size_t>(it->second);
  const Tensor query_vec = xt::view(normalized, id, xt::all());
  const std::vector<double> similarity = detail::row_similarities(normalized, query_vec);
  std::vector<Similar> result;
  for (const std::size_t i : detail::top_ids(similarity, top, {id}))
    result.push_back({word_vectors.words[i], similarity[i]});
  return result;
}

void print_most_similar(std::ostream& out, const std::string& query, const std::vector<Similar>& result) {
  const detail::SignificantDigits seven(out, 7);
  out << "\n[query] " << query << '\n';
  for (const Similar& s : result) out << ' ' << s.word << ": " << s.similarity << '\n';
}

void print_most_similar(std::ostream& out, const std::string& query, const WordVectors& word_vectors,
                        std::size_t top) {
  if (!word_vectors.word_to_id.count(query)) {
    out << query << " is not found\n";
    return;
  }
  print_most_similar(out, query, most_similar(query, word_vectors, top));
}

}  // namespace minidl
