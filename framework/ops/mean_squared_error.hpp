#pragma once
// mean_squared_error (DeZero's): the squared error summed, divided by the number of rows N
// (DeZero's len(diff); 1 for a 0-D value).
//   y = sum((x0 - x1)^2) / N          dx0 = 2 (x0 - x1) gy / N,   dx1 = -dx0
// x0 and x1 must have the same shape: broadcasting (N,) against (N, 1) would silently compare
// every prediction with every target.
#include <minidl/framework/variable.hpp>

namespace minidl {

Variable mean_squared_error(const Variable& x0, const Variable& x1);

}  // namespace minidl
