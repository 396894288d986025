#pragma once
// The book's create_contexts_target (ch. 3.3.1): every word that has window_size words on each
// side becomes a target; those neighbours, left then right, are its contexts.
//   corpus [0 1 2 3 4 1 5 6], window 1  ->  contexts (6, 2) [[0 2] [1 3] ... [1 6]],
//                                           target (6,) [1 2 3 4 1 5]
#include <utility>

#include <minidl/framework/tensor.hpp>

namespace minidl {

struct ContextsTarget {
  Ids contexts;  // (N, 2 * window_size)
  Ids target;    // (N,)
};

// Throws std::invalid_argument for a corpus that is empty or not 1-D, a window_size of 0, or a
// window that leaves no target (the corpus needs at least 2 * window_size + 1 words).
ContextsTarget create_contexts_target(const Ids& corpus, std::size_t window_size = 1);

}  // namespace minidl
