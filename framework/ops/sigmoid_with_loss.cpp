#include <minidl/framework/ops/sigmoid_with_loss.hpp>

#include <cmath>

#include <minidl/framework/checks.hpp>
#include <minidl/framework/ops/sigmoid.hpp>

namespace minidl {
namespace {
// log(1 + exp(z)) without overflow.
double softplus(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }
}  // namespace

Tensors SigmoidWithLoss::forward(const Inputs& xs) {
  const Tensor& x = xs[0];
  checks::nonempty(name(), "score", x.size());
  if (t_.dimension() != x.dimension() || !std::equal(t_.shape().begin(), t_.shape().end(), x.shape().begin()))
    throw std::invalid_argument(name() + ": labels of shape " + shape_str(t_.shape()) + " for scores of shape " +
                                shape_str(x.shape()) + " (want one label per score)");
  checks::ids_in_range(name(), t_, 2, "binary labels (0 or 1): range");
  y_ = x;
  double total = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double z = x.flat(i);
    total += t_.flat(i) == 1 ? softplus(-z) : softplus(z);
    y_.flat(i) = sigmoid_of(x.flat(i));
  }
  Tensor loss = Tensor::from_shape({});
  loss() = static_cast<Scalar>(total / static_cast<double>(x.size()));
  return outputs(std::move(loss));
}

Tensors SigmoidWithLoss::backward(const Tensors& dy) {
  const Scalar scale = dy[0].flat(0) / static_cast<Scalar>(y_.size());
  Tensor dx = y_;
  for (std::size_t i = 0; i < dx.size(); ++i) dx.flat(i) = (dx.flat(i) - static_cast<Scalar>(t_.flat(i))) * scale;
  return outputs(std::move(dx));
}

Variable sigmoid_with_loss(const Variable& score, const Ids& labels) { return call<SigmoidWithLoss>({score}, labels); }

}  // namespace minidl
