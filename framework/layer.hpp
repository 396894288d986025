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
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include <minidl/framework/parameter.hpp>

namespace minidl {

class Layer {
 public:
  Layer() = default;
  virtual ~Layer() = default;
  // Movable, so that layers live in containers (std::vector<Affine>): sub-layers are found through
  // pointers to members, which stay right wherever the layer moves. Not copyable: a copy would
  // share the Parameters' handles, which is weight sharing, and that should be said (share_parameter).
  Layer(Layer&&) = default;
  Layer& operator=(Layer&&) = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  // Own Parameters, then the sub-layers', each shared Parameter once.
  Parameters parameters() const;
  void zero_grad();

 protected:
  Parameter add_parameter(std::string name, Tensor init);
  // Registers a Parameter owned elsewhere too (weight sharing); parameters() lists it once.
  Parameter share_parameter(const Parameter& p);
  // Registers a member sub-layer, or a member container of them, so that their Parameters are
  // this layer's too: add_layer(&Affine2::fc1), add_layer(&MLP::layers) (a std::vector<Linear>
  // that may still grow).
  template <class Self, class Member>
  void add_layer(Member Self::*member) {
    static_assert(std::is_base_of_v<Layer, Self>, "add_layer(&Class::member): Class must be this Layer's class");
    if constexpr (std::is_base_of_v<Layer, Member>) {
      children_.push_back([member](const Layer& self, std::vector<const Layer*>& out) {
        out.push_back(&(static_cast<const Self&>(self).*member));
      });
    } else {
      children_.push_back([member](const Layer& self, std::vector<const Layer*>& out) {
        for (const Layer& child : static_cast<const Self&>(self).*member) out.push_back(&child);
      });
    }
  }

 private:
  void collect(Parameters& out) const;
  Parameters params_;
  // Each finds, in a given layer of this class, its sub-layer(s).
  std::vector<std::function<void(const Layer&, std::vector<const Layer*>&)>> children_;
};

}  // namespace minidl
