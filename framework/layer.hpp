#pragma once
// Layer: something that owns Parameters (and sub-layers) and has a forward of its own shape.
// A user's layer is a short class: add_parameter in the constructor, a forward built from
// Functions; backward comes from the engine, and parameters() is what optimizers and the
// gradient checker take.
//
//   class Affine : public minidl::Layer {            // y = x W + b
//    public:
//     Affine(std::size_t in, std::size_t out, minidl::Rng& rng)
//         : W(add_parameter("W", minidl::randn({in, out}, rng))),
//           b(add_parameter("b", minidl::randn({out}, rng))) {}
//     minidl::Variable forward(const minidl::Variable& x) { return matmul(x, W) + b; }
//     minidl::Parameter W, b;
//   };
// (examples/custom_layer.cpp, explained in docs/custom-layer.md.)
#include <string>
#include <vector>

#include <minidl/framework/parameter.hpp>

namespace minidl {

class Layer {
 public:
  Layer() = default;
  virtual ~Layer() = default;
  // Sub-layers are held by address, so a layer stays where it was built.
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  // Own Parameters, then the sub-layers', each shared Parameter once.
  Parameters parameters() const;
  void zero_grad();

 protected:
  Parameter add_parameter(std::string name, Tensor init);
  // Registers a Parameter owned elsewhere too (weight sharing); parameters() lists it once.
  Parameter share_parameter(const Parameter& p);
  // Registers a member sub-layer so that its Parameters are this layer's too.
  void add_layer(Layer& child);

 private:
  void collect(Parameters& out) const;
  Parameters params_;
  std::vector<Layer*> children_;
};

}  // namespace minidl
