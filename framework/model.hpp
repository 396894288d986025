#pragma once
// Model: a Layer that the Trainer can fit. Every word2vec model of the book takes word ids (the
// contexts (N, C) and the targets (N,)) and exposes its word vectors (W_in, one row per word).
#include "framework/layer.hpp"

namespace minidl {

class Model : public Layer {
 public:
  // The mean loss over the batch, recorded in the graph (so that loss.backward() fills the
  // Parameters' gradients).
  virtual Variable loss(const Ids& contexts, const Ids& target) = 0;
  virtual Tensor word_vecs() const = 0;
};

}  // namespace minidl
