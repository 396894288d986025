#pragma once
// Gradient: what a Variable's gradient holds. Nothing yet, a dense tensor, or a row-sparse one
// (framework/row_sparse: an embedding's) until something needs it dense. Summing keeps two
// row-sparse gradients row-sparse (their entries joined); anything dense makes the sum dense.
#include <minidl/framework/row_sparse.hpp>
#include <minidl/framework/tensor.hpp>

namespace minidl {

class Gradient {
 public:
  bool defined() const { return defined_; }
  // Adds g (of the Variable's shape: the engine checks it) or a row-sparse g.
  void add(Tensor&& g);
  void add(RowSparse&& g);
  // The gradient as a dense tensor of the given shape, made dense in place the first time.
  Tensor& dense(const Shape& shape);
  // The rows and values while the gradient is row-sparse, else null.
  RowSparse* sparse() { return defined_ && is_sparse_ ? &sparse_ : nullptr; }
  void clear();

 private:
  Tensor dense_;
  RowSparse sparse_;
  bool defined_ = false, is_sparse_ = false;
};

}  // namespace minidl
