#pragma once
// Operations that move values without computing new ones (DeZero's functions.py).
//   broadcast_to(x, shape)  y = x repeated to `shape` (numpy's rules)   dx = sum_to(gy, x.shape)
//   sum_to(x, shape)        y = x summed down to `shape`                 dx = broadcast_to(gy, x.shape)
//   reshape(x, shape)       y = x's values in row-major order, re-shaped dx = reshape(gy, x.shape)
//   transpose(x, axes)      y = x with its axes permuted                 dx = transpose(gy, inverse)
//   concat({x1..xn}, axis)  y = the xi side by side along axis           dxi = gy's slice of xi
// Taking rows by ids (get_item) is framework/ops/get_item.hpp.
#include <vector>

#include <minidl/framework/variable.hpp>

namespace minidl {

Variable broadcast_to(const Variable& x, const Shape& shape);
Variable sum_to(const Variable& x, const Shape& shape);
Variable reshape(const Variable& x, const Shape& shape);
// Reverses the axes (the book's .T); with `axes`, permutes them.
Variable transpose(const Variable& x, const std::vector<std::size_t>& axes = {});
// Every xi has the same shape but along `axis` (negative counts from the end).
Variable concat(const std::vector<Variable>& xs, int axis = 0);

// Axis `axis` of an ndim-D tensor as an index, negative counting from the end; throws naming `op`.
std::size_t normalise_axis(int axis, std::size_t ndim, const std::string& op);

}  // namespace minidl
