// minidl-bench: trains CBOW and Skip-gram (window 5, hidden 100, 5 negatives) in both
// configurations and prints, per mode, model and thread count, seconds per epoch, tokens per
// second, peak memory, final loss and analogy accuracy, as an aligned table (and optionally CSV).
//   book: models/ with Adam and batch 100, the chapter's loop;
//   fast: word2vec/fast/FastWord2Vec (SGD from word2vec.c's rates with linear decay, shrinking windows; --sample, default 0 as in the
//         peers' comparison), Hogwild threads.
//
//   minidl-bench --corpus ptb --data-dir ../shared/data/ptb --mode book,fast --threads 1,2
//   minidl-bench --corpus synthetic --max-iters 300          # a smoke run, book times extrapolated
//
// The book loop is framework/trainer.cpp's (fresh permutation, row gather, zero_grad, loss,
// backward, step) written out here so that it can stop after --max-iters and time itself without
// printing. The fast mode always runs whole epochs (its learning rate schedule spans them).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <minidl/cli/checks.hpp>
#if defined(__SSE2__)
#include <pmmintrin.h>
#include <xmmintrin.h>
#endif

#include "bench_util.hpp"
#include <minidl/word2vec/fast/fast_word2vec.hpp>
#include <minidl/framework/blas.hpp>
#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/word2vec/data/contexts_target.hpp>
#include <minidl/word2vec/data/load_corpus.hpp>
#include <minidl/word2vec/data/word_vectors.hpp>
#include <minidl/word2vec/eval/analogy_accuracy.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>
#include <minidl/framework/batch.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/word2vec/train_config.hpp>

