// The general layers (Linear, MLP) and the pair-classifier framing of Skip-gram (skipgram_pairs,
// SGNSPairs), in double: forward values against the operations written out, gradient checks of
// every Parameter (default GradCheckOptions: eps 1e-6, atol 1e-6, rtol 1e-6, as
// framework/gradient_check.hpp explains), and SGNSPairs against the chapter's NegativeSamplingLoss.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <minidl/framework/gradient_check.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/layers/embedding.hpp>
#include <minidl/layers/linear.hpp>
#include <minidl/layers/mlp.hpp>
#include <minidl/layers/negative_sampling_loss.hpp>
#include <minidl/models/sgns_pairs.hpp>
#include <minidl/word2vec/data/skipgram_pairs.hpp>

#include "gradient_helpers.hpp"
#include "tensor_helpers.hpp"

using namespace minidl;

namespace {

using test::check_close;
using test::check_gradients;
using test::rand_var;

// Weights of order 1 instead of 0.01, so that gradients are far from zero and a bug shows.
void scale_up(const Parameters& ps, Rng& rng) {
  for (auto p : ps) p.data() = randn(p.shape(), rng) * 0.5;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(general_models)

BOOST_AUTO_TEST_CASE(linear_initialises_as_the_book) {
  Rng rng(1);
  Linear fc(200, 50, rng);
  BOOST_TEST(fc.parameters().size() == 2u);
  BOOST_TEST(fc.b.data() == xt::zeros<Scalar>({50}));
  double sq = 0;
  for (const Scalar w : fc.W.data()) sq += w * w;
  const double sd = std::sqrt(sq / double(fc.W.size()));
  BOOST_TEST(std::abs(sd - 0.01) < 0.0005);  // 10,000 draws: the standard deviation is 0.01 within 5 %
  Linear scaled(4, 3, rng, 1.0, /*bias=*/false);
  BOOST_TEST(scaled.parameters().size() == 1u);
  BOOST_TEST(!scaled.b.defined());
  BOOST_CHECK_THROW(Linear(0, 3, rng), std::invalid_argument);
  BOOST_CHECK_THROW(Linear(3, 0, rng), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(linear_forward_and_gradient_check) {
  Rng rng(2);
  Linear fc(4, 3, rng);
  scale_up(fc.parameters(), rng);
  Variable x(randn({5, 4}, rng), "x");
  check_close(fc(x).data(), (matmul(x, fc.W) + fc.b).data());
  check_gradients([&](const Variables& in) { return fc(in[0]); }, {x}, fc.parameters(), 20 + 12 + 3);
  Linear no_bias(4, 3, rng, 1.0, false);
  check_close(no_bias(x).data(), matmul(x, no_bias.W).data());
  check_gradients([&](const Variables& in) { return no_bias(in[0]); }, {x}, no_bias.parameters(), 20 + 12);
}

BOOST_AUTO_TEST_CASE(mlp_is_linear_layers_with_the_activation_between) {
  Rng rng(3);
  MLP mlp({2, 4, 3}, rng);
  BOOST_TEST(mlp.layers.size() == 2u);
  BOOST_TEST(mlp.parameters().size() == 4u);
  scale_up(mlp.parameters(), rng);
  Variable x(randn({6, 2}, rng), "x");
  const Variable by_hand = mlp.layers[1](sigmoid(mlp.layers[0](x)));
  check_close(mlp(x).data(), by_hand.data());
  check_gradients([&](const Variables& in) { return mlp(in[0]); }, {x}, mlp.parameters(), 12 + 8 + 4 + 12 + 3);

  MLP deep({3, 5, 5, 2}, rng, [](const Variable& v) { return minidl::tanh(v); }, 0.5);
  BOOST_TEST(deep.layers.size() == 3u);
  Variable x3(randn({4, 3}, rng), "x");
  check_close(deep(x3).data(), deep.layers[2](minidl::tanh(deep.layers[1](minidl::tanh(deep.layers[0](x3))))).data());
  check_gradients([&](const Variables& in) { return deep(in[0]); }, {x3}, deep.parameters(),
                  12 + 15 + 5 + 25 + 5 + 10 + 2);
  BOOST_CHECK_THROW(MLP({3}, rng), std::invalid_argument);
  BOOST_CHECK_THROW(MLP({3, 2}, rng, MLP::Activation{}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(skipgram_pairs_are_every_pair_in_the_window_with_k_negatives) {
  Ids corpus = {0, 1, 2, 3};
  UnigramSampler sampler(corpus, 0.75, 2);
  Rng rng(4);
  const Dataset d = skipgram_pairs(corpus, 1, 2, sampler, rng);
  // window 1 over 4 words: 3 neighbouring pairs, each both ways; each positive with 2 negatives
  BOOST_TEST(d.size() == 6u * 3u);
  const Ids& x = d.x.ids();
  const Ids& t = d.t.ids();
  const std::vector<std::pair<int, int>> positives = {{0, 1}, {1, 0}, {1, 2}, {2, 1}, {2, 3}, {3, 2}};
  for (std::size_t p = 0; p < positives.size(); ++p) {
    const std::size_t r = p * 3;
    BOOST_TEST(x(r, 0) == positives[p].first);
    BOOST_TEST(x(r, 1) == positives[p].second);
    BOOST_TEST(t(r) == 1);
    for (std::size_t k = 1; k <= 2; ++k) {
      BOOST_TEST(x(r + k, 0) == positives[p].first);  // the same centre
      BOOST_TEST(x(r + k, 1) >= 0);
      BOOST_TEST(x(r + k, 1) < 4);
      BOOST_TEST(t(r + k) == 0);
    }
  }
  // window 2 adds the pairs two apart: 2 more each way
  BOOST_TEST(skipgram_pairs(corpus, 2, 0, sampler, rng).size() == 10u);
  BOOST_CHECK_THROW(skipgram_pairs(corpus, 0, 2, sampler, rng), std::invalid_argument);
  BOOST_CHECK_THROW(skipgram_pairs(Ids{3}, 2, 2, sampler, rng), std::invalid_argument);
}

// The pairs' loss is the chapter's NegativeSamplingLoss over the same (target, negatives) divided by
// 1 + k, so every gradient is too: the same model, two framings.
BOOST_AUTO_TEST_CASE(sgns_pairs_has_the_gradients_of_negative_sampling_loss) {
  const std::size_t V = 12, H = 4, N = 5, k = 3;
  Rng rng(5);
  SGNSPairs pairs_model(V, H, rng);
  scale_up(pairs_model.parameters(), rng);
  Ids centre = Ids::from_shape({N}), target = Ids::from_shape({N}), negatives = Ids::from_shape({N, k});
  for (auto& v : centre) v = static_cast<std::int32_t>(rng.integer(V));
  for (auto& v : target) v = static_cast<std::int32_t>(rng.integer(V));
  for (auto& v : negatives) v = static_cast<std::int32_t>(rng.integer(V));

  Ids x = Ids::from_shape({N * (1 + k), 2}), t = Ids::from_shape({N * (1 + k)});
  for (std::size_t n = 0, r = 0; n < N; ++n) {
    x(r, 0) = centre(n), x(r, 1) = target(n), t(r++) = 1;
    for (std::size_t j = 0; j < k; ++j) x(r, 0) = centre(n), x(r, 1) = negatives(n, j), t(r++) = 0;
  }
  Variable pairs_loss = pairs_model.loss(x, t);
  pairs_loss.backward();

  // The chapter's way, on copies of the same weights.
  Parameter W_in(pairs_model.W_in.data(), "W_in"), W_out(pairs_model.W_out.data(), "W_out");
  NegativeSamplingLoss ns(W_out, Ids{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0.75, k);
  Variable book_loss = ns.forward(embedding(W_in, centre), target, negatives);
  book_loss.backward();

  const double f = 1 + k;
  BOOST_TEST(book_loss.data()() == f * pairs_loss.data()(), boost::test_tools::tolerance(1e-12));
  check_close(W_in.grad(), pairs_model.W_in.grad() * f);
  check_close(W_out.grad(), pairs_model.W_out.grad() * f);
}

BOOST_AUTO_TEST_CASE(sgns_pairs_gradient_check_and_bad_pairs) {
  Rng rng(6);
  SGNSPairs model(7, 3, rng);
  scale_up(model.parameters(), rng);
  Ids x = {{0, 1}, {2, 2}, {6, 0}, {0, 3}};
  Ids t = {1, 0, 1, 0};
  check_gradients([&](const Variables&) { return model.loss(x, t); }, {}, model.parameters(),
                  // only the rows the pairs touch have non-zero gradients, but every element is checked
                  2 * 7 * 3);
  BOOST_CHECK_THROW(model.loss(Ids{0, 1}, Ids{1}), std::invalid_argument);
  BOOST_CHECK_THROW(model.loss(Ids{{0, 9}}, Ids{1}), std::out_of_range);
  BOOST_CHECK_THROW(model.loss(Ids{{0, 1}}, Ids{2}), std::out_of_range);
}

BOOST_AUTO_TEST_SUITE_END()
