#pragma once
// TrainConfig: how to train word vectors, in either mode. The one set of options that
// `minidl-word2vec train`, `ch04_train` and `minidl-bench` fill, and the factories that turn it
// into what trains: the book's model and optimizer (book mode, driven by the Trainer) or a
// FastWord2Vec (fast mode). A program adds only what is its own (corpus, output files, reports).
#include <cstdint>
#include <memory>
#include <string>

#include <minidl/framework/optimizer.hpp>
#include <minidl/models/word_model.hpp>
#include <minidl/word2vec/data/corpus.hpp>
#include <minidl/word2vec/fast/fast_word2vec.hpp>

namespace minidl {

struct TrainConfig {
  std::string mode = "book";    // book: the chapter's mini-batches; fast: word2vec's per-example SGD
  std::string model = "cbow";   // cbow or skipgram
  std::size_t window = 5, hidden = 100, negative = 5;
  std::size_t batch = 100;      // book mode: the mini-batch
  std::size_t epochs = 10;
  std::string optimizer;        // empty: the mode's own (book adam, fast sgd); book: any of optim/, fast: sgd or adam
  double lr = 0;                // 0: the optimizer's default for the mode and model
  double max_grad = 0;          // book mode: clip gradients to this global norm (0: off)
  double power = 0.75;          // the negative sampler's exponent
  double sample = 1e-3;         // fast mode: subsampling threshold (0: off)
  bool shrink_window = true;    // fast mode: each window 1..window wide at random
  std::size_t share_negatives = 1;  // fast CBOW: one set of negatives per this many examples
  int threads = 1;              // book: BLAS and update threads; fast: training threads
  std::uint64_t seed = 0;       // weights, shuffling, negatives

  // The optimizer this run uses: `optimizer`, or the mode's default.
  std::string optimizer_name() const;
  // Throws std::invalid_argument naming the first option that is out of range or does not fit
  // the mode.
  void check() const;

  // About how many bytes training takes for a corpus of `tokens` words over `vocab` words: the two
  // weight matrices, the optimizer's state and buffers (four more of them at most: Adam's m and
  // v, a dense gradient buffer), and in book mode the contexts and targets (twice: the Trainer
  // keeps a copy) and a batch's activations and gradients. An upper bound; the rest is small.
  double estimated_bytes(std::size_t vocab, std::size_t tokens) const;
  // Throws std::invalid_argument with the estimate, the memory available and what to lower when
  // the estimate exceeds what the machine has free (Linux's MemAvailable; no check elsewhere).
  void check_memory(std::size_t vocab, std::size_t tokens) const;
};

// Linux's MemAvailable in bytes, or a negative number where it cannot be read.
double available_memory_bytes();
// Throws std::invalid_argument saying `what` needs about `bytes`, more than is available, and
// `lower` (what to change), when bytes exceeds MemAvailable.
void check_memory(double bytes, const std::string& what, const std::string& lower);

// Book mode: the chapter's CBOW or SkipGram for the corpus's vocabulary, weights from `seed`.
std::unique_ptr<WordModel> make_word_model(const TrainConfig& config, const Corpus& corpus);
// Book mode: the optimizer named by the config over these parameters, with its learning rate
// (`lr`, or the book's default: Adam 0.001, the others 0.01).
std::unique_ptr<Optimizer> make_optimizer(const TrainConfig& config, const Parameters& params);
// Fast mode: the FastWord2Vec options the config means.
FastWord2VecOptions fast_options(const TrainConfig& config);

}  // namespace minidl
