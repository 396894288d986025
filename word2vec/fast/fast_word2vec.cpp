#include <minidl/word2vec/fast/fast_word2vec.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <tuple>

#include <minidl/framework/huge_pages.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/unigram_sampler.hpp>
#include <minidl/optim/sparse_adam.hpp>
#include <minidl/word2vec/fast/example_kernels.hpp>
#include <minidl/word2vec/fast/fast_sync.hpp>
#include <minidl/word2vec/fast/row_ops.hpp>

#include <cstdint>

namespace minidl {
namespace {

using Clock = std::chrono::steady_clock;

// Windows do not cross these pieces of (kept) tokens, as in word2vec: a thread can then subsample a
// piece and train on it from a small buffer.
constexpr std::size_t kSentence = 1000;

// How many times its starting value a piece's loss per prediction may reach before the run counts
// as diverged: a healthy run's loss falls from its start and never comes near.
constexpr double kDivergence = 100;

// With several threads, the rows of the most frequent words are written by every thread all the
// time, and each write moves the row's cache lines from one core to the other (measured on PTB:
// two-thread CBOW took 0.40 s per epoch, 0.29 s with each thread on matrices of its own). So each
// thread keeps its own copy of the W_in rows of the kHotInputs most frequent words and of the W_out
// rows of the kHotOutputs most frequent; after a piece it adds what it changed in some of them to
// the shared rows and copies those afresh (sync_period says which), and at the end of its part of
// the pass all of them. Other threads' updates of a copied row arrive that many pieces late:
// staleness of the kind Hogwild has anyway. One thread has no copies.
// W_out needs more than W_in: its rows are written by the negatives too, drawn from the counts to
// the 0.75, which spreads them over more words (on PTB the 64 most frequent words are half the
// tokens but a quarter of the negatives; the 1,024 most frequent, 57 % of the negatives). Two-thread
// CBOW on PTB, medians of four runs: 0.22-0.23 s per epoch with 64 words' rows synced every piece
// (the sets before), 0.19-0.20 s with these, 0.17-0.18 s with every row private and never synced (a
// bound, not a trainer). Measured with words numbered by first appearance (the book's PTB loader)
// and by frequency (a text file), where frequent words' rows are neighbours in memory.
constexpr std::size_t kHotInputs = 128;
constexpr std::size_t kHotOutputs = 1024;

// After which pieces the copy of the hot word of this rank (0 for the most frequent) is synced:
// every piece for the 32 most frequent, every 2nd for the next 64, every 4th for the next 128, ...,
// every 16th from rank 480 on. A word's count falls about as 1 / rank (Zipf's law), so each copy
// misses about as many of the other threads' updates between syncs as the most frequent do every
// piece, while a piece syncs 234 of the 1,152 copies. How late updates may come shows in the
// vectors: two-thread CBOW's analogy accuracy on PTB (40 seeds each, standard errors 0.05) was
// 5.64 % this way, 5.65 % with every copy synced every piece (0.25 s per epoch) and 5.42-5.46 % with
// every copy synced every 16th (0.19 s per epoch, against 0.19-0.20 s this way).
std::size_t sync_period(std::size_t rank) {
  std::size_t p = 1;
  while (p < 16 && 2 * p <= rank / 32 + 1) p *= 2;
  return p;
}

// With several threads each thread's shard of a pass is cut into this many chunks, which it reads in
// order; a thread done with its own takes the next chunk of another's. On a shared machine one core
// is often slowed for a while, and with whole shards the other then waited for it at every epoch's
// end (PTB, two-thread CBOW: 5 % of the epoch on average, up to 20 %); now a thread idles at most
// one chunk. Until then each thread reads its own shard's text in order, as with whole shards (the
// threads far apart in the corpus: neighbouring text shares its rarer words, whose rows two threads
// on it would write by turns), and a piece goes on from one chunk into the next of the same shard.
constexpr std::size_t kChunksPerThread = 32;

// f(), with a bad id's error (count_ids, IdsSource) named as this trainer's.
template <class F>
auto naming_bad_ids(F&& f) {
  try {
    return f();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("fast word2vec: ") + e.what());
  }
}

std::vector<std::uint64_t> count_words(std::size_t vocab_size, const Ids& corpus) {
  return naming_bad_ids([&] { return count_ids(corpus, vocab_size); });
}

void check_options(const FastWord2VecOptions& o, std::size_t vocab_size) {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("fast word2vec: " + what); };
  if (o.model != "cbow" && o.model != "skipgram") fail("model '" + o.model + "' is not cbow or skipgram");
  if (o.optimizer != "sgd" && o.optimizer != "adam") fail("optimizer '" + o.optimizer + "' is not sgd or adam");
  if (o.hidden == 0 || o.window == 0 || o.negative == 0) fail("hidden, window and negative must be at least 1");
  if (o.threads < 1) fail("threads must be at least 1");
  if (o.share_negatives < 1) fail("share_negatives must be at least 1");
  if (o.share_negatives > 1 && o.model != "cbow")
    fail("share_negatives applies to CBOW (Skip-gram's window shares one set of negatives already)");
  if (!(o.lr >= 0) || !std::isfinite(o.lr)) fail("the learning rate must be a finite number >= 0");
  if (!(o.sample >= 0)) fail("sample must be >= 0");
  if (!(o.min_lr_ratio >= 0 && o.min_lr_ratio <= 1)) fail("min_lr_ratio must be in [0, 1]");
  if (vocab_size == 0) fail("the vocabulary is empty");
}

