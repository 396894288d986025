#include <minidl/word2vec/data/zipf_corpus.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/framework/random.hpp>

namespace minidl {

ZipfCorpusSummary write_zipf_corpus(const std::string& path, const ZipfCorpusOptions& o) {
  if (o.tokens == 0 || o.vocab == 0 || o.sentence_length == 0)
    throw std::invalid_argument("zipf corpus: tokens, vocabulary and sentence length must be at least 1");
  if (!std::isfinite(o.exponent) || o.exponent < 0)
    throw std::invalid_argument("zipf corpus: the exponent must be a finite number >= 0, got " +
                                std::to_string(o.exponent));
  // The cumulative distribution over the ranks; a draw is a binary search in it (about 20 steps at
  // 10^6 ranks: seconds for 10^8 draws, which writing the 700 MB file dwarfs).
  std::vector<double> cdf(o.vocab);
  double total = 0;
  for (std::size_t r = 0; r < o.vocab; ++r) cdf[r] = total += std::pow(double(r + 1), -o.exponent);
  for (double& c : cdf) c /= total;
  cdf.back() = 1.0;

  ZipfCorpusSummary summary;
  std::vector<bool> seen(o.vocab, false);
  Rng rng(o.seed);
  write_file_atomic(path, [&](std::ostream& out) {
    std::string line;
    for (std::uint64_t i = 0; i < o.tokens; ++i) {
      const double u = rng.uniform();
      const auto rank = static_cast<std::size_t>(std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
      const std::size_t r = rank < o.vocab ? rank : o.vocab - 1;
      if (!seen[r]) seen[r] = true, ++summary.distinct;
      const bool last = (i + 1) % o.sentence_length == 0 || i + 1 == o.tokens;
      line += 'w';
      line += std::to_string(r);
      line += last ? '\n' : ' ';
      if (line.size() > (1 << 16) || i + 1 == o.tokens) {
        out << line;
        summary.bytes += line.size();
        line.clear();
      }
    }
  });
  summary.tokens = o.tokens;
  return summary;
}

}  // namespace minidl
