#include <minidl/word2vec/fast/lazy_adam.hpp>

#include <cmath>

#include <minidl/word2vec/fast/clones.hpp>

namespace minidl {

LazyAdam::LazyAdam(std::size_t rows, std::size_t cols, Scalar beta1, Scalar beta2, Scalar eps)
    : cols_(cols), beta1_(beta1), beta2_(beta2), eps_(eps), m_(rows * cols), v_(rows * cols),
      beta1_power_(rows, 1.0), beta2_power_(rows, 1.0) {}

MINIDL_CLONES
void LazyAdam::update(Scalar* w, std::size_t row, const Scalar* grad, Scalar lr) {
  const double p1 = beta1_power_[row] *= beta1_;
  const double p2 = beta2_power_[row] *= beta2_;
  const auto lr_t = static_cast<Scalar>(lr * std::sqrt(1 - p2) / (1 - p1));
  const Scalar b1 = beta1_, b2 = beta2_, eps = eps_;
  Scalar* m = m_.data() + row * cols_;
  Scalar* v = v_.data() + row * cols_;
#pragma omp simd
  for (std::size_t i = 0; i < cols_; ++i) {
    const Scalar g = grad[i];
    m[i] += (1 - b1) * (g - m[i]);
    v[i] += (1 - b2) * (g * g - v[i]);
    w[i] -= lr_t * m[i] / (std::sqrt(v[i]) + eps);
  }
}

}  // namespace minidl
