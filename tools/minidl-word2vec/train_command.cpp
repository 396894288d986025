// minidl-word2vec train: the book's ch04/train.py as a command, with checkpoints and any corpus.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <utility>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include "commands.hpp"
#include <minidl/cli/checks.hpp>
#include <minidl/framework/blas.hpp>
#include <minidl/word2vec/count/ppmi_svd.hpp>
#include <minidl/word2vec/io/npy_format.hpp>
#include <minidl/word2vec/post/all_but_the_top.hpp>
#include <minidl/word2vec/post/subword_pooling.hpp>
#include <minidl/word2vec/data/contexts_target.hpp>
#include <minidl/word2vec/data/load_corpus.hpp>
#include <minidl/word2vec/data/text_stream.hpp>
#include <minidl/word2vec/data/text_vocabulary.hpp>
#include <minidl/word2vec/data/word_vectors.hpp>
#include <minidl/word2vec/eval/analogy_accuracy.hpp>
#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/framework/io/checkpoint.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>
#include <minidl/word2vec/train_config.hpp>
#include <minidl/framework/progress.hpp>
#include <minidl/framework/svg_plot.hpp>
#include <minidl/framework/trainer.hpp>
#include <minidl/word2vec/fast/fast_sync.hpp>
#ifdef MINIDL_HAVE_MPI
#include <minidl/framework/distributed/mpi_group.hpp>
#include <minidl/word2vec/distributed/broadcast_corpus.hpp>
#include <minidl/word2vec/distributed/mpi_row_sync.hpp>
#endif

namespace word2vec_cli {

namespace {
minidl::MpiGroup* the_group = nullptr;
}

void set_mpi_group(minidl::MpiGroup* group) { the_group = group; }

namespace {
std::size_t group_size() {
#ifdef MINIDL_HAVE_MPI
  return the_group ? the_group->size() : 1;
#else
  return 1;
#endif
}
}  // namespace

bool asks_for_distributed(int argc, char** argv) {
  bool train = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "train") train = true;
    if (train && a == "--distributed") return true;
  }
  return false;
}

namespace {

using namespace minidl;

// The training itself is a TrainConfig (word2vec/train_config.hpp), shared with ch04_train and
// minidl-bench; the rest is this command's own. model may also be ppmi-svd (no training loop).
struct TrainOptions {
  TrainConfig cfg;
  std::string model = "cbow";
  std::string corpus = "synthetic";
  std::string data_dir;
  std::size_t min_count = 1;
  std::size_t eval_interval = 20;
  std::string progress = "auto";      // framework/progress.hpp: auto, book or none
  double progress_seconds = 5;
  bool quiet = false;
  ProgressOptions progress_options() const {
    ProgressOptions p;
    p.style = quiet ? ProgressStyle::quiet : progress_style(progress);
    p.seconds = progress_seconds;
    return p;
  }
  std::string out = "vectors.txt";
  std::string vectors = "in";  // in: W_in (the book); sum: W_in + W_out; concat: both side by side
  std::string checkpoint, resume;
  std::string preset;                  // "best": docs/quality.md
  std::string weighting = "flat";      // ppmi-svd: flat (the book) or harmonic
  double cds = 1.0, eig = 0.0;         // ppmi-svd: the book's PPMI and U
  std::size_t remove_top = 0;          // any model: all-but-the-top directions removed
  std::size_t stop_after = 0;          // fast mode: stop after this many epochs of the schedule
  bool subwords = false;               // any model: add the subword-pooled half
  bool distributed = false;            // fast mode over MPI: docs/distributed.md
  double sync_seconds = 0.1;
  std::size_t sync_words = 0;
  std::size_t sync_rows = 2048;
  std::vector<std::string> given;  // options the user set, to refuse those the mode ignores
  bool was_given(const std::string& name) const { return std::find(given.begin(), given.end(), name) != given.end(); }
};

// What must be equal for a checkpoint to be resumed into this run.
std::string config_of(const TrainOptions& o, const Corpus& c) {
  std::ostringstream s;
  s << "model=" << o.model << " window=" << o.cfg.window << " hidden=" << o.cfg.hidden << " negative=" << o.cfg.negative
    << " batch=" << o.cfg.batch << " optimizer=" << o.cfg.optimizer_name() << " lr=" << o.cfg.lr << " vocab=" << c.id_to_word.size()
    << " tokens=" << c.corpus.size();
  return s.str();
}

std::string vocabulary_of(const IdToWord& id_to_word) {
  std::string words;
  for (const auto& w : id_to_word) words += w + '\n';
  return words;
}

void save_checkpoint(const std::string& path, const TrainOptions& o, const Corpus& c, const Model& model,
                     const Optimizer& opt, const Trainer& trainer) {
  Checkpoint ck;
  ck.put("config", config_of(o, c));
  ck.put("vocabulary", vocabulary_of(c.id_to_word));
  save_training_state(ck, model, opt, trainer);
  ck.save(path);
}

void resume_from(const std::string& path, const TrainOptions& o, const Corpus& c, Model& model, Optimizer& opt,
                 Trainer& trainer) {
  const Checkpoint ck = Checkpoint::load(path);
  if (ck.string("config") != config_of(o, c))
    throw std::runtime_error("checkpoint '" + path + "' was made with " + ck.string("config") + ", this run has " +
                             config_of(o, c) + ": use the same corpus and settings to resume");
  if (ck.string("vocabulary") != vocabulary_of(c.id_to_word))
    throw std::runtime_error("checkpoint '" + path + "' has a different vocabulary from this corpus");
  load_training_state(ck, model, opt, trainer);
}

// vectors.txt -> vectors.loss.svg: the plot sits next to the vectors it belongs to.
std::string beside(const std::string& out, const std::string& suffix) {
  std::filesystem::path p(out);
  return (p.parent_path() / (p.stem().string() + suffix)).string();
}

// Fail before a long training, not after it: every output can be written, and none of them is
// an input of the run or another of its outputs (--out equal to --corpus would replace the corpus
// with vectors). --checkpoint equal to --resume is allowed: that is how a run continues.
void check_outputs(const TrainOptions& o) {
  namespace fs = std::filesystem;
  const auto same = [](const std::string& a, const std::string& b) {
    std::error_code ec1, ec2;
    return !a.empty() && !b.empty() && fs::weakly_canonical(a, ec1) == fs::weakly_canonical(b, ec2) && !ec1 && !ec2;
  };
  std::vector<std::pair<std::string, std::string>> outputs = {
      {"--out", o.out}, {"the loss plot", beside(o.out, ".loss.svg")}, {"the loss CSV", beside(o.out, ".loss.csv")}};
  if (!o.checkpoint.empty()) outputs.emplace_back("--checkpoint", o.checkpoint);
  if (lower_extension(o.out) == ".npy") outputs.emplace_back("the words file of --out", npy_vocab_path(o.out));
  for (const auto& [what, path] : outputs) {
    try {
      check_writable(path);
    } catch (const std::exception& e) {
      throw std::invalid_argument(what + ": " + e.what());
    }
  }
  std::vector<std::pair<std::string, std::string>> inputs = {{"--resume", o.resume}};
  if (o.corpus != "synthetic" && o.corpus != "ptb") inputs.emplace_back("--corpus", o.corpus);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [what, path] = outputs[i];
    for (const auto& [in_what, in_path] : inputs)
      if (same(path, in_path) && !(what == "--checkpoint" && in_what == "--resume"))
        throw std::invalid_argument(what + " '" + path + "' is the " + in_what + " file: writing it would replace " +
                                    "an input of this run; choose another file");
    for (std::size_t j = i + 1; j < outputs.size(); ++j)
      if (same(path, outputs[j].second))
        throw std::invalid_argument(what + " and " + outputs[j].first + " are the same file '" + path + "'; choose another");
  }
}

