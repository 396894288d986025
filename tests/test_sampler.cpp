// UnigramSampler: draws follow count^0.75 / sum, a row never holds its target or a repeat, seeded.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <set>

#include <minidl/layers/unigram_sampler.hpp>

using namespace minidl;

BOOST_AUTO_TEST_SUITE(unigram_sampler)

BOOST_AUTO_TEST_CASE(probabilities_are_unigram_to_the_power) {
  // counts: word 0 x8, word 1 x1, word 2 x0 (absent), word 3 x27
  Ids corpus = Ids::from_shape({36});
  std::size_t i = 0;
  for (int k = 0; k < 8; ++k) corpus(i++) = 0;
  corpus(i++) = 1;
  for (int k = 0; k < 27; ++k) corpus(i++) = 3;
  UnigramSampler sampler(corpus, 1.0 / 3.0, 1);
  // count^(1/3): 2, 1, 0, 3 -> /6
  const auto& p = sampler.probability();
  BOOST_REQUIRE_EQUAL(p.size(), 4u);
  BOOST_TEST(p[0] == 2.0 / 6, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(p[1] == 1.0 / 6, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(p[2] == 0.0);
  BOOST_TEST(p[3] == 3.0 / 6, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(draw_frequencies_match_within_four_sigma) {
  // A skewed corpus of 20 words: word w occurs (w + 1)^2 times.
  std::vector<std::int32_t> ids;
  for (int w = 0; w < 20; ++w)
    for (int k = 0; k < (w + 1) * (w + 1); ++k) ids.push_back(w);
  Ids corpus = Ids::from_shape({ids.size()});
  std::copy(ids.begin(), ids.end(), corpus.begin());
  UnigramSampler sampler(corpus, 0.75, 5, /*seed=*/42);

  double total = 0;
  std::vector<double> want(20);
  for (int w = 0; w < 20; ++w) total += want[w] = std::pow((w + 1) * (w + 1), 0.75);
  const int draws = 400000;
  std::vector<int> hits(20, 0);
  for (int d = 0; d < draws; ++d) ++hits[sampler.sample()];
  // Each frequency is binomial: 4 standard deviations, so 20 words all pass by chance with
  // probability > 99.8%; the seed is fixed anyway, and a wrong table is off by far more.
  for (int w = 0; w < 20; ++w) {
    const double p = want[w] / total, f = static_cast<double>(hits[w]) / draws;
    const double sigma = std::sqrt(p * (1 - p) / draws);
    BOOST_TEST(std::abs(f - p) <= 4 * sigma, "word " << w << ": frequency " << f << ", expected " << p);
  }
}

BOOST_AUTO_TEST_CASE(negatives_exclude_the_target_and_do_not_repeat) {
  Ids corpus = {0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 1, 1, 2};
  UnigramSampler sampler(corpus, 0.75, 5, 7);
  Ids target = Ids::from_shape({300});
  for (std::size_t n = 0; n < 300; ++n) target(n) = static_cast<std::int32_t>(n % 7);
  Ids neg = sampler.get_negative_sample(target);
  BOOST_REQUIRE_EQUAL(shape_str(neg.shape()), "(300, 5)");
  for (std::size_t n = 0; n < 300; ++n) {
    std::set<std::int32_t> row;
    for (std::size_t k = 0; k < 5; ++k) {
      BOOST_TEST(neg(n, k) != target(n));
      BOOST_TEST((neg(n, k) >= 0 && neg(n, k) < 7));
      row.insert(neg(n, k));
    }
    BOOST_TEST(row.size() == 5u);
  }
}

BOOST_AUTO_TEST_CASE(same_seed_same_samples) {
  Ids corpus = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 1};
  Ids target = {0, 1, 2, 3};
  UnigramSampler a(corpus, 0.75, 3, 5), b(corpus, 0.75, 3, 5), c(corpus, 0.75, 3, 6);
  const Ids na = a.get_negative_sample(target), nb = b.get_negative_sample(target), nc = c.get_negative_sample(target);
  BOOST_TEST((na == nb));
  BOOST_TEST(!(na == nc));
  a.seed(5);
  BOOST_TEST((a.get_negative_sample(target) == nb));
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected) {
  BOOST_CHECK_THROW(UnigramSampler(Ids::from_shape({0})), std::invalid_argument);
  BOOST_CHECK_THROW(UnigramSampler(Ids{0, -1}), std::out_of_range);
  // 5 distinct negatives besides the target need 6 distinct words
  BOOST_CHECK_THROW(UnigramSampler(Ids{0, 1, 2, 3, 4}, 0.75, 5), std::invalid_argument);
  UnigramSampler s(Ids{0, 1, 2, 3, 4, 5}, 0.75, 5);
  BOOST_CHECK_THROW(s.get_negative_sample(Ids{6}), std::out_of_range);
  BOOST_CHECK_THROW(s.get_negative_sample(Ids{{1, 2}}), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
