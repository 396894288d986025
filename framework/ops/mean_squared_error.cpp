#include <minidl/framework/ops/mean_squared_error.hpp>

#include <stdexcept>

#include <minidl/framework/function.hpp>

namespace minidl {
namespace {

class MeanSquaredError : public Function {
 public:
  std::string name() const override { return "MeanSquaredError"; }
  Tensors forward(const Inputs& x) override {
    if (!same_shape(x[0], x[1]))
      throw std::invalid_argument("MeanSquaredError: shapes " + shape_str(x[0].shape()) + " and " +
                                  shape_str(x[1].shape()) + " differ (predictions and targets must match)");
    n_ = x[0].dimension() == 0 ? 1 : x[0].shape()[0];
    if (n_ == 0) throw std::invalid_argument("MeanSquaredError: empty batch (0 rows)");
    diff_ = x[0] - x[1];
    double s = 0;
    for (const Scalar d : diff_) s += static_cast<double>(d) * d;
    Tensor y = Tensor::from_shape({});
    y() = static_cast<Scalar>(s / static_cast<double>(n_));
    return outputs(std::move(y));
  }
  Tensors backward(const Tensors& gy) override {
    Tensor g0 = diff_ * (Scalar(2) * gy[0]() / static_cast<Scalar>(n_));
    Tensor g1 = -g0;
    return outputs(std::move(g0), std::move(g1));
  }

 private:
  std::size_t n_ = 1;
  Tensor diff_;
};

}  // namespace

Variable mean_squared_error(const Variable& x0, const Variable& x1) { return call<MeanSquaredError>({x0, x1}); }

}  // namespace minidl
