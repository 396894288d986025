#pragma once
// Model: a Layer that the Trainer can fit. Every word2vec model of the book takes word ids (the
// contexts (N, C) and the targets (N,)) and exposes its word vectors (W_in, one row per word).
#include "framework/layer.hpp"

namespace minidl {

class Checkpoint;

class Model : public Layer {
 public:
  // The mean loss over the batch, recorded in the graph (so that loss.backward() fills the
  // Parameters' gradients).
  virtual Variable loss(const Ids& contexts, const Ids& target) = 0;
  virtual Tensor word_vecs() const = 0;
  // The output-side vectors, one row per word (word2vec's W_out), for models that have them; an
  // empty tensor otherwise. `train --vectors sum|concat` combines them with word_vecs().
  virtual Tensor output_vecs() const { return Tensor::from_shape({0}); }

  // A model that draws at random during training (negative sampling) saves and restores its
  // generators here, so that a resumed run continues with the same draws. Parameters are saved by
  // the caller (save_parameters in framework/io/checkpoint.hpp).
  virtual void save_random_state(Checkpoint&) const {}
  virtual void load_random_state(const Checkpoint&) {}
};

}  // namespace minidl
