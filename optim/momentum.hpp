#pragma once
// Momentum (book vol. 1, ch. 6.1.4):
//   v <- momentum * v - lr * dW;   W <- W + v
#include <minidl/framework/optimizer.hpp>

namespace minidl {

class Momentum : public Optimizer {
 public:
  explicit Momentum(Parameters params, Scalar lr = Scalar(0.01), Scalar momentum = Scalar(0.9))
      : Optimizer(std::move(params)), lr_(lr), momentum_(momentum) {}

 protected:
  void update(std::size_t i, Tensor& param, const Tensor& grad) override;

 private:
  Scalar lr_;
  Scalar momentum_;
};

}  // namespace minidl
