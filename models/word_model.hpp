#pragma once
// WordModel: what the book's word2vec models share. Each takes word ids, the contexts (N, C) and
// the targets (N,), and exposes its word vectors (W_in, one row per word).
#include <minidl/framework/model.hpp>

namespace minidl {

class WordModel : public Model {
 public:
  using Model::loss;
  Variable loss(const Batch& x, const Batch& t) final { return loss(x.ids("contexts"), t.ids("target")); }
  virtual Variable loss(const Ids& contexts, const Ids& target) = 0;

  virtual Tensor word_vecs() const = 0;
  // The output-side vectors, one row per word (word2vec's W_out), for models that have them; an
  // empty tensor otherwise. `train --vectors sum|concat` combines them with word_vecs().
  virtual Tensor output_vecs() const { return Tensor::from_shape({0}); }
};

}  // namespace minidl
