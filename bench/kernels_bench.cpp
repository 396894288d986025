// minidl-kernels-bench: micro-benchmarks of the hot paths (the book configuration's, and the fast
// mode's per-token step) on PTB-sized shapes
// (V = 10,000, H = 100, batch 100, window 5, 5 negatives), each next to the bound it could reach on
// this machine, measured in the same run:
//   memory bandwidth: a STREAM-like copy and triad over arrays far larger than the caches (DRAM),
//   and over arrays of the hot paths' working-set size (on a machine with a large L3 they run from
//   cache, so that is the bound they can reach);
//   arithmetic: sgemm on 1000 x 1000 through framework/blas.hpp (OpenBLAS).
// Each figure is the median of 5 samples of at least 0.2 s each, after a warm-up call.
//
//   minidl-kernels-bench            # the full run, about half a minute
//   minidl-kernels-bench --quick    # small shapes, short samples: a smoke test, not a measurement
//
// Byte counts are those the current implementation moves (e.g. a backward that zeroes a dense
// V x H gradient is charged the V x H write), so "% of bound" says how close the code is to the
// memory system's speed for what it does, not whether what it does is necessary.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <xtensor/xbuilder.hpp>

#include "bench_util.hpp"
#include <minidl/word2vec/fast/example_kernels.hpp>
#include <minidl/framework/blas.hpp>
#include <minidl/framework/function.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/embedding.hpp>
#include <minidl/layers/embedding_dot.hpp>
#include <minidl/layers/unigram_sampler.hpp>
#include <minidl/models/cbow.hpp>
#include <minidl/optim/adam.hpp>

namespace {

using namespace minidl;
using minidl::bench::fmt;
using minidl::bench::time_per_call;

struct Shapes {
  std::size_t V = 10000, H = 100, N = 100, window = 5, negative = 5;
  std::size_t stream_elems = std::size_t(1) << 25;  // 128 MiB per float array: far beyond any cache here
  std::size_t cache_elems = std::size_t(1) << 21;   // 8 MiB per array: the hot paths' working-set size
  std::size_t gemm_n = 1000;
  double min_seconds = 0.2;
};

// A PTB-like corpus for the sampler and the model: word i occurs about C / (i + 1) times (Zipf),
// about 930,000 tokens for V = 10,000, like PTB's 929,589.
Ids zipf_corpus(std::size_t V, std::size_t tokens_wanted) {
  double harmonic = 0;
  for (std::size_t i = 0; i < V; ++i) harmonic += 1.0 / static_cast<double>(i + 1);
  const double C = static_cast<double>(tokens_wanted) / harmonic;
  std::vector<std::int32_t> ids;
  for (std::size_t i = 0; i < V; ++i) {
    const auto n = std::max<std::size_t>(1, static_cast<std::size_t>(C / static_cast<double>(i + 1)));
    ids.insert(ids.end(), n, static_cast<std::int32_t>(i));
  }
  Rng rng(7);
  for (std::size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[rng.integer(i)]);
  Ids out = Ids::from_shape({ids.size()});
  std::copy(ids.begin(), ids.end(), out.data());
  return out;
}

Ids random_ids(const Shape& shape, std::size_t V, Rng& rng) {
  Ids ids = Ids::from_shape(shape);
  for (auto& v : ids) v = static_cast<std::int32_t>(rng.integer(V));
  return ids;
}

struct Row {
  std::string kernel, shape;
  double seconds = 0;
  std::string unit;       // GB/s or GFLOP/s or Mdraws/s
  double achieved = 0;
  double bound = 0;       // same unit
  std::string bound_name;
};

double g_sink = 0;  // results fold in here so the compiler cannot drop the work

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  CLI::App app{"minidl-kernels-bench: the book configuration's hot paths against this machine's bounds"};
  app.add_flag("--quick", quick, "small shapes and short samples (a smoke test; the figures mean little)");
  CLI11_PARSE(app, argc, argv);

