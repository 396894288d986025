// The book's layers (layers/): forward and backward values against hand-computed ones, the
// numerically delicate cases (scores of 1000), hand-driven use equal to the engine, and a gradient
// check of every input and parameter of every layer.
//
// Gradient checks use the default GradCheckOptions (eps 1e-6, atol 1e-6, rtol 1e-6, documented in
// framework/gradient_check.hpp) on random inputs drawn from a seeded minidl::Rng.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include <minidl/framework/by_hand.hpp>
#include <minidl/framework/gradient_check.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/embedding.hpp>
#include <minidl/layers/embedding_dot.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/framework/ops/sigmoid.hpp>
#include <minidl/framework/ops/sigmoid_with_loss.hpp>
#include <minidl/framework/ops/softmax.hpp>
#include <minidl/framework/ops/softmax_with_loss.hpp>

#include <xtensor/xbuilder.hpp>

#include "gradient_helpers.hpp"
#include "tensor_helpers.hpp"

using namespace minidl;

namespace {

const double ln2 = std::log(2.0);
const double ln3 = std::log(3.0);

using test::check_close;
using test::check_gradients;
using test::rand_var;
using test::make;

// Bit-for-bit equal: the hand-driven layer and the engine run the same arithmetic.
void check_equal(const Tensor& got, const Tensor& want) {
  BOOST_TEST_REQUIRE(shape_str(got.shape()) == shape_str(want.shape()));
  for (std::size_t i = 0; i < want.size(); ++i)
    BOOST_CHECK_MESSAGE(got.flat(i) == want.flat(i),
                        "element " << i << ": got " << got.flat(i) << ", want " << want.flat(i));
}

bool all_finite(const Tensor& t) {
  for (const auto v : t)
    if (!std::isfinite(v)) return false;
  return true;
}

// W(4,3) with W[i][j] = 10 i + j: every row tells which id it is.
Tensor table43() {
  Tensor W = Tensor::from_shape({4, 3});
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 3; ++j) W(i, j) = static_cast<Scalar>(10 * i + j);
  return W;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(layers)

// ---- MatMul -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(matmul_forward_and_backward_by_hand) {
  const Tensor x = make({2, 2}, {1, 2, 3, 4});
  const Tensor W = make({2, 3}, {1, 0, -1, 2, 1, 0.5});
  const Tensor dy = make({2, 3}, {1, -1, 2, 0.5, 0, 1});
  ByHand<MatMul> layer;
  // y = x W: row 0 = 1*[1,0,-1] + 2*[2,1,.5] = [5,2,0]; row 1 = 3*[1,0,-1] + 4*[2,1,.5] = [11,4,-1]
  check_close(layer.forward({x, W}), make({2, 3}, {5, 2, 0, 11, 4, -1}));
  const Tensors g = layer.backward({dy});
  BOOST_TEST_REQUIRE(g.size() == 2u);
  // dx = dy W^T: [1*1 - 1*0 + 2*(-1), 1*2 - 1*1 + 2*.5] = [-1, 2]; [.5*1 + 1*(-1), .5*2 + 1*.5] = [-.5, 1.5]
  check_close(g[0], make({2, 2}, {-1, 2, -0.5, 1.5}));
  // dW = x^T dy: row 0 = 1*dy0 + 3*dy1 = [2.5,-1,5]; row 1 = 2*dy0 + 4*dy1 = [4,-2,8]
  check_close(g[1], make({2, 3}, {2.5, -1, 5, 4, -2, 8}));
}

BOOST_AUTO_TEST_CASE(matmul_of_a_one_hot_row_extracts_that_row_of_W) {
  // The book's ch. 3.1.3: c = [0,1,0,0,0,0,0] times W (7,3) is W's row 1.
  Rng rng(20);
  const Tensor W = randn({7, 3}, rng);
  for (std::size_t id = 0; id < 7; ++id) {
    Tensor c = xt::zeros<Scalar>({std::size_t{1}, std::size_t{7}});
    c(0, id) = 1;
    const Tensor h = matmul(Variable(c), Variable(W)).data();
    BOOST_TEST_REQUIRE(shape_str(h.shape()) == "(1, 3)");
    for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(h(0, j) == W(id, j));
  }
}

