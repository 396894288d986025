#pragma once
// A benchmark corpus of any size: words drawn independently from a Zipf distribution,
// P(rank r) = r^-s / sum_{k=1..V} k^-s, named w0 (the most frequent), w1, ..., as lines of
// `sentence_length` words. It has no meaning; it has the vocabulary sizes and frequency skew of real
// text (s = 1 is Zipf's law for English), which is what a trainer's speed and memory depend on:
// issue "speed v3" times training on 10^8 tokens over 10^6 words with it.
#include <cstdint>
#include <string>

namespace minidl {

struct ZipfCorpusOptions {
  std::uint64_t tokens = 1000000;
  std::size_t vocab = 100000;     // the number of ranks; the rarest may not be drawn at all
  double exponent = 1.0;          // s
  std::size_t sentence_length = 20;
  std::uint64_t seed = 1;
};

struct ZipfCorpusSummary {
  std::uint64_t tokens = 0;
  std::size_t distinct = 0;  // words drawn at least once
  std::uint64_t bytes = 0;   // of the file
};

// Writes the corpus to `path` (a temporary file renamed into place, as every output), streaming: the
// memory is the distribution's table (8 bytes a rank), not the text. The same options give the same
// file, byte for byte. Throws std::invalid_argument for zero sizes or a negative or non-finite
// exponent, std::runtime_error when the file cannot be written.
ZipfCorpusSummary write_zipf_corpus(const std::string& path, const ZipfCorpusOptions& options);

}  // namespace minidl
