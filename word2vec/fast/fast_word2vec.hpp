#pragma once
// FastWord2Vec: the fast configuration (`--mode fast`). Same models as the book's CBOW and
// Skip-gram with negative sampling, trained the way word2vec is trained for speed:
//  - one example at a time, with row-sparse gradients: only the rows an example touches are read,
//    and updated by SGD with a learning rate falling linearly to lr * 1e-4 (word2vec's schedule), or
//    by SparseAdam (optim/sparse_adam: Adam row by row, each row with its own step count);
//  - frequent words subsampled (word2vec's formula), each window shrunk to a random 1..window;
//  - Skip-gram's negatives shared by all contexts of a centre word (HogBatch), so an example is one
//    small matrix product (word2vec/fast/example_kernels.hpp);
//  - several threads over chunks of the corpus (taken in turn), updating the shared matrices
//    without locks (Hogwild, Recht et al. 2011): two threads rarely touch the same row at once,
//    and when they do one update is partly overwritten, a little noise SGD absorbs.
// A seed makes one-thread runs exactly reproducible; with more threads the order of concurrent
// updates depends on timing, so runs differ slightly (tests bound the effect on quality).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <minidl/framework/parameter.hpp>
#include <minidl/word2vec/data/token_source.hpp>

namespace minidl {

class FastSync;
class Optimizer;
class SparseAdam;

struct FastWord2VecOptions {
  std::string model = "cbow";      // "cbow" or "skipgram"
  std::size_t hidden = 100, window = 5, negative = 5;
  std::string optimizer = "sgd";   // "sgd" (word2vec) or "adam" (SparseAdam)
  double lr = 0;                   // 0: SGD 0.05 for CBOW, 0.025 for Skip-gram (word2vec.c's); Adam 0.01 / 0.003
  double min_lr_ratio = 1e-4;      // the learning rate falls linearly to lr * this at the end
  double sample = 1e-3;            // subsampling threshold (word2vec's -sample); 0: keep every word
  bool shrink_window = true;       // each window 1..window words wide at random, as word2vec does
  double power = 0.75;             // the negative sampler's exponent
  // CBOW: one set of negatives for this many consecutive examples (Skip-gram's window shares one
  // already). Fewer draws, and at a big vocabulary fewer rows fetched from memory; 1: word2vec's.
  std::size_t share_negatives = 1;
  int threads = 1;
  std::uint64_t seed = 0;
};

struct FastProgress {
  std::size_t epoch = 0;        // 1-based
  double epoch_fraction = 0;    // of this epoch's tokens read
  double lr = 0;                // current learning rate (thread 0's)
  double loss = 0;              // mean loss per prediction since the last report
  double tokens_per_second = 0; // corpus tokens read per second (subsampled ones count as read)
};

struct FastEpochStats {
  double seconds = 0;
  double loss = 0;              // mean loss per prediction over the epoch
  std::uint64_t tokens = 0;     // corpus tokens read (a text file's, counted as they were read)
  std::uint64_t predictions = 0;// scored (input, target) examples: CBOW one per kept token, Skip-gram one per context
};

// word2vec's subsampling: a word seen f times in T tokens is kept with probability
// (sqrt(f / (sample T)) + 1) (sample T) / f, capped at 1 (so 1 for words rarer than about 2.6 sample T).
// Returned per word as that probability times 2^32: a token is kept when 32 random bits fall below
// it (sample 0: every word's is 2^32).
std::vector<std::uint64_t> subsampling_keep(const std::vector<std::uint64_t>& counts, double sample);
// The share of a pass's tokens that subsampling keeps, on average: sum_w counts[w] keep(w) / sum_w
// counts[w] (1 with sample 0). It sets how much work a token is: a corpus whose frequent words are a
// larger share of it keeps fewer of its tokens (at 1e-3 PTB keeps 0.71, bench/scale.sh's Zipf corpus
// of 10^6 ranks 0.80), so tokens/s differ between corpora even at the same speed per kept token.
double subsampling_kept_fraction(const std::vector<std::uint64_t>& counts, double sample);

// "epoch 3: loss 2.376, 0.31 s, 3012345 tokens/s": the line minidl-word2vec and ch04_train print
// after each fast epoch.
std::string epoch_summary(std::size_t epoch, const FastEpochStats& stats);

class FastWord2Vec {
 public:
  // vocab_size rows; corpus gives the word counts behind the sampler and the subsampling (every id
  // must be < vocab_size, and at least two words must occur). W_in starts uniform in +-0.5 / hidden
  // and W_out at zero, as in word2vec, so the first loss is (1 + negative) ln 2.
  FastWord2Vec(std::size_t vocab_size, const Ids& corpus, const FastWord2VecOptions& options = {});
  // The same from the counts alone (counts.size() words; e.g. a TextVocabulary's, for a corpus
  // streamed from its file).
  FastWord2Vec(const std::vector<std::uint64_t>& counts, const FastWord2VecOptions& options = {});
  ~FastWord2Vec();
  FastWord2Vec(FastWord2Vec&&) noexcept;
  FastWord2Vec& operator=(FastWord2Vec&&) noexcept;

