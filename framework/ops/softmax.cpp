#include <minidl/framework/ops/softmax.hpp>

#include <algorithm>
#include <cmath>

#include <minidl/framework/checks.hpp>

namespace minidl {

void softmax_rows(Tensor& x) {
  if (x.dimension() == 0 || x.size() == 0) return;
  const std::size_t cols = x.shape().back();
  const std::size_t rows = x.size() / cols;
  Scalar* p = x.data();
  for (std::size_t r = 0; r < rows; ++r, p += cols) {
    const Scalar m = *std::max_element(p, p + cols);  // subtracting the max keeps exp finite
    Scalar s = 0;
    for (std::size_t c = 0; c < cols; ++c) s += (p[c] = std::exp(p[c] - m));
    for (std::size_t c = 0; c < cols; ++c) p[c] /= s;
  }
}

Tensors Softmax::forward(const Inputs& xs) {
  if (xs[0].dimension() == 0)
    throw std::invalid_argument("Softmax: input must have at least one axis, got shape " + shape_str(xs[0].shape()));
  y_ = xs[0];
  softmax_rows(y_);
  return outputs(y_);
}

Tensors Softmax::backward(const Tensors& dy) {
  Tensor dx = dy[0];
  if (y_.size() == 0) return outputs(std::move(dx));
  const std::size_t cols = y_.shape().back();
  const std::size_t rows = y_.size() / cols;
  const Scalar* y = y_.data();
  Scalar* g = dx.data();
  for (std::size_t r = 0; r < rows; ++r, y += cols, g += cols) {
    Scalar s = 0;
    for (std::size_t c = 0; c < cols; ++c) s += g[c] * y[c];
    for (std::size_t c = 0; c < cols; ++c) g[c] = y[c] * (g[c] - s);
  }
  return outputs(std::move(dx));
}

Variable softmax(const Variable& x) { return call<Softmax>({x}); }

}  // namespace minidl
