#include "optim/rmsprop.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

namespace minidl {

void RMSprop::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Tensor& h = state("h", i, param);
  xt::noalias(h) = decay_rate_ * h + (1 - decay_rate_) * grad * grad;
  xt::noalias(param) -= lr_ * grad / (xt::sqrt(h) + Scalar(1e-7));
}

}  // namespace minidl
