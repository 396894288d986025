#include <minidl/word2vec/count/truncated_svd.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include <minidl/framework/blas.hpp>
#include <minidl/framework/random.hpp>

// LAPACK's Fortran entry points, which OpenBLAS exports (no LAPACKE header is installed here).
// Character arguments carry a hidden length after the others, as gfortran passes them.
extern "C" {
void sgeqrf_(const int* m, const int* n, float* a, const int* lda, float* tau, float* work, const int* lwork,
             int* info);
void dgeqrf_(const int* m, const int* n, double* a, const int* lda, double* tau, double* work, const int* lwork,
             int* info);
void sorgqr_(const int* m, const int* n, const int* k, float* a, const int* lda, const float* tau, float* work,
             const int* lwork, int* info);
void dorgqr_(const int* m, const int* n, const int* k, double* a, const int* lda, const double* tau, double* work,
             const int* lwork, int* info);
void sgesdd_(const char* jobz, const int* m, const int* n, float* a, const int* lda, float* s, float* u,
             const int* ldu, float* vt, const int* ldvt, float* work, const int* lwork, int* iwork, int* info,
             std::size_t jobz_len);
void dgesdd_(const char* jobz, const int* m, const int* n, double* a, const int* lda, double* s, double* u,
             const int* ldu, double* vt, const int* ldvt, double* work, const int* lwork, int* iwork, int* info,
             std::size_t jobz_len);
}

namespace minidl {
namespace {

// One name per routine whatever Scalar is.
inline void geqrf(int m, int n, float* a, int lda, float* tau, float* work, int lwork, int* info) {
  sgeqrf_(&m, &n, a, &lda, tau, work, &lwork, info);
}
inline void geqrf(int m, int n, double* a, int lda, double* tau, double* work, int lwork, int* info) {
  dgeqrf_(&m, &n, a, &lda, tau, work, &lwork, info);
}
inline void orgqr(int m, int n, int k, float* a, int lda, const float* tau, float* work, int lwork, int* info) {
  sorgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, info);
}
inline void orgqr(int m, int n, int k, double* a, int lda, const double* tau, double* work, int lwork, int* info) {
  dorgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, info);
}
inline void gesdd(int m, int n, float* a, int lda, float* s, float* u, int ldu, float* vt, int ldvt, float* work,
           int lwork, int* iwork, int* info) {
  sgesdd_("S", &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, info, 1);
}
inline void gesdd(int m, int n, double* a, int lda, double* s, double* u, int ldu, double* vt, int ldvt, double* work,
           int lwork, int* iwork, int* info) {
  dgesdd_("S", &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, info, 1);
}

void check_info(int info, const char* routine) {
  if (info != 0)
    throw std::runtime_error(std::string("LAPACK ") + routine + " failed (info = " + std::to_string(info) + ")");
}

// Row-major (m, n) <-> column-major buffer: LAPACK is column-major, Tensors are row-major.
std::vector<Scalar> to_column_major(const Tensor& a) {
  const std::size_t m = a.shape()[0], n = a.shape()[1];
  std::vector<Scalar> out(m * n);
  const Scalar* d = a.data();
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) out[j * m + i] = d[i * n + j];
  return out;
}

Tensor from_column_major(const Scalar* d, std::size_t m, std::size_t n, std::size_t ld) {
  Tensor out = Tensor::from_shape({m, n});
  Scalar* o = out.data();
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) o[i * n + j] = d[j * ld + i];
  return out;
}

void check_matrix(const Tensor& a, const char* who) {
  if (a.dimension() != 2 || a.shape()[0] == 0 || a.shape()[1] == 0)
    throw std::invalid_argument(std::string(who) + ": expected a non-empty 2-D matrix, got shape " +
                                shape_str(a.shape()));
}

}  // namespace

