// The fast configuration's kernels (word2vec/fast/example_kernels) in double: their row-sparse gradients
// equal the dense gradients of the book's layers on the touched rows (and nothing else moves), the
// shared-negative Skip-gram passes the gradient checker, and SparseAdam is the book's Adam row by row.
// Tolerances: kernel and dense path compute the same sums in a different order, so they agree to
// rounding (1e-12 on values of order 1); the gradient checker's own tolerance is explained in
// framework/gradient_check.hpp.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include <xtensor/xview.hpp>

#include <minidl/word2vec/fast/example_kernels.hpp>
#include <minidl/optim/sparse_adam.hpp>
#include <minidl/framework/function.hpp>
#include <minidl/framework/gradient_check.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/layers/negative_sampling_loss.hpp>
#include <minidl/models/cbow.hpp>
#include <minidl/optim/adam.hpp>

using namespace minidl;

namespace {

constexpr double kRounding = 1e-12;

Ids corpus_of(std::size_t n, std::size_t vocab, std::uint64_t seed) {
  Rng rng(seed);
  Ids c = Ids::from_shape({n});
  for (std::size_t i = 0; i < n; ++i) c(i) = static_cast<std::int32_t>(i < vocab ? i : rng.integer(vocab));
  return c;
}

// Adds rows (n x H) into the dense (V x H) matrix at ids: the scatter the fast path never does.
void scatter_add(Tensor& dense, const std::vector<std::int32_t>& ids, const Scalar* rows, Scalar scale = 1) {
  const std::size_t H = dense.shape()[1];
  for (std::size_t r = 0; r < ids.size(); ++r)
    for (std::size_t j = 0; j < H; ++j) dense(std::size_t(ids[r]), j) += scale * rows[r * H + j];
}

void check_close(const Tensor& a, const Tensor& b, const std::string& what) {
  BOOST_REQUIRE(same_shape(a, b));
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a.data()[i] - b.data()[i]));
  BOOST_TEST(worst <= kRounding, what << ": largest difference " << worst);
}

// The shared-negative Skip-gram loss as a recorded Function of W_in and W_out, its backward the
// kernel's row-sparse gradient scattered into dense matrices: what the gradient checker can see.
class SharedNegativeLoss : public Function {
 public:
  SharedNegativeLoss(std::vector<std::int32_t> contexts, std::vector<std::int32_t> outputs)
      : contexts_(std::move(contexts)), outputs_(std::move(outputs)) {}
  std::string name() const override { return "SharedNegativeLoss"; }
  Tensors forward(const Inputs& xs) override {
    const std::size_t H = xs[0].shape()[1], C = contexts_.size(), K = outputs_.size();
    G_.assign(C * K, 0);
    grad_in_.assign(C * H, 0);
    grad_out_.assign(K * H, 0);
    const Scalar loss = shared_negative_gradient(xs[0].data(), xs[1].data(), H, contexts_.data(), C, outputs_.data(),
                                                 K, G_.data(), grad_in_.data(), grad_out_.data());
    return outputs(Tensor(loss));
  }
  Tensors backward(const Tensors& gys) override {
    const Scalar gy = *gys[0].begin();
    Tensor dW_in = xt::zeros_like(input(0)), dW_out = xt::zeros_like(input(1));
    scatter_add(dW_in, contexts_, grad_in_.data(), gy);
    scatter_add(dW_out, outputs_, grad_out_.data(), gy);
    return outputs(std::move(dW_in), std::move(dW_out));
  }

