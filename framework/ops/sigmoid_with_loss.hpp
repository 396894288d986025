#pragma once
// SigmoidWithLoss (book ch. 4.2.3): sigmoid, then the binary cross-entropy, averaged over the N
// scores. With labels t in {0, 1}:
//   loss = 1/N sum_n [t_n softplus(-x_n) + (1 - t_n) softplus(x_n)]   (= -log y or -log(1-y),
//          computed without forming log(0), so a confident wrong score costs |x|, never inf)
//   dx = (y - t) * dloss / N
// DeZero calls the same operation sigmoid_cross_entropy: both names below.
#include <minidl/framework/function.hpp>

namespace minidl {

class SigmoidWithLoss : public Function {
 public:
  explicit SigmoidWithLoss(Ids labels) : t_(std::move(labels)) {}

  std::string name() const override { return "SigmoidWithLoss"; }
  Tensors forward(const Inputs& xs) override;    // xs = {score, any shape} -> loss, shape ()
  Tensors backward(const Tensors& dy) override;  // -> {dscore}

 private:
  Ids t_;
  Tensor y_;
};

Variable sigmoid_with_loss(const Variable& score, const Ids& labels);
inline Variable sigmoid_cross_entropy(const Variable& score, const Ids& labels) {
  return sigmoid_with_loss(score, labels);
}

}  // namespace minidl
