#include <minidl/framework/ops.hpp>

#include <numeric>
#include <stdexcept>

#include <xtensor/xbroadcast.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>

#include <minidl/framework/function.hpp>

namespace minidl {
namespace {

Shape broadcast_shape(const Tensor& a, const Tensor& b, const std::string& op) {
  const std::size_t n = std::max(a.dimension(), b.dimension());
  Shape out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t da = i + a.dimension() >= n ? a.shape()[i + a.dimension() - n] : 1;
    const std::size_t db = i + b.dimension() >= n ? b.shape()[i + b.dimension() - n] : 1;
    if (da != db && da != 1 && db != 1)
      throw std::invalid_argument(op + ": shapes " + shape_str(a.shape()) + " and " + shape_str(b.shape()) +
                                  " do not broadcast");
    out[i] = std::max(da, db);
  }
  return out;
}

class Add : public Function {
 public:
  std::string name() const override { return "Add"; }
  Tensors forward(const Inputs& x) override {
    broadcast_shape(x[0], x[1], name());
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
    broadcast_shape(x[0], x[1], name());
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
    broadcast_shape(x[0], x[1], name());
    return outputs(x[0] * x[1]);
  }
  Tensors backward(const Tensors& gy) override {
    const Tensor& a = input(0);
    const Tensor& b = input(1);
    Tensor ga = gy[0] * b, gb = gy[0] * a;
    return outputs(sum_to(ga, shape_of(a)), sum_to(gb, shape_of(b)));
  }
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

std::size_t normalise_axis(int axis, std::size_t ndim, const std::string& op) {
  const int n = static_cast<int>(ndim);
  if (axis < -n || axis >= n)
    throw std::invalid_argument(op + ": axis " + std::to_string(axis) + " is out of range for " +
                                std::to_string(ndim) + "-D input");
  return static_cast<std::size_t>(axis < 0 ? axis + n : axis);
}

// sum over one axis or all of them; mean is the same with a 1/n factor.
class SumAxis : public Function {
 public:
  SumAxis(std::optional<int> axis, bool keepdims, bool mean) : axis_(axis), keepdims_(keepdims), mean_(mean) {}
  std::string name() const override { return mean_ ? "Mean" : "Sum"; }
  Tensors forward(const Inputs& x) override {
    const Tensor& v = x[0];
    Shape kept = shape_of(v);
    Tensor y;
    if (axis_) {
      const std::size_t ax = normalise_axis(*axis_, v.dimension(), name());
      n_ = v.shape()[ax];
      y = xt::sum(v, {ax}, xt::evaluation_strategy::immediate);
      kept[ax] = 1;
    } else {
      n_ = v.size();
      y = xt::sum(v, xt::evaluation_strategy::immediate);
      for (auto& d : kept) d = 1;
    }
    if (n_ == 0 && mean_) throw std::invalid_argument("Mean: the reduced axis is empty in " + shape_str(v.shape()));
    if (mean_) y /= static_cast<Scalar>(n_);
    kept_shape_ = kept;
    if (keepdims_) y.reshape(kept);
    return outputs(std::move(y));
  }
  // gx = gy repeated along the reduced axis (times 1/n for mean). With the input seen as
  // (outer, n, inner) around that axis, gy is (outer, inner): a plain copy loop, where an xtensor
  // broadcast expression cost 7 % of a book CBOW step.
  Tensors backward(const Tensors& gy) override {
    const Tensor& x = input(0);
    const Scalar scale = mean_ ? Scalar(1) / static_cast<Scalar>(n_) : Scalar(1);
    Tensor gx = Tensor::from_shape(x.shape());
    std::size_t outer = 1, inner = 1;
    if (axis_) {
      const std::size_t ax = normalise_axis(*axis_, x.dimension(), name());
      for (std::size_t d = 0; d < ax; ++d) outer *= x.shape()[d];
      for (std::size_t d = ax + 1; d < x.dimension(); ++d) inner *= x.shape()[d];
    } else {
      inner = 1;  // every element is its own "outer" row of one, all fed by the single gy
      outer = x.size();
    }
    const Scalar* g = gy[0].data();
    Scalar* out = gx.data();
    for (std::size_t o = 0; o < outer; ++o) {
      const Scalar* src = axis_ ? g + o * inner : g;
      for (std::size_t k = 0; k < (axis_ ? n_ : 1); ++k, out += inner)
        for (std::size_t i = 0; i < inner; ++i) out[i] = scale * src[i];
    }
    return outputs(std::move(gx));
  }

