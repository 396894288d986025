#pragma once
// The Adam update of n weights (book common/optimizer.py), written once for every optimizer that
// uses it: Adam (dense, optim/adam), SparseAdam (row by row, optim/sparse_adam) and through it the
// fast trainer. a = 1 - beta1, b = 1 - beta2, lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t):
//   m <- m + a (g - m);   v <- v + b (g^2 - v);   w <- w - lr_t m / (sqrt(v) + eps)
// m and v are stored through flush_tiny (framework/optimizer.hpp): never subnormal. Inline, so
// that each caller's loop is vectorised where it is (and the fast trainer's AVX2 copy gets it).
// __restrict: the arrays are distinct, which spares GCC run-time overlap checks (of which it makes
// at most ten before it leaves a loop scalar: seen here, several times slower).
#include <cmath>
#include <cstddef>

#include <minidl/framework/optimizer.hpp>

namespace minidl {

inline void adam_rule(std::size_t n, Scalar* __restrict w, Scalar* __restrict m, Scalar* __restrict v,
                      const Scalar* __restrict g, Scalar a, Scalar b, Scalar lr_t, Scalar eps = Scalar(1e-7)) {
  for (std::size_t k = 0; k < n; ++k) {
    const Scalar m_k = m[k] + a * (g[k] - m[k]);
    const Scalar v_k = v[k] + b * (g[k] * g[k] - v[k]);
    m[k] = flush_tiny(m_k);
    v[k] = flush_tiny(v_k);
    w[k] -= lr_t * m[k] / (std::sqrt(v[k]) + eps);
  }
}

// The same with g = 0 (a row the gradient did not reach): the very floats adam_rule makes from zeros.
inline void adam_rule_no_grad(std::size_t n, Scalar* __restrict w, Scalar* __restrict m, Scalar* __restrict v,
                              Scalar a, Scalar b, Scalar lr_t, Scalar eps = Scalar(1e-7)) {
  for (std::size_t k = 0; k < n; ++k) {
    const Scalar m_k = m[k] + a * (Scalar(0) - m[k]);
    const Scalar v_k = v[k] + b * (Scalar(0) - v[k]);
    m[k] = flush_tiny(m_k);
    v[k] = flush_tiny(v_k);
    w[k] -= lr_t * m[k] / (std::sqrt(v[k]) + eps);
  }
}

}  // namespace minidl
