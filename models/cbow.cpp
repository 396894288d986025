#include <minidl/models/cbow.hpp>

#include <minidl/framework/io/checkpoint.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/layers/embedding.hpp>
#include <minidl/models/model_checks.hpp>

namespace minidl {

CBOW::CBOW(std::size_t vocab_size, std::size_t hidden_size, std::size_t window_size, const Ids& corpus, Rng& rng,
           const Word2VecOptions& options)
    : W_in(add_parameter("W_in", randn({vocab_size, hidden_size}, rng) * Scalar(0.01))),
      W_out(add_parameter("W_out", randn({vocab_size, hidden_size}, rng) * Scalar(0.01))),
      window_size_(window_size),
      ns_loss_(W_out, corpus, options.power, options.sample_size, options.sampler_seed) {
  add_layer(&CBOW::ns_loss_);
}

void CBOW::save_random_state(Checkpoint& ck) const { ck.put("sampler/0", ns_loss_.sampler().rng_state()); }
void CBOW::load_random_state(const Checkpoint& ck) { ns_loss_.sampler().set_rng_state(ck.string("sampler/0")); }

Variable CBOW::loss(const Ids& contexts, const Ids& target) {
  model_checks::contexts_target("CBOW", contexts, target);
  model_checks::context_width("CBOW", contexts, window_size_);
  // One Embedding over all the contexts (N, C) -> (N, C, H), then the mean over C: the book's
  // 2 * window Embedding layers summed and scaled by 1 / (2 * window), in one gather.
  Variable h = mean(embedding(W_in, contexts), 1);
  return ns_loss_.forward(h, target);
}

}  // namespace minidl