Tensor orthonormal_basis(const Tensor& Y) {
  check_matrix(Y, "orthonormal_basis");
  const int m = static_cast<int>(Y.shape()[0]), n = static_cast<int>(Y.shape()[1]);
  if (m < n)
    throw std::invalid_argument("orthonormal_basis: needs at least as many rows as columns, got shape " +
                                shape_str(Y.shape()));
  std::vector<Scalar> a = to_column_major(Y), tau(static_cast<std::size_t>(n));
  int info = 0;
  Scalar query = 0;
  geqrf(m, n, a.data(), m, tau.data(), &query, -1, &info);  // workspace query
  check_info(info, "geqrf");
  std::vector<Scalar> work(static_cast<std::size_t>(query) + 1);
  geqrf(m, n, a.data(), m, tau.data(), work.data(), static_cast<int>(work.size()), &info);
  check_info(info, "geqrf");
  orgqr(m, n, n, a.data(), m, tau.data(), &query, -1, &info);
  check_info(info, "orgqr");
  work.resize(std::max(work.size(), static_cast<std::size_t>(query) + 1));
  orgqr(m, n, n, a.data(), m, tau.data(), work.data(), static_cast<int>(work.size()), &info);
  check_info(info, "orgqr");
  return from_column_major(a.data(), static_cast<std::size_t>(m), static_cast<std::size_t>(n),
                           static_cast<std::size_t>(m));
}

SvdResult exact_svd(const Tensor& A) {
  check_matrix(A, "exact_svd");
  const int m = static_cast<int>(A.shape()[0]), n = static_cast<int>(A.shape()[1]);
  const int r = std::min(m, n);
  std::vector<Scalar> a = to_column_major(A), s(static_cast<std::size_t>(r));
  std::vector<Scalar> u(static_cast<std::size_t>(m) * r), vt(static_cast<std::size_t>(r) * n);
  std::vector<int> iwork(8 * static_cast<std::size_t>(r));
  int info = 0;
  Scalar query = 0;
  gesdd(m, n, a.data(), m, s.data(), u.data(), m, vt.data(), r, &query, -1, iwork.data(), &info);
  check_info(info, "gesdd");
  std::vector<Scalar> work(static_cast<std::size_t>(query) + 1);
  gesdd(m, n, a.data(), m, s.data(), u.data(), m, vt.data(), r, work.data(), static_cast<int>(work.size()),
        iwork.data(), &info);
  check_info(info, "gesdd");
  SvdResult out;
  out.U = from_column_major(u.data(), static_cast<std::size_t>(m), static_cast<std::size_t>(r),
                            static_cast<std::size_t>(m));
  out.Vt = from_column_major(vt.data(), static_cast<std::size_t>(r), static_cast<std::size_t>(n),
                             static_cast<std::size_t>(r));
  out.S = Tensor::from_shape({static_cast<std::size_t>(r)});
  std::copy(s.begin(), s.end(), out.S.begin());
  return out;
}

SvdResult randomized_svd(const Tensor& A, std::size_t k, Rng& rng, std::size_t n_iter, std::size_t oversamples) {
  check_matrix(A, "randomized_svd");
  const std::size_t m = A.shape()[0], n = A.shape()[1];
  if (k == 0 || k > std::min(m, n))
    throw std::invalid_argument("randomized_svd: k = " + std::to_string(k) + " must be in [1, " +
                                std::to_string(std::min(m, n)) + "] for a matrix of shape " + shape_str(A.shape()));
  const std::size_t l = std::min(k + oversamples, std::min(m, n));
  const Tensor omega = randn({n, l}, rng);
  Tensor Y, Z;
  gemm(false, false, 1, A, omega, 0, Y);  // (m, l)
  Tensor Q = orthonormal_basis(Y);
  // Re-orthonormalising after every product keeps the small singular directions from drowning
  // in rounding (in float especially): Halko et al.'s Algorithm 4.4.
  for (std::size_t it = 0; it < n_iter; ++it) {
    gemm(true, false, 1, A, Q, 0, Z);  // (n, l)
    const Tensor W = orthonormal_basis(Z);
    gemm(false, false, 1, A, W, 0, Y);
    Q = orthonormal_basis(Y);
  }
  Tensor B;
  gemm(true, false, 1, Q, A, 0, B);  // (l, n)
  const SvdResult small = exact_svd(B);
  SvdResult out;
  Tensor Uh = xt::view(small.U, xt::all(), xt::range(0, k));  // (l, k)
  gemm(false, false, 1, Q, Uh, 0, out.U);
  out.S = xt::view(small.S, xt::range(0, k));
  out.Vt = xt::view(small.Vt, xt::range(0, k), xt::all());
  return out;
}

}  // namespace minidl
