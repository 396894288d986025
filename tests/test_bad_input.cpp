// Bad input fails loudly and readably: every layer and op throws before reading out of bounds,
// with a message that names the layer and shows the offending shape (as shape_str prints it) or
// value. Each case is tried through the engine (free functions) and, for the book's layers, by hand.
#include <boost/test/unit_test.hpp>

#include <minidl/framework/by_hand.hpp>
#include <minidl/framework/function.hpp>
#include <minidl/framework/no_grad.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/variable.hpp>
#include <minidl/layers/embedding.hpp>
#include <minidl/layers/embedding_dot.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/framework/ops/sigmoid_with_loss.hpp>
#include <minidl/framework/ops/softmax.hpp>
#include <minidl/framework/ops/softmax_with_loss.hpp>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <typeinfo>

#include <xtensor/xbuilder.hpp>

using namespace minidl;

namespace {

// Asserts that f throws exactly an E (not merely something derived from it, so that
// invalid_argument and out_of_range, both logic_errors, are told apart) and that what() contains
// every one of `parts`.
template <class E, class F>
void expect_error(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
  } catch (const std::exception& e) {
    const std::string msg = e.what();
    BOOST_TEST((typeid(e) == typeid(E)), "threw " << typeid(e).name() << " (want " << typeid(E).name()
                                                  << "): " << msg);
    for (const auto& part : parts)
      BOOST_TEST(msg.find(part) != std::string::npos, "message \"" << msg << "\" lacks \"" << part << "\"");
    return;
  } catch (...) {
    BOOST_ERROR("threw something that is not a std::exception");
    return;
  }
  BOOST_ERROR("expected a " << typeid(E).name() << " mentioning " << *parts.begin() << ", nothing was thrown");
}

Tensor zeros(std::initializer_list<std::size_t> shape) { return xt::zeros<Scalar>(Shape(shape)); }
Tensor ones(std::initializer_list<std::size_t> shape) { return xt::ones<Scalar>(Shape(shape)); }
Tensor scalar(double v) {
  Tensor t = Tensor::from_shape({});
  t() = static_cast<Scalar>(v);
  return t;
}
Ids ids(std::initializer_list<std::int32_t> v) {
  Ids t = Ids::from_shape({v.size()});
  std::size_t i = 0;
  for (const auto x : v) t(i++) = x;
  return t;
}

using invalid = std::invalid_argument;
using range = std::out_of_range;

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

// ---- the helper itself ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(helper_reports_what_it_should) {
  // a message that has every part, of the exact type, passes (checked on a real error)
  expect_error<invalid>([] { (void)matmul(Variable(ones({2, 3})), Variable(ones({4, 5}))); },
                        {"MatMul", "(2, 3)", "(4, 5)"});
  // out_of_range is a logic_error, but not an invalid_argument: the helper tells them apart
  bool caught_as_invalid = false;
  try {
    (void)embedding(Variable(ones({3, 2})), ids({3}));
  } catch (const std::invalid_argument&) {
    caught_as_invalid = true;
  } catch (const std::out_of_range&) {
  }
  BOOST_TEST(!caught_as_invalid);
}

// ---- MatMul ---------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(matmul_shapes_do_not_align) {
  Variable x(ones({2, 3}), "x"), W(ones({4, 5}), "W");
  expect_error<invalid>([&] { (void)matmul(x, W); }, {"MatMul", "(2, 3)", "(4, 5)"});
  expect_error<invalid>([&] { ByHand<MatMul>().forward({ones({2, 3}), ones({4, 5})}); }, {"MatMul", "(2, 3)", "(4, 5)"});
  // W^T would align, W does not: no silent transposition
  expect_error<invalid>([&] { ByHand<MatMul>().forward({ones({2, 3}), ones({5, 3})}); }, {"MatMul", "(2, 3)", "(5, 3)"});
  // the check runs without recording too
  NoGradGuard no_grad;
  expect_error<invalid>([&] { (void)matmul(x, W); }, {"MatMul", "(2, 3)", "(4, 5)"});
}