// The post-processing any model's vectors can have (word2vec/post), in this order: directions
// removed from the vectors themselves, then the subword half built from what remains.
void postprocess(const TrainOptions& o, WordVectors& wv) {
  if (o.remove_top > 0) {
    wv.vectors = all_but_the_top(wv.vectors, o.remove_top);
    std::cout << "post: mean and top " << o.remove_top << " direction" << (o.remove_top == 1 ? "" : "s") << " removed\n";
  }
  if (o.subwords) {
    wv.vectors = with_subwords(wv.vectors, wv.words);
    std::cout << "post: subword-pooled half added (character 3- to 6-grams), rows unit length\n";
  }
}

void save_and_report(const TrainOptions& o, WordVectors& wv) {
  postprocess(o, wv);
  save_word_vectors(o.out, wv);
  std::cout << "vectors: " << o.out << " (" << wv.size() << " x " << wv.dim() << ")\n";
}

void score_planted_analogies(const LoadedCorpus& loaded, const WordVectors& wv) {
  if (const std::string line = planted_analogies_line(loaded.questions, wv); !line.empty()) std::cout << line << "\n";
}

// The count-based method (ch. 2.4, count_method_big.py): no training loop, one pass of linear
// algebra; --window and --hidden mean what they mean for CBOW, --seed seeds the SVD.
void run_ppmi_svd(const TrainOptions& o, const LoadedCorpus& loaded) {
  const Corpus& c = loaded.corpus;
  if (o.vectors != "in")
    throw std::invalid_argument("--vectors " + o.vectors + " combines W_in and W_out; ppmi-svd has one set of vectors");
  // The PPMI matrix is dense, V x V (the randomized SVD's blocks are V x (k + 10) a few times).
  const double V = double(c.id_to_word.size());
  check_memory(1.1 * V * V * sizeof(Scalar) + 4 * V * double(o.cfg.hidden + 10) * sizeof(Scalar),
               std::to_string(c.id_to_word.size()) + " words: the dense " + std::to_string(c.id_to_word.size()) + " x " +
                   std::to_string(c.id_to_word.size()) + " PPMI matrix",
               "use a smaller vocabulary (--min-count), or cbow or skipgram");
  PpmiSvdOptions p;
  p.window = o.cfg.window;
  p.wordvec_size = o.cfg.hidden;
  p.weighting = o.weighting == "harmonic" ? CoWeighting::harmonic : CoWeighting::flat;
  p.cds = o.cds;
  p.eig = o.eig;
  p.seed = o.cfg.seed;
  std::cout << "model: ppmi-svd (window " << o.cfg.window << " " << o.weighting << ", cds " << o.cds << ", U S^" << o.eig
            << ", vector size " << o.cfg.hidden << ")\n";
  PpmiSvdTimes t;
  const Tensor vecs = ppmi_svd_vectors(c.corpus, c.id_to_word.size(), p, &t, c.id_to_word.size() >= 2000 ? &std::cout : nullptr);
  std::cout << std::fixed << std::setprecision(2) << "time: co-occurrence matrix " << t.co_matrix_seconds << " s ("
            << t.co_matrix_nonzeros << " nonzero cells), PPMI " << t.ppmi_seconds << " s, SVD " << t.svd_seconds
            << " s, total " << t.co_matrix_seconds + t.ppmi_seconds + t.svd_seconds << " s\n"
            << std::defaultfloat;
  WordVectors wv = WordVectors::from(c.id_to_word, vecs);
  save_and_report(o, wv);
  score_planted_analogies(loaded, wv);
}

