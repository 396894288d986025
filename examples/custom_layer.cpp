// A user's own Function (Softplus) and Layer (Affine), written outside the library and gradient-checked.
// docs/custom-layer.md quotes the regions between the [name] markers; a test keeps them in sync.
// Built against minidl_f64: the gradient checker works in double precision.
#include <cmath>
#include <iostream>

#include <CLI/CLI.hpp>
#include <xtensor/xbuilder.hpp>

#include <minidl/framework/function.hpp>
#include <minidl/framework/gradient_check.hpp>
#include <minidl/framework/layer.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/model.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/framework/trainer.hpp>
#include <minidl/layers/linear.hpp>
#include <minidl/optim/sgd.hpp>

// [softplus]
// y = log(1 + e^x);  dx = dy * sigmoid(x) = dy * (1 - e^-y)
class Softplus : public minidl::Function {
 public:
  std::string name() const override { return "Softplus"; }
  minidl::Tensors forward(const minidl::Inputs& x) override {
    // max(x, 0) + log(1 + e^-|x|): the same value, and e^x never overflows
    y_ = xt::maximum(x[0], 0.0) + xt::log1p(xt::exp(-xt::abs(x[0])));
    return {y_};
  }
  minidl::Tensors backward(const minidl::Tensors& dy) override { return {dy[0] * (1 - xt::exp(-y_))}; }

 private:
  minidl::Tensor y_;  // the output is all backward needs
};

minidl::Variable softplus(const minidl::Variable& x) { return minidl::call<Softplus>({x}); }
// [softplus]

// [wrong]
// The same with a mistake in backward: the factor sigmoid(x) is forgotten.
class WrongSoftplus : public Softplus {
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

// [network]
// DeZero's step-43 problem: y = sin(2 pi x) + noise, fitted by Linear(1, 10) -> sigmoid -> Linear(10, 1)
// with the mean squared error. A Model is a Layer with a loss; the Trainer does the rest.
class SineNet : public minidl::Model {
 public:
  explicit SineNet(minidl::Rng& rng) : fc1(1, 10, rng), fc2(10, 1, rng) {
    add_layer(&SineNet::fc1);
    add_layer(&SineNet::fc2);
  }
  minidl::Variable loss(const minidl::Batch& x, const minidl::Batch& t) override {
    minidl::Variable y = fc2(sigmoid(fc1(minidl::Variable(x.tensor(), "x", false))));
    return mean_squared_error(y, minidl::Variable(t.tensor(), "t", false));
  }

  minidl::Linear fc1, fc2;
};
// [network]

int main(int argc, char** argv) {
  // No options, but --help says what the program does and anything else is refused, not ignored.
  CLI::App app("Writes a Function (Softplus) and a Layer (Affine) outside the library, gradient-checks them in "
               "double precision and trains a small network with them (docs/custom-layer.md)");
  CLI11_PARSE(app, argc, argv);
  using namespace minidl;
  Rng rng(0);
  bool all_as_expected = true;

  // [check]
  Variable x(randn({3, 4}, rng), "x");
  auto result = gradient_check([](const Variables& in) { return softplus(in[0]); }, {x});
  std::cout << "Softplus:\n" << result.report;
  // [check]
  all_as_expected &= result.ok;

  // [check-wrong]
  auto wrong = gradient_check([](const Variables& in) { return call<WrongSoftplus>({in[0]}); }, {x});
  std::cout << "\nWrongSoftplus:\n" << wrong.report;
  // [check-wrong]
  all_as_expected &= !wrong.ok;

  // [check-layer]
  Affine layer(4, 2, rng);
  auto affine = gradient_check([&](const Variables& in) { return softplus(layer.forward(in[0])); }, {x},
                               layer.parameters());
  std::cout << "\nAffine + Softplus:\n" << affine.report;
  // [check-layer]
  all_as_expected &= affine.ok;

  // [train]
  Tensor xs = rand_uniform({100, 1}, rng);
  Tensor ts = xt::sin(2 * std::acos(-1.0) * xs) + rand_uniform({100, 1}, rng);
  SineNet net(rng);
  SGD sgd(net.parameters(), 0.2);
  Trainer trainer(net, sgd);
  trainer.set_output(nullptr);                           // quiet: the loss history is kept
  trainer.fit(xs, ts, /*max_epoch=*/10000, /*batch_size=*/100, /*max_grad=*/0, /*eval_interval=*/1);
  std::cout << "\nSineNet: loss " << trainer.loss_list().front() << " -> " << trainer.loss_list().back() << "\n";
  // [train]
  // The noise is uniform on [0, 1): its variance, 1/12 = 0.083, is the least the loss can reach.
  all_as_expected &= trainer.loss_list().back() < 0.1;

  std::cout << (all_as_expected ? "\nall checks came out as expected\n" : "\nUNEXPECTED gradient check result\n");
  return all_as_expected ? 0 : 1;
}
