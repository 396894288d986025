#include <minidl/framework/optimizer.hpp>

#include <algorithm>
#include <stdexcept>

#include <xtensor/xbuilder.hpp>

namespace minidl {

void Optimizer::step() {
  begin_step();
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const Parameter& p = params_[i];
    if (!p.has_grad()) continue;
    if (const RowSparse* rows = p.sparse_grad()) update_rows(i, params_[i].data(), *rows);
    else update(i, params_[i].data(), p.grad());
  }
}

void Optimizer::update_rows(std::size_t i, Tensor& param, const RowSparse& grad) {
  if (dense_buffers_.size() < params_.size()) dense_buffers_.resize(params_.size());
  Tensor& dense = dense_buffers_[i];
  if (!same_shape(dense, param)) dense = xt::zeros<Scalar>(param.shape());
  grad.add_to(dense);
  update(i, param, dense);
  const std::size_t R = grad.row_size();
  for (const std::size_t r : grad.rows) std::fill_n(dense.data() + r * R, R, Scalar(0));
}

void Optimizer::zero_grad() {
  for (auto& p : params_) p.clear_grad();
}

Tensor& Optimizer::state(const std::string& slot, std::size_t i, const Tensor& param) {
  auto& slots = slots_[slot];
  if (slots.size() < params_.size()) slots.resize(params_.size());
  if (!same_shape(slots[i], param)) slots[i] = xt::zeros<Scalar>(param.shape());
  return slots[i];
}

Tensor& Optimizer::state(const std::string& slot, std::size_t i, const Shape& shape) {
  auto& slots = slots_[slot];
  if (slots.size() < params_.size()) slots.resize(params_.size());
  if (shape_of(slots[i]) != shape) slots[i] = xt::zeros<Scalar>(shape);
  return slots[i];
}

namespace {

// A state tensor fits parameter p when it has p's shape or holds one number per row of p.
bool fits(const Tensor& state, const Tensor& p) {
  return same_shape(state, p) || (p.dimension() > 0 && state.dimension() == 1 && state.shape()[0] == p.shape()[0]);
}

}  // namespace

std::map<std::string, Tensor> Optimizer::state_tensors() const {
  std::map<std::string, Tensor> out;
  for (const auto& [slot, tensors] : slots_)
    for (std::size_t i = 0; i < tensors.size(); ++i)
      if (tensors[i].size() > 0 && fits(tensors[i], params_[i].data())) out[slot + "/" + std::to_string(i)] = tensors[i];
  return out;
}

void Optimizer::load_state(const std::map<std::string, Tensor>& tensors, const std::map<std::string, double>& scalars) {
  slots_.clear();
  for (const auto& [key, t] : tensors) {
    const auto slash = key.rfind('/');
    const std::size_t i = slash == std::string::npos ? params_.size() : std::stoul(key.substr(slash + 1));
    if (i >= params_.size() || !fits(t, params_[i].data()))
      throw std::invalid_argument("optimizer state '" + key + "' of shape " + shape_str(t.shape()) +
                                  " does not fit the " + std::to_string(params_.size()) + " parameters being optimized");
    auto& slots = slots_[key.substr(0, slash)];
    slots.resize(params_.size());
    slots[i] = t;
  }
  scalars_ = scalars;
  ++state_version_;
}

}  // namespace minidl
