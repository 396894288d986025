// word2vec/post: all-but-the-top and subword pooling, each against a plain re-computation of its
// definition (the header's formulas), and the edge cases a user meets: a word that shares no
// n-gram, UTF-8 words, sizes that do not fit.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <minidl/framework/random.hpp>
#include <minidl/word2vec/post/all_but_the_top.hpp>
#include <minidl/word2vec/post/subword_pooling.hpp>

using namespace minidl;

BOOST_AUTO_TEST_SUITE(post_processing)

// A shared offset and one strong common direction are planted; afterwards the mean is 0 and no row
// has any component left along the removed direction, while a direction orthogonal to it survives.
BOOST_AUTO_TEST_CASE(all_but_the_top_removes_the_mean_and_the_top_direction) {
  Rng rng(3);
  const std::size_t V = 200, d = 6;
  Tensor X = randn({V, d}, rng);
  for (std::size_t i = 0; i < V; ++i) {
    const double big = 20 * rng.normal();
    X(i, 0) += static_cast<Scalar>(5 + big);  // offset, and the top direction (1, 1, 0, ...) / sqrt 2
    X(i, 1) += static_cast<Scalar>(5 + big);
  }
  const Tensor Y = all_but_the_top(X, 1);
  for (std::size_t j = 0; j < d; ++j) {
    double mean = 0;
    for (std::size_t i = 0; i < V; ++i) mean += Y(i, j);
    BOOST_CHECK_SMALL(mean / V, 1e-4);
  }
  double along = 0, across = 0;
  for (std::size_t i = 0; i < V; ++i) {
    along += std::abs(double(Y(i, 0)) + Y(i, 1));  // the removed direction (up to 1/sqrt 2)
    across += std::abs(double(Y(i, 0)) - Y(i, 1));
  }
  BOOST_CHECK_LT(along / V, 0.3);     // the planted direction (spread 20 * sqrt 2) is gone but for noise
  BOOST_CHECK_GT(across / V, 0.5);    // the noise across it is left
  // 0 directions: centred only.
  const Tensor C = all_but_the_top(X, 0);
  BOOST_CHECK_CLOSE(double(C(3, 2)) + 100, double(X(3, 2)) + 100 - [&] {
    double m = 0;
    for (std::size_t i = 0; i < V; ++i) m += X(i, 2);
    return m / V;
  }(), 1e-4);
  BOOST_CHECK_THROW(all_but_the_top(X, d), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(char_ngrams_are_whole_characters_between_boundary_marks) {
  const std::vector<std::string> cat = char_ngrams("cat", 3, 4);
  BOOST_CHECK((std::set<std::string>(cat.begin(), cat.end()) ==
               std::set<std::string>{"<ca", "cat", "at>", "<cat", "cat>"}));
  // "é" is two bytes; "<é>" is three characters, so one 3-gram, and nothing splits the bytes.
  const std::vector<std::string> e = char_ngrams("\xc3\xa9", 3, 6);
  BOOST_REQUIRE_EQUAL(e.size(), 1u);
  BOOST_CHECK_EQUAL(e[0], "<\xc3\xa9>");
  BOOST_CHECK(char_ngrams("a", 4, 6).empty());  // "<a>" is shorter than 4
  const std::vector<std::string> aaaa = char_ngrams("aaaa", 3, 3);
  BOOST_CHECK_EQUAL(aaaa.size(), 3u);  // <aa, aaa, aa> : "aaa" counted once
}

// p(w) recomputed from the definition with ordered maps: n-gram means over the words holding it,
// n-grams of one word skipped, then the mean over the word's n-grams.
BOOST_AUTO_TEST_CASE(subword_pooled_follows_its_definition) {
  const std::vector<std::string> words = {"walk", "walked", "talked", "talk", "zzz", "walking"};
  Rng rng(11);
  const Tensor X = randn({words.size(), std::size_t(4)}, rng);
  const Tensor P = subword_pooled(X, words);
  std::map<std::string, std::vector<std::size_t>> holders;
  for (std::size_t w = 0; w < words.size(); ++w)
    for (const auto& g : char_ngrams(words[w], 3, 6)) holders[g].push_back(w);
  const auto unit = [&](std::size_t w, std::size_t j) {
    double n = 0;
    for (std::size_t k = 0; k < 4; ++k) n += double(X(w, k)) * X(w, k);
    return X(w, j) / std::sqrt(n);
  };
  for (std::size_t w = 0; w < words.size(); ++w) {
    std::vector<double> want(4, 0.0);
    std::size_t shared = 0;
    for (const auto& g : char_ngrams(words[w], 3, 6)) {
      const auto& h = holders[g];
      if (h.size() < 2) continue;
      ++shared;
      for (std::size_t j = 0; j < 4; ++j) {
        double m = 0;
        for (std::size_t v : h) m += unit(v, j);
        want[j] += m / double(h.size());
      }
    }
    for (std::size_t j = 0; j < 4; ++j)
      BOOST_CHECK_SMALL(double(P(w, j)) - (shared ? want[j] / double(shared) : 0.0), 1e-5);
    if (words[w] == "zzz") BOOST_CHECK_EQUAL(shared, 0u);  // no relative: a zero row
  }
  BOOST_CHECK_THROW(subword_pooled(X, {"a", "b"}), std::invalid_argument);
  SubwordOptions bad;
  bad.min_n = 4;
  bad.max_n = 3;
  BOOST_CHECK_THROW(subword_pooled(X, words, bad), std::invalid_argument);
}

// [unit(x), unit(p)]: rows of length sqrt 2 (or 1 where p is 0), twice as wide.
BOOST_AUTO_TEST_CASE(with_subwords_puts_two_unit_halves_side_by_side) {
  const std::vector<std::string> words = {"walk", "walked", "zzz"};
  Rng rng(2);
  const Tensor X = randn({std::size_t(3), std::size_t(5)}, rng);
  const Tensor Y = with_subwords(X, words);
  BOOST_REQUIRE_EQUAL(shape_str(Y.shape()), "(3, 10)");
  for (std::size_t w = 0; w < 3; ++w) {
    double first = 0, second = 0;
    for (std::size_t j = 0; j < 5; ++j) {
      first += double(Y(w, j)) * Y(w, j);
      second += double(Y(w, 5 + j)) * Y(w, 5 + j);
    }
    BOOST_CHECK_CLOSE(first, 1.0, 1e-3);
    if (words[w] == "zzz") BOOST_CHECK_SMALL(second, 1e-12);
    else BOOST_CHECK_CLOSE(second, 1.0, 1e-3);
  }
}

BOOST_AUTO_TEST_SUITE_END()
