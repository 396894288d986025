#include <minidl/framework/ops/shape.hpp>

#include <algorithm>
#include <functional>
#include <numeric>
#include <stdexcept>

#include <xtensor/xbroadcast.hpp>
#include <xtensor/xmanipulation.hpp>

#include <minidl/framework/function.hpp>

namespace minidl {

std::size_t normalise_axis(int axis, std::size_t ndim, const std::string& op) {
  const int n = static_cast<int>(ndim);
  if (axis < -n || axis >= n)
    throw std::invalid_argument(op + ": axis " + std::to_string(axis) + " is out of range for " +
                                std::to_string(ndim) + "-D input");
  return static_cast<std::size_t>(axis < 0 ? axis + n : axis);
}

namespace {

// x broadcast to shape, or an error naming both: numpy's rule, read from the trailing axes.
Tensor broadcast_tensor(const Tensor& x, const Shape& shape, const std::string& op) {
  bool ok = x.dimension() <= shape.size();
  for (std::size_t i = 0; ok && i < x.dimension(); ++i) {
    const std::size_t d = x.shape()[x.dimension() - 1 - i], want = shape[shape.size() - 1 - i];
    ok = d == want || d == 1;
  }
  if (!ok) throw std::invalid_argument(op + ": cannot broadcast " + shape_str(x.shape()) + " to " + shape_str(shape));
  return xt::broadcast(x, shape);
}

class BroadcastTo : public Function {
 public:
  explicit BroadcastTo(Shape shape) : shape_(std::move(shape)) {}
  std::string name() const override { return "BroadcastTo"; }
  Tensors forward(const Inputs& x) override { return outputs(broadcast_tensor(x[0], shape_, name())); }
  Tensors backward(const Tensors& gy) override { return outputs(minidl::sum_to(gy[0], shape_of(input(0)))); }

 private:
  Shape shape_;
};

class SumTo : public Function {
 public:
  explicit SumTo(Shape shape) : shape_(std::move(shape)) {}
  std::string name() const override { return "SumTo"; }
  Tensors forward(const Inputs& x) override { return outputs(minidl::sum_to(x[0], shape_)); }
  Tensors backward(const Tensors& gy) override {
    return outputs(broadcast_tensor(gy[0], shape_of(input(0)), name()));
  }

 private:
  Shape shape_;
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

// Seen around `axis` as (outer, n_i, inner), input i is a run of n_i * inner values in each outer
// row of y: a copy loop both ways.
class Concat : public Function {
 public:
  explicit Concat(int axis) : axis_(axis) {}
  std::string name() const override { return "Concat"; }
  Tensors forward(const Inputs& x) override {
    if (x.size() == 0) throw std::invalid_argument("Concat: empty list of Variables");
    const Tensor& first = x[0];
    if (first.dimension() == 0) throw std::invalid_argument("Concat: cannot concatenate 0-D values");
    ax_ = normalise_axis(axis_, first.dimension(), name());
    Shape out = shape_of(first);
    out[ax_] = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      Shape s = shape_of(x[i]);
      bool ok = s.size() == out.size();
      for (std::size_t d = 0; ok && d < s.size(); ++d) ok = d == ax_ || s[d] == out[d];
      if (!ok)
        throw std::invalid_argument("Concat: input " + std::to_string(i) + " has shape " + shape_str(s) +
                                    ", input 0 has " + shape_str(first.shape()) + " (they may differ along axis " +
                                    std::to_string(ax_) + " only)");
      out[ax_] += s[ax_];
    }
    outer_ = 1;
    for (std::size_t d = 0; d < ax_; ++d) outer_ *= out[d];
    Tensor y = Tensor::from_shape(out);
    const std::size_t row = y.size() / std::max<std::size_t>(outer_, 1);
    std::size_t offset = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const std::size_t run = x[i].size() / std::max<std::size_t>(outer_, 1);
      for (std::size_t o = 0; o < outer_; ++o)
        std::copy_n(x[i].data() + o * run, run, y.data() + o * row + offset);
      offset += run;
    }
    return outputs(std::move(y));
  }
  Tensors backward(const Tensors& gy) override {
    Tensors gx;
    const std::size_t row = gy[0].size() / std::max<std::size_t>(outer_, 1);
    std::size_t offset = 0;
    for (std::size_t i = 0; i < num_inputs(); ++i) {
      Tensor g = Tensor::from_shape(input(i).shape());
      const std::size_t run = g.size() / std::max<std::size_t>(outer_, 1);
      for (std::size_t o = 0; o < outer_; ++o) std::copy_n(gy[0].data() + o * row + offset, run, g.data() + o * run);
      offset += run;
      gx.push_back(std::move(g));
    }
    return gx;
  }

 private:
  int axis_;
  std::size_t ax_ = 0, outer_ = 1;
};

}  // namespace

Variable broadcast_to(const Variable& x, const Shape& shape) { return call<BroadcastTo>({x}, shape); }
Variable sum_to(const Variable& x, const Shape& shape) { return call<SumTo>({x}, shape); }
Variable reshape(const Variable& x, const Shape& shape) { return call<Reshape>({x}, shape); }
Variable transpose(const Variable& x, const std::vector<std::size_t>& axes) { return call<Transpose>({x}, axes); }
Variable concat(const std::vector<Variable>& xs, int axis) { return call<Concat>(xs, axis); }

}  // namespace minidl
