#pragma once
// Element-wise functions (DeZero's functions.py). Each keeps x's shape.
//   exp   y = e^x                dx = gy * y
//   log   y = ln x               dx = gy / x          (x <= 0 gives -inf or NaN, as numpy does)
//   sqrt  y = x^(1/2)            dx = gy / (2 y)
//   sin   y = sin x              dx = gy * cos x
//   cos   y = cos x              dx = -gy * sin x
//   tanh  y = tanh x             dx = gy * (1 - y^2)
//   relu  y = max(x, 0)          dx = gy * (x > 0)
//   clip  y = min(max(x, lo), hi)   dx = gy * (lo <= x <= hi)
// sigmoid and softmax have files of their own (the book's layers): framework/ops/sigmoid.hpp,
// framework/ops/softmax.hpp.
#include <minidl/framework/variable.hpp>

namespace minidl {

Variable exp(const Variable& x);
Variable log(const Variable& x);
Variable sqrt(const Variable& x);
Variable sin(const Variable& x);
Variable cos(const Variable& x);
Variable tanh(const Variable& x);
Variable relu(const Variable& x);
// Throws std::invalid_argument unless lo <= hi.
Variable clip(const Variable& x, Scalar lo, Scalar hi);

}  // namespace minidl
