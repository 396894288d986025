#pragma once
// Trainer (book common/trainer.py, used from ch. 3.5): the mini-batch loop every chapter shares.
//   for each epoch: shuffle (x, t) together; for each of N / batch_size batches:
//     loss = model.loss(batch_x, batch_t); loss.backward(); [clip_grads]; optimizer.step()
//   every eval_interval iterations: print the book's progress line and record the mean loss.
//
//   minidl::Trainer trainer(model, optimizer);
//   trainer.fit(contexts, target, /*max_epoch=*/1000, /*batch_size=*/3);
//   trainer.plot("loss.svg");   // the book's trainer.plot()
//
// The progress line is the book's, `| epoch 1 |  iter 1 / 9295 | time 0[s] | loss 4.16`, followed
// by ` | <n> samples/s | ETA <s>[s]` since a long run wants an estimate.
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <minidl/framework/progress.hpp>
#include <minidl/framework/dataset.hpp>
#include <minidl/framework/model.hpp>
#include <minidl/framework/optimizer.hpp>
#include <minidl/framework/random.hpp>

namespace minidl {

class Checkpoint;

class Trainer {
 public:
  // The seed drives the per-epoch shuffle only (the model draws its weights from its own Rng).
  Trainer(Model& model, Optimizer& optimizer, std::uint64_t seed = 0);

  // x: (N, ...) rows of inputs, t: (N, ...) rows of targets, each a float Tensor or integer Ids
  // (framework/batch), whichever the model's loss takes.
  // max_grad = 0 disables clipping (the book's None); eval_interval = 0 disables reporting.
  // Like the book, the loss history and the epoch count carry over from one call to the next, so
  // fit may be called again to continue training.
  // Throws std::invalid_argument for unusable data (empty, rows that differ, fewer samples than
  // batch_size), std::runtime_error when the loss becomes NaN or infinite or rises over a thousand
  // times its first value (max(first, 1)): the run diverged.
  void fit(const Batch& x, const Batch& t, std::size_t max_epoch = 10, std::size_t batch_size = 32,
           double max_grad = 0, std::size_t eval_interval = 20);
  void fit(const Dataset& train, std::size_t max_epoch = 10, std::size_t batch_size = 32, double max_grad = 0,
           std::size_t eval_interval = 20) {
    fit(train.x, train.t, max_epoch, batch_size, max_grad, eval_interval);
  }

  // The model's accuracy on data (its predict against data.t's labels), computed in batches with no
  // graph and in TestMode (no dropout); nullopt when the model makes no predictions.
  std::optional<double> evaluate(const Dataset& data, std::size_t batch_size = 1024) const;
  // A held-out set: after every epoch fit evaluates on it, prints `| epoch 3 | held-out accuracy
  // 0.953` and records the number in accuracy_list() (nothing, for a model without predictions).
  void set_validation(Dataset held_out) { validation_ = std::move(held_out); }
  const std::vector<double>& accuracy_list() const { return accuracy_list_; }

  // The book's trainer.plot(): loss_list against the print count, as a self-contained SVG; the x axis
  // says "epochs" when an epoch is no longer than eval_interval (one point per epoch).
  void plot(const std::string& svg_path) const;
  // The same series as CSV: `iteration,loss`, iteration counting print intervals from 0.
  void save_loss_csv(const std::string& path) const;

  void seed(std::uint64_t s) { rng_.seed(s); }
  // Where progress lines go; nullptr silences them.
  void set_output(std::ostream* out) { out_ = out; }
  // How progress is shown (framework/progress.hpp): the book's lines by default; automatic (a
  // status line redrawn on a terminal, a line every few seconds in a log, a summary per epoch);
  // or nothing. The loss is recorded every eval_interval iterations whatever is shown.
  void set_progress(const ProgressOptions& options) { progress_ = options; }

  const std::vector<double>& loss_list() const { return loss_list_; }
  // Called after each epoch with the number of epochs done (the command line checkpoints there).
  void set_epoch_callback(std::function<void(std::size_t)> f) { on_epoch_end_ = std::move(f); }
  // The Trainer's part of a checkpoint: its generator, epoch count, loss history and the loss
  // accumulated since the last print, so that a resumed fit continues exactly.
  void save_state(Checkpoint& ck) const;
  void load_state(const Checkpoint& ck);
  std::size_t eval_interval() const { return eval_interval_; }
  // Epochs completed so far (the book's self.current_epoch, 0-based; printed as +1).
  std::size_t current_epoch() const { return current_epoch_; }

 private:
  Model& model_;
  Optimizer& optimizer_;
  Rng rng_;
  std::ostream* out_;
  ProgressOptions progress_;
  std::vector<double> loss_list_;
  std::optional<Dataset> validation_;
  std::vector<double> accuracy_list_;
  std::size_t eval_interval_ = 20;
  std::size_t iters_per_epoch_ = 0;  // of the last fit: whether a plotted point is an epoch
  std::size_t current_epoch_ = 0;
  double total_loss_ = 0;  // carried across epochs and fit calls, as the book's locals are across epochs
  // The first finite loss seen: a loss over kDivergence times it (or 1, if larger) means the run
  // diverged, and fit stops before the update with a message.
  double first_loss_ = -1;
  static constexpr double kDivergence = 1000;
  std::size_t loss_count_ = 0;
  std::function<void(std::size_t)> on_epoch_end_;
};

}  // namespace minidl