// What one thread owns: its generator, buffers, and the figures the reporting thread reads.
// Cache-line aligned (and so padded to whole lines): a thread writes its generator and its loss at
// every example, and two Workers allocated side by side would otherwise share the line between
// one's loss and the next one's generator, whether they do depending on where the heap put them
// (Skip-gram on two threads ran 10 % slower in one build than in another with the same code).
struct alignas(64) Worker {
  Rng rng;
  std::size_t index = 0;                // this thread's number (its shard's)
  std::unique_ptr<TokenReader> reader;  // the chunk of the pass this thread is reading
  std::ptrdiff_t chunk = -1;            // its number
  std::uint64_t units_before = 0;       // units of the chunks this thread finished this pass
  std::uint64_t units_told = 0;         // units_done() at its last piece's end, added to Shared::units_done
  const std::int32_t* span = nullptr;   // the reader's current ids, span[cursor, span_size) not yet read
  std::size_t span_size = 0, cursor = 0;
  std::uint64_t tokens = 0;             // ids taken from the reader this pass
  std::vector<std::int32_t> sentence, contexts, outputs, next_outputs;
  std::vector<std::uint64_t> ahead;  // the random bits of the negatives after next_outputs' (prefetched)
  std::vector<std::int32_t> shared;  // the last fresh set of negatives (reused while share_negatives allows)
  std::size_t shared_left = 0;       // examples that may still reuse it
  std::vector<Scalar*> context_rows, output_rows;
  std::vector<const Scalar*> next_rows;  // the next example's rows to prefetch (its outputs', and the W_in row entering)
  std::vector<Scalar> h, grad_h, g, grad_in, grad_out;
  std::vector<Scalar> hot_in, hot_out, base_in, base_out;  // this thread's copies of the hot rows
  double loss = 0;
  std::uint64_t predictions = 0;
  std::atomic<double> loss_published{0}, lr_now{0};
  std::atomic<std::uint64_t> predictions_published{0};
};

// Everything a worker shares with the others (read-only, except the weights: Hogwild).
struct Shared {
  const FastWord2VecOptions* o;
  const UnigramSampler* sampler;
  const std::vector<std::uint64_t>* keep;
  Scalar* W_in;
  Scalar* W_out;
  const SparseAdam::Rows* adam_in;   // null for SGD
  const SparseAdam::Rows* adam_out;
  const std::vector<std::int32_t>* hot_words;  // null with one thread
  const std::vector<std::int32_t>* hot_slot;   // word -> its rank among the hot words (its row in the copies), or -1
  std::size_t n_hot_in = 0, n_hot_out = 0;     // how many words' W_in and W_out rows are copied (hot_words' first)
  double lr0;
  std::size_t epoch, epochs;  // this epoch (0-based within the schedule) and the schedule's total
  std::atomic<bool> failed{false};     // stop: a worker here failed, or (FastSync) another process did
  std::atomic<bool> diverged{false};
  std::atomic<double> failed_loss{0};  // the piece's loss per prediction that stopped the run
  std::atomic<double> through_offset{0};  // FastSync: all processes' share of the epoch done, less this one's
  // The pass's chunks (opened by the thread that starts it): shard t's are chunks t * per .. (t + 1)
  // * per - 1, taken by worker t in order, then by any worker done with its own (take_chunk).
  std::vector<std::unique_ptr<TokenReader>>* chunks = nullptr;
  std::uint64_t units = 0;  // this process's units in the pass (all its chunks')
  struct alignas(64) Next {
    std::atomic<std::size_t> k{0};  // the next chunk of a thread's shard, counted from its first
  };
  std::vector<Next>* next_chunk = nullptr;  // per shard
  alignas(64) std::atomic<std::uint64_t> units_done{0};  // the workers' units read, told every piece (progress)
  std::exception_ptr error;            // what a worker threw (the first), for fit to rethrow
  std::mutex error_mutex;
};

// The contexts of sentence[i] within a window of width w, into ctx.
void gather_contexts(const std::vector<std::int32_t>& sentence, std::size_t i, std::size_t w,
                     std::vector<std::int32_t>& ctx) {
  ctx.clear();
  const std::size_t lo = i >= w ? i - w : 0, hi = std::min(sentence.size(), i + w + 1);
  for (std::size_t j = lo; j < hi; ++j)
    if (j != i) ctx.push_back(sentence[j]);
}

// Where this thread reads and writes word w's row: its own copy for a hot word, else the shared
// matrix. Chosen without a branch: hot and other words follow each other in no order a predictor
// learns (on PTB without subsampling about every second token is hot), and the mispredicted branch
// cost more than the copies save. PTB, CBOW, one thread with the copies forced on, three runs each:
// 2.1 M tokens/s with a branch here, 2.7 M without, 2.8 M with no copies at all.
Scalar* row_of(const Shared& s, Scalar* W, std::vector<Scalar>& hot, std::size_t n_hot, std::int32_t w) {
  const std::size_t H = s.o->hidden;
  if (!s.hot_slot) return W + std::size_t(w) * H;  // one thread: no copies, the same way every call
  const std::int32_t slot = (*s.hot_slot)[std::size_t(w)];
  const std::uintptr_t mine = reinterpret_cast<std::uintptr_t>(hot.data()) +
                              std::uintptr_t(std::intptr_t(slot)) * (H * sizeof(Scalar));
  const std::uintptr_t shared = reinterpret_cast<std::uintptr_t>(W + std::size_t(w) * H);
  // All ones for a copied word (a slot below n_hot; -1 converts to the largest unsigned).
  const std::uintptr_t is_hot = std::uintptr_t(0) - std::uintptr_t(std::size_t(std::uint32_t(slot)) < n_hot);
  return reinterpret_cast<Scalar*>((mine & is_hot) | (shared & ~is_hot));
}


