#include <minidl/framework/ops/reduce.hpp>

#include <algorithm>
#include <stdexcept>

#include <minidl/framework/function.hpp>
#include <minidl/framework/ops/shape.hpp>

namespace minidl {
namespace {

// A reduction seen as (outer, n, inner): the input's axis `axis` is n long, every output element
// (o, i) reduces x[o, 0..n-1, i]. Over all elements: outer = inner = 1, n = x.size().
struct Layout {
  std::size_t outer = 1, n = 1, inner = 1;
  Shape out, kept;  // the output's shape without and with keepdims
};

Layout layout(const Tensor& x, std::optional<int> axis, const std::string& op) {
  Layout l;
  l.kept = shape_of(x);
  if (axis) {
    const std::size_t ax = normalise_axis(*axis, x.dimension(), op);
    for (std::size_t d = 0; d < ax; ++d) l.outer *= x.shape()[d];
    for (std::size_t d = ax + 1; d < x.dimension(); ++d) l.inner *= x.shape()[d];
    l.n = x.shape()[ax];
    l.kept[ax] = 1;
    l.out = l.kept;
    l.out.erase(l.out.begin() + static_cast<std::ptrdiff_t>(ax));
  } else {
    l.n = x.size();
    for (auto& d : l.kept) d = 1;
  }
  return l;
}

// sum over one axis or all of them; mean is the same with a 1/n factor. Plain loops: an xtensor
// broadcast in backward cost 7 % of a book CBOW step.
class Sum : public Function {
 public:
  Sum(std::optional<int> axis, bool keepdims, bool mean) : axis_(axis), keepdims_(keepdims), mean_(mean) {}
  std::string name() const override { return mean_ ? "Mean" : "Sum"; }
  Tensors forward(const Inputs& x) override {
    l_ = layout(x[0], axis_, name());
    if (l_.n == 0 && mean_) throw std::invalid_argument("Mean: the reduced axis is empty in " + shape_str(x[0].shape()));
    const Scalar scale = mean_ ? Scalar(1) / static_cast<Scalar>(l_.n) : Scalar(1);
    Tensor y = Tensor::from_shape(keepdims_ ? l_.kept : l_.out);
    // Row by row of the reduced axis into a double accumulator: contiguous reads, and a float sum
    // of 10^5 values would lose digits.
    std::vector<double> acc(l_.inner);
    const Scalar* p = x[0].data();
    for (std::size_t o = 0; o < l_.outer; ++o) {
      std::fill(acc.begin(), acc.end(), 0.0);
      for (std::size_t k = 0; k < l_.n; ++k, p += l_.inner)
        for (std::size_t i = 0; i < l_.inner; ++i) acc[i] += p[i];
      for (std::size_t i = 0; i < l_.inner; ++i) y.data()[o * l_.inner + i] = static_cast<Scalar>(acc[i] * scale);
    }
    return outputs(std::move(y));
  }
  Tensors backward(const Tensors& gy) override {
    const Scalar scale = mean_ ? Scalar(1) / static_cast<Scalar>(l_.n) : Scalar(1);
    Tensor gx = Tensor::from_shape(input(0).shape());
    const Scalar* g = gy[0].data();
    Scalar* out = gx.data();
    for (std::size_t o = 0; o < l_.outer; ++o)
      for (std::size_t k = 0; k < l_.n; ++k, out += l_.inner)
        for (std::size_t i = 0; i < l_.inner; ++i) out[i] = scale * g[o * l_.inner + i];
    return outputs(std::move(gx));
  }

 private:
  std::optional<int> axis_;
  bool keepdims_, mean_;
  Layout l_;
};

// max (or min) over one axis or all; remembers where each came from for backward.
class Max : public Function {
 public:
  Max(std::optional<int> axis, bool keepdims, bool min) : axis_(axis), keepdims_(keepdims), min_(min) {}
  std::string name() const override { return min_ ? "Min" : "Max"; }
  Tensors forward(const Inputs& x) override {
    l_ = layout(x[0], axis_, name());
    if (l_.n == 0) throw std::invalid_argument(name() + ": the reduced axis is empty in " + shape_str(x[0].shape()));
    Tensor y = Tensor::from_shape(keepdims_ ? l_.kept : l_.out);
    arg_.assign(y.size(), 0);
    const Scalar* p = x[0].data();
    for (std::size_t o = 0; o < l_.outer; ++o)
      for (std::size_t i = 0; i < l_.inner; ++i) {
        std::size_t best = (o * l_.n) * l_.inner + i;
        for (std::size_t k = 1; k < l_.n; ++k) {
          const std::size_t at = (o * l_.n + k) * l_.inner + i;
          if (min_ ? p[at] < p[best] : p[at] > p[best]) best = at;
        }
        arg_[o * l_.inner + i] = best;
        y.data()[o * l_.inner + i] = p[best];
      }
    return outputs(std::move(y));
  }
  Tensors backward(const Tensors& gy) override {
    Tensor gx = Tensor::from_shape(input(0).shape());
    gx.fill(0);
    for (std::size_t j = 0; j < arg_.size(); ++j) gx.data()[arg_[j]] = gy[0].data()[j];
    return outputs(std::move(gx));
  }

 private:
  std::optional<int> axis_;
  bool keepdims_, min_;
  Layout l_;
  std::vector<std::size_t> arg_;  // flat index into x of each output's arg-max
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

}  // namespace

Variable sum(const Variable& x, std::optional<int> axis, bool keepdims) { return call<Sum>({x}, axis, keepdims, false); }
Variable mean(const Variable& x, std::optional<int> axis, bool keepdims) {
  return call<Sum>({x}, axis, keepdims, true);
}
Variable max(const Variable& x, std::optional<int> axis, bool keepdims) { return call<Max>({x}, axis, keepdims, false); }
Variable min(const Variable& x, std::optional<int> axis, bool keepdims) { return call<Max>({x}, axis, keepdims, true); }
Variable sum(const std::vector<Variable>& xs) { return call<SumList>(xs, false); }
Variable mean(const std::vector<Variable>& xs) { return call<SumList>(xs, true); }

}  // namespace minidl
