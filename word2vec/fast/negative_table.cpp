#include <minidl/word2vec/fast/negative_table.hpp>

#include <cmath>
#include <stdexcept>

namespace minidl {

NegativeTable::NegativeTable(const std::vector<std::uint64_t>& counts, double power)
    : size_(counts.size()), accept_(counts.size()), alias_(counts.size()) {
  std::vector<double> p(counts.size());
  double total = 0;
  for (std::size_t w = 0; w < counts.size(); ++w) total += p[w] = counts[w] ? std::pow(double(counts[w]), power) : 0.0;
  if (!(total > 0)) throw std::invalid_argument("NegativeTable: every word count is zero (empty corpus?)");
  // Vose: scale so that the mean is 1, then pair each column below 1 with one above.
  std::vector<std::size_t> small, large;
  for (std::size_t w = 0; w < p.size(); ++w) {
    p[w] *= double(p.size()) / total;
    (p[w] < 1 ? small : large).push_back(w);
  }
  while (!small.empty() && !large.empty()) {
    const std::size_t s = small.back(), l = large.back();
    small.pop_back();
    accept_[s] = static_cast<std::uint64_t>(std::llround(p[s] * 4294967296.0));
    alias_[s] = static_cast<std::int32_t>(l);
    p[l] -= 1 - p[s];
    if (p[l] < 1) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left is 1 up to rounding: always keep it (but never a word that does not occur).
  std::size_t some_word = 0;
  while (counts[some_word] == 0) ++some_word;
  for (auto* rest : {&small, &large})
    for (const std::size_t w : *rest) {
      accept_[w] = counts[w] ? 4294967296ull : 0;
      alias_[w] = static_cast<std::int32_t>(counts[w] ? w : some_word);
    }
}

double NegativeTable::probability(std::size_t w) const {
  double p = double(accept_.at(w)) / 4294967296.0;
  for (std::size_t c = 0; c < size_; ++c)
    if (c != w && alias_[c] == static_cast<std::int32_t>(w)) p += 1 - double(accept_[c]) / 4294967296.0;
  return p / double(size_);
}

}  // namespace minidl
