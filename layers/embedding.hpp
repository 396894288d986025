#pragma once
// Embedding (book ch. 4.1): picks rows of W by id, the MatMul of a one-hot vector without the MatMul.
//   out[i] = W[ids[i]]        W:(V,H)  ids: any shape  -> ids.shape + (H,)
//   dW[ids[i]] += dout[i]     a scatter-add, so a repeated id receives every contribution;
//                             returned row-sparse (framework/row_sparse): no dense V x H zeros
// It is the general get_item on W (framework/ops/get_item.hpp), under the book's name and with the
// book's words in its errors; W must be 2-D.
#include <minidl/framework/ops/get_item.hpp>

namespace minidl {

class Embedding : public GetItem {
 public:
  explicit Embedding(Ids ids) : GetItem(std::move(ids), "Embedding", "vocabulary size") {}
  Tensors forward(const Inputs& xs) override;  // xs = {W}
};

Variable embedding(const Variable& W, const Ids& ids);

}  // namespace minidl