// Adds this thread's changes of the hot rows (copy - base) to the shared rows, then takes them afresh
// (first: only takes them): the rows due after this piece (sync_period), or all of them for piece 0.
// One pass per row, with the next row's shared lines prefetched: the other thread has just written
// them, so each is a transfer between the cores (with three passes, an add and two copies, a third
// of two-thread CBOW's time on PTB went here).
void sync_hot_rows(const Shared& s, Worker& wk, bool first, std::size_t piece) {
  if (!s.hot_words) return;
  const std::size_t H = s.o->hidden;
  for (auto [W, n, mine, base] : {std::tuple{s.W_in, s.n_hot_in, &wk.hot_in, &wk.base_in},
                                  std::tuple{s.W_out, s.n_hot_out, &wk.hot_out, &wk.base_out}})
    for (std::size_t k = 0; k < n; ++k) {
      if (piece % sync_period(k) != 0) break;  // nor any after it: their periods are multiples of this one
      if (k + 1 < n) row_ops::prefetch(W + std::size_t((*s.hot_words)[k + 1]) * H, H);
      Scalar* shared = W + std::size_t((*s.hot_words)[k]) * H;
      Scalar* copy = mine->data() + k * H;
      Scalar* at_copy = base->data() + k * H;
      for (std::size_t i = 0; i < H; ++i) {
        const Scalar v = first ? shared[i] : shared[i] + (copy[i] - at_copy[i]);
        shared[i] = v;
        copy[i] = v;
        at_copy[i] = v;
      }
    }
}

// out = {target, negative_1, ..., negative_S}; a negative equal to the target is drawn again.
// The negatives come from random bits taken one example earlier, when their columns of the
// sampler's table were prefetched: at a million words the table is 8 MB, and a draw made on the
// spot waited for a cache miss (a seventh of a CBOW epoch's time on a Zipf corpus of 10^6 words).
// With share_negatives N, a fresh set is drawn for every N-th example and the others reuse it,
// except a negative equal to their own target, which that example alone draws again.
void draw_outputs(const Shared& s, Worker& wk, std::int32_t target, std::vector<std::int32_t>& out) {
  out[0] = target;
  const bool fresh = wk.shared_left == 0;
  if (fresh) wk.shared_left = s.o->share_negatives;
  --wk.shared_left;
  for (std::size_t k = 1; k < out.size(); ++k) {
    std::uint64_t& r = wk.ahead[k - 1];
    if (fresh) wk.shared[k - 1] = s.sampler->draw_from(r);
    std::int32_t n = wk.shared[k - 1];
    while (n == target) n = s.sampler->draw(wk.rng);
    out[k] = n;
    if (fresh) {
      r = wk.rng.next();
      s.sampler->prefetch(r);
    }
  }
}

// How far this thread is through the pass, in the source's units: its finished chunks, and what
// its reader has returned less what is still waiting in the span.
std::uint64_t units_done(const Worker& wk) {
  const std::uint64_t read = wk.reader ? wk.reader->units_read() : 0, waiting = wk.span_size - wk.cursor;
  return wk.units_before + (read > waiting ? read - waiting : 0);
}

// The next chunk of this thread's shard, or else of the next thread's that has one left: its
// number, or -1 when none is left.
std::ptrdiff_t take_chunk(Shared& s, Worker& wk) {
  const std::size_t T = s.next_chunk->size(), per = s.chunks->size() / T;
  for (std::size_t i = 0; i < T; ++i) {
    const std::size_t t = (wk.index + i) % T;
    const std::size_t k = (*s.next_chunk)[t].k.fetch_add(1, std::memory_order_relaxed);
    if (k >= per) continue;
    if (wk.reader) wk.units_before += wk.reader->units_read();
    wk.reader = std::move((*s.chunks)[t * per + k]);
    wk.span = nullptr;
    wk.span_size = wk.cursor = 0;
    return static_cast<std::ptrdiff_t>(t * per + k);
  }
  return -1;
}

