#include <minidl/word2vec/data/skipgram_pairs.hpp>

#include <stdexcept>
#include <string>

namespace minidl {

std::size_t skipgram_positive_pairs(std::size_t n, std::size_t window) {
  std::size_t positives = 0;
  for (std::size_t d = 1; d <= window && d < n; ++d) positives += 2 * (n - d);
  return positives;
}

Dataset skipgram_pairs(const Ids& corpus, std::size_t window, std::size_t negatives, const UnigramSampler& sampler,
                       Rng& rng) {
  if (window == 0) throw std::invalid_argument("skipgram_pairs: window must be at least 1");
  const std::size_t n = corpus.size();
  const std::size_t positives = skipgram_positive_pairs(n, window);
  if (positives == 0)
    throw std::invalid_argument("skipgram_pairs: a corpus of " + std::to_string(n) + " word(s) has no pairs");
  const std::size_t rows = positives * (1 + negatives);
  Ids x = Ids::from_shape({rows, 2});
  Ids t = Ids::from_shape({rows});
  std::size_t r = 0;
  auto put = [&](std::int32_t centre, std::int32_t other, std::int32_t label) {
    x(r, 0) = centre;
    x(r, 1) = other;
    t(r++) = label;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t lo = i >= window ? i - window : 0, hi = std::min(n - 1, i + window);
    for (std::size_t j = lo; j <= hi; ++j) {
      if (j == i) continue;
      put(corpus(i), corpus(j), 1);
      for (std::size_t k = 0; k < negatives; ++k) put(corpus(i), sampler.draw(rng), 0);
    }
  }
  return {x, t};
}

}  // namespace minidl
