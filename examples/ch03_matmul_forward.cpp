// Chapter 3.1.3: a fully connected layer applied to a one-hot vector just picks a row of W.
//   c = [[1 0 0 0 0 0 0]]    W = randn(7, 3)    h = MatMul(W).forward(c)  ->  h == W[0]
#include <iostream>

#include <CLI/CLI.hpp>
#include <xtensor/xio.hpp>
#include <xtensor/xview.hpp>

#include <minidl/framework/by_hand.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/framework/ops/matmul.hpp>

int main(int argc, char** argv) {
  using namespace minidl;
  CLI::App app("Chapter 3.1.3: MatMul forward on a one-hot vector");
  std::uint64_t seed = 0;
  app.add_option("--seed", seed, "seed for W");
  CLI11_PARSE(app, argc, argv);

  Tensor c = {{1, 0, 0, 0, 0, 0, 0}};  // the one-hot vector of word 0
  Rng rng(seed);
  Tensor W = randn({7, 3}, rng);
  ByHand<MatMul> layer;  // the book's layer object: forward now, backward later (framework/by_hand.hpp)
  Tensor h = layer.forward({c, W});

  std::cout << "c =\n" << c << "\nW =\n" << W << "\nh = MatMul.forward(c, W) =\n" << h << "\n";
  const Tensor row0 = xt::view(W, 0, xt::all());
  const bool same = xt::view(h, 0, xt::all()) == row0;
  std::cout << (same ? "h is row 0 of W: the one-hot vector selects that row\n"
                     : "h differs from row 0 of W (this is a bug)\n");
  return same ? 0 : 1;
}
