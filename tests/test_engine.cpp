// The autograd engine: accumulation, generation order, graph freeing, NoGradGuard, Layers.
#include <boost/test/unit_test.hpp>

#include <minidl/framework/function.hpp>
#include <minidl/framework/layer.hpp>
#include <minidl/framework/no_grad.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/embedding.hpp>
#include <minidl/layers/embedding_dot.hpp>
#include <minidl/layers/matmul.hpp>

#include <xtensor/xbuilder.hpp>

using namespace minidl;

namespace {
Variable scalar(double v, const std::string& name = {}) {
  Tensor t = Tensor::from_shape({});
  t() = v;
  return Variable(t, name);
}
double value(const Tensor& t) { return t.flat(0); }
// A 1x1 matrix ({{v}} alone is ambiguous between 1-D and 2-D initializer lists).
Tensor m11(double v) { return xt::ones<Scalar>({1, 1}) * v; }
}  // namespace

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(variable_used_twice_accumulates) {
  Variable x = scalar(3.0, "x");
  Variable y = x * x;  // dy/dx = 2x
  y.backward();
  BOOST_TEST(value(y.data()) == 9.0);
  BOOST_TEST(value(x.grad()) == 6.0);
}

BOOST_AUTO_TEST_CASE(sum_of_list_with_repeats) {
  Variable x1 = scalar(1.0), x2 = scalar(2.0);
  Variable y = sum(Variables{x2, x1, x2});
  y.backward();
  BOOST_TEST(value(y.data()) == 5.0);
  BOOST_TEST(value(x1.grad()) == 1.0);
  BOOST_TEST(value(x2.grad()) == 2.0);
}

BOOST_AUTO_TEST_CASE(diamond_graph_runs_each_function_once_in_order) {
  // a = x^2; b = a * 3; c = a * 5; y = b + c = 8 x^2 -> dy/dx = 16 x
  Variable x = scalar(2.0);
  Variable a = x * x;
  Variable y = a * 3.0 + a * 5.0;
  BOOST_TEST(a.generation() == 1);
  BOOST_TEST(y.generation() == 3);
  y.backward();
  BOOST_TEST(value(y.data()) == 32.0);
  BOOST_TEST(value(x.grad()) == 32.0);
}

BOOST_AUTO_TEST_CASE(gradients_accumulate_across_backward_calls_until_cleared) {
  Variable x = scalar(3.0);
  (x * x).backward();
  (x * x).backward();
  BOOST_TEST(value(x.grad()) == 12.0);
  x.clear_grad();
  BOOST_TEST(!x.has_grad());
  (x * x).backward();
  BOOST_TEST(value(x.grad()) == 6.0);
}

BOOST_AUTO_TEST_CASE(graph_is_freed_unless_retained) {
  Variable x = scalar(3.0);
  Variable h = x * x;
  Variable y = h * 2.0;
  y.backward();
  BOOST_TEST(!h.has_grad());       // intermediate gradients freed
  BOOST_TEST(!h.creator());        // and the links to their creators
  BOOST_TEST(!y.creator());

  Variable x2 = scalar(3.0);
  Variable h2 = x2 * x2;
  Variable y2 = h2 * 2.0;
  y2.backward(true);
  BOOST_TEST(value(h2.grad()) == 2.0);
  BOOST_TEST(value(x2.grad()) == 12.0);
  BOOST_TEST(h2.creator() != nullptr);
}

BOOST_AUTO_TEST_CASE(freed_function_releases_its_inputs) {
  std::weak_ptr<Function> f;
  Variable x = scalar(1.0);
  {
    Variable y = x * x;
    f = y.creator();
    BOOST_TEST(!f.expired());
    y.backward();
  }
  BOOST_TEST(f.expired());
}

BOOST_AUTO_TEST_CASE(no_grad_guard_records_nothing_and_nests) {
  Variable x = scalar(2.0);
  BOOST_TEST(grad_enabled());
  {
    NoGradGuard outer;
    {
      NoGradGuard inner;
      BOOST_TEST(!grad_enabled());
    }
    BOOST_TEST(!grad_enabled());
    Variable y = x * x;
    BOOST_TEST(value(y.data()) == 4.0);
    BOOST_TEST(!y.creator());
    BOOST_TEST(!y.requires_grad());
  }
  BOOST_TEST(grad_enabled());
  BOOST_TEST(((x * x).creator() != nullptr));
}

BOOST_AUTO_TEST_CASE(constants_get_no_gradient) {
  Variable x = scalar(2.0);
  Variable c(Tensor::from_shape({}), "c", /*requires_grad=*/false);
  c.data()() = 5.0;
  Variable y = x * c;
  y.backward();
  BOOST_TEST(value(x.grad()) == 5.0);
  BOOST_TEST(!c.has_grad());
  // a result computed only from constants records nothing
  BOOST_TEST(!(c * c).creator());
}

