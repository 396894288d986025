#include <minidl/framework/ops/softmax_with_loss.hpp>

#include <algorithm>
#include <cmath>

#include <minidl/framework/checks.hpp>
#include <minidl/framework/ops/softmax.hpp>

namespace minidl {

Ids labels_from_one_hot(const Tensor& one_hot, const std::string& layer) {
  checks::ndim(layer, "one-hot target", one_hot, 2);
  const std::size_t rows = one_hot.shape()[0], cols = one_hot.shape()[1];
  Ids t = Ids::from_shape({rows});
  for (std::size_t r = 0; r < rows; ++r) {
    int hot = -1, ones = 0;
    bool clean = true;
    for (std::size_t c = 0; c < cols; ++c) {
      const Scalar v = one_hot(r, c);
      if (v == 1) { hot = static_cast<int>(c); ++ones; }
      else if (v != 0) clean = false;
    }
    if (!clean || ones != 1)
      throw std::invalid_argument(layer + ": target row " + std::to_string(r) +
                                  " is not one-hot (it needs exactly one 1 and zeros elsewhere)");
    t(r) = hot;
  }
  return t;
}

SoftmaxWithLoss::SoftmaxWithLoss(const Tensor& one_hot)
    : t_(labels_from_one_hot(one_hot, "SoftmaxWithLoss")), one_hot_width_(one_hot.shape()[1]) {}

Tensors SoftmaxWithLoss::forward(const Inputs& xs) {
  const Tensor& x = xs[0];
  checks::ndim(name(), "score", x, 2);
  const std::size_t n = x.shape()[0], c = x.shape()[1];
  checks::nonempty(name(), "score", n);
  if (t_.dimension() != 1 || t_.shape()[0] != n)
    throw std::invalid_argument(name() + ": labels of shape " + shape_str(t_.shape()) + " for scores of shape " +
                                shape_str(x.shape()) + " (want one label per row)");
  if (one_hot_width_ != 0 && one_hot_width_ != c)
    throw std::invalid_argument(name() + ": one-hot target has " + std::to_string(one_hot_width_) +
                                " classes for scores of shape " + shape_str(x.shape()));
  checks::ids_in_range(name(), t_, c, "number of classes");

  y_ = x;
  double total = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const Scalar* row = x.data() + r * c;
    const Scalar m = *std::max_element(row, row + c);
    double s = 0;
    for (std::size_t k = 0; k < c; ++k) s += std::exp(static_cast<double>(row[k] - m));
    total += (m + std::log(s)) - row[t_(r)];
  }
  softmax_rows(y_);
  Tensor loss = Tensor::from_shape({});
  loss() = static_cast<Scalar>(total / static_cast<double>(n));
  return outputs(std::move(loss));
}

Tensors SoftmaxWithLoss::backward(const Tensors& dy) {
  const std::size_t n = y_.shape()[0], c = y_.shape()[1];
  const Scalar scale = dy[0].flat(0) / static_cast<Scalar>(n);
  Tensor dx = y_;
  for (std::size_t r = 0; r < n; ++r) dx(r, static_cast<std::size_t>(t_(r))) -= 1;
  dx *= scale;
  (void)c;
  return outputs(std::move(dx));
}

Variable softmax_with_loss(const Variable& score, const Ids& labels) { return call<SoftmaxWithLoss>({score}, labels); }
Variable softmax_with_loss(const Variable& score, const Tensor& one_hot) {
  return call<SoftmaxWithLoss>({score}, one_hot);
}

}  // namespace minidl
