#pragma once
// MatMul (book ch. 1.3, used from ch. 3.1.3):
//   y = x W            x:(N,D)  W:(D,H) -> y:(N,H)
//   dx = dy W^T        dW = x^T dy
#include <minidl/framework/function.hpp>

namespace minidl {

class MatMul : public Function {
 public:
  std::string name() const override { return "MatMul"; }
  Tensors forward(const Inputs& xs) override;    // xs = {x, W}
  Tensors backward(const Tensors& dy) override;  // -> {dx, dW}
};

Variable matmul(const Variable& x, const Variable& W);

}  // namespace minidl