// --preset best (docs/quality.md has the measurements behind each value): sets what the user did
// not set; a --model other than ppmi-svd is refused, since the rest of the recipe is ppmi-svd's.
void apply_best_preset(TrainOptions& o) {
  if (o.was_given("--model") && o.model != "ppmi-svd")
    throw std::invalid_argument("--preset best is ppmi-svd's recipe; drop --model " + o.model + " or --preset");
  o.model = "ppmi-svd";
  if (!o.was_given("--window")) o.cfg.window = 10;
  if (!o.was_given("--weighting")) o.weighting = "harmonic";
  if (!o.was_given("--cds")) o.cds = 0.75;
  if (!o.was_given("--eig")) o.eig = 0.5;
  if (!o.was_given("--hidden")) o.cfg.hidden = 100;
  if (!o.was_given("--remove-top")) o.remove_top = 1;
  if (!o.was_given("--subwords")) o.subwords = true;
}

void refuse_book_options(const TrainOptions& o) {
  for (const char* book_only : {"--batch", "--max-grad"})
    if (o.was_given(book_only))
      throw std::invalid_argument(std::string(book_only) + " applies to --mode book only");
  if (o.was_given("--eval-interval"))
    throw std::invalid_argument("--eval-interval counts book mode's batches; in --mode fast, --progress-seconds sets how often "
                                "progress is shown");
}

// The processes of a --distributed run (one process otherwise): process 0 loads the corpus and any
// checkpoint and writes every output; the others train and share.
struct Group {
  std::size_t rank = 0, size = 1;
  bool distributed = false;
  FastSync* sync = nullptr;
  bool writes() const { return rank == 0; }
};

// --mode fast: word2vec/fast/FastWord2Vec, one example at a time with row-sparse updates and Hogwild
// threads, over any TokenSource. With --checkpoint it saves the weights, the epoch count, the loss
// history and SparseAdam's state after every epoch; with --resume it continues from them (one
// thread: the same numbers as a run that never stopped).
std::string fast_config_of(const TrainOptions& o, const FastWord2Vec& w2v, std::size_t vocab, std::uint64_t tokens) {
  const FastWord2VecOptions& f = w2v.options();
  std::ostringstream s;
  s << "mode=fast model=" << f.model << " window=" << f.window << " hidden=" << f.hidden << " negative=" << f.negative
    << " optimizer=" << f.optimizer << " lr=" << w2v.learning_rate() << " sample=" << f.sample
    << " shrink_window=" << f.shrink_window << " share_negatives=" << f.share_negatives << " seed=" << f.seed
    << " epochs=" << o.cfg.epochs << " vocab=" << vocab << " tokens=" << tokens;
  // A distributed run resumes with as many processes (each thread's shard and stream depend on it).
  if (o.distributed) s << " processes=" << group_size();
  return s.str();
}

// The loss as the progress reports saw it: x in epochs (2.5 = half way through the third), y the
// mean loss per prediction since the previous report.
struct LossHistory {
  std::vector<double> epoch, loss;
  Tensor as_tensor() const {
    Tensor t = Tensor::from_shape({epoch.size(), std::size_t(2)});
    for (std::size_t i = 0; i < epoch.size(); ++i) {
      t(i, 0) = static_cast<Scalar>(epoch[i]);
      t(i, 1) = static_cast<Scalar>(loss[i]);
    }
    return t;
  }
  static LossHistory from(const Tensor& t) {
    LossHistory h;
    if (t.dimension() != 2 || (t.size() > 0 && t.shape()[1] != 2)) throw std::runtime_error("checkpoint: a malformed loss history");
    for (std::size_t i = 0; i < t.shape()[0]; ++i) {
      h.epoch.push_back(t(i, 0));
      h.loss.push_back(t(i, 1));
    }
    return h;
  }
  void save(const std::string& out) const {
    write_file_atomic(beside(out, ".loss.csv"), [&](std::ostream& f) {
      f << "epoch,loss\n" << std::setprecision(9);
      for (std::size_t i = 0; i < epoch.size(); ++i) f << epoch[i] << ',' << loss[i] << '\n';
    });
    const std::string svg = line_plot_svg(epoch, loss, "epoch", "loss per prediction");
    write_file_atomic(beside(out, ".loss.svg"), [&](std::ostream& f) { f << svg; });
    std::cout << "loss plot: " << beside(out, ".loss.svg") << "\n";
  }
};

