#include "layers/negative_sampling_loss.hpp"

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

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
  const Ids correct_label = xt::ones<std::int32_t>({N});
  const Ids negative_label = xt::zeros<std::int32_t>({N});

  Variables losses{sigmoid_with_loss(embedding_dot(W_, h, target), correct_label)};
  for (std::size_t k = 0; k < negatives.shape()[1]; ++k) {
    const Ids negative_target = xt::view(negatives, xt::all(), k);
    losses.push_back(sigmoid_with_loss(embedding_dot(W_, h, negative_target), negative_label));
  }
  return sum(losses);
}

}  // namespace minidl
