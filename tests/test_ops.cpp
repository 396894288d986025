// The element-wise and shape operations of framework/ops: forward values against hand-computed
// ones, hand-computed backward values for the broadcasting cases, and a gradient check of each.
// Gradient checks use the default GradCheckOptions (eps 1e-6, atol 1e-6, rtol 1e-6, documented in
// framework/gradient_check.hpp) on random inputs from a seeded Rng.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include <minidl/framework/gradient_check.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/random.hpp>

#include <xtensor/xbuilder.hpp>

#include "gradient_helpers.hpp"
#include "tensor_helpers.hpp"

using namespace minidl;

namespace {

using test::check_close;
using test::check_gradients;
using test::rand_var;
using test::make;

// x(2,3) = [[1,2,3],[4,5,6]], used by the hand-computed reductions.
Tensor x23() { return make({2, 3}, {1, 2, 3, 4, 5, 6}); }

}  // namespace

BOOST_AUTO_TEST_SUITE(ops)

// ---- add / sub / mul with broadcasting ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(add_broadcasts_a_row_and_sums_its_gradient_over_rows) {
  Variable a(x23(), "a");
  Variable b(Tensor{10.0, 20.0, 30.0}, "b");  // (3,) broadcast over the 2 rows
  Variable y = a + b;
  check_close(y.data(), make({2, 3}, {11, 22, 33, 14, 25, 36}));
  const Tensor g = make({2, 3}, {1, 2, 3, 4, 5, 6});
  y.backward(g);
  check_close(a.grad(), g);
  check_close(b.grad(), Tensor{1.0 + 4.0, 2.0 + 5.0, 3.0 + 6.0});  // column sums
}

BOOST_AUTO_TEST_CASE(add_broadcasts_a_column_and_both_operands) {
  Variable a(x23(), "a");
  Variable c(make({2, 1}, {100, 200}), "c");  // (2,1) broadcast over the 3 columns
  Variable y = add(a, c);
  check_close(y.data(), make({2, 3}, {101, 102, 103, 204, 205, 206}));
  y.backward(make({2, 3}, {1, 2, 3, 4, 5, 6}));
  check_close(c.grad(), make({2, 1}, {6, 15}));  // row sums

  // (3,) + (2,1) -> (2,3): each operand is broadcast along a different axis
  Variable r(Tensor{1.0, 2.0, 3.0}, "r");
  Variable col(make({2, 1}, {10, 20}), "col");
  Variable z = r + col;
  check_close(z.data(), make({2, 3}, {11, 12, 13, 21, 22, 23}));
  z.backward(make({2, 3}, {1, 1, 1, 2, 2, 2}));
  check_close(r.grad(), Tensor{3.0, 3.0, 3.0});
  check_close(col.grad(), make({2, 1}, {3, 6}));
}

BOOST_AUTO_TEST_CASE(add_gradient_check) {
  Rng rng(1);
  auto f = [](const Variables& x) { return add(x[0], x[1]); };
  check_gradients(f, {rand_var({2, 3}, rng, "a"), rand_var({3}, rng, "b")}, 9);
  check_gradients(f, {rand_var({2, 3}, rng, "a"), rand_var({2, 1}, rng, "b")}, 8);
  check_gradients(f, {rand_var({3}, rng, "a"), rand_var({2, 1}, rng, "b")}, 5);
  check_gradients(f, {rand_var({2, 3}, rng, "a"), rand_var({2, 3}, rng, "b")}, 12);
}

BOOST_AUTO_TEST_CASE(sub_broadcasts_and_negates_the_second_gradient) {
  Variable a(x23(), "a");
  Variable b(make({2, 1}, {1, 10}), "b");
  Variable y = a - b;
  check_close(y.data(), make({2, 3}, {0, 1, 2, -6, -5, -4}));
  y.backward(make({2, 3}, {1, 2, 3, 4, 5, 6}));
  check_close(a.grad(), make({2, 3}, {1, 2, 3, 4, 5, 6}));
  check_close(b.grad(), make({2, 1}, {-6, -15}));

  Variable c(x23(), "c");
  Variable d(Tensor{1.0, 2.0, 3.0}, "d");
  Variable z = sub(c, d);
  check_close(z.data(), make({2, 3}, {0, 0, 0, 3, 3, 3}));
  z.backward(make({2, 3}, {1, 2, 3, 4, 5, 6}));
  check_close(d.grad(), Tensor{-5.0, -7.0, -9.0});
}

