#include <minidl/optim/momentum.hpp>

#include <minidl/framework/parallel.hpp>

namespace minidl {
namespace {

// __restrict as in optim/adam.cpp. Without gradients v decays geometrically: flush_tiny keeps it
// out of the subnormals (framework/optimizer.hpp).
void momentum_elements(std::size_t begin, std::size_t end, Scalar* __restrict p, Scalar* __restrict v,
                       const Scalar* __restrict g, Scalar lr, Scalar momentum) {
  for (std::size_t k = begin; k < end; ++k) {
    const Scalar v_k = momentum * v[k] - lr * g[k];
    v[k] = flush_tiny(v_k);
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
