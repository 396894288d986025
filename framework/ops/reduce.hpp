#pragma once
// Reductions (DeZero's functions.py). Over one axis (negative counts from the end), or over
// every element when the axis is empty; keepdims keeps the reduced axis with size 1.
//   sum   y = sum_axis x              dx = gy repeated along the axis
//   mean  y = sum_axis x / n          dx = gy repeated along the axis / n
//   max   y = max_axis x              dx = gy at the first arg-max of each reduction, 0 elsewhere
//   min   y = min_axis x              dx = gy at the first arg-min, 0 elsewhere
// (With ties only the first arg-max gets the gradient, a valid subgradient, where giving it to
// every tied element would scale it by the number of ties.)
//   sum({x1..xn}), mean({x1..xn})      element-wise over same-shaped Variables; dxi = gy (or gy / n):
//                                      CBOW's context sum
#include <optional>
#include <vector>

#include <minidl/framework/variable.hpp>

namespace minidl {

Variable sum(const Variable& x, std::optional<int> axis = std::nullopt, bool keepdims = false);
Variable mean(const Variable& x, std::optional<int> axis = std::nullopt, bool keepdims = false);
// Throw std::invalid_argument for an empty reduction (no maximum of nothing).
Variable max(const Variable& x, std::optional<int> axis = std::nullopt, bool keepdims = false);
Variable min(const Variable& x, std::optional<int> axis = std::nullopt, bool keepdims = false);

Variable sum(const std::vector<Variable>& xs);
Variable mean(const std::vector<Variable>& xs);

}  // namespace minidl
