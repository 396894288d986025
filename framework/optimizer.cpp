#include "framework/optimizer.hpp"

#include <xtensor/xbuilder.hpp>

namespace minidl {

void Optimizer::step() {
  begin_step();
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (params_[i].has_grad()) update(i, params_[i].data(), params_[i].grad());
  }
}

void Optimizer::zero_grad() {
  for (auto& p : params_) p.clear_grad();
}

Tensor& Optimizer::state(std::vector<Tensor>& slots, std::size_t i, const Tensor& param) {
  if (slots.size() < params_.size()) slots.resize(params_.size());
  if (!same_shape(slots[i], param)) slots[i] = xt::zeros<Scalar>(param.shape());
  return slots[i];
}

}  // namespace minidl