// Process 0's weights and epoch count into every other (a resumed --distributed run).
void share_restored(const Group& g, FastWord2Vec& w2v) {
#ifdef MINIDL_HAVE_MPI
  if (!g.distributed) return;
  std::uint64_t done = w2v.epochs_done();
  the_group->broadcast(&done, sizeof done);
  for (Tensor* W : {&w2v.W_in.data(), &w2v.W_out.data()}) the_group->broadcast(W->data(), W->size() * sizeof(Scalar));
  if (g.rank != 0) w2v.restore(w2v.W_in.data(), w2v.W_out.data(), std::size_t(done));
#else
  (void)g;
  (void)w2v;
#endif
}

// " (keeps 70.6 % of the tokens)": subsampling's share, which sets how much work a token is (a corpus
// whose frequent words are more of it keeps fewer, so its tokens/s are higher at the same speed).
std::string kept_of(const FastWord2Vec& w2v) {
  if (!(w2v.options().sample > 0)) return "";
  char s[64];
  std::snprintf(s, sizeof s, " (keeps %.1f %% of the tokens)", 100 * w2v.kept_fraction());
  return s;
}

void fit_fast(const TrainOptions& o, FastWord2Vec& w2v, const TokenSource& corpus, const IdToWord& words,
              const Group& g = {}) {
  const std::string config = fast_config_of(o, w2v, words.size(), corpus.tokens());
  const std::string vocabulary = vocabulary_of(words);
  LossHistory history;
  if (!o.resume.empty() && g.writes()) {
    const Checkpoint ck = Checkpoint::load(o.resume);
    if (!ck.has_string("fast_config"))
      throw std::runtime_error("checkpoint '" + o.resume + "' was not made by --mode fast; resume it in the mode that made it");
    const auto processes = [](const std::string& c) {
      const auto at = c.find(" processes=");
      return at == std::string::npos ? std::string("1 (not --distributed)") : c.substr(at + 11);
    };
    if (ck.string("fast_config") != config && processes(ck.string("fast_config")) != processes(config))
      throw std::runtime_error("checkpoint '" + o.resume + "' was made by " + processes(ck.string("fast_config")) +
                               " processes, this run has " + processes(config) +
                               ": resume it with as many (mpirun -np N ... --distributed)");
    if (ck.string("fast_config") != config)
      throw std::runtime_error("checkpoint '" + o.resume + "' was made with " + ck.string("fast_config") + ", this run has " +
                               config + ": use the same corpus and settings to resume");
    if (ck.string("vocabulary") != vocabulary)
      throw std::runtime_error("checkpoint '" + o.resume + "' has a different vocabulary from this corpus");
    w2v.restore(ck.tensor("W_in"), ck.tensor("W_out"), std::stoull(ck.string("epochs_done")));
    const OptimizerState adam = optimizer_state_of(ck);  // SparseAdam's moments and step counts, if any
    w2v.restore_optimizer(adam.tensors, adam.scalars);
    history = LossHistory::from(ck.tensor("loss_history"));
    std::cout << "resumed from " << o.resume << " after epoch " << w2v.epochs_done() << "\n";
  }
  if (!o.resume.empty()) share_restored(g, w2v);
  w2v.set_sync(g.sync);
  std::cout << "model: " << o.model << " (window " << o.cfg.window << (o.cfg.shrink_window ? " shrunk at random" : "")
            << ", hidden " << o.cfg.hidden << ", " << o.cfg.negative << " negatives), fast mode: " << o.cfg.optimizer_name() << " lr "
            << w2v.learning_rate() << " falling linearly, sample " << o.cfg.sample << kept_of(w2v) << ", " << o.cfg.threads << " thread"
            << (o.cfg.threads > 1 ? "s" : "") << ", " << o.cfg.epochs << " epochs\n";
  ProgressOptions shown = o.progress_options();
  if (!g.writes()) shown.style = ProgressStyle::quiet;
  ProgressReporter progress(&std::cout, shown);
  const double tokens = double(corpus.tokens());
  const auto report = [&](const FastProgress& p) {
    history.epoch.push_back(double(p.epoch - 1) + p.epoch_fraction);
    history.loss.push_back(p.loss);
    char line[200];
    if (progress.style() == ProgressStyle::book) {
      std::snprintf(line, sizeof line, "| epoch %zu | %3.0f%% | lr %.5f | loss %.2f | %.0f tokens/s", p.epoch,
                    100 * p.epoch_fraction, p.lr, p.loss, p.tokens_per_second);
      progress.book_line(line);
    } else {
      const double left = (double(o.cfg.epochs - p.epoch) + 1 - p.epoch_fraction) * tokens;
      std::snprintf(line, sizeof line, "epoch %zu/%zu | %3.0f%% | lr %.5f | loss %.2f | %.0f tokens/s | ETA %s", p.epoch,
                    o.cfg.epochs, 100 * p.epoch_fraction, p.lr, p.loss, p.tokens_per_second,
                    format_duration(p.tokens_per_second > 0 ? left / p.tokens_per_second : 0).c_str());
      progress.status(line);
    }
  };
  const auto after_epoch = [&](const FastEpochStats& st) {
    const std::size_t epoch = w2v.epochs_done();
    history.epoch.push_back(double(epoch));  // the epoch's mean closes it, so short epochs still plot
    history.loss.push_back(st.loss);
    progress.book_line(epoch_summary(epoch, st));
    progress.summary(epoch_summary(epoch, st));
    if (!o.checkpoint.empty() && g.writes()) {
      Checkpoint ck;
      ck.put("fast_config", config);
      ck.put("vocabulary", vocabulary);
      ck.put("epochs_done", std::to_string(epoch));
      ck.put("W_in", w2v.W_in.data());
      ck.put("W_out", w2v.W_out.data());
      ck.put("loss_history", history.as_tensor());
      if (const Optimizer* adam = w2v.optimizer_state()) save_optimizer_state(ck, *adam);
      ck.save(o.checkpoint);
    }
  };
  std::cout << std::flush;  // the header lines, before a run that may be stopped
  if (w2v.epochs_done() >= o.cfg.epochs)
    std::cout << "the checkpoint has already trained " << w2v.epochs_done() << " epochs\n";
  try {
    w2v.fit_to(corpus, o.cfg.epochs, report, 1.0, after_epoch, o.stop_after);
  } catch (const std::exception& e) {
#ifdef MINIDL_HAVE_MPI
    if (g.sync && static_cast<const MpiRowSync*>(g.sync)->stopped()) throw GroupStopped(e.what());
#endif
    throw;
  }
  if (o.stop_after > 0 && w2v.epochs_done() < o.cfg.epochs)
    std::cout << "stopped after epoch " << w2v.epochs_done() << " of " << o.cfg.epochs << " (--stop-after)"
              << (o.checkpoint.empty() ? "" : "; continue with --resume " + o.checkpoint) << "\n";
  if (!history.epoch.empty() && g.writes()) history.save(o.out);
}

