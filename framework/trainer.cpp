#include <minidl/framework/trainer.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include <minidl/framework/clip_grads.hpp>
#include <minidl/framework/no_grad.hpp>
#include <minidl/framework/ops/accuracy.hpp>
#include <minidl/framework/ops/dropout.hpp>
#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/framework/io/checkpoint.hpp>
#include <minidl/framework/progress.hpp>
#include <minidl/framework/svg_plot.hpp>

namespace minidl {

Trainer::Trainer(Model& model, Optimizer& optimizer, std::uint64_t seed)
    : model_(model), optimizer_(optimizer), rng_(seed), out_(&std::cout) {}

void Trainer::fit(const Batch& x, const Batch& t, std::size_t max_epoch, std::size_t batch_size, double max_grad,
                  std::size_t eval_interval) {
  if (x.rows() == 0)
    throw std::invalid_argument("Trainer::fit: x is empty (shape " + shape_str(x.shape()) + "); nothing to train on");
  if (t.rows() != x.rows())
    throw std::invalid_argument("Trainer::fit: x has " + std::to_string(x.rows()) + " rows " + shape_str(x.shape()) +
                                " but t has shape " + shape_str(t.shape()) + "; they need the same number of rows");
  if (batch_size == 0) throw std::invalid_argument("Trainer::fit: batch_size must be at least 1");
  if (max_grad < 0 || std::isnan(max_grad))
    throw std::invalid_argument("Trainer::fit: max_grad must be >= 0 (0 = no clipping), got " + std::to_string(max_grad));
  const std::size_t data_size = x.rows();
  const std::size_t max_iters = data_size / batch_size;
  if (max_iters == 0)
    throw std::invalid_argument("Trainer::fit: " + std::to_string(data_size) + " samples are fewer than batch_size " +
                                std::to_string(batch_size) + ", so an epoch has no full batch");

  eval_interval_ = eval_interval;
  iters_per_epoch_ = max_iters;
  const Parameters params = model_.parameters();
  Batch batch_x = x.buffer(batch_size);
  Batch batch_t = t.buffer(batch_size);
  // The book shuffles x itself each epoch (x = x[idx]); a fresh permutation of the original order
  // each epoch is the same distribution, and lets a resumed run need nothing but the generator.
  std::vector<std::size_t> order;
  const std::size_t total_iters = max_epoch * max_iters;
  std::size_t done_iters = 0;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  ProgressReporter progress(out_, progress_);
  const std::size_t last_epoch = current_epoch_ + max_epoch;

  for (std::size_t epoch = 0; epoch < max_epoch; ++epoch) {
    order = permutation(data_size, rng_);
    const Clock::time_point epoch_start = Clock::now();
    double epoch_loss = 0;

    for (std::size_t iters = 0; iters < max_iters; ++iters) {
      x.gather_rows(order, iters * batch_size, batch_x);
      t.gather_rows(order, iters * batch_size, batch_t);

      model_.zero_grad();
      Variable loss = model_.loss(batch_x, batch_t);
      if (loss.size() != 1)
        throw std::runtime_error("Trainer::fit: model.loss must return a single value, got shape " +
                                 shape_str(loss.shape()));
      const double value = static_cast<double>(*loss.data().begin());
      // Stop before the update: a NaN step would poison every parameter and the rest of the run,
      // and a loss a thousand times its first is a run whose weights are running away (Adam at lr
      // 1e5 reaches 1e12 with every number still finite).
      if (first_loss_ < 0 && std::isfinite(value)) first_loss_ = std::abs(value);
      const double limit = kDivergence * std::max(first_loss_, 1.0);
      if (!std::isfinite(value) || value > limit) {
        std::ostringstream what;
        what << "Trainer::fit: loss ";
        if (std::isfinite(value)) what << value;
        else what << (std::isnan(value) ? "NaN" : "infinite");
        what << " at epoch " << current_epoch_ + 1 << ", iter " << iters + 1 << " / " << max_iters;
        if (std::isfinite(value)) what << " is over " << kDivergence << " times the first (" << first_loss_ << "): diverged";
        what << " (try a smaller learning rate or gradient clipping with max_grad)";
        throw std::runtime_error(what.str());
      }
      loss.backward();
      if (max_grad > 0) clip_grads(params, max_grad);
      optimizer_.step();
      total_loss_ += value;
      ++loss_count_;
      ++done_iters;
      epoch_loss += value;

      if (eval_interval > 0 && iters % eval_interval == 0) {
        const double avg_loss = total_loss_ / static_cast<double>(loss_count_);
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const double per_iter = elapsed / static_cast<double>(done_iters);
        const double throughput = elapsed > 0 ? static_cast<double>(done_iters * batch_size) / elapsed : 0.0;
        const double eta = per_iter * static_cast<double>(total_iters - done_iters);
        char line[256];
        if (progress.style() == ProgressStyle::book)
          std::snprintf(line, sizeof line, "| epoch %zu |  iter %zu / %zu | time %lld[s] | loss %.2f | %.0f samples/s | ETA %lld[s]",
                        current_epoch_ + 1, iters + 1, max_iters, static_cast<long long>(elapsed), avg_loss, throughput,
                        static_cast<long long>(std::llround(eta)));
        else
          std::snprintf(line, sizeof line, "epoch %zu/%zu | %3.0f%% | loss %.2f | %.0f samples/s | ETA %s", current_epoch_ + 1,
                        last_epoch, 100.0 * double(iters + 1) / double(max_iters), avg_loss, throughput,
                        format_duration(eta).c_str());
        progress.book_line(line);
        progress.status(line);
        loss_list_.push_back(avg_loss);
        total_loss_ = 0;
        loss_count_ = 0;
      }
    }
    ++current_epoch_;
    {
      const double seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
      char line[160];
      std::snprintf(line, sizeof line, "epoch %zu: loss %.3f, %.2f s, %.0f samples/s", current_epoch_,
                    epoch_loss / double(max_iters), seconds, seconds > 0 ? double(max_iters * batch_size) / seconds : 0.0);
      progress.summary(line);
    }
    if (validation_) {
      if (const auto acc = evaluate(*validation_)) {
        accuracy_list_.push_back(*acc);
        char line[96];
        std::snprintf(line, sizeof line, "| epoch %zu | held-out accuracy %.3f", current_epoch_, *acc);
        progress.book_line(line);
        std::snprintf(line, sizeof line, "epoch %zu: held-out accuracy %.3f", current_epoch_, *acc);
        progress.summary(line);
      }
    }
    if (on_epoch_end_) on_epoch_end_(current_epoch_);
  }
}

std::optional<double> Trainer::evaluate(const Dataset& data, std::size_t batch_size) const {
  const std::size_t n = data.size();
  if (n == 0) throw std::invalid_argument("Trainer::evaluate: the dataset is empty");
  if (batch_size == 0) throw std::invalid_argument("Trainer::evaluate: batch_size must be at least 1");
  NoGradGuard no_grad;
  TestMode test_mode;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  double right = 0;
  for (std::size_t begin = 0; begin < n; begin += batch_size) {
    const std::size_t rows = std::min(batch_size, n - begin);
    const Dataset batch = take(data, order, begin, rows);
    const std::optional<Variable> scores = model_.predict(batch.x);
    if (!scores) return std::nullopt;
    right += accuracy(*scores, batch.t.ids("labels")) * static_cast<double>(rows);
  }
  return right / static_cast<double>(n);
}

namespace {

// A list of doubles as checkpoint text, each with all its digits, and back.
std::string numbers_text(const std::vector<double>& values) {
  std::ostringstream out;
  out << std::setprecision(std::numeric_limits<double>::max_digits10);
  for (const double v : values) out << v << ' ';
  return out.str();
}

std::vector<double> numbers_of(const std::string& text) {
  std::vector<double> values;
  std::istringstream in(text);
  for (double v; in >> v;) values.push_back(v);
  return values;
}

}  // namespace

void Trainer::save_state(Checkpoint& ck) const {
  ck.put("trainer/rng", rng_.state());
  ck.put("trainer/epoch", std::to_string(current_epoch_));
  ck.put("trainer/eval_interval", std::to_string(eval_interval_));
  std::ostringstream numbers;
  numbers << std::setprecision(std::numeric_limits<double>::max_digits10) << total_loss_ << ' ' << loss_count_;
  ck.put("trainer/pending_loss", numbers.str());
  ck.put("trainer/loss_list", numbers_text(loss_list_));
  ck.put("trainer/accuracy_list", numbers_text(accuracy_list_));
}

void Trainer::load_state(const Checkpoint& ck) {
  rng_.set_state(ck.string("trainer/rng"));
  current_epoch_ = std::stoul(ck.string("trainer/epoch"));
  eval_interval_ = std::stoul(ck.string("trainer/eval_interval"));
  std::istringstream numbers(ck.string("trainer/pending_loss"));
  numbers >> total_loss_ >> loss_count_;
  loss_list_ = numbers_of(ck.string("trainer/loss_list"));
  // Absent from checkpoints written before it existed.
  accuracy_list_ = ck.has_string("trainer/accuracy_list") ? numbers_of(ck.string("trainer/accuracy_list"))
                                                          : std::vector<double>{};
}

void Trainer::save_loss_csv(const std::string& path) const {
  write_file_atomic(path, [&](std::ostream& out) {
    out << "iteration,loss\n";
    out << std::setprecision(std::numeric_limits<double>::max_digits10);
    for (std::size_t i = 0; i < loss_list_.size(); ++i) out << i << ',' << loss_list_[i] << '\n';
  });
}

void Trainer::plot(const std::string& svg_path) const {
  // The book labels the axis 'iterations (x20)' even when an epoch is shorter than 20 iterations
  // and each point is one epoch (the record falls on an epoch's first iteration): say what it is.
  const std::string xlabel = iters_per_epoch_ > 0 && iters_per_epoch_ <= eval_interval_
                                 ? "epochs"
                                 : "iterations (x" + std::to_string(eval_interval_) + ")";
  const std::string svg = line_plot_svg(loss_list_, xlabel, "loss");
  write_file_atomic(svg_path, [&](std::ostream& out) { out << svg; });
}

}  // namespace minidl
