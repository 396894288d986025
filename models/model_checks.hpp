#pragma once
// Argument checks and small helpers shared by the chapter-3 models.
#include <stdexcept>
#include <string>

#include <xtensor/xview.hpp>

#include <minidl/framework/tensor.hpp>

namespace minidl::model_checks {

inline void contexts_target(const std::string& model, const Ids& contexts, const Ids& target) {
  if (contexts.dimension() != 2 || contexts.shape()[1] == 0)
    throw std::invalid_argument(model + ": contexts must be (N, C) ids with C >= 1, got shape " +
                                shape_str(contexts.shape()));
  if (target.dimension() != 1 || target.shape()[0] != contexts.shape()[0])
    throw std::invalid_argument(model + ": target of shape " + shape_str(target.shape()) + " for contexts of shape " +
                                shape_str(contexts.shape()) + " (want one target per row)");
  if (target.size() == 0) throw std::invalid_argument(model + ": empty batch");
}

// Chapter 4's models take exactly 2 * window_size contexts per row.
inline void context_width(const std::string& model, const Ids& contexts, std::size_t window_size) {
  if (contexts.shape()[1] != 2 * window_size)
    throw std::invalid_argument(model + ": contexts of shape " + shape_str(contexts.shape()) + " for window_size " +
                                std::to_string(window_size) + " (want " + std::to_string(2 * window_size) + " columns)");
}

inline void one_hot_batch(const std::string& model, const Tensor& contexts, const Tensor& target, std::size_t vocab) {
  if (contexts.dimension() != 3 || contexts.shape()[2] != vocab || contexts.shape()[1] == 0)
    throw std::invalid_argument(model + ": one-hot contexts must be (N, C, " + std::to_string(vocab) + "), got " +
                                shape_str(contexts.shape()));
  if (target.dimension() != 2 || target.shape()[0] != contexts.shape()[0] || target.shape()[1] != vocab)
    throw std::invalid_argument(model + ": one-hot target must be (" + std::to_string(contexts.shape()[0]) + ", " +
                                std::to_string(vocab) + "), got " + shape_str(target.shape()));
}

inline Ids column(const Ids& m, std::size_t c) { return xt::view(m, xt::all(), c); }
inline Tensor column(const Tensor& m, std::size_t c) { return xt::view(m, xt::all(), c, xt::all()); }

}  // namespace minidl::model_checks