  using ProgressFn = std::function<void(const FastProgress&)>;
  // `epochs` passes over corpus (the learning rate falls across all of them), returning each
  // epoch's figures. progress, if given, is called from this thread about every report_seconds.
  // Throws when the loss stops being finite (the learning rate is too high), or when the source
  // throws (a file that cannot be read, or has changed).
  std::vector<FastEpochStats> fit(const TokenSource& corpus, std::size_t epochs, const ProgressFn& progress = {},
                                  double report_seconds = 1.0);
  // The same over ids in memory (IdsSource).
  std::vector<FastEpochStats> fit(const Ids& corpus, std::size_t epochs, const ProgressFn& progress = {},
                                  double report_seconds = 1.0);

  // Training that can stop and resume (checkpoints): epochs epochs_done() + 1 .. total_epochs of
  // one schedule over total_epochs (the learning rate falls across all of them), after_epoch called
  // after each with its figures. From a fresh model it is fit(corpus, total_epochs); from one given
  // back its weights, epoch count and (with Adam) optimizer state by restore() and
  // restore_optimizer(), it continues exactly as a run that never stopped (one thread: the same
  // numbers).
  using EpochFn = std::function<void(const FastEpochStats&)>;
  // stop_after (> 0): stop once that many epochs of the schedule are done, to resume later.
  std::vector<FastEpochStats> fit_to(const TokenSource& corpus, std::size_t total_epochs,
                                     const ProgressFn& progress = {}, double report_seconds = 1.0,
                                     const EpochFn& after_epoch = {}, std::size_t stop_after = 0);
  std::size_t epochs_done() const { return static_cast<std::size_t>(epochs_done_); }
  // Weights and the epoch count saved from a model of the same vocabulary and options. Throws
  // std::invalid_argument when a shape differs.
  void restore(const Tensor& w_in, const Tensor& w_out, std::size_t epochs_done);
  // SparseAdam's moments and step counts (optimizer "adam"; null for SGD, which has no state).
  // They carry from one fit to the next, as the weights do.
  const Optimizer* optimizer_state() const;
  void restore_optimizer(const std::map<std::string, Tensor>& tensors, const std::map<std::string, double>& scalars);

  // Training as one of several processes (word2vec/fast/fast_sync.hpp; null: alone, the default).
  // Each process reads part rank of ranks of the corpus (in chunks among its threads), its
  // workers' random streams are those threads' (so one process of one is exactly the run without),
  // the learning rate follows every process's progress, and each epoch ends with the weights
  // shared by all. sync must outlive the fits.
  void set_sync(FastSync* sync) { sync_ = sync; }

  const FastWord2VecOptions& options() const { return options_; }
  double learning_rate() const { return lr_; }
  double kept_fraction() const;  // subsampling_kept_fraction of this model's counts and sample
  Tensor word_vecs() const { return W_in.data(); }
  Tensor output_vecs() const { return W_out.data(); }

  Parameter W_in, W_out;

 private:
  FastWord2VecOptions options_;
  double lr_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::uint64_t> keep_;  // subsampling: keep a token when 32 random bits are below this
  std::uint64_t epochs_done_ = 0;
  FastSync* sync_ = nullptr;
  std::unique_ptr<SparseAdam> adam_;  // created by the first fit (or restore_optimizer) with "adam"
  SparseAdam& sparse_adam();          // adam_, created on first use

  std::vector<FastEpochStats> run(const TokenSource& corpus, std::size_t first_epoch, std::size_t count,
                                  std::size_t total_epochs, const ProgressFn& progress, double report_seconds,
                                  const EpochFn& after_epoch);
};

}  // namespace minidl
