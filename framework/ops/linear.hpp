#pragma once
// linear (DeZero's linear; the book's Affine layer, ch. 1.3): one fused operation, so that the
// (N, H) product is not stored twice.
//   y = x W + b        x:(N,D) or (B,N,D)   W:(D,H)   b:(H,) -> y: x's shape with H last
//   dx = dy W^T        dW = x^T dy           db = dy summed over every row
#include <minidl/framework/variable.hpp>

namespace minidl {

Variable linear(const Variable& x, const Variable& W, const Variable& b);
// Without a bias: y = x W (matmul, any leading rows).
Variable linear(const Variable& x, const Variable& W);

}  // namespace minidl
