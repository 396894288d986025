#pragma once
// GetItem (DeZero's get_item, for an array of indices): takes rows of x by id along axis 0.
//   y[i] = x[ids[i]]          x:(R, ...)  ids: any shape  -> ids.shape + x.shape[1:]
//   dx[ids[i]] += dy[i]       a scatter-add, so a repeated id receives every contribution;
//                             returned row-sparse (framework/row_sparse): no dense R x ... zeros
// The book's Embedding layer is this operation on W (layers/embedding.hpp).
#include <minidl/framework/function.hpp>

namespace minidl {

class GetItem : public Function {
 public:
  // `name` and `rows` name the operation and what its row count means, for errors: a layer built
  // on GetItem speaks of its own things.
  explicit GetItem(Ids ids, std::string name = "GetItem", std::string rows = "number of rows")
      : ids_(std::move(ids)), name_(std::move(name)), rows_(std::move(rows)) {}

  std::string name() const override { return name_; }
  Tensors forward(const Inputs& xs) override;    // xs = {x}
  Tensors backward(const Tensors& dy) override;  // -> {dx}

 private:
  Ids ids_;
  std::string name_, rows_;
};

Variable get_item(const Variable& x, const Ids& ids);

}  // namespace minidl