 private:
  std::optional<int> axis_;
  bool keepdims_, mean_;
  std::size_t n_ = 0;
  Shape kept_shape_;
};

class SumList : public Function {
 public:
  explicit SumList(bool mean) : mean_(mean) {}
  std::string name() const override { return mean_ ? "MeanList" : "SumList"; }
  Tensors forward(const Inputs& x) override {
    if (x.size() == 0) throw std::invalid_argument(name() + ": empty list of Variables");
    Tensor y = x[0];
    for (std::size_t i = 1; i < x.size(); ++i) {
      if (!same_shape(x[i], x[0]))
        throw std::invalid_argument(name() + ": element " + std::to_string(i) + " has shape " +
                                    shape_str(x[i].shape()) + ", element 0 has " + shape_str(x[0].shape()));
      y += x[i];
    }
    if (mean_) y /= static_cast<Scalar>(x.size());
    return outputs(std::move(y));
  }
  Tensors backward(const Tensors& gy) override {
    Tensor g = gy[0];
    if (mean_) g /= static_cast<Scalar>(num_inputs());
    return Tensors(num_inputs(), g);
  }

 private:
  bool mean_;
};

class Reshape : public Function {
 public:
  explicit Reshape(Shape shape) : shape_(std::move(shape)) {}
  std::string name() const override { return "Reshape"; }
  Tensors forward(const Inputs& x) override {
    const std::size_t n = std::accumulate(shape_.begin(), shape_.end(), std::size_t{1}, std::multiplies<>());
    if (n != x[0].size())
      throw std::invalid_argument("Reshape: cannot reshape " + shape_str(x[0].shape()) + " (" +
                                  std::to_string(x[0].size()) + " values) to " + shape_str(shape_));
    Tensor y = x[0];
    y.reshape(shape_);
    return outputs(std::move(y));
  }
  Tensors backward(const Tensors& gy) override {
    Tensor g = gy[0];
    g.reshape(input(0).shape());
    return outputs(std::move(g));
  }

 private:
  Shape shape_;
};

class Transpose : public Function {
 public:
  explicit Transpose(std::vector<std::size_t> axes) : axes_(std::move(axes)) {}
  std::string name() const override { return "Transpose"; }
  Tensors forward(const Inputs& x) override {
    const std::size_t n = x[0].dimension();
    if (axes_.empty()) {
      for (std::size_t i = 0; i < n; ++i) axes_.push_back(n - 1 - i);
    }
    std::vector<bool> used(n, false);
    bool ok = axes_.size() == n;
    for (std::size_t a : axes_) ok = ok && a < n && !used[a] && (used[a] = true);
    if (!ok) throw std::invalid_argument("Transpose: axes are not a permutation of the " + std::to_string(n) +
                                         " axes of " + shape_str(x[0].shape()));
    return outputs(xt::transpose(x[0], axes_));
  }
  Tensors backward(const Tensors& gy) override {
    std::vector<std::size_t> inverse(axes_.size());
    for (std::size_t i = 0; i < axes_.size(); ++i) inverse[axes_[i]] = i;
    return outputs(xt::transpose(gy[0], inverse));
  }

 private:
  std::vector<std::size_t> axes_;
};

}  // namespace

Variable add(const Variable& a, const Variable& b) { return call<Add>({a, b}); }
Variable sub(const Variable& a, const Variable& b) { return call<Sub>({a, b}); }
Variable mul(const Variable& a, const Variable& b) { return call<Mul>({a, b}); }
Variable scale(const Variable& x, Scalar c) { return call<Scale>({x}, c); }
Variable sum(const Variable& x, std::optional<int> axis, bool keepdims) {
  return call<SumAxis>({x}, axis, keepdims, false);
}
Variable mean(const Variable& x, std::optional<int> axis, bool keepdims) {
  return call<SumAxis>({x}, axis, keepdims, true);
}
Variable sum(const std::vector<Variable>& xs) { return call<SumList>(xs, false); }
Variable mean(const std::vector<Variable>& xs) { return call<SumList>(xs, true); }
Variable reshape(const Variable& x, const Shape& shape) { return call<Reshape>({x}, shape); }
Variable transpose(const Variable& x, const std::vector<std::size_t>& axes) { return call<Transpose>({x}, axes); }

}  // namespace minidl
