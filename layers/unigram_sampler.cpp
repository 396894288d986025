#include <minidl/layers/unigram_sampler.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace minidl {

namespace {

std::vector<double> count_ids(const Ids& corpus) {
  if (corpus.size() == 0) throw std::invalid_argument("UnigramSampler: the corpus is empty");
  std::int32_t max_id = 0;
  for (const auto id : corpus) {
    if (id < 0) throw std::out_of_range("UnigramSampler: negative word id " + std::to_string(id) + " in the corpus");
    max_id = std::max(max_id, id);
  }
  std::vector<double> counts(static_cast<std::size_t>(max_id) + 1, 0.0);
  for (const auto id : corpus) counts[static_cast<std::size_t>(id)] += 1;
  return counts;
}

}  // namespace

UnigramSampler::UnigramSampler(const Ids& corpus, double power, std::size_t sample_size, std::uint64_t seed)
    : sample_size_(sample_size), rng_(seed) {
  build(count_ids(corpus), power);
}

UnigramSampler::UnigramSampler(const std::vector<std::uint64_t>& counts, double power, std::size_t sample_size,
                               std::uint64_t seed)
    : sample_size_(sample_size), rng_(seed) {
  if (counts.empty()) throw std::invalid_argument("UnigramSampler: the vocabulary is empty");
  build(std::vector<double>(counts.begin(), counts.end()), power);
}

void UnigramSampler::build(const std::vector<double>& counts, double power) {
  if (!(power > 0) || !std::isfinite(power))
    throw std::invalid_argument("UnigramSampler: power must be positive, got " + std::to_string(power));
  const std::size_t V = counts.size();
  if (V > 0x7FFFFFFFu) throw std::invalid_argument("UnigramSampler: more than 2^31 - 1 words");
  probability_.resize(V);
  double total = 0;
  std::size_t nonzero = 0;
  for (std::size_t w = 0; w < V; ++w) {
    total += probability_[w] = counts[w] > 0 ? std::pow(counts[w], power) : 0.0;
    nonzero += counts[w] > 0;
  }
  if (sample_size_ + 1 > nonzero)
    throw std::invalid_argument("UnigramSampler: " + std::to_string(sample_size_) +
                                " distinct negatives besides the target need at least " +
                                std::to_string(sample_size_ + 1) + " distinct words in the corpus, it has " +
                                std::to_string(nonzero));
  for (auto& p : probability_) p /= total;

  // Vose's alias method: scale so that the mean is 1, then pair each column below 1 with one above.
  size_ = V;
  table_.assign(V, Column{0, 0});
  std::vector<std::size_t> small, large;
  std::vector<double> scaled(V);
  for (std::size_t w = 0; w < V; ++w) {
    scaled[w] = probability_[w] * static_cast<double>(V);
    (scaled[w] < 1.0 ? small : large).push_back(w);
  }
  while (!small.empty() && !large.empty()) {
    const std::size_t s = small.back(), l = large.back();
    small.pop_back();
    // Rounded to 32 bits; a column that rounds to 2^32 keeps 2^32 - 1 of them (off by 2^-32).
    table_[s] = {static_cast<std::uint32_t>(std::min<long long>(std::llround(scaled[s] * 4294967296.0), 0xFFFFFFFFll)),
                 static_cast<std::int32_t>(l)};
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left is 1 up to rounding: always keep it, but never a word that does not occur.
  std::size_t some_word = 0;
  while (counts[some_word] == 0) ++some_word;
  for (auto* rest : {&small, &large})
    for (const std::size_t w : *rest) {
      // Always this word: its alias is itself too, for the one draw in 2^32 above the threshold.
      table_[w] = {counts[w] > 0 ? 0xFFFFFFFFu : 0u, static_cast<std::int32_t>(counts[w] > 0 ? w : some_word)};
    }
}

Ids UnigramSampler::get_negative_sample(const Ids& target) {
  if (target.dimension() != 1)
    throw std::invalid_argument("UnigramSampler: target must be (N,), got shape " + shape_str(target.shape()));
  const std::size_t N = target.shape()[0], S = sample_size_;
  Ids out = Ids::from_shape({N, S});
  for (std::size_t n = 0; n < N; ++n) {
    const std::int32_t t = target(n);
    if (t < 0 || static_cast<std::size_t>(t) >= size_)
      throw std::out_of_range("UnigramSampler: target id " + std::to_string(t) + " at row " + std::to_string(n) +
                              " is out of range for vocabulary size " + std::to_string(size_));
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
