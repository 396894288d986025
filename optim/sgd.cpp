#include "optim/sgd.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

namespace minidl {

void SGD::update(std::size_t i, Tensor& param, const Tensor& grad) {
  xt::noalias(param) -= lr_ * grad;
}

}  // namespace minidl
