#include "models/skip_gram.hpp"

#include "framework/io/checkpoint.hpp"
#include "framework/ops.hpp"
#include "layers/embedding.hpp"
#include "models/model_checks.hpp"

namespace minidl {

SkipGram::SkipGram(std::size_t vocab_size, std::size_t hidden_size, std::size_t window_size, const Ids& corpus,
                   Rng& rng, const Word2VecOptions& options)
    : W_in(add_parameter("W_in", randn({vocab_size, hidden_size}, rng) * Scalar(0.01))),
      W_out(add_parameter("W_out", randn({vocab_size, hidden_size}, rng) * Scalar(0.01))),
      window_size_(window_size) {
  for (std::size_t c = 0; c < 2 * window_size; ++c) {
    // Each context position has its own sampler; offset their seeds so they draw differently.
    loss_layers_.push_back(std::make_unique<NegativeSamplingLoss>(W_out, corpus, options.power, options.sample_size,
                                                                  options.sampler_seed + c));
    add_layer(*loss_layers_.back());
  }
}

void SkipGram::seed_sampler(std::uint64_t seed) {
  for (std::size_t c = 0; c < loss_layers_.size(); ++c) loss_layers_[c]->sampler().seed(seed + c);
}

void SkipGram::save_random_state(Checkpoint& ck) const {
  for (std::size_t c = 0; c < loss_layers_.size(); ++c)
    ck.put("sampler/" + std::to_string(c), loss_layers_[c]->sampler().rng_state());
}

void SkipGram::load_random_state(const Checkpoint& ck) {
  for (std::size_t c = 0; c < loss_layers_.size(); ++c)
    loss_layers_[c]->sampler().set_rng_state(ck.string("sampler/" + std::to_string(c)));
}

Variable SkipGram::loss(const Ids& contexts, const Ids& target) {
  model_checks::contexts_target("SkipGram", contexts, target);
  if (contexts.shape()[1] != 2 * window_size_)
    throw std::invalid_argument("SkipGram: contexts of shape " + shape_str(contexts.shape()) + " for window_size " +
                                std::to_string(window_size_) + " (want " + std::to_string(2 * window_size_) +
                                " columns)");
  Variable h = embedding(W_in, target);
  Variables losses;
  for (std::size_t c = 0; c < loss_layers_.size(); ++c)
    losses.push_back(loss_layers_[c]->forward(h, model_checks::column(contexts, c)));
  return sum(losses);
}

}  // namespace minidl
