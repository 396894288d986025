#include <minidl/word2vec/count/co_matrix.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>

namespace minidl {
namespace {

void check_args(const Ids& corpus, std::size_t vocab_size, std::size_t window_size) {
  if (window_size == 0) throw std::invalid_argument("create_co_matrix: window_size must be at least 1");
  for (std::size_t i = 0; i < corpus.size(); ++i)
    if (corpus(i) < 0 || static_cast<std::size_t>(corpus(i)) >= vocab_size)
      throw std::invalid_argument("create_co_matrix: word id " + std::to_string(corpus(i)) + " at position " +
                                  std::to_string(i) + " is outside the vocabulary of " +
                                  std::to_string(vocab_size) + " words");
}

// The book's double loop, calling add(word, context, distance) once per (position, offset) pair.
template <class Add>
void for_each_pair(const Ids& corpus, std::size_t window_size, Add add) {
  const std::size_t n = corpus.size();
  const std::int32_t* ids = corpus.data();
  for (std::size_t idx = 0; idx < n; ++idx)
    for (std::size_t i = 1; i <= window_size; ++i) {
      if (idx >= i) add(ids[idx], ids[idx - i], i);
      if (idx + i < n) add(ids[idx], ids[idx + i], i);
    }
}

// Reports each tenth of `total` rows once, as the book's verbose ppmi reports each hundredth of
// the cells; ten lines are enough to see it move on PTB.
class Progress {
 public:
  Progress(bool on, std::size_t total, std::ostream& out) : on_(on), total_(total), out_(out) {}
  void row_done(std::size_t done) {
    if (!on_ || total_ == 0) return;
    while (next_ <= 10 && done * 10 >= next_ * total_) {
      char line[32];
      std::snprintf(line, sizeof line, "%.1f%% done\n", 10.0 * next_);
      out_ << line << std::flush;
      ++next_;
    }
  }

