#include "optim/nesterov.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

namespace minidl {

void Nesterov::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Tensor& v = state("v", i, param);
  xt::noalias(v) = momentum_ * v - lr_ * grad;
  xt::noalias(param) += momentum_ * momentum_ * v - (1 + momentum_) * lr_ * grad;
}

}  // namespace minidl
