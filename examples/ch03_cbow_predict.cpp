// Chapter 3.2.1: CBOW inference. Two context words go through MatMuls that share W_in, their
// average h goes through W_out, and the scores say how likely each word is as the target.
//   h = 0.5 * (c0 W_in + c1 W_in)      s = h W_out
#include <iostream>

#include <CLI/CLI.hpp>
#include <xtensor/xio.hpp>

#include <minidl/framework/by_hand.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/framework/ops/softmax.hpp>

int main(int argc, char** argv) {
  using namespace minidl;
  CLI::App app("Chapter 3.2.1: CBOW inference with two input MatMuls sharing W_in");
  std::uint64_t seed = 0;
  app.add_option("--seed", seed, "seed for the weights");
  CLI11_PARSE(app, argc, argv);

  // "you" (id 0) and "goodbye" (id 2) around the target of "You say goodbye ..."
  Tensor c0 = {{1, 0, 0, 0, 0, 0, 0}};
  Tensor c1 = {{0, 0, 1, 0, 0, 0, 0}};
  Rng rng(seed);
  Tensor W_in = randn({7, 3}, rng);
  Tensor W_out = randn({3, 7}, rng);

  ByHand<MatMul> in_layer0, in_layer1, out_layer;  // in_layer0 and in_layer1 share W_in
  Tensor h0 = in_layer0.forward({c0, W_in});
  Tensor h1 = in_layer1.forward({c1, W_in});
  Tensor h = 0.5 * (h0 + h1);
  Tensor s = out_layer.forward({h, W_out});

  std::cout << "h0 =\n" << h0 << "\nh1 =\n" << h1 << "\nh = 0.5 * (h0 + h1) =\n" << h << "\n";
  std::cout << "s = out_layer.forward(h) =\n" << s << "\n";
  std::cout << "softmax(s) =\n" << ByHand<Softmax>().forward({s}) << "\n";
  return 0;
}
