// The float library (the one training uses): Scalar is float, the losses stay finite on extreme
// scores, MatMul goes through sgemm and agrees with a plain loop, Adam agrees with its formula
// evaluated in double.
#include <boost/test/unit_test.hpp>

#include <minidl/framework/by_hand.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/framework/blas.hpp>
#include <minidl/framework/optimizer.hpp>
#include <minidl/framework/parameter.hpp>
#include <minidl/framework/tensor.hpp>
#include <minidl/framework/variable.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/framework/ops/sigmoid_with_loss.hpp>
#include <minidl/framework/ops/softmax.hpp>
#include <minidl/framework/ops/softmax_with_loss.hpp>
#include <minidl/optim/adam.hpp>

#include <cmath>
#include <type_traits>
#include <vector>

using namespace minidl;

static_assert(std::is_same_v<Scalar, float>, "minidl_tests links the float library");
static_assert(sizeof(Scalar) == 4, "float is 4 bytes");

namespace {

Tensor random_matrix(std::size_t rows, std::size_t cols, Rng& rng) {
  return rand_uniform({rows, cols}, rng, Scalar(-1), Scalar(1));
}

// c = op(a) op(b) in double, by the definition of the product.
std::vector<double> hand_product(const Tensor& a, const Tensor& b, bool ta = false, bool tb = false) {
  const std::size_t n = ta ? a.shape()[1] : a.shape()[0];
  const std::size_t k = ta ? a.shape()[0] : a.shape()[1];
  const std::size_t m = tb ? b.shape()[0] : b.shape()[1];
  std::vector<double> c(n * m, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      double s = 0;
      for (std::size_t l = 0; l < k; ++l)
        s += static_cast<double>(ta ? a(l, i) : a(i, l)) * static_cast<double>(tb ? b(j, l) : b(l, j));
      c[i * m + j] = s;
    }
  return c;
}

void check_close(const Tensor& got, const std::vector<double>& want, double tol, const char* what) {
  BOOST_REQUIRE_EQUAL(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i)
    BOOST_TEST(std::abs(got.flat(i) - want[i]) <= tol * std::max(1.0, std::abs(want[i])),
               what << " element " << i << ": " << got.flat(i) << " vs " << want[i]);
}

bool all_finite(const Tensor& t) {
  for (const Scalar v : t)
    if (!std::isfinite(v)) return false;
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(float_build)

BOOST_AUTO_TEST_CASE(scalar_is_float) {
  BOOST_TEST(sizeof(Scalar) == 4u);
  BOOST_TEST((std::is_same<Tensor::value_type, float>::value));
  Variable v(Tensor{1.0f, 2.0f}, "v");
  BOOST_TEST(sizeof(v.data()(0)) == 4u);
}

BOOST_AUTO_TEST_CASE(softmax_with_loss_on_huge_scores) {
  // Each row is {1000, 0, -1000}; with label 0 the loss is log(1 + e^-1000 + e^-2000) = 0, with
  // label 1 it is 1000, with label 2 it is 2000: mean 1000. exp(1000) overflows float (and double).
  const Tensor score{{1000.0f, 0.0f, -1000.0f}, {1000.0f, 0.0f, -1000.0f}, {1000.0f, 0.0f, -1000.0f}};
  Ids t = Ids::from_shape({3});
  t(0) = 0;
  t(1) = 1;
  t(2) = 2;
  ByHand<SoftmaxWithLoss> layer;
  const Scalar loss = layer.forward({score}, t)();
  BOOST_TEST(std::isfinite(loss));
  BOOST_TEST(std::abs(loss - 1000.0f) <= 1e-6f * 1000.0f);
  // probabilities: {1, 0, 0} in every row, finite
  const Tensor& y = layer.function().probabilities();
  BOOST_TEST(all_finite(y));
  for (std::size_t r = 0; r < 3; ++r) {
    BOOST_TEST(std::abs(y(r, 0) - 1.0f) < 1e-6f);
    BOOST_TEST(y(r, 1) < 1e-30f);
    BOOST_TEST(y(r, 2) >= 0.0f);
  }
  // dx = (y - onehot(t)) / N
  const Tensor dx = layer.backward();
  BOOST_TEST(all_finite(dx));
  const std::vector<double> want = {0, 0, 0, 1.0 / 3, -1.0 / 3, 0, 1.0 / 3, 0, -1.0 / 3};
  check_close(dx, want, 1e-6, "dscore");

  // the same through the engine, one row with the right label: loss 0
  Variable s(Tensor{{1000.0f, 0.0f, -1000.0f}, {-1000.0f, 0.0f, 1000.0f}}, "s");
  Ids t2 = Ids::from_shape({2});
  t2(0) = 0;
  t2(1) = 2;
  Variable l = softmax_with_loss(s, t2);
  BOOST_TEST(std::isfinite(l.data()()));
  BOOST_TEST(std::abs(l.data()()) < 1e-6f);
  l.backward();
  BOOST_TEST(all_finite(s.grad()));
  BOOST_TEST(std::abs(s.grad()(0, 0)) < 1e-6f);
}

BOOST_AUTO_TEST_CASE(softmax_on_huge_scores) {
  ByHand<Softmax> layer;
  const Tensor y = layer.forward({Tensor{{1000.0f, 0.0f, -1000.0f}, {1.0f, 1.0f, 1.0f}}});
  BOOST_TEST(all_finite(y));
  BOOST_TEST(std::abs(y(0, 0) - 1.0f) < 1e-6f);
  BOOST_TEST(std::abs(y(1, 2) - 1.0f / 3) < 1e-6f);
}

BOOST_AUTO_TEST_CASE(sigmoid_with_loss_on_plus_minus_100) {
  // scores {100, -100, 100, -100}, labels {1, 0, 0, 1}: the first two are confidently right
  // (loss ~ e^-100 ~ 0), the last two confidently wrong (loss 100 each): mean 50, never inf.
  const Tensor score{100.0f, -100.0f, 100.0f, -100.0f};
  Ids t = Ids::from_shape({4});
  t(0) = 1;
  t(1) = 0;
  t(2) = 0;
  t(3) = 1;
  ByHand<SigmoidWithLoss> layer;
  const Scalar loss = layer.forward({score}, t)();
  BOOST_TEST(std::isfinite(loss));
  BOOST_TEST(std::abs(loss - 50.0f) < 1e-4f);
  // dx = (sigmoid(x) - t) / 4 = {0, 0, 1/4, -1/4}
  const Tensor dx = layer.backward();
  BOOST_TEST(all_finite(dx));
  check_close(dx, {0.0, 0.0, 0.25, -0.25}, 1e-6, "dscore");

  // through the engine, all right: loss ~ 0, finite gradient
  Variable s(Tensor{100.0f, -100.0f}, "s");
  Ids t2 = Ids::from_shape({2});
  t2(0) = 1;
  t2(1) = 0;
  Variable l = sigmoid_with_loss(s, t2);
  BOOST_TEST(std::isfinite(l.data()()));
  BOOST_TEST(std::abs(l.data()()) < 1e-6f);
  l.backward();
  BOOST_TEST(all_finite(s.grad()));
}

BOOST_AUTO_TEST_CASE(matmul_through_sgemm_matches_a_loop) {
  Rng rng(42);
  const Tensor x = random_matrix(5, 7, rng);
  const Tensor W = random_matrix(7, 3, rng);
  const std::vector<double> want = hand_product(x, W);

  check_close(dot(x, W), want, 1e-5, "dot");
  ByHand<MatMul> layer;
  const Tensor y = layer.forward({x, W});
  BOOST_TEST(y.shape()[0] == 5u);
  BOOST_TEST(y.shape()[1] == 3u);
  check_close(y, want, 1e-5, "MatMul");

  // the backward's transposed products: dx = dy W^T, dW = x^T dy
  const Tensor dy = random_matrix(5, 3, rng);
  const Tensors g = layer.backward({dy});
  check_close(g[0], hand_product(dy, W, false, true), 1e-5, "dx");
  check_close(g[1], hand_product(x, dy, true, false), 1e-5, "dW");

  // the engine gives the same
  Variable vx(x, "x"), vW(W, "W");
  Variable vy = matmul(vx, vW);
  check_close(vy.data(), want, 1e-5, "matmul(Variable)");
  vy.backward(dy);
  check_close(vW.grad(), hand_product(x, dy, true, false), 1e-5, "engine dW");

  // gemm with beta = 1 adds into an existing gradient
  Tensor acc = W;
  gemm(true, false, 1.0f, x, dy, 1.0f, acc);
  std::vector<double> sum = hand_product(x, dy, true, false);
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += W.flat(i);
  check_close(acc, sum, 1e-5, "gemm beta=1");
}

BOOST_AUTO_TEST_CASE(adam_in_float_matches_the_formula_in_double) {
  const std::vector<double> w0 = {0.5, -1.5, 2.0, 0.0};
  const std::vector<std::vector<double>> grads = {
      {1.0, -0.5, 0.25, 3.0}, {0.5, 0.5, -1.0, 2.0}, {-2.0, 0.125, 0.5, -1.0}, {0.75, -0.25, 0.0, 0.5}};
  Tensor init = Tensor::from_shape({4});
  for (std::size_t i = 0; i < 4; ++i) init(i) = static_cast<Scalar>(w0[i]);
  Parameter p(init, "w");
  Adam opt({p}, 0.01f);

  // the book's Adam, in double
  const double lr = 0.01, beta1 = 0.9, beta2 = 0.999;
  std::vector<double> w = w0, m(4, 0.0), v(4, 0.0);
  for (std::size_t s = 0; s < grads.size(); ++s) {
    Tensor g = Tensor::from_shape({4});
    for (std::size_t i = 0; i < 4; ++i) g(i) = static_cast<Scalar>(grads[s][i]);
    p.clear_grad();
    p.add_grad(g);
    opt.step();

    const double t = static_cast<double>(s + 1);
    const double lr_t = lr * std::sqrt(1.0 - std::pow(beta2, t)) / (1.0 - std::pow(beta1, t));
    for (std::size_t i = 0; i < 4; ++i) {
      m[i] += (1 - beta1) * (grads[s][i] - m[i]);
      v[i] += (1 - beta2) * (grads[s][i] * grads[s][i] - v[i]);
      w[i] -= lr_t * m[i] / (std::sqrt(v[i]) + 1e-7);
    }
    for (std::size_t i = 0; i < 4; ++i)
      BOOST_TEST(std::abs(p.data()(i) - w[i]) < 1e-5, "step " << s + 1 << " element " << i << ": "
                                                           << p.data()(i) << " vs " << w[i]);
  }
  BOOST_TEST(opt.iterations() == 4);
  // and the parameters did move (by about lr per step)
  BOOST_TEST(std::abs(p.data()(0) - 0.5f) > 0.005f);
}

BOOST_AUTO_TEST_SUITE_END()
