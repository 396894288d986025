#pragma once
// Skip-gram with Embedding and negative sampling (book ch. 4.3.1, skip_gram.py):
//   h = W_in[target]
//   loss = sum over the 2 * window contexts c of NegativeSamplingLoss(W_out)(h, contexts[:, c])
// The book builds one NegativeSamplingLoss per context position; here one layer takes all the
// contexts (N, 2 * window) at once and returns the same sum, with one gradient for W_out.
#include <cstdint>

#include <minidl/models/word_model.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/negative_sampling_loss.hpp>
#include <minidl/models/cbow.hpp>

namespace minidl {

class SkipGram : public WordModel {
 public:
  SkipGram(std::size_t vocab_size, std::size_t hidden_size, std::size_t window_size, const Ids& corpus, Rng& rng,
           const Word2VecOptions& options = {});

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