// W_in is moved into the vectors rather than copied and W_out is read in place, so that saving adds
// little to the peak memory; so are the words.
void save_fast(const TrainOptions& o, FastWord2Vec& w2v, IdToWord&& id_to_word, const LoadedCorpus* loaded) {
  WordVectors wv =
      WordVectors::from(std::move(id_to_word), combine_vectors(std::move(w2v.W_in.data()), w2v.W_out.data(), o.vectors));
  save_and_report(o, wv);
  if (loaded) score_planted_analogies(*loaded, wv);
}

#ifdef MINIDL_HAVE_MPI
std::string seconds_text(double s) {
  std::ostringstream t;
  t << s << " s";
  return t.str();
}
#endif

// --distributed: this process's part in averaging rows with the others (null when alone).
std::unique_ptr<FastSync> make_sync(const TrainOptions& o, Group& g, const std::vector<std::uint64_t>& counts) {
#ifdef MINIDL_HAVE_MPI
  if (!o.distributed) return nullptr;
  RowSyncOptions r;
  r.seconds = o.sync_seconds;
  r.words = o.sync_words;
  r.rows = o.sync_rows;
  auto sync = std::make_unique<MpiRowSync>(*the_group, counts, r);
  g.sync = sync.get();
  const std::size_t hot = std::min(counts.size(), r.rows / 2), turn = std::min(counts.size() - hot, r.rows - r.rows / 2);
  std::cout << "distributed: " << g.size << " process" << (g.size > 1 ? "es" : "") << " x " << o.cfg.threads
            << " thread" << (o.cfg.threads > 1 ? "s" : "") << "; every "
            << (r.words ? std::to_string(r.words) + " words a process reads"
                        : seconds_text(r.seconds) + " (and " + std::to_string(kRoundsPerEpoch) + " times an epoch)")
            << " the rows of the " << hot
            << " most frequent words and " << turn << " others in turn are averaged, every row after each epoch; each "
            << "process steps " << g.size << " times the learning rate\n";
  return sync;
#else
  (void)o;
  (void)g;
  (void)counts;
  return nullptr;
#endif
}

void report_sync(const FastSync* sync) {
#ifdef MINIDL_HAVE_MPI
  if (const auto* s = static_cast<const MpiRowSync*>(sync))
    std::cout << "distributed: " << s->rounds() << " rounds, " << std::fixed << std::setprecision(1)
              << double(s->bytes_sent()) / 1e6 << " MB of rows sent by each process\n"
              << std::defaultfloat;
#else
  (void)sync;
#endif
}

Group group_of(const TrainOptions& o) {
  Group g;
#ifdef MINIDL_HAVE_MPI
  if (o.distributed) {
    g.distributed = true;
    g.rank = the_group->rank();
    g.size = the_group->size();
  }
#else
  (void)o;
#endif
  return g;
}

// The built-in corpora (synthetic, PTB) are small and held in memory; their ids and word map are let go
// before the vectors are built. Distributed, process 0 loads them and sends them to the others.
void run_fast(const TrainOptions& o, LoadedCorpus& loaded, Group g) {
  refuse_book_options(o);
  Corpus& c = loaded.corpus;
  FastWord2Vec w2v(c.id_to_word.size(), c.corpus, fast_options(o.cfg));
  const auto sync = make_sync(o, g, count_ids(c.corpus, c.id_to_word.size()));
  fit_fast(o, w2v, IdsSource(c.corpus, c.id_to_word.size()), c.id_to_word, g);
  report_sync(sync.get());
  c.corpus = Ids();
  WordToId().swap(c.word_to_id);
  if (g.writes()) save_fast(o, w2v, std::move(c.id_to_word), &loaded);
}