  Shapes s;
  if (quick) {
    s.V = 1000;
    s.stream_elems = std::size_t(1) << 18;
    s.cache_elems = std::size_t(1) << 16;
    s.gemm_n = 200;
    s.min_seconds = 0.005;
  }
  set_blas_threads(1);  // the kernels below are single-threaded; compare like with like
  const double GB = 1e9;
  std::vector<Row> rows;
  Rng rng(1);

  // ---- bounds: STREAM-like copy and triad, sgemm ----------------------------------------------------
  // Two sizes: arrays far beyond the last-level cache (DRAM bandwidth), and arrays of about the
  // hot paths' working set (W_in, W_out, their gradients and Adam's m and v are 6 x 4 MiB on PTB),
  // which this machine's large L3 can hold; the second is the bound the kernels below can reach.
  struct Stream {
    double copy = 0, triad = 0, rmw = 0, t_copy = 0, t_triad = 0, t_rmw = 0;
  };
  auto stream = [&](std::size_t elems) {
    std::vector<float> a(elems, 1.0f), b(elems, 2.0f), c(elems, 0.5f);
    const double n = static_cast<double>(elems);
    Stream r;
    r.t_copy = time_per_call([&] {
      std::copy(a.begin(), a.end(), b.begin());
      g_sink += b[elems / 2];
    }, s.min_seconds);
    r.t_triad = time_per_call([&] {
      const float k = 3.0f;
      float* pa = a.data();
      const float* pb = b.data();
      const float* pc = c.data();
      for (std::size_t i = 0; i < elems; ++i) pa[i] = pb[i] + k * pc[i];
      g_sink += a[elems / 3];
    }, s.min_seconds);
    // Adam's access pattern without its arithmetic: read four streams, write three back. More
    // streams in flight reach more bandwidth than triad's three, so this bounds Adam more tightly.
    std::vector<float> d(elems, 0.25f);
    r.t_rmw = time_per_call([&] {
      float* pa = a.data();
      float* pb = b.data();
      float* pc = c.data();
      const float* pd = d.data();
      for (std::size_t i = 0; i < elems; ++i) {
        pa[i] += 0.5f * pd[i];
        pb[i] += pd[i];
        pc[i] += pd[i] * pd[i];
      }
      g_sink += a[elems / 5];
    }, s.min_seconds);
    // STREAM's convention: bytes named in the source, without the write-allocate read.
    r.copy = 2 * 4 * n / r.t_copy / GB;
    r.triad = 3 * 4 * n / r.t_triad / GB;
    r.rmw = 7 * 4 * n / r.t_rmw / GB;
    return r;
  };
  const Stream dram = stream(s.stream_elems);
  const Stream cache = stream(s.cache_elems);
  const double bw_dram = std::max({dram.copy, dram.triad, dram.rmw});
  const double bw = std::max({cache.copy, cache.triad, cache.rmw});
  auto size_label = [](std::size_t elems) {
    const std::size_t bytes = elems * 4;
    return bytes >= (1u << 20) ? std::to_string(bytes >> 20) + " MiB x" : std::to_string(bytes >> 10) + " KiB x";
  };
  const std::string big = size_label(s.stream_elems);
  const std::string small = size_label(s.cache_elems);
  rows.push_back({"stream copy, DRAM", big + "2", dram.t_copy, "GB/s", dram.copy, bw_dram, "DRAM"});
  rows.push_back({"stream triad, DRAM", big + "3", dram.t_triad, "GB/s", dram.triad, bw_dram, "DRAM"});
  rows.push_back({"stream 4-read/3-write, DRAM", big + "4", dram.t_rmw, "GB/s", dram.rmw, bw_dram, "DRAM"});
  rows.push_back({"stream copy, working set", small + "2", cache.t_copy, "GB/s", cache.copy, bw, "cache"});
  rows.push_back({"stream triad, working set", small + "3", cache.t_triad, "GB/s", cache.triad, bw, "cache"});
  rows.push_back({"stream 4-read/3-write, working set", small + "4", cache.t_rmw, "GB/s", cache.rmw, bw, "cache"});

