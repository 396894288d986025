#pragma once
// RMSprop (book common/optimizer.py):
//   h <- decay * h + (1 - decay) * dW * dW;   W <- W - lr * dW / (sqrt(h) + 1e-7)
#include <minidl/framework/optimizer.hpp>

namespace minidl {

class RMSprop : public Optimizer {
 public:
  explicit RMSprop(Parameters params, Scalar lr = Scalar(0.01), Scalar decay_rate = Scalar(0.99))
      : Optimizer(std::move(params)), lr_(lr), decay_rate_(decay_rate) {}

 protected:
  void update(std::size_t i, Tensor& param, const Tensor& grad) override;

 private:
  Scalar lr_;
  Scalar decay_rate_;
};

}  // namespace minidl