// A text file is streamed, as word2vec.c and fastText read theirs: one pass for the vocabulary, then
// each epoch's threads read their parts of the file again. The memory is the model and the
// vocabulary, whatever the corpus's length. Distributed, process 0 counts the words and sends the
// vocabulary to the others; each reads its own shards of the file.
void run_fast_streamed(const TrainOptions& o, Group g) {
  refuse_book_options(o);
  TextCorpusOptions options;
  options.min_count = o.min_count;
  TextVocabulary v;
  if (g.writes()) {
    v = build_text_vocabulary(o.corpus, options, std::size_t(o.cfg.threads));
  } else {
    v.path = o.corpus;
    v.options = options;
  }
#ifdef MINIDL_HAVE_MPI
  if (g.distributed) broadcast_vocabulary(*the_group, v);
#endif
  std::cout << "corpus: '" << o.corpus << "' (" << with_commas(v.tokens) << " tokens, " << with_commas(v.id_to_word.size())
            << " words, min-count " << o.min_count << "), vocabulary read in " << std::fixed << std::setprecision(2)
            << v.seconds << " s (" << std::setprecision(0) << v.megabytes_per_second() << " MB/s, " << o.cfg.threads
            << " thread" << (o.cfg.threads > 1 ? "s" : "") << "); "
            << "read from the file again in each epoch\n"
            << std::defaultfloat;
  o.cfg.check_memory(v.id_to_word.size(), 0);  // the tokens stay in the file
  FastWord2Vec w2v(v.counts, fast_options(o.cfg));
  const auto sync = make_sync(o, g, v.counts);
  fit_fast(o, w2v, TextFileSource(v), v.id_to_word, g);
  report_sync(sync.get());
  v.lookup = WordTable();  // done with: its tens of MiB need not sit beside the vectors being saved
  if (g.writes()) save_fast(o, w2v, std::move(v.id_to_word), nullptr);
}

