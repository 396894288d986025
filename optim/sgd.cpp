#include <minidl/optim/sgd.hpp>

#include <minidl/framework/parallel.hpp>

namespace minidl {
namespace {

// A plain loop rather than an xtensor expression, so that it can be split across the threads;
// __restrict as in optim/adam.cpp.
void sgd_elements(std::size_t begin, std::size_t end, Scalar* __restrict p, const Scalar* __restrict g, Scalar lr) {
  for (std::size_t k = begin; k < end; ++k) p[k] -= lr * g[k];
}

}  // namespace

void SGD::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Scalar* p = param.data();
  const Scalar* g = grad.data();
  const Scalar lr = lr_;
  parallel_for(param.size(), [=](std::size_t begin, std::size_t end) { sgd_elements(begin, end, p, g, lr); });
}

// Only the rows with a gradient move (each row's entries summed first, as a dense gradient holds
// them: the same floats as update on the dense gradient).
void SGD::update_rows(std::size_t, Tensor& param, const RowSparse& grad) {
  const RowSparse g = grad.coalesced(param.shape()[0]);
  const std::size_t R = g.row_size();
  for (std::size_t k = 0; k < g.rows.size(); ++k) sgd_elements(0, R, param.data() + g.rows[k] * R, g.values.data() + k * R, lr_);
}

}  // namespace minidl