BOOST_AUTO_TEST_CASE(matmul_needs_matrices) {
  expect_error<invalid>([] { (void)matmul(Variable(ones({3})), Variable(ones({3, 2}))); }, {"MatMul", "x", "(3,)"});
  expect_error<invalid>([] { (void)matmul(Variable(ones({1, 3})), Variable(ones({3, 2, 2}))); },
                        {"MatMul", "W", "(3, 2, 2)"});
  expect_error<invalid>([] { ByHand<MatMul>().forward({scalar(1.0), ones({1, 1})}); }, {"MatMul", "()"});
}

BOOST_AUTO_TEST_CASE(matmul_good_input_still_works_after_errors) {
  // a thrown forward leaves no half-built graph behind: the next correct call works
  Variable x(ones({2, 3}), "x"), W(ones({3, 4}), "W");
  BOOST_CHECK_THROW((void)matmul(x, Variable(ones({4, 4}))), std::invalid_argument);
  Variable y = matmul(x, W);
  BOOST_TEST(y.shape() == (Shape{2, 4}));
  BOOST_TEST(y.data()(1, 3) == 3.0);
}

// ---- Softmax ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(softmax_of_a_0d_input) {
  expect_error<invalid>([] { (void)softmax(Variable(scalar(2.0))); }, {"Softmax", "()"});
  expect_error<invalid>([] { ByHand<Softmax>().forward({scalar(2.0)}); }, {"Softmax", "()"});
}

// ---- SoftmaxWithLoss -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(softmax_with_loss_label_count_mismatch) {
  Variable s(zeros({2, 3}), "score");
  expect_error<invalid>([&] { (void)softmax_with_loss(s, ids({0, 1, 2})); },
                        {"SoftmaxWithLoss", "(3,)", "(2, 3)"});
  expect_error<invalid>([&] { ByHand<SoftmaxWithLoss>().forward({zeros({2, 3})}, ids({1})); },
                        {"SoftmaxWithLoss", "(1,)", "(2, 3)"});
  // labels given as a matrix of ids instead of one per row
  Ids t2 = Ids::from_shape({2, 1});
  t2.fill(0);
  expect_error<invalid>([&] { (void)softmax_with_loss(s, t2); }, {"SoftmaxWithLoss", "(2, 1)", "(2, 3)"});
}

BOOST_AUTO_TEST_CASE(softmax_with_loss_label_out_of_range) {
  Variable s(zeros({2, 3}), "score");
  expect_error<range>([&] { (void)softmax_with_loss(s, ids({0, 3})); },
                      {"SoftmaxWithLoss", "id 3", "position 1", "3"});
  expect_error<range>([&] { (void)softmax_with_loss(s, ids({-1, 0})); },
                      {"SoftmaxWithLoss", "id -1", "position 0"});
  expect_error<range>([&] { ByHand<SoftmaxWithLoss>().forward({zeros({2, 3})}, ids({2, 7})); },
                      {"SoftmaxWithLoss", "id 7", "classes 3"});
}

BOOST_AUTO_TEST_CASE(softmax_with_loss_target_not_one_hot) {
  Variable s(zeros({2, 3}), "score");
  const Tensor two_ones{{0.0, 1.0, 0.0}, {1.0, 1.0, 0.0}};
  expect_error<invalid>([&] { (void)softmax_with_loss(s, two_ones); }, {"SoftmaxWithLoss", "row 1", "one-hot"});
  const Tensor fraction{{0.5, 0.5, 0.0}, {0.0, 0.0, 1.0}};
  expect_error<invalid>([&] { (void)softmax_with_loss(s, fraction); }, {"SoftmaxWithLoss", "row 0"});
  const Tensor no_one{{0.0, 0.0, 1.0}, {0.0, 0.0, 0.0}};
  expect_error<invalid>([&] { (void)softmax_with_loss(s, no_one); }, {"SoftmaxWithLoss", "row 1"});
  expect_error<invalid>([&] { (void)softmax_with_loss(s, Tensor{0.0, 1.0, 0.0}); },
                        {"SoftmaxWithLoss", "one-hot", "(3,)"});
  expect_error<invalid>([&] { (void)labels_from_one_hot(two_ones, "MyLayer"); }, {"MyLayer", "row 1"});
  // a one-hot target with the wrong number of rows is a label count mismatch
  const Tensor three_rows{{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}};
  expect_error<invalid>([&] { (void)softmax_with_loss(s, three_rows); }, {"SoftmaxWithLoss", "(3,)", "(2, 3)"});
  // a one-hot target wider than the scores, even with every hot column in range
  const Tensor wide{{1.0, 0.0, 0.0, 0.0}, {0.0, 1.0, 0.0, 0.0}};
  expect_error<invalid>([&] { (void)softmax_with_loss(s, wide); }, {"SoftmaxWithLoss", "4 classes", "(2, 3)"});
}

