#pragma once
// The whole count-based pipeline of ch. 2.4.4 (the book's ch02/count_method_big.py) in one call:
//   C = create_co_matrix(corpus, vocab_size, window_size)     (sparse here: PTB's V = 10,000)
//   W = ppmi(C, verbose=True)                                  (dense (V, V): 400 MB in float)
//   U, S, V = randomized_svd(W, n_components=wordvec_size, n_iter=5)
//   word_vecs = U[:, :wordvec_size]
// with the time of each step, which the command line prints to compare with training.
#include <cstdint>
#include <iosfwd>

#include <minidl/framework/tensor.hpp>

namespace minidl {

struct PpmiSvdTimes {
  double co_matrix_seconds = 0, ppmi_seconds = 0, svd_seconds = 0;
  std::size_t co_matrix_nonzeros = 0;
};

// Word vectors (V, wordvec_size), row i for word id i. `progress`, when given, receives ppmi's
// "10.0% done" lines. Throws std::invalid_argument for a wordvec_size above V.
Tensor ppmi_svd_vectors(const Ids& corpus, std::size_t vocab_size, std::size_t window_size,
                        std::size_t wordvec_size, std::uint64_t seed, PpmiSvdTimes* times = nullptr,
                        std::ostream* progress = nullptr, std::size_t n_iter = 5);

}  // namespace minidl
