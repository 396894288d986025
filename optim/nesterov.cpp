#include <minidl/optim/nesterov.hpp>

#include <minidl/framework/parallel.hpp>

namespace minidl {
namespace {

// As optim/momentum.cpp, v through flush_tiny; mm = momentum^2, step = (1 + momentum) lr.
void nesterov_elements(std::size_t begin, std::size_t end, Scalar* __restrict p, Scalar* __restrict v,
                       const Scalar* __restrict g, Scalar lr, Scalar momentum, Scalar mm, Scalar step) {
  for (std::size_t k = begin; k < end; ++k) {
    const Scalar v_k = momentum * v[k] - lr * g[k];
    v[k] = flush_tiny(v_k);
    p[k] += mm * v[k] - step * g[k];
  }
}

}  // namespace

void Nesterov::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Scalar* p = param.data();
  Scalar* v = state("v", i, param).data();
  const Scalar* g = grad.data();
  const Scalar lr = lr_, momentum = momentum_, mm = momentum_ * momentum_, step = (1 + momentum_) * lr_;
  parallel_for(param.size(), [=](std::size_t begin, std::size_t end) {
    nesterov_elements(begin, end, p, v, g, lr, momentum, mm, step);
  });
}

}  // namespace minidl