// One thread's part of the pass: chunks taken in turn until none is left.
void train_shard(Shared& s, Worker& wk) {
  const FastWord2VecOptions& o = *s.o;
  const std::size_t H = o.hidden;
  const bool cbow = o.model == "cbow";
  std::size_t pieces = 0;  // trained this pass: sync_period's clock
  sync_hot_rows(s, wk, true, 0);
  for (std::uint64_t& r : wk.ahead) r = wk.rng.next();
  wk.shared_left = 0;
  bool more = true;
  while (more) {
    if (s.failed.load(std::memory_order_relaxed)) return;
    const double loss_before = wk.loss;
    const std::uint64_t predictions_before = wk.predictions;
    // The learning rate for this piece, from this process's progress through the whole fit (the
    // other threads' as they told it at their last piece's end, this one's as it is).
    const std::uint64_t here = s.units_done.load(std::memory_order_relaxed) - wk.units_told + units_done(wk);
    const double own = s.units ? double(here) / double(s.units) : 0.0;
    const double through = std::clamp(own + s.through_offset.load(std::memory_order_relaxed), 0.0, 1.0);
    const double done = (double(s.epoch) + through) / double(s.epochs);
    const auto lr = static_cast<Scalar>(s.lr0 * std::max(o.min_lr_ratio, 1 - done));
    wk.lr_now.store(lr, std::memory_order_relaxed);

    wk.sentence.clear();
    while (wk.sentence.size() < kSentence) {
      if (wk.cursor == wk.span_size) {
        wk.span_size = wk.reader ? wk.reader->next(wk.span) : 0;
        wk.cursor = 0;
        if (wk.span_size == 0) {
          // The chunk is done. The next of the same shard goes on where it ended; windows do not
          // reach into another's, which starts a piece of its own.
          const std::ptrdiff_t after = wk.chunk + 1;
          wk.chunk = take_chunk(s, wk);
          more = wk.chunk >= 0;
          if (!more || (wk.chunk != after && !wk.sentence.empty())) break;
          continue;
        }
      }
      // The subsampling table is read at every token: at a million words it is 8 MB, so the entry of
      // a token 16 ahead is prefetched (the span has at least one token left here).
      __builtin_prefetch(&(*s.keep)[std::size_t(wk.span[std::min(wk.cursor + 16, wk.span_size - 1)])]);
      const std::int32_t w = wk.span[wk.cursor++];
      ++wk.tokens;
      if (o.sample == 0 || (wk.rng.next() & 0xFFFFFFFFull) < (*s.keep)[std::size_t(w)]) wk.sentence.push_back(w);
    }
    // Each example's target and negatives are drawn one example ahead, and their W_out rows (random
    // rows, usually not in the cache) prefetched while the current example computes, with the W_in
    // row of the word about to enter the window: all at once here, or by Skip-gram's SGD kernel a
    // few at a time between its products (skipgram_example_sgd).
    const bool spread = !cbow && !s.adam_in;
    const std::size_t n = wk.sentence.size();
    if (n > 0) draw_outputs(s, wk, wk.sentence[0], wk.outputs);
    for (std::size_t i = 0; i < n; ++i) {
      wk.next_rows.clear();
      if (i + 1 < n) {
        draw_outputs(s, wk, wk.sentence[i + 1], wk.next_outputs);
        if (i + 1 + o.window < n) wk.next_rows.push_back(row_of(s, s.W_in, wk.hot_in, s.n_hot_in, wk.sentence[i + 1 + o.window]));
        for (const std::int32_t out : wk.next_outputs) wk.next_rows.push_back(row_of(s, s.W_out, wk.hot_out, s.n_hot_out, out));
        if (!spread)
          for (const Scalar* row : wk.next_rows) row_ops::prefetch(row, H);
      }
      const std::size_t w = o.shrink_window ? o.window - wk.rng.below(static_cast<std::uint32_t>(o.window)) : o.window;
      gather_contexts(wk.sentence, i, w, wk.contexts);
      if (wk.contexts.empty()) {
        if (spread)
          for (const Scalar* row : wk.next_rows) row_ops::prefetch(row, H);
        std::swap(wk.outputs, wk.next_outputs);
        continue;
      }
      const std::size_t C = wk.contexts.size(), K = wk.outputs.size();
      for (std::size_t c = 0; c < C; ++c) wk.context_rows[c] = row_of(s, s.W_in, wk.hot_in, s.n_hot_in, wk.contexts[c]);
      for (std::size_t k = 0; k < K; ++k) wk.output_rows[k] = row_of(s, s.W_out, wk.hot_out, s.n_hot_out, wk.outputs[k]);
      if (cbow && !s.adam_in) {
        wk.loss += cbow_example_sgd(wk.context_rows.data(), C, wk.output_rows.data(), K, H, lr, wk.h.data(),
                                    wk.grad_h.data());
        wk.predictions += 1;
      } else if (!s.adam_in) {
        wk.loss += skipgram_example_sgd(wk.context_rows.data(), C, wk.output_rows.data(), K, H, lr, wk.g.data(),
                                        wk.grad_out.data(), RowPrefetch{wk.next_rows.data(), wk.next_rows.size()});
        wk.predictions += C;
      } else {  // SparseAdam: the gradient, then each row's step
        const Scalar* const* in_rows = wk.context_rows.data();
        const Scalar* const* out_rows = wk.output_rows.data();
        wk.loss += cbow ? cbow_example_gradient(in_rows, C, out_rows, K, H, wk.h.data(), wk.grad_h.data(),
                                                wk.g.data(), wk.grad_out.data())
                        : shared_negative_gradient(in_rows, C, out_rows, K, H, wk.g.data(), wk.grad_in.data(),
                                                   wk.grad_out.data());
        wk.predictions += cbow ? 1 : C;
        for (std::size_t k = 0; k < K; ++k)
          s.adam_out->update(wk.output_rows[k], std::size_t(wk.outputs[k]), &wk.grad_out[k * H], lr);
        // CBOW: each context row gets grad_h, C times its own gradient, as in the SGD step (see
        // cbow_example_sgd); Adam's step does not depend on that scale beyond its epsilon.
        for (std::size_t c = 0; c < C; ++c)
          s.adam_in->update(wk.context_rows[c], std::size_t(wk.contexts[c]), cbow ? wk.grad_h.data() : &wk.grad_in[c * H],
                            lr);
      }
      std::swap(wk.outputs, wk.next_outputs);
    }
    ++pieces;
    sync_hot_rows(s, wk, false, more ? pieces : 0);  // all rows after the last piece
    // Diverged: the loss is not finite, or a piece's loss per prediction is over kDivergence times
    // where every run starts, (1 + negative) ln 2 (W_out starts at zero); a learning rate that
    // drives the weights to 1e6 gives finite but meaningless losses of 1e12.
    const std::uint64_t scored = wk.predictions - predictions_before;
    const double piece = scored ? (wk.loss - loss_before) / double(scored) : 0.0;
    if (!std::isfinite(wk.loss) || piece > kDivergence * double(1 + o.negative) * std::log(2.0)) {
      s.failed_loss.store(std::isfinite(wk.loss) ? piece : wk.loss);
      s.diverged.store(true);
      s.failed.store(true);
      return;
    }
    const std::uint64_t read = units_done(wk);
    s.units_done.fetch_add(read - wk.units_told, std::memory_order_relaxed);
    wk.units_told = read;
    wk.loss_published.store(wk.loss, std::memory_order_relaxed);
    wk.predictions_published.store(wk.predictions, std::memory_order_relaxed);
  }
}