  const std::size_t G = s.gemm_n;
  Tensor A = randn({G, G}, rng), B = randn({G, G}, rng), Cm = xt::zeros<Scalar>({G, G});
  const double t_gemm = time_per_call([&] { gemm(false, false, 1, A, B, 0, Cm); g_sink += Cm(0, 0); }, s.min_seconds);
  const double gflops_peak = 2.0 * static_cast<double>(G) * G * G / t_gemm / GB;

  rows.push_back({"sgemm", std::to_string(G) + "^3", t_gemm, "GFLOP/s", gflops_peak, gflops_peak, "sgemm"});

  // ---- the hot paths ------------------------------------------------------------------------------
  const std::size_t V = s.V, H = s.H, N = s.N, C = 2 * s.window, K = 1 + s.negative;
  const double f = sizeof(Scalar);
  Tensor W = randn({V, H}, rng) * Scalar(0.01);
  const Ids contexts = random_ids({N, C}, V, rng);

  {  // Embedding forward: the CBOW context gather, (N, C) ids -> (N, C, H)
    Embedding e(contexts);
    const Inputs in({&W});
    const double t = time_per_call([&] { g_sink += e.forward(in)[0](0, 0, 0); }, s.min_seconds);
    const double bytes = 2 * f * N * C * H;  // read the rows, write the output
    rows.push_back({"Embedding gather (fwd)", "(" + std::to_string(N) + "," + std::to_string(C) + ")->H=" + std::to_string(H),
                    t, "GB/s", bytes / t / GB, bw, "cache"});
  }
  {  // What a dense backward would pay before any arithmetic: a fresh zeroed V x H gradient per
     // call (xt::zeros), or zeroing a buffer that is kept. In training neither happens any more:
     // Embedding's and EmbeddingDot's gradients are row-sparse (framework/row_sparse).
    const double t_fresh = time_per_call([&] {
      Tensor dW = xt::zeros<Scalar>({V, H});
      g_sink += dW(V - 1, H - 1);
    }, s.min_seconds);
    Tensor kept = xt::zeros<Scalar>({V, H});
    const double t_kept = time_per_call([&] {
      std::fill(kept.data(), kept.data() + kept.size(), Scalar(0));
      g_sink += kept(V - 1, H - 1);
    }, s.min_seconds);
    const double bytes = f * V * H;
    rows.push_back({"zeros(V,H), fresh alloc", "V=" + std::to_string(V), t_fresh, "GB/s", bytes / t_fresh / GB, bw, "cache"});
    rows.push_back({"zero kept (V,H) buffer", "V=" + std::to_string(V), t_kept, "GB/s", bytes / t_kept / GB, bw, "cache"});
  }
  {  // Embedding backward: the row-sparse dW, N * C rows of dy with their ids (the engine sums
     // them into the gradient; the optimizer reads them)
    Parameter Wp(W, "W");
    Variable out = embedding(Wp, contexts);
    auto fn = out.creator();
    const Tensors dy{randn({N, C, H}, rng)};
    const double t = time_per_call([&] { g_sink += static_cast<double>(fn->backward(dy).size()); }, s.min_seconds);
    const double bytes = 2 * f * N * C * H;  // read dy, write the rows' values
    rows.push_back({"Embedding scatter-add (bwd)", "(" + std::to_string(N) + "," + std::to_string(C) + ") row-sparse dW",
                    t, "GB/s", bytes / t / GB, bw, "cache"});
  }
  {  // EmbeddingDot forward + backward, CBOW's (N, 1 + S) scores against W_out
    Parameter Wp(W, "W_out");
    Variable h(randn({N, H}, rng), "h");
    const Ids ids = random_ids({N, K}, V, rng);
    const Tensors dy{randn({N, K}, rng)};
    const double t = time_per_call([&] {
      Variable out = embedding_dot(Wp, h, ids);
      const Tensors g = out.creator()->backward(dy);
      g_sink += g[1](0, 0);  // dh; dW is row-sparse, kept by the Function for the engine
    }, s.min_seconds);
    // forward reads N K rows + h; backward zeroes dh, reads the rows, writes the dW rows' values
    const double bytes = f * (N * K * H * 3 + N * H * 3);
    rows.push_back({"EmbeddingDot fwd+bwd", "(" + std::to_string(N) + "," + std::to_string(K) + ") row-sparse dW", t, "GB/s",
                    bytes / t / GB, bw, "cache"});
  }
  const Ids corpus = zipf_corpus(V, quick ? 100000 : 930000);
  {  // UnigramSampler: N targets -> (N, S) negatives; the bound is the generator alone
    UnigramSampler sampler(corpus, 0.75, s.negative, 3);
    const Ids target = random_ids({N}, V, rng);
    const double t = time_per_call([&] { g_sink += sampler.get_negative_sample(target)(0, 0); }, s.min_seconds);
    // Each draw takes one 64-bit Rng output (column from the high half, coin from the low), plus redraws.
    Rng engine(5);
    const std::size_t draws = N * s.negative;
    const double t_rng = time_per_call([&] {
      std::uint64_t x = 0;
      for (std::size_t i = 0; i < draws; ++i) x ^= engine.next();
      g_sink += static_cast<double>(x & 1);
    }, s.min_seconds);
    const double md = static_cast<double>(draws) / 1e6;
    rows.push_back({"UnigramSampler negatives", "(" + std::to_string(N) + "," + std::to_string(s.negative) + ")", t,
                    "Mdraws/s", md / t, md / t_rng, "1 x Rng (SplitMix64)"});
  }
  const double adam_bytes = 7 * f * 2 * V * H;  // read p, m, v, g; write p, m, v; two matrices
  const std::string adam_shape = "2 x " + std::to_string(V) + " x " + std::to_string(H);
  for (const int threads : {1, 2}) {  // Adam step over W_in and W_out (2 x V x H), dense as in the book
    Parameters ps{Parameter(randn({V, H}, rng), "W_in"), Parameter(randn({V, H}, rng), "W_out")};
    for (auto& p : ps) p.add_grad(randn({V, H}, rng) * Scalar(0.01));
    Adam adam(ps);
    set_blas_threads(threads);  // and the pool that splits Adam's pass (framework/parallel.hpp)
    const double t = time_per_call([&] { adam.step(); g_sink += ps[0].data()(0, 0); }, s.min_seconds);
    set_blas_threads(1);
    rows.push_back({threads == 1 ? "Adam step (dense)" : "Adam step (dense), 2 threads", adam_shape, t, "GB/s",
                    adam_bytes / t / GB, bw, "cache"});
  }
  {  // The same Adam step when m and v hold subnormal numbers, as they would after some thousand
     // steps for rows that no longer get gradients: m decays by beta1 per step into the subnormal
     // range, where m * (1 - beta1) rounds to 0 and m stays at the smallest subnormal for good.
     // Without flush-to-zero, arithmetic on subnormals is many times slower on x86; Adam's pass
     // sets m and v below 1e-30 to 0, so this row should match the one above.
    Parameters ps{Parameter(randn({V, H}, rng), "W_in"), Parameter(randn({V, H}, rng), "W_out")};
    for (auto& p : ps) p.add_grad(xt::zeros<Scalar>({V, H}));
    Adam adam(ps);
    adam.step();  // creates m and v
    auto state = adam.state_tensors();
    for (auto& [key, t] : state) std::fill(t.data(), t.data() + t.size(), std::numeric_limits<Scalar>::denorm_min());
    adam.load_state(state, adam.state_scalars());
    const double t = time_per_call([&] { adam.step(); g_sink += ps[0].data()(0, 0); }, s.min_seconds);
    rows.push_back({"Adam step, subnormal m,v", adam_shape, t, "GB/s", adam_bytes / t / GB, bw, "cache"});
  }
  for (const int threads : {1, 2}) {
    // One whole CBOW training step: zero_grad, loss (gather, mean, sampler, EmbeddingDot, sigmoid
    // loss), backward, Adam. Its bound: the dense Adam traffic alone at stream speed, which the
    // book's mathematics cannot avoid; everything else should cost far less than that.
    Rng mrng(0);
    CBOW model(V, H, s.window, corpus, mrng);
    Adam adam(model.parameters());
    const Ids target = random_ids({N}, V, rng);
    set_blas_threads(threads);
    const double t = time_per_call([&] {
      model.zero_grad();
      Variable loss = model.loss(contexts, target);
      loss.backward();
      adam.step();
      g_sink += *loss.data().begin();
    }, s.min_seconds);
    set_blas_threads(1);
    rows.push_back({threads == 1 ? "CBOW step (loss+bwd+Adam)" : "CBOW step, 2 threads", "batch " + std::to_string(N), t,
                    "GB/s(Adam)", adam_bytes / t / GB, bw, "Adam bytes at cache bw"});
  }