void run_train(const TrainOptions& o) {
  if (o.model != "ppmi-svd") o.cfg.check();
  const Group g = group_of(o);
  if (g.writes()) {  // the others write nothing and read no checkpoint
    check_outputs(o);
    if (!o.resume.empty() && !std::filesystem::is_regular_file(o.resume))
      throw std::invalid_argument("--resume '" + o.resume + "': no such checkpoint file");
  }
  set_blas_threads(o.cfg.threads);
  if (o.cfg.mode == "fast" && o.model != "ppmi-svd" && o.corpus != "synthetic" && o.corpus != "ptb")
    return run_fast_streamed(o, g);
  CorpusSource source;
  source.data_dir = o.data_dir;
  source.min_count = o.min_count;
  LoadedCorpus loaded;
  if (g.writes()) loaded = load_corpus(o.corpus, source);
#ifdef MINIDL_HAVE_MPI
  if (g.distributed) broadcast_corpus(*the_group, loaded);
#endif
  const Corpus& c = loaded.corpus;
  std::cout << "corpus: " << loaded.description << "\n";
  if (o.model == "ppmi-svd") return run_ppmi_svd(o, loaded);
  o.cfg.check_memory(c.id_to_word.size(), c.corpus.size());  // before allocating, not a bad_alloc later
  if (o.cfg.mode == "fast") return run_fast(o, loaded, g);
  auto [contexts, target] = create_contexts_target(c.corpus, o.cfg.window);
  if (contexts.shape()[0] < o.cfg.batch)
    throw std::invalid_argument("the corpus gives " + std::to_string(contexts.shape()[0]) +
                                " training samples, fewer than --batch " + std::to_string(o.cfg.batch));

  auto model = make_word_model(o.cfg, c);
  auto optimizer = make_optimizer(o.cfg, model->parameters());
  Trainer trainer(*model, *optimizer, o.cfg.seed);
  trainer.set_progress(o.progress_options());
  if (!o.resume.empty()) {
    resume_from(o.resume, o, c, *model, *optimizer, trainer);
    std::cout << "resumed from " << o.resume << " after epoch " << trainer.current_epoch() << "\n";
  }
  if (!o.checkpoint.empty())
    trainer.set_epoch_callback([&](std::size_t) { save_checkpoint(o.checkpoint, o, c, *model, *optimizer, trainer); });
  std::cout << "model: " << o.model << " (window " << o.cfg.window << ", hidden " << o.cfg.hidden << ", " << o.cfg.negative
            << " negatives), " << o.cfg.optimizer_name() << ", batch " << o.cfg.batch << ", " << o.cfg.epochs << " epochs\n";
  std::cout << std::flush;  // the header lines, before a run that may print nothing else (--eval-interval 0)
  if (trainer.current_epoch() < o.cfg.epochs)
    trainer.fit(contexts, target, o.cfg.epochs - trainer.current_epoch(), o.cfg.batch, o.cfg.max_grad, o.eval_interval);
  else
    std::cout << "the checkpoint has already trained " << trainer.current_epoch() << " epochs\n";

  WordVectors wv = WordVectors::from(c.id_to_word, combine_vectors(model->word_vecs(), model->output_vecs(), o.vectors));
  save_and_report(o, wv);
  if (!trainer.loss_list().empty()) {
    trainer.plot(beside(o.out, ".loss.svg"));
    trainer.save_loss_csv(beside(o.out, ".loss.csv"));
    std::cout << "loss plot: " << beside(o.out, ".loss.svg") << "\n";
  }
  score_planted_analogies(loaded, wv);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  CLI::App* cmd = app.add_subcommand("train", "train CBOW or Skip-gram with negative sampling (book ch. 4)");
  cmd->add_option("--mode", o->cfg.mode,
                  "book: the chapter's mini-batches and dense Adam; fast: word2vec's per-example SGD with "
                  "row-sparse updates, subsampling and Hogwild threads")
      ->check(CLI::IsMember({"book", "fast"}))
      ->capture_default_str();
  cmd->add_option("--model", o->model, "cbow, skipgram, or ppmi-svd (count-based, ch. 2.4)")->check(CLI::IsMember({"cbow", "skipgram", "ppmi-svd"}))->capture_default_str();
  cmd->add_option("--corpus", o->corpus, "synthetic (built in), ptb, or a text file (one sentence per line)")
      ->capture_default_str();
  cmd->add_option("--data-dir", o->data_dir, "directory holding ptb.train.txt (else MINIDL_DATA_DIR, cache, download)");
  cmd->add_option("--min-count", o->min_count, "drop words rarer than this (text files)")->capture_default_str();
  cmd->add_option("--window", o->cfg.window, "context words on each side (ppmi-svd: 2 unless given, as the book's count_method_big.py)")->check(minidl::cli::at_least(1))->capture_default_str();
  cmd->add_option("--hidden", o->cfg.hidden, "vector size")->check(minidl::cli::at_least(1))->capture_default_str();
  cmd->add_option("--negative", o->cfg.negative, "negative samples per target")->check(minidl::cli::at_least(1))->capture_default_str();
  cmd->add_option("--batch", o->cfg.batch, "mini-batch size")->check(minidl::cli::at_least(1))->capture_default_str();
  cmd->add_option("--epochs", o->cfg.epochs, "epochs (in all, when resuming)")->check(minidl::cli::at_least(1))->capture_default_str();
  cmd->add_option("--optimizer", o->cfg.optimizer,
                  "book: adam, sparse-adam, sgd, momentum, nesterov, adagrad or rmsprop; fast: sgd or adam (SparseAdam) "
                  "(default: book adam, fast sgd)")
      ->check(CLI::IsMember({"adam", "sparse-adam", "sgd", "momentum", "nesterov", "adagrad", "rmsprop"}));
  cmd->add_option("--lr", o->cfg.lr, "learning rate (default: book Adam 0.001, others 0.01; fast SGD 0.05 CBOW, 0.025 Skip-gram; Adam 0.01 / 0.003)")->check(minidl::cli::positive());
  cmd->add_option("--max-grad", o->cfg.max_grad, "clip gradients to this global norm (0: off)")->check(minidl::cli::non_negative());
  cmd->add_option("--eval-interval", o->eval_interval, "book mode: iterations per loss record and --progress book line (0: none)")->capture_default_str();
  cmd->add_option("--progress", o->progress,
                  "auto: one status line (redrawn on a terminal, every --progress-seconds in a log) and a summary per epoch; "
                  "book: the book's lines; none")
      ->check(CLI::IsMember({"auto", "book", "none"}))
      ->capture_default_str();
  cmd->add_option("--progress-seconds", o->progress_seconds, "--progress auto, output not a terminal: a status line at most this often")
      ->check(minidl::cli::non_negative())
      ->capture_default_str();
  cmd->add_flag("--quiet", o->quiet, "no progress lines (--progress none)");
  cmd->add_option("--seed", o->cfg.seed, "seed for weights, shuffling and negative samples")->capture_default_str();
  cmd->add_option("--threads", o->cfg.threads, "book: threads for matrix products and updates; fast: training threads (Hogwild)")->check(minidl::cli::at_least(1))->capture_default_str();
  cmd->add_option("--out", o->out, "where to write the vectors: .bin for word2vec binary, .npy for numpy (and NAME.vocab.txt beside it), else text")->capture_default_str();
  cmd->add_option("--vectors", o->vectors, "what to write: in (W_in, the book), sum (W_in + W_out) or concat (both)")
      ->check(CLI::IsMember({"in", "sum", "concat"}))
      ->capture_default_str();
  cmd->add_option("--checkpoint", o->checkpoint, "save a checkpoint here after every epoch");
  cmd->add_option("--resume", o->resume, "continue from this checkpoint (same corpus and settings)");
  cmd->add_option("--sample", o->cfg.sample, "fast mode: subsample words more frequent than this (word2vec's -sample; 0: off)")
      ->check(minidl::cli::non_negative())
      ->capture_default_str();
  cmd->add_option("--shrink-window", o->cfg.shrink_window, "fast mode: each window 1..window wide at random, as word2vec")
      ->capture_default_str();
  cmd->add_option("--share-negatives", o->cfg.share_negatives,
                  "fast mode, CBOW: one set of negatives for this many consecutive examples (1: word2vec's)")
      ->check(minidl::cli::at_least(1))
      ->capture_default_str();
  cmd->add_option("--weighting", o->weighting, "ppmi-svd: what a context word d positions away counts: flat (1, the book) or harmonic (1/d, GloVe's)")
      ->check(CLI::IsMember({"flat", "harmonic"}))
      ->capture_default_str();
  cmd->add_option("--cds", o->cds, "ppmi-svd: context-distribution smoothing, contexts' counts raised to this power (1: the book)")
      ->check(minidl::cli::above_zero_to_one())
      ->capture_default_str();
  cmd->add_option("--eig", o->eig, "ppmi-svd: vectors U S^eig (0: the book's U; 0.5: Levy et al.'s choice)")
      ->check(minidl::cli::zero_to_one())
      ->capture_default_str();
  cmd->add_option("--remove-top", o->remove_top, "any model: subtract the mean vector and remove this many top principal directions (all-but-the-top)")
      ->capture_default_str();
  cmd->add_option("--subwords", o->subwords, "any model: append a subword-pooled half (mean of the words sharing each character 3- to 6-gram), doubling the size")
      ->capture_default_str();
  cmd->add_option("--stop-after", o->stop_after,
                  "fast mode: stop after this many of the --epochs (their learning-rate schedule), to continue later with --resume")
      ->check(minidl::cli::at_least(1));
  cmd->add_flag("--distributed", o->distributed,
               "fast mode: train as one of the processes mpirun starts, each on its part of the corpus, "
               "averaging rows (docs/distributed.md)");
  cmd->add_option("--sync-seconds", o->sync_seconds,
                  "--distributed: seconds between rounds that average the frequent rows (and at least " +
                      std::to_string(minidl::kRoundsPerEpoch) + " rounds an epoch)")
      ->check(minidl::cli::positive())
      ->capture_default_str();
  cmd->add_option("--sync-words", o->sync_words,
                  "--distributed: average the frequent rows each time a process has read this many more words, "
                  "instead of every --sync-seconds")
      ->check(minidl::cli::at_least(1));
  cmd->add_option("--sync-rows", o->sync_rows,
                  "--distributed: rows of each matrix averaged each round: half the most frequent words', half the others' in turn")
      ->check(minidl::cli::at_least(2))
      ->capture_default_str();
  cmd->add_option("--preset", o->preset,
                  "best: the recipe of docs/quality.md, options given beside it win: --model ppmi-svd --window 10 "
                  "--weighting harmonic --cds 0.75 --eig 0.5 --hidden 100 --remove-top 1 --subwords 1")
      ->check(CLI::IsMember({"best"}));
  cmd->callback([o, cmd] {
    for (const CLI::Option* opt : cmd->get_options())
      if (opt->count() > 0) o->given.push_back(opt->get_name());
    if (o->preset == "best") apply_best_preset(*o);
    if (o->model == "ppmi-svd" && !o->was_given("--window") && o->preset.empty()) o->cfg.window = 2;
    if (o->stop_after > o->cfg.epochs)
      throw std::invalid_argument("--stop-after " + std::to_string(o->stop_after) + " is more than --epochs " +
                                  std::to_string(o->cfg.epochs));
    if (o->remove_top >= o->cfg.hidden)
      throw std::invalid_argument("--remove-top " + std::to_string(o->remove_top) + " must be less than --hidden " +
                                  std::to_string(o->cfg.hidden) + ", the vectors' size");
    if (o->model != "ppmi-svd") o->cfg.model = o->model;
    if (o->model != "ppmi-svd")
      for (const char* ppmi_only : {"--weighting", "--cds", "--eig"})
        if (o->was_given(ppmi_only)) throw std::invalid_argument(std::string(ppmi_only) + " applies to --model ppmi-svd only");
    // An option that would do nothing here is an error that says why, not silently ignored.
    if (o->cfg.mode != "fast")
      for (const char* fast_only : {"--sample", "--shrink-window", "--share-negatives", "--stop-after"})
        if (o->was_given(fast_only))
          throw std::invalid_argument(std::string(fast_only) + " applies to --mode fast only");
    if (o->model == "ppmi-svd")
      for (const char* trained_only : {"--mode", "--negative", "--batch", "--epochs", "--optimizer", "--lr", "--max-grad",
                                       "--eval-interval", "--checkpoint", "--resume", "--threads"})
        if (o->was_given(trained_only))
          throw std::invalid_argument(std::string(trained_only) +
                                      " applies to cbow and skipgram, not to ppmi-svd (no training loop)");
    if (o->was_given("--sync-words") && o->was_given("--sync-seconds"))
      throw std::invalid_argument("--sync-words and --sync-seconds are two ways to time the rounds; give one");
    for (const char* sync_option : {"--sync-seconds", "--sync-rows", "--sync-words"})
      if (o->was_given(sync_option) && !o->distributed)
        throw std::invalid_argument(std::string(sync_option) + " applies to --distributed only");
    if (o->distributed) {
#ifndef MINIDL_HAVE_MPI
      throw std::invalid_argument("--distributed: this minidl-word2vec was built without MPI (install libopenmpi-dev "
                                  "and openmpi-bin, then rebuild)");
#endif
      if (o->cfg.mode != "fast") throw std::invalid_argument("--distributed trains in --mode fast only");
      if (o->model == "ppmi-svd") throw std::invalid_argument("--distributed trains cbow or skipgram, not ppmi-svd");
      if (o->cfg.optimizer_name() != "sgd")
        throw std::invalid_argument("--distributed trains with --optimizer sgd (SparseAdam's moments would differ "
                                    "from process to process)");
    }
    if ((o->corpus == "synthetic" || o->corpus == "ptb") && o->was_given("--min-count"))
      throw std::invalid_argument("--min-count applies to text-file corpora; the " + o->corpus +
                                  " corpus has a fixed vocabulary");
    run_train(*o);
  });
}

}  // namespace word2vec_cli
