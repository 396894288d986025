#include <minidl/framework/ops/matmul.hpp>

#include <stdexcept>

#include <minidl/framework/blas.hpp>

namespace minidl {

Tensors MatMul::forward(const Inputs& xs) {
  const Tensor& x = xs[0];
  const Tensor& W = xs[1];
  const std::size_t xd = x.dimension(), wd = W.dimension();
  const bool ok_rank = (xd == 2 && wd == 2) || (xd == 3 && (wd == 2 || wd == 3));
  if (!ok_rank)
    throw std::invalid_argument("MatMul: x of shape " + shape_str(x.shape()) + " and W of shape " +
                                shape_str(W.shape()) + ": want 2-D by 2-D, or 3-D by 2-D or 3-D (batched)");
  if (x.shape()[xd - 1] != W.shape()[wd - 2])
    throw std::invalid_argument("MatMul: x of shape " + shape_str(x.shape()) + " and W of shape " +
                                shape_str(W.shape()) + " do not align (x's columns must equal W's rows)");
  w_batched_ = wd == 3;
  if (w_batched_ && W.shape()[0] != x.shape()[0])
    throw std::invalid_argument("MatMul: x of shape " + shape_str(x.shape()) + " and W of shape " +
                                shape_str(W.shape()) + " have different batch sizes");
  // x:(B,N,D) with a shared W is one (B*N, D) product.
  batch_ = w_batched_ ? x.shape()[0] : 1;
  m_ = xd == 2 ? x.shape()[0] : (w_batched_ ? x.shape()[1] : x.shape()[0] * x.shape()[1]);
  k_ = x.shape()[xd - 1];
  n_ = W.shape()[wd - 1];
  Shape out = shape_of(x);
  out.back() = n_;
  Tensor y = Tensor::from_shape(out);
  for (std::size_t b = 0; b < batch_; ++b)
    gemm(false, false, m_, n_, k_, 1, x.data() + b * m_ * k_, W.data() + (w_batched_ ? b * k_ * n_ : 0), 0,
         y.data() + b * m_ * n_);
  return outputs(std::move(y));
}

Tensors MatMul::backward(const Tensors& dy) {
  const Tensor& x = input(0);
  const Tensor& W = input(1);
  const Scalar* g = dy[0].data();
  Tensor dx, dW;
  if (needs_grad(0)) {
    dx = Tensor::from_shape(x.shape());
    for (std::size_t b = 0; b < batch_; ++b)  // dx = dy W^T
      gemm(false, true, m_, k_, n_, 1, g + b * m_ * n_, W.data() + (w_batched_ ? b * k_ * n_ : 0), 0,
           dx.data() + b * m_ * k_);
  }
  if (needs_grad(1)) {
    dW = Tensor::from_shape(W.shape());
    for (std::size_t b = 0; b < batch_; ++b)  // dW = x^T dy
      gemm(true, false, k_, n_, m_, 1, x.data() + b * m_ * k_, g + b * m_ * n_, 0, dW.data() + b * k_ * n_);
  }
  return outputs(std::move(dx), std::move(dW));
}

Variable matmul(const Variable& x, const Variable& W) { return call<MatMul>({x, W}); }

}  // namespace minidl
