#pragma once
// SimpleCBOW (book ch. 3.4): the contexts' rows of W_in, averaged, predict the target through W_out.
//   h = (c_0 W_in + c_1 W_in) / 2      score = h W_out      loss = SoftmaxWithLoss(score, t)
//   W_in:(V,H) and W_out:(H,V), both 0.01 * randn; the input MatMuls share W_in.
// Backward by hand, as the chapter writes it:
//   ds = loss.backward();  da = out.backward(ds);  da *= 1/2;  in_1.backward(da);  in_0.backward(da)
// (with C contexts instead of 2, the 1/2 is 1/C).
#include <vector>

#include <minidl/models/word_model.hpp>
#include <minidl/framework/by_hand.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/framework/ops/softmax_with_loss.hpp>

namespace minidl {

class SimpleCBOW : public WordModel {
 public:
  SimpleCBOW(std::size_t vocab_size, std::size_t hidden_size, Rng& rng);

  // Through the engine: contexts (N, C) and target (N,) as ids; loss.backward() fills the grads.
  using WordModel::loss;
  Variable loss(const Ids& contexts, const Ids& target) override;

  // The chapter's way: one-hot contexts (N, C, V) and target (N, V), forward then backward by
  // hand; backward adds into W_in.grad() and W_out.grad().
  Scalar forward(const Tensor& contexts, const Tensor& target);
  void backward(Scalar dout = 1);

  Tensor word_vecs() const override { return W_in.data(); }

  Parameter W_in, W_out;

 private:
  // The book's in_layer0, in_layer1 (as many as contexts), out_layer and loss_layer.
  std::vector<ByHand<MatMul>> in_layers_;
  ByHand<MatMul> out_layer_;
  ByHand<SoftmaxWithLoss> loss_layer_;
};

}  // namespace minidl