 private:
  std::vector<std::int32_t> contexts_, outputs_;
  std::vector<Scalar> G_, grad_in_, grad_out_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(fast_gradients)

BOOST_AUTO_TEST_CASE(cbow_kernel_equals_the_books_cbow_on_the_touched_rows) {
  // A batch of three rows through the book's CBOW (dense gradients over all of W_in and W_out) and
  // the same rows, with the same negatives, through the kernel one at a time.
  const std::size_t V = 12, H = 5, window = 2, S = 4;
  const Ids corpus = corpus_of(60, V, 3);
  Rng rng(5);
  CBOW model(V, H, window, corpus, rng, Word2VecOptions{0.75, S, 21});
  for (auto p : model.parameters()) p.data() = randn(p.shape(), rng) * Scalar(0.5);  // gradients of order 1
  const Ids contexts = {{0, 3, 5, 3}, {7, 1, 2, 11}, {4, 4, 9, 10}};  // repeated ids on purpose
  const Ids target = {2, 8, 4};
  const Ids negatives = UnigramSampler(corpus, 0.75, S, 21).get_negative_sample(target);  // the model's draw

  model.zero_grad();
  Variable loss = model.loss(contexts, target);
  loss.backward();

  const std::size_t N = 3, C = 2 * window;
  Tensor dW_in = xt::zeros<Scalar>({V, H}), dW_out = xt::zeros<Scalar>({V, H});
  double fast_loss = 0;
  std::vector<Scalar> h(H), grad_h(H), g(1 + S), grad_out((1 + S) * H);
  for (std::size_t n = 0; n < N; ++n) {
    std::vector<std::int32_t> ctx(&contexts(n, 0), &contexts(n, 0) + C), out{target(n)};
    for (std::size_t k = 0; k < S; ++k) out.push_back(negatives(n, k));
    fast_loss += cbow_example_gradient(model.W_in.data().data(), model.W_out.data().data(), H, ctx.data(), C,
                                       out.data(), out.size(), h.data(), grad_h.data(), g.data(), grad_out.data());
    // The book's loss is a mean over the batch: each row contributes 1 / N of its gradient.
    scatter_add(dW_out, out, grad_out.data(), Scalar(1) / N);
    for (const std::int32_t c : ctx)
      for (std::size_t j = 0; j < H; ++j) dW_in(std::size_t(c), j) += grad_h[j] / Scalar(C * N);
  }
  BOOST_TEST(std::abs(fast_loss / N - *loss.data().begin()) <= kRounding);
  check_close(dW_in, model.W_in.grad(), "W_in");
  check_close(dW_out, model.W_out.grad(), "W_out");
  // Without grad_out the kernel returns the same g (grad_out[k] = g[k] h) and grad_h.
  std::vector<Scalar> g2(1 + S), grad_h2(H);
  std::vector<std::int32_t> ctx(&contexts(2, 0), &contexts(2, 0) + C), out{target(2)};
  for (std::size_t k = 0; k < S; ++k) out.push_back(negatives(2, k));
  cbow_example_gradient(model.W_in.data().data(), model.W_out.data().data(), H, ctx.data(), C, out.data(), out.size(),
                        h.data(), grad_h2.data(), g2.data(), nullptr);
  BOOST_TEST(g2 == g);
  BOOST_TEST(grad_h2 == grad_h);
  for (std::size_t k = 0; k <= S; ++k)
    for (std::size_t j = 0; j < H; ++j) BOOST_TEST(grad_out[k * H + j] == g[k] * h[j]);
}

BOOST_AUTO_TEST_CASE(fused_cbow_sgd_step_is_the_gradient_step) {
  // cbow_example_sgd == cbow_example_gradient, then W_out[o_k] -= lr grad_out[k] and every context
  // row -= lr grad_h (word2vec's scale), with a repeated context and a repeated negative.
  Rng rng(12);
  const std::size_t V = 9, H = 6;
  const Scalar lr = 0.3;
  Tensor W_in = randn({V, H}, rng), W_out = randn({V, H}, rng);
  const std::vector<std::int32_t> ctx{1, 4, 4, 7}, out{2, 5, 8, 5};
  std::vector<Scalar> h(H), grad_h(H), g(out.size()), grad_out(out.size() * H);
  const Scalar loss = cbow_example_gradient(W_in.data(), W_out.data(), H, ctx.data(), ctx.size(), out.data(),
                                            out.size(), h.data(), grad_h.data(), g.data(), grad_out.data());
  Tensor want_in = W_in, want_out = W_out;
  scatter_add(want_out, out, grad_out.data(), -lr);
  for (const std::int32_t c : ctx)
    for (std::size_t j = 0; j < H; ++j) want_in(std::size_t(c), j) -= lr * grad_h[j];

  std::vector<Scalar*> in_rows, out_rows;
  for (const std::int32_t c : ctx) in_rows.push_back(&W_in(std::size_t(c), 0));
  for (const std::int32_t o : out) out_rows.push_back(&W_out(std::size_t(o), 0));
  const Scalar fused = cbow_example_sgd(in_rows.data(), in_rows.size(), out_rows.data(), out_rows.size(), H, lr,
                                        h.data(), grad_h.data());
  BOOST_TEST(std::abs(fused - loss) <= kRounding);
  check_close(W_in, want_in, "W_in after the step");
  check_close(W_out, want_out, "W_out after the step");
}

BOOST_AUTO_TEST_CASE(fused_skip_gram_sgd_step_is_the_gradient_step) {
  // skipgram_example_sgd == shared_negative_gradient, then W_in[c_i] -= lr grad_in[i] and
  // W_out[o_k] -= lr grad_out[k], with repeated contexts (in two pairs and within one: the kernel
  // takes contexts two at a time) and a repeated negative; H = 7 takes a
  // whole register, a half and a single scalar in each row.
  Rng rng(13);
  const std::size_t V = 9, H = 7;
  const Scalar lr = 0.3;
  Tensor W_in = randn({V, H}, rng), W_out = randn({V, H}, rng);
  const std::vector<std::int32_t> ctx{1, 4, 4, 7, 0, 0}, out{2, 5, 8, 5, 3, 6};  // a pair of 0s too
  const std::size_t C = ctx.size(), K = out.size();
  std::vector<Scalar> G(C * K), grad_in(C * H), grad_out(K * H);
  const Scalar loss = shared_negative_gradient(W_in.data(), W_out.data(), H, ctx.data(), C, out.data(), K, G.data(),
                                               grad_in.data(), grad_out.data());
  Tensor want_in = W_in, want_out = W_out;
  scatter_add(want_in, ctx, grad_in.data(), -lr);
  scatter_add(want_out, out, grad_out.data(), -lr);

  std::vector<Scalar*> in_rows, out_rows;
  for (const std::int32_t c : ctx) in_rows.push_back(&W_in(std::size_t(c), 0));
  for (const std::int32_t o : out) out_rows.push_back(&W_out(std::size_t(o), 0));
  std::vector<Scalar> G2(C * K), scratch(K * H);
  const Scalar fused = skipgram_example_sgd(in_rows.data(), C, out_rows.data(), K, H, lr, G2.data(), scratch.data());
  BOOST_TEST(std::abs(fused - loss) <= kRounding);
  check_close(W_in, want_in, "W_in after the step");
  check_close(W_out, want_out, "W_out after the step");
}

BOOST_AUTO_TEST_CASE(first_loss_is_one_plus_s_times_ln_2) {
  // W_out = 0, as the fast configuration starts: every score is 0, every q is 1/2.
  const std::size_t H = 4;
  std::vector<Scalar> W_in(6 * H, Scalar(0.3)), W_out(6 * H, 0), h(H), gh(H), g(6), G(2 * 6), gi(2 * H), go(6 * H);
  const std::vector<std::int32_t> ctx{1, 2}, out{0, 3, 4, 5, 3, 1};
  BOOST_TEST(std::abs(cbow_example_gradient(W_in.data(), W_out.data(), H, ctx.data(), 2, out.data(), 6, h.data(),
                                            gh.data(), g.data(), go.data()) -
                      6 * std::log(2.0)) <= kRounding);
  BOOST_TEST(std::abs(shared_negative_gradient(W_in.data(), W_out.data(), H, ctx.data(), 2, out.data(), 6, G.data(),
                                               gi.data(), go.data()) -
                      2 * 6 * std::log(2.0)) <= kRounding);
}

BOOST_AUTO_TEST_CASE(shared_negative_skip_gram_passes_the_gradient_checker) {
  Rng rng(9);
  Variable W_in(randn({10, 6}, rng) * Scalar(0.5), "W_in", true);
  Variable W_out(randn({10, 6}, rng) * Scalar(0.5), "W_out", true);
  // Contexts with a repeat, a negative repeated, a negative that is also a context word.
  const std::vector<std::int32_t> contexts{3, 7, 3, 0}, outputs{5, 1, 7, 1, 9};
  auto r = gradient_check(
      [&](const Variables& x) { return call<SharedNegativeLoss>({x[0], x[1]}, contexts, outputs); }, {W_in, W_out});
  BOOST_TEST(r.ok, r.report);
  BOOST_TEST(r.checked == 2 * 10 * 6);
}

BOOST_AUTO_TEST_CASE(shared_negative_skip_gram_is_the_books_loss_with_shared_negatives) {
  // The book's NegativeSamplingLoss with h = W_in[contexts] (C rows), each row's target the centre
  // word and every row the same negatives, is a mean over C rows: C times it is the kernel's sum.
  Rng rng(4);
  const std::size_t V = 10, H = 6, S = 3;
  Parameter W_in(randn({V, H}, rng) * Scalar(0.5), "W_in"), W_out(randn({V, H}, rng) * Scalar(0.5), "W_out");
  const std::vector<std::int32_t> contexts{3, 7, 3, 0}, outputs{5, 1, 8, 2};
  const std::size_t C = contexts.size();
  NegativeSamplingLoss ns(W_out, corpus_of(40, V, 2), 0.75, S);
  Ids ctx = Ids::from_shape({C}), target = Ids::from_shape({C}), negatives = Ids::from_shape({C, S});
  for (std::size_t c = 0; c < C; ++c) {
    ctx(c) = contexts[c];
    target(c) = outputs[0];
    for (std::size_t k = 0; k < S; ++k) negatives(c, k) = outputs[1 + k];
  }
  Variable h = call<SharedNegativeLoss>({W_in, W_out}, contexts, outputs);  // kernel, recorded
  Variable rows(xt::view(W_in.data(), xt::keep(ctx), xt::all()), "W_in[contexts]", true);
  Variable book = ns.forward(rows, target, negatives);
  BOOST_TEST(std::abs(*h.data().begin() - Scalar(C) * *book.data().begin()) <= kRounding);

  W_in.clear_grad();
  W_out.clear_grad();
  h.backward();
  const Tensor kernel_dW_out = W_out.grad();
  W_out.clear_grad();
  scale(book, Scalar(C)).backward();
  check_close(kernel_dW_out, W_out.grad(), "W_out");
  // W_in's rows: the book's gradient w.r.t. the gathered rows, added back at the context ids.
  Tensor dense_dW_in = xt::zeros<Scalar>({V, H});
  scatter_add(dense_dW_in, contexts, rows.grad().data());
  check_close(W_in.grad(), dense_dW_in, "W_in");
}

BOOST_AUTO_TEST_CASE(sparse_adam_is_the_books_adam_on_a_row_updated_every_step) {
  Rng rng(6);
  const std::size_t H = 7;
  Parameter dense(randn({1, H}, rng), "w");
  std::vector<Scalar> lazy(3 * H, Scalar(0));  // row 1 of three holds the same weights
  std::copy(dense.data().begin(), dense.data().end(), lazy.begin() + H);
  Adam adam({dense}, Scalar(0.01));
  // The fast trainer's way: one row at a time through SparseAdam::Rows, on weights held elsewhere.
  Parameter table(Tensor(xt::zeros<Scalar>(Shape{3, H})), "table");
  SparseAdam sparse_adam({table}, Scalar(0.01));
  const SparseAdam::Rows rows = sparse_adam.rows(0);
  for (int step = 0; step < 30; ++step) {
    const Tensor grad = randn({1, H}, rng);
    dense.clear_grad();
    dense.add_grad(grad);
    adam.step();
    rows.update(lazy.data() + H, 1, grad.data(), Scalar(0.01));
  }
  for (std::size_t j = 0; j < H; ++j) {
    BOOST_TEST(std::abs(lazy[H + j] - dense.data()(0, j)) <= kRounding);
    BOOST_TEST(lazy[j] == 0);  // untouched rows stay as they were
    BOOST_TEST(lazy[2 * H + j] == 0);
  }
}

BOOST_AUTO_TEST_SUITE_END()
