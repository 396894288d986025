#pragma once
// The basic differentiable operations the chapters need, as free functions over Variables.
// Element-wise ops broadcast like numpy; their backward sums the gradient back with sum_to.
//
//   add  y = a + b        da = sum_to(gy), db = sum_to(gy)
//   sub  y = a - b        da = sum_to(gy), db = -sum_to(gy)
//   mul  y = a * b        da = sum_to(gy * b), db = sum_to(gy * a)
//   scale y = c * x       dx = c * gy
//   sum  y = sum_axis(x)  dx = broadcast(gy)          mean: dx = broadcast(gy) / n
//   sum({x1..xn})         dxi = gy (CBOW's context sum; mean divides by n)
//   reshape, transpose    dx = the inverse rearrangement of gy
#include <optional>
#include <vector>

#include <minidl/framework/variable.hpp>

namespace minidl {

Variable add(const Variable& a, const Variable& b);
Variable sub(const Variable& a, const Variable& b);
Variable mul(const Variable& a, const Variable& b);
Variable scale(const Variable& x, Scalar c);

// Over one axis (negative counts from the end), or over all elements when axis is empty.
Variable sum(const Variable& x, std::optional<int> axis = std::nullopt, bool keepdims = false);
Variable mean(const Variable& x, std::optional<int> axis = std::nullopt, bool keepdims = false);
// Element-wise over a list of same-shaped Variables.
Variable sum(const std::vector<Variable>& xs);
Variable mean(const std::vector<Variable>& xs);

Variable reshape(const Variable& x, const Shape& shape);
// Reverses the axes (the book's .T); with `axes`, permutes them.
Variable transpose(const Variable& x, const std::vector<std::size_t>& axes = {});

inline Variable operator+(const Variable& a, const Variable& b) { return add(a, b); }
inline Variable operator-(const Variable& a, const Variable& b) { return sub(a, b); }
inline Variable operator*(const Variable& a, const Variable& b) { return mul(a, b); }
inline Variable operator*(const Variable& x, Scalar c) { return scale(x, c); }
inline Variable operator*(Scalar c, const Variable& x) { return scale(x, c); }

}  // namespace minidl
