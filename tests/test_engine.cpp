// The autograd engine: accumulation, generation order, graph freeing, NoGradGuard, Layers.
#include <boost/test/unit_test.hpp>

#include <minidl/framework/by_hand.hpp>
#include <minidl/framework/function.hpp>
#include <minidl/framework/layer.hpp>
#include <minidl/framework/no_grad.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/embedding.hpp>
#include <minidl/layers/embedding_dot.hpp>
#include <minidl/framework/ops/matmul.hpp>

#include <algorithm>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

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
    add_layer(&Pair::a);
    add_layer(&Pair::b);
  }
};

// Layers move (std::vector<Affine> works) and keep finding their sub-layers after a move, and a
// vector of sub-layers registered once is read as it is when asked, however it grew.
struct Affine : Layer {
  Parameter W, b;
  Affine(double w, double bias) : W(add_parameter("W", m11(w))), b(add_parameter("b", m11(bias))) {}
};
struct Stack : Layer {
  Affine first;
  std::vector<Affine> layers;
  Stack() : first(1.0, 2.0) {
    add_layer(&Stack::first);
    add_layer(&Stack::layers);
  }
};

BOOST_AUTO_TEST_CASE(layers_move_and_find_their_sub_layers) {
  std::vector<Affine> affines;
  for (int k = 0; k < 5; ++k) affines.emplace_back(k, -k);  // reallocates: every Affine moves
  BOOST_TEST(affines[3].W.data()(0, 0) == 3.0);
  BOOST_TEST(affines[3].parameters().size() == 2u);
  BOOST_TEST(affines[3].parameters()[0].same(affines[3].W));

  Stack s;
  for (int k = 0; k < 3; ++k) s.layers.emplace_back(10.0 + k, 0.0);
  BOOST_TEST(s.parameters().size() == 2u + 2u * 3u);
  Stack moved(std::move(s));
  moved.layers.emplace_back(20.0, 0.0);
  const Parameters ps = moved.parameters();
  BOOST_TEST_REQUIRE(ps.size() == 2u + 2u * 4u);
  BOOST_TEST(ps[0].same(moved.first.W));
  BOOST_TEST(ps[2].same(moved.layers[0].W));
  BOOST_TEST(ps.back().same(moved.layers[3].b));
}

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
  ByHand<MatMul> layer;
  Tensor h = layer.forward({x, W});
  Tensors g = layer.backward({dy});

  Variable vx(x), vW(W);
  Variable vh = matmul(vx, vW);
  vh.backward(dy);
  BOOST_TEST(same_shape(h, vh.data()));
  BOOST_TEST((h == vh.data()));
  BOOST_TEST((g[0] == vx.grad()));
  BOOST_TEST((g[1] == vW.grad()));
}

// ---- row-sparse gradients ------------------------------------------------------------------------
// Embedding and EmbeddingDot give W a row-sparse gradient (framework/row_sparse): rows and values,
// never a dense V x H tensor, until something asks for it dense. It must always equal the dense
// gradient computed by hand, however it is summed with other gradients.

