#include <minidl/framework/ops/dropout.hpp>

#include <stdexcept>

#include <minidl/framework/function.hpp>

namespace minidl {
namespace {

thread_local bool training = true;

class Dropout : public Function {
 public:
  Dropout(double ratio, Rng& rng) : ratio_(ratio), rng_(rng) {}
  std::string name() const override { return "Dropout"; }
  Tensors forward(const Inputs& x) override {
    mask_ = Tensor::from_shape(x[0].shape());
    const Scalar keep = Scalar(1) / static_cast<Scalar>(1 - ratio_);
    for (auto& m : mask_) m = rng_.uniform() >= ratio_ ? keep : Scalar(0);
    return outputs(x[0] * mask_);
  }
  Tensors backward(const Tensors& gy) override { return outputs(gy[0] * mask_); }

 private:
  double ratio_;
  Rng& rng_;     // used in forward only, while the caller's generator is alive
  Tensor mask_;  // 0 or 1 / (1 - ratio)
};

}  // namespace

bool train_mode() { return training; }
TestMode::TestMode() : previous_(training) { training = false; }
TestMode::~TestMode() { training = previous_; }

Variable dropout(const Variable& x, double ratio, Rng& rng) {
  if (!(ratio >= 0 && ratio < 1))
    throw std::invalid_argument("dropout: ratio " + std::to_string(ratio) + " is not in [0, 1)");
  if (!train_mode()) return x;
  return call<Dropout>({x}, ratio, rng);
}

}  // namespace minidl
