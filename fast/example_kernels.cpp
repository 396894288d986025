#include "fast/example_kernels.hpp"

#include <algorithm>
#include <cmath>

#include "fast/clones.hpp"

namespace minidl {
namespace {

// Inlined into each copy of the kernels, so they are vectorised for that copy's instruction set.
// `omp simd reduction` lets the compiler keep several partial sums (-fopenmp-simd, no OpenMP
// runtime): the order of the additions is fixed by the build, so results are reproducible.
inline Scalar dot(const Scalar* a, const Scalar* b, std::size_t n) {
  Scalar s = 0;
#pragma omp simd reduction(+ : s)
  for (std::size_t i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

inline void add_scaled(Scalar alpha, const Scalar* x, Scalar* y, std::size_t n) {
#pragma omp simd
  for (std::size_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

inline void set_scaled(Scalar alpha, const Scalar* x, Scalar* y, std::size_t n) {
#pragma omp simd
  for (std::size_t i = 0; i < n; ++i) y[i] = alpha * x[i];
}

// The loss of an example, -sum log q over its scores (q = sigmoid(s) for label 1, 1 - sigmoid(s) for
// label 0), kept as a product of the q's with one log at the end: a log per score cost more than
// the rest of Skip-gram's example together. The product is in double and folded into the sum
// before it could underflow; a q too small to multiply safely (|s| > 69, training diverging) is
// added exactly instead.
class LossProduct {
 public:
  void add(Scalar s, bool positive, double e, double q) {
    if (q < 1e-30) {
      exact_ += std::max(positive ? -double(s) : double(s), 0.0) + std::log1p(e);
      return;
    }
    product_ *= q;
    if (product_ < 1e-250) {
      exact_ -= std::log(product_);
      product_ = 1;
    }
  }
  Scalar value() const { return static_cast<Scalar>(exact_ - std::log(product_)); }

 private:
  double product_ = 1, exact_ = 0;
};

// dL/ds = sigmoid(s) - label. e = exp(-|s|) gives sigmoid(s) = 1 / (1 + e) for s >= 0 and
// e / (1 + e) below without overflow, and q without cancellation.
inline Scalar logistic(Scalar s, bool positive, LossProduct& loss) {
  const Scalar e = std::exp(-std::abs(s));
  const Scalar big = 1 / (1 + e), small = e / (1 + e);  // sigmoid(|s|) and sigmoid(-|s|)
  const bool nonneg = s >= 0;
  loss.add(s, positive, e, positive == nonneg ? big : small);
  return (nonneg ? big : small) - (positive ? 1 : 0);
}

}  // namespace

MINIDL_CLONES
Scalar cbow_example_gradient(const Scalar* W_in, const Scalar* W_out, std::size_t hidden,
                             const std::int32_t* contexts, std::size_t n_contexts, const std::int32_t* outputs,
                             std::size_t n_outputs, Scalar* h, Scalar* grad_h, Scalar* g, Scalar* grad_out) {
  std::fill(h, h + hidden, Scalar(0));
  for (std::size_t c = 0; c < n_contexts; ++c) add_scaled(1, W_in + std::size_t(contexts[c]) * hidden, h, hidden);
  const Scalar inv = Scalar(1) / Scalar(n_contexts);
#pragma omp simd
  for (std::size_t i = 0; i < hidden; ++i) h[i] *= inv;

  LossProduct loss;
  for (std::size_t k = 0; k < n_outputs; ++k)
    g[k] = logistic(dot(W_out + std::size_t(outputs[k]) * hidden, h, hidden), k == 0, loss);
  // grad_h = g . W_out[outputs], one pass writing grad_h once (not one read-add-write per output).
  std::fill(grad_h, grad_h + hidden, Scalar(0));
  for (std::size_t k = 0; k < n_outputs; ++k) add_scaled(g[k], W_out + std::size_t(outputs[k]) * hidden, grad_h, hidden);
  if (grad_out)
    for (std::size_t k = 0; k < n_outputs; ++k) set_scaled(g[k], h, grad_out + k * hidden, hidden);
  return loss.value();
}

MINIDL_CLONES
Scalar shared_negative_gradient(const Scalar* W_in, const Scalar* W_out, std::size_t hidden,
                                const std::int32_t* contexts, std::size_t n_contexts, const std::int32_t* outputs,
                                std::size_t n_outputs, Scalar* G, Scalar* grad_in, Scalar* grad_out) {
  const std::size_t C = n_contexts, K = n_outputs;
  // The three small matrix products, each writing its result once: scores S = X Y^T and
  // G = sigmoid(S) - labels; grad_in = G Y; grad_out = G^T X. X's C rows and Y's K rows stay in the
  // L1 cache throughout (16 rows of 100 floats are 6 kB).
  LossProduct loss;
  for (std::size_t c = 0; c < C; ++c) {
    const Scalar* x = W_in + std::size_t(contexts[c]) * hidden;
    for (std::size_t k = 0; k < K; ++k)
      G[c * K + k] = logistic(dot(x, W_out + std::size_t(outputs[k]) * hidden, hidden), k == 0, loss);
  }
  for (std::size_t c = 0; c < C; ++c) {
    Scalar* gx = grad_in + c * hidden;
    set_scaled(G[c * K], W_out + std::size_t(outputs[0]) * hidden, gx, hidden);
    for (std::size_t k = 1; k < K; ++k) add_scaled(G[c * K + k], W_out + std::size_t(outputs[k]) * hidden, gx, hidden);
  }
  for (std::size_t k = 0; k < K; ++k) {
    Scalar* gy = grad_out + k * hidden;
    set_scaled(G[k], W_in + std::size_t(contexts[0]) * hidden, gy, hidden);
    for (std::size_t c = 1; c < C; ++c) add_scaled(G[c * K + k], W_in + std::size_t(contexts[c]) * hidden, gy, hidden);
  }
  return loss.value();
}

MINIDL_CLONES
void axpy(Scalar alpha, const Scalar* x, Scalar* y, std::size_t n) { add_scaled(alpha, x, y, n); }

}  // namespace minidl
