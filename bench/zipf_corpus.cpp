// Writes a benchmark corpus of Zipf-distributed words (word2vec/data/zipf_corpus.hpp), for timing
// trainers on vocabularies and corpus sizes beyond PTB's:
//   build/bin/minidl-zipf-corpus --tokens 100000000 --vocab 1000000 --out zipf.txt
#include <chrono>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include <minidl/cli/checks.hpp>
#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/word2vec/data/zipf_corpus.hpp>

int main(int argc, char** argv) {
  CLI::App app("Write a corpus of Zipf-distributed words (w0 the most frequent) for benchmarks");
  minidl::ZipfCorpusOptions o;
  std::string out;
  app.add_option("--tokens", o.tokens, "words in the corpus")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--vocab", o.vocab, "ranks of the distribution")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--exponent", o.exponent, "s in P(r) ~ r^-s (1: Zipf's law)")
      ->check(minidl::cli::non_negative())
      ->capture_default_str();
  app.add_option("--sentence-length", o.sentence_length, "words per line")
      ->check(minidl::cli::at_least(1))
      ->capture_default_str();
  app.add_option("--seed", o.seed, "seed of the draws")->capture_default_str();
  app.add_option("--out", out, "the file to write")->required();
  CLI11_PARSE(app, argc, argv);
  try {
    minidl::check_writable(out);
    const auto start = std::chrono::steady_clock::now();
    const minidl::ZipfCorpusSummary s = minidl::write_zipf_corpus(out, o);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %llu tokens, %zu distinct words of %zu ranks, %.1f MB in %.1f s (%.0f MB/s)\n", out.c_str(),
                static_cast<unsigned long long>(s.tokens), s.distinct, o.vocab, double(s.bytes) / 1e6, seconds,
                double(s.bytes) / 1e6 / seconds);
  } catch (const std::exception& e) {
    std::cerr << "minidl-zipf-corpus: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
