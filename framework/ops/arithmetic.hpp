#pragma once
// Arithmetic (DeZero's overloaded operators). The binary operations broadcast like numpy; their backward sums
// each gradient back to its operand's shape with sum_to (framework/tensor.hpp).
//   neg    y = -x           dx = -gy
//   add    y = a + b        da = sum_to(gy),          db = sum_to(gy)
//   sub    y = a - b        da = sum_to(gy),          db = -sum_to(gy)
//   mul    y = a * b        da = sum_to(gy * b),      db = sum_to(gy * a)
//   div    y = a / b        da = sum_to(gy / b),      db = -sum_to(gy * a / b^2)
//   pow    y = x^c          dx = c * x^(c-1) * gy     (c a constant)
//   scale  y = c * x        dx = c * gy               (c a constant: what `x * 2` is)
// A constant on either side of + - * / is a Variable of shape () that wants no gradient, broadcast
// like any operand (DeZero's as_variable).
#include <minidl/framework/variable.hpp>

namespace minidl {

Variable neg(const Variable& x);
Variable add(const Variable& a, const Variable& b);
Variable sub(const Variable& a, const Variable& b);
Variable mul(const Variable& a, const Variable& b);
Variable div(const Variable& a, const Variable& b);
Variable pow(const Variable& x, Scalar c);
Variable scale(const Variable& x, Scalar c);

// A value that wants no gradient, shape (): what a number in `x + 1` becomes.
Variable constant(Scalar c);

inline Variable operator-(const Variable& x) { return neg(x); }
inline Variable operator+(const Variable& a, const Variable& b) { return add(a, b); }
inline Variable operator-(const Variable& a, const Variable& b) { return sub(a, b); }
inline Variable operator*(const Variable& a, const Variable& b) { return mul(a, b); }
inline Variable operator/(const Variable& a, const Variable& b) { return div(a, b); }
inline Variable operator+(const Variable& a, Scalar c) { return add(a, constant(c)); }
inline Variable operator+(Scalar c, const Variable& a) { return add(constant(c), a); }
inline Variable operator-(const Variable& a, Scalar c) { return sub(a, constant(c)); }
inline Variable operator-(Scalar c, const Variable& a) { return sub(constant(c), a); }
inline Variable operator*(const Variable& x, Scalar c) { return scale(x, c); }
inline Variable operator*(Scalar c, const Variable& x) { return scale(x, c); }
inline Variable operator/(const Variable& x, Scalar c) { return scale(x, Scalar(1) / c); }
inline Variable operator/(Scalar c, const Variable& x) { return div(constant(c), x); }

}  // namespace minidl
