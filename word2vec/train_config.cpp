#include <minidl/word2vec/train_config.hpp>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include <minidl/models/cbow.hpp>
#include <minidl/models/skip_gram.hpp>
#include <minidl/optim/adagrad.hpp>
#include <minidl/optim/adam.hpp>
#include <minidl/optim/momentum.hpp>
#include <minidl/optim/nesterov.hpp>
#include <minidl/optim/rmsprop.hpp>
#include <minidl/optim/sgd.hpp>
#include <minidl/optim/sparse_adam.hpp>

namespace minidl {

std::string TrainConfig::optimizer_name() const {
  if (!optimizer.empty()) return optimizer;
  return mode == "fast" ? "sgd" : "adam";
}

void TrainConfig::check() const {
  const auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  if (mode != "book" && mode != "fast") fail("mode '" + mode + "' is not book or fast");
  if (model != "cbow" && model != "skipgram") fail("model '" + model + "' is not cbow or skipgram");
  if (window == 0 || hidden == 0 || negative == 0 || batch == 0 || epochs == 0)
    fail("window, hidden, negative, batch and epochs must each be at least 1");
  const std::string opt = optimizer_name();
  if (mode == "fast" && opt != "sgd" && opt != "adam")
    fail("fast mode trains with the sgd or adam optimizer (adam: SparseAdam), not " + opt);
  if (mode == "book" && opt != "sgd" && opt != "momentum" && opt != "nesterov" && opt != "adagrad" &&
      opt != "rmsprop" && opt != "adam" && opt != "sparse-adam")
    fail("optimizer '" + opt + "' is not sgd, momentum, nesterov, adagrad, rmsprop, adam or sparse-adam");
  if (!(lr >= 0) || !std::isfinite(lr)) fail("the learning rate must be a finite number >= 0 (0: the default)");
  if (!(max_grad >= 0) || !std::isfinite(max_grad)) fail("max_grad must be a finite number >= 0 (0: no clipping)");
  if (!(power > 0) || !std::isfinite(power)) fail("the sampler's power must be a positive number");
  if (!(sample >= 0)) fail("sample must be >= 0 (0: no subsampling)");
  if (threads < 1) fail("threads must be at least 1");
  if (share_negatives < 1) fail("share-negatives must be at least 1");
  if (share_negatives > 1 && (mode != "fast" || model != "cbow"))
    fail("share-negatives applies to fast CBOW (fast Skip-gram's window shares one set of negatives already)");
}

double TrainConfig::estimated_bytes(std::size_t vocab, std::size_t tokens) const {
  const double matrix = double(vocab) * double(hidden) * sizeof(Scalar);
  const std::string opt = optimizer_name();
  double bytes = 2 * matrix;                                  // W_in, W_out
  if (mode == "book") {
    bytes += 2 * matrix * (opt == "sgd" ? 1 : 3);             // state and a dense buffer per matrix
    bytes += 2.0 * double(tokens) * double(2 * window + 1) * sizeof(std::int32_t);  // contexts, targets, twice
    // A batch's activations and their gradients: (batch, 2 window) context rows, (batch, 1 +
    // negative) output rows, kept about three times over (values, gradients, row-sparse entries).
    bytes += 3.0 * double(batch) * double(2 * window + 2 + negative) * double(hidden) * sizeof(Scalar);
  } else if (opt == "adam") {
    bytes += 2 * 2 * matrix + double(vocab) * 2 * sizeof(Scalar);  // SparseAdam's m, v and step counts
  }
  return bytes;
}

double available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    double kib = 0;
    meminfo >> kib;
    if (key == "MemAvailable:") return kib * 1024;
    meminfo.ignore(1 << 10, '\n');
  }
  return -1;
}

void check_memory(double bytes, const std::string& what, const std::string& lower) {
  const double available = available_memory_bytes();
  if (available < 0 || bytes <= available) return;
  std::ostringstream msg;
  msg << std::fixed << std::setprecision(1) << "this run needs about " << bytes / (1 << 30) << " GiB (" << what
      << "), more than the " << available / (1 << 30) << " GiB available: " << lower;
  throw std::invalid_argument(msg.str());
}

void TrainConfig::check_memory(std::size_t vocab, std::size_t tokens) const {
  std::ostringstream what;
  what << vocab << " words x " << hidden << " dimensions: weights, optimizer state"
       << (mode == "book" ? ", the corpus's contexts and a batch's activations" : "");
  minidl::check_memory(estimated_bytes(vocab, tokens), what.str(),
                       std::string("lower --hidden") + (mode == "book" ? ", or use --mode fast" : "") +
                           ", or a smaller vocabulary (--min-count)");
}

std::unique_ptr<WordModel> make_word_model(const TrainConfig& config, const Corpus& corpus) {
  Rng rng(config.seed);
  const Word2VecOptions options{config.power, config.negative, config.seed};
  const std::size_t V = corpus.id_to_word.size();
  if (config.model == "cbow") return std::make_unique<CBOW>(V, config.hidden, config.window, corpus.corpus, rng, options);
  return std::make_unique<SkipGram>(V, config.hidden, config.window, corpus.corpus, rng, options);
}

std::unique_ptr<Optimizer> make_optimizer(const TrainConfig& config, const Parameters& params) {
  const auto lr = [&](double fallback) { return static_cast<Scalar>(config.lr > 0 ? config.lr : fallback); };
  const std::string name = config.optimizer_name();
  if (name == "adam") return std::make_unique<Adam>(params, lr(0.001));
  if (name == "sparse-adam") return std::make_unique<SparseAdam>(params, lr(0.001));
  if (name == "sgd") return std::make_unique<SGD>(params, lr(0.01));
  if (name == "momentum") return std::make_unique<Momentum>(params, lr(0.01));
  if (name == "nesterov") return std::make_unique<Nesterov>(params, lr(0.01));
  if (name == "adagrad") return std::make_unique<AdaGrad>(params, lr(0.01));
  if (name == "rmsprop") return std::make_unique<RMSprop>(params, lr(0.01));
  throw std::invalid_argument("unknown optimizer '" + name + "'");
}

FastWord2VecOptions fast_options(const TrainConfig& config) {
  FastWord2VecOptions f;
  f.model = config.model;
  f.hidden = config.hidden;
  f.window = config.window;
  f.negative = config.negative;
  f.optimizer = config.optimizer_name();
  f.lr = config.lr;
  f.sample = config.sample;
  f.shrink_window = config.shrink_window;
  f.share_negatives = config.share_negatives;
  f.power = config.power;
  f.threads = config.threads;
  f.seed = config.seed;
  return f;
}

}  // namespace minidl
