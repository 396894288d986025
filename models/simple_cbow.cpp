#include <minidl/models/simple_cbow.hpp>

#include <minidl/framework/one_hot.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/models/model_checks.hpp>

namespace minidl {

SimpleCBOW::SimpleCBOW(std::size_t vocab_size, std::size_t hidden_size, Rng& rng)
    : W_in(add_parameter("W_in", randn({vocab_size, hidden_size}, rng) * Scalar(0.01))),
      W_out(add_parameter("W_out", randn({hidden_size, vocab_size}, rng) * Scalar(0.01))) {}

Variable SimpleCBOW::loss(const Ids& contexts, const Ids& target) {
  model_checks::contexts_target("SimpleCBOW", contexts, target);
  const std::size_t V = W_in.shape()[0];
  Variables hs;
  for (std::size_t c = 0; c < contexts.shape()[1]; ++c) {
    Variable x(convert_one_hot(model_checks::column(contexts, c), V), "context", /*requires_grad=*/false);
    hs.push_back(matmul(x, W_in));
  }
  Variable h = mean(hs);
  Variable score = matmul(h, W_out);
  return softmax_with_loss(score, target);
}

Scalar SimpleCBOW::forward(const Tensor& contexts, const Tensor& target) {
  model_checks::one_hot_batch("SimpleCBOW", contexts, target, W_in.shape()[0]);
  const std::size_t C = contexts.shape()[1];
  in_layers_.resize(C);
  Tensor h = in_layers_[0].forward({model_checks::column(contexts, 0), W_in.data()});
  for (std::size_t c = 1; c < C; ++c) h += in_layers_[c].forward({model_checks::column(contexts, c), W_in.data()});
  h *= Scalar(1) / static_cast<Scalar>(C);
  Tensor score = out_layer_.forward({h, W_out.data()});
  return loss_layer_.forward({score}, labels_from_one_hot(target, "SimpleCBOW"))();
}

void SimpleCBOW::backward(Scalar dout) {
  Tensor ds = loss_layer_.backward(dout);
  Tensors g = out_layer_.backward(ds);  // {da, dW_out}
  W_out.add_grad(std::move(g[1]));
  Tensor da = g[0] * (Scalar(1) / static_cast<Scalar>(in_layers_.size()));
  for (std::size_t c = in_layers_.size(); c-- > 0;) W_in.add_grad(in_layers_[c].backward(da)[1]);
}

}  // namespace minidl