// Why this process's workers stopped (a worker's error, or the loss diverging), or "" if they did not.
std::string failure_message(const Shared& s, std::size_t epoch, double lr) {
  if (s.error) {
    try {
      std::rethrow_exception(s.error);
    } catch (const std::exception& e) {
      return e.what();
    } catch (...) {
      return "an unknown error";
    }
  }
  if (!s.diverged) return "";
  const double l = s.failed_loss.load();
  std::ostringstream what;
  what << "fast word2vec: the loss ";
  if (std::isfinite(l))
    what << "exploded in epoch " << epoch << " (" << l << " per prediction, over " << kDivergence
         << " times its start, " << double(1 + s.o->negative) * std::log(2.0) << ")";
  else
    what << "stopped being finite in epoch " << epoch;
  what << "; the learning rate " << lr << " is too high";
  return what.str();
}

}  // namespace

namespace {
std::vector<std::uint64_t> checked_counts(std::size_t vocab_size, const Ids& corpus, const FastWord2VecOptions& o) {
  check_options(o, vocab_size);  // first: an empty vocabulary is named as such, not as an id outside it
  return count_words(vocab_size, corpus);
}
}  // namespace

FastWord2Vec::FastWord2Vec(std::size_t vocab_size, const Ids& corpus, const FastWord2VecOptions& options)
    : FastWord2Vec(checked_counts(vocab_size, corpus, options), options) {}

FastWord2Vec::FastWord2Vec(const std::vector<std::uint64_t>& counts, const FastWord2VecOptions& options)
    : options_(options), counts_(counts) {
  const std::size_t vocab_size = counts.size();
  check_options(options_, vocab_size);
  if (std::count_if(counts_.begin(), counts_.end(), [](std::uint64_t c) { return c > 0; }) < 2)
    throw std::invalid_argument("fast word2vec: the corpus must contain at least two different words");
  // SGD: word2vec.c's defaults (gensim uses 0.025 for both; on PTB, CBOW's analogy accuracy after 10
  // epochs was 3.5 % at 0.025 and 4.9 % at 0.05). SparseAdam: the best of 0.001, 0.003, 0.005, 0.01
  // on PTB after 10 epochs (CBOW 1.5, 3.7, 4.9, 6.0 %; Skip-gram 2.0, 4.2, 4.0, 3.9 %).
  const bool cbow = options_.model == "cbow";
  lr_ = options_.lr > 0 ? options_.lr : options_.optimizer == "adam" ? (cbow ? 0.01 : 0.003) : (cbow ? 0.05 : 0.025);

  keep_ = subsampling_keep(counts_, options_.sample);

  const std::size_t H = options_.hidden;
  Rng rng(options_.seed);
  Tensor w_in = Tensor::from_shape({vocab_size, H});
  Tensor w_out = Tensor::from_shape({vocab_size, H});
  // W_in and W_out are read and written at random rows: at 762,684 words they are 291 MiB each, and
  // 4 KiB pages make nearly every row a TLB miss. Four alternating runs of one CBOW epoch on a Zipf
  // corpus of 10^7 tokens: 12.5 s median with huge pages, 13.6 s without.
  advise_huge_pages(w_in.data(), w_in.size() * sizeof(Scalar));
  advise_huge_pages(w_out.data(), w_out.size() * sizeof(Scalar));
  fill_uniform(w_in, rng, Scalar(-0.5) / Scalar(H), Scalar(0.5) / Scalar(H));
  std::fill(w_out.begin(), w_out.end(), Scalar(0));
  W_in = Parameter(std::move(w_in), "W_in");
  W_out = Parameter(std::move(w_out), "W_out");
}

