#include <minidl/framework/row_sparse.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include <xtensor/xbuilder.hpp>

namespace minidl {

RowSparse RowSparse::coalesced(std::size_t num_rows) const {
  const std::size_t R = row_size();
  // Slots in ascending row order (a scan of num_rows flags is cheap next to the V x H update
  // that follows), so that a sum over the coalesced values runs in the order a dense one would.
  std::vector<std::int64_t> slot(num_rows, -1);
  for (const std::size_t r : rows) slot[r] = 0;
  RowSparse out;
  for (std::size_t r = 0; r < num_rows; ++r)
    if (slot[r] == 0) {
      slot[r] = static_cast<std::int64_t>(out.rows.size());
      out.rows.push_back(r);
    }
  out.values = xt::zeros<Scalar>({out.rows.size(), R});
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Scalar* from = values.data() + k * R;
    Scalar* to = out.values.data() + static_cast<std::size_t>(slot[rows[k]]) * R;
    for (std::size_t j = 0; j < R; ++j) to[j] += from[j];
  }
  return out;
}

void RowSparse::add_to(Tensor& dense) const {
  const std::size_t R = row_size();
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Scalar* from = values.data() + k * R;
    Scalar* to = dense.data() + rows[k] * R;
    for (std::size_t j = 0; j < R; ++j) to[j] += from[j];
  }
}

Tensor RowSparse::to_dense(const Shape& shape) const {
  Tensor dense = xt::zeros<Scalar>(shape);
  add_to(dense);
  return dense;
}

void RowSparse::append(const RowSparse& other) {
  if (other.rows.empty()) return;
  if (rows.empty()) {
    *this = other;
    return;
  }
  const std::size_t R = row_size();
  Tensor joined = Tensor::from_shape({rows.size() + other.rows.size(), R});
  std::copy(values.data(), values.data() + values.size(), joined.data());
  std::copy(other.values.data(), other.values.data() + other.values.size(), joined.data() + values.size());
  rows.insert(rows.end(), other.rows.begin(), other.rows.end());
  values = std::move(joined);
}

RowSparse make_row_sparse(const std::string& who, const Shape& shape, const Ids& ids, Tensor values) {
  if (shape.empty()) throw std::logic_error(who + ": a row-sparse gradient for a tensor without rows");
  std::size_t R = 1;
  for (std::size_t d = 1; d < shape.size(); ++d) R *= shape[d];
  if (values.size() != ids.size() * R)
    throw std::logic_error(who + ": row-sparse values of shape " + shape_str(values.shape()) + " for " +
                           std::to_string(ids.size()) + " ids of rows of " + std::to_string(R));
  RowSparse g;
  g.rows.resize(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const auto id = ids.flat(k);
    if (id < 0 || static_cast<std::size_t>(id) >= shape[0])
      throw std::logic_error(who + ": row-sparse gradient for row " + std::to_string(id) + " of a tensor of shape " +
                             shape_str(shape));
    g.rows[k] = static_cast<std::size_t>(id);
  }
  values.reshape({ids.size(), R});
  g.values = std::move(values);
  return g;
}

}  // namespace minidl
