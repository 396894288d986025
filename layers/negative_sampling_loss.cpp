#include <minidl/layers/negative_sampling_loss.hpp>

#include <xtensor/xbuilder.hpp>

#include <minidl/framework/ops.hpp>
#include <minidl/layers/embedding_dot.hpp>
#include <minidl/framework/ops/sigmoid_with_loss.hpp>

namespace minidl {

NegativeSamplingLoss::NegativeSamplingLoss(const Parameter& W, const Ids& corpus, double power,
                                           std::size_t sample_size, std::uint64_t seed)
    : W_(share_parameter(W)), sampler_(corpus, power, sample_size, seed) {}

Variable NegativeSamplingLoss::forward(const Variable& h, const Ids& target) {
  if (target.dimension() != 1 && target.dimension() != 2)
    throw std::invalid_argument("NegativeSamplingLoss: target must be (N,) or (N, C), got shape " +
                                shape_str(target.shape()));
  // One draw per target, each excluding its own target: flatten, sample, shape back.
  Ids flat = target;
  flat.reshape({target.size()});
  Ids negatives = sampler_.get_negative_sample(flat);
  Shape shape = shape_of(target);
  shape.push_back(sampler_.sample_size());
  negatives.reshape(shape);
  return forward(h, target, negatives);
}

Variable NegativeSamplingLoss::forward(const Variable& h, const Ids& target, const Ids& negatives) {
  if (target.dimension() != 1 && target.dimension() != 2)
    throw std::invalid_argument("NegativeSamplingLoss: target must be (N,) or (N, C), got shape " +
                                shape_str(target.shape()));
  const std::size_t N = target.shape()[0], C = target.dimension() == 2 ? target.shape()[1] : 1;
  const bool fits = negatives.dimension() == target.dimension() + 1 && negatives.shape()[0] == N &&
                    (C == 1 || negatives.shape()[1] == C);
  if (!fits)
    throw std::invalid_argument("NegativeSamplingLoss: negatives of shape " + shape_str(negatives.shape()) +
                                " for a target of shape " + shape_str(target.shape()));
  const std::size_t S = negatives.shape().back(), K = 1 + S;
  // For each target: its id with label 1, then its S negatives with label 0.
  Ids ids = Ids::from_shape({N, C * K});
  Ids labels = xt::zeros<std::int32_t>({N, C * K});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c) {
      const std::size_t at = c * K;
      ids(n, at) = target.flat(n * C + c);
      labels(n, at) = 1;
      for (std::size_t k = 0; k < S; ++k) ids(n, at + 1 + k) = negatives.flat((n * C + c) * S + k);
    }
  Variable score = embedding_dot(W_, h, ids);  // (N, C (1 + S))
  // The book sums C (1 + S) column losses, each a mean over N; one mean over all the scores,
  // times C (1 + S), is the same number.
  return sigmoid_with_loss(score, labels) * static_cast<Scalar>(C * K);
}

}  // namespace minidl
