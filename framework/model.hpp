#pragma once
// Model: a Layer that the Trainer can fit. It gives the mean loss over a batch of inputs x and
// targets t, each of the kind it declares (float features, integer ids or labels: framework/batch).
#include <optional>

#include <minidl/framework/batch.hpp>
#include <minidl/framework/layer.hpp>

namespace minidl {

class Checkpoint;

class Model : public Layer {
 public:
  // The mean loss over the batch, recorded in the graph (so that loss.backward() fills the
  // Parameters' gradients).
  virtual Variable loss(const Batch& x, const Batch& t) = 0;

  // The scores for a batch of inputs, for accuracy (framework/ops/accuracy.hpp): (N, C) class
  // scores, or one logit per 0/1 label. A model that makes no predictions (one trained for its
  // loss alone) keeps this default, and the Trainer reports no accuracy.
  virtual std::optional<Variable> predict(const Batch& x) {
    (void)x;
    return std::nullopt;
  }

  // A model that draws at random during training (sampling, dropout) saves and restores its
  // generators here, so that a resumed run continues with the same draws. Parameters are saved by
  // the caller (save_parameters in framework/io/checkpoint.hpp).
  virtual void save_random_state(Checkpoint&) const {}
  virtual void load_random_state(const Checkpoint&) {}
};

}  // namespace minidl
