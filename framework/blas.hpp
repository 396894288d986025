#pragma once
// Matrix products through OpenBLAS. The raw cblas calls live in blas.cpp only: <cblas.h> clashes
// with xtensor-blas's headers, and one place is easier to profile.
#include <minidl/framework/tensor.hpp>

namespace minidl {

// The book's np.dot for 2-D arrays: op(a) op(b), op transposing when asked.
Tensor dot(const Tensor& a, const Tensor& b, bool trans_a = false, bool trans_b = false);

// c = alpha op(a) op(b) + beta c, in place; beta = 1 adds into an existing gradient.
void gemm(bool trans_a, bool trans_b, Scalar alpha, const Tensor& a, const Tensor& b, Scalar beta,
          Tensor& c);

// The same on raw row-major blocks, op(a) m x k, op(b) k x n and c m x n, each stored densely:
// the slices of a batched matmul.
void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, Scalar alpha, const Scalar* a,
          const Scalar* b, Scalar beta, Scalar* c);

// The thread count for the matrix products (OpenBLAS's) and for the element-wise loops
// (framework/parallel.hpp: the optimizers' updates), set together because every program's
// --threads means both; 1 suits small matrices best.
void set_blas_threads(int n);

}  // namespace minidl
