#include <minidl/framework/ops/math.hpp>

#include <stdexcept>

#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

#include <minidl/framework/function.hpp>

namespace minidl {
namespace {

class Exp : public Function {
 public:
  std::string name() const override { return "Exp"; }
  Tensors forward(const Inputs& x) override {
    y_ = xt::exp(x[0]);
    return outputs(y_);
  }
  Tensors backward(const Tensors& gy) override { return outputs(gy[0] * y_); }

 private:
  Tensor y_;
};

class Log : public Function {
 public:
  std::string name() const override { return "Log"; }
  Tensors forward(const Inputs& x) override { return outputs(xt::log(x[0])); }
  Tensors backward(const Tensors& gy) override { return outputs(gy[0] / input(0)); }
};

class Sqrt : public Function {
 public:
  std::string name() const override { return "Sqrt"; }
  Tensors forward(const Inputs& x) override {
    y_ = xt::sqrt(x[0]);
    return outputs(y_);
  }
  Tensors backward(const Tensors& gy) override { return outputs(gy[0] / (Scalar(2) * y_)); }

 private:
  Tensor y_;
};

class Sin : public Function {
 public:
  std::string name() const override { return "Sin"; }
  Tensors forward(const Inputs& x) override { return outputs(xt::sin(x[0])); }
  Tensors backward(const Tensors& gy) override { return outputs(gy[0] * xt::cos(input(0))); }
};

class Cos : public Function {
 public:
  std::string name() const override { return "Cos"; }
  Tensors forward(const Inputs& x) override { return outputs(xt::cos(x[0])); }
  Tensors backward(const Tensors& gy) override { return outputs(-gy[0] * xt::sin(input(0))); }
};

class Tanh : public Function {
 public:
  std::string name() const override { return "Tanh"; }
  Tensors forward(const Inputs& x) override {
    y_ = xt::tanh(x[0]);
    return outputs(y_);
  }
  Tensors backward(const Tensors& gy) override { return outputs(gy[0] * (Scalar(1) - y_ * y_)); }

 private:
  Tensor y_;
};

class ReLU : public Function {
 public:
  std::string name() const override { return "ReLU"; }
  Tensors forward(const Inputs& x) override { return outputs(xt::maximum(x[0], Scalar(0))); }
  Tensors backward(const Tensors& gy) override {
    Tensor gx = gy[0];
    const Tensor& x = input(0);
    for (std::size_t i = 0; i < gx.size(); ++i)
      if (!(x.flat(i) > 0)) gx.flat(i) = 0;
    return outputs(std::move(gx));
  }
};

class Clip : public Function {
 public:
  Clip(Scalar lo, Scalar hi) : lo_(lo), hi_(hi) {
    if (!(lo <= hi))
      throw std::invalid_argument("Clip: the lower bound " + std::to_string(lo) + " is above the upper bound " +
                                  std::to_string(hi));
  }
  std::string name() const override { return "Clip"; }
  Tensors forward(const Inputs& x) override { return outputs(xt::clip(x[0], lo_, hi_)); }
  Tensors backward(const Tensors& gy) override {
    Tensor gx = gy[0];
    const Tensor& x = input(0);
    for (std::size_t i = 0; i < gx.size(); ++i)
      if (!(x.flat(i) >= lo_ && x.flat(i) <= hi_)) gx.flat(i) = 0;
    return outputs(std::move(gx));
  }

 private:
  Scalar lo_, hi_;
};

}  // namespace

Variable exp(const Variable& x) { return call<Exp>({x}); }
Variable log(const Variable& x) { return call<Log>({x}); }
Variable sqrt(const Variable& x) { return call<Sqrt>({x}); }
Variable sin(const Variable& x) { return call<Sin>({x}); }
Variable cos(const Variable& x) { return call<Cos>({x}); }
Variable tanh(const Variable& x) { return call<Tanh>({x}); }
Variable relu(const Variable& x) { return call<ReLU>({x}); }
Variable clip(const Variable& x, Scalar lo, Scalar hi) { return call<Clip>({x}, lo, hi); }

}  // namespace minidl