BOOST_AUTO_TEST_CASE(sub_gradient_check) {
  Rng rng(2);
  auto f = [](const Variables& x) { return sub(x[0], x[1]); };
  check_gradients(f, {rand_var({2, 3}, rng, "a"), rand_var({3}, rng, "b")}, 9);
  check_gradients(f, {rand_var({2, 1}, rng, "a"), rand_var({2, 3}, rng, "b")}, 8);
}

BOOST_AUTO_TEST_CASE(mul_broadcasts_and_sums_the_products_back) {
  // (2,3) * (2,1): row i scaled by b_i.  da = g * b,  db_i = sum_j g_ij a_ij
  Variable a(x23(), "a");
  Variable b(make({2, 1}, {2, -1}), "b");
  Variable y = a * b;
  check_close(y.data(), make({2, 3}, {2, 4, 6, -4, -5, -6}));
  const Tensor g = make({2, 3}, {1, 0, 2, 1, 1, -1});
  y.backward(g);
  check_close(a.grad(), make({2, 3}, {2, 0, 4, -1, -1, 1}));
  check_close(b.grad(), make({2, 1}, {1 * 1 + 0 * 2 + 2 * 3, 1 * 4 + 1 * 5 - 1 * 6}));  // 7, 3

  // (2,3) * (3,): column j scaled by c_j.  dc_j = sum_i g_ij a_ij
  Variable a2(x23(), "a2");
  Variable c(Tensor{1.0, 0.5, -2.0}, "c");
  Variable z = mul(a2, c);
  check_close(z.data(), make({2, 3}, {1, 1, -6, 4, 2.5, -12}));
  z.backward(g);
  check_close(c.grad(), Tensor{1.0 * 1 + 1 * 4, 0.0 * 2 + 1 * 5, 2.0 * 3 - 1 * 6});  // 5, 5, 0
  check_close(a2.grad(), make({2, 3}, {1, 0, -4, 1, 0.5, 2}));
}

BOOST_AUTO_TEST_CASE(mul_gradient_check) {
  Rng rng(3);
  auto f = [](const Variables& x) { return mul(x[0], x[1]); };
  check_gradients(f, {rand_var({2, 3}, rng, "a"), rand_var({2, 1}, rng, "b")}, 8);
  check_gradients(f, {rand_var({2, 3}, rng, "a"), rand_var({3}, rng, "b")}, 9);
  check_gradients(f, {rand_var({4}, rng, "a"), rand_var({3, 1}, rng, "b")}, 7);
  // one Variable used as both operands: y = x^2, dy/dx = 2x from two accumulated contributions
  check_gradients([](const Variables& x) { return x[0] * x[0]; }, {rand_var({2, 3}, rng, "x")}, 6);
}

BOOST_AUTO_TEST_CASE(broadcast_mismatch_throws) {
  Variable a(x23()), b(Tensor{1.0, 2.0});
  BOOST_CHECK_THROW(a + b, std::invalid_argument);
  BOOST_CHECK_THROW(a - b, std::invalid_argument);
  BOOST_CHECK_THROW(a * b, std::invalid_argument);
}

// ---- scale ----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(scale_multiplies_values_and_gradient) {
  Variable x(x23(), "x");
  Variable y = scale(x, 2.5);
  check_close(y.data(), make({2, 3}, {2.5, 5, 7.5, 10, 12.5, 15}));
  check_close((-1.0 * x).data(), make({2, 3}, {-1, -2, -3, -4, -5, -6}));
  check_close((x * 0.5).data(), make({2, 3}, {0.5, 1, 1.5, 2, 2.5, 3}));
  y.backward(make({2, 3}, {1, -1, 2, 0, 4, 1}));
  check_close(x.grad(), make({2, 3}, {2.5, -2.5, 5, 0, 10, 2.5}));

  Rng rng(4);
  check_gradients([](const Variables& v) { return scale(v[0], -3.0); }, {rand_var({3, 2}, rng, "x")}, 6);
}

