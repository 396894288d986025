#include "layers/negative_sampling_loss.hpp"

#include <xtensor/xbuilder.hpp>

#include "framework/ops.hpp"
#include "layers/embedding_dot.hpp"
#include "layers/sigmoid_with_loss.hpp"

namespace minidl {

NegativeSamplingLoss::NegativeSamplingLoss(const Parameter& W, const Ids& corpus, double power,
                                           std::size_t sample_size, std::uint64_t seed)
    : W_(share_parameter(W)), sampler_(corpus, power, sample_size, seed) {}

Variable NegativeSamplingLoss::forward(const Variable& h, const Ids& target) {
  return forward(h, target, sampler_.get_negative_sample(target));
}

Variable NegativeSamplingLoss::forward(const Variable& h, const Ids& target, const Ids& negatives) {
  if (target.dimension() != 1)
    throw std::invalid_argument("NegativeSamplingLoss: target must be (N,), got shape " + shape_str(target.shape()));
  const std::size_t N = target.shape()[0];
  if (negatives.dimension() != 2 || negatives.shape()[0] != N)
    throw std::invalid_argument("NegativeSamplingLoss: negatives of shape " + shape_str(negatives.shape()) +
                                " for a target of shape " + shape_str(target.shape()));
  const std::size_t S = negatives.shape()[1];
  // Column 0: the target, label 1; columns 1..S: the negatives, label 0.
  Ids ids = Ids::from_shape({N, 1 + S});
  Ids labels = xt::zeros<std::int32_t>({N, 1 + S});
  for (std::size_t n = 0; n < N; ++n) {
    ids(n, 0) = target(n);
    labels(n, 0) = 1;
    for (std::size_t k = 0; k < S; ++k) ids(n, 1 + k) = negatives(n, k);
  }
  Variable score = embedding_dot(W_, h, ids);                     // (N, 1 + S)
  return sigmoid_with_loss(score, labels) * static_cast<Scalar>(1 + S);
}

}  // namespace minidl
