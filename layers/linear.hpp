#pragma once
// Linear (DeZero's L.Linear; the book's Affine layer, ch. 1.3):
//   y = x W + b      W:(in, out) = weight_scale * randn, b:(out,) = 0
// The book initialises every weight as 0.01 * randn (ch01/two_layer_net.py), the default here; a
// deep or wide network trains better with weight_scale = sqrt(1 / in) (DeZero's choice, Xavier's).
// Backward comes from the engine (framework/ops/linear.hpp).
#include <cstddef>

#include <minidl/framework/layer.hpp>
#include <minidl/framework/random.hpp>

namespace minidl {

class Linear : public Layer {
 public:
  // Throws std::invalid_argument for a zero size.
  Linear(std::size_t in, std::size_t out, Rng& rng, Scalar weight_scale = Scalar(0.01), bool bias = true);

  // x:(N, in) or (B, N, in) -> (N, out) or (B, N, out).
  Variable forward(const Variable& x) const;
  Variable operator()(const Variable& x) const { return forward(x); }

  Parameter W, b;  // b is undefined when the layer has no bias
};

}  // namespace minidl
