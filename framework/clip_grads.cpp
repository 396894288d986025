#include <minidl/framework/clip_grads.hpp>

#include <cmath>
#include <stdexcept>

namespace minidl {

double clip_grads(const Parameters& params, double max_norm) {
  if (!(max_norm > 0)) throw std::invalid_argument("clip_grads: max_norm must be positive, got " + std::to_string(max_norm));
  double total = 0;
  for (const auto& p : params)
    if (p.has_grad())
      for (const Scalar g : p.grad()) total += static_cast<double>(g) * g;
  const double norm = std::sqrt(total);
  const double rate = max_norm / (norm + 1e-6);
  if (rate < 1) {
    for (auto p : params)
      if (p.has_grad()) p.grad() *= static_cast<Scalar>(rate);
  }
  return norm;
}

}  // namespace minidl
