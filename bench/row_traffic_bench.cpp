// The least memory work of a fast epoch, against the trainer's own speed (issue "speed v3", target
// 4: at a million words, tokens/s within 15 % of PTB's):
//   build/bin/minidl-row-traffic-bench --corpus ptb --data-dir ../shared/data/ptb --corpus zipf.txt
//
// A CBOW step with SGD reads and writes the W_in rows of its contexts and the W_out rows of its
// target and negatives, whatever else a trainer does; so does a Skip-gram step with its negatives
// shared across the window (HogBatch, the fast mode's), with more arithmetic. At PTB's 10^4 words
// those rows stay in the caches; at 10^6 most come from memory. For each corpus this program
// replays the rows the trainer touches, drawn as it draws them (subsampling, windows shrunk at
// random, negatives from the same UnigramSampler, its tables prefetched), giving each row only a
// read and a write (row += c, no model arithmetic), with each example's rows prefetched 0, 1, 2, 4
// or 8 examples ahead, the fastest kept. Then it trains FastWord2Vec (--model, 1 thread, the same
// options, the ids in memory) and times its last epoch.
// Printed per corpus: the replay's and the trainer's tokens/s (medians of --repeat runs) and
// trainer / replay; last, each later corpus's replay over the first's trainer: the highest ratio of
// target 4 that a trainer making these draws and row updates, one example after another, reaches
// on this machine, since its time is at least the replay's.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench_util.hpp"
#include <minidl/cli/checks.hpp>
#include <minidl/framework/huge_pages.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/unigram_sampler.hpp>
#include <minidl/word2vec/data/load_corpus.hpp>
#include <minidl/word2vec/fast/fast_word2vec.hpp>

using namespace minidl;
using bench::Clock;
using bench::median;
using bench::seconds_since;

namespace {

constexpr std::size_t kSentence = 1000;  // tokens per piece, as the trainer reads them (its kSentence)
constexpr std::size_t kAhead[] = {0, 1, 2, 4, 8};  // prefetch distances tried, in examples

struct Replay {
  const Ids& ids;
  const FastWord2VecOptions& o;
  const std::vector<std::uint64_t>& keep;
  const UnigramSampler& sampler;
  std::vector<float> W_in, W_out;
  // One piece's examples: for example e, rows[first[e] .. first[e + 1]) (W_in rows, then W_out rows
  // negated minus one, so that one list holds both).
  std::vector<std::int64_t> rows;
  std::vector<std::size_t> first;
  std::vector<std::uint64_t> bits;  // the random bits of a piece's negatives

  float* row(std::int64_t r) {
    const std::size_t H = o.hidden;
    return r >= 0 ? W_in.data() + std::size_t(r) * H : W_out.data() + std::size_t(-r - 1) * H;
  }