BOOST_AUTO_TEST_CASE(softmax_with_loss_empty_batch_and_bad_rank) {
  expect_error<invalid>([] { (void)softmax_with_loss(Variable(zeros({0, 3})), Ids::from_shape({0})); },
                        {"SoftmaxWithLoss", "empty batch", "0 rows"});
  expect_error<invalid>([] { ByHand<SoftmaxWithLoss>().forward({zeros({0, 3})}, Ids::from_shape({0})); },
                        {"SoftmaxWithLoss", "empty batch"});
  expect_error<invalid>([] { (void)softmax_with_loss(Variable(zeros({3})), ids({0})); },
                        {"SoftmaxWithLoss", "score", "(3,)"});
}

// ---- SigmoidWithLoss -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sigmoid_with_loss_label_not_binary) {
  Variable s(zeros({3}), "score");
  expect_error<range>([&] { (void)sigmoid_with_loss(s, ids({0, 1, 2})); },
                      {"SigmoidWithLoss", "id 2", "position 2"});
  expect_error<range>([&] { (void)sigmoid_with_loss(s, ids({-1, 1, 0})); }, {"SigmoidWithLoss", "id -1"});
  expect_error<range>([&] { ByHand<SigmoidWithLoss>().forward({zeros({3})}, ids({1, 2, 0})); },
                      {"SigmoidWithLoss", "id 2", "position 1"});
}

BOOST_AUTO_TEST_CASE(sigmoid_with_loss_shape_mismatch) {
  Variable s(zeros({2, 2}), "score");
  expect_error<invalid>([&] { (void)sigmoid_with_loss(s, ids({0, 1, 1, 0})); },
                        {"SigmoidWithLoss", "(4,)", "(2, 2)"});
  expect_error<invalid>([&] { ByHand<SigmoidWithLoss>().forward({zeros({3})}, ids({0, 1})); },
                        {"SigmoidWithLoss", "(2,)", "(3,)"});
  // same number of labels, other shape: still one label per score, by position
  Ids t = Ids::from_shape({2, 2});
  t.fill(1);
  expect_error<invalid>([&] { (void)sigmoid_with_loss(Variable(zeros({4})), t); },
                        {"SigmoidWithLoss", "(2, 2)", "(4,)"});
}

BOOST_AUTO_TEST_CASE(sigmoid_with_loss_empty_batch) {
  expect_error<invalid>([] { (void)sigmoid_with_loss(Variable(zeros({0})), Ids::from_shape({0})); },
                        {"SigmoidWithLoss", "empty batch"});
}

// ---- Embedding ---------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(embedding_id_out_of_range) {
  Variable W(ones({5, 3}), "W");
  expect_error<range>([&] { (void)embedding(W, ids({2, -1})); },
                      {"Embedding", "id -1", "position 1", "vocabulary size 5"});
  expect_error<range>([&] { (void)embedding(W, ids({5})); }, {"Embedding", "id 5", "vocabulary size 5"});
  expect_error<range>([&] { ByHand<Embedding>().forward({ones({5, 3})}, ids({0, 4, 5})); }, {"Embedding", "id 5", "position 2"});
  expect_error<range>([&] { ByHand<Embedding>().forward({ones({5, 3})}, ids({-1})); }, {"Embedding", "id -1"});
  // 2-D ids (a batch of contexts): the position is the flat index
  Ids ctx = Ids::from_shape({2, 2});
  ctx(0, 0) = 0;
  ctx(0, 1) = 1;
  ctx(1, 0) = 2;
  ctx(1, 1) = 9;
  expect_error<range>([&] { (void)embedding(W, ctx); }, {"Embedding", "id 9", "position 3"});
  // the last valid id is fine
  BOOST_TEST(embedding(W, ids({4})).shape() == (Shape{1, 3}));
}

