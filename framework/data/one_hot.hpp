#pragma once
// The book's convert_one_hot (ch. 3.3.1): ids of any shape -> one-hot vectors along a new last
// axis. Contexts (6, 2) with 7 words -> (6, 2, 7); a target (6,) -> (6, 7).
#include "framework/tensor.hpp"

namespace minidl {

// Throws std::out_of_range naming the id when one is outside [0, vocab_size).
Tensor convert_one_hot(const Ids& ids, std::size_t vocab_size);

}  // namespace minidl
