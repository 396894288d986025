// The gradient checker itself: it passes correct Functions and Layers, and it catches wrong
// backwards, including one that an all-ones upstream gradient would hide, naming the wrong tensor.
// (Calls are spelled minidl::gradient_check: the suite's namespace has the same name.)
// Unless a test says otherwise it runs with the default GradCheckOptions (eps 1e-6, atol 1e-6,
// rtol 1e-6, documented in framework/gradient_check.hpp).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>

#include <minidl/framework/function.hpp>
#include <minidl/framework/gradient_check.hpp>
#include <minidl/framework/layer.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/framework/ops/softmax.hpp>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

using namespace minidl;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The per-tensor line "<label> <shape>: max abs error <e>" of a report; -1 when absent.
double tensor_error(const std::string& report, const std::string& label_and_shape) {
  std::istringstream in(report);
  const std::string prefix = label_and_shape + ": max abs error ";
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(prefix.size()));
  return -1;
}

// The first entry under "worst elements", e.g. "  b[1,2]: ..." -> "b[1,2]".
std::string worst_element(const std::string& report) {
  const std::size_t head = report.find("worst elements");
  if (head == std::string::npos) return "";
  const std::size_t start = report.find_first_not_of(' ', report.find('\n', head) + 1);
  return report.substr(start, report.find(':', start) - start);
}

// y = tanh(x), dx = dy (1 - y^2); with `forget_square` the backward uses (1 - y), a typical slip.
class Tanh : public Function {
 public:
  explicit Tanh(bool forget_square = false) : forget_square_(forget_square) {}
  std::string name() const override { return "Tanh"; }
  Tensors forward(const Inputs& x) override {
    y_ = xt::tanh(x[0]);
    return {y_};
  }
  Tensors backward(const Tensors& gy) override {
    Tensor local = forget_square_ ? Tensor(1.0 - y_) : Tensor(1.0 - y_ * y_);
    Tensor gx = gy[0] * local;
    return {gx};
  }

 private:
  bool forget_square_;
  Tensor y_;
};

Variable tanh_v(const Variable& x, bool wrong = false) { return call<Tanh>({x}, wrong); }

// y = a * b element-wise; the wrong version forgets the factor a in db.
class Product : public Function {
 public:
  explicit Product(bool wrong_db) : wrong_db_(wrong_db) {}
  std::string name() const override { return "Product"; }
  Tensors forward(const Inputs& x) override { return {Tensor(x[0] * x[1])}; }
  Tensors backward(const Tensors& gy) override {
    Tensor da = gy[0] * input(1);
    Tensor db = wrong_db_ ? gy[0] : Tensor(gy[0] * input(0));
    return {da, db};
  }

 private:
  bool wrong_db_;
};

// Softmax over the last axis whose backward is y * (dy - mean(dy)) instead of y * (dy - sum(dy y)).
// With a uniform upstream gradient (dy = c in a row) both are 0, the true value: a check of
// sum(y) with all-ones upstream gradient cannot see the bug, sum(r * y) with random r does.
class SloppySoftmax : public Function {
 public:
  std::string name() const override { return "SloppySoftmax"; }
  Tensors forward(const Inputs& x) override {
    y_ = x[0];
    softmax_rows(y_);
    return {y_};
  }
  Tensors backward(const Tensors& gy) override {
    const std::size_t cols = y_.shape().back(), rows = y_.size() / cols;
    Tensor gx = gy[0];
    for (std::size_t r = 0; r < rows; ++r) {
      double m = 0;
      for (std::size_t c = 0; c < cols; ++c) m += gy[0].flat(r * cols + c);
      m /= static_cast<double>(cols);
      for (std::size_t c = 0; c < cols; ++c)
        gx.flat(r * cols + c) = y_.flat(r * cols + c) * (gy[0].flat(r * cols + c) - m);
    }
    return {gx};
  }

 private:
  Tensor y_;
};

// y = 2 x, but the backward adds 0.5: every element is off by exactly 0.5, whatever r is.
class OffByHalf : public Function {
 public:
  std::string name() const override { return "OffByHalf"; }
  Tensors forward(const Inputs& x) override { return {Tensor(x[0] * 2.0)}; }
  Tensors backward(const Tensors& gy) override { return {Tensor(gy[0] * 2.0 + 0.5)}; }
};