BOOST_AUTO_TEST_CASE(embedding_weight_not_2d) {
  expect_error<invalid>([] { (void)embedding(Variable(ones({5})), ids({0})); }, {"Embedding", "W", "(5,)"});
  expect_error<invalid>([] { ByHand<Embedding>().forward({ones({5, 3, 2})}, ids({0})); }, {"Embedding", "W", "(5, 3, 2)"});
}

// ---- EmbeddingDot ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(embedding_dot_rows_mismatch) {
  Variable W(ones({5, 3}), "W"), h(ones({2, 3}), "h");
  expect_error<invalid>([&] { (void)embedding_dot(W, h, ids({0, 1, 2})); }, {"EmbeddingDot", "(3,)", "(2, 3)"});
  expect_error<invalid>([&] { ByHand<EmbeddingDot>().forward({ones({5, 3}), ones({2, 3})}, ids({0})); },
                        {"EmbeddingDot", "(1,)", "(2, 3)"});
  Ids three_rows = Ids::from_shape({3, 2});
  three_rows.fill(0);
  expect_error<invalid>([&] { (void)embedding_dot(W, h, three_rows); }, {"EmbeddingDot", "(3, 2)", "(2, 3)"});
}

BOOST_AUTO_TEST_CASE(embedding_dot_hidden_size_mismatch) {
  Variable W(ones({5, 3}), "W"), h(ones({2, 4}), "h");
  expect_error<invalid>([&] { (void)embedding_dot(W, h, ids({0, 1})); }, {"EmbeddingDot", "(2, 4)", "(5, 3)"});
  expect_error<invalid>([&] { ByHand<EmbeddingDot>().forward({ones({5, 3}), ones({2, 2})}, ids({0, 1})); },
                        {"EmbeddingDot", "(2, 2)", "(5, 3)"});
}

BOOST_AUTO_TEST_CASE(embedding_dot_bad_ids_and_ranks) {
  Variable W(ones({5, 3}), "W"), h(ones({2, 3}), "h");
  expect_error<range>([&] { (void)embedding_dot(W, h, ids({0, 5})); }, {"EmbeddingDot", "id 5", "vocabulary size 5"});
  expect_error<range>([&] { (void)embedding_dot(W, h, ids({-3, 0})); }, {"EmbeddingDot", "id -3"});
  Ids ids3 = Ids::from_shape({2, 1, 1});
  ids3.fill(0);
  expect_error<invalid>([&] { (void)embedding_dot(W, h, ids3); }, {"EmbeddingDot", "(2, 1, 1)"});
  expect_error<invalid>([&] { (void)embedding_dot(W, Variable(ones({3})), ids({0})); }, {"EmbeddingDot", "h", "(3,)"});
  expect_error<invalid>([&] { (void)embedding_dot(Variable(ones({15})), h, ids({0, 1})); },
                        {"EmbeddingDot", "W", "(15,)"});
}

// ---- ops ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(elementwise_ops_of_non_broadcastable_shapes) {
  Variable a(ones({2, 3}), "a"), b(ones({4}), "b"), c(ones({3, 3}), "c");
  expect_error<invalid>([&] { (void)add(a, b); }, {"Add", "(2, 3)", "(4,)"});
  expect_error<invalid>([&] { (void)(a + c); }, {"Add", "(2, 3)", "(3, 3)"});
  expect_error<invalid>([&] { (void)sub(b, a); }, {"Sub", "(4,)", "(2, 3)"});
  expect_error<invalid>([&] { (void)mul(a, b); }, {"Mul", "(2, 3)", "(4,)"});
  // broadcastable shapes are accepted: (2, 3) + (3,) and (2, 3) * (2, 1)
  BOOST_TEST(add(a, Variable(ones({3}))).shape() == (Shape{2, 3}));
  BOOST_TEST(mul(a, Variable(ones({2, 1}))).shape() == (Shape{2, 3}));
}

