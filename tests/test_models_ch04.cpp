// Chapter 4's models: NegativeSamplingLoss, CBOW and SkipGram gradient-checked in double with a
// fixed sampler seed, and the book's first-iteration losses.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

#include <filesystem>

#include <minidl/word2vec/data/contexts_target.hpp>
#include <minidl/word2vec/data/ptb.hpp>
#include <minidl/framework/gradient_check.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/layers/embedding_dot.hpp>
#include <minidl/framework/ops/sigmoid_with_loss.hpp>
#include <minidl/models/cbow.hpp>
#include <minidl/models/skip_gram.hpp>

using namespace minidl;

namespace {

// A corpus of 40 tokens over 12 words, made from a seeded generator.
Ids small_corpus(std::size_t n = 40, std::size_t vocab = 12) {
  Rng rng(11);
  Ids c = Ids::from_shape({n});
  for (std::size_t i = 0; i < n; ++i) c(i) = static_cast<std::int32_t>(i < vocab ? i : rng.integer(vocab));
  return c;
}

// Weights of order 1 instead of 0.01, so the gradients are far from zero and a bug shows.
void scale_up(Model& m, Rng& rng) {
  for (auto p : m.parameters()) p.data() = randn(p.shape(), rng) * Scalar(0.5);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(models_ch04)

BOOST_AUTO_TEST_CASE(negative_sampling_loss_gradient_check) {
  Rng rng(1);
  Parameter W(randn({12, 4}, rng), "W_out");
  NegativeSamplingLoss ns(W, small_corpus(), 0.75, 3);
  Variable h(randn({5, 4}, rng), "h");
  const Ids target = {1, 3, 3, 7, 11};
  const Ids negatives = ns.sampler().get_negative_sample(target);
  auto r = gradient_check([&](const Variables& x) { return ns.forward(x[0], target, negatives); }, {h},
                          ns.parameters());
  BOOST_TEST(r.ok, r.report);
}

BOOST_AUTO_TEST_CASE(negative_sampling_loss_equals_the_books_column_loop) {
  // The book: one EmbeddingDot and SigmoidWithLoss per column (target, then each negative), summed.
  Rng rng(8);
  Parameter W(randn({12, 4}, rng), "W_out");
  NegativeSamplingLoss ns(W, small_corpus(), 0.75, 3);
  const Ids target = {2, 5, 9};
  const Ids negatives = ns.sampler().get_negative_sample(target);
  Variable h(randn({3, 4}, rng), "h");

  Variables terms{sigmoid_with_loss(embedding_dot(W, h, target), Ids{1, 1, 1})};
  for (std::size_t k = 0; k < 3; ++k)
    terms.push_back(sigmoid_with_loss(embedding_dot(W, h, Ids(xt::view(negatives, xt::all(), k))), Ids{0, 0, 0}));
  Variable book = sum(terms);
  book.backward();
  const Tensor book_dW = W.grad(), book_dh = h.grad();
  W.clear_grad();
  h.clear_grad();

  Variable ours = ns.forward(h, target, negatives);
  ours.backward();
  BOOST_TEST(ours.data()() == book.data()(), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(xt::amax(xt::abs(W.grad() - book_dW))() < 1e-12);
  BOOST_TEST(xt::amax(xt::abs(h.grad() - book_dh))() < 1e-12);
}

BOOST_AUTO_TEST_CASE(negative_sampling_loss_with_several_targets_per_row_is_the_sum_over_columns) {
  // Skip-gram's form: targets (N, C) with negatives (N, C, S) equal C separate calls, summed.
  Rng rng(12);
  Parameter W(randn({12, 4}, rng), "W_out");
  NegativeSamplingLoss ns(W, small_corpus(), 0.75, 2);
  const Ids targets = {{1, 4, 7}, {2, 2, 11}};
  Ids flat = targets;
  flat.reshape({6});
  Ids negatives = ns.sampler().get_negative_sample(flat);
  negatives.reshape({2, 3, 2});
  Variable h(randn({2, 4}, rng), "h");

  Variables per_column;
  for (std::size_t c = 0; c < 3; ++c)
    per_column.push_back(ns.forward(h, Ids(xt::view(targets, xt::all(), c)), Ids(xt::view(negatives, xt::all(), c, xt::all()))));
  Variable summed = sum(per_column);
  summed.backward();
  const Tensor dW = W.grad(), dh = h.grad();
  W.clear_grad();
  h.clear_grad();
  Variable together = ns.forward(h, targets, negatives);
  together.backward();
  BOOST_TEST(together.data()() == summed.data()(), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(xt::amax(xt::abs(W.grad() - dW))() < 1e-12);
  BOOST_TEST(xt::amax(xt::abs(h.grad() - dh))() < 1e-12);
  // and the sampled form draws negatives that avoid each target
  BOOST_CHECK_THROW(ns.forward(h, targets, Ids::from_shape({2, 2})), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(negative_sampling_loss_values) {
  // h . W[t] = 0 for every word: each of the 1 + 3 terms is ln 2.
  Parameter W(xt::zeros<Scalar>({12, 4}), "W_out");
  NegativeSamplingLoss ns(W, small_corpus(), 0.75, 3);
  Variable h(xt::ones<Scalar>({2, 4}), "h");
  Variable loss = ns.forward(h, Ids{0, 1});
  BOOST_TEST(loss.data()() == 4 * std::log(2.0), boost::test_tools::tolerance(1e-12));
  // One positive with score s = 2 and negatives with score 0: ln(1 + e^-2) + 3 ln 2.
  W.data()(5, 0) = 2;
  Variable loss2 = ns.forward(Variable(Tensor{{1.0, 0, 0, 0}}), Ids{5}, Ids{{1, 2, 3}});
  BOOST_TEST(loss2.data()() == std::log1p(std::exp(-2.0)) + 3 * std::log(2.0), boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(cbow_gradient_check_with_fixed_sampler_seed) {
  const Ids corpus = small_corpus();
  auto [contexts, target] = create_contexts_target(corpus, 2);
  Rng rng(2);
  CBOW model(12, 4, 2, corpus, rng, {0.75, 3, 0});
  scale_up(model, rng);
  auto r = gradient_check(
      [&](const Variables&) {
        model.seed_sampler(9);  // the same negatives on every call
        return model.loss(Ids(xt::view(contexts, xt::range(0, 6), xt::all())), Ids(xt::view(target, xt::range(0, 6))));
      },
      {}, model.parameters());
  BOOST_TEST(r.ok, r.report);
  BOOST_TEST(r.checked == 2u * 12u * 4u);
}

BOOST_AUTO_TEST_CASE(skip_gram_gradient_check_with_fixed_sampler_seed) {
  const Ids corpus = small_corpus();
  auto [contexts, target] = create_contexts_target(corpus, 1);
  Rng rng(3);
  SkipGram model(12, 4, 1, corpus, rng, {0.75, 3, 0});
  scale_up(model, rng);
  auto r = gradient_check(
      [&](const Variables&) {
        model.seed_sampler(9);
        return model.loss(Ids(xt::view(contexts, xt::range(0, 6), xt::all())), Ids(xt::view(target, xt::range(0, 6))));
      },
      {}, model.parameters());
  BOOST_TEST(r.ok, r.report);
}

BOOST_AUTO_TEST_CASE(first_losses_are_the_books) {
  // With 0.01 * randn weights every score is ~0: CBOW's loss is (1 + 5) ln 2 = 4.16; SkipGram
  // with window 5 adds one such loss per context, 10 * 6 ln 2 = 41.59.
  const Ids corpus = small_corpus(400, 50);
  Rng rng(4);
  auto [c1, t1] = create_contexts_target(corpus, 5);
  CBOW cbow(50, 100, 5, corpus, rng);
  BOOST_TEST(cbow.loss(c1, t1).data()() == 6 * std::log(2.0), boost::test_tools::tolerance(2e-3));
  SkipGram sg(50, 100, 5, corpus, rng);
  BOOST_TEST(sg.loss(c1, t1).data()() == 60 * std::log(2.0), boost::test_tools::tolerance(2e-3));
}

BOOST_AUTO_TEST_CASE(ptb_first_losses_and_iterations_are_the_books) {
  const std::string dir = std::string(MINIDL_SHARED_DATA) + "/ptb";
  if (!std::filesystem::exists(dir + "/ptb.train.txt")) {
    BOOST_TEST_MESSAGE("skipped: no PTB copy at " << dir);
    return;
  }
  PtbOptions o;
  o.data_dir = dir;
  const Corpus c = load_ptb("train", o);
  auto [contexts, target] = create_contexts_target(c.corpus, 5);
  BOOST_TEST(contexts.shape()[0] == 929589u - 10u);
  BOOST_TEST(contexts.shape()[0] / 100 == 9295u);  // "iter 1 / 9295" at batch 100
  const Ids batch_c = xt::view(contexts, xt::range(0, 100), xt::all());
  const Ids batch_t = xt::view(target, xt::range(0, 100));
  Rng rng(0);
  CBOW cbow(10000, 100, 5, c.corpus, rng);
  BOOST_TEST(cbow.loss(batch_c, batch_t).data()() == 6 * std::log(2.0), boost::test_tools::tolerance(1e-3));
  SkipGram sg(10000, 100, 5, c.corpus, rng);
  BOOST_TEST(sg.loss(batch_c, batch_t).data()() == 60 * std::log(2.0), boost::test_tools::tolerance(1e-3));
}

BOOST_AUTO_TEST_CASE(parameters_are_w_in_and_w_out_once) {
  const Ids corpus = small_corpus();
  Rng rng(5);
  SkipGram sg(12, 4, 2, corpus, rng);
  const auto params = sg.parameters();
  BOOST_REQUIRE_EQUAL(params.size(), 2u);  // W_out is shared with the loss layer, listed once
  BOOST_TEST(params[0].name() == "W_in");
  BOOST_TEST(params[1].name() == "W_out");
  BOOST_TEST(shape_str(sg.W_out.shape()) == "(12, 4)");
}

BOOST_AUTO_TEST_CASE(wrong_context_width_is_rejected) {
  const Ids corpus = small_corpus();
  Rng rng(6);
  CBOW cbow(12, 4, 2, corpus, rng);
  auto [contexts, target] = create_contexts_target(corpus, 1);
  BOOST_CHECK_THROW(cbow.loss(contexts, target), std::invalid_argument);
  auto [c2, t2] = create_contexts_target(corpus, 2);
  c2(0, 0) = 12;
  BOOST_CHECK_THROW(cbow.loss(c2, t2), std::out_of_range);
}

BOOST_AUTO_TEST_SUITE_END()
