#pragma once
// UnigramSampler (book ch. 4.2.6): negative samples drawn from the unigram distribution raised to
// a power, P(w) = count(w)^0.75 / sum_v count(v)^0.75, which lifts rare words a little.
//
// The book's CPU path renormalises a V-long probability vector for every row (np.random.choice with
// p[target] = 0). Here Vose's alias table is built once, each draw costs O(1), and a draw equal to
// the row's target or to a negative already taken in that row is drawn again: the same
// distribution as the book's (sampling without replacement, target excluded), without the O(V)
// work per row.
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

  // (N, sample_size) negatives for target (N,): distinct within a row, never the row's target.
  Ids get_negative_sample(const Ids& target);

  // One draw from the distribution, without exclusions.
  std::int32_t sample();

  void seed(std::uint64_t s) { rng_.seed(s); }
  std::string rng_state() const { return rng_.state(); }
  void set_rng_state(const std::string& state) { rng_.set_state(state); }
  std::size_t vocab_size() const { return probability_.size(); }
  std::size_t sample_size() const { return sample_size_; }
  // P(w) after the power, normalised: what the draws follow.
  const std::vector<double>& probability() const { return probability_; }

 private:
  std::size_t sample_size_;
  std::vector<double> probability_;
  std::vector<double> accept_;        // alias table: keep column i with this probability...
  std::vector<std::int32_t> alias_;   // ...else take alias_[i]
  std::size_t nonzero_ = 0;           // words with P > 0: a row needs sample_size of them besides the target
  Rng rng_;
};

}  // namespace minidl
