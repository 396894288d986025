#pragma once
// MatMul (book ch. 1.3, used from ch. 3.1.3; DeZero's matmul), 2-D or batched 3-D:
//   y = x W            x:(N,D)    W:(D,H)    -> y:(N,H)
//   y[b] = x[b] W[b]   x:(B,N,D)  W:(B,D,H)  -> y:(B,N,H)    (W:(D,H) is shared by every b)
//   dx = dy W^T        dW = x^T dy            (per b; a shared W sums over b)
#include <minidl/framework/function.hpp>

namespace minidl {

class MatMul : public Function {
 public:
  std::string name() const override { return "MatMul"; }
  Tensors forward(const Inputs& xs) override;    // xs = {x, W}
  Tensors backward(const Tensors& dy) override;  // -> {dx, dW}

 private:
  // The product as `batch` products of (m, k) by (k, n); W is one matrix for all when !w_batched.
  std::size_t batch_ = 1, m_ = 0, k_ = 0, n_ = 0;
  bool w_batched_ = false;
};

Variable matmul(const Variable& x, const Variable& W);

}  // namespace minidl
