#pragma once
// Gradient clipping by global norm (book common/util.py clip_grads):
//   norm = sqrt(sum over all parameters of sum(dW^2));  if norm > max_norm: dW *= max_norm / (norm + 1e-6)
#include <minidl/framework/parameter.hpp>

namespace minidl {

// Returns the norm before clipping. Parameters without a gradient are skipped.
double clip_grads(const Parameters& params, double max_norm);

}  // namespace minidl
