#pragma once
// The book's convert_one_hot (ch. 3.3.1): ids of any shape -> one-hot vectors along a new last
// axis of size depth. Ids (6, 2) with depth 7 -> (6, 2, 7); ids (6,) -> (6, 7).
#include <minidl/framework/tensor.hpp>

namespace minidl {

// Throws std::out_of_range naming the id when one is outside [0, depth).
Tensor convert_one_hot(const Ids& ids, std::size_t depth);

}  // namespace minidl
