#include <minidl/word2vec/fast/example_kernels.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <minidl/word2vec/fast/clones.hpp>
#include <minidl/word2vec/fast/row_ops.hpp>

namespace minidl {
namespace {

using row_ops::add_scaled;
using row_ops::combine_rows;
using row_ops::dot_rows;

// The loss of an example, -sum log q over its scores (q = sigmoid(s) for label 1, 1 - sigmoid(s) for
// label 0), kept as a product of the q's with one log at the end: a log per score cost more than
// the rest of Skip-gram's example together. The product is in double, eight factors at a time when
// all eight are at least 1e-30 (their product cannot underflow then), and folded into the sum before
// the running product could; a q below that (|s| > 69, training diverging) is added exactly.
class LossProduct {
 public:
  // Adds -log q[j] for j < n; a[j] = |s_j|, from which a tiny q's -log q = |s| + log(1 + e^-|s|).
  void add(const Scalar* q, const Scalar* a, std::size_t n) {
    for (std::size_t b = 0; b < n; b += 8) {
      const std::size_t m = std::min<std::size_t>(8, n - b);
      bool safe = true;  // false for a NaN too, which the product then carries into the loss
      for (std::size_t j = 0; j < m; ++j) safe &= q[b + j] >= Scalar(1e-30);
      if (safe) {
        double p = 1;
        for (std::size_t j = 0; j < m; ++j) p *= q[b + j];
        product_ *= p;
      } else {
        for (std::size_t j = 0; j < m; ++j)
          if (q[b + j] < Scalar(1e-30))
            exact_ += double(a[b + j]) + std::log1p(std::exp(-double(a[b + j])));
          else
            product_ *= q[b + j];
      }
      if (product_ < 1e-60) {  // times eight factors of 1e-30 stays above double's smallest normal
        exact_ -= std::log(product_);
        product_ = 1;
      }
    }
  }
  Scalar value() const { return static_cast<Scalar>(exact_ - std::log(product_)); }

 private:
  double product_ = 1, exact_ = 0;
};

// Prefetches rows [from, to) of `next` (clamped to its n), each line of each row.
__attribute__((always_inline)) inline void prefetch_rows(const RowPrefetch& next, std::size_t from, std::size_t to,
                                                         std::size_t hidden) {
  for (std::size_t r = from; r < std::min(to, next.n); ++r) row_ops::prefetch(next.rows[r], hidden);
}

// Room for n scalars: on the stack for the usual sizes, else on the heap.
class Scratch {
 public:
  explicit Scratch(std::size_t n) : heap_(n > kLocal ? n : 0) {}
  Scalar* get() { return heap_.empty() ? local_ : heap_.data(); }

