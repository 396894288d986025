#pragma once
// Embedding (book ch. 4.1): picks rows of W by id, the MatMul of a one-hot vector without the MatMul.
//   out[i] = W[ids[i]]        W:(V,H)  ids: any shape  -> ids.shape + (H,)
//   dW[ids[i]] += dout[i]     a scatter-add, so a repeated id receives every contribution;
//                             returned row-sparse (framework/row_sparse): no dense V x H zeros
#include <minidl/framework/function.hpp>

namespace minidl {

class Embedding : public Function {
 public:
  explicit Embedding(Ids ids) : ids_(std::move(ids)) {}

  std::string name() const override { return "Embedding"; }
  Tensors forward(const Inputs& xs) override;    // xs = {W}
  Tensors backward(const Tensors& dy) override;  // -> {dW}

 private:
  Ids ids_;
};

Variable embedding(const Variable& W, const Ids& ids);

}  // namespace minidl
