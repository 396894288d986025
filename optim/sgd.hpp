#pragma once
// Stochastic gradient descent (book ch. 1.4, 6 in vol. 1):
//   W <- W - lr * dW
#include <minidl/framework/optimizer.hpp>

namespace minidl {

class SGD : public Optimizer {
 public:
  explicit SGD(Parameters params, Scalar lr = Scalar(0.01))
      : Optimizer(std::move(params)), lr_(lr) {}

 protected:
  void update(std::size_t i, Tensor& param, const Tensor& grad) override;
  void update_rows(std::size_t i, Tensor& param, const RowSparse& grad) override;

 private:
  Scalar lr_;
};

}  // namespace minidl
