#include <minidl/optim/rmsprop.hpp>

#include <cmath>

#include <minidl/framework/parallel.hpp>

namespace minidl {
namespace {

// __restrict as in optim/adam.cpp. Without gradients h decays geometrically: flush_tiny keeps it
// out of the subnormals (framework/optimizer.hpp); at 1e-30, sqrt(h) is already lost next to the
// 1e-7 in the denominator.
void rmsprop_elements(std::size_t begin, std::size_t end, Scalar* __restrict p, Scalar* __restrict h,
                      const Scalar* __restrict g, Scalar lr, Scalar decay, Scalar fresh) {
  for (std::size_t k = begin; k < end; ++k) {
    const Scalar h_k = decay * h[k] + fresh * g[k] * g[k];
    h[k] = flush_tiny(h_k);
    p[k] -= lr * g[k] / (std::sqrt(h[k]) + Scalar(1e-7));
  }
}

}  // namespace

void RMSprop::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Scalar* p = param.data();
  Scalar* h = state("h", i, param).data();
  const Scalar* g = grad.data();
  const Scalar lr = lr_, decay = decay_rate_, fresh = 1 - decay_rate_;
  parallel_for(param.size(), [=](std::size_t begin, std::size_t end) {
    rmsprop_elements(begin, end, p, h, g, lr, decay, fresh);
  });
}

}  // namespace minidl
