#include <minidl/layers/matmul.hpp>

#include <minidl/framework/blas.hpp>
#include <minidl/layers/checks.hpp>

namespace minidl {

Tensors MatMul::forward(const Inputs& xs) {
  const Tensor& x = xs[0];
  const Tensor& W = xs[1];
  checks::ndim(name(), "x", x, 2);
  checks::ndim(name(), "W", W, 2);
  if (x.shape()[1] != W.shape()[0])
    throw std::invalid_argument("MatMul: x of shape " + shape_str(x.shape()) + " and W of shape " +
                                shape_str(W.shape()) + " do not align (x's columns must equal W's rows)");
  return outputs(dot(x, W));
}

Tensors MatMul::backward(const Tensors& dy) {
  const Tensor& x = input(0);
  const Tensor& W = input(1);
  Tensor dx, dW;
  if (needs_grad(0)) dx = dot(dy[0], W, false, true);
  if (needs_grad(1)) dW = dot(x, dy[0], true, false);
  return outputs(std::move(dx), std::move(dW));
}

Variable matmul(const Variable& x, const Variable& W) { return call<MatMul>({x, W}); }

}  // namespace minidl