BOOST_AUTO_TEST_CASE(sum_of_list_with_different_shapes) {
  Variable a(ones({3}), "a"), b(ones({2}), "b");
  expect_error<invalid>([&] { (void)sum(Variables{a, b}); }, {"SumList", "(2,)", "(3,)"});
  expect_error<invalid>([&] { (void)mean(Variables{a, a, b}); }, {"MeanList", "element 2", "(2,)"});
}

BOOST_AUTO_TEST_CASE(reshape_to_wrong_size) {
  Variable x(ones({2, 3}), "x");
  expect_error<invalid>([&] { (void)reshape(x, {4, 2}); }, {"Reshape", "(2, 3)", "(4, 2)", "6"});
  expect_error<invalid>([&] { (void)reshape(x, {7}); }, {"Reshape", "(2, 3)", "(7,)"});
  BOOST_TEST(reshape(x, {3, 2}).shape() == (Shape{3, 2}));
}

BOOST_AUTO_TEST_CASE(transpose_with_bad_axes) {
  Variable x(ones({2, 3, 4}), "x");
  expect_error<invalid>([&] { (void)transpose(x, {0, 0, 1}); }, {"Transpose", "(2, 3, 4)"});  // repeated axis
  expect_error<invalid>([&] { (void)transpose(x, {0, 1}); }, {"Transpose", "(2, 3, 4)", "3"});   // too few
  expect_error<invalid>([&] { (void)transpose(x, {0, 1, 3}); }, {"Transpose", "(2, 3, 4)"});  // past the end
  expect_error<invalid>([&] { (void)transpose(x, {3, 2, 1, 0}); }, {"Transpose", "(2, 3, 4)"});  // too many
  BOOST_TEST(transpose(x, {2, 0, 1}).shape() == (Shape{4, 2, 3}));
}

BOOST_AUTO_TEST_CASE(mean_over_an_empty_axis) {
  Variable x(zeros({2, 0}), "x");
  expect_error<invalid>([&] { (void)mean(x, 1); }, {"Mean", "(2, 0)"});
  expect_error<invalid>([&] { (void)mean(x); }, {"Mean", "(2, 0)"});
  // the sum over an empty axis is a well-defined 0, and the mean over a non-empty one is fine
  Variable s = sum(x, 1);
  BOOST_TEST(s.shape() == (Shape{2}));
  BOOST_TEST(s.data()(0) == 0.0);
  BOOST_TEST(mean(x, 0).shape() == (Shape{0}));
}

BOOST_AUTO_TEST_CASE(reduction_axis_out_of_range) {
  Variable x(ones({2, 3}), "x");
  expect_error<invalid>([&] { (void)sum(x, 2); }, {"Sum", "axis 2", "2-D"});
  expect_error<invalid>([&] { (void)mean(x, -3); }, {"Mean", "axis -3"});
  BOOST_TEST(sum(x, -1).shape() == (Shape{2}));
}

// ---- the engine ----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(backward_of_a_non_scalar_without_upstream) {
  Variable x(ones({2, 3}), "x");
  Variable y = x * 2.0;
  y.set_name("y");
  expect_error<std::logic_error>([&] { y.backward(); }, {"backward", "'y'", "(2, 3)"});
  BOOST_TEST(!x.has_grad());  // nothing ran
  expect_error<invalid>([&] { y.backward(ones({3, 2})); }, {"backward", "(3, 2)", "(2, 3)"});
  // a single value of any rank is fine
  Variable z = sum(x, std::nullopt, /*keepdims=*/true);
  BOOST_TEST(z.shape() == (Shape{1, 1}));
  z.backward();
  BOOST_TEST(x.grad()(1, 2) == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