BOOST_AUTO_TEST_CASE(matmul_hand_driven_equals_engine) {
  Rng rng(21);
  const Tensor x = randn({4, 3}, rng), W = randn({3, 5}, rng), dy = randn({4, 5}, rng);
  ByHand<MatMul> layer;
  const Tensor y = layer.forward({x, W});
  const Tensors g = layer.backward({dy});
  Variable vx(x, "x"), vW(W, "W");
  Variable vy = matmul(vx, vW);
  vy.backward(dy);
  check_equal(y, vy.data());
  check_equal(g[0], vx.grad());
  check_equal(g[1], vW.grad());
}

BOOST_AUTO_TEST_CASE(matmul_gradient_check) {
  Rng rng(22);
  auto f = [](const Variables& v) { return matmul(v[0], v[1]); };
  check_gradients(f, {rand_var({3, 4}, rng, "x"), rand_var({4, 5}, rng, "W")}, 12 + 20);
  check_gradients(f, {rand_var({1, 2}, rng, "x"), rand_var({2, 1}, rng, "W")}, 2 + 2);
}

// ---- Softmax ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(softmax_forward_and_backward_by_hand) {
  // exp of [0, ln2, ln3] is [1, 2, 3] -> y = [1,2,3]/6; exp of [5,5,5+ln2] ~ [1,1,2] -> [.25,.25,.5]
  const Tensor x = make({2, 3}, {0, ln2, ln3, 5, 5, 5 + ln2});
  ByHand<Softmax> layer;
  const Tensor y = layer.forward({x});
  check_close(y, make({2, 3}, {1.0 / 6, 2.0 / 6, 3.0 / 6, 0.25, 0.25, 0.5}));
  // dx = y * (dy - sum(dy * y)):
  //   row 0, dy = [1,0,0]: s = 1/6 -> [1/6 * 5/6, 2/6 * -1/6, 3/6 * -1/6] = [5,-2,-3]/36
  //   row 1, dy = [0,2,2]: s = .5 + 1 = 1.5 -> [.25 * -1.5, .25 * .5, .5 * .5] = [-.375, .125, .25]
  const Tensors g = layer.backward({make({2, 3}, {1, 0, 0, 0, 2, 2})});
  check_close(g[0], make({2, 3}, {5.0 / 36, -2.0 / 36, -3.0 / 36, -0.375, 0.125, 0.25}));
}

BOOST_AUTO_TEST_CASE(softmax_rows_sum_to_one_and_survive_large_scores) {
  Rng rng(23);
  Tensor x = randn({4, 6}, rng);
  x *= Scalar(30);
  const Tensor y = softmax(Variable(x)).data();
  for (std::size_t r = 0; r < 4; ++r) {
    double s = 0;
    for (std::size_t c = 0; c < 6; ++c) {
      BOOST_TEST(y(r, c) >= 0.0);
      s += y(r, c);
    }
    BOOST_TEST(std::abs(s - 1.0) < 1e-12);
  }
  // a 1-D input is one row; scores of 1000 give exp overflow unless the max is subtracted
  const Tensor big = softmax(Variable(Tensor{1000.0, 1000.0, 1000.0 + ln3})).data();
  BOOST_TEST(all_finite(big));
  check_close(big, Tensor{0.2, 0.2, 0.6});
  // a 3-D input is normalised over its last axis
  const Tensor y3 = softmax(Variable(randn({2, 3, 4}, rng))).data();
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      double s = 0;
      for (std::size_t k = 0; k < 4; ++k) s += y3(i, j, k);
      BOOST_TEST(std::abs(s - 1.0) < 1e-12);
    }
}

BOOST_AUTO_TEST_CASE(softmax_hand_driven_equals_engine) {
  Rng rng(24);
  const Tensor x = randn({3, 5}, rng), dy = randn({3, 5}, rng);
  ByHand<Softmax> layer;
  const Tensor y = layer.forward({x});
  const Tensors g = layer.backward({dy});
  Variable vx(x, "x");
  Variable vy = softmax(vx);
  vy.backward(dy);
  check_equal(y, vy.data());
  check_equal(g[0], vx.grad());
}

BOOST_AUTO_TEST_CASE(softmax_gradient_check) {
  Rng rng(25);
  auto f = [](const Variables& v) { return softmax(v[0]); };
  check_gradients(f, {rand_var({3, 5}, rng, "x")}, 15);
  check_gradients(f, {rand_var({2, 3, 4}, rng, "x")}, 24);
  check_gradients(f, {rand_var({4}, rng, "x")}, 4);
}

