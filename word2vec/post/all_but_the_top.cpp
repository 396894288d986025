#include <minidl/word2vec/post/all_but_the_top.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include <minidl/word2vec/count/truncated_svd.hpp>

namespace minidl {

Tensor all_but_the_top(const Tensor& X, std::size_t directions) {
  if (X.dimension() != 2) throw std::invalid_argument("all_but_the_top: vectors must be 2-D, got " + shape_str(X.shape()));
  const std::size_t V = X.shape()[0], d = X.shape()[1];
  if (directions >= d)
    throw std::invalid_argument("all_but_the_top: cannot remove " + std::to_string(directions) + " directions from " +
                                std::to_string(d) + "-dimensional vectors");
  std::vector<double> mean(d, 0.0);  // in double: 10^4 - 10^6 rows
  for (std::size_t i = 0; i < V; ++i)
    for (std::size_t j = 0; j < d; ++j) mean[j] += X(i, j);
  Tensor Y = X;
  for (std::size_t i = 0; i < V; ++i)
    for (std::size_t j = 0; j < d; ++j) Y(i, j) -= static_cast<Scalar>(mean[j] / double(V));
  if (directions == 0 || V < 2) return Y;
  // The principal directions are the right singular vectors of the centred Y (rows of Vt).
  const SvdResult svd = exact_svd(Y);
  for (std::size_t k = 0; k < directions; ++k)
    for (std::size_t i = 0; i < V; ++i) {
      double along = 0;
      for (std::size_t j = 0; j < d; ++j) along += double(Y(i, j)) * svd.Vt(k, j);
      for (std::size_t j = 0; j < d; ++j) Y(i, j) -= static_cast<Scalar>(along * svd.Vt(k, j));
    }
  return Y;
}

}  // namespace minidl