// ---- sum / mean over an axis or over all ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(sum_over_axes_forward) {
  Variable x(x23(), "x");
  check_close(sum(x, 0).data(), Tensor{5.0, 7.0, 9.0});
  check_close(sum(x, 1).data(), Tensor{6.0, 15.0});
  check_close(sum(x, -1).data(), Tensor{6.0, 15.0});  // -1 is the last axis
  check_close(sum(x, -2).data(), Tensor{5.0, 7.0, 9.0});
  check_close(sum(x, 1, true).data(), make({2, 1}, {6, 15}));
  check_close(sum(x, -2, true).data(), make({1, 3}, {5, 7, 9}));
  const Tensor all = sum(x).data();
  BOOST_TEST(all.dimension() == 0u);
  BOOST_TEST(all() == 21.0);
  check_close(sum(x, std::nullopt, true).data(), make({1, 1}, {21}));
  check_close(mean(x, std::nullopt, true).data(), make({1, 1}, {3.5}));
}

BOOST_AUTO_TEST_CASE(mean_over_axes_forward) {
  Variable x(x23(), "x");
  check_close(mean(x, 0).data(), Tensor{2.5, 3.5, 4.5});
  check_close(mean(x, 1).data(), Tensor{2.0, 5.0});
  check_close(mean(x, -1, true).data(), make({2, 1}, {2, 5}));
  check_close(mean(x, -2, true).data(), make({1, 3}, {2.5, 3.5, 4.5}));
  const Tensor all = mean(x).data();
  BOOST_TEST(all.dimension() == 0u);
  BOOST_TEST(all() == 3.5);
}

BOOST_AUTO_TEST_CASE(sum_and_mean_of_a_3d_tensor_match_loops) {
  Rng rng(5);
  const Tensor v = randn({2, 3, 4}, rng);
  Variable x(v, "x");
  for (int axis = -3; axis < 3; ++axis) {
    const std::size_t ax = static_cast<std::size_t>(axis < 0 ? axis + 3 : axis);
    Shape kept{2, 3, 4};
    const std::size_t n = kept[ax];
    kept[ax] = 1;
    Tensor want = xt::zeros<Scalar>(kept);
    for (std::size_t i = 0; i < 2; ++i)
      for (std::size_t j = 0; j < 3; ++j)
        for (std::size_t k = 0; k < 4; ++k) {
          std::size_t idx[3] = {i, j, k};
          idx[ax] = 0;
          want(idx[0], idx[1], idx[2]) += v(i, j, k);
        }
    BOOST_TEST_CONTEXT("axis " << axis) {
      check_close(sum(x, axis, true).data(), want);
      Tensor mean_want = want / static_cast<Scalar>(n);
      check_close(mean(x, axis, true).data(), mean_want);
      Shape dropped;
      for (std::size_t d = 0; d < 3; ++d)
        if (d != ax) dropped.push_back(kept[d]);
      Tensor want_dropped = want;
      want_dropped.reshape(dropped);
      check_close(sum(x, axis).data(), want_dropped);
    }
  }
}

BOOST_AUTO_TEST_CASE(sum_and_mean_backward_broadcast_the_gradient) {
  Variable x(x23(), "x");
  sum(x, 1).backward(Tensor{1.0, -2.0});
  check_close(x.grad(), make({2, 3}, {1, 1, 1, -2, -2, -2}));

  Variable x2(x23(), "x2");
  mean(x2, 0, true).backward(make({1, 3}, {3, 6, 9}));
  check_close(x2.grad(), make({2, 3}, {1.5, 3, 4.5, 1.5, 3, 4.5}));

  Variable x3(x23(), "x3");
  mean(x3).backward();  // d mean / dx = 1/6 everywhere
  check_close(x3.grad(), make({2, 3}, {1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6}));

  Variable x4(x23(), "x4");
  sum(x4).backward();
  check_close(x4.grad(), make({2, 3}, {1, 1, 1, 1, 1, 1}));
}

