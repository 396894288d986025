#include <minidl/layers/unigram_sampler.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace minidl {

UnigramSampler::UnigramSampler(const Ids& corpus, double power, std::size_t sample_size, std::uint64_t seed)
    : sample_size_(sample_size), rng_(seed) {
  if (corpus.size() == 0) throw std::invalid_argument("UnigramSampler: the corpus is empty");
  if (!(power > 0) || !std::isfinite(power))
    throw std::invalid_argument("UnigramSampler: power must be positive, got " + std::to_string(power));
  std::int32_t max_id = 0;
  for (const auto id : corpus) {
    if (id < 0) throw std::out_of_range("UnigramSampler: negative word id " + std::to_string(id) + " in the corpus");
    max_id = std::max(max_id, id);
  }
  const std::size_t V = static_cast<std::size_t>(max_id) + 1;
  std::vector<double> counts(V, 0.0);
  for (const auto id : corpus) counts[static_cast<std::size_t>(id)] += 1;

  probability_.resize(V);
  double total = 0;
  for (std::size_t w = 0; w < V; ++w) total += probability_[w] = std::pow(counts[w], power);
  for (auto& p : probability_) p /= total;
  for (const double c : counts) nonzero_ += c > 0;
  if (sample_size_ + 1 > nonzero_)
    throw std::invalid_argument("UnigramSampler: " + std::to_string(sample_size_) +
                                " distinct negatives besides the target need at least " +
                                std::to_string(sample_size_ + 1) + " distinct words in the corpus, it has " +
                                std::to_string(nonzero_));

  // Vose's alias method: split columns into those below and above the mean, pair them off.
  accept_.assign(V, 0.0);
  alias_.assign(V, 0);
  std::vector<std::size_t> small, large;
  std::vector<double> scaled(V);
  for (std::size_t w = 0; w < V; ++w) {
    scaled[w] = probability_[w] * static_cast<double>(V);
    (scaled[w] < 1.0 ? small : large).push_back(w);
  }
  while (!small.empty() && !large.empty()) {
    const std::size_t s = small.back(), l = large.back();
    small.pop_back();
    accept_[s] = scaled[s];
    alias_[s] = static_cast<std::int32_t>(l);
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (const std::size_t w : large) accept_[w] = 1.0;
  for (const std::size_t w : small) accept_[w] = 1.0;  // rounding leftovers: their mass is ~1
}

std::int32_t UnigramSampler::sample() {
  const std::size_t column = rng_.integer(accept_.size());
  return rng_.uniform() < accept_[column] ? static_cast<std::int32_t>(column) : alias_[column];
}

Ids UnigramSampler::get_negative_sample(const Ids& target) {
  if (target.dimension() != 1)
    throw std::invalid_argument("UnigramSampler: target must be (N,), got shape " + shape_str(target.shape()));
  const std::size_t N = target.shape()[0], S = sample_size_;
  Ids out = Ids::from_shape({N, S});
  for (std::size_t n = 0; n < N; ++n) {
    const std::int32_t t = target(n);
    if (t < 0 || static_cast<std::size_t>(t) >= accept_.size())
      throw std::out_of_range("UnigramSampler: target id " + std::to_string(t) + " at row " + std::to_string(n) +
                              " is out of range for vocabulary size " + std::to_string(accept_.size()));
    std::int32_t* row = &out(n, 0);
    for (std::size_t k = 0; k < S;) {
      const std::int32_t w = sample();
      bool taken = w == t;
      for (std::size_t j = 0; j < k && !taken; ++j) taken = row[j] == w;
      if (!taken) row[k++] = w;
    }
  }
  return out;
}

}  // namespace minidl