 private:
  static constexpr std::size_t kLocal = 256;
  Scalar local_[kLocal];
  std::vector<Scalar> heap_;
};

// exp(x) for x <= 0, in a form the compiler vectorises (std::exp is a call per element): x = n ln 2
// + r with |r| <= ln 2 / 2, e^r by its Taylor polynomial to r^6 (error below 2e-7 relative, about
// one float ulp), times 2^n built in the exponent bits. Below -87 (e^x < 2^-126) it returns 0. The
// double build, which the gradient checker uses, keeps std::exp.
inline Scalar exp_nonpositive(Scalar x) {
#ifdef MINIDL_DOUBLE
  return std::exp(x);
#else
  // NaN (a diverged run) must come out NaN, so that the loss check sees it; -87 stands in for it
  // and for anything below while computing, so that the exponent bits stay in range.
  const bool nan = x != x, underflow = x < -87.0f;
  const float xc = x >= -87.0f ? x : -87.0f;
  const float n = std::floor(xc * 1.44269504f + 0.5f);
  const float r = (xc - n * 0.693145752f) - n * 1.42860677e-6f;  // ln 2 split so n * hi is exact
  float p = 1.0f / 720;
  p = p * r + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const std::uint32_t bits = static_cast<std::uint32_t>(static_cast<std::int32_t>(n) + 127) << 23;  // n in [-126, 0]
  float two_n;
  std::memcpy(&two_n, &bits, sizeof two_n);
  return nan ? x : underflow ? 0.0f : p * two_n;
#endif
}

// For n scores s (label 1 for every K-th from 0, else 0): g = sigmoid(s) - label (g may be s),
// adding each L to loss. e = exp(-|s|) gives sigmoid(s) = 1 / (1 + e) for s >= 0 and e / (1 + e)
// below without overflow, and q without cancellation. One vectorised pass as if every label were
// 0, then the positives put right.
inline void logistic_all(const Scalar* s, std::size_t n, std::size_t K, Scalar* g, LossProduct& loss) {
  Scratch scratch(2 * n);
  Scalar *q = scratch.get(), *a = q + n;
#pragma omp simd
  for (std::size_t j = 0; j < n; ++j) {
    const Scalar abs = std::abs(s[j]), e = exp_nonpositive(-abs);
    const Scalar big = 1 / (1 + e), small = e * big;  // sigmoid(|s|) and sigmoid(-|s|)
    const bool nonneg = s[j] >= 0;
    a[j] = abs;
    q[j] = nonneg ? small : big;  // 1 - sigmoid(s)
    g[j] = nonneg ? big : small;  // sigmoid(s)
  }
  for (std::size_t j = 0; j < n; j += K) {  // label 1: q = sigmoid(s), g = sigmoid(s) - 1
    q[j] = g[j];
    g[j] -= 1;
  }
  loss.add(q, a, n);
}

// Skip-gram's three products, two rows at a time (row_ops' dots2 / combine2 read each shared row
// once for the pair). S = X Y^T (C x K):
__attribute__((always_inline)) inline void products_scores(const Scalar* const* X, std::size_t C,
                                                           const Scalar* const* Y, std::size_t K, std::size_t H,
                                                           Scalar* S) {
  std::size_t c = 0;
  for (; c + 2 <= C; c += 2) row_ops::dot_rows2(X[c], X[c + 1], Y, K, H, S + c * K, S + (c + 1) * K);
  if (c < C) dot_rows(X[c], Y, K, H, S + c * K);
}

// out(c) (=, or += when add) sum_k G[c, k] Y[k] for c < C: G Y, or G's rows' steps added into X.
template <class Out>
__attribute__((always_inline)) inline void products_gy(const Scalar* G, std::size_t C, const Scalar* const* Y,
                                                       std::size_t K, std::size_t H, Out out, bool add) {
  std::size_t c = 0;
  for (; c + 2 <= C; c += 2) row_ops::combine_rows2(G + c * K, G + (c + 1) * K, 1, Y, K, H, out(c), out(c + 1), add);
  if (c < C) combine_rows(G + c * K, 1, Y, K, H, out(c), add);
}

// out + k H = sum_c G[c, k] X[c] for k < K: G^T X.
__attribute__((always_inline)) inline void products_gtx(const Scalar* G, std::size_t C, const Scalar* const* X,
                                                        std::size_t K, std::size_t H, Scalar* out) {
  std::size_t k = 0;
  for (; k + 2 <= K; k += 2) row_ops::combine_rows2(G + k, G + k + 1, K, X, C, H, out + k * H, out + (k + 1) * H, false);
  if (k < K) combine_rows(G + k, K, X, C, H, out + k * H, false);
}

// CBOW's forward and backward up to grad_h, shared by both CBOW kernels. Forced inline: a call
// would run the baseline (SSE) code from the AVX2 copies (measured: CBOW 0.37 -> 0.45 s/epoch).
// h = the mean of the context rows, g = sigmoid(scores) - labels (n_outputs scalars), grad_h =
// sum_k g_k W_out[outputs[k]], all from the rows as they are. Returns the loss.
__attribute__((always_inline)) inline Scalar cbow_core(const Scalar* const* context_rows, std::size_t n_contexts, const Scalar* const* output_rows,
                        std::size_t n_outputs, std::size_t hidden, Scalar* h, Scalar* grad_h, Scalar* g) {
  const Scalar inv = Scalar(1) / Scalar(n_contexts);
  combine_rows(&inv, 0, context_rows, n_contexts, hidden, h, false);  // h = sum_c (1/C) x_c

  dot_rows(h, output_rows, n_outputs, hidden, g);  // the scores, then g
  LossProduct loss;
  logistic_all(g, n_outputs, n_outputs, g, loss);
  combine_rows(g, 1, output_rows, n_outputs, hidden, grad_h, false);
  return loss.value();
}

}  // namespace

MINIDL_CLONES
Scalar cbow_example_gradient(const Scalar* const* context_rows, std::size_t n_contexts,
                             const Scalar* const* output_rows, std::size_t n_outputs, std::size_t hidden, Scalar* h,
                             Scalar* grad_h, Scalar* g, Scalar* grad_out) {
  const Scalar loss = cbow_core(context_rows, n_contexts, output_rows, n_outputs, hidden, h, grad_h, g);
  if (grad_out)
    for (std::size_t k = 0; k < n_outputs; ++k) combine_rows(g + k, 1, &h, 1, hidden, grad_out + k * hidden, false);
  return loss;
}

MINIDL_CLONES
Scalar shared_negative_gradient(const Scalar* const* context_rows, std::size_t n_contexts,
                                const Scalar* const* output_rows, std::size_t n_outputs, std::size_t hidden,
                                Scalar* G, Scalar* grad_in, Scalar* grad_out) {
  const std::size_t C = n_contexts, K = n_outputs;
  // The three small matrix products, each result written once: S = X Y^T and G = sigmoid(S) -
  // labels; grad_in = G Y; grad_out = G^T X. X's C rows and Y's K rows stay in the L1 cache
  // throughout (16 rows of 100 floats are 6 kB), so each is read from memory once per example.
  products_scores(context_rows, C, output_rows, K, hidden, G);
  LossProduct loss;
  logistic_all(G, C * K, K, G, loss);  // the scores become G in place
  products_gy(G, C, output_rows, K, hidden, [&](std::size_t c) { return grad_in + c * hidden; }, false);
  products_gtx(G, C, context_rows, K, hidden, grad_out);
  return loss.value();
}

MINIDL_CLONES
Scalar cbow_example_sgd(Scalar* const* context_rows, std::size_t n_contexts, Scalar* const* output_rows,
                        std::size_t n_outputs, std::size_t hidden, Scalar lr, Scalar* h, Scalar* grad_h) {
  // The gradient from the rows as they were, then the steps: exactly the gradient step even when a
  // negative repeats (word2vec's fused loop lets a repeat see the first one's step).
  Scratch g(n_outputs);
  const Scalar loss = cbow_core(context_rows, n_contexts, output_rows, n_outputs, hidden, h, grad_h, g.get());
  for (std::size_t k = 0; k < n_outputs; ++k) add_scaled(-lr * g.get()[k], h, output_rows[k], hidden);
  for (std::size_t c = 0; c < n_contexts; ++c) add_scaled(-lr, grad_h, context_rows[c], hidden);
  return loss;
}

MINIDL_CLONES
Scalar skipgram_example_sgd(Scalar* const* context_rows, std::size_t n_contexts, Scalar* const* output_rows,
                            std::size_t n_outputs, std::size_t hidden, Scalar lr, Scalar* G, Scalar* grad_out,
                            const RowPrefetch& next) {
  const std::size_t C = n_contexts, K = n_outputs;
  // The next example's rows (7 with 5 negatives: 49 lines) are asked for three, two, two and the rest
  // at a time between the products, rather than all before them, where the products waited behind
  // the prefetches: 4.8 % faster at a million words, 7.4 % on PTB (medians of five alternating runs,
  // docs/benchmarks.md).
  prefetch_rows(next, 0, 3, hidden);
  products_scores(context_rows, C, output_rows, K, hidden, G);
  prefetch_rows(next, 3, 5, hidden);
  LossProduct loss;
  logistic_all(G, C * K, K, G, loss);
  // grad_out from the context rows as they are; then each context row steps by -lr G Y straight
  // from the output rows, which have not moved yet; then the output rows step. One buffer of K
  // rows, where the gradient kernel writes C + K and the updates read them back.
  products_gtx(G, C, context_rows, K, hidden, grad_out);
  prefetch_rows(next, 5, 7, hidden);
  for (std::size_t i = 0; i < C * K; ++i) G[i] *= -lr;
  products_gy(G, C, output_rows, K, hidden, [&](std::size_t c) { return context_rows[c]; }, true);
  prefetch_rows(next, 7, next.n, hidden);
  for (std::size_t k = 0; k < K; ++k) add_scaled(-lr, grad_out + k * hidden, output_rows[k], hidden);
  return loss.value();
}

namespace {
std::vector<const Scalar*> rows_of(const Scalar* W, std::size_t hidden, const std::int32_t* ids, std::size_t n) {
  std::vector<const Scalar*> rows(n);
  for (std::size_t i = 0; i < n; ++i) rows[i] = W + std::size_t(ids[i]) * hidden;
  return rows;
}
}  // namespace

Scalar cbow_example_gradient(const Scalar* W_in, const Scalar* W_out, std::size_t hidden,
                             const std::int32_t* contexts, std::size_t n_contexts, const std::int32_t* outputs,
                             std::size_t n_outputs, Scalar* h, Scalar* grad_h, Scalar* g, Scalar* grad_out) {
  return cbow_example_gradient(rows_of(W_in, hidden, contexts, n_contexts).data(), n_contexts,
                               rows_of(W_out, hidden, outputs, n_outputs).data(), n_outputs, hidden, h, grad_h, g,
                               grad_out);
}

Scalar shared_negative_gradient(const Scalar* W_in, const Scalar* W_out, std::size_t hidden,
                                const std::int32_t* contexts, std::size_t n_contexts, const std::int32_t* outputs,
                                std::size_t n_outputs, Scalar* G, Scalar* grad_in, Scalar* grad_out) {
  return shared_negative_gradient(rows_of(W_in, hidden, contexts, n_contexts).data(), n_contexts,
                                  rows_of(W_out, hidden, outputs, n_outputs).data(), n_outputs, hidden, G, grad_in,
                                  grad_out);
}

}  // namespace minidl