// ---- SoftmaxWithLoss ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(softmax_with_loss_by_hand_with_labels_and_one_hot) {
  // y = [[1,2,3]/6, [1,1,2]/4] (see softmax_forward_and_backward_by_hand), labels [2, 0]:
  //   loss = (-ln(3/6) - ln(1/4)) / 2 = (ln2 + 2 ln2) / 2 = 1.5 ln2
  //   dscore = (y - onehot) / 2 = [[1/6, 2/6, 3/6 - 1], [1/4 - 1, 1/4, 1/2]] / 2
  const Tensor score = make({2, 3}, {0, ln2, ln3, 5, 5, 5 + ln2});
  const Tensor want_grad = make({2, 3}, {1.0 / 12, 1.0 / 6, -0.25, -0.375, 0.125, 0.25});
  const Ids labels{2, 0};
  const Tensor one_hot = make({2, 3}, {0, 0, 1, 1, 0, 0});

  ByHand<SoftmaxWithLoss> layer;
  BOOST_TEST(std::abs(layer.forward({score}, labels)() - 1.5 * ln2) < 1e-12);
  check_close(layer.function().probabilities(), make({2, 3}, {1.0 / 6, 2.0 / 6, 3.0 / 6, 0.25, 0.25, 0.5}));
  check_close(layer.backward(), want_grad);
  Tensor twice = want_grad * 2.0;
  check_close(layer.backward(2.0), twice);  // dloss scales the gradient

  Variable s1(score, "score");
  Variable l1 = softmax_with_loss(s1, labels);
  BOOST_TEST(l1.data().dimension() == 0u);
  BOOST_TEST(std::abs(l1.data()() - 1.5 * ln2) < 1e-12);
  l1.backward();
  check_close(s1.grad(), want_grad);

  Variable s2(score, "score");
  Variable l2 = softmax_with_loss(s2, one_hot);
  BOOST_TEST(std::abs(l2.data()() - 1.5 * ln2) < 1e-12);
  l2.backward();
  check_close(s2.grad(), want_grad);

  // one-hot rows convert to the same labels; anything else is refused
  const Ids back = labels_from_one_hot(one_hot, "test");
  BOOST_TEST(back(0) == 2);
  BOOST_TEST(back(1) == 0);
  BOOST_CHECK_THROW(labels_from_one_hot(make({1, 3}, {0, 1, 1}), "test"), std::invalid_argument);
  BOOST_CHECK_THROW(labels_from_one_hot(make({1, 3}, {0, 0.5, 0}), "test"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(softmax_with_loss_is_finite_for_scores_of_1000) {
  // scores [1000, 0], label 1: loss = logsumexp - score_1 = 1000 + log(1 + e^-1000) - 0 = 1000
  //   (the book's naive -log(softmax) gives -log(0) = inf here)
  //   dscore = y - onehot = [1, e^-1000] - [0, 1] = [1, -1]
  const Tensor score = make({1, 2}, {1000, 0});
  Variable s(score, "score");
  Variable loss = softmax_with_loss(s, Ids{1});
  BOOST_TEST(std::isfinite(loss.data()()));
  BOOST_TEST(std::abs(loss.data()() - 1000.0) < 1e-9);
  loss.backward();
  check_close(s.grad(), make({1, 2}, {1, -1}));

  // perfectly confident and right: loss = 1000 + log(1 + e^-1000) - 1000 = 0 (not NaN), gradient 0
  ByHand<SoftmaxWithLoss> layer;
  const Scalar l = layer.forward({score}, Ids{0})();
  BOOST_TEST(!std::isnan(l));
  BOOST_TEST(std::abs(l) < 1e-12);
  const Tensor g = layer.backward();
  BOOST_TEST(all_finite(g));
  check_close(g, make({1, 2}, {0, 0}));

  // a batch mixing both: the mean, (1000 + 0) / 2
  Variable s2(make({2, 2}, {1000, 0, -1000, 1000}), "score");
  Variable l2 = softmax_with_loss(s2, Ids{1, 1});
  BOOST_TEST(std::abs(l2.data()() - 500.0) < 1e-9);
}

BOOST_AUTO_TEST_CASE(softmax_with_loss_hand_driven_equals_engine) {
  Rng rng(26);
  const Tensor score = randn({5, 4}, rng);
  const Ids labels{3, 0, 1, 1, 2};
  ByHand<SoftmaxWithLoss> layer;
  const Scalar hand = layer.forward({score}, labels)();
  const Tensor hand_grad = layer.backward();
  Variable s(score, "score");
  Variable loss = softmax_with_loss(s, labels);
  loss.backward();
  BOOST_TEST(hand == loss.data()());
  check_equal(hand_grad, s.grad());
  // and -1/N sum log y[n, t_n], the book's formula, agrees with the logsumexp form
  const Tensor y = layer.function().probabilities();
  double book = 0;
  for (std::size_t n = 0; n < 5; ++n) book -= std::log(y(n, static_cast<std::size_t>(labels(n))));
  BOOST_TEST(std::abs(hand - book / 5) < 1e-12);
}

BOOST_AUTO_TEST_CASE(softmax_with_loss_gradient_check) {
  Rng rng(27);
  const Ids labels{0, 4, 2, 2};
  check_gradients([&](const Variables& v) { return softmax_with_loss(v[0], labels); },
                  {rand_var({4, 5}, rng, "score")}, 20);
  const Tensor one_hot = make({3, 3}, {0, 1, 0, 0, 1, 0, 1, 0, 0});
  check_gradients([&](const Variables& v) { return softmax_with_loss(v[0], one_hot); },
                  {rand_var({3, 3}, rng, "score")}, 9);
}

// ---- Sigmoid ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sigmoid_forward_and_backward_by_hand) {
  // sigmoid(0) = 1/2, sigmoid(ln3) = 3/(3+1) = 3/4, sigmoid(-ln3) = 1/4, and saturation at +-1000
  const Tensor x{0.0, ln3, -ln3, 1000.0, -1000.0};
  ByHand<Sigmoid> layer;
  const Tensor y = layer.forward({x});
  BOOST_TEST(all_finite(y));
  check_close(y, Tensor{0.5, 0.75, 0.25, 1.0, 0.0});
  // dx = dy y (1 - y) with dy = 4: [4/4, 4*3/16, 4*3/16, 0, 0]
  const Tensors g = layer.backward({Tensor{4.0, 4.0, 4.0, 4.0, 4.0}});
  BOOST_TEST(all_finite(g[0]));
  check_close(g[0], Tensor{1.0, 0.75, 0.75, 0.0, 0.0});
  BOOST_TEST(sigmoid_of(-1000.0) >= 0.0);
  BOOST_TEST(sigmoid_of(1000.0) == 1.0);
}

BOOST_AUTO_TEST_CASE(sigmoid_hand_driven_equals_engine) {
  Rng rng(28);
  const Tensor x = randn({3, 4}, rng), dy = randn({3, 4}, rng);
  ByHand<Sigmoid> layer;
  const Tensor y = layer.forward({x});
  const Tensors g = layer.backward({dy});
  Variable vx(x, "x");
  Variable vy = sigmoid(vx);
  vy.backward(dy);
  check_equal(y, vy.data());
  check_equal(g[0], vx.grad());
}

BOOST_AUTO_TEST_CASE(sigmoid_gradient_check) {
  Rng rng(29);
  check_gradients([](const Variables& v) { return sigmoid(v[0]); }, {rand_var({3, 4}, rng, "x")}, 12);
}

// ---- SigmoidWithLoss ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sigmoid_with_loss_by_hand) {
  // scores [0, ln3], labels [1, 0]: y = [1/2, 3/4]
  //   loss = (-ln(1/2) - ln(1 - 3/4)) / 2 = (ln2 + 2 ln2) / 2 = 1.5 ln2
  //   dscore = (y - t) / 2 = [(1/2 - 1)/2, (3/4 - 0)/2] = [-0.25, 0.375]
  const Tensor score{0.0, ln3};
  const Ids labels{1, 0};
  ByHand<SigmoidWithLoss> layer;
  BOOST_TEST(std::abs(layer.forward({score}, labels)() - 1.5 * ln2) < 1e-12);
  check_close(layer.backward(), Tensor{-0.25, 0.375});
  check_close(layer.backward(-2.0), Tensor{0.5, -0.75});

  Variable s(score, "score");
  Variable loss = sigmoid_with_loss(s, labels);
  BOOST_TEST(std::abs(loss.data()() - 1.5 * ln2) < 1e-12);
  loss.backward();
  check_close(s.grad(), Tensor{-0.25, 0.375});
}