  {  // The fast mode's per-token work (word2vec/fast/example_kernels): one example at a time along the corpus,
     // window 5 each side, 5 negatives from the alias table, one thread, the rows of W_in / W_out
     // where they fall. CBOW: the SGD step (h, 6 scores, grad_h, 6 output rows and 10 context rows
     // updated); bound: its bytes (rows read: 2C + 3K, written: C + K) at the cache bandwidth.
     // Skip-gram (shared negatives): three C x K x H products; bound: sgemm's FLOP rate.
    std::vector<std::uint64_t> counts(V, 0);
    for (const auto w : corpus) ++counts[std::size_t(w)];
    const UnigramSampler table(counts, 0.75, 1);
    Rng frng(11);
    Tensor W_in = rand_uniform({V, H}, rng, Scalar(-0.5) / Scalar(H), Scalar(0.5) / Scalar(H));
    Tensor W_out = rand_uniform({V, H}, rng, Scalar(-0.5) / Scalar(H), Scalar(0.5) / Scalar(H));
    const std::size_t C = 2 * s.window, K = 1 + s.negative;
    std::vector<Scalar*> in_rows(C), out_rows(K);
    std::vector<Scalar> h(H), grad_h(H), G(C * K), grad_in(C * H), grad_out(K * H);
    std::size_t pos = s.window;
    const auto next_example = [&] {  // the next position's rows, as the trainer finds them
      if (++pos + s.window >= corpus.size()) pos = s.window;
      for (std::size_t c = 0, j = pos - s.window; j <= pos + s.window; ++j)
        if (j != pos) in_rows[c++] = W_in.data() + std::size_t(corpus(j)) * H;
      out_rows[0] = W_out.data() + std::size_t(corpus(pos)) * H;
      for (std::size_t k = 1; k < K; ++k) out_rows[k] = W_out.data() + std::size_t(table.draw(frng)) * H;
    };
    const double t = time_per_call([&] {
      next_example();
      g_sink += cbow_example_sgd(in_rows.data(), C, out_rows.data(), K, H, Scalar(1e-6), h.data(), grad_h.data());
    }, s.min_seconds);
    const double bytes = double((2 * C + 3 * K) + (C + K)) * H * sizeof(Scalar);
    rows.push_back({"fast CBOW token (SGD)", "C=" + std::to_string(C) + " K=" + std::to_string(K), t, "GB/s",
                    bytes / t / GB, bw, "cache"});
    // Skip-gram's SGD step as the trainer runs it (skipgram_example_sgd: the products, the sigmoids,
    // the loss and the updates), first at the next position's rows, then at one set of rows kept in
    // the cache: the kernel's own rate, the figure to hold against sgemm on blocks in the cache.
    const auto kernel_in_cache = [&] {
      g_sink += skipgram_example_sgd(in_rows.data(), C, out_rows.data(), K, H, Scalar(1e-6), G.data(), grad_out.data());
    };
    const double t_sg = time_per_call([&] {
      next_example();
      kernel_in_cache();
    }, s.min_seconds);
    // The FLOPs of the three products only, as sgemm's row below counts them: the kernel's updates
    // and sigmoids are extra work it is not credited for.
    const double flops = 3.0 * 2.0 * double(C * K * H);
    rows.push_back({"fast Skip-gram token (SGD)", "C=" + std::to_string(C) + " K=" + std::to_string(K),
                    t_sg, "GFLOP/s", flops / t_sg / 1e9, gflops_peak, "sgemm"});
    const double t_kernel = time_per_call(kernel_in_cache, s.min_seconds);
    // The same three products by OpenBLAS at the token's own shapes, on contiguous blocks (no rows to
    // find, nothing to update): what sgemm itself reaches on matrices this small, the fairer bound
    // for the kernel (issue "speed v3": 70 % of sgemm's rate on its shapes).
    std::vector<Scalar> X(C * H), Y(K * H), S(C * K), GX(C * H), GY(K * H);
    for (std::size_t i = 0; i < X.size(); ++i) X[i] = W_in.data()[i];
    for (std::size_t i = 0; i < Y.size(); ++i) Y[i] = W_out.data()[i];
    const auto sgemm_products = [&] {
      gemm(false, true, C, K, H, 1, X.data(), Y.data(), 0, S.data());    // scores    X Y^T
      gemm(false, false, C, H, K, 1, S.data(), Y.data(), 0, GX.data());  // grad_in   G Y
      gemm(true, false, K, H, C, 1, S.data(), X.data(), 0, GY.data());   // grad_out  G^T X
      g_sink += GX[0] + GY[0];
    };
    const double t_small = time_per_call(sgemm_products, s.min_seconds);
    const double gflops_small = 3.0 * 2.0 * double(C * K * H) / t_small / 1e9;
    rows.push_back({"sgemm, the Skip-gram token's 3 products", "C=" + std::to_string(C) + " K=" + std::to_string(K),
                    t_small, "GFLOP/s", gflops_small, gflops_peak, "sgemm"});
    rows.push_back({"fast Skip-gram kernel (rows in cache) vs sgemm", "C=" + std::to_string(C) + " K=" + std::to_string(K),
                    t_kernel, "GFLOP/s", flops / t_kernel / 1e9, gflops_small, "sgemm, same shapes"});
    // The machine's speed drifts between two timings a second apart (sgemm's rate here moved between
    // 50 and 67 GFLOP/s from run to run), so the ratio the issue names is also taken as the median
    // of rounds that time the two back to back.
    std::vector<double> ratios;
    for (int round = 0; round < (quick ? 1 : 5); ++round) {
      const double a = time_per_call(sgemm_products, s.min_seconds), b = time_per_call(kernel_in_cache, s.min_seconds);
      ratios.push_back(a / b);
    }
    std::sort(ratios.begin(), ratios.end());
    rows.push_back({"  the same, median of " + std::to_string(ratios.size()) + " back-to-back rounds",
                    "C=" + std::to_string(C) + " K=" + std::to_string(K), t_kernel, "%", 100 * ratios[ratios.size() / 2],
                    100, "sgemm time / kernel time"});
  }

