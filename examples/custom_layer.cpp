// A user's own Function (Tanh) and Layer (Affine), written outside the library and gradient-checked.
// docs/custom-layer.md quotes the regions between the [name] markers; a test keeps them in sync.
// Built against minidl_f64: the gradient checker works in double precision.
#include <cmath>
#include <iostream>

#include <xtensor/xbuilder.hpp>

#include <minidl/framework/function.hpp>
#include <minidl/framework/gradient_check.hpp>
#include <minidl/framework/layer.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/matmul.hpp>

// [tanh]
// y = tanh(x);  dx = dy * (1 - y^2)
class Tanh : public minidl::Function {
 public:
  std::string name() const override { return "Tanh"; }
  minidl::Tensors forward(const minidl::Inputs& x) override {
    y_ = xt::tanh(x[0]);
    return {y_};
  }
  minidl::Tensors backward(const minidl::Tensors& dy) override { return {dy[0] * (1 - y_ * y_)}; }

 private:
  minidl::Tensor y_;  // the output is all backward needs
};

minidl::Variable tanh(const minidl::Variable& x) { return minidl::call<Tanh>({x}); }
// [tanh]

// [wrong]
// The same with a mistake in backward: the factor (1 - y^2) is forgotten.
class WrongTanh : public Tanh {
 public:
  minidl::Tensors backward(const minidl::Tensors& dy) override { return {dy[0]}; }
};
// [wrong]

// [affine]
// y = x W + b;  a Layer owns its Parameters, and its backward comes from the engine.
class Affine : public minidl::Layer {
 public:
  Affine(std::size_t in, std::size_t out, minidl::Rng& rng)
      : W(add_parameter("W", minidl::randn({in, out}, rng))),
        b(add_parameter("b", minidl::randn({out}, rng))) {}
  minidl::Variable forward(const minidl::Variable& x) { return matmul(x, W) + b; }

  minidl::Parameter W, b;
};
// [affine]

int main() {
  using namespace minidl;
  Rng rng(0);
  bool all_as_expected = true;

  // [check]
  Variable x(randn({3, 4}, rng), "x");
  auto result = gradient_check([](const Variables& in) { return tanh(in[0]); }, {x});
  std::cout << "Tanh:\n" << result.report;
  // [check]
  all_as_expected &= result.ok;

  // [check-wrong]
  auto wrong = gradient_check([](const Variables& in) { return call<WrongTanh>({in[0]}); }, {x});
  std::cout << "\nWrongTanh:\n" << wrong.report;
  // [check-wrong]
  all_as_expected &= !wrong.ok;

  // [check-layer]
  Affine layer(4, 2, rng);
  auto affine = gradient_check([&](const Variables& in) { return tanh(layer.forward(in[0])); }, {x},
                               layer.parameters());
  std::cout << "\nAffine + Tanh:\n" << affine.report;
  // [check-layer]
  all_as_expected &= affine.ok;

  std::cout << (all_as_expected ? "\nall checks came out as expected\n" : "\nUNEXPECTED gradient check result\n");
  return all_as_expected ? 0 : 1;
}