BOOST_AUTO_TEST_CASE(sigmoid_with_loss_is_finite_for_scores_of_1000) {
  // scores (2,2) [[1000, -1000], [1000, -1000]], labels [[0, 1], [1, 0]]:
  //   confidently wrong costs |x| = 1000 (not -log(0) = inf), confidently right costs 0:
  //   loss = (1000 + 1000 + 0 + 0) / 4 = 500;  dscore = (y - t) / 4 = [[1/4, -1/4], [0, 0]]
  Variable s(make({2, 2}, {1000, -1000, 1000, -1000}), "score");
  Variable loss = sigmoid_with_loss(s, Ids{{0, 1}, {1, 0}});
  BOOST_TEST(std::isfinite(loss.data()()));
  BOOST_TEST(std::abs(loss.data()() - 500.0) < 1e-9);
  loss.backward();
  BOOST_TEST(all_finite(s.grad()));
  check_close(s.grad(), make({2, 2}, {0.25, -0.25, 0, 0}));

  ByHand<SigmoidWithLoss> layer;
  const Scalar right = layer.forward({Tensor{1000.0, -1000.0}}, Ids{1, 0})();
  BOOST_TEST(!std::isnan(right));
  BOOST_TEST(std::abs(right) < 1e-12);
  check_close(layer.backward(), Tensor{0.0, 0.0});
}

