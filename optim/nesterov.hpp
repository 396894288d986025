#pragma once
// Nesterov's accelerated gradient, in the book's form (common/optimizer.py):
//   v <- momentum * v - lr * dW;   W <- W + momentum^2 * v - (1 + momentum) * lr * dW
// (the v here is the book's after its update; it is the same rule written once)
#include <minidl/framework/optimizer.hpp>

namespace minidl {

class Nesterov : public Optimizer {
 public:
  explicit Nesterov(Parameters params, Scalar lr = Scalar(0.01), Scalar momentum = Scalar(0.9))
      : Optimizer(std::move(params)), lr_(lr), momentum_(momentum) {}

 protected:
  void update(std::size_t i, Tensor& param, const Tensor& grad) override;

 private:
  Scalar lr_;
  Scalar momentum_;
};

}  // namespace minidl
