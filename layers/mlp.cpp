#include <minidl/layers/mlp.hpp>

#include <stdexcept>

#include <minidl/framework/ops/sigmoid.hpp>

namespace minidl {

MLP::Activation MLP::default_activation() {
  return [](const Variable& x) { return sigmoid(x); };
}

MLP::MLP(const std::vector<std::size_t>& sizes, Rng& rng, Activation activation, Scalar weight_scale)
    : activation_(std::move(activation)) {
  if (sizes.size() < 2)
    throw std::invalid_argument("MLP: sizes needs the input size and at least one layer's output size, got " +
                                std::to_string(sizes.size()) + " number(s)");
  if (!activation_) throw std::invalid_argument("MLP: the activation is empty");
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) layers.emplace_back(sizes[i], sizes[i + 1], rng, weight_scale);
  add_layer(&MLP::layers);
}

Variable MLP::forward(const Variable& x) const {
  Variable h = x;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    h = layers[i].forward(h);
    if (i + 1 < layers.size()) h = activation_(h);
  }
  return h;
}

}  // namespace minidl