BOOST_AUTO_TEST_CASE(backward_needs_a_scalar_or_an_upstream_gradient) {
  Variable x(Tensor{1.0, 2.0}, "x");
  Variable y = x * 3.0;
  BOOST_CHECK_THROW(y.backward(), std::logic_error);
  BOOST_CHECK_THROW(y.backward(Tensor{1.0, 2.0, 3.0}), std::invalid_argument);
  y.backward(Tensor{1.0, 10.0});
  BOOST_TEST(x.grad()(0) == 3.0);
  BOOST_TEST(x.grad()(1) == 30.0);
}

BOOST_AUTO_TEST_CASE(grad_of_an_unreached_variable_is_an_error) {
  Variable x = scalar(1.0, "lonely");
  try {
    (void)x.grad();
    BOOST_FAIL("expected a throw");
  } catch (const std::logic_error& e) {
    BOOST_TEST(std::string(e.what()).find("lonely") != std::string::npos);
  }
  BOOST_CHECK_THROW(Variable().data(), std::logic_error);
}

// A Function whose backward returns the wrong shape: the engine's one accumulation point says so.
class BadShape : public Function {
 public:
  std::string name() const override { return "BadShape"; }
  Tensors forward(const Inputs& x) override { return {x[0]}; }
  Tensors backward(const Tensors&) override { return {Tensor{1.0, 2.0, 3.0}}; }
};

BOOST_AUTO_TEST_CASE(wrong_gradient_shape_names_the_function) {
  Variable x(Tensor{1.0, 2.0}, "x");
  Variable y = call<BadShape>({x});
  try {
    y.backward(Tensor{1.0, 1.0});
    BOOST_FAIL("expected a throw");
  } catch (const std::logic_error& e) {
    const std::string msg = e.what();
    BOOST_TEST(msg.find("BadShape") != std::string::npos);
    BOOST_TEST(msg.find("(3,)") != std::string::npos);
    BOOST_TEST(msg.find("(2,)") != std::string::npos);
  }
}

// A shared Parameter: two layers hold one handle; parameters() lists it once and its gradient
// receives both uses (the book's remove_duplicate is not needed).
struct Twin : Layer {
  Parameter W;
  explicit Twin(Parameter w) : W(share_parameter(w)) {}
};
struct Pair : Layer {
  Parameter W;
  Twin a, b;
  Pair() : W(add_parameter("W", m11(2.0))), a(W), b(W) {
    add_layer(a);
    add_layer(b);
  }
};

BOOST_AUTO_TEST_CASE(shared_parameter_listed_once_and_accumulates) {
  Pair model;
  BOOST_TEST(model.parameters().size() == 1u);
  Variable x(m11(3.0), "x", false);
  Variable y = sum(matmul(x, model.a.W) + matmul(x, model.b.W));
  y.backward();
  BOOST_TEST(model.W.grad()(0, 0) == 6.0);
  model.zero_grad();
  BOOST_TEST(!model.W.has_grad());
}

BOOST_AUTO_TEST_CASE(hand_driven_layer_matches_engine) {
  Tensor x{{1.0, 2.0}, {3.0, 4.0}};
  Tensor W{{1.0, 0.0, -1.0}, {2.0, 1.0, 0.5}};
  Tensor dy{{1.0, -1.0, 2.0}, {0.5, 0.0, 1.0}};
  MatMul layer;
  Tensor h = layer.forward(x, W);
  Tensors g = layer.backward({dy});

  Variable vx(x), vW(W);
  Variable vh = matmul(vx, vW);
  vh.backward(dy);
  BOOST_TEST(same_shape(h, vh.data()));
  BOOST_TEST((h == vh.data()));
  BOOST_TEST((g[0] == vx.grad()));
  BOOST_TEST((g[1] == vW.grad()));
}

// ---- reusing a cleared gradient's buffer ----------------------------------------------------------
// clear_grad keeps the buffer, and a backward that adds rows into zeros (Function::zeros_for_rows)
// starts from it, resetting only the rows the last such gradient had. Every gradient must still be
// exactly what a Parameter that never had one gets, whatever happened to the buffer in between.

