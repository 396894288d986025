#include "optim/momentum.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

namespace minidl {

void Momentum::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Tensor& v = state("v", i, param);
  xt::noalias(v) = momentum_ * v - lr_ * grad;
  xt::noalias(param) += v;
}

}  // namespace minidl
