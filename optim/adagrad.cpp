#include <minidl/optim/adagrad.hpp>

#include <cmath>

#include <minidl/framework/parallel.hpp>

namespace minidl {
namespace {

// __restrict as in optim/adam.cpp. h only grows, so unlike the decaying optimizers' state it cannot
// drift into subnormal floats.
void adagrad_elements(std::size_t begin, std::size_t end, Scalar* __restrict p, Scalar* __restrict h,
                      const Scalar* __restrict g, Scalar lr) {
  for (std::size_t k = begin; k < end; ++k) {
    h[k] += g[k] * g[k];
    p[k] -= lr * g[k] / (std::sqrt(h[k]) + Scalar(1e-7));
  }
}

}  // namespace

void AdaGrad::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Scalar* p = param.data();
  Scalar* h = state("h", i, param).data();
  const Scalar* g = grad.data();
  const Scalar lr = lr_;
  parallel_for(param.size(), [=](std::size_t begin, std::size_t end) { adagrad_elements(begin, end, p, h, g, lr); });
}

}  // namespace minidl