BOOST_AUTO_TEST_CASE(sum_and_mean_gradient_check) {
  Rng rng(6);
  for (int axis = -3; axis < 3; ++axis)
    for (bool keepdims : {false, true}) {
      BOOST_TEST_CONTEXT("axis " << axis << " keepdims " << keepdims) {
        check_gradients([=](const Variables& x) { return sum(x[0], axis, keepdims); },
                        {rand_var({2, 3, 4}, rng, "x")}, 24);
        check_gradients([=](const Variables& x) { return mean(x[0], axis, keepdims); },
                        {rand_var({2, 3, 4}, rng, "x")}, 24);
      }
    }
  check_gradients([](const Variables& x) { return sum(x[0]); }, {rand_var({3, 4}, rng, "x")}, 12);
  check_gradients([](const Variables& x) { return mean(x[0]); }, {rand_var({3, 4}, rng, "x")}, 12);
  check_gradients([](const Variables& x) { return mean(x[0], -1); }, {rand_var({5}, rng, "x")}, 5);
  check_gradients([](const Variables& x) { return sum(x[0], std::nullopt, true); }, {rand_var({3, 4}, rng, "x")}, 12);
  check_gradients([](const Variables& x) { return mean(x[0], std::nullopt, true); }, {rand_var({3, 4}, rng, "x")}, 12);
}

BOOST_AUTO_TEST_CASE(axis_out_of_range_throws) {
  Variable x(x23());
  BOOST_CHECK_THROW(sum(x, 2), std::invalid_argument);
  BOOST_CHECK_THROW(sum(x, -3), std::invalid_argument);
  BOOST_CHECK_THROW(mean(x, 2, true), std::invalid_argument);
}

// ---- sum / mean of a list -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sum_and_mean_of_a_list) {
  Variable a(x23(), "a");
  Variable b(make({2, 3}, {10, 20, 30, 40, 50, 60}), "b");
  Variable c(make({2, 3}, {-1, -1, -1, 1, 1, 1}), "c");
  Variable s = sum(Variables{a, b, c});
  check_close(s.data(), make({2, 3}, {10, 21, 32, 45, 56, 67}));
  Variable m = mean(Variables{a, b, c});
  check_close(m.data(), make({2, 3}, {10.0 / 3, 7, 32.0 / 3, 15, 56.0 / 3, 67.0 / 3}));

  const Tensor g = make({2, 3}, {3, 6, 9, 0, -3, 1.5});
  m.backward(g);
  const Tensor third = g / 3.0;
  check_close(a.grad(), third);
  check_close(b.grad(), third);
  check_close(c.grad(), third);

  // a listed twice receives the gradient twice (CBOW with a repeated context word)
  Variable p(x23(), "p"), q(x23(), "q");
  sum(Variables{p, q, p}).backward(g);
  check_close(p.grad(), g * 2.0);
  check_close(q.grad(), g);
}

BOOST_AUTO_TEST_CASE(sum_and_mean_of_a_list_gradient_check) {
  Rng rng(7);
  auto s = [](const Variables& x) { return sum(x); };
  auto m = [](const Variables& x) { return mean(x); };
  const Variables three{rand_var({2, 3}, rng, "a"), rand_var({2, 3}, rng, "b"), rand_var({2, 3}, rng, "c")};
  check_gradients(s, three, 18);
  check_gradients(m, three, 18);
  check_gradients(m, {rand_var({4}, rng, "only")}, 4);
}

BOOST_AUTO_TEST_CASE(list_of_different_shapes_throws) {
  Variable a(x23()), b(Tensor{1.0, 2.0, 3.0});
  BOOST_CHECK_THROW(sum(Variables{a, b}), std::invalid_argument);
  BOOST_CHECK_THROW(mean(Variables{}), std::invalid_argument);
}

