// Trains y = 2x with one MatMul and SGD, through the installed headers and library.
#include <cstdio>

#include <xtensor/xbuilder.hpp>

#include <minidl/framework/ops.hpp>
#include <minidl/framework/parameter.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/optim/sgd.hpp>

int main() {
  using namespace minidl;
  Parameter W(xt::zeros<Scalar>({1, 1}), "W");
  Variable x(Tensor{{1.0, 2.0, 3.0}}, "x", false);
  Variable t(Tensor{{2.0, 4.0, 6.0}}, "t", false);
  SGD opt({W}, 0.05f);
  for (int i = 0; i < 100; ++i) {
    opt.zero_grad();
    Variable d = sub(matmul(transpose(x), W), transpose(t));
    Variable loss = mean(mul(d, d));
    loss.backward();
    opt.step();
  }
  std::printf("W = %.4f (%zu-byte Scalar)\n", static_cast<double>(W.data()(0, 0)), sizeof(Scalar));
  return W.data()(0, 0) > 1.99 && W.data()(0, 0) < 2.01 ? 0 : 1;
}
