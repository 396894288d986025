#pragma once
// Truncated SVD for the count-based word vectors (ch. 2.4.3-2.4.4). The book reduces PPMI with
// np.linalg.svd on the toy matrix and with sklearn's randomized_svd on PTB:
//   U, S, V = randomized_svd(W, n_components=wordvec_size, n_iter=5, random_state=None)
//   word_vecs = U[:, :wordvec_size]
// so word vectors here are U (not U S), which makes the comparison like the book's.
//
// randomized_svd (Halko, Martinsson & Tropp 2011, Algorithms 4.4 and 5.1), A:(m,n), l = k + p:
//   Omega ~ N(0, 1)  (n, l)                       p = oversamples (10) extra directions
//   Q = qr(A Omega); repeat q times: Q = qr(A^T Q), Q = qr(A Q)   (power iterations: the
//       spectrum is raised to the power 2q+1, so directions beyond k fade quickly)
//   B = Q^T A  (l, n);  B = Uh S Vt (exact, LAPACK gesdd);  U = Q Uh;  keep the first k.
// Every product is a BLAS gemm (framework/blas); QR is LAPACK geqrf + orgqr. Cost for PTB
// (10,000 x 10,000, k = 100): 2q + 3 products of (m x n) by (n x 110), about 11 GFLOP each.
#include <cstdint>

#include <minidl/framework/tensor.hpp>

namespace minidl {

class Rng;

struct SvdResult {
  Tensor U;   // (m, k), orthonormal columns
  Tensor S;   // (k,), descending
  Tensor Vt;  // (k, n)
};

// Throws std::invalid_argument for a non-2-D A or k outside [1, min(m, n)]; std::runtime_error if
// LAPACK reports a failure.
SvdResult randomized_svd(const Tensor& A, std::size_t k, Rng& rng, std::size_t n_iter = 5,
                         std::size_t oversamples = 10);

// The exact thin SVD (LAPACK gesdd): U (m, r), S (r,), Vt (r, n), r = min(m, n). For small
// matrices, for checking randomized_svd, and for PCA.
SvdResult exact_svd(const Tensor& A);

// Q with orthonormal columns spanning the columns of Y (m, l), m >= l: LAPACK geqrf + orgqr.
Tensor orthonormal_basis(const Tensor& Y);

}  // namespace minidl
