#include <minidl/framework/ops/arithmetic.hpp>

#include <stdexcept>

#include <xtensor/xmath.hpp>

#include <minidl/framework/function.hpp>

namespace minidl {
namespace {

// The shape a + b has, or an error naming both shapes.
void check_broadcast(const Tensor& a, const Tensor& b, const std::string& op) {
  const std::size_t n = std::max(a.dimension(), b.dimension());
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t da = i + a.dimension() >= n ? a.shape()[i + a.dimension() - n] : 1;
    const std::size_t db = i + b.dimension() >= n ? b.shape()[i + b.dimension() - n] : 1;
    if (da != db && da != 1 && db != 1)
      throw std::invalid_argument(op + ": shapes " + shape_str(a.shape()) + " and " + shape_str(b.shape()) +
                                  " do not broadcast");
  }
}

class Neg : public Function {
 public:
  std::string name() const override { return "Neg"; }
  Tensors forward(const Inputs& x) override { return outputs(-x[0]); }
  Tensors backward(const Tensors& gy) override { return outputs(-gy[0]); }
};

class Add : public Function {
 public:
  std::string name() const override { return "Add"; }
  Tensors forward(const Inputs& x) override {
    check_broadcast(x[0], x[1], name());
    return outputs(x[0] + x[1]);
  }
  Tensors backward(const Tensors& gy) override {
    return outputs(sum_to(gy[0], shape_of(input(0))), sum_to(gy[0], shape_of(input(1))));
  }
};

class Sub : public Function {
 public:
  std::string name() const override { return "Sub"; }
  Tensors forward(const Inputs& x) override {
    check_broadcast(x[0], x[1], name());
    return outputs(x[0] - x[1]);
  }
  Tensors backward(const Tensors& gy) override {
    Tensor gb = sum_to(gy[0], shape_of(input(1)));
    gb *= Scalar(-1);
    return outputs(sum_to(gy[0], shape_of(input(0))), std::move(gb));
  }
};

class Mul : public Function {
 public:
  std::string name() const override { return "Mul"; }
  Tensors forward(const Inputs& x) override {
    check_broadcast(x[0], x[1], name());
    return outputs(x[0] * x[1]);
  }
  Tensors backward(const Tensors& gy) override {
    const Tensor& a = input(0);
    const Tensor& b = input(1);
    Tensor ga, gb;
    if (needs_grad(0)) ga = sum_to(gy[0] * b, shape_of(a));
    if (needs_grad(1)) gb = sum_to(gy[0] * a, shape_of(b));
    return outputs(std::move(ga), std::move(gb));
  }
};

class Div : public Function {
 public:
  std::string name() const override { return "Div"; }
  Tensors forward(const Inputs& x) override {
    check_broadcast(x[0], x[1], name());
    return outputs(x[0] / x[1]);
  }
  Tensors backward(const Tensors& gy) override {
    const Tensor& a = input(0);
    const Tensor& b = input(1);
    Tensor ga, gb;
    if (needs_grad(0)) ga = sum_to(gy[0] / b, shape_of(a));
    if (needs_grad(1)) gb = sum_to(-gy[0] * a / (b * b), shape_of(b));
    return outputs(std::move(ga), std::move(gb));
  }
};

class Pow : public Function {
 public:
  explicit Pow(Scalar c) : c_(c) {}
  std::string name() const override { return "Pow"; }
  Tensors forward(const Inputs& x) override { return outputs(xt::pow(x[0], c_)); }
  Tensors backward(const Tensors& gy) override { return outputs(c_ * xt::pow(input(0), c_ - 1) * gy[0]); }

 private:
  Scalar c_;
};

class Scale : public Function {
 public:
  explicit Scale(Scalar c) : c_(c) {}
  std::string name() const override { return "Scale"; }
  Tensors forward(const Inputs& x) override { return outputs(x[0] * c_); }
  Tensors backward(const Tensors& gy) override { return outputs(gy[0] * c_); }

 private:
  Scalar c_;
};

}  // namespace

Variable neg(const Variable& x) { return call<Neg>({x}); }
Variable add(const Variable& a, const Variable& b) { return call<Add>({a, b}); }
Variable sub(const Variable& a, const Variable& b) { return call<Sub>({a, b}); }
Variable mul(const Variable& a, const Variable& b) { return call<Mul>({a, b}); }
Variable div(const Variable& a, const Variable& b) { return call<Div>({a, b}); }
Variable pow(const Variable& x, Scalar c) { return call<Pow>({x}, c); }
Variable scale(const Variable& x, Scalar c) { return call<Scale>({x}, c); }

Variable constant(Scalar c) {
  Tensor t = Tensor::from_shape({});
  t() = c;
  return Variable(std::move(t), "constant", false);
}

}  // namespace minidl