std::vector<std::uint64_t> subsampling_keep(const std::vector<std::uint64_t>& counts, double sample) {
  std::vector<std::uint64_t> keep(counts.size(), 1ull << 32);
  if (!(sample > 0)) return keep;
  std::uint64_t total = 0;
  for (const std::uint64_t c : counts) total += c;
  const double t = sample * double(total);
  for (std::size_t w = 0; w < counts.size(); ++w)
    if (counts[w] > 0) {
      const double f = double(counts[w]);
      const double p = std::min(1.0, (std::sqrt(f / t) + 1) * t / f);
      keep[w] = static_cast<std::uint64_t>(p * 4294967296.0);
    }
  return keep;
}

double subsampling_kept_fraction(const std::vector<std::uint64_t>& counts, double sample) {
  const std::vector<std::uint64_t> keep = subsampling_keep(counts, sample);
  double kept = 0, total = 0;
  for (std::size_t w = 0; w < counts.size(); ++w) {
    kept += double(counts[w]) * (double(keep[w]) / 4294967296.0);
    total += double(counts[w]);
  }
  return total > 0 ? kept / total : 1.0;
}

double FastWord2Vec::kept_fraction() const { return subsampling_kept_fraction(counts_, options_.sample); }

std::string epoch_summary(std::size_t epoch, const FastEpochStats& st) {
  char line[128];
  std::snprintf(line, sizeof line, "epoch %zu: loss %.3f, %.2f s, %.0f tokens/s", epoch, st.loss, st.seconds,
                st.seconds > 0 ? double(st.tokens) / st.seconds : 0.0);
  return line;
}

std::vector<FastEpochStats> FastWord2Vec::fit(const Ids& corpus, std::size_t epochs, const ProgressFn& progress,
                                              double report_seconds) {
  const std::size_t V = W_in.data().shape()[0];
  // It checks every id, as at construction.
  const IdsSource source = naming_bad_ids([&] { return IdsSource(corpus, V); });
  return fit(source, epochs, progress, report_seconds);
}

std::vector<FastEpochStats> FastWord2Vec::fit(const TokenSource& corpus, std::size_t epochs, const ProgressFn& progress,
                                              double report_seconds) {
  return run(corpus, 0, epochs, epochs, progress, report_seconds, {});
}

std::vector<FastEpochStats> FastWord2Vec::fit_to(const TokenSource& corpus, std::size_t total_epochs,
                                                 const ProgressFn& progress, double report_seconds,
                                                 const EpochFn& after_epoch, std::size_t stop_after) {
  const std::size_t done = epochs_done();
  if (done > total_epochs)
    throw std::invalid_argument("fast word2vec: " + std::to_string(done) + " epochs are done already, more than the " +
                                std::to_string(total_epochs) + " asked for");
  const std::size_t end = stop_after > 0 ? std::min(std::max(stop_after, done), total_epochs) : total_epochs;
  return run(corpus, done, end - done, total_epochs, progress, report_seconds, after_epoch);
}

FastWord2Vec::~FastWord2Vec() = default;
FastWord2Vec::FastWord2Vec(FastWord2Vec&&) noexcept = default;
FastWord2Vec& FastWord2Vec::operator=(FastWord2Vec&&) noexcept = default;

const Optimizer* FastWord2Vec::optimizer_state() const { return adam_.get(); }

SparseAdam& FastWord2Vec::sparse_adam() {
  if (!adam_) adam_ = std::make_unique<SparseAdam>(Parameters{W_in, W_out});
  return *adam_;
}

void FastWord2Vec::restore_optimizer(const std::map<std::string, Tensor>& tensors,
                                     const std::map<std::string, double>& scalars) {
  if (options_.optimizer != "adam") {
    if (!tensors.empty() || !scalars.empty())
      throw std::invalid_argument("fast word2vec: optimizer state given to a model trained with " + options_.optimizer);
    return;
  }
  sparse_adam().load_state(tensors, scalars);
}

void FastWord2Vec::restore(const Tensor& w_in, const Tensor& w_out, std::size_t epochs_done) {
  if (w_in.shape() != W_in.data().shape() || w_out.shape() != W_out.data().shape())
    throw std::invalid_argument("fast word2vec: restoring weights of shapes " + shape_str(w_in.shape()) + " and " +
                                shape_str(w_out.shape()) + " into a model of " + shape_str(W_in.data().shape()));
  std::copy(w_in.begin(), w_in.end(), W_in.data().begin());
  std::copy(w_out.begin(), w_out.end(), W_out.data().begin());
  epochs_done_ = epochs_done;
}

