#include <minidl/layers/embedding.hpp>

#include <algorithm>

#include <minidl/layers/checks.hpp>

namespace minidl {

// Plain row loops: an xt::keep view gather was measured ~30x slower, and a scatter through a view
// adds a repeated id only once.
Tensors Embedding::forward(const Inputs& xs) {
  const Tensor& W = xs[0];
  checks::ndim(name(), "W", W, 2);
  const std::size_t V = W.shape()[0], H = W.shape()[1];
  checks::ids_in_range(name(), ids_, V, "vocabulary size");
  Shape out_shape = shape_of(ids_);
  out_shape.push_back(H);
  Tensor out = Tensor::from_shape(out_shape);
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    const Scalar* row = W.data() + static_cast<std::size_t>(ids_.flat(i)) * H;
    std::copy(row, row + H, out.data() + i * H);
  }
  return outputs(std::move(out));
}

Tensors Embedding::backward(const Tensors& dy) {
  // dW is dy's rows scattered to the ids' rows: row-sparse, summed by the engine (no V x H zeros).
  return outputs(row_sparse_grad(0, ids_, dy[0]));
}

Variable embedding(const Variable& W, const Ids& ids) { return call<Embedding>({W}, ids); }

}  // namespace minidl
