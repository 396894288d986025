#include <minidl/framework/one_hot.hpp>

#include <stdexcept>
#include <string>

#include <xtensor/xbuilder.hpp>

namespace minidl {

Tensor convert_one_hot(const Ids& ids, std::size_t depth) {
  Shape shape = shape_of(ids);
  shape.push_back(depth);
  Tensor out = xt::zeros<Scalar>(shape);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto id = ids.flat(i);
    if (id < 0 || static_cast<std::size_t>(id) >= depth)
      throw std::out_of_range("convert_one_hot: id " + std::to_string(id) + " at position " + std::to_string(i) +
                              " is out of range for depth " + std::to_string(depth));
    out.flat(i * depth + static_cast<std::size_t>(id)) = 1;
  }
  return out;
}

}  // namespace minidl
