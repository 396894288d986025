#pragma once
// EmbeddingDot (book ch. 4.2.4): the score of word ids against hidden vectors, without the full
// output MatMul.
//   out[n,k] = W[ids[n,k]] . h[n]      W:(V,H)  h:(N,H)  ids:(N,) or (N,K) -> ids' shape
//   dh[n] = sum_k dout[n,k] W[ids[n,k]]        dW[ids[n,k]] += dout[n,k] h[n]
#include <minidl/framework/function.hpp>

namespace minidl {

class EmbeddingDot : public Function {
 public:
  explicit EmbeddingDot(Ids ids) : ids_(std::move(ids)) {}

  std::string name() const override { return "EmbeddingDot"; }
  Tensors forward(const Inputs& xs) override;    // xs = {W, h}
  Tensors backward(const Tensors& dy) override;  // -> {dW, dh}

 private:
  Ids ids_;
};

Variable embedding_dot(const Variable& W, const Variable& h, const Ids& ids);

}  // namespace minidl