// y = x + b with b broadcast over rows; the wrong version halves db.
class BiasAdd : public Function {
 public:
  explicit BiasAdd(bool wrong_db) : wrong_db_(wrong_db) {}
  std::string name() const override { return "BiasAdd"; }
  Tensors forward(const Inputs& x) override { return {Tensor(x[0] + x[1])}; }
  Tensors backward(const Tensors& gy) override {
    Tensor db = sum_to(gy[0], shape_of(input(1)));
    if (wrong_db_) db *= 0.5;
    return {gy[0], db};
  }

 private:
  bool wrong_db_;
};

// A user's layer, as the custom-layer tutorial writes it: y = x W + b.
class Affine : public Layer {
 public:
  Affine(std::size_t in, std::size_t out, Rng& rng, bool wrong_db = false)
      : W(add_parameter("W", randn({in, out}, rng))), b(add_parameter("b", randn({out}, rng))), wrong_db_(wrong_db) {}
  Variable forward(const Variable& x) { return call<BiasAdd>({matmul(x, W), b}, wrong_db_); }
  Parameter W, b;

 private:
  bool wrong_db_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(gradient_check)

BOOST_AUTO_TEST_CASE(passes_a_correct_function) {
  Rng rng(40);
  Variable x(randn({3, 4}, rng), "x");
  const GradCheckResult r = minidl::gradient_check([](const Variables& v) { return tanh_v(v[0]); }, {x});
  BOOST_CHECK_MESSAGE(r.ok, r.report);
  BOOST_TEST(r.checked == 12u);
  BOOST_TEST(r.max_abs_error < 1e-6);
  BOOST_TEST(contains(r.report, "ok"));
  BOOST_TEST(!contains(r.report, "FAILED"));

  Variable a(randn({2, 3}, rng), "a"), b(randn({2, 3}, rng), "b");
  const GradCheckResult p = minidl::gradient_check([](const Variables& v) { return call<Product>(v, false); }, {a, b});
  BOOST_CHECK_MESSAGE(p.ok, p.report);
  BOOST_TEST(p.checked == 12u);
}

BOOST_AUTO_TEST_CASE(fails_a_tanh_that_forgets_a_factor) {
  Rng rng(41);
  Variable x(randn({3, 4}, rng), "x");
  const GradCheckResult r = minidl::gradient_check([](const Variables& v) { return tanh_v(v[0], true); }, {x});
  BOOST_TEST(!r.ok);
  BOOST_TEST(contains(r.report, "FAILED"));
  BOOST_CHECK_MESSAGE(worst_element(r.report).rfind("x[", 0) == 0u, "worst element: " << worst_element(r.report));
  // (1 - y) vs (1 - y^2) differ by y(1 - y): an error of the order of the gradient, not noise
  BOOST_TEST(r.max_abs_error > 1e-2);
}

BOOST_AUTO_TEST_CASE(report_names_the_tensor_with_the_wrong_gradient) {
  Rng rng(42);
  Variable a(randn({2, 3}, rng), "a"), b(randn({2, 3}, rng), "b");
  const GradCheckResult r = minidl::gradient_check([](const Variables& v) { return call<Product>(v, true); }, {a, b});
  BOOST_TEST(!r.ok);
  const double ea = tensor_error(r.report, "a (2, 3)"), eb = tensor_error(r.report, "b (2, 3)");
  BOOST_TEST_MESSAGE(r.report);
  BOOST_TEST(ea >= 0.0);
  BOOST_TEST(ea < 1e-6);  // a's gradient is right
  BOOST_TEST(eb > 1e-2);  // b's is not
  BOOST_CHECK_MESSAGE(worst_element(r.report).rfind("b[", 0) == 0u, "worst element: " << worst_element(r.report));

  // unnamed inputs are labelled by position
  Variable u(randn({2, 3}, rng)), w(randn({2, 3}, rng));
  const GradCheckResult q = minidl::gradient_check([](const Variables& v) { return call<Product>(v, true); }, {u, w});
  BOOST_TEST(!q.ok);
  BOOST_CHECK_MESSAGE(worst_element(q.report).rfind("input 1[", 0) == 0u, "worst element: " << worst_element(q.report));

  // ...by their position in the inputs even when an earlier input is not checked
  Variable k(randn({2, 3}, rng), "", false), m(randn({2, 3}, rng));
  const GradCheckResult s = minidl::gradient_check([](const Variables& v) { return call<Product>(v, true); }, {k, m});
  BOOST_TEST(!s.ok);
  BOOST_TEST(s.checked == 6u);
  BOOST_CHECK_MESSAGE(worst_element(s.report).rfind("input 1[", 0) == 0u, "worst element: " << worst_element(s.report));

  // and unnamed Parameters by their position in the parameter list
  Parameter p0(randn({2, 3}, rng), ""), p1(randn({2, 3}, rng), "");
  const GradCheckResult t =
      minidl::gradient_check([&](const Variables&) { return call<Product>({p0, p1}, true); }, {}, {p0, p1});
  BOOST_TEST(!t.ok);
  BOOST_CHECK_MESSAGE(worst_element(t.report).rfind("parameter 1[", 0) == 0u,
                      "worst element: " << worst_element(t.report));
}

BOOST_AUTO_TEST_CASE(catches_a_softmax_bug_that_uniform_upstream_gradients_hide) {
  Rng rng(43);
  const Tensor x0 = randn({3, 4}, rng);

  // First what a naive checker sees: d sum(y) / dx with dy = 1. The true value is 0 (the rows of
  // a softmax sum to 1 whatever x is); the sloppy backward also gives 0, so it would "pass".
  Variable x(x0, "x");
  Variable y = call<SloppySoftmax>({x});
  y.backward(xt::ones<Scalar>({3, 4}));
  for (std::size_t i = 0; i < 12; ++i) {
    Tensor up = x0, down = x0;
    up.flat(i) += 1e-6;
    down.flat(i) -= 1e-6;
    softmax_rows(up);
    softmax_rows(down);
    const double numeric = (xt::sum(up)() - xt::sum(down)()) / 2e-6;
    BOOST_TEST(std::abs(x.grad().flat(i) - numeric) < 1e-6);
  }

  // The checker's random upstream gradient exposes it...
  Variable x1(x0, "x");
  const GradCheckResult bad = minidl::gradient_check([](const Variables& v) { return call<SloppySoftmax>(v); }, {x1});
  BOOST_TEST(!bad.ok);
  BOOST_TEST(bad.max_abs_error > 1e-3);
  // ...and passes the real softmax on the same input
  Variable x2(x0, "x");
  const GradCheckResult good = minidl::gradient_check([](const Variables& v) { return softmax(v[0]); }, {x2});
  BOOST_CHECK_MESSAGE(good.ok, good.report);
}

BOOST_AUTO_TEST_CASE(checks_the_parameters_of_a_layer) {
  Rng rng(44);
  Affine layer(4, 3, rng);
  BOOST_TEST_REQUIRE(layer.parameters().size() == 2u);
  Variable x(randn({5, 4}, rng), "x");
  auto f = [&](const Variables& v) { return layer.forward(v[0]); };
  const GradCheckResult r = minidl::gradient_check(f, {x}, layer.parameters());
  BOOST_CHECK_MESSAGE(r.ok, r.report);
  BOOST_TEST(r.checked == 20u + 12u + 3u);  // x, W, b
  BOOST_TEST(tensor_error(r.report, "W (4, 3)") >= 0.0);
  BOOST_TEST(tensor_error(r.report, "b (3,)") >= 0.0);

  // parameters only: an input that wants no gradient is not checked
  Variable c(randn({5, 4}, rng), "c", false);
  const GradCheckResult p = minidl::gradient_check(f, {c}, layer.parameters());
  BOOST_CHECK_MESSAGE(p.ok, p.report);
  BOOST_TEST(p.checked == 12u + 3u);
  BOOST_TEST(tensor_error(p.report, "c (5, 4)") < 0.0);

  // a wrong parameter gradient is caught and named
  Affine broken(4, 3, rng, /*wrong_db=*/true);
  const GradCheckResult q =
      minidl::gradient_check([&](const Variables& v) { return broken.forward(v[0]); }, {x}, broken.parameters());
  BOOST_TEST(!q.ok);
  BOOST_TEST(tensor_error(q.report, "W (4, 3)") < 1e-6);
  BOOST_TEST(tensor_error(q.report, "b (3,)") > 1e-2);
  BOOST_CHECK_MESSAGE(worst_element(q.report).rfind("b[", 0) == 0u, "worst element: " << worst_element(q.report));
}

BOOST_AUTO_TEST_CASE(a_tensor_both_input_and_parameter_is_checked_once) {
  Rng rng(45);
  Affine layer(3, 2, rng);
  Variable x(randn({4, 3}, rng), "x", false);
  const GradCheckResult r =
      minidl::gradient_check([&](const Variables& v) { return matmul(x, v[0]); }, {layer.W}, layer.parameters());
  BOOST_CHECK_MESSAGE(r.ok, r.report);
  // W (3,2) once, b (2,) unused by f: its gradient (zero) is still compared
  BOOST_TEST(r.checked == 6u + 2u);
}

BOOST_AUTO_TEST_CASE(leaves_inputs_unchanged_and_gradients_cleared) {
  Rng rng(46);
  const Tensor x0 = randn({2, 5}, rng);
  Variable x(x0, "x");
  x.add_grad(xt::ones<Scalar>({2, 5}));  // a stale gradient must not leak into the check
  const GradCheckResult r = minidl::gradient_check([](const Variables& v) { return tanh_v(v[0]); }, {x});
  BOOST_CHECK_MESSAGE(r.ok, r.report);
  BOOST_TEST(!x.has_grad());
  for (std::size_t i = 0; i < 10; ++i) BOOST_TEST(x.data().flat(i) == x0.flat(i));
}

BOOST_AUTO_TEST_CASE(is_deterministic_for_a_seed) {
  Rng rng(47);
  const Tensor x0 = randn({3, 4}, rng);
  auto run = [&](std::uint64_t seed, bool wrong) {
    GradCheckOptions o;
    o.seed = seed;
    Variable x(x0, "x");
    return minidl::gradient_check([wrong](const Variables& v) { return tanh_v(v[0], wrong); }, {x}, {}, o);
  };
  for (bool wrong : {false, true}) {
    const GradCheckResult a = run(7, wrong), b = run(7, wrong);
    BOOST_TEST(a.ok == b.ok);
    BOOST_TEST(a.max_abs_error == b.max_abs_error);
    BOOST_TEST(a.max_rel_error == b.max_rel_error);
    BOOST_TEST(a.report == b.report);
  }
  // another seed draws another r: the error of the wrong backward, r (y - y^2), changes with it
  const GradCheckResult c = run(7, true), d = run(8, true);
  BOOST_TEST(!d.ok);
  BOOST_TEST(c.max_abs_error != d.max_abs_error);
}

BOOST_AUTO_TEST_CASE(report_contains_the_max_abs_error) {
  Rng rng(48);
  Variable x(randn({2, 3}, rng), "x");
  const GradCheckResult r = minidl::gradient_check([](const Variables& v) { return call<OffByHalf>(v); }, {x});
  BOOST_TEST(!r.ok);
  // analytic 2 r + 0.5 against numeric 2 r: off by 0.5 everywhere, up to rounding
  BOOST_TEST(std::abs(r.max_abs_error - 0.5) < 1e-6);
  std::ostringstream formatted;
  formatted << std::setprecision(6) << r.max_abs_error;
  BOOST_CHECK_MESSAGE(contains(r.report, "max abs error " + formatted.str()), r.report);
  BOOST_TEST(std::abs(tensor_error(r.report, "x (2, 3)") - 0.5) < 1e-5);

  // the tolerances are the caller's: with atol 1 the same backward passes
  GradCheckOptions loose;
  loose.atol = 1.0;
  Variable x2(x.data(), "x");
  const GradCheckResult l = minidl::gradient_check([](const Variables& v) { return call<OffByHalf>(v); }, {x2}, {}, loose);
  BOOST_TEST(l.ok);

  // `worst` elements are listed, worst first
  GradCheckOptions two;
  two.worst = 2;
  Variable x3(x.data(), "x");
  const GradCheckResult w = minidl::gradient_check([](const Variables& v) { return call<OffByHalf>(v); }, {x3}, {}, two);
  std::istringstream in(w.report.substr(w.report.find("worst elements")));
  std::string line;
  std::size_t listed = 0;
  std::getline(in, line);
  while (std::getline(in, line))
    if (line.rfind("  x[", 0) == 0) ++listed;
  BOOST_TEST(listed == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
