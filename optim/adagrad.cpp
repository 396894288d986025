#include "optim/adagrad.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

namespace minidl {

void AdaGrad::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Tensor& h = state("h", i, param);
  xt::noalias(h) += grad * grad;
  xt::noalias(param) -= lr_ * grad / (xt::sqrt(h) + Scalar(1e-7));
}

}  // namespace minidl