  // One pass over the corpus; returns its seconds.
  double pass(std::size_t ahead, std::uint64_t seed) {
    const std::size_t H = o.hidden, n_ids = ids.size();
    const float c = 1e-7f;
    Rng rng(seed);
    std::vector<std::int32_t> sentence;
    const auto t0 = Clock::now();
    for (std::size_t at = 0; at < n_ids;) {
      sentence.clear();
      for (const std::size_t end = std::min(n_ids, at + kSentence); at < end; ++at) {
        // The subsampling table is 8 MB at a million words: its entries are fetched 16 tokens ahead.
        __builtin_prefetch(&keep[std::size_t(ids.data()[std::min(at + 16, n_ids - 1)])]);
        const std::int32_t w = ids.data()[at];
        if (o.sample == 0 || (rng.next() & 0xFFFFFFFFull) < keep[std::size_t(w)]) sentence.push_back(w);
      }
      // The piece's examples, as the trainer draws them: each window, then the target and negatives
      // (their random bits first, and the sampler's columns prefetched: its table is 8 MB too).
      rows.clear();
      first.clear();
      const std::size_t n = sentence.size();
      bits.resize(n * o.negative);
      for (std::uint64_t& r : bits) {
        r = rng.next();
        sampler.prefetch(r);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t b = o.shrink_window ? o.window - rng.below(static_cast<std::uint32_t>(o.window)) : o.window;
        const std::size_t lo = i >= b ? i - b : 0, hi = std::min(n, i + b + 1);
        if (hi - lo < 2) continue;
        first.push_back(rows.size());
        for (std::size_t j = lo; j < hi; ++j)
          if (j != i) rows.push_back(sentence[j]);
        rows.push_back(-std::int64_t(sentence[i]) - 1);
        for (std::size_t k = 0; k < o.negative; ++k) {
          std::int32_t neg = sampler.draw_from(bits[i * o.negative + k]);
          while (neg == sentence[i]) neg = sampler.draw(rng);
          rows.push_back(-std::int64_t(neg) - 1);
        }
      }
      first.push_back(rows.size());
      const std::size_t examples = first.size() - 1;
      for (std::size_t e = 0; e < examples; ++e) {
        if (ahead > 0 && e + ahead < examples)
          for (std::size_t k = first[e + ahead]; k < first[e + ahead + 1]; ++k) {
            const char* p = reinterpret_cast<const char*>(row(rows[k]));
            for (std::size_t off = 0; off < H * sizeof(float); off += 64) __builtin_prefetch(p + off, 1);
          }
        for (std::size_t k = first[e]; k < first[e + 1]; ++k) {
          float* r = row(rows[k]);
          for (std::size_t h = 0; h < H; ++h) r[h] += c;
        }
      }
    }
    return seconds_since(t0);
  }
};

struct Result {
  std::string name;
  std::size_t words = 0;
  double replay = 0, trainer = 0;  // tokens/s
  std::size_t best_ahead = 0;
  std::vector<double> by_ahead;  // the replay's tokens/s at each distance of kAhead
};

Result measure(const std::string& spec, const CorpusSource& source, const FastWord2VecOptions& o, std::size_t repeat,
               std::size_t trainer_epochs) {
  const LoadedCorpus loaded = load_corpus(spec, source);
  const Ids& ids = loaded.corpus.corpus;
  const std::size_t V = loaded.corpus.id_to_word.size(), H = o.hidden;
  const std::vector<std::uint64_t> counts = count_ids(ids, V);
  const std::vector<std::uint64_t> keep = subsampling_keep(counts, o.sample);
  const UnigramSampler sampler(counts, o.power, 1);
  Result res;
  res.name = loaded.description;
  res.words = V;

  Replay replay{ids, o, keep, sampler, {}, {}, {}, {}, {}};
  for (auto* W : {&replay.W_in, &replay.W_out}) {
    W->assign(V * H, 0.0f);  // touched here, not in the timed passes
    advise_huge_pages(W->data(), W->size() * sizeof(float));  // as the trainer's matrices
  }
  replay.pass(1, 99);  // warm-up
  double best = 0;
  for (const std::size_t ahead : kAhead) {
    std::vector<double> s;
    for (std::size_t r = 0; r < repeat; ++r) s.push_back(replay.pass(ahead, r + 1));
    const double rate = double(ids.size()) / median(s);
    res.by_ahead.push_back(rate);
    if (rate > best) {
      best = rate;
      res.best_ahead = ahead;
    }
  }
  res.replay = best;
  float checksum = 0;
  for (std::size_t i = 0; i < replay.W_out.size(); i += 4099) checksum += replay.W_out[i] + replay.W_in[i];
  if (!(checksum >= 0)) throw std::runtime_error("the replay's rows are not finite");

  std::vector<double> rates;
  const IdsSource ids_source(ids, V);
  for (std::size_t r = 0; r < repeat; ++r) {
    FastWord2Vec model(counts, o);
    const std::vector<FastEpochStats> st = model.fit(ids_source, trainer_epochs);
    rates.push_back(double(st.back().tokens) / st.back().seconds);
  }
  res.trainer = median(rates);
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("The rows a fast epoch must read and write, replayed alone, against the trainer's speed");
  std::vector<std::string> corpora;
  std::string data_dir;
  std::size_t repeat = 3, epochs = 2;
  FastWord2VecOptions o;
  app.add_option("--corpus", corpora, "ptb, synthetic or a text file (repeatable); the first is the reference")
      ->required();
  app.add_option("--data-dir", data_dir, "where PTB is looked for first");
  app.add_option("--repeat", repeat, "runs of each; medians are printed")->check(cli::at_least(1))->capture_default_str();
  app.add_option("--epochs", epochs, "the trainer's epochs per run; its last is timed")
      ->check(cli::at_least(1))
      ->capture_default_str();
  app.add_option("--model", o.model, "the trainer's model (the replay is the same for both: see above)")
      ->check(CLI::IsMember({"cbow", "skipgram"}))
      ->capture_default_str();
  app.add_option("--sample", o.sample, "subsampling threshold (the trainer's default)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    CorpusSource source;
    source.data_dir = data_dir;
    std::vector<Result> results;
    for (const std::string& c : corpora) results.push_back(measure(c, source, o, repeat, epochs));
    std::printf("trainer %s, window %zu, %zu negatives, hidden %zu, sample %g, 1 thread; medians of %zu runs\n",
                o.model.c_str(), o.window, o.negative, o.hidden, o.sample, repeat);
    std::printf("%-52s %10s %16s %10s %16s %8s\n", "corpus", "words", "replay tokens/s", "(ahead)", "trainer tokens/s",
                "trainer/replay");
    for (const Result& r : results)
      std::printf("%-52s %10zu %16.0f %10zu %16.0f %8.2f\n", r.name.c_str(), r.words, r.replay, r.best_ahead, r.trainer,
                  r.trainer / r.replay);
    std::printf("the replay's tokens/s with the rows prefetched this many examples ahead:");
    for (const std::size_t a : kAhead) std::printf(" %zu", a);
    std::printf("\n");
    for (const Result& r : results) {
      std::printf("  %-50s", r.name.substr(0, 50).c_str());
      for (const double x : r.by_ahead) std::printf(" %9.0f", x);
      std::printf("\n");
    }
    const Result& ref = results.front();
    for (std::size_t i = 1; i < results.size(); ++i)
      std::printf("%s: trainer %.2f of the first's trainer; its replay alone reaches %.2f\n",
                  results[i].name.c_str(), results[i].trainer / ref.trainer, results[i].replay / ref.trainer);
  } catch (const std::exception& e) {
    std::cerr << "minidl-row-traffic-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
