#include <minidl/word2vec/post/subword_pooling.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <minidl/word2vec/eval/similarity.hpp>

namespace minidl {

std::vector<std::string> char_ngrams(const std::string& word, std::size_t min_n, std::size_t max_n) {
  const std::string s = "<" + word + ">";
  std::vector<std::size_t> starts;  // byte offsets where a UTF-8 character starts, then the end
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  const std::size_t chars = starts.size();
  starts.push_back(s.size());
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < chars; ++i)
    for (std::size_t n = min_n; n <= max_n && i + n <= chars; ++n) {
      std::string g = s.substr(starts[i], starts[i + n] - starts[i]);
      if (seen.insert(g).second) out.push_back(std::move(g));
    }
  return out;
}

namespace {

void check_args(const Tensor& X, const std::vector<std::string>& words, const SubwordOptions& o) {
  if (X.dimension() != 2 || X.shape()[0] != words.size())
    throw std::invalid_argument("subword_pooled: " + std::to_string(words.size()) + " words for vectors of shape " +
                                shape_str(X.shape()));
  if (o.min_n == 0 || o.min_n > o.max_n)
    throw std::invalid_argument("subword_pooled: n-gram lengths " + std::to_string(o.min_n) + " to " +
                                std::to_string(o.max_n) + " are not a range of at least 1");
}

// p(w) from the unit rows already computed (with_subwords needs them for its first half too).
Tensor pool(const Tensor& unit, const std::vector<std::string>& words, const SubwordOptions& o) {
  const std::size_t V = words.size(), d = unit.shape()[1];
  // Each word's n-grams as indices into one table of n-gram sums (double: thousands of rows add up).
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::vector<std::size_t>> grams_of(V);
  for (std::size_t w = 0; w < V; ++w)
    for (std::string& g : char_ngrams(words[w], o.min_n, o.max_n)) {
      const auto it = index.emplace(std::move(g), index.size()).first;
      grams_of[w].push_back(it->second);
    }
  std::vector<double> sum(index.size() * d, 0.0);
  std::vector<std::size_t> count(index.size(), 0);
  for (std::size_t w = 0; w < V; ++w)
    for (std::size_t g : grams_of[w]) {
      ++count[g];
      for (std::size_t j = 0; j < d; ++j) sum[g * d + j] += unit(w, j);
    }
  Tensor P = xt::zeros<Scalar>({V, d});
  std::vector<double> p(d);
  for (std::size_t w = 0; w < V; ++w) {
    std::fill(p.begin(), p.end(), 0.0);
    std::size_t shared = 0;
    for (std::size_t g : grams_of[w]) {
      if (count[g] < 2) continue;
      ++shared;
      for (std::size_t j = 0; j < d; ++j) p[j] += sum[g * d + j] / double(count[g]);
    }
    for (std::size_t j = 0; j < d && shared > 0; ++j) P(w, j) = static_cast<Scalar>(p[j] / double(shared));
  }
  return P;
}

}  // namespace

Tensor subword_pooled(const Tensor& X, const std::vector<std::string>& words, const SubwordOptions& o) {
  check_args(X, words, o);
  return pool(normalize_rows(X), words, o);
}

Tensor with_subwords(const Tensor& X, const std::vector<std::string>& words, const SubwordOptions& o) {
  check_args(X, words, o);
  const Tensor own = normalize_rows(X), pooled = normalize_rows(pool(own, words, o));
  const std::size_t V = own.shape()[0], d = own.shape()[1];
  Tensor out = xt::zeros<Scalar>({V, 2 * d});
  for (std::size_t i = 0; i < V; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      out(i, j) = own(i, j);
      out(i, d + j) = pooled(i, j);
    }
  return out;
}

}  // namespace minidl
