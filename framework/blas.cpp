#include <minidl/framework/blas.hpp>

#include <stdexcept>

#include <cblas.h>

#include <minidl/framework/parallel.hpp>

namespace minidl {
namespace {

struct Dims {
  std::size_t rows, cols;
};

Dims op_dims(const Tensor& m, bool trans, const char* what) {
  if (m.dimension() != 2)
    throw std::invalid_argument(std::string("dot: ") + what + " must be 2-D, got shape " +
                                shape_str(m.shape()));
  return trans ? Dims{m.shape()[1], m.shape()[0]} : Dims{m.shape()[0], m.shape()[1]};
}

}  // namespace

void gemm(bool trans_a, bool trans_b, Scalar alpha, const Tensor& a, const Tensor& b, Scalar beta,
          Tensor& c) {
  const Dims da = op_dims(a, trans_a, "the left operand");
  const Dims db = op_dims(b, trans_b, "the right operand");
  if (da.cols != db.rows)
    throw std::invalid_argument("dot: shapes " + shape_str(a.shape()) + (trans_a ? "^T" : "") +
                                " and " + shape_str(b.shape()) + (trans_b ? "^T" : "") +
                                " do not align");
  const std::size_t want[] = {da.rows, db.cols};
  if (c.dimension() != 2 || c.shape()[0] != da.rows || c.shape()[1] != db.cols) {
    if (beta != 0)
      throw std::invalid_argument("gemm: output has shape " + shape_str(c.shape()) + ", expected " +
                                  shape_str(want));
    c.resize({da.rows, db.cols});
  }
  // a's and b's rows are contiguous, so their leading dimensions are what the raw form assumes.
  gemm(trans_a, trans_b, da.rows, db.cols, da.cols, alpha, a.data(), b.data(), beta, c.data());
}

void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, Scalar alpha, const Scalar* a,
          const Scalar* b, Scalar beta, Scalar* c) {
  if (m == 0 || n == 0) return;
  if (k == 0) {  // BLAS leaves C alone for k = 0 only when beta = 1; be explicit
    for (std::size_t i = 0; i < m * n; ++i) c[i] = beta == 0 ? Scalar(0) : beta * c[i];
    return;
  }
  const auto ta = trans_a ? CblasTrans : CblasNoTrans;
  const auto tb = trans_b ? CblasTrans : CblasNoTrans;
  const auto lda = static_cast<int>(trans_a ? m : k), ldb = static_cast<int>(trans_b ? k : n);
  const auto M = static_cast<int>(m), N = static_cast<int>(n), K = static_cast<int>(k);
#ifdef MINIDL_DOUBLE
  cblas_dgemm(CblasRowMajor, ta, tb, M, N, K, alpha, a, lda, b, ldb, beta, c, N);
#else
  cblas_sgemm(CblasRowMajor, ta, tb, M, N, K, alpha, a, lda, b, ldb, beta, c, N);
#endif
}

void set_blas_threads(int n) {
  openblas_set_num_threads(n < 1 ? 1 : n);
  set_num_threads(n);
}

Tensor dot(const Tensor& a, const Tensor& b, bool trans_a, bool trans_b) {
  Tensor c;
  gemm(trans_a, trans_b, 1, a, b, 0, c);
  return c;
}

}  // namespace minidl
