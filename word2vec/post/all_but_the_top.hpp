#pragma once
// "All-but-the-top" (Mu & Viswanath, ICLR 2018): trained word vectors share a large common mean
// and a few dominant directions that mostly encode word frequency, not meaning; removing them makes
// cosine similarity reflect meaning better.
//   X <- X - mean(X)                        (the mean row, over all words)
//   X <- X - X u_k u_k^T  for the top `directions` principal directions u_k of the centred X
// The paper removes about d / 100 directions; for d = 100 that is one.
#include <cstddef>

#include <minidl/framework/tensor.hpp>

namespace minidl {

// X is (V, d), one word per row. Throws std::invalid_argument for a non-2-D X or directions >= d.
Tensor all_but_the_top(const Tensor& X, std::size_t directions);

}  // namespace minidl
