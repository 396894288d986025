#pragma once
// SGNSPairs: Skip-gram with negative sampling as a binary classifier of word pairs (the Keras
// walkthrough's framing; data from word2vec/data/skipgram_pairs), built only from the general
// operations:
//   score = sum_h W_in[centre] * W_out[other]          get_item, mul, sum over axis 1
//   loss  = sigmoid_cross_entropy(score, label)         the mean over the P pairs of the batch
// On the same pairs it is the chapter's NegativeSamplingLoss divided by 1 + k: the book sums the
// positive's mean loss and the k negatives' mean losses, this averages all (1 + k) N of them
// (tests/test_general_models.cpp checks the gradients agree).
#include <minidl/framework/model.hpp>
#include <minidl/framework/random.hpp>

namespace minidl {

class SGNSPairs : public Model {
 public:
  // W_in and W_out (V, H), both 0.01 * randn as the book initialises its word2vec models.
  SGNSPairs(std::size_t vocab_size, std::size_t hidden_size, Rng& rng);

  // x: (P, 2) ids (centre, other), t: (P,) labels 0 or 1.
  Variable loss(const Batch& x, const Batch& t) override;
  // The P scores (logits): accuracy counts score > 0 as "these words go together".
  std::optional<Variable> predict(const Batch& x) override;

  Tensor word_vecs() const { return W_in.data(); }
  Tensor output_vecs() const { return W_out.data(); }

  Parameter W_in, W_out;
};

}  // namespace minidl
