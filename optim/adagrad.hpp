#pragma once
// AdaGrad (book vol. 1, ch. 6.1.5):
//   h <- h + dW * dW;   W <- W - lr * dW / (sqrt(h) + 1e-7)
#include <minidl/framework/optimizer.hpp>

namespace minidl {

class AdaGrad : public Optimizer {
 public:
  explicit AdaGrad(Parameters params, Scalar lr = Scalar(0.01))
      : Optimizer(std::move(params)), lr_(lr) {}

 protected:
  void update(std::size_t i, Tensor& param, const Tensor& grad) override;

 private:
  Scalar lr_;
};

}  // namespace minidl
