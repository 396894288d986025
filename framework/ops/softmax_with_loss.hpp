#pragma once
// SoftmaxWithLoss (book ch. 1.3): softmax over classes, then the mean cross-entropy.
//   loss = -1/N sum_n log y[n, t_n]     computed as logsumexp(x_n) - x[n, t_n]: exact, finite for
//                                       scores of 1000, and never log(0)
//   dx = (y - onehot(t)) * dloss / N
// The labels t are class ids (N,), or one-hot rows (N,C) as the book also accepts.
// DeZero calls the same operation softmax_cross_entropy: both names below.
#include <minidl/framework/function.hpp>

namespace minidl {

class SoftmaxWithLoss : public Function {
 public:
  explicit SoftmaxWithLoss(Ids labels) : t_(std::move(labels)) {}
  explicit SoftmaxWithLoss(const Tensor& one_hot);

  std::string name() const override { return "SoftmaxWithLoss"; }
  Tensors forward(const Inputs& xs) override;    // xs = {score (N,C)} -> loss, shape ()
  Tensors backward(const Tensors& dy) override;  // -> {dscore}

  const Tensor& probabilities() const { return y_; }

 private:
  Ids t_;
  std::size_t one_hot_width_ = 0;  // classes of a one-hot target, checked against the scores
  Tensor y_;
};

Variable softmax_with_loss(const Variable& score, const Ids& labels);
Variable softmax_with_loss(const Variable& score, const Tensor& one_hot);
inline Variable softmax_cross_entropy(const Variable& score, const Ids& labels) {
  return softmax_with_loss(score, labels);
}

// One-hot rows (N,C) -> labels (N,); throws unless every row is exactly one 1 among 0s.
Ids labels_from_one_hot(const Tensor& one_hot, const std::string& layer);

}  // namespace minidl
