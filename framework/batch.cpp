#include <minidl/framework/batch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace minidl {

namespace {

template <class A>
std::size_t rows_of(const A& a) { return a.dimension() == 0 ? 0 : a.shape()[0]; }

template <class A>
A buffer_like(const A& like, std::size_t n) {
  Shape shape(like.shape().begin(), like.shape().end());
  shape[0] = n;
  return A::from_shape(shape);
}

// A plain row-copy loop: a view-based gather was measured far slower (see DESIGN.md).
template <class A>
void gather(const A& src, const std::vector<std::size_t>& order, std::size_t begin, A& dst) {
  const std::size_t rows = rows_of(src);
  const std::size_t row_size = rows == 0 ? 0 : src.size() / rows;
  const auto* from = src.data();
  auto* to = dst.data();
  const std::size_t n = rows_of(dst);
  for (std::size_t i = 0; i < n; ++i) {
    const auto* row = from + order[begin + i] * row_size;
    std::copy(row, row + row_size, to + i * row_size);
  }
}

}  // namespace

void gather_rows(const Ids& src, const std::vector<std::size_t>& order, std::size_t begin, Ids& dst) {
  gather(src, order, begin, dst);
}
void gather_rows(const Tensor& src, const std::vector<std::size_t>& order, std::size_t begin, Tensor& dst) {
  gather(src, order, begin, dst);
}

const Ids& Batch::ids(const char* what) const {
  if (const Ids* x = std::get_if<Ids>(&data_)) return *x;
  throw std::invalid_argument(std::string(what) + ": integer ids expected, got a float tensor of shape " +
                              shape_str(std::get<Tensor>(data_).shape()));
}

const Tensor& Batch::tensor(const char* what) const {
  if (const Tensor* x = std::get_if<Tensor>(&data_)) return *x;
  throw std::invalid_argument(std::string(what) + ": a float tensor expected, got integer ids of shape " +
                              shape_str(std::get<Ids>(data_).shape()));
}

std::size_t Batch::rows() const {
  return std::visit([](const auto& a) { return rows_of(a); }, data_);
}

Shape Batch::shape() const {
  return std::visit([](const auto& a) { return Shape(a.shape().begin(), a.shape().end()); }, data_);
}

Batch Batch::buffer(std::size_t n) const {
  return std::visit([n](const auto& a) { return Batch(buffer_like(a, n)); }, data_);
}

void Batch::gather_rows(const std::vector<std::size_t>& order, std::size_t begin, Batch& dst) const {
  if (data_.index() != dst.data_.index()) throw std::logic_error("Batch::gather_rows: destination of another kind");
  std::visit([&](const auto& a) { minidl::gather_rows(a, order, begin, std::get<std::decay_t<decltype(a)>>(dst.data_)); },
             data_);
}

}  // namespace minidl
