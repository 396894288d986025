// How fast a text corpus is read, against how fast its bytes arrive (issue "speed v3": build the
// vocabulary in one pass at disk speed, and stream the corpus in each epoch):
//   build/bin/minidl-corpus-bench --corpus zipf.txt --repeat 5 --threads 1,2
//   build/bin/minidl-corpus-bench --zipf-tokens 2000000 --zipf-vocab 100000   # writes its own file
// Prints the median of --repeat runs of: reading the file's bytes (fread in 16 MiB pieces, as the page
// cache serves them: the "disk speed" the program sees), the vocabulary pass (build_text_vocabulary),
// on each --threads count, and one epoch's stream (TextFileSource: every shard read in a thread of
// its own, ids looked up),
// each in MB/s and as a ratio to the bytes' speed.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "bench_util.hpp"
#include <minidl/cli/checks.hpp>
#include <minidl/word2vec/data/text_stream.hpp>
#include <minidl/word2vec/data/text_vocabulary.hpp>
#include <minidl/word2vec/data/zipf_corpus.hpp>

using namespace minidl;
using bench::Clock;
using bench::median;
using bench::seconds_since;

namespace {

// Reads the file's bytes and touches each piece (a sum, so the reading cannot be skipped).
double read_bytes_seconds(const std::string& path, std::uint64_t& checksum) {
  const auto t0 = Clock::now();
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::vector<unsigned char> buf(std::size_t(16) << 20);
  for (std::size_t got; (got = std::fread(buf.data(), 1, buf.size(), f.get())) > 0;)
    for (std::size_t i = 0; i < got; i += 64) checksum += buf[i];
  return seconds_since(t0);
}

// One pass of the stream in `threads` threads; returns seconds, and the tokens read.
double stream_seconds(const TextFileSource& source, std::size_t threads, std::uint64_t& tokens) {
  std::vector<std::uint64_t> got(threads, 0);
  std::vector<std::unique_ptr<TokenReader>> readers;
  for (std::size_t t = 0; t < threads; ++t) readers.push_back(source.open(t, threads));
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      const std::int32_t* ids = nullptr;
      std::uint64_t sum = 0;
      while (const std::size_t n = readers[t]->next(ids)) {
        got[t] += n;
        sum += std::uint64_t(ids[n - 1]);
      }
      got[t] += sum & 0;  // uses sum: the ids are read, not only counted
    });
  for (auto& th : pool) th.join();
  tokens = 0;
  for (const auto g : got) tokens += g;
  return seconds_since(t0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Time reading a text corpus: its bytes, its vocabulary pass and its stream");
  std::string corpus;
  std::size_t repeat = 3, min_count = 1;
  std::vector<std::size_t> threads = {1, 2};
  std::uint64_t zipf_tokens = 0;
  std::size_t zipf_vocab = 100000;
  app.add_option("--corpus", corpus, "a text file");
  app.add_option("--zipf-tokens", zipf_tokens, "instead: write a Zipf corpus of this many tokens to a temporary file")
      ->check(cli::at_least(1));
  app.add_option("--zipf-vocab", zipf_vocab, "its ranks")->check(cli::at_least(1))->capture_default_str();
  app.add_option("--repeat", repeat, "runs of each; medians are printed")->check(cli::at_least(1))->capture_default_str();
  app.add_option("--threads", threads, "thread counts for the vocabulary pass and the stream")->check(cli::at_least(1))->delimiter(',');
  app.add_option("--min-count", min_count, "as minidl-word2vec train's")->check(cli::at_least(1))->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  std::string temporary;
  try {
    if (corpus.empty() == (zipf_tokens == 0)) throw std::invalid_argument("give --corpus or --zipf-tokens (one of them)");
    if (zipf_tokens) {
      temporary = (std::filesystem::temp_directory_path() / ("minidl-corpus-bench-" + std::to_string(::getpid()) + ".txt")).string();
      ZipfCorpusOptions z;
      z.tokens = zipf_tokens;
      z.vocab = zipf_vocab;
      write_zipf_corpus(temporary, z);
      corpus = temporary;
    }
    TextCorpusOptions options;
    options.min_count = min_count;
    std::vector<double> bytes_s;
    std::vector<std::vector<double>> vocab_s(threads.size());
    std::uint64_t checksum = 0;
    std::unique_ptr<TextVocabulary> v;
    for (std::size_t r = 0; r < repeat; ++r) {
      bytes_s.push_back(read_bytes_seconds(corpus, checksum));
      for (std::size_t i = 0; i < threads.size(); ++i) {
        v = std::make_unique<TextVocabulary>(build_text_vocabulary(corpus, options, threads[i]));
        vocab_s[i].push_back(v->seconds);
      }
    }
    const double mb = double(v->file.size) / 1e6;
    std::printf("corpus: %s (%.1f MB, %llu tokens, %zu words)\n", corpus.c_str(), mb,
                static_cast<unsigned long long>(v->tokens), v->id_to_word.size());
    std::printf("medians of %zu runs; MB/s of the file's bytes; ratio: of the bytes' read speed\n", repeat);
    const double bytes_rate = mb / median(bytes_s);
    std::printf("%-28s %10.0f MB/s\n", "read the bytes", bytes_rate);
    for (std::size_t i = 0; i < threads.size(); ++i) {
      const std::string name = "vocabulary, " + std::to_string(threads[i]) + " thread" + (threads[i] > 1 ? "s" : "");
      std::printf("%-28s %10.0f MB/s  %5.2f  (%.1f M tokens/s)\n", name.c_str(), mb / median(vocab_s[i]),
                  mb / median(vocab_s[i]) / bytes_rate, double(v->tokens) / 1e6 / median(vocab_s[i]));
    }
    const TextFileSource source(*v);
    for (const std::size_t t : threads) {
      std::vector<double> s;
      std::uint64_t tokens = 0;
      for (std::size_t r = 0; r < repeat; ++r) s.push_back(stream_seconds(source, t, tokens));
      if (tokens != v->tokens) throw std::runtime_error("the stream read " + std::to_string(tokens) + " tokens, not " +
                                                        std::to_string(v->tokens));
      const std::string name = "stream, " + std::to_string(t) + " thread" + (t > 1 ? "s" : "");
      std::printf("%-28s %10.0f MB/s  %5.2f  (%.1f M tokens/s)\n", name.c_str(), mb / median(s),
                  mb / median(s) / bytes_rate, double(tokens) / 1e6 / median(s));
    }
    std::printf("(checksum %llu)\n", static_cast<unsigned long long>(checksum % 1000));
  } catch (const std::exception& e) {
    std::cerr << "minidl-corpus-bench: " << e.what() << "\n";
    if (!temporary.empty()) std::filesystem::remove(temporary);
    return 1;
  }
  if (!temporary.empty()) std::filesystem::remove(temporary);
  return 0;
}
