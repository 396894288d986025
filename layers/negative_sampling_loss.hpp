#pragma once
// NegativeSamplingLoss (book ch. 4.2.7): a binary question per word instead of a softmax over all.
// For each row: the true target with label 1 and sample_size negatives with label 0, each scored
// by EmbeddingDot(W, h) and judged by SigmoidWithLoss; the losses are summed as the book does:
//   loss = L(sigmoid(W[t] . h), 1) + sum_k L(sigmoid(W[neg_k] . h), 0)      (each L a mean over N)
// The book runs 1 + S EmbeddingDot/SigmoidWithLoss pairs, one per column; here one EmbeddingDot
// scores the (N, 1 + S) ids at once and one SigmoidWithLoss averages all N (1 + S) of them, times
// (1 + S): the same number, with one gradient for W instead of 1 + S to add up. Skip-gram's C
// contexts go through the same single call with (N, C) targets.
// With W = 0.01 * randn every score is near 0, so the first loss is (1 + sample_size) ln 2.
#include <minidl/framework/layer.hpp>
#include <minidl/layers/unigram_sampler.hpp>

namespace minidl {

class NegativeSamplingLoss : public Layer {
 public:
  // W (V, H) is registered as a shared Parameter (the model owns it, as W_out).
  NegativeSamplingLoss(const Parameter& W, const Ids& corpus, double power = 0.75, std::size_t sample_size = 5,
                       std::uint64_t seed = 0);

  // h (N, H), target (N,) -> the summed loss, shape ().
  // target (N, C): C targets per row (Skip-gram's contexts), each with its own negatives; the
  // result is the sum of the C losses, the book's Skip-gram loss with one layer per context.
  Variable forward(const Variable& h, const Ids& target);
  // The same with given negatives, (N, S) for target (N,) or (N, C, S) for target (N, C): for tests
  // and the gradient checker.
  Variable forward(const Variable& h, const Ids& target, const Ids& negatives);

  UnigramSampler& sampler() { return sampler_; }
  const UnigramSampler& sampler() const { return sampler_; }

 private:
  Parameter W_;
  UnigramSampler sampler_;
};

}  // namespace minidl
