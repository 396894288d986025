#pragma once
// One way for every command to name its corpus: "synthetic" (built in, the default: no download),
// "ptb" (the book's PTB train split, found or downloaded by word2vec/data/ptb), or a path to any
// plain-text file (one sentence per line).
#include <cstdint>
#include <string>

#include <minidl/word2vec/data/corpus.hpp>

namespace minidl {

struct CorpusSource {
  std::string data_dir;           // where PTB is looked for first (else MINIDL_DATA_DIR, cache, download)
  std::size_t min_count = 1;      // for text files
  std::uint64_t synthetic_seed = 1;
  std::size_t synthetic_sentences = 40000;
};

struct LoadedCorpus {
  Corpus corpus;
  std::string description;        // "PTB train (929,589 tokens, 10,000 words)"
  std::string questions;          // the synthetic corpus's analogy questions (Google format); else empty
};

// 929589 -> "929,589", as the descriptions write counts.
std::string with_commas(std::uint64_t n);

// Throws std::invalid_argument / std::runtime_error with a message naming the spec or the file.
LoadedCorpus load_corpus(const std::string& spec, const CorpusSource& source = {});

}  // namespace minidl