BOOST_AUTO_TEST_CASE(sigmoid_with_loss_hand_driven_equals_engine) {
  Rng rng(30);
  const Tensor score = randn({2, 3}, rng);
  const Ids labels{{1, 0, 0}, {1, 1, 0}};
  ByHand<SigmoidWithLoss> layer;
  const Scalar hand = layer.forward({score}, labels)();
  const Tensor hand_grad = layer.backward();
  Variable s(score, "score");
  Variable loss = sigmoid_with_loss(s, labels);
  loss.backward();
  BOOST_TEST(hand == loss.data()());
  check_equal(hand_grad, s.grad());
  // the book's -mean(t log y + (1 - t) log(1 - y)) agrees for moderate scores
  double book = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const double y = 1 / (1 + std::exp(-score.flat(i)));
    book -= labels.flat(i) == 1 ? std::log(y) : std::log(1 - y);
  }
  BOOST_TEST(std::abs(hand - book / 6) < 1e-12);
}

BOOST_AUTO_TEST_CASE(sigmoid_with_loss_gradient_check) {
  Rng rng(31);
  const Ids labels{{1, 0, 1, 1}, {0, 0, 1, 0}, {1, 1, 0, 0}};
  check_gradients([&](const Variables& v) { return sigmoid_with_loss(v[0], labels); },
                  {rand_var({3, 4}, rng, "score")}, 12);
  const Ids flat{0, 1, 1};
  check_gradients([&](const Variables& v) { return sigmoid_with_loss(v[0], flat); },
                  {rand_var({3}, rng, "score")}, 3);
}

// ---- Embedding ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(embedding_forward_picks_rows) {
  const Tensor W = table43();
  ByHand<Embedding> layer;
  check_close(layer.forward({W}, Ids{2, 0, 2}), make({3, 3}, {20, 21, 22, 0, 1, 2, 20, 21, 22}));
  // ids of any shape: (2,2) ids -> (2,2,3)
  const Tensor y = embedding(Variable(W), Ids{{3, 1}, {0, 3}}).data();
  check_close(y, make({2, 2, 3}, {30, 31, 32, 10, 11, 12, 0, 1, 2, 30, 31, 32}));
}

