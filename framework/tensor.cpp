#include <minidl/framework/tensor.hpp>

#include <stdexcept>

#include <xtensor/xmath.hpp>

namespace minidl {

Shape shape_of(const Tensor& x) { return Shape(x.shape().begin(), x.shape().end()); }
Shape shape_of(const Ids& x) { return Shape(x.shape().begin(), x.shape().end()); }

bool same_shape(const Tensor& a, const Tensor& b) {
  return a.dimension() == b.dimension() &&
         std::equal(a.shape().begin(), a.shape().end(), b.shape().begin());
}

Tensor sum_to(const Tensor& x, const Shape& shape) {
  const std::size_t lead = x.dimension() - shape.size();
  if (x.dimension() < shape.size())
    throw std::invalid_argument("sum_to: cannot sum " + shape_str(x.shape()) + " to " + shape_str(shape));
  std::vector<std::size_t> axes;
  for (std::size_t i = 0; i < x.dimension(); ++i) {
    if (i < lead) {
      axes.push_back(i);
    } else if (shape[i - lead] == 1 && x.shape()[i] != 1) {
      axes.push_back(i);
    } else if (shape[i - lead] != x.shape()[i]) {
      throw std::invalid_argument("sum_to: cannot sum " + shape_str(x.shape()) + " to " + shape_str(shape));
    }
  }
  if (axes.empty()) return x;
  Tensor s = xt::sum(x, axes, xt::evaluation_strategy::immediate);
  s.reshape(shape);
  return s;
}

}  // namespace minidl
