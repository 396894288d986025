#pragma once
// Adam (book common/optimizer.py), with the bias correction folded into the learning rate:
//   t <- t + 1;   lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
//   m <- m + (1 - beta1) (dW - m);   v <- v + (1 - beta2) (dW^2 - v)
//   W <- W - lr_t * m / (sqrt(v) + 1e-7)
#include <minidl/framework/optimizer.hpp>

namespace minidl {

class Adam : public Optimizer {
 public:
  explicit Adam(Parameters params, Scalar lr = Scalar(0.001), Scalar beta1 = Scalar(0.9), Scalar beta2 = Scalar(0.999))
      : Optimizer(std::move(params)), lr_(lr), beta1_(beta1), beta2_(beta2) {}

  long iterations() const { return static_cast<long>(state_scalar("t")); }

 protected:
  void begin_step() override;
  void update(std::size_t i, Tensor& param, const Tensor& grad) override;
  void update_rows(std::size_t i, Tensor& param, const RowSparse& grad) override;

 private:
  Scalar lr_, beta1_, beta2_;
  Scalar lr_t_ = 0;
};

}  // namespace minidl