namespace {

using namespace minidl;
using minidl::bench::fmt;

struct Options {
  std::string corpus = "synthetic";
  std::string data_dir;
  std::size_t min_count = 1;
  std::size_t synthetic_sentences = 40000;
  std::vector<std::string> modes{"book"};
  std::vector<std::string> models{"cbow", "skipgram"};
  std::vector<int> threads{1};
  std::size_t max_iters = 0;  // 0: whole epochs
  std::string analogies;
  std::string csv;
  std::string save_vectors;  // directory: minidl-<model>-t<threads>.txt
  bool flush_denormals = false;
  // What is trained: the programs' shared options (word2vec/train_config.hpp), here one epoch and
  // no subsampling in fast mode, as in the peers' comparison; mode, model and threads per run.
  TrainConfig train = [] {
    TrainConfig t;
    t.epochs = 1;
    t.sample = 0;
    return t;
  }();
  std::size_t repeat = 1;  // the corpus this many times over: does the cost grow linearly?
};

struct Result {
  std::string mode = "book";
  std::string model;
  int threads = 1;
  std::size_t iters = 0, iters_per_epoch = 0;
  double seconds = 0, seconds_per_epoch = 0;
  bool extrapolated = false;
  double tokens_per_second = 0;
  double vm_hwm = -1, maxrss = 0;
  double final_loss = 0;
  std::string analogy = "-";
};

// What both modes train: the options every program shares (word2vec/train_config.hpp), with
// this benchmark's settings.
TrainConfig config_for(const std::string& mode, const std::string& model, int threads, const Options& o) {
  TrainConfig cfg = o.train;
  cfg.mode = mode;
  cfg.model = model;
  cfg.threads = threads;
  cfg.check();
  return cfg;
}

// Saves the vectors if asked, and scores them: the synthetic corpus's planted questions, or --analogies.
void score(Result& r, const Options& o, const LoadedCorpus& loaded, const Tensor& vectors) {
  const WordVectors wv = WordVectors::from(loaded.corpus.id_to_word, vectors);
  if (!o.save_vectors.empty()) {
    const std::string path = (std::filesystem::path(o.save_vectors) /
                              ("minidl-" + (r.mode == "book" ? std::string() : r.mode + "-") + r.model + "-t" +
                               std::to_string(r.threads) + ".txt"))
                                 .string();
    save_word_vectors(path, wv);
  }
  // The synthetic corpus scores its own planted questions; any corpus can take a questions file.
  AnalogyAccuracy acc;
  bool have = false;
  if (!o.analogies.empty()) {
    acc = analogy_accuracy(o.analogies, wv);
    have = true;
  } else if (!loaded.questions.empty()) {
    std::istringstream q(loaded.questions);
    acc = analogy_accuracy(parse_analogy_questions(q, "synthetic questions"), wv);
    have = true;
  }
  if (have) {
    const auto& s = acc.overall;
    r.analogy = std::to_string(s.correct) + "/" + std::to_string(s.covered) + " " +
                (s.covered ? fmt(100.0 * s.accuracy(), 2) : std::string("nan")) + "%";
  }
}

Result run_one(const std::string& model_name, int threads, const Options& o, const LoadedCorpus& loaded,
               const ContextsTarget& data) {
  Result r;
  r.model = model_name;
  r.threads = threads;
  bench::reset_vm_hwm();
  set_blas_threads(threads);

  const TrainConfig cfg = config_for("book", model_name, threads, o);
  auto model = make_word_model(cfg, loaded.corpus);
  auto optimizer = make_optimizer(cfg, model->parameters());
  Rng shuffle_rng(o.train.seed);
  const std::size_t N = data.contexts.shape()[0];
  r.iters_per_epoch = N / o.train.batch;
  const std::size_t total = o.max_iters > 0 ? std::min(o.max_iters, o.train.epochs * r.iters_per_epoch)
                                            : o.train.epochs * r.iters_per_epoch;
  Ids bx = Ids::from_shape({o.train.batch, data.contexts.shape()[1]});
  Ids bt = Ids::from_shape({o.train.batch});
  // "Final loss": the mean over the last 100 iterations (one iteration's loss is noisy).
  std::vector<double> recent;
  std::vector<std::size_t> order;

  const auto t0 = bench::Clock::now();
  for (std::size_t it = 0; it < total; ++it) {
    const std::size_t in_epoch = it % r.iters_per_epoch;
    if (in_epoch == 0) order = permutation(N, shuffle_rng);
    // The Trainer's gather on the Ids themselves: a Batch would copy them first, into the peak
    // memory this program reports.
    gather_rows(data.contexts, order, in_epoch * o.train.batch, bx);
    gather_rows(data.target, order, in_epoch * o.train.batch, bt);
    model->zero_grad();
    Variable loss = model->loss(bx, bt);
    const double value = static_cast<double>(*loss.data().begin());
    if (!std::isfinite(value)) throw std::runtime_error("loss is not finite at iteration " + std::to_string(it + 1));
    loss.backward();
    optimizer->step();
    if (recent.size() == 100) recent.erase(recent.begin());
    recent.push_back(value);
  }
  r.seconds = bench::seconds_since(t0);
  r.iters = total;
  r.vm_hwm = bench::vm_hwm_mib();
  r.maxrss = bench::ru_maxrss_mib();
  r.extrapolated = total % r.iters_per_epoch != 0;
  r.seconds_per_epoch = r.seconds / static_cast<double>(total) * static_cast<double>(r.iters_per_epoch);
  // Tokens as gensim and fastText count them: the corpus's words, per second of an epoch.
  r.tokens_per_second = static_cast<double>(loaded.corpus.corpus.size()) / r.seconds_per_epoch;
  double sum = 0;
  for (const double v : recent) sum += v;
  r.final_loss = recent.empty() ? 0 : sum / static_cast<double>(recent.size());

  score(r, o, loaded, model->word_vecs());
  return r;
}

Result run_fast(const std::string& model_name, int threads, const Options& o, const LoadedCorpus& loaded) {
  Result r;
  r.mode = "fast";
  r.model = model_name;
  r.threads = threads;
  bench::reset_vm_hwm();
  FastWord2Vec w2v(loaded.corpus.id_to_word.size(), loaded.corpus.corpus,
                   fast_options(config_for("fast", model_name, threads, o)));
  const auto stats = w2v.fit(loaded.corpus.corpus, o.train.epochs);
  for (const auto& st : stats) r.seconds += st.seconds;
  r.seconds_per_epoch = r.seconds / static_cast<double>(o.train.epochs);
  r.tokens_per_second = static_cast<double>(loaded.corpus.corpus.size()) / r.seconds_per_epoch;
  r.vm_hwm = bench::vm_hwm_mib();
  r.maxrss = bench::ru_maxrss_mib();
  r.final_loss = stats.back().loss;  // mean loss per prediction over the last epoch
  score(r, o, loaded, w2v.word_vecs());
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"minidl-bench: time the book's CBOW and Skip-gram (Adam, batch 100, window 5, hidden 100, 5 negatives)"};
  app.add_option("--corpus", o.corpus, "synthetic, ptb, or a text file (one sentence per line)")->capture_default_str();
  app.add_option("--data-dir", o.data_dir, "directory holding ptb.train.txt (else MINIDL_DATA_DIR, cache, download)");
  app.add_option("--min-count", o.min_count, "drop rarer words (text files)")->capture_default_str();
  app.add_option("--synthetic-sentences", o.synthetic_sentences, "size of the synthetic corpus")->capture_default_str();
  app.add_option("--mode", o.modes, "book, fast or both (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember({"book", "fast"}))
      ->capture_default_str();
  app.add_option("--sample", o.train.sample, "fast mode's subsampling threshold (0: off)")->capture_default_str();
  app.add_option("--repeat", o.repeat, "train on the corpus repeated this many times (linear-cost check)")
      ->check(minidl::cli::at_least(1))
      ->capture_default_str();
  app.add_option("--model", o.models, "cbow, skipgram or both (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember({"cbow", "skipgram"}))
      ->capture_default_str();
  app.add_option("--threads", o.threads, "thread counts to run (comma-separated): book: BLAS and update threads; fast: Hogwild threads")
      ->delimiter(',')
      ->check(minidl::cli::at_least(1))
      ->capture_default_str();
  app.add_option("--epochs", o.train.epochs, "epochs per configuration")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--max-iters", o.max_iters, "stop after this many mini-batches; the time per epoch is then extrapolated")
      ->capture_default_str();
  app.add_option("--analogies", o.analogies, "questions-words.txt style file (default: the synthetic corpus's own)");
  app.add_option("--csv", o.csv, "also write the table here as CSV");
  app.add_option("--save-vectors", o.save_vectors, "directory for the trained vectors (minidl-MODEL-tTHREADS.txt)");
  app.add_option("--seed", o.train.seed, "seed for weights, shuffling and negatives")->capture_default_str();
  app.add_flag("--flush-denormals", o.flush_denormals,
               "set the CPU's flush-to-zero and denormals-are-zero modes (an experiment: Adam's m and v decay into "
               "subnormal numbers, which x86 computes on many times slower)");
  CLI11_PARSE(app, argc, argv);
  if (o.flush_denormals) {
#if defined(__SSE2__)
    _MM_SET_FLUSH_ZERO_MODE(_MM_FLUSH_ZERO_ON);
    _MM_SET_DENORMALS_ZERO_MODE(_MM_DENORMALS_ZERO_ON);
#else
    std::cerr << "minidl-bench: --flush-denormals is not supported on this CPU; ignored\n";
    o.flush_denormals = false;
#endif
  }

  try {
    if (!o.save_vectors.empty() && !std::filesystem::is_directory(o.save_vectors))
      throw std::invalid_argument("--save-vectors '" + o.save_vectors + "' is not a directory");
    if (!o.csv.empty()) check_writable(o.csv);  // before the runs, not after them
    CorpusSource source;
    source.data_dir = o.data_dir;
    source.min_count = o.min_count;
    source.synthetic_sentences = o.synthetic_sentences;
    const auto t_load = bench::Clock::now();
    LoadedCorpus loaded = load_corpus(o.corpus, source);
    if (o.repeat > 1) {  // PTB x 10 and so on: the same text end to end, the same vocabulary
      const Ids once = loaded.corpus.corpus;
      Ids many = Ids::from_shape({once.size() * o.repeat});
      for (std::size_t r = 0; r < o.repeat; ++r) std::copy(once.begin(), once.end(), many.begin() + std::ptrdiff_t(r * once.size()));
      loaded.corpus.corpus = std::move(many);
      loaded.description += ", repeated " + std::to_string(o.repeat) + " times";
    }
    const bool book = std::find(o.modes.begin(), o.modes.end(), "book") != o.modes.end();
    // The book's (N, 2 window) contexts exist only for the book mode (the fast mode reads the corpus).
    const ContextsTarget data = book ? create_contexts_target(loaded.corpus.corpus, o.train.window) : ContextsTarget{};
    if (book && data.contexts.shape()[0] < o.train.batch)
      throw std::invalid_argument("the corpus gives fewer training samples than one batch of " + std::to_string(o.train.batch));
    std::cout << "corpus: " << loaded.description << " (loaded in " << fmt(bench::seconds_since(t_load), 2) << " s)\n"
              << "config: window " << o.train.window << ", hidden " << o.train.hidden << ", " << o.train.negative << " negatives, seed "
              << o.train.seed << (o.flush_denormals ? ", flush-to-zero ON (experiment)" : "") << "\n"
              << "  book: models/, Adam lr 0.001, batch " << o.train.batch << "; threads: BLAS and the optimizer's update\n"
              << "  fast: word2vec/fast/FastWord2Vec, SGD lr 0.05 (CBOW) / 0.025 (Skip-gram) falling linearly, windows shrunk at random, sample "
              << o.train.sample << "; threads: Hogwild training threads\n";

    bench::Table table({"mode", "model", "threads", "iters", "s/epoch", "basis", "tokens/s", "VmHWM MiB", "maxrss MiB",
                        "final loss", "analogy top-1"});
    for (const auto& mode : o.modes)
      for (const auto& m : o.models)
      for (const int t : o.threads) {
        const Result r = mode == "book" ? run_one(m, t, o, loaded, data) : run_fast(m, t, o, loaded);
        table.add({r.mode, r.model, std::to_string(r.threads), r.mode == "fast" ? std::string("-") : std::to_string(r.iters), fmt(r.seconds_per_epoch, 2),
                   r.extrapolated ? "extrapolated" : "measured", fmt(r.tokens_per_second, 0), fmt(r.vm_hwm, 1),
                   fmt(r.maxrss, 1), fmt(r.final_loss, 3), r.analogy});
        std::cerr << "done: " << mode << " " << m << " threads " << t << " (" << fmt(r.seconds, 1) << " s)\n";
      }
    table.print(std::cout);
    std::cout << "s/epoch: wall-clock training time for one epoch (\"extrapolated\": from the time of the iterations "
                 "run, scaled to a full epoch).\n"
                 "tokens/s: corpus tokens / s per epoch. final loss: book, mean of the last (up to) 100 iterations; fast, mean\n"
                 "loss per prediction over the last epoch (both start at 6 ln 2 = 4.16).\n"
                 "VmHWM: this configuration's peak resident set (reset before it via /proc/self/clear_refs, includes the "
                 "corpus); maxrss: getrusage peak of the whole process so far.\n";
    if (!o.csv.empty()) table.write_csv(o.csv);
  } catch (const std::exception& e) {
    std::cerr << "minidl-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
