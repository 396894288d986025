#pragma once
// MLP (DeZero's models.MLP): Linear layers of the given sizes with an activation between them and
// none after the last, so that the output is the scores a loss takes.
//   sizes {2, 10, 3}:  y = Linear(10, 3)(activation(Linear(2, 10)(x)))
// The default activation is the book's Sigmoid (ch01/two_layer_net.py); relu or tanh are one
// argument away.
#include <functional>
#include <vector>

#include <minidl/framework/layer.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/linear.hpp>

namespace minidl {

class MLP : public Layer {
 public:
  using Activation = std::function<Variable(const Variable&)>;

  // sizes: the input size, then each layer's output size (at least two numbers). Throws
  // std::invalid_argument otherwise, or for an empty activation.
  MLP(const std::vector<std::size_t>& sizes, Rng& rng, Activation activation = default_activation(),
      Scalar weight_scale = Scalar(0.01));

  Variable forward(const Variable& x) const;
  Variable operator()(const Variable& x) const { return forward(x); }

  std::vector<Linear> layers;

  static Activation default_activation();  // sigmoid

 private:
  Activation activation_;
};

}  // namespace minidl
