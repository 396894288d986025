#pragma once
// Softmax over the last axis (book ch. 1.3):
//   y_k = exp(x_k - max x) / sum_j exp(x_j - max x)
//   dx = y * (dy - sum(dy * y))      (the sum over the last axis)
#include <minidl/framework/function.hpp>

namespace minidl {

class Softmax : public Function {
 public:
  std::string name() const override { return "Softmax"; }
  Tensors forward(const Inputs& xs) override;
  Tensors backward(const Tensors& dy) override;

 private:
  Tensor y_;
};

Variable softmax(const Variable& x);

// Row-wise softmax of a tensor, in place over its last axis: shared with SoftmaxWithLoss.
void softmax_rows(Tensor& x);

}  // namespace minidl
