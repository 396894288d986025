#include "framework/data/one_hot.hpp"

#include <stdexcept>
#include <string>

#include <xtensor/xbuilder.hpp>

namespace minidl {

Tensor convert_one_hot(const Ids& ids, std::size_t vocab_size) {
  Shape shape = shape_of(ids);
  shape.push_back(vocab_size);
  Tensor out = xt::zeros<Scalar>(shape);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto id = ids.flat(i);
    if (id < 0 || static_cast<std::size_t>(id) >= vocab_size)
      throw std::out_of_range("convert_one_hot: id " + std::to_string(id) + " at position " + std::to_string(i) +
                              " is out of range for vocabulary size " + std::to_string(vocab_size));
    out.flat(i * vocab_size + static_cast<std::size_t>(id)) = 1;
  }
  return out;
}

}  // namespace minidl
