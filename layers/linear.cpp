#include <minidl/layers/linear.hpp>

#include <stdexcept>
#include <string>

#include <xtensor/xbuilder.hpp>

#include <minidl/framework/ops/linear.hpp>

namespace minidl {

Linear::Linear(std::size_t in, std::size_t out, Rng& rng, Scalar weight_scale, bool bias) {
  if (in == 0 || out == 0)
    throw std::invalid_argument("Linear: sizes must be at least 1, got in " + std::to_string(in) + ", out " +
                                std::to_string(out));
  Tensor w = randn({in, out}, rng);
  w *= weight_scale;
  W = add_parameter("W", std::move(w));
  if (bias) b = add_parameter("b", xt::zeros<Scalar>({out}));
}

Variable Linear::forward(const Variable& x) const { return b.defined() ? linear(x, W, b) : linear(x, W); }

}  // namespace minidl