std::vector<FastEpochStats> FastWord2Vec::run(const TokenSource& corpus, std::size_t first_epoch, std::size_t epochs,
                                              std::size_t total_epochs, const ProgressFn& progress,
                                              double report_seconds, const EpochFn& after_epoch) {
  const FastWord2VecOptions& o = options_;
  const std::size_t V = W_in.data().shape()[0], H = o.hidden;
  if (corpus.vocab_size() != V)
    throw std::invalid_argument("fast word2vec: the corpus has a vocabulary of " + std::to_string(corpus.vocab_size()) +
                                " words, the model " + std::to_string(V));
  if (corpus.tokens() <= 2 * o.window)
    throw std::invalid_argument("fast word2vec: the corpus has " + std::to_string(corpus.tokens()) +
                                " tokens, too few for window " + std::to_string(o.window) +
                                " (it needs more than 2 * window)");
  // The book's sampler (its table; the threads draw with their own generators, keeping repeats).
  const UnigramSampler sampler(counts_, o.power, 1);
  SparseAdam* adam = nullptr;  // its moments carry from fit to fit, as the weights do
  SparseAdam::Rows adam_in, adam_out;
  if (o.optimizer == "adam") {
    adam = &sparse_adam();
    adam_in = adam->rows(0);
    adam_out = adam->rows(1);
  }

  // A thread per shard; never more shards than tokens.
  const std::size_t T = static_cast<std::size_t>(std::min<std::uint64_t>(std::uint64_t(o.threads), corpus.tokens()));
  std::vector<std::int32_t> hot_words, hot_slot;
  if (T > 1) {
    std::vector<std::int32_t> by_count(V);
    for (std::size_t w = 0; w < V; ++w) by_count[w] = static_cast<std::int32_t>(w);
    const std::size_t n_hot = std::min(std::max(kHotInputs, kHotOutputs), V);
    std::partial_sort(by_count.begin(), by_count.begin() + std::ptrdiff_t(n_hot), by_count.end(),
                      [&](std::int32_t a, std::int32_t b) { return counts_[std::size_t(a)] > counts_[std::size_t(b)]; });
    hot_words.assign(by_count.begin(), by_count.begin() + std::ptrdiff_t(n_hot));
    hot_slot.assign(V, -1);
    for (std::size_t k = 0; k < n_hot; ++k) hot_slot[std::size_t(hot_words[k])] = static_cast<std::int32_t>(k);
  }
  const std::size_t n_hot_in = std::min(kHotInputs, hot_words.size()), n_hot_out = std::min(kHotOutputs, hot_words.size());
  std::vector<std::unique_ptr<Worker>> workers;
  for (std::size_t t = 0; t < T; ++t) {
    auto wk = std::make_unique<Worker>();
    wk->index = t;
    wk->sentence.reserve(kSentence);
    wk->contexts.reserve(2 * o.window);
    wk->outputs.assign(1 + o.negative, 0);
    wk->next_outputs.assign(1 + o.negative, 0);
    wk->next_rows.reserve(2 + o.negative);
    wk->ahead.assign(o.negative, 0);
    wk->shared.assign(o.negative, 0);
    wk->context_rows.assign(2 * o.window, nullptr);
    wk->output_rows.assign(1 + o.negative, nullptr);
    for (auto* v : {&wk->hot_in, &wk->base_in}) v->assign(n_hot_in * H, 0);
    for (auto* v : {&wk->hot_out, &wk->base_out}) v->assign(n_hot_out * H, 0);
    wk->h.assign(H, 0);
    wk->grad_h.assign(H, 0);
    wk->g.assign(2 * o.window * (1 + o.negative), 0);
    wk->grad_in.assign(2 * o.window * H, 0);
    wk->grad_out.assign((1 + o.negative) * H, 0);
    workers.push_back(std::move(wk));
  }

  std::vector<FastEpochStats> stats;
  for (std::size_t e = 0; e < epochs; ++e) {
    Shared s;
    s.o = &o;
    s.sampler = &sampler;
    s.keep = &keep_;
    s.W_in = W_in.data().data();
    s.W_out = W_out.data().data();
    s.adam_in = adam ? &adam_in : nullptr;
    s.adam_out = adam ? &adam_out : nullptr;
    s.hot_words = T > 1 ? &hot_words : nullptr;
    s.hot_slot = T > 1 ? &hot_slot : nullptr;
    s.n_hot_in = n_hot_in;
    s.n_hot_out = n_hot_out;
    s.lr0 = lr_ * (sync_ ? sync_->step_scale() : 1.0);
    s.epoch = first_epoch + e;
    s.epochs = total_epochs;

    // Each (seed, epoch, thread) its own stream, so a one-thread run is the same every time; with a
    // FastSync, thread t of process r is thread r * T + t of them all.
    const std::size_t rank = sync_ ? sync_->rank() : 0, ranks = sync_ ? sync_->ranks() : 1;
    Rng seeder(o.seed ^ (0x5851F42D4C957F2Dull * (epochs_done_ + 1)));
    for (std::size_t skip = 0; skip < rank * T; ++skip) seeder.next();
    for (auto& wk : workers) {
      wk->span = nullptr;
      wk->span_size = wk->cursor = 0;
      wk->tokens = 0;
      wk->rng = Rng(seeder.next());
      wk->loss = 0;
      wk->predictions = 0;
      wk->units_before = wk->units_told = 0;
      wk->chunk = -1;
      wk->loss_published = 0;
      wk->predictions_published = 0;
    }
    // This process's chunks of the pass, opened here, so that a file gone or changed throws here;
    // with a FastSync it is this process's failure, for the next round to tell the others. Process
    // r has chunks r * C .. (r + 1) * C - 1 of ranks * C: the same part of the corpus, r / ranks to
    // (r + 1) / ranks, whatever its thread count. One thread reads one chunk, its whole part.
    const std::size_t C = T > 1 ? T * kChunksPerThread : 1;
    std::vector<std::unique_ptr<TokenReader>> chunks;
    std::uint64_t local_units = 0;
    try {
      for (std::size_t k = 0; k < C; ++k) {
        chunks.push_back(corpus.open(rank * C + k, ranks * C));
        local_units += chunks.back()->units();
      }
    } catch (...) {
      if (!sync_) throw;
      s.error = std::current_exception();
      s.failed.store(true);
    }
    std::vector<Shared::Next> next_chunk(T);
    s.chunks = &chunks;
    s.next_chunk = &next_chunk;
    s.units = local_units;

    std::mutex m;
    std::condition_variable cv;
    std::size_t finished = s.error ? T : 0;
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < T && !s.error; ++t)
      threads.emplace_back([&, t] {
        try {
          train_shard(s, *workers[t]);
        } catch (...) {  // e.g. a read error: stop every worker, and fit rethrows it
          {
            std::lock_guard<std::mutex> lock(s.error_mutex);
            if (!s.error) s.error = std::current_exception();
          }
          s.failed.store(true);
        }
        std::lock_guard<std::mutex> lock(m);
        ++finished;
        cv.notify_one();
      });

    // Report while the workers run: their published totals, differenced since the last report. With a
    // FastSync, rounds as well (below), until every process is done.
    double last_loss = 0;
    std::uint64_t last_predictions = 0;
    int failed_rank = -1;
    std::uint64_t all_read = 0;  // FastSync: every process's units read, at the last round
    // A round every sync_->seconds() and at least kRoundsPerEpoch times an epoch (fast_sync.hpp),
    // or, when sync_->units_between() is given, each time this process has read that many more
    // units; checked every millisecond (the workers publish their counts every kSentence tokens).
    const std::uint64_t given = sync_ ? sync_->units_between() : 0;
    const std::uint64_t every = given ? given : std::max<std::uint64_t>(1, local_units / kRoundsPerEpoch);
    const auto round_seconds = std::chrono::duration<double>(sync_ && !given ? sync_->seconds() : 0);
    std::uint64_t next_round = every;
    const double wait = sync_ ? 0.001 : report_seconds;
    auto last_report = Clock::now(), last_round = Clock::now();
    {
      std::unique_lock<std::mutex> lock(m);
      for (;;) {
        const bool done = cv.wait_for(lock, std::chrono::duration<double>(wait), [&] { return finished == T; });
        std::uint64_t read = s.units_done.load(std::memory_order_relaxed);
        if (sync_ && (done || read >= next_round || (!given && Clock::now() - last_round >= round_seconds))) {
          next_round = (read / every + 1) * every;
          lock.unlock();
          const bool here_failed = s.error || s.diverged.load();
          const SyncRound r = sync_->round(s.W_in, s.W_out, V, H, read, done, here_failed);
          lock.lock();
          last_round = Clock::now();
          all_read = r.units_read;
          s.through_offset.store(double(r.units_read) / double(std::max<std::uint64_t>(1, corpus.units())) -
                                     double(read) / double(std::max<std::uint64_t>(1, local_units)),
                                 std::memory_order_relaxed);
          if (r.failed_rank >= 0) {
            failed_rank = r.failed_rank;
            s.failed.store(true);  // stop this process's workers too
          }
          if (r.all_finished) break;
        } else if (!sync_ && done) {
          break;
        }
        if (!progress || done || Clock::now() - last_report < std::chrono::duration<double>(report_seconds * 0.999))
          continue;
        double loss = 0;
        std::uint64_t predictions = 0;
        for (auto& wk : workers) {
          loss += wk->loss_published.load(std::memory_order_relaxed);
          predictions += wk->predictions_published.load(std::memory_order_relaxed);
        }
        if (predictions == last_predictions) continue;  // nothing new to report yet
        last_report = Clock::now();
        const double elapsed = std::chrono::duration<double>(last_report - start).count();
        FastProgress p;
        p.epoch = first_epoch + e + 1;
        if (sync_) read = all_read;  // the whole group's progress; the loss is this process's
        p.epoch_fraction = double(read) / double(std::max<std::uint64_t>(1, corpus.units()));
        p.lr = workers[0]->lr_now.load(std::memory_order_relaxed) / (sync_ ? sync_->step_scale() : 1.0);
        p.loss = (loss - last_loss) / double(predictions - last_predictions);
        p.tokens_per_second = double(read) / elapsed;
        last_loss = loss;
        last_predictions = predictions;
        lock.unlock();
        progress(p);
        lock.lock();
      }
    }
    for (auto& th : threads) th.join();
    ++epochs_done_;
    for (auto& wk : workers) wk->reader.reset();
    const std::string here = failure_message(s, first_epoch + e + 1, lr_);
    if (failed_rank >= 0) {  // FastSync: every process stops, naming the one that failed and why
      const std::string why = sync_->failure_of(failed_rank, here);
      if (std::size_t(failed_rank) == rank && s.error) std::rethrow_exception(s.error);
      if (std::size_t(failed_rank) == rank) throw std::runtime_error(why);
      throw std::runtime_error("fast word2vec: process " + std::to_string(failed_rank) + " of " +
                               std::to_string(ranks) + " failed: " + why);
    }
    if (s.error) std::rethrow_exception(s.error);
    if (s.failed) throw std::runtime_error(here);

    FastEpochStats st;
    st.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (auto& wk : workers) {
      st.loss += wk->loss;
      st.predictions += wk->predictions;
      st.tokens += wk->tokens;
    }
    if (sync_) sync_->end_epoch(s.W_in, s.W_out, V, H, st);  // every row shared; the figures summed
    st.loss = st.predictions ? st.loss / double(st.predictions) : 0;
    stats.push_back(st);
    if (after_epoch) after_epoch(st);
  }
  return stats;
}

}  // namespace minidl