namespace {

// W's gradient of sum(embedding(W, ids) * r) + sum(embedding_dot(W, h, ids2) * r2), by hand.
struct TwoLayers {
  Tensor r, h, r2;
  TwoLayers(const Parameter& W, const Ids& ids, const Ids& ids2, std::uint64_t seed) {
    Rng rng(seed);
    const std::size_t H = W.data().shape()[1];
    r = randn({ids.size(), H}, rng);
    h = randn({ids2.shape()[0], H}, rng);
    r2 = randn(shape_of(ids2), rng);
  }
  Variable loss(const Parameter& W, const Ids& ids, const Ids& ids2) const {
    return sum(embedding(W, ids) * Variable(r, "r", false)) +
           sum(embedding_dot(W, Variable(h, "h", false), ids2) * Variable(r2, "r2", false));
  }
  Tensor want(const Tensor& W, const Ids& ids, const Ids& ids2) const {
    const std::size_t H = W.shape()[1], K = ids2.shape()[1];
    Tensor g = xt::zeros<Scalar>(W.shape());
    for (std::size_t i = 0; i < ids.size(); ++i)
      for (std::size_t j = 0; j < H; ++j) g(static_cast<std::size_t>(ids(i)), j) += r(i, j);
    for (std::size_t n = 0; n < ids2.shape()[0]; ++n)
      for (std::size_t k = 0; k < K; ++k)
        for (std::size_t j = 0; j < H; ++j) g(static_cast<std::size_t>(ids2(n, k)), j) += r2(n, k) * h(n, j);
    return g;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(embedding_gradients_are_row_sparse) {
  Rng rng(11);
  Parameter W(randn({12, 3}, rng), "W");
  const Ids a = {1, 4, 4}, a2 = {{3, 5}, {5, 6}};
  const TwoLayers f(W, a, a2, 1);
  f.loss(W, a, a2).backward();
  const RowSparse* g = W.sparse_grad();
  BOOST_REQUIRE(g != nullptr);
  // One entry per id, repeats kept: the two layers' entries joined, in the order they were summed.
  std::vector<std::size_t> rows = g->rows;
  std::sort(rows.begin(), rows.end());
  BOOST_TEST(rows == (std::vector<std::size_t>{1, 3, 4, 4, 5, 5, 6}), boost::test_tools::per_element());
  BOOST_TEST(g->values.shape()[0] == 7u);
  BOOST_TEST(g->values.shape()[1] == 3u);
  // Coalesced: each row once, ascending, its entries summed.
  const RowSparse c = g->coalesced(12);
  BOOST_TEST(c.rows == (std::vector<std::size_t>{1, 3, 4, 5, 6}), boost::test_tools::per_element());
  const Tensor want = f.want(W.data(), a, a2);
  BOOST_TEST(xt::allclose(c.to_dense({12, 3}), want, 1e-12, 1e-12));
  // Read dense, it is the hand-computed gradient, and stays dense from then on.
  BOOST_TEST(xt::allclose(W.grad(), want, 1e-12, 1e-12));
  BOOST_TEST(W.sparse_grad() == nullptr);
}

BOOST_AUTO_TEST_CASE(row_sparse_and_dense_gradients_add_up) {
  Rng rng(12);
  Parameter W(randn({12, 3}, rng), "W");
  const Ids a = {1, 4, 4}, a2 = {{3, 5}, {5, 6}}, b = {2}, b2 = {{7, 8}};
  const TwoLayers f(W, a, a2, 1), f2(W, b, b2, 2);
  // sparse + sparse (no zero_grad between two backwards) stays sparse and sums
  f.loss(W, a, a2).backward();
  f2.loss(W, b, b2).backward();
  BOOST_REQUIRE(W.sparse_grad() != nullptr);
  BOOST_TEST(xt::allclose(W.grad(), f.want(W.data(), a, a2) + f2.want(W.data(), b, b2), 1e-12, 1e-12));
  // dense + sparse, in either order
  Variable x(randn({2, 12}, rng), "x", false);
  const Tensor dense = xt::eval(xt::sum(x.data(), {0}));  // d sum(x W) / dW, column by column
  for (const bool dense_first : {true, false}) {
    W.clear_grad();
    BOOST_CHECK_THROW(W.grad(), std::logic_error);
    if (dense_first) sum(matmul(x, W)).backward();
    f.loss(W, a, a2).backward();
    if (!dense_first) sum(matmul(x, W)).backward();
    Tensor want = f.want(W.data(), a, a2);
    for (std::size_t v = 0; v < 12; ++v)
      for (std::size_t j = 0; j < 3; ++j) want(v, j) += dense(v);
    BOOST_TEST(W.sparse_grad() == nullptr);
    BOOST_TEST(xt::allclose(W.grad(), want, 1e-12, 1e-12), (dense_first ? "dense first" : "sparse first"));
  }
  // through an intermediate: W2 = 2 W, then embedding(W2): Mul's backward gets the dense gradient
  W.clear_grad();
  Variable W2 = W * 2.0;
  sum(embedding(W2, a) * Variable(f.r, "r", false)).backward();
  Tensor want = xt::zeros<Scalar>({12, 3});
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < 3; ++j) want(static_cast<std::size_t>(a(i)), j) += 2 * f.r(i, j);
  BOOST_TEST(xt::allclose(W.grad(), want, 1e-12, 1e-12));
}

BOOST_AUTO_TEST_CASE(row_sparse_grad_checks_its_rows) {
  struct Rows : Function {
    explicit Rows(Ids rows) : rows_(std::move(rows)) {}
    std::string name() const override { return "Rows"; }
    Tensors forward(const Inputs& xs) override { return outputs(Tensor(xs[0])); }
    Tensors backward(const Tensors&) override {
      return outputs(row_sparse_grad(0, rows_, xt::ones<Scalar>({rows_.size(), std::size_t(2)})));
    }
    Ids rows_;
  };
  Parameter W(xt::ones<Scalar>({3, 2}), "W");
  BOOST_CHECK_THROW(sum(call<Rows>({W}, Ids{3})).backward(), std::logic_error);
  BOOST_CHECK_THROW(sum(call<Rows>({W}, Ids{-1})).backward(), std::logic_error);
  sum(call<Rows>({W}, Ids{2})).backward();
  BOOST_TEST((W.grad() == Tensor{{0.0, 0.0}, {0.0, 0.0}, {1.0, 1.0}}));
}

BOOST_AUTO_TEST_SUITE_END()
