#include <minidl/models/simple_skip_gram.hpp>

#include <minidl/framework/one_hot.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/models/model_checks.hpp>

namespace minidl {

SimpleSkipGram::SimpleSkipGram(std::size_t vocab_size, std::size_t hidden_size, Rng& rng)
    : W_in(add_parameter("W_in", randn({vocab_size, hidden_size}, rng) * Scalar(0.01))),
      W_out(add_parameter("W_out", randn({hidden_size, vocab_size}, rng) * Scalar(0.01))) {}

Variable SimpleSkipGram::loss(const Ids& contexts, const Ids& target) {
  model_checks::contexts_target("SimpleSkipGram", contexts, target);
  Variable x(convert_one_hot(target, W_in.shape()[0]), "target", /*requires_grad=*/false);
  Variable h = matmul(x, W_in);
  Variable score = matmul(h, W_out);
  Variables losses;
  for (std::size_t c = 0; c < contexts.shape()[1]; ++c)
    losses.push_back(softmax_with_loss(score, model_checks::column(contexts, c)));
  return sum(losses);
}

Scalar SimpleSkipGram::forward(const Tensor& contexts, const Tensor& target) {
  model_checks::one_hot_batch("SimpleSkipGram", contexts, target, W_in.shape()[0]);
  Tensor h = in_layer_.forward({target, W_in.data()});
  Tensor score = out_layer_.forward({h, W_out.data()});
  loss_layers_.resize(contexts.shape()[1]);
  Scalar loss = 0;
  for (std::size_t c = 0; c < loss_layers_.size(); ++c)
    loss += loss_layers_[c].forward({score}, labels_from_one_hot(model_checks::column(contexts, c), "SimpleSkipGram"))();
  return loss;
}

void SimpleSkipGram::backward(Scalar dout) {
  Tensor ds = loss_layers_[0].backward(dout);
  for (std::size_t c = 1; c < loss_layers_.size(); ++c) ds += loss_layers_[c].backward(dout);
  Tensors g = out_layer_.backward(ds);  // {dh, dW_out}
  W_out.add_grad(std::move(g[1]));
  W_in.add_grad(in_layer_.backward(g[0])[1]);
}

}  // namespace minidl
