#pragma once
// RowSparse: a gradient that is zero except on some rows (axis 0), stored as the rows and their
// values, like PyTorch's Embedding(sparse=True) gradient. An embedding's gradient touches the rows
// of the ids in the batch (100 rows of 10 ids: at most 1,000 of a 10,000-row table), so it is
// never built as a dense V x H tensor; optimizers that can (SGD, Adam) update from it directly.
//
//   dense(W)[rows[k]] += values[k]   for k = 0 .. rows.size() - 1   (a row may repeat: they add)
#include <cstdint>
#include <vector>

#include <minidl/framework/tensor.hpp>

namespace minidl {

struct RowSparse {
  std::vector<std::size_t> rows;  // one per entry, repeats allowed
  Tensor values;                  // (rows.size(), row_size): entry k's row of values

  std::size_t row_size() const { return rows.empty() ? 0 : values.size() / rows.size(); }
  // Each row once, in ascending order, its values summed in entry order (so the sums are the very
  // floats a dense scatter-add in entry order makes). num_rows: the dense tensor's rows.
  RowSparse coalesced(std::size_t num_rows) const;
  // dense[rows[k]] += values[k], in entry order.
  void add_to(Tensor& dense) const;
  // The dense tensor of the given shape (zeros but for the rows).
  Tensor to_dense(const Shape& shape) const;
  // Appends another gradient's entries (the sum of two row-sparse gradients).
  void append(const RowSparse& other);
};

// The entries of a row-sparse gradient for a tensor of the given shape, from ids (any shape) and
// values (ids.size() rows): checks every id against shape[0] and the values' size, naming `who`.
RowSparse make_row_sparse(const std::string& who, const Shape& shape, const Ids& ids, Tensor values);

}  // namespace minidl
