#include <minidl/framework/ops/linear.hpp>

#include <algorithm>
#include <stdexcept>

#include <minidl/framework/blas.hpp>
#include <minidl/framework/function.hpp>

namespace minidl {
namespace {

// x seen as (rows, D) whatever its leading axes: one BLAS call each way.
class Affine : public Function {
 public:
  explicit Affine(bool bias) : bias_(bias) {}
  std::string name() const override { return "Linear"; }
  Tensors forward(const Inputs& xs) override {
    const Tensor& x = xs[0];
    const Tensor& W = xs[1];
    if (x.dimension() < 2 || x.dimension() > 3 || W.dimension() != 2 || x.shape().back() != W.shape()[0])
      throw std::invalid_argument("Linear: x of shape " + shape_str(x.shape()) + " and W of shape " +
                                  shape_str(W.shape()) + " do not align (want x (N, D) or (B, N, D) and W (D, H))");
    d_ = W.shape()[0];
    h_ = W.shape()[1];
    rows_ = x.shape()[0] * (x.dimension() == 3 ? x.shape()[1] : 1);
    Shape out = shape_of(x);
    out.back() = h_;
    Tensor y = Tensor::from_shape(out);
    if (bias_) {
      const Tensor& b = xs[2];
      if (b.dimension() != 1 || b.shape()[0] != h_)
        throw std::invalid_argument("Linear: bias of shape " + shape_str(b.shape()) + " for W of shape " +
                                    shape_str(W.shape()) + " (want (" + std::to_string(h_) + ",))");
      for (std::size_t r = 0; r < rows_; ++r) std::copy_n(b.data(), h_, y.data() + r * h_);
    }
    gemm(false, false, rows_, h_, d_, 1, x.data(), W.data(), bias_ ? 1 : 0, y.data());
    return outputs(std::move(y));
  }
  Tensors backward(const Tensors& gy) override {
    const Scalar* g = gy[0].data();
    Tensor dx, dW, db;
    if (needs_grad(0)) {
      dx = Tensor::from_shape(input(0).shape());
      gemm(false, true, rows_, d_, h_, 1, g, input(1).data(), 0, dx.data());
    }
    if (needs_grad(1)) {
      dW = Tensor::from_shape({d_, h_});
      gemm(true, false, d_, h_, rows_, 1, input(0).data(), g, 0, dW.data());
    }
    if (bias_ && needs_grad(2)) {
      db = Tensor::from_shape({h_});
      db.fill(0);
      for (std::size_t r = 0; r < rows_; ++r)
        for (std::size_t j = 0; j < h_; ++j) db(j) += g[r * h_ + j];
    }
    Tensors out = outputs(std::move(dx), std::move(dW));
    if (bias_) out.push_back(std::move(db));
    return out;
  }

 private:
  bool bias_;
  std::size_t rows_ = 0, d_ = 0, h_ = 0;
};

}  // namespace

Variable linear(const Variable& x, const Variable& W, const Variable& b) { return call<Affine>({x, W, b}, true); }
Variable linear(const Variable& x, const Variable& W) { return call<Affine>({x, W}, false); }

}  // namespace minidl
