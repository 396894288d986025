#pragma once
// Two-dimensional maps of word vectors, for looking at a vector space as a picture (the book's
// ch02/count_method_small.py scatters U[:, 0] against U[:, 1]; its notes suggest t-SNE for more).
// They live in word2vec/eval/ beside most_similar: both are ways of judging vectors, neither
// knows where the vectors came from. Both are seeded or deterministic: a seed gives one map.
//
// PCA: X (n, D) centred, Xc = U S Vt (exact SVD, LAPACK gesdd); points = Xc Vt[:2]^T = U[:, :2] S[:2].
//   Each component's sign is fixed so that its largest-magnitude entry is positive (an SVD's
//   signs are arbitrary), so a map does not flip between builds.
//
// t-SNE (van der Maaten & Hinton 2008, exact O(n^2), as the reference tsne.py):
//   p_j|i = exp(-beta_i |x_i - x_j|^2) / sum_k..., beta_i by binary search so that the entropy
//           H(P_i) = log(perplexity) (natural log); perplexity = min(30, (n - 1) / 3)
//   p_ij  = (p_j|i + p_i|j) / 2n;   q_ij = (1 + |y_i - y_j|^2)^-1 / sum_{k != l} (1 + |y_k - y_l|^2)^-1
//   dC/dy_i = 4 sum_j (p_ij - q_ij)(y_i - y_j)(1 + |y_i - y_j|^2)^-1
//   y ~ 1e-4 N(0, 1); 1000 iterations of gradient descent, learning rate 200, momentum 0.5 for the
//   first 250 then 0.8, P multiplied by 12 (early exaggeration) for the first 250, per-coordinate
//   gains (+0.2 where the gradient changes sign, x0.8 where not, at least 0.01), y re-centred.
// Memory and time are O(n^2): fine for the few thousand words a readable map can show.
#include <cstddef>
#include <cstdint>

#include <minidl/framework/tensor.hpp>

namespace minidl {

struct PcaResult {
  Tensor points;      // (n, 2)
  Tensor components;  // (2, D), orthonormal rows: the two principal directions
};

// Throws std::invalid_argument for fewer than 2 points or dimensions.
PcaResult pca_2d(const Tensor& X);

struct TsneOptions {
  double perplexity = 30;  // capped at (n - 1) / 3
  std::size_t iterations = 1000;
  std::size_t exaggeration_iterations = 250;
  double exaggeration = 12;
  double learning_rate = 200;
  std::uint64_t seed = 0;
};

// (n, 2) points. Throws std::invalid_argument for fewer than 4 points (perplexity below 1).
Tensor tsne_2d(const Tensor& X, const TsneOptions& options = {});

}  // namespace minidl
