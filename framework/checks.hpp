#pragma once
// Argument checks shared by the layers, so that every bad input throws a message naming the
// layer, the shapes and the offending value, before anything is read out of bounds.
#include <stdexcept>
#include <string>

#include <minidl/framework/tensor.hpp>

namespace minidl::checks {

inline void ndim(const std::string& layer, const char* what, const Tensor& x, std::size_t want) {
  if (x.dimension() != want)
    throw std::invalid_argument(layer + ": " + what + " must be " + std::to_string(want) + "-D, got shape " +
                                shape_str(x.shape()));
}

inline void nonempty(const std::string& layer, const char* what, std::size_t n) {
  if (n == 0) throw std::invalid_argument(layer + ": empty batch (" + what + " has 0 rows)");
}

// Every id in [0, n): `what` names the range ("number of classes", "number of rows").
inline void ids_in_range(const std::string& layer, const Ids& ids, std::size_t n, const char* what) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto id = ids.flat(i);
    if (id < 0 || static_cast<std::size_t>(id) >= n)
      throw std::out_of_range(layer + ": id " + std::to_string(id) + " at position " + std::to_string(i) +
                              " is out of range for " + what + " " + std::to_string(n));
  }
}

}  // namespace minidl::checks
