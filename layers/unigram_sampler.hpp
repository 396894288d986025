#pragma once
// UnigramSampler (book ch. 4.2.6): negative samples drawn from the unigram distribution raised to
// a power, P(w) = count(w)^0.75 / sum_v count(v)^0.75, which lifts rare words a little.
//
// The book's CPU path renormalises a V-long probability vector for every row (np.random.choice with
// p[target] = 0). Here Vose's alias table is built once and each draw costs O(1): one 64-bit
// random number gives the column (high half) and the coin (low half, against a 32-bit threshold),
// 8 bytes a word, a column's threshold and alias side by side so that a draw reads one place
// (word2vec's 10^8-entry table would take 400 MB). get_negative_sample redraws a
// sample equal to the row's target or to one already taken in that row: the book's distribution
// (without replacement, target excluded) without its O(V) work per row. The fast trainer draws
// from the same table with draw(rng), one generator per thread, keeping repeats as word2vec does.
#include <cstdint>
#include <string>
#include <vector>

#include <minidl/framework/random.hpp>
#include <minidl/framework/tensor.hpp>

namespace minidl {

class UnigramSampler {
 public:
  // corpus: word ids (any shape); words that never occur get probability 0.
  UnigramSampler(const Ids& corpus, double power = 0.75, std::size_t sample_size = 5, std::uint64_t seed = 0);
  // counts[w]: occurrences of word w (the vocabulary is counts.size() words).
  UnigramSampler(const std::vector<std::uint64_t>& counts, double power = 0.75, std::size_t sample_size = 5,
                 std::uint64_t seed = 0);

  // (N, sample_size) negatives for target (N,): distinct within a row, never the row's target.
  Ids get_negative_sample(const Ids& target);

  // One draw from the distribution, without exclusions, from the sampler's own generator...
  std::int32_t sample() { return draw(rng_); }
  // ... or from the caller's (one per thread).
  std::int32_t draw(Rng& rng) const { return draw_from(rng.next()); }
  // The draw that the 64 random bits r give. With a big vocabulary the table is far bigger than the
  // caches: a trainer can take r early, prefetch(r), and resolve it with draw_from(r) when the
  // column has arrived.
  std::int32_t draw_from(std::uint64_t r) const {
    const std::uint32_t column = column_of(r);
    const Column c = table_[column];
    return static_cast<std::uint32_t>(r) < c.accept ? static_cast<std::int32_t>(column) : c.alias;
  }
  void prefetch(std::uint64_t r) const { __builtin_prefetch(&table_[column_of(r)]); }

  void seed(std::uint64_t s) { rng_.seed(s); }
  std::string rng_state() const { return rng_.state(); }
  void set_rng_state(const std::string& state) { rng_.set_state(state); }
  std::size_t vocab_size() const { return probability_.size(); }
  std::size_t sample_size() const { return sample_size_; }
  // P(w) after the power, normalised: the distribution the draws follow (up to the table's
  // 32-bit thresholds: within 2^-32 per column).
  const std::vector<double>& probability() const { return probability_; }

 private:
  void build(const std::vector<double>& counts, double power);
  std::uint32_t column_of(std::uint64_t r) const { return static_cast<std::uint32_t>(((r >> 32) * size_) >> 32); }
  struct Column {
    std::uint32_t accept;  // keep the column when the low 32 bits are below this...
    std::int32_t alias;    // ...else take this word
  };
  std::size_t sample_size_;
  std::vector<double> probability_;
  std::uint64_t size_ = 0;
  std::vector<Column> table_;
  Rng rng_;
};

}  // namespace minidl
