#include <minidl/layers/embedding_dot.hpp>

#include <xtensor/xbuilder.hpp>

#include <minidl/framework/checks.hpp>

namespace minidl {

Tensors EmbeddingDot::forward(const Inputs& xs) {
  const Tensor& W = xs[0];
  const Tensor& h = xs[1];
  checks::ndim(name(), "W", W, 2);
  checks::ndim(name(), "h", h, 2);
  if (ids_.dimension() != 1 && ids_.dimension() != 2)
    throw std::invalid_argument(name() + ": ids must be (N,) or (N,K), got shape " + shape_str(ids_.shape()));
  const std::size_t V = W.shape()[0], H = W.shape()[1], N = h.shape()[0];
  if (h.shape()[1] != H)
    throw std::invalid_argument(name() + ": h of shape " + shape_str(h.shape()) + " and W of shape " +
                                shape_str(W.shape()) + " differ in the hidden size");
  if (ids_.shape()[0] != N)
    throw std::invalid_argument(name() + ": ids of shape " + shape_str(ids_.shape()) + " for h of shape " +
                                shape_str(h.shape()) + " (want one row of ids per row of h)");
  checks::ids_in_range(name(), ids_, V, "vocabulary size");
  const std::size_t K = N ? ids_.size() / N : 0;
  Tensor out = Tensor::from_shape(shape_of(ids_));
  for (std::size_t n = 0; n < N; ++n) {
    const Scalar* hn = h.data() + n * H;
    for (std::size_t k = 0; k < K; ++k) {
      const Scalar* w = W.data() + static_cast<std::size_t>(ids_.flat(n * K + k)) * H;
      Scalar s = 0;
      for (std::size_t j = 0; j < H; ++j) s += w[j] * hn[j];
      out.flat(n * K + k) = s;
    }
  }
  return outputs(std::move(out));
}

Tensors EmbeddingDot::backward(const Tensors& dy) {
  const Tensor& W = input(0);
  const Tensor& h = input(1);
  const std::size_t H = W.shape()[1], N = h.shape()[0];
  const std::size_t K = N ? ids_.size() / N : 0;
  // dW is row-sparse: entry (n, k) is row ids[n, k] with values dy[n, k] h[n].
  Tensor dW_rows = Tensor::from_shape({N * K, H});
  Tensor dh = xt::zeros<Scalar>(h.shape());
  for (std::size_t n = 0; n < N; ++n) {
    const Scalar* hn = h.data() + n * H;
    Scalar* dhn = dh.data() + n * H;
    for (std::size_t k = 0; k < K; ++k) {
      const Scalar g = dy[0].flat(n * K + k);
      const Scalar* w = W.data() + static_cast<std::size_t>(ids_.flat(n * K + k)) * H;
      Scalar* dw = dW_rows.data() + (n * K + k) * H;
      for (std::size_t j = 0; j < H; ++j) {
        dhn[j] += g * w[j];
        dw[j] = g * hn[j];
      }
    }
  }
  return outputs(row_sparse_grad(0, ids_, std::move(dW_rows)), std::move(dh));
}

Variable embedding_dot(const Variable& W, const Variable& h, const Ids& ids) {
  return call<EmbeddingDot>({W, h}, ids);
}

}  // namespace minidl