 private:
  bool on_;
  std::size_t total_;
  std::ostream& out_;
  std::size_t next_ = 1;
};

// log2(c N / (s_i s_j) + eps) clipped at 0; no division when a sum is 0 (the book would get NaN,
// which its max(0, nan) happens to turn into 0; here it is explicit).
inline Scalar ppmi_cell(double c, double n, double s_i, double s_j, double eps) {
  if (c <= 0 || s_i <= 0 || s_j <= 0) return 0;
  const double pmi = std::log2(c * n / (s_j * s_i) + eps);
  return pmi > 0 ? static_cast<Scalar>(pmi) : Scalar(0);
}

}  // namespace

Tensor SparseCoMatrix::to_dense() const {
  Tensor m = xt::zeros<Scalar>({vocab_size, vocab_size});
  for (std::size_t i = 0; i < vocab_size; ++i)
    for (std::size_t k = row_start[i]; k < row_start[i + 1]; ++k) m(i, static_cast<std::size_t>(cols[k])) = values[k];
  return m;
}

Tensor create_co_matrix(const Ids& corpus, std::size_t vocab_size, std::size_t window_size) {
  check_args(corpus, vocab_size, window_size);
  Tensor co = xt::zeros<Scalar>({vocab_size, vocab_size});
  Scalar* d = co.data();
  for_each_pair(corpus, window_size, [&](std::int32_t w, std::int32_t c, std::size_t) {
    d[static_cast<std::size_t>(w) * vocab_size + static_cast<std::size_t>(c)] += 1;
  });
  return co;
}

SparseCoMatrix create_sparse_co_matrix(const Ids& corpus, std::size_t vocab_size, std::size_t window_size,
                                       CoWeighting weighting) {
  check_args(corpus, vocab_size, window_size);
  if (window_size > 255) throw std::invalid_argument("create_sparse_co_matrix: window_size must be at most 255");
  if (vocab_size >= (std::size_t(1) << 28))
    throw std::invalid_argument("create_sparse_co_matrix: a vocabulary of 2^28 words or more does not fit its keys");
  // Every (word, context, distance) as one 64-bit key (28 + 28 + 8 bits), sorted, then run-length
  // counted: O(T w log(T w)) and 8 bytes per pair (PTB, window 5: 9.3 M pairs, 75 MB for a
  // moment), no hash table. The distance is in the key so one sort serves both weightings.
  std::vector<std::uint64_t> keys;
  keys.reserve(corpus.size() * 2 * window_size);
  for_each_pair(corpus, window_size, [&](std::int32_t w, std::int32_t c, std::size_t d) {
    keys.push_back(static_cast<std::uint64_t>(w) << 36 | static_cast<std::uint64_t>(c) << 8 | d);
  });
  std::sort(keys.begin(), keys.end());
  SparseCoMatrix m;
  m.vocab_size = vocab_size;
  m.row_start.assign(vocab_size + 1, 0);
  for (std::size_t k = 0; k < keys.size();) {
    const std::uint64_t cell = keys[k] >> 8;
    double value = 0;  // in double: a sum of 1/d is not exact in float
    std::size_t end = k;
    for (; end < keys.size() && keys[end] >> 8 == cell; ++end)
      value += weighting == CoWeighting::flat ? 1.0 : 1.0 / double(keys[end] & 0xffu);
    const auto row = static_cast<std::size_t>(cell >> 28);
    m.cols.push_back(static_cast<std::int32_t>(cell & 0xfffffffu));
    m.values.push_back(static_cast<Scalar>(value));
    ++m.row_start[row + 1];
    k = end;
  }
  for (std::size_t i = 0; i < vocab_size; ++i) m.row_start[i + 1] += m.row_start[i];
  return m;
}

Tensor ppmi(const Tensor& C, bool verbose, double eps) { return ppmi(C, verbose, eps, std::cout); }

Tensor ppmi(const Tensor& C, bool verbose, double eps, std::ostream& progress) {
  if (C.dimension() != 2 || C.shape()[0] != C.shape()[1])
    throw std::invalid_argument("ppmi: the co-occurrence matrix must be square, got shape " + shape_str(C.shape()));
  const std::size_t V = C.shape()[0];
  // Sums in double: PTB's N is about 9 million, past float's exact integers.
  std::vector<double> S(V, 0.0);
  double N = 0;
  for (std::size_t i = 0; i < V; ++i)
    for (std::size_t j = 0; j < V; ++j) {
      const double c = C(i, j);
      if (c < 0 || std::isnan(c))
        throw std::invalid_argument("ppmi: count C(" + std::to_string(i) + ", " + std::to_string(j) + ") = " +
                                    std::to_string(c) + " is not a count");
      S[j] += c;  // the book's S = np.sum(C, axis=0)
      N += c;
    }
  Tensor M = xt::zeros<Scalar>({V, V});
  Progress report(verbose, V, progress);
  for (std::size_t i = 0; i < V; ++i) {
    for (std::size_t j = 0; j < V; ++j) M(i, j) = ppmi_cell(C(i, j), N, S[i], S[j], eps);
    report.row_done(i + 1);
  }
  return M;
}

Tensor ppmi(const SparseCoMatrix& C, bool verbose, double eps) { return ppmi(C, verbose, eps, std::cout); }

Tensor ppmi(const SparseCoMatrix& C, bool verbose, double eps, std::ostream& progress, double cds) {
  if (!(cds > 0 && cds <= 1)) throw std::invalid_argument("ppmi: cds must be in (0, 1], got " + std::to_string(cds));
  const std::size_t V = C.vocab_size;
  std::vector<double> S(V, 0.0);
  double N = 0;
  for (std::size_t k = 0; k < C.values.size(); ++k) {
    if (C.values[k] < 0) throw std::invalid_argument("ppmi: a negative count in the sparse co-occurrence matrix");
    S[static_cast<std::size_t>(C.cols[k])] += C.values[k];
    N += C.values[k];
  }
  // Smoothed context sums S_j^cds and their total Z stand in for S_j and N; cds = 1 leaves the
  // book's numbers untouched, bit for bit.
  std::vector<double> Sc = S;
  double Z = N;
  if (cds != 1.0) {
    Z = 0;
    for (double& s : Sc) Z += (s = std::pow(s, cds));
  }
  // Only stored cells can be positive: every other one is log2(eps) < 0, i.e. 0.
  Tensor M = xt::zeros<Scalar>({V, V});
  Progress report(verbose, V, progress);
  for (std::size_t i = 0; i < V; ++i) {
    for (std::size_t k = C.row_start[i]; k < C.row_start[i + 1]; ++k) {
      const auto j = static_cast<std::size_t>(C.cols[k]);
      M(i, j) = ppmi_cell(C.values[k], Z, S[i], Sc[j], eps);
    }
    report.row_done(i + 1);
  }
  return M;
}

}  // namespace minidl
