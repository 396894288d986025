#pragma once
// NegativeTable: the fast configuration's negative sampler. Same distribution as the book's
// UnigramSampler, P(w) = count(w)^power / sum_v count(v)^power, drawn in O(1) from Vose's alias
// table with integer thresholds: one 64-bit random number gives the column (high half) and the
// coin (low half). word2vec's 10^8-entry table would cost 400 MB; this one costs 12 bytes a word.
// Unlike the book's sampler it does not exclude the target or repeats here: the trainer redraws a
// negative equal to the target (as the book does) and keeps repeats (as word2vec does).
#include <cstdint>
#include <vector>

#include <minidl/word2vec/fast/fast_rng.hpp>

namespace minidl {

class NegativeTable {
 public:
  // counts[w]: occurrences of word w; at least one must be positive.
  explicit NegativeTable(const std::vector<std::uint64_t>& counts, double power = 0.75);

  std::int32_t draw(FastRng& rng) const {
    const std::uint64_t r = rng.next();
    const auto column = static_cast<std::uint32_t>(((r >> 32) * size_) >> 32);
    return (r & 0xFFFFFFFFull) < accept_[column] ? static_cast<std::int32_t>(column) : alias_[column];
  }
  std::size_t size() const { return size_; }
  // P(w) as the table draws it (for tests).
  double probability(std::size_t w) const;

 private:
  std::uint64_t size_;
  std::vector<std::uint64_t> accept_;  // keep the column when the low 32 bits are below this (up to 2^32)
  std::vector<std::int32_t> alias_;
};

}  // namespace minidl
