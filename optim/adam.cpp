#include "optim/adam.hpp"

#include <cmath>

namespace minidl {

void Adam::begin_step() {
  const double t = ++scalar("t");  // the step count, kept with the state so a resume continues it
  lr_t_ = static_cast<Scalar>(lr_ * std::sqrt(1.0 - std::pow(beta2_, t)) / (1.0 - std::pow(beta1_, t)));
}

// One fused pass over the four arrays: Adam over the embedding matrices is memory-bound.
void Adam::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Tensor& m = state("m", i, param);
  Tensor& v = state("v", i, param);
  Scalar* p = param.data();
  Scalar* pm = m.data();
  Scalar* pv = v.data();
  const Scalar* g = grad.data();
  const Scalar a = 1 - beta1_, b = 1 - beta2_;
  for (std::size_t k = 0, n = param.size(); k < n; ++k) {
    pm[k] += a * (g[k] - pm[k]);
    pv[k] += b * (g[k] * g[k] - pv[k]);
    p[k] -= lr_t_ * pm[k] / (std::sqrt(pv[k]) + Scalar(1e-7));
  }
}

}  // namespace minidl
