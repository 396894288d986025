#include <minidl/optim/adam.hpp>

#include <cmath>

#include <minidl/framework/parallel.hpp>

namespace minidl {
namespace {

// Elements [begin, end) of one fused pass over the four arrays: Adam over the embedding matrices
// is memory-bound. __restrict: the arrays are distinct. Saying so spares GCC the run-time overlap
// checks between them, of which it makes at most ten before it leaves a loop scalar (seen here
// with a fifth array: several times slower).
//
// A row that stops receiving gradients decays m and v towards 0: flush_tiny keeps them out of the
// subnormals (framework/optimizer.hpp); a flushed m moved a weight by at most lr_t * 1e-30 / 1e-7.
void adam_elements(std::size_t begin, std::size_t end, Scalar* __restrict p, Scalar* __restrict m,
                   Scalar* __restrict v, const Scalar* __restrict g, Scalar a, Scalar b, Scalar lr_t) {
  for (std::size_t k = begin; k < end; ++k) {
    const Scalar m_k = m[k] + a * (g[k] - m[k]);
    const Scalar v_k = v[k] + b * (g[k] * g[k] - v[k]);
    m[k] = flush_tiny(m_k);
    v[k] = flush_tiny(v_k);
    p[k] -= lr_t * m[k] / (std::sqrt(v[k]) + Scalar(1e-7));
  }
}

}  // namespace

void Adam::begin_step() {
  const double t = ++scalar("t");  // the step count, kept with the state so a resume continues it
  lr_t_ = static_cast<Scalar>(lr_ * std::sqrt(1.0 - std::pow(beta2_, t)) / (1.0 - std::pow(beta1_, t)));
}

// Split across the threads: elements are independent, so the result is the same at any count.
void Adam::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Scalar* p = param.data();
  Scalar* m = state("m", i, param).data();
  Scalar* v = state("v", i, param).data();
  const Scalar* g = grad.data();
  const Scalar a = 1 - beta1_, b = 1 - beta2_, lr_t = lr_t_;
  parallel_for(param.size(), [=](std::size_t begin, std::size_t end) {
    adam_elements(begin, end, p, m, v, g, a, b, lr_t);
  });
}

}  // namespace minidl
