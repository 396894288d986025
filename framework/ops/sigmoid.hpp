#pragma once
// Sigmoid (book ch. 1.2, 4.2.3):
//   y = 1 / (1 + exp(-x))
//   dx = dy * y * (1 - y)
#include <minidl/framework/function.hpp>

namespace minidl {

class Sigmoid : public Function {
 public:
  std::string name() const override { return "Sigmoid"; }
  Tensors forward(const Inputs& xs) override;
  Tensors backward(const Tensors& dy) override;

 private:
  Tensor y_;
};

Variable sigmoid(const Variable& x);

// Overflow-free sigmoid of one value (exp of a positive argument never computed).
Scalar sigmoid_of(Scalar x);

}  // namespace minidl
