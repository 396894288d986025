#include "optim/momentum.hpp"

#include <cmath>

#include "framework/parallel.hpp"

namespace minidl {
namespace {

// __restrict as in optim/adam.cpp. Without gradients v decays geometrically into subnormal floats,
// on which x86 is many times slower (see optim/adam.cpp); below 1e-30 it is set to 0, a move lost
// next to any weight larger than about 1e-23.
void momentum_elements(std::size_t begin, std::size_t end, Scalar* __restrict p, Scalar* __restrict v,
                       const Scalar* __restrict g, Scalar lr, Scalar momentum) {
  constexpr Scalar tiny = Scalar(1e-30);
  for (std::size_t k = begin; k < end; ++k) {
    const Scalar v_k = momentum * v[k] - lr * g[k];
    v[k] = std::fabs(v_k) < tiny ? Scalar(0) : v_k;  // NaN compares false: it stays NaN
    p[k] += v[k];
  }
}

}  // namespace

void Momentum::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Scalar* p = param.data();
  Scalar* v = state("v", i, param).data();
  const Scalar* g = grad.data();
  const Scalar lr = lr_, momentum = momentum_;
  parallel_for(param.size(), [=](std::size_t begin, std::size_t end) {
    momentum_elements(begin, end, p, v, g, lr, momentum);
  });
}

}  // namespace minidl
