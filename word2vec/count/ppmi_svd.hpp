#pragma once
// The whole count-based pipeline of ch. 2.4.4 (the book's ch02/count_method_big.py) in one call:
//   C = create_co_matrix(corpus, vocab_size, window_size)     (sparse here: PTB's V = 10,000)
//   W = ppmi(C, verbose=True)                                  (dense (V, V): 400 MB in float)
//   U, S, V = randomized_svd(W, n_components=wordvec_size, n_iter=5)
//   word_vecs = U[:, :wordvec_size]
// with the time of each step, which the command line prints to compare with training.
//
// The options beyond the book (their defaults are the book's, so the chapter's numbers stay):
// weighting and cds (co_matrix.hpp), and eig: word_vecs = U S^eig (Levy, Goldberg & Dagan 2015:
// eig = 0.5 weights each direction by the square root of how much of the matrix it explains;
// 1 overweights the top directions, 0 is the book's U).
#include <cstdint>
#include <iosfwd>

#include <minidl/framework/tensor.hpp>
#include <minidl/word2vec/count/co_matrix.hpp>

namespace minidl {

struct PpmiSvdOptions {
  std::size_t window = 2;       // the book's window_size
  std::size_t wordvec_size = 100;
  CoWeighting weighting = CoWeighting::flat;
  double cds = 1.0;             // (0, 1]
  double eig = 0.0;             // [0, 1]
  std::uint64_t seed = 0;
  std::size_t n_iter = 5;       // the randomized SVD's power iterations
};

struct PpmiSvdTimes {
  double co_matrix_seconds = 0, ppmi_seconds = 0, svd_seconds = 0;
  std::size_t co_matrix_nonzeros = 0;
};

// Word vectors (V, wordvec_size), row i for word id i. `progress`, when given, receives ppmi's
// "10.0% done" lines. Throws std::invalid_argument for a wordvec_size above V, a cds outside
// (0, 1] or an eig outside [0, 1].
Tensor ppmi_svd_vectors(const Ids& corpus, std::size_t vocab_size, const PpmiSvdOptions& options,
                        PpmiSvdTimes* times = nullptr, std::ostream* progress = nullptr);

}  // namespace minidl