// ---- reshape / transpose ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(reshape_keeps_row_major_order) {
  Variable x(x23(), "x");
  Variable y = reshape(x, {3, 2});
  check_close(y.data(), make({3, 2}, {1, 2, 3, 4, 5, 6}));
  check_close(reshape(x, {6}).data(), Tensor{1.0, 2.0, 3.0, 4.0, 5.0, 6.0});
  check_close(reshape(x, {1, 3, 2}).data(), make({1, 3, 2}, {1, 2, 3, 4, 5, 6}));
  y.backward(make({3, 2}, {6, 5, 4, 3, 2, 1}));
  check_close(x.grad(), make({2, 3}, {6, 5, 4, 3, 2, 1}));
  BOOST_CHECK_THROW(reshape(x, {4, 2}), std::invalid_argument);

  Rng rng(8);
  check_gradients([](const Variables& v) { return reshape(v[0], {4, 3}); }, {rand_var({2, 3, 2}, rng, "x")}, 12);
}

BOOST_AUTO_TEST_CASE(transpose_reverses_axes) {
  Variable x(x23(), "x");
  Variable y = transpose(x);
  check_close(y.data(), make({3, 2}, {1, 4, 2, 5, 3, 6}));
  y.backward(make({3, 2}, {1, 2, 3, 4, 5, 6}));  // gx = gy^T
  check_close(x.grad(), make({2, 3}, {1, 3, 5, 2, 4, 6}));

  Rng rng(9);
  check_gradients([](const Variables& v) { return transpose(v[0]); }, {rand_var({2, 3}, rng, "x")}, 6);
  check_gradients([](const Variables& v) { return transpose(v[0]); }, {rand_var({2, 3, 4}, rng, "x")}, 24);
}

BOOST_AUTO_TEST_CASE(transpose_with_a_permutation) {
  // axes (1, 2, 0): y.shape = (x.shape[1], x.shape[2], x.shape[0]) and y(i,j,k) = x(k,i,j).
  // The permutation is not its own inverse, so a backward that reused it would fail.
  Rng rng(10);
  const Tensor v = randn({2, 3, 4}, rng);
  Variable x(v, "x");
  Variable y = transpose(x, {1, 2, 0});
  BOOST_TEST_REQUIRE(shape_str(y.data().shape()) == "(3, 4, 2)");
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 4; ++j)
      for (std::size_t k = 0; k < 2; ++k) BOOST_TEST(y.data()(i, j, k) == v(k, i, j));

  const Tensor gy = randn({3, 4, 2}, rng);
  y.backward(gy);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 4; ++j)
      for (std::size_t k = 0; k < 2; ++k) BOOST_TEST(x.grad()(k, i, j) == gy(i, j, k));

  check_gradients([](const Variables& a) { return transpose(a[0], {1, 2, 0}); }, {rand_var({2, 3, 4}, rng, "x")},
                  24);
  check_gradients([](const Variables& a) { return transpose(a[0], {2, 0, 1}); }, {rand_var({2, 3, 4}, rng, "x")},
                  24);
  BOOST_CHECK_THROW(transpose(x, {0, 0, 1}), std::invalid_argument);
  BOOST_CHECK_THROW(transpose(x, {0, 1}), std::invalid_argument);
}

// ---- a composition ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(composed_expression_gradient_check) {
  // Every op above in one graph, with a used three times: the engine must add all paths.
  Rng rng(11);
  auto f = [](const Variables& x) {
    Variable t = (x[0] * x[1] - x[2]) * 2.0;     // (2,3) * (3,) - (2,1) -> (2,3)
    Variable u = transpose(reshape(t, {3, 2}));  // (2,3)
    return mean(sum(Variables{u, x[0], u}), -1, true);  // (2,1)
  };
  check_gradients(f, {rand_var({2, 3}, rng, "a"), rand_var({3}, rng, "b"), rand_var({2, 1}, rng, "c")}, 11);
}

BOOST_AUTO_TEST_SUITE_END()
