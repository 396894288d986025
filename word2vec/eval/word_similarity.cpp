#include <minidl/word2vec/eval/word_similarity.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <numeric>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include <xtensor/xview.hpp>

#include <minidl/word2vec/eval/similarity.hpp>

namespace minidl {
namespace {

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// Ranks 1..n, ties sharing the average of the ranks they span.
std::vector<double> average_ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> rank(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double mean_rank = (double(i) + double(j)) / 2 + 1;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = mean_rank;
    i = j + 1;
  }
  return rank;
}

}  // namespace

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size())
    throw std::invalid_argument("spearman: " + std::to_string(x.size()) + " values against " +
                                std::to_string(y.size()));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (x.size() < 2) return nan;
  const std::vector<double> rx = average_ranks(x), ry = average_ranks(y);
  const double mean = (double(x.size()) + 1) / 2;  // the mean of any average ranking of n items
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (sxx == 0 || syy == 0) return nan;
  return sxy / std::sqrt(sxx * syy);
}

WordSimilarityResult word_similarity(const std::string& path, const WordVectors& word_vectors, bool lower_case) {
  if (std::filesystem::is_directory(path))
    throw std::runtime_error("word similarity: " + path + " is a directory, not a file");
  std::ifstream in(path);
  if (!in) throw std::runtime_error("word similarity: cannot open " + path);
  std::vector<double> human, model;
  std::size_t total = 0;
  std::string line;
  for (std::size_t line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string field; fields >> field;) f.push_back(field);  // >> splits on tabs and spaces
    if (f.empty() || f[0][0] == '#') continue;
    const auto where = [&] { return "word similarity " + path + ":" + std::to_string(line_no) + ": "; };
    if (f.size() != 3)
      throw std::runtime_error(where() + "expected 'word1 word2 score', got " + std::to_string(f.size()) +
                               " fields in '" + line + "'");
    char* end = nullptr;
    const double score = std::strtod(f[2].c_str(), &end);
    if (end == f[2].c_str() || *end != '\0' || !std::isfinite(score))
      throw std::runtime_error(where() + "the score '" + f[2] + "' is not a number");
    ++total;
    if (lower_case) f[0] = lower(std::move(f[0])), f[1] = lower(std::move(f[1]));
    const auto i = word_vectors.word_to_id.find(f[0]);
    const auto j = word_vectors.word_to_id.find(f[1]);
    if (i == word_vectors.word_to_id.end() || j == word_vectors.word_to_id.end()) continue;
    human.push_back(score);
    const Tensor x = xt::view(word_vectors.vectors, i->second, xt::all());
    const Tensor y = xt::view(word_vectors.vectors, j->second, xt::all());
    model.push_back(cos_similarity(x, y));
  }
  if (in.bad()) throw std::runtime_error("word similarity: error while reading " + path);
  return {path, spearman(human, model), human.size(), total};
}

void print_word_similarity(std::ostream& out, const WordSimilarityResult& result) {
  const std::ios_base::fmtflags flags = out.flags();
  const std::streamsize precision = out.precision();
  out << result.path << ": spearman " << std::fixed << std::setprecision(4) << result.spearman << " over "
      << result.covered << " of " << result.total << " pairs";
  if (result.total) out << " (" << std::setprecision(2) << 100.0 * double(result.covered) / double(result.total) << " %)";
  out << '\n';
  out.flags(flags);
  out.precision(precision);
}

}  // namespace minidl
