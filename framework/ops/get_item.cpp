#include <minidl/framework/ops/get_item.hpp>

#include <algorithm>

#include <minidl/framework/checks.hpp>

namespace minidl {

// Plain row loops: an xt::keep view gather was measured ~30x slower, and a scatter through a view
// adds a repeated id only once.
Tensors GetItem::forward(const Inputs& xs) {
  const Tensor& x = xs[0];
  if (x.dimension() == 0)
    throw std::invalid_argument(name() + ": cannot take rows of a 0-D value; x needs at least one axis");
  const std::size_t R = x.shape()[0], H = R == 0 ? 0 : x.size() / R;
  checks::ids_in_range(name(), ids_, R, rows_.c_str());
  Shape out_shape = shape_of(ids_);
  out_shape.insert(out_shape.end(), x.shape().begin() + 1, x.shape().end());
  Tensor out = Tensor::from_shape(out_shape);
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    const Scalar* row = x.data() + static_cast<std::size_t>(ids_.flat(i)) * H;
    std::copy(row, row + H, out.data() + i * H);
  }
  return outputs(std::move(out));
}

Tensors GetItem::backward(const Tensors& dy) {
  // dx is dy's rows scattered to the ids' rows: row-sparse, summed by the engine.
  return outputs(row_sparse_grad(0, ids_, dy[0]));
}

Variable get_item(const Variable& x, const Ids& ids) { return call<GetItem>({x}, ids); }

}  // namespace minidl
