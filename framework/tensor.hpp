#pragma once
// The numeric types every part of minidl speaks.
//
// Scalar is chosen at compile time: the same sources build `minidl` (float, for training) and
// `minidl_f64` (double, with MINIDL_DOUBLE defined, for gradient checks), so that layer code reads
// like the book and carries no template parameters. Link one of the two per program.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>

namespace minidl {

#ifdef MINIDL_DOUBLE
using Scalar = double;
#else
using Scalar = float;
#endif

using Tensor = xt::xarray<Scalar>;        // dense, row-major, any rank
using Ids = xt::xarray<std::int32_t>;     // ids, indices and labels
using Tensors = std::vector<Tensor>;
using Shape = std::vector<std::size_t>;

// "(2, 3)": how every error message and report prints a shape.
template <class S>
std::string shape_str(const S& shape) {
  std::ostringstream out;
  out << '(';
  std::size_t n = 0;
  for (const auto d : shape) out << (n++ ? ", " : "") << d;
  if (n == 1) out << ',';
  out << ')';
  return out.str();
}

Shape shape_of(const Tensor& x);
Shape shape_of(const Ids& x);
bool same_shape(const Tensor& a, const Tensor& b);

// Sums a broadcast gradient back to the shape of the operand it came from (leading axes that
// broadcasting added, and axes where `shape` has 1). The backward of every broadcasting op.
Tensor sum_to(const Tensor& x, const Shape& shape);

}  // namespace minidl
