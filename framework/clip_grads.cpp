#include <minidl/framework/clip_grads.hpp>

#include <cmath>
#include <stdexcept>

namespace minidl {

double clip_grads(const Parameters& params, double max_norm) {
  if (!(max_norm > 0)) throw std::invalid_argument("clip_grads: max_norm must be positive, got " + std::to_string(max_norm));
  // A row-sparse gradient is summed row by row first: the norm is of the gradient, not its entries.
  double total = 0;
  for (const auto& p : params) {
    if (!p.has_grad()) continue;
    if (const RowSparse* rows = p.sparse_grad()) {
      for (const Scalar g : rows->coalesced(p.shape()[0]).values) total += static_cast<double>(g) * g;
    } else {
      for (const Scalar g : p.grad()) total += static_cast<double>(g) * g;
    }
  }
  const double norm = std::sqrt(total);
  const double rate = max_norm / (norm + 1e-6);
  if (rate < 1) {
    for (auto p : params) {
      if (!p.has_grad()) continue;
      if (RowSparse* rows = p.sparse_grad()) rows->values *= static_cast<Scalar>(rate);
      else p.grad() *= static_cast<Scalar>(rate);
    }
  }
  return norm;
}

}  // namespace minidl
