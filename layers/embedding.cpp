#include <minidl/layers/embedding.hpp>

#include <minidl/framework/checks.hpp>

namespace minidl {

Tensors Embedding::forward(const Inputs& xs) {
  checks::ndim(name(), "W", xs[0], 2);
  return GetItem::forward(xs);
}

Variable embedding(const Variable& W, const Ids& ids) { return call<Embedding>({W}, ids); }

}  // namespace minidl