namespace {

// W's gradient of sum(embedding(W, ids) * r) + sum(embedding_dot(W, h, ids2) * r2).
void both_layers(const Parameter& W, const Ids& ids, const Ids& ids2, std::uint64_t seed) {
  Rng rng(seed);
  const std::size_t H = W.data().shape()[1];
  Variable r(randn({ids.size(), H}, rng), "r", false);
  Variable h(randn({ids2.shape()[0], H}, rng), "h", false);
  Variable r2(randn(shape_of(ids2), rng), "r2", false);
  Variable loss = sum(embedding(W, ids) * r) + sum(embedding_dot(W, h, ids2) * r2);
  loss.backward();
}

// The same computation on a Parameter with W's data that never had a gradient.
Tensor fresh_gradient(const Parameter& W, const Ids& ids, const Ids& ids2, std::uint64_t seed) {
  Parameter fresh(W.data(), "fresh");
  both_layers(fresh, ids, ids2, seed);
  return fresh.grad();
}

void check_fresh(const Parameter& W, const Ids& ids, const Ids& ids2, std::uint64_t seed, const std::string& what) {
  const Parameter& cW = W;  // the const grad(): the mutable one would make the engine forget the rows
  const Tensor want = fresh_gradient(W, ids, ids2, seed);
  BOOST_TEST((cW.grad() == want), what);
}

}  // namespace

BOOST_AUTO_TEST_CASE(cleared_buffer_gives_exactly_fresh_gradients) {
  Rng rng(11);
  Parameter W(randn({12, 3}, rng), "W");
  const Parameter& cW = W;
  const Ids a = {1, 4, 4}, b = {2}, c = {11, 0};
  const Ids a2 = {{3, 5}, {5, 6}}, b2 = {{7, 8}}, c2 = {{9, 1}, {10, 10}};
  both_layers(W, a, a2, 1);
  check_fresh(W, a, a2, 1, "first");
  W.clear_grad();
  both_layers(W, b, b2, 2);  // rows 1, 3, 4, 5, 6 must be reset, not only 2, 7, 8
  check_fresh(W, b, b2, 2, "second");
  const Scalar* buffer = cW.grad().data();

  W.clear_grad();
  both_layers(W, c, c2, 3);
  check_fresh(W, c, c2, 3, "third");
  BOOST_TEST(cW.grad().data() == buffer);  // the same buffer again

  // Accumulating without clearing: the rows of both gradients are the ones to reset later.
  both_layers(W, b, b2, 4);
  W.clear_grad();
  both_layers(W, a, a2, 5);  // rows 0, 2, 7, 8, 9, 10, 11 to reset
  check_fresh(W, a, a2, 5, "after an accumulated gradient");
  // ... and past as many entries as W has rows, all of it
  for (int k = 0; k < 3; ++k) both_layers(W, c, c2, 6);
  W.clear_grad();
  both_layers(W, b, b2, 7);
  check_fresh(W, b, b2, 7, "after a long accumulation");
}

BOOST_AUTO_TEST_CASE(any_other_write_to_the_gradient_resets_all_of_it) {
  Rng rng(12);
  Parameter W(randn({12, 3}, rng), "W");
  const Ids a = {1}, b = {2};
  const Ids a2 = {{3, 5}}, b2 = {{7, 8}};
  // through the mutable grad(): row 0 was no layer's
  both_layers(W, a, a2, 1);
  W.grad()(0, 0) = 42;
  W.clear_grad();
  both_layers(W, b, b2, 2);
  check_fresh(W, b, b2, 2, "after a write through grad()");
  // through add_grad: every row
  W.clear_grad();
  W.add_grad(xt::ones<Scalar>({12, 3}));
  W.clear_grad();
  both_layers(W, b, b2, 3);
  check_fresh(W, b, b2, 3, "after add_grad");
  // a gradient that came from elsewhere (a MatMul's dense dW), then the layers again
  W.clear_grad();
  Variable x(xt::ones<Scalar>({2, 12}), "x", false);
  sum(matmul(x, W)).backward();
  W.clear_grad();
  both_layers(W, a, a2, 4);
  check_fresh(W, a, a2, 4, "after a dense gradient");
}

BOOST_AUTO_TEST_CASE(zeros_for_rows_checks_its_rows) {
  struct Rows : Function {
    explicit Rows(Ids rows) : rows_(std::move(rows)) {}
    std::string name() const override { return "Rows"; }
    Tensors forward(const Inputs& xs) override { return outputs(Tensor(xs[0])); }
    Tensors backward(const Tensors&) override { return outputs(zeros_for_rows(0, rows_)); }
    Ids rows_;
  };
  Parameter W(xt::ones<Scalar>({3, 2}), "W");
  BOOST_CHECK_THROW(sum(call<Rows>({W}, Ids{3})).backward(), std::logic_error);
  BOOST_CHECK_THROW(sum(call<Rows>({W}, Ids{-1})).backward(), std::logic_error);
  sum(call<Rows>({W}, Ids{2})).backward();
  BOOST_TEST((W.grad() == xt::zeros<Scalar>({3, 2})));
}

BOOST_AUTO_TEST_SUITE_END()