  bench::Table table({"kernel", "shape", "time/call", "achieved", "bound", "% of bound", "bound from"});
  for (const auto& r : rows) {
    const std::string time = r.seconds >= 1e-3 ? fmt(r.seconds * 1e3, 3) + " ms" : fmt(r.seconds * 1e6, 2) + " us";
    table.add({r.kernel, r.shape, time, fmt(r.achieved, 2) + " " + r.unit, fmt(r.bound, 2) + " " + r.unit,
               fmt(100.0 * r.achieved / r.bound, 1) + "%", r.bound_name});
  }
  std::cout << "shapes: V=" << V << " H=" << H << " batch=" << N << " window=" << s.window << " negatives=" << s.negative
            << (quick ? "  (--quick: small shapes, short samples; not a measurement)" : "") << "\n"
            << "timing: median of 5 samples of >= " << s.min_seconds
            << " s after a warm-up; 1 thread (OpenBLAS and the optimizer's pass) unless a row says 2\n";
  table.print(std::cout);
  std::cout << "bounds measured in this run (1 thread): memory " << fmt(bw, 2) << " GB/s at the working-set size (\"cache\"), "
            << fmt(bw_dram, 2) << " GB/s beyond the caches (\"DRAM\"), best of copy/triad/4-read-3-write; sgemm "
            << fmt(gflops_peak, 2) << " GFLOP/s (1 thread)\n"
            << "byte counts are what the code moves as written (dense V x H gradients included)\n"
            << "checksum " << (g_sink != 0 ? "ok" : "zero") << "\n";
  return 0;
}
