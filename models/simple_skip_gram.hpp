#pragma once
// SimpleSkipGram (book ch. 3.5.2): the target's row of W_in predicts each context word through W_out.
//   h = t W_in      score = h W_out      loss = sum_c SoftmaxWithLoss(score, context_c)
// Backward by hand: ds = sum_c loss_c.backward();  dh = out.backward(ds);  in.backward(dh)
#include <vector>

#include <minidl/models/word_model.hpp>
#include <minidl/framework/by_hand.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/framework/ops/softmax_with_loss.hpp>

namespace minidl {

class SimpleSkipGram : public WordModel {
 public:
  SimpleSkipGram(std::size_t vocab_size, std::size_t hidden_size, Rng& rng);

  using WordModel::loss;
  Variable loss(const Ids& contexts, const Ids& target) override;

  // The chapter's way: one-hot contexts (N, C, V) and target (N, V).
  Scalar forward(const Tensor& contexts, const Tensor& target);
  void backward(Scalar dout = 1);

  Tensor word_vecs() const override { return W_in.data(); }

  Parameter W_in, W_out;

 private:
  ByHand<MatMul> in_layer_, out_layer_;
  std::vector<ByHand<SoftmaxWithLoss>> loss_layers_;
};

}  // namespace minidl
