#include <minidl/framework/ops/sigmoid.hpp>

#include <cmath>

namespace minidl {

Scalar sigmoid_of(Scalar x) {
  if (x >= 0) return Scalar(1) / (Scalar(1) + std::exp(-x));
  const Scalar e = std::exp(x);
  return e / (Scalar(1) + e);
}

Tensors Sigmoid::forward(const Inputs& xs) {
  y_ = xs[0];
  for (auto& v : y_) v = sigmoid_of(v);
  return outputs(y_);
}

Tensors Sigmoid::backward(const Tensors& dy) {
  Tensor dx = dy[0];
  for (std::size_t i = 0; i < dx.size(); ++i) dx.flat(i) *= y_.flat(i) * (Scalar(1) - y_.flat(i));
  return outputs(std::move(dx));
}

Variable sigmoid(const Variable& x) { return call<Sigmoid>({x}); }

}  // namespace minidl
