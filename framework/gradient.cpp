#include <minidl/framework/gradient.hpp>

#include <xtensor/xnoalias.hpp>

namespace minidl {

void Gradient::add(Tensor&& g) {
  if (!defined_) {
    dense_ = std::move(g);
  } else {
    if (is_sparse_) dense(shape_of(g));
    xt::noalias(dense_) += g;  // in place: a plain += would sum into a new tensor
  }
  defined_ = true;
  is_sparse_ = false;
}

void Gradient::add(RowSparse&& g) {
  if (!defined_) {
    sparse_ = std::move(g);
    is_sparse_ = true;
  } else if (is_sparse_) {
    sparse_.append(g);
  } else {
    g.add_to(dense_);
  }
  defined_ = true;
}

Tensor& Gradient::dense(const Shape& shape) {
  if (is_sparse_) {
    dense_ = sparse_.to_dense(shape);
    sparse_ = RowSparse{};
    is_sparse_ = false;
  }
  return dense_;
}

void Gradient::clear() {
  dense_ = Tensor();
  sparse_ = RowSparse{};
  defined_ = is_sparse_ = false;
}

}  // namespace minidl