BOOST_AUTO_TEST_CASE(embedding_backward_adds_repeated_ids) {
  // ids [1, 3, 1] with dout rows [1,2,3], [4,5,6], [1,2,3]: row 1 receives [1,2,3] twice -> 2x
  const Tensor W = table43();
  const Tensor dout = make({3, 3}, {1, 2, 3, 4, 5, 6, 1, 2, 3});
  const Tensor want = make({4, 3}, {0, 0, 0, 2, 4, 6, 0, 0, 0, 4, 5, 6});
  ByHand<Embedding> layer;
  layer.forward({W}, Ids{1, 3, 1});
  check_close(layer.backward({dout})[0], want);

  Variable vW(W, "W");
  embedding(vW, Ids{1, 3, 1}).backward(dout);
  check_close(vW.grad(), want);

  // different contributions to one row are summed: [1,2,3] + [10,20,30]
  Variable vW2(W, "W");
  embedding(vW2, Ids{{0, 0}}).backward(make({1, 2, 3}, {1, 2, 3, 10, 20, 30}));
  check_close(vW2.grad(), make({4, 3}, {11, 22, 33, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
}

BOOST_AUTO_TEST_CASE(embedding_equals_matmul_of_one_hot_rows) {
  // Embedding is the MatMul of one-hot rows without the MatMul: same values, same gradients.
  Rng rng(32);
  const Tensor W = randn({5, 3}, rng), dy = randn({4, 3}, rng);
  const Ids ids{4, 0, 4, 2};
  Tensor one_hot = xt::zeros<Scalar>({std::size_t{4}, std::size_t{5}});
  for (std::size_t i = 0; i < 4; ++i) one_hot(i, static_cast<std::size_t>(ids(i))) = 1;
  Variable W1(W, "W1"), W2(W, "W2");
  Variable a = embedding(W1, ids);
  Variable b = matmul(Variable(one_hot, "c", false), W2);
  check_close(a.data(), b.data());
  a.backward(dy);
  b.backward(dy);
  check_close(W1.grad(), W2.grad());
}

BOOST_AUTO_TEST_CASE(embedding_hand_driven_equals_engine) {
  Rng rng(33);
  const Tensor W = randn({6, 4}, rng), dy = randn({2, 3, 4}, rng);
  const Ids ids{{5, 1, 5}, {0, 1, 2}};
  ByHand<Embedding> layer;
  const Tensor y = layer.forward({W}, ids);
  const Tensors g = layer.backward({dy});
  Variable vW(W, "W");
  Variable vy = embedding(vW, ids);
  vy.backward(dy);
  check_equal(y, vy.data());
  check_equal(g[0], vW.grad());
}

BOOST_AUTO_TEST_CASE(embedding_gradient_check) {
  Rng rng(34);
  const Ids ids{{1, 4, 1}, {0, 5, 1}};
  check_gradients([&](const Variables& v) { return embedding(v[0], ids); }, {rand_var({6, 3}, rng, "W")}, 18);
  const Ids flat{2, 2, 3};
  check_gradients([&](const Variables& v) { return embedding(v[0], flat); }, {rand_var({4, 2}, rng, "W")}, 8);
}

// ---- EmbeddingDot -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(embedding_dot_with_one_id_per_row_by_hand) {
  // W rows: [1,2] [3,4] [5,6] [7,8];  h = [[1,-1], [.5,2]];  ids [3, 1]
  //   out = [W3.h0, W1.h1] = [7 - 8, 1.5 + 8] = [-1, 9.5]
  //   dout = [2, -1]: dh = [2 W3, -W1] = [[14,16], [-3,-4]];  dW3 = 2 h0 = [2,-2], dW1 = -h1 = [-.5,-2]
  const Tensor W = make({4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  const Tensor h = make({2, 2}, {1, -1, 0.5, 2});
  ByHand<EmbeddingDot> layer;
  check_close(layer.forward({W, h}, Ids{3, 1}), Tensor{-1.0, 9.5});
  const Tensors g = layer.backward({Tensor{2.0, -1.0}});
  BOOST_TEST_REQUIRE(g.size() == 2u);
  check_close(g[0], make({4, 2}, {0, 0, -0.5, -2, 0, 0, 2, -2}));
  check_close(g[1], make({2, 2}, {14, 16, -3, -4}));
}

BOOST_AUTO_TEST_CASE(embedding_dot_with_k_ids_per_row_by_hand) {
  // ids [[0,3,0], [1,2,1]] (repeats within a row), W and h as above:
  //   out row 0 = [W0.h0, W3.h0, W0.h0] = [1-2, 7-8, 1-2] = [-1,-1,-1]
  //   out row 1 = [W1.h1, W2.h1, W1.h1] = [1.5+8, 2.5+12, 9.5] = [9.5, 14.5, 9.5]
  // dout = [[1,2,3], [1,1,-1]]:
  //   dh0 = 1 W0 + 2 W3 + 3 W0 = 4 [1,2] + 2 [7,8] = [18, 24];  dh1 = W1 + W2 - W1 = W2 = [5, 6]
  //   dW0 = (1+3) h0 = [4,-4];  dW3 = 2 h0 = [2,-2];  dW1 = (1-1) h1 = 0;  dW2 = 1 h1 = [.5, 2]
  const Tensor W = make({4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  const Tensor h = make({2, 2}, {1, -1, 0.5, 2});
  const Ids ids{{0, 3, 0}, {1, 2, 1}};
  const Tensor dout = make({2, 3}, {1, 2, 3, 1, 1, -1});
  const Tensor want_y = make({2, 3}, {-1, -1, -1, 9.5, 14.5, 9.5});
  const Tensor want_dW = make({4, 2}, {4, -4, 0, 0, 0.5, 2, 2, -2});
  const Tensor want_dh = make({2, 2}, {18, 24, 5, 6});

  ByHand<EmbeddingDot> layer;
  check_close(layer.forward({W, h}, ids), want_y);
  const Tensors g = layer.backward({dout});
  check_close(g[0], want_dW);
  check_close(g[1], want_dh);

  Variable vW(W, "W"), vh(h, "h");
  Variable y = embedding_dot(vW, vh, ids);
  check_close(y.data(), want_y);
  y.backward(dout);
  check_close(vW.grad(), want_dW);
  check_close(vh.grad(), want_dh);
}

BOOST_AUTO_TEST_CASE(embedding_dot_hand_driven_equals_engine) {
  Rng rng(35);
  const Tensor W = randn({7, 4}, rng), h = randn({3, 4}, rng);
  for (const Ids& ids : {Ids{6, 0, 6}, Ids{{1, 2, 1, 1}, {0, 6, 3, 2}, {5, 5, 5, 4}}}) {
    const Tensor dy = randn(shape_of(ids), rng);
    ByHand<EmbeddingDot> layer;
    const Tensor y = layer.forward({W, h}, ids);
    const Tensors g = layer.backward({dy});
    Variable vW(W, "W"), vh(h, "h");
    Variable vy = embedding_dot(vW, vh, ids);
    vy.backward(dy);
    check_equal(y, vy.data());
    check_equal(g[0], vW.grad());
    check_equal(g[1], vh.grad());
  }
}

BOOST_AUTO_TEST_CASE(embedding_dot_gradient_check) {
  Rng rng(36);
  const Ids ids{1, 5, 1, 0};
  check_gradients([&](const Variables& v) { return embedding_dot(v[0], v[1], ids); },
                  {rand_var({6, 3}, rng, "W"), rand_var({4, 3}, rng, "h")}, 18 + 12);
  const Ids ids_k{{1, 2, 1}, {0, 5, 5}, {3, 3, 3}, {2, 0, 4}};
  check_gradients([&](const Variables& v) { return embedding_dot(v[0], v[1], ids_k); },
                  {rand_var({6, 3}, rng, "W"), rand_var({4, 3}, rng, "h")}, 18 + 12);
}

// ---- layers composed, as the chapters use them ---------------------------------------------------

BOOST_AUTO_TEST_CASE(composed_layers_gradient_check) {
  // SimpleCBOW's shape (ch. 3.2): h = (c0 W_in + c1 W_in) / 2, s = h W_out, softmax with loss;
  // W_in is used twice. Then negative sampling's shape (ch. 4.2): embedding of contexts, mean,
  // embedding_dot with positive and negative ids, sigmoid with loss.
  Rng rng(37);
  Tensor c0 = xt::zeros<Scalar>({std::size_t{3}, std::size_t{5}}), c1 = c0;
  for (std::size_t n = 0; n < 3; ++n) {
    c0(n, n) = 1;
    c1(n, n + 2) = 1;
  }
  const Ids target{1, 2, 3};
  Variable C0(c0, "c0", false), C1(c1, "c1", false);
  check_gradients(
      [&](const Variables& v) {
        Variable h = (matmul(C0, v[0]) + matmul(C1, v[0])) * 0.5;
        return softmax_with_loss(matmul(h, v[1]), target);
      },
      {rand_var({5, 4}, rng, "W_in"), rand_var({4, 5}, rng, "W_out")}, 20 + 20);

  const Ids contexts{{0, 2}, {1, 3}, {4, 4}};
  const Ids samples{{1, 3, 0}, {2, 2, 4}, {3, 1, 1}};  // column 0 positive, the rest negative
  const Ids labels{{1, 0, 0}, {1, 0, 0}, {1, 0, 0}};
  check_gradients(
      [&](const Variables& v) {
        Variable h = mean(embedding(v[0], contexts), 1);  // (3, 4)
        return sigmoid_with_loss(embedding_dot(v[1], h, samples), labels);
      },
      {rand_var({5, 4}, rng, "W_in"), rand_var({5, 4}, rng, "W_out")}, 20 + 20);
}

BOOST_AUTO_TEST_SUITE_END()
