#pragma once
// CBOW with Embedding and negative sampling (book ch. 4.3.1):
//   h = mean_c W_in[contexts[:, c]]                      (the 2 * window Embedding layers)
//   loss = NegativeSamplingLoss(W_out)(h, target)         (W_out is V x H: rows, not columns)
// W_in and W_out are 0.01 * randn; word_vecs() is W_in.
#include <cstdint>

#include <minidl/models/word_model.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/negative_sampling_loss.hpp>

namespace minidl {

struct Word2VecOptions {
  double power = 0.75;           // the sampler's exponent
  std::size_t sample_size = 5;   // negatives per target
  std::uint64_t sampler_seed = 0;
};

class CBOW : public WordModel {
 public:
  CBOW(std::size_t vocab_size, std::size_t hidden_size, std::size_t window_size, const Ids& corpus, Rng& rng,
       const Word2VecOptions& options = {});

  // contexts (N, 2 * window_size), target (N,)
  using WordModel::loss;
  Variable loss(const Ids& contexts, const Ids& target) override;
  Tensor word_vecs() const override { return W_in.data(); }
  Tensor output_vecs() const override { return W_out.data(); }
  void seed_sampler(std::uint64_t seed) { ns_loss_.sampler().seed(seed); }
  void save_random_state(Checkpoint& ck) const override;
  void load_random_state(const Checkpoint& ck) override;

  Parameter W_in, W_out;

 private:
  std::size_t window_size_;
  NegativeSamplingLoss ns_loss_;
};

}  // namespace minidl
