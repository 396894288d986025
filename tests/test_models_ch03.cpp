// SimpleCBOW and SimpleSkipGram: the chapter's hand-written backward equals the engine's, both
// pass a gradient check in double, and the first losses are the book's.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <minidl/word2vec/data/contexts_target.hpp>
#include <minidl/framework/one_hot.hpp>
#include <minidl/word2vec/data/preprocess.hpp>
#include <minidl/framework/gradient_check.hpp>
#include <minidl/models/simple_cbow.hpp>
#include <minidl/models/simple_skip_gram.hpp>

using namespace minidl;

namespace {

struct Toy {
  Corpus p = preprocess("You say goodbye and I say hello.");
  ContextsTarget ct = create_contexts_target(p.corpus, 1);
  std::size_t V = p.id_to_word.size();
};

// Runs the model's hand-written forward/backward, then the engine's, from equal weights, and
// compares loss and gradients. They are the same arithmetic, so they agree to rounding.
template <class M>
void hand_equals_engine(std::uint64_t seed, double expected_first_loss) {
  Toy toy;
  Rng rng(seed);
  M model(toy.V, 5, rng);

  const Scalar hand_loss =
      model.forward(convert_one_hot(toy.ct.contexts, toy.V), convert_one_hot(toy.ct.target, toy.V));
  model.backward();
  const Tensor hand_dW_in = model.W_in.grad(), hand_dW_out = model.W_out.grad();
  model.zero_grad();

  Variable loss = model.loss(toy.ct.contexts, toy.ct.target);
  loss.backward();
  BOOST_TEST(std::abs(hand_loss - loss.data()()) < 1e-12);
  BOOST_TEST(xt::amax(xt::abs(hand_dW_in - model.W_in.grad()))() < 1e-12);
  BOOST_TEST(xt::amax(xt::abs(hand_dW_out - model.W_out.grad()))() < 1e-12);
  // Weights of 0.01 * randn give near-uniform scores: the loss is about ln V per prediction.
  BOOST_TEST(std::abs(loss.data()() - expected_first_loss) < 0.01);
}

template <class M>
void gradient_check_model() {
  Toy toy;
  Rng rng(3);
  M model(toy.V, 4, rng);
  // Larger weights than the book's 0.01 so that the gradients are far from zero and a bug shows.
  for (auto p : model.parameters()) p.data() = randn(p.shape(), rng);
  auto r = gradient_check([&](const Variables&) { return model.loss(toy.ct.contexts, toy.ct.target); }, {},
                          model.parameters());
  BOOST_TEST(r.ok, r.report);
  BOOST_TEST(r.checked == 2u * toy.V * 4u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(models_ch03)

BOOST_AUTO_TEST_CASE(simple_cbow_hand_backward_equals_engine) { hand_equals_engine<SimpleCBOW>(1, std::log(7.0)); }
BOOST_AUTO_TEST_CASE(simple_skip_gram_hand_backward_equals_engine) {
  hand_equals_engine<SimpleSkipGram>(2, 2 * std::log(7.0));
}
BOOST_AUTO_TEST_CASE(simple_cbow_gradient_check) { gradient_check_model<SimpleCBOW>(); }
BOOST_AUTO_TEST_CASE(simple_skip_gram_gradient_check) { gradient_check_model<SimpleSkipGram>(); }

BOOST_AUTO_TEST_CASE(word_vecs_is_w_in_and_w_in_is_shared) {
  Toy toy;
  Rng rng(0);
  SimpleCBOW model(toy.V, 5, rng);
  BOOST_TEST(model.parameters().size() == 2u);
  BOOST_TEST((model.word_vecs() == model.W_in.data()));
  BOOST_TEST(shape_str(model.word_vecs().shape()) == "(7, 5)");
}

BOOST_AUTO_TEST_CASE(bad_batches_are_rejected) {
  Toy toy;
  Rng rng(0);
  SimpleCBOW cbow(toy.V, 5, rng);
  BOOST_CHECK_THROW(cbow.loss(toy.ct.contexts, Ids{1, 2}), std::invalid_argument);
  BOOST_CHECK_THROW(cbow.loss(Ids{1, 2, 3}, Ids{1, 2, 3}), std::invalid_argument);
  BOOST_CHECK_THROW(cbow.loss(Ids{{0, 9}}, Ids{1}), std::out_of_range);
  SimpleSkipGram sg(toy.V, 5, rng);
  BOOST_CHECK_THROW(sg.loss(Ids{{0, 1}}, Ids{7}), std::out_of_range);
  BOOST_CHECK_THROW(sg.forward(convert_one_hot(toy.ct.contexts, toy.V), convert_one_hot(Ids{1}, toy.V)),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
