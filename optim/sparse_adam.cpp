#include <minidl/optim/sparse_adam.hpp>

#include <cmath>

#include <minidl/optim/adam_rule.hpp>

namespace minidl {

SparseAdam::SparseAdam(Parameters params, Scalar lr, Scalar beta1, Scalar beta2)
    : Optimizer(std::move(params)), lr_(lr), beta1_(beta1), beta2_(beta2) {
  // All state made here, before any thread may update a row through rows(i).
  for (std::size_t i = 0; i < parameters().size(); ++i) rows(i);
}

SparseAdam::Rows SparseAdam::rows(std::size_t i) {
  const Tensor& p = parameters().at(i).data();
  const std::size_t V = p.dimension() ? p.shape()[0] : 1;
  Rows r;
  r.m_ = state("m", i, p).data();
  r.v_ = state("v", i, p).data();
  r.t_ = state("t", i, Shape{V}).data();
  // The powers follow from the step counts: made again when a checkpoint brought other counts.
  if (powers_version_ != state_version() || beta1_power_.size() != parameters().size()) {
    beta1_power_.assign(parameters().size(), {});
    beta2_power_.assign(parameters().size(), {});
    powers_version_ = state_version();
  }
  if (beta1_power_[i].size() != V) {
    beta1_power_[i].resize(V);
    beta2_power_[i].resize(V);
    for (std::size_t row = 0; row < V; ++row) {
      beta1_power_[i][row] = std::pow(double(beta1_), double(r.t_[row]));
      beta2_power_[i][row] = std::pow(double(beta2_), double(r.t_[row]));
    }
  }
  r.beta1_power_ = beta1_power_[i].data();
  r.beta2_power_ = beta2_power_[i].data();
  r.cols_ = V ? p.size() / V : 0;
  r.beta1_ = beta1_;
  r.beta2_ = beta2_;
  return r;
}

void SparseAdam::Rows::update(Scalar* w, std::size_t row, const Scalar* g, Scalar lr) const {
  t_[row] += 1;
  const double p1 = beta1_power_[row] *= beta1_;
  const double p2 = beta2_power_[row] *= beta2_;
  const auto lr_t = static_cast<Scalar>(lr * std::sqrt(1 - p2) / (1 - p1));
  const std::size_t at = row * cols_;
  adam_rule(cols_, w, m_ + at, v_ + at, g, 1 - beta1_, 1 - beta2_, lr_t);
}

void SparseAdam::update(std::size_t i, Tensor& param, const Tensor& grad) {
  const Rows r = rows(i);
  for (std::size_t row = 0; row * r.cols_ < param.size(); ++row)
    r.update(param.data() + row * r.cols_, row, grad.data() + row * r.cols_, lr_);
}

void SparseAdam::update_rows(std::size_t i, Tensor& param, const RowSparse& grad) {
  const Rows r = rows(i);
  const RowSparse g = grad.coalesced(param.shape()[0]);  // each row once, its entries summed
  for (std::size_t k = 0; k < g.rows.size(); ++k)
    r.update(param.data() + g.rows[k] * r.cols_, g.rows[k], g.values.data() + k * r.cols_, lr_);
}

}  // namespace minidl
