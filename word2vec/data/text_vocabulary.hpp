#pragma once
// The vocabulary of a text file in one pass, without keeping its tokens: what streaming a corpus far
// larger than memory needs (word2vec.c's LearnVocabFromTrainFile; fastText's readFromFile). Words,
// numbering, counts and line ends are exactly load_text_corpus's (text_corpus.hpp), min_count
// included: a line whose words min_count drops all has no "<eos>" (the Scanner settles those lines
// when the counts are final).
//
// Memory: the words and their counts (tens of bytes a distinct word), and a checkpoint about every
// 64 KiB of text (32 bytes each); nothing grows with the number of tokens.
#include <cstdint>
#include <string>
#include <vector>

#include <minidl/word2vec/data/corpus.hpp>
#include <minidl/word2vec/data/text_corpus.hpp>
#include <minidl/word2vec/data/text_scan.hpp>
#include <minidl/word2vec/data/word_table.hpp>

namespace minidl {

// What a later reading checks to know the file is the one the vocabulary was read from.
struct FileIdentity {
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0;  // last modification time
};
// Throws std::runtime_error naming `where` when the file cannot be examined.
FileIdentity identity_of(const std::string& path, const std::string& where);

struct TextVocabulary {
  std::string path;
  TextCorpusOptions options;
  IdToWord id_to_word;                  // by descending count, ties by first appearance
  WordTable lookup;                     // word -> the same ids; words min_count dropped are absent
  std::vector<std::uint64_t> counts;    // by id
  std::int32_t eos = -1;                // the id of "<eos>", -1 when there is none
  std::uint64_t tokens = 0;             // the sum of counts: a pass's tokens
  std::uint64_t units = 0;              // words and counted line ends before min_count (token_source.hpp)
  std::vector<TextCheckpoint> checkpoints;  // where threads may start reading
  FileIdentity file;
  double seconds = 0;                   // the pass's wall time
  double megabytes_per_second() const { return seconds > 0 ? double(file.size) / 1e6 / seconds : 0; }
};

// Reads path once, in `threads` parts side by side (each from a line's start; the result is the same
// whatever the number). Throws std::runtime_error naming the path as load_text_corpus does (no such
// file, a directory, unreadable, empty, no word, a word too long, min_count leaving no word).
TextVocabulary build_text_vocabulary(const std::string& path, const TextCorpusOptions& options = {},
                                     std::size_t threads = 1,
                                     std::uint64_t checkpoint_every = std::uint64_t(64) << 10);

}  // namespace minidl
