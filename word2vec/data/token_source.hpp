#pragma once
// A corpus as the fast trainer reads it: split into contiguous shards (one per thread, or many
// that the threads take in turn), each read front to back in spans of word ids. IdsSource is a
// corpus in memory (the book's `corpus` array); TextFileSource (text_stream.hpp) reads a text file
// from disk at every pass, as word2vec.c and fastText do, so that the corpus's length costs no memory.
//
// Progress through a pass is counted in "units": for ids in memory, tokens; for a text file, its
// words and line ends before min_count drops any (known from the vocabulary pass, so the
// learning-rate schedule knows the shards' length before reading them). With min_count 1 the two
// are the same, and a text file and its ids in memory give the trainer identical input.
#include <cstddef>
#include <cstdint>
#include <memory>

#include <minidl/framework/tensor.hpp>

namespace minidl {

class TokenReader {
 public:
  virtual ~TokenReader() = default;
  // The next ids of this shard: points `tokens` at them (valid until the next call) and returns how
  // many; 0 at the shard's end. May throw std::runtime_error (a read error).
  virtual std::size_t next(const std::int32_t*& tokens) = 0;
  // The shard's length, and how much of it the spans returned so far cover, in units.
  virtual std::uint64_t units() const = 0;
  virtual std::uint64_t units_read() const = 0;
};

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  virtual std::size_t vocab_size() const = 0;   // every id is below this
  virtual std::uint64_t tokens() const = 0;     // in one pass
  virtual std::uint64_t units() const = 0;      // one pass's length in units
  // Shard `shard` of `shards`: contiguous, and together all of the corpus once (a shard may be empty
  // when there are more shards than the text has places to split). Called on the thread that starts
  // the pass, so that it can throw there (e.g. the file has changed); read by one thread at a time.
  virtual std::unique_ptr<TokenReader> open(std::size_t shard, std::size_t shards) const = 0;
};

// Ids in memory, not copied: `ids` must outlive the source. Throws std::invalid_argument naming the
// position of the first id outside [0, vocab_size).
class IdsSource : public TokenSource {
 public:
  IdsSource(const Ids& ids, std::size_t vocab_size);
  std::size_t vocab_size() const override { return vocab_size_; }
  std::uint64_t tokens() const override { return ids_.size(); }
  std::uint64_t units() const override { return ids_.size(); }
  std::unique_ptr<TokenReader> open(std::size_t shard, std::size_t shards) const override;

 private:
  const Ids& ids_;
  std::size_t vocab_size_;
};

// How often each id occurs (ids[i] < vocab_size, else std::invalid_argument naming the position).
std::vector<std::uint64_t> count_ids(const Ids& ids, std::size_t vocab_size);

}  // namespace minidl
