// The optimizers against the book's update rules (common/optimizer.py), written again here as plain
// scalar loops; gradient clipping by global norm; convergence on a quadratic through the engine.
#include <boost/test/unit_test.hpp>

#include <minidl/framework/clip_grads.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/optimizer.hpp>
#include <minidl/framework/parallel.hpp>
#include <minidl/framework/parameter.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/embedding.hpp>
#include <minidl/optim/adagrad.hpp>
#include <minidl/optim/adam.hpp>
#include <minidl/optim/momentum.hpp>
#include <minidl/optim/nesterov.hpp>
#include <minidl/optim/rmsprop.hpp>
#include <minidl/optim/sgd.hpp>
#include <minidl/optim/sparse_adam.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

using namespace minidl;

namespace {

using Vec = std::vector<double>;

Tensor tensor(const Vec& v, Shape shape = {}) {
  if (shape.empty()) shape = {v.size()};
  Tensor t = Tensor::from_shape(shape);
  BOOST_REQUIRE_EQUAL(t.size(), v.size());
  for (std::size_t i = 0; i < v.size(); ++i) t.flat(i) = static_cast<Scalar>(v[i]);
  return t;
}

Vec values(const Tensor& t) { return Vec(t.begin(), t.end()); }

void set_grad(Parameter& p, const Vec& g) {
  p.clear_grad();
  p.add_grad(tensor(g, shape_of(p.data())));
}

// |got - want| <= tol * max(1, |want|) element by element, reporting the first bad element.
void check_close(const Tensor& got, const Vec& want, double tol, const std::string& what = {}) {
  BOOST_REQUIRE_EQUAL(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const double g = got.flat(i), w = want[i];
    BOOST_TEST(std::abs(g - w) <= tol * std::max(1.0, std::abs(w)),
               what << " element " << i << ": got " << g << ", want " << w << " (tol " << tol << ")");
  }
}

// ---- the book's rules, one scalar at a time ---------------------------------------------------

struct RefSGD {
  double lr;
  void step(Vec& w, const Vec& g) {
    for (std::size_t i = 0; i < w.size(); ++i) w[i] -= lr * g[i];
  }
};

struct RefMomentum {
  double lr, momentum;
  Vec v;
  void step(Vec& w, const Vec& g) {
    if (v.empty()) v.assign(w.size(), 0.0);
    for (std::size_t i = 0; i < w.size(); ++i) {
      v[i] = momentum * v[i] - lr * g[i];
      w[i] += v[i];
    }
  }
};

// The book's Nesterov, statement by statement.
struct RefNesterov {
  double lr, momentum;
  Vec v;
  void step(Vec& w, const Vec& g) {
    if (v.empty()) v.assign(w.size(), 0.0);
    for (std::size_t i = 0; i < w.size(); ++i) {
      v[i] *= momentum;
      v[i] -= lr * g[i];
      w[i] += momentum * momentum * v[i];
      w[i] -= (1 + momentum) * lr * g[i];
    }
  }
};

struct RefAdaGrad {
  double lr;
  Vec h;
  void step(Vec& w, const Vec& g) {
    if (h.empty()) h.assign(w.size(), 0.0);
    for (std::size_t i = 0; i < w.size(); ++i) {
      h[i] += g[i] * g[i];
      w[i] -= lr * g[i] / (std::sqrt(h[i]) + 1e-7);
    }
  }
};

struct RefRMSprop {
  double lr, decay;
  Vec h;
  void step(Vec& w, const Vec& g) {
    if (h.empty()) h.assign(w.size(), 0.0);
    for (std::size_t i = 0; i < w.size(); ++i) {
      h[i] *= decay;
      h[i] += (1 - decay) * g[i] * g[i];
      w[i] -= lr * g[i] / (std::sqrt(h[i]) + 1e-7);
    }
  }
};

// Book form: one iteration counter per step() call, bias correction folded into lr_t.
struct RefAdam {
  RefAdam(double lr_, double beta1_, double beta2_) : lr(lr_), beta1(beta1_), beta2(beta2_) {}
  double lr, beta1, beta2;
  int iter = 0;
  std::vector<Vec> ms, vs;  // per parameter
  void step(Vec& w, const Vec& g) { step_all({&w}, {&g}); }
  // Several parameters in one step: the counter advances once.
  void step_all(const std::vector<Vec*>& ws, const std::vector<const Vec*>& gs) {
    ++iter;
    const double lr_t = lr * std::sqrt(1.0 - std::pow(beta2, iter)) / (1.0 - std::pow(beta1, iter));
    if (ms.size() < ws.size()) {
      ms.resize(ws.size());
      vs.resize(ws.size());
    }
    for (std::size_t p = 0; p < ws.size(); ++p) {
      Vec& w = *ws[p];
      const Vec& g = *gs[p];
      if (ms[p].empty()) {
        ms[p].assign(w.size(), 0.0);
        vs[p].assign(w.size(), 0.0);
      }
      for (std::size_t i = 0; i < w.size(); ++i) {
        ms[p][i] += (1 - beta1) * (g[i] - ms[p][i]);
        vs[p][i] += (1 - beta2) * (g[i] * g[i] - vs[p][i]);
        w[i] -= lr_t * ms[p][i] / (std::sqrt(vs[p][i]) + 1e-7);
      }
    }
  }
};

const Vec w0 = {1.0, -2.0, 0.5, 0.0};
// Three steps' gradients, with a zero (AdaGrad/RMSprop/Adam divide by sqrt(0) + eps there) and
// sign changes (momentum has to carry the earlier steps).
const std::vector<Vec> grads = {
    {0.5, -1.0, 2.0, 0.0},
    {-0.3, 0.0, 1.5, 0.25},
    {1.0, 0.25, -2.0, -0.75},
};

// Runs `steps` steps of opt on one Parameter and of ref on a copy, comparing after every step.
template <class Ref>
void compare_steps(Optimizer& opt, Parameter& p, Ref ref, std::size_t steps, double tol,
                   const std::string& what) {
  Vec w = values(p.data());
  for (std::size_t s = 0; s < steps; ++s) {
    set_grad(p, grads[s]);
    opt.step();
    ref.step(w, grads[s]);
    check_close(p.data(), w, tol, what + " step " + std::to_string(s + 1));
  }
}

// The move of a single step from w0 with grads[0].
Vec first_move(Optimizer& opt, Parameter& p) {
  set_grad(p, grads[0]);
  opt.step();
  Vec d(w0.size());
  for (std::size_t i = 0; i < w0.size(); ++i) d[i] = p.data().flat(i) - w0[i];
  return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(optimizers)

// ---- one step, by hand -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sgd_one_step_by_hand) {
  Parameter p(tensor(w0), "w");
  SGD opt({p}, 0.1);
  set_grad(p, grads[0]);
  opt.step();
  check_close(p.data(), {0.95, -1.9, 0.3, 0.0}, 1e-14);
}

BOOST_AUTO_TEST_CASE(momentum_two_steps_by_hand) {
  Parameter p(tensor({1.0}), "w");
  Momentum opt({p}, 0.1, 0.5);
  set_grad(p, {2.0});
  opt.step();  // v = -0.2, w = 0.8
  check_close(p.data(), {0.8}, 1e-14);
  set_grad(p, {2.0});
  opt.step();  // v = 0.5 * -0.2 - 0.2 = -0.3, w = 0.5
  check_close(p.data(), {0.5}, 1e-14);
}

BOOST_AUTO_TEST_CASE(nesterov_two_steps_by_hand) {
  Parameter p(tensor({1.0}), "w");
  Nesterov opt({p}, 0.1, 0.5);
  set_grad(p, {2.0});
  opt.step();  // v = -0.2; w = 1 + 0.25 * -0.2 - 1.5 * 0.2 = 0.65
  check_close(p.data(), {0.65}, 1e-14);
  set_grad(p, {2.0});
  opt.step();  // v = -0.1 - 0.2 = -0.3; w = 0.65 - 0.075 - 0.3 = 0.275
  check_close(p.data(), {0.275}, 1e-14);
}

BOOST_AUTO_TEST_CASE(adagrad_two_steps_by_hand) {
  Parameter p(tensor({1.0}), "w");
  AdaGrad opt({p}, 0.1);
  set_grad(p, {3.0});
  opt.step();  // h = 9, w = 1 - 0.1 * 3 / 3 = 0.9 (up to eps)
  check_close(p.data(), {0.9}, 1e-7);
  set_grad(p, {4.0});
  opt.step();  // h = 25, w = 0.9 - 0.1 * 4 / 5 = 0.82
  check_close(p.data(), {0.82}, 1e-7);
}

BOOST_AUTO_TEST_CASE(rmsprop_two_steps_by_hand) {
  Parameter p(tensor({1.0}), "w");
  RMSprop opt({p}, 0.1, 0.75);
  set_grad(p, {2.0});
  opt.step();  // h = 0.25 * 4 = 1, w = 1 - 0.1 * 2 / 1 = 0.8
  check_close(p.data(), {0.8}, 1e-7);
  set_grad(p, {4.0});
  opt.step();  // h = 0.75 + 0.25 * 16 = 4.75, w = 0.8 - 0.4 / sqrt(4.75)
  check_close(p.data(), {0.8 - 0.4 / 2.179449471770337}, 1e-7);
}

BOOST_AUTO_TEST_CASE(adam_one_step_by_hand) {
  // After one step m = (1-b1) g, v = (1-b2) g^2, lr_t = lr sqrt(1-b2) / (1-b1): the move is
  // lr * sign(g) up to eps, whatever the betas.
  Parameter p(tensor({1.0, -1.0}), "w");
  Adam opt({p}, 0.1, 0.5, 0.75);
  set_grad(p, {4.0, -0.5});
  opt.step();
  check_close(p.data(), {0.9, -0.9}, 1e-6);
  BOOST_TEST(opt.iterations() == 1);
  // second step, same gradient: m = 0.75 g, v = 0.4375 g^2, lr_t = 0.1 sqrt(0.4375) / 0.75
  // -> move = lr_t * 0.75 |g| / (sqrt(0.4375) |g|) = 0.1 again
  set_grad(p, {4.0, -0.5});
  opt.step();
  check_close(p.data(), {0.8, -0.8}, 1e-6);
  BOOST_TEST(opt.iterations() == 2);
}

// ---- one and three steps against the book's rules ---------------------------------------------

BOOST_AUTO_TEST_CASE(sgd_matches_book_rule) {
  for (std::size_t steps : {1u, 3u}) {
    Parameter p(tensor(w0), "w");
    SGD opt({p}, 0.3);
    compare_steps(opt, p, RefSGD{0.3}, steps, 1e-13, "SGD");
  }
}

BOOST_AUTO_TEST_CASE(momentum_matches_book_rule) {
  for (std::size_t steps : {1u, 3u}) {
    Parameter p(tensor(w0), "w");
    Momentum opt({p}, 0.2, 0.7);
    compare_steps(opt, p, RefMomentum{0.2, 0.7, {}}, steps, 1e-13, "Momentum");
  }
}

BOOST_AUTO_TEST_CASE(nesterov_matches_book_rule) {
  for (std::size_t steps : {1u, 3u}) {
    Parameter p(tensor(w0), "w");
    Nesterov opt({p}, 0.2, 0.7);
    compare_steps(opt, p, RefNesterov{0.2, 0.7, {}}, steps, 1e-13, "Nesterov");
  }
}

BOOST_AUTO_TEST_CASE(adagrad_matches_book_rule) {
  for (std::size_t steps : {1u, 3u}) {
    Parameter p(tensor(w0), "w");
    AdaGrad opt({p}, 0.2);
    compare_steps(opt, p, RefAdaGrad{0.2, {}}, steps, 1e-13, "AdaGrad");
  }
}

BOOST_AUTO_TEST_CASE(rmsprop_matches_book_rule) {
  for (std::size_t steps : {1u, 3u}) {
    Parameter p(tensor(w0), "w");
    RMSprop opt({p}, 0.02, 0.9);
    compare_steps(opt, p, RefRMSprop{0.02, 0.9, {}}, steps, 1e-13, "RMSprop");
  }
}

BOOST_AUTO_TEST_CASE(adam_matches_book_rule) {
  for (std::size_t steps : {1u, 3u}) {
    Parameter p(tensor(w0), "w");
    Adam opt({p}, 0.05, 0.8, 0.95);
    compare_steps(opt, p, RefAdam{0.05, 0.8, 0.95}, steps, 1e-13, "Adam");
    BOOST_TEST(opt.iterations() == static_cast<long>(steps));
  }
}

// State is per parameter: two parameters of different shapes, three steps, each its own history.
BOOST_AUTO_TEST_CASE(state_is_kept_per_parameter) {
  const Vec a0 = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, b0 = {-1.0, 1.0, 2.0, -2.0};
  const std::vector<Vec> ga = {{1, -1, 2, 0, 0.5, -0.5}, {0.5, 0.5, -1, 1, 2, 0}, {-2, 1, 0, 0.25, 1, 1}};
  const std::vector<Vec> gb = {{3, 0, -1, 1}, {-0.5, 2, 2, 0}, {1, 1, -3, 0.5}};

  auto run = [&](auto make, auto ref_a, auto ref_b, const std::string& what) {
    Parameter a(tensor(a0, {2, 3}), "a"), b(tensor(b0), "b");
    std::unique_ptr<Optimizer> opt = make(Parameters{a, b});
    Vec wa = a0, wb = b0;
    for (std::size_t s = 0; s < 3; ++s) {
      set_grad(a, ga[s]);
      set_grad(b, gb[s]);
      opt->step();
      ref_a.step(wa, ga[s]);
      ref_b.step(wb, gb[s]);
      check_close(a.data(), wa, 1e-13, what + " a, step " + std::to_string(s + 1));
      check_close(b.data(), wb, 1e-13, what + " b, step " + std::to_string(s + 1));
    }
    BOOST_TEST(a.data().dimension() == 2u);
  };
  run([](Parameters ps) { return std::make_unique<Momentum>(ps, 0.1, 0.9); }, RefMomentum{0.1, 0.9, {}},
      RefMomentum{0.1, 0.9, {}}, "Momentum");
  run([](Parameters ps) { return std::make_unique<Nesterov>(ps, 0.1, 0.9); }, RefNesterov{0.1, 0.9, {}},
      RefNesterov{0.1, 0.9, {}}, "Nesterov");
  run([](Parameters ps) { return std::make_unique<AdaGrad>(ps, 0.1); }, RefAdaGrad{0.1, {}},
      RefAdaGrad{0.1, {}}, "AdaGrad");
  run([](Parameters ps) { return std::make_unique<RMSprop>(ps, 0.1, 0.9); }, RefRMSprop{0.1, 0.9, {}},
      RefRMSprop{0.1, 0.9, {}}, "RMSprop");

  // Adam's counter advances once per step(), not once per parameter.
  Parameter a(tensor(a0, {2, 3}), "a"), b(tensor(b0), "b");
  Adam opt({a, b}, 0.1, 0.9, 0.999);
  RefAdam ref{0.1, 0.9, 0.999};
  Vec wa = a0, wb = b0;
  for (std::size_t s = 0; s < 3; ++s) {
    set_grad(a, ga[s]);
    set_grad(b, gb[s]);
    opt.step();
    ref.step_all({&wa, &wb}, {&ga[s], &gb[s]});
    check_close(a.data(), wa, 1e-13, "Adam a, step " + std::to_string(s + 1));
    check_close(b.data(), wb, 1e-13, "Adam b, step " + std::to_string(s + 1));
  }
  BOOST_TEST(opt.iterations() == 3);
}

BOOST_AUTO_TEST_CASE(scalar_parameter_gets_zero_initial_state) {
  Tensor s = Tensor::from_shape({});
  s() = 1.0;
  Parameter p(s, "bias");
  Momentum opt({p}, 0.1, 0.5);
  Tensor g = Tensor::from_shape({});
  g() = 2.0;
  p.add_grad(g);
  opt.step();
  BOOST_TEST(std::abs(p.data()() - 0.8) < 1e-14);
  p.clear_grad();
  p.add_grad(g);
  opt.step();
  BOOST_TEST(std::abs(p.data()() - 0.5) < 1e-14);
}

// ---- defaults ------------------------------------------------------------------------------------
// The defaults are the book's: lr 0.01 (SGD, Momentum, Nesterov, AdaGrad, RMSprop), momentum 0.9,
// decay 0.99, Adam lr 0.001, beta1 0.9, beta2 0.999. (Checked to 1e-6 relative: the defaults are
// written as float literals, so the double build carries them rounded to float.)

BOOST_AUTO_TEST_CASE(sgd_default_lr_is_0_01) {
  Parameter p(tensor(w0), "w");
  SGD opt({p});
  const Vec d = first_move(opt, p);
  for (std::size_t i = 0; i < d.size(); ++i) BOOST_TEST(std::abs(d[i] + 0.01 * grads[0][i]) <= 1e-9);
}

BOOST_AUTO_TEST_CASE(momentum_defaults) {
  // Two steps with the same g: w moves by -lr g, then by -(momentum lr + lr) g: -0.029 g in all.
  Parameter p(tensor({1.0, -1.0}), "w");
  Momentum opt({p});
  set_grad(p, {1.0, -2.0});
  opt.step();
  check_close(p.data(), {0.99, -0.98}, 1e-8);
  set_grad(p, {1.0, -2.0});
  opt.step();
  check_close(p.data(), {1.0 - 0.029, -1.0 + 0.058}, 1e-8);
  Parameter q(tensor(w0), "w");
  Momentum opt2({q});
  compare_steps(opt2, q, RefMomentum{0.01, 0.9, {}}, 3, 1e-8, "Momentum defaults");
}

BOOST_AUTO_TEST_CASE(nesterov_defaults) {
  // first step: v = -lr g; w += 0.81 v - 1.9 lr g = -0.0271 g
  Parameter p(tensor({1.0, -1.0}), "w");
  Nesterov opt({p});
  set_grad(p, {1.0, -2.0});
  opt.step();
  check_close(p.data(), {1.0 - 0.0271, -1.0 + 0.0542}, 1e-8);
  Parameter q(tensor(w0), "w");
  Nesterov opt2({q});
  compare_steps(opt2, q, RefNesterov{0.01, 0.9, {}}, 3, 1e-8, "Nesterov defaults");
}

BOOST_AUTO_TEST_CASE(adagrad_defaults) {
  // first step moves by lr * sign(g) (g / sqrt(g^2)), lr = 0.01
  Parameter p(tensor({1.0, -1.0}), "w");
  AdaGrad opt({p});
  set_grad(p, {5.0, -0.25});
  opt.step();
  check_close(p.data(), {0.99, -0.99}, 1e-7);
  Parameter q(tensor(w0), "w");
  AdaGrad opt2({q});
  compare_steps(opt2, q, RefAdaGrad{0.01, {}}, 3, 1e-8, "AdaGrad defaults");
}

BOOST_AUTO_TEST_CASE(rmsprop_defaults) {
  // first step: h = 0.01 g^2, move = lr g / (0.1 |g|) = 10 lr sign(g) = 0.1 sign(g)
  Parameter p(tensor({1.0, -1.0}), "w");
  RMSprop opt({p});
  set_grad(p, {5.0, -0.25});
  opt.step();
  check_close(p.data(), {0.9, -0.9}, 1e-6);
  Parameter q(tensor(w0), "w");
  RMSprop opt2({q});
  compare_steps(opt2, q, RefRMSprop{0.01, 0.99, {}}, 3, 1e-7, "RMSprop defaults");
}

BOOST_AUTO_TEST_CASE(adam_defaults) {
  Parameter p(tensor({1.0, -1.0}), "w");
  Adam opt({p});
  set_grad(p, {5.0, -0.25});
  opt.step();
  check_close(p.data(), {0.999, -0.999}, 1e-7);  // lr 0.001 times sign(g), up to eps
  Parameter q(tensor(w0), "w");
  Adam opt2({q});
  compare_steps(opt2, q, RefAdam{0.001, 0.9, 0.999}, 3, 1e-8, "Adam defaults");
  // The betas only show over many steps (bias correction hides them early): one large gradient,
  // then 299 small ones. beta2 = 0.999 still remembers the large one, 0.99 has forgotten it.
  auto run = [](auto&& stepper) {
    Vec w = {0.0};
    for (int s = 0; s < 300; ++s) stepper(w, Vec{s == 0 ? 10.0 : 1.0});
    return w[0];
  };
  Parameter r(tensor({0.0}), "w");
  Adam opt3({r});
  run([&](Vec&, const Vec& g) {  // the Parameter path: w unused
    set_grad(r, g);
    opt3.step();
  });
  RefAdam book{0.001, 0.9, 0.999}, beta2_99{0.001, 0.9, 0.99}, beta1_8{0.001, 0.8, 0.999};
  const double want = run([&](Vec& w, const Vec& g) { book.step(w, g); });
  const double other2 = run([&](Vec& w, const Vec& g) { beta2_99.step(w, g); });
  const double other1 = run([&](Vec& w, const Vec& g) { beta1_8.step(w, g); });
  BOOST_TEST(std::abs(r.data()(0) - want) < 1e-6, r.data()(0) << " vs " << want);
  BOOST_TEST(std::abs(other2 - want) > 1e-3);  // the comparison can tell the betas apart
  BOOST_TEST(std::abs(other1 - want) > 1e-4);
  BOOST_TEST(opt3.iterations() == 300);
}

// ---- which parameters step() touches -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(parameters_without_gradient_are_left_untouched) {
  using Make = std::function<std::unique_ptr<Optimizer>(Parameters)>;
  const std::vector<std::pair<std::string, Make>> makers = {
      {"SGD", [](Parameters ps) { return std::make_unique<SGD>(ps, 0.1); }},
      {"Momentum", [](Parameters ps) { return std::make_unique<Momentum>(ps, 0.1); }},
      {"Nesterov", [](Parameters ps) { return std::make_unique<Nesterov>(ps, 0.1); }},
      {"AdaGrad", [](Parameters ps) { return std::make_unique<AdaGrad>(ps, 0.1); }},
      {"RMSprop", [](Parameters ps) { return std::make_unique<RMSprop>(ps, 0.1); }},
      {"Adam", [](Parameters ps) { return std::make_unique<Adam>(ps, 0.1); }},
  };
  for (const auto& [name, make] : makers) {
    BOOST_TEST_CONTEXT(name) {
      Parameter a(tensor({1.0, 2.0}), "a"), b(tensor({3.0, 4.0, 5.0}), "b");
      std::unique_ptr<Optimizer> opt = make({a, b});
      BOOST_TEST(opt->parameters().size() == 2u);
      set_grad(a, {1.0, -1.0});
      opt->step();
      BOOST_TEST(!b.has_grad());
      check_close(b.data(), {3.0, 4.0, 5.0}, 0.0, "b");
      BOOST_TEST(a.data()(0) < 1.0);  // a did move, downhill
      BOOST_TEST(a.data()(1) > 2.0);
      // a step with no gradients anywhere changes nothing
      opt->zero_grad();
      const Vec a_before = values(a.data());
      opt->step();
      check_close(a.data(), a_before, 0.0, "a after zero_grad");
      check_close(b.data(), {3.0, 4.0, 5.0}, 0.0, "b after zero_grad");
    }
  }
}

BOOST_AUTO_TEST_CASE(late_gradient_starts_from_fresh_state) {
  // b gets its first gradient at step 2: its velocity starts at zero, so it moves by -lr g only,
  // while a (with history) moves by momentum * v - lr g.
  Parameter a(tensor({0.0}), "a"), b(tensor({0.0}), "b");
  Momentum opt({a, b}, 0.1, 0.5);
  set_grad(a, {1.0});
  opt.step();
  BOOST_TEST(std::abs(a.data()(0) + 0.1) < 1e-14);
  BOOST_TEST(b.data()(0) == 0.0);
  set_grad(a, {1.0});
  set_grad(b, {1.0});
  opt.step();
  BOOST_TEST(std::abs(a.data()(0) + 0.25) < 1e-14);
  BOOST_TEST(std::abs(b.data()(0) + 0.1) < 1e-14);
}

BOOST_AUTO_TEST_CASE(zero_grad_clears_every_gradient) {
  Parameter a(tensor({1.0, 2.0}), "a"), b(tensor({3.0}), "b"), c(tensor({4.0}), "c");
  SGD opt({a, b, c});
  set_grad(a, {1.0, 1.0});
  set_grad(b, {2.0});
  BOOST_TEST(a.has_grad());
  BOOST_TEST(b.has_grad());
  opt.zero_grad();
  BOOST_TEST(!a.has_grad());
  BOOST_TEST(!b.has_grad());
  BOOST_TEST(!c.has_grad());
  BOOST_CHECK_THROW(a.grad(), std::logic_error);
  // handles share the node: the optimizer's copy and ours see the same cleared gradient
  BOOST_TEST(!opt.parameters()[0].has_grad());
  // gradients start afresh afterwards rather than adding to the old ones
  set_grad(a, {0.5, 0.5});
  opt.step();
  check_close(a.data(), {0.995, 1.995}, 1e-8);
}

BOOST_AUTO_TEST_CASE(step_updates_shared_handle) {
  // the optimizer holds copies of the handles: the update is seen through the caller's handle
  Parameter p(tensor({2.0}), "p");
  SGD opt({p}, 0.5);
  set_grad(p, {1.0});
  opt.step();
  BOOST_TEST(p.data()(0) == 1.5);
  BOOST_TEST(opt.parameters()[0].data()(0) == 1.5);
}

// ---- clip_grads ---------------------------------------------------------------------------------

namespace {
double global_norm(const Parameters& ps) {
  double s = 0;
  for (const auto& p : ps)
    if (p.has_grad())
      for (const Scalar g : p.grad()) s += static_cast<double>(g) * g;
  return std::sqrt(s);
}
}  // namespace

BOOST_AUTO_TEST_CASE(clip_grads_scales_to_max_norm_when_above) {
  // grads {3, 4} and {12}: global norm sqrt(9 + 16 + 144) = 13
  Parameter a(tensor({0.0, 0.0}), "a"), b(tensor({0.0}), "b"), c(tensor({0.0, 0.0}), "c");
  set_grad(a, {3.0, 4.0});
  set_grad(b, {12.0});
  const Parameters ps{a, b, c};  // c has no gradient: skipped, not an error
  const double norm = clip_grads(ps, 6.5);
  BOOST_TEST(std::abs(norm - 13.0) < 1e-12);
  BOOST_TEST(std::abs(global_norm(ps) - 6.5) <= 1e-6 * 6.5);
  // every gradient scaled by the same rate (the book's max_norm / (norm + 1e-6))
  const double rate = 6.5 / (13.0 + 1e-6);
  check_close(a.grad(), {3.0 * rate, 4.0 * rate}, 1e-12, "a");
  check_close(b.grad(), {12.0 * rate}, 1e-12, "b");
  BOOST_TEST(!c.has_grad());
}

BOOST_AUTO_TEST_CASE(clip_grads_leaves_small_gradients_alone) {
  Parameter a(tensor({0.0, 0.0}), "a"), b(tensor({0.0}), "b");
  set_grad(a, {3.0, 4.0});
  set_grad(b, {12.0});
  const double norm = clip_grads({a, b}, 20.0);
  BOOST_TEST(std::abs(norm - 13.0) < 1e-12);
  check_close(a.grad(), {3.0, 4.0}, 0.0, "a");
  check_close(b.grad(), {12.0}, 0.0, "b");
}

BOOST_AUTO_TEST_CASE(clip_grads_on_a_matrix_and_many_parameters) {
  // 2x3 of 0.5 and a (4,) of -1: norm = sqrt(6 * 0.25 + 4) = sqrt(5.5)
  Parameter a(tensor(Vec(6, 0.0), {2, 3}), "a"), b(tensor(Vec(4, 0.0)), "b");
  set_grad(a, Vec(6, 0.5));
  set_grad(b, Vec(4, -1.0));
  const double norm = clip_grads({a, b}, 1.0);
  BOOST_TEST(std::abs(norm - std::sqrt(5.5)) < 1e-12);
  BOOST_TEST(std::abs(global_norm({a, b}) - 1.0) <= 1e-6);
  // direction kept: ratio between the two parameters' entries unchanged
  BOOST_TEST(std::abs(a.grad()(1, 2) / b.grad()(3) + 0.5) < 1e-12);
  BOOST_TEST(a.grad()(0, 0) > 0.0);
}

BOOST_AUTO_TEST_CASE(clip_grads_without_any_gradient_returns_zero) {
  Parameter a(tensor({1.0}), "a");
  BOOST_TEST(clip_grads({a}, 1.0) == 0.0);
  BOOST_TEST(!a.has_grad());
}

BOOST_AUTO_TEST_CASE(clip_grads_rejects_non_positive_max_norm) {
  Parameter a(tensor({1.0}), "a");
  set_grad(a, {100.0});
  BOOST_CHECK_THROW(clip_grads({a}, 0.0), std::invalid_argument);
  BOOST_CHECK_THROW(clip_grads({a}, -1.0), std::invalid_argument);
  BOOST_CHECK_THROW(clip_grads({a}, std::nan("")), std::invalid_argument);
  BOOST_TEST(a.grad()(0) == 100.0);  // a rejected call changes nothing
}

// ---- convergence on sum((w - 3)^2) through the engine --------------------------------------------

namespace {
// Runs `iters` steps minimising sum((w - 3)^2) from w = {0, -1, 5, 3}; returns the final loss.
double minimise(Optimizer& opt, Parameter& w, int iters) {
  Variable three(xt::ones<Scalar>({4}) * Scalar(3), "three", /*requires_grad=*/false);
  double last = 0;
  for (int it = 0; it < iters; ++it) {
    opt.zero_grad();
    Variable d = w - three;
    Variable loss = sum(d * d);
    last = loss.data()();
    loss.backward();
    opt.step();
  }
  return last;
}
}  // namespace

BOOST_AUTO_TEST_CASE(each_optimizer_minimises_a_quadratic) {
  using Make = std::function<std::unique_ptr<Optimizer>(Parameters)>;
  struct Case {
    std::string name;
    Make make;
    int iters;
    double tol;
  };
  const std::vector<Case> cases = {
      {"SGD", [](Parameters ps) { return std::make_unique<SGD>(ps, 0.1); }, 200, 1e-6},
      {"Momentum", [](Parameters ps) { return std::make_unique<Momentum>(ps, 0.05, 0.9); }, 500, 1e-4},
      {"Nesterov", [](Parameters ps) { return std::make_unique<Nesterov>(ps, 0.05, 0.9); }, 500, 1e-4},
      {"AdaGrad", [](Parameters ps) { return std::make_unique<AdaGrad>(ps, 1.0); }, 1000, 1e-3},
      {"RMSprop", [](Parameters ps) { return std::make_unique<RMSprop>(ps, 0.01, 0.99); }, 2000, 2e-2},
      {"Adam", [](Parameters ps) { return std::make_unique<Adam>(ps, 0.05); }, 2000, 1e-2},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Parameter w(tensor({0.0, -1.0, 5.0, 3.0}), "w");
      std::unique_ptr<Optimizer> opt = c.make({w});
      const double first_loss = 9.0 + 16.0 + 4.0;
      const double loss = minimise(*opt, w, c.iters);
      BOOST_TEST(loss < first_loss * 1e-3);
      for (std::size_t i = 0; i < 4; ++i)
        BOOST_TEST(std::abs(w.data()(i) - 3.0) < c.tol, "w[" << i << "] = " << w.data()(i));
    }
  }
}

// ---- threads, the next gradient's zeros, subnormal state -----------------------------------------

namespace {

using Make = std::function<std::unique_ptr<Optimizer>(Parameters)>;

const std::vector<std::pair<std::string, Make>>& every_optimizer() {
  static const std::vector<std::pair<std::string, Make>> makers = {
      {"SGD", [](Parameters ps) { return std::make_unique<SGD>(ps, 0.1); }},
      {"Momentum", [](Parameters ps) { return std::make_unique<Momentum>(ps, 0.1, 0.9); }},
      {"Nesterov", [](Parameters ps) { return std::make_unique<Nesterov>(ps, 0.1, 0.9); }},
      {"AdaGrad", [](Parameters ps) { return std::make_unique<AdaGrad>(ps, 0.1); }},
      {"RMSprop", [](Parameters ps) { return std::make_unique<RMSprop>(ps, 0.1, 0.9); }},
      {"Adam", [](Parameters ps) { return std::make_unique<Adam>(ps, 0.1, 0.9, 0.999); }},
  };
  return makers;
}

// The library's thread count for one scope; the other tests expect one thread.
struct Threads {
  explicit Threads(int n) { set_num_threads(n); }
  ~Threads() { set_num_threads(1); }
};

// Bit for bit (no NaN here), reporting the first difference.
void check_same_bits(const Tensor& got, const Tensor& want, const std::string& what) {
  BOOST_REQUIRE_EQUAL(got.size(), want.size());
  for (std::size_t k = 0; k < want.size(); ++k)
    if (got.flat(k) != want.flat(k)) {
      BOOST_ERROR(what << " element " << k << ": " << got.flat(k) << " vs " << want.flat(k));
      return;
    }
}

// What Embedding's backward makes of upstream r for ids: rows of r added into zeros, in order.
Tensor embedding_grad(const Shape& W_shape, const Ids& ids, const Tensor& r) {
  Tensor g = xt::zeros<Scalar>(W_shape);
  const std::size_t H = W_shape[1];
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (std::size_t h = 0; h < H; ++h) g(static_cast<std::size_t>(ids(i)), h) += r(i, h);
  return g;
}

// loss = sum(embedding(W, ids) * r), backward: W's gradient is embedding_grad(ids, r), row-sparse.
void backward_through_embedding(const Parameter& W, const Ids& ids, const Tensor& r) {
  Variable loss = sum(embedding(W, ids) * Variable(r, "r", false));
  loss.backward();
}

// W's gradient as a dense tensor without making W's own dense (which would send the next step()
// down the dense path): the row-sparse gradient must stay row-sparse for update_rows to be tested.
Tensor dense_view(const Parameter& W) {
  if (const RowSparse* g = W.sparse_grad()) return g->to_dense(W.shape());
  return W.grad();
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_threads_give_the_same_bits_as_one) {
  // Large enough to be split in two at two threads; every element updated alike, so the split
  // must not change a bit of the parameters or the state.
  const std::size_t n = 2 * kParallelGrain + 5;
  BOOST_REQUIRE(n / kParallelGrain >= 2);
  Rng rng(3);
  const Tensor w_init = randn({n}, rng);
  std::vector<Tensor> gs;
  for (int s = 0; s < 3; ++s) gs.push_back(randn({n}, rng));
  for (const auto& [name, make] : every_optimizer()) {
    BOOST_TEST_CONTEXT(name) {
      auto run = [&, &make = make](int threads) {
        Threads t(threads);
        BOOST_REQUIRE(num_threads() == threads);
        Parameter p(w_init, "w");
        std::unique_ptr<Optimizer> opt = make({p});
        for (const Tensor& g : gs) {
          p.clear_grad();
          p.add_grad(g);
          opt->step();
        }
        return std::make_pair(p.data(), opt->state_tensors());
      };
      const auto one = run(1), two = run(2);
      check_same_bits(two.first, one.first, name + " parameter");
      BOOST_TEST(one.second.size() == two.second.size());
      for (const auto& [key, t] : one.second) check_same_bits(two.second.at(key), t, name + " state " + key);
      BOOST_TEST(one.first(0) != w_init(0));  // it did move
    }
  }
}

BOOST_AUTO_TEST_CASE(step_keeps_the_gradient_and_zero_grad_still_clears_it) {
  // An Embedding gives W a row-sparse gradient, which each optimizer applies through update_rows
  // (SGD and Adam their own, the others through a kept dense buffer). Every one must move W by
  // the very floats its dense rule moves a parameter given the same gradient densely (the
  // reference, through add_grad); step() leaves the gradient as it is, a backward without
  // zero_grad adds to it, and zero_grad clears it, over steps whose ids differ. W is large enough
  // for two threads to split the update.
  const std::size_t V = 700, H = 100;
  BOOST_REQUIRE(V * H >= 2 * kParallelGrain);
  Rng rng(5);
  const Tensor w_init = randn({V, H}, rng);
  const std::vector<Ids> ids = {{1, 5, 5, 699}, {2, 5}, {0, 8}, {699, 3, 3}};
  std::vector<Tensor> r, g;
  for (const Ids& i : ids) {
    r.push_back(randn({i.size(), H}, rng));
    g.push_back(embedding_grad({V, H}, i, r.back()));
  }
  const Tensor g01 = g[0] + g[1];
  for (const int threads : {1, 2})
    for (const auto& [name, make] : every_optimizer()) {
      BOOST_TEST_CONTEXT(name << ", " << threads << " thread(s)") {
        Threads t(threads);
        // The same steps through plain add_grad on a second parameter: the reference.
        Parameter W(w_init, "W"), ref(w_init, "ref");
        const Parameter& cW = W;
        std::unique_ptr<Optimizer> opt = make({W}), ref_opt = make({ref});
        auto ref_step = [&, &ref_opt = ref_opt](const Tensor& grad) {
          ref.clear_grad();
          ref.add_grad(grad);
          ref_opt->step();
        };

        backward_through_embedding(W, ids[0], r[0]);
        BOOST_TEST(W.sparse_grad() != nullptr);
        check_same_bits(dense_view(W), g[0], "first gradient");
        opt->step();
        ref_step(g[0]);
        BOOST_TEST(W.has_grad());  // step() leaves the gradient alone
        check_same_bits(dense_view(W), g[0], "gradient after step");

        backward_through_embedding(W, ids[1], r[1]);  // no zero_grad: it adds up
        check_same_bits(dense_view(W), g01, "accumulated gradient");
        opt->step();
        ref_step(g01);
        opt->step();  // twice without a backward: the same gradient again
        ref_step(g01);
        check_same_bits(W.data(), ref.data(), "parameter after accumulating");

        for (std::size_t s = 0; s < 2 * ids.size(); ++s) {  // ids change each step; rows must not linger
          opt->zero_grad();
          BOOST_TEST(!W.has_grad());
          BOOST_CHECK_THROW(cW.grad(), std::logic_error);
          const std::size_t k = (s + 2) % ids.size();
          backward_through_embedding(W, ids[k], r[k]);
          check_same_bits(dense_view(W), g[k], "fresh gradient, step " + std::to_string(s));
          opt->step();
          ref_step(g[k]);
        }
        check_same_bits(W.data(), ref.data(), "parameter at the end");
      }
    }
}

BOOST_AUTO_TEST_CASE(embedding_steps_never_build_a_dense_gradient) {
  // A training loop over an embedding keeps W's gradient row-sparse through backward and step.
  Rng rng(6);
  Parameter W(randn({50, 4}, rng), "W");
  Adam opt({W});
  const Ids ids = {3, 7, 3};
  const Tensor r = randn({3, 4}, rng);
  for (int s = 0; s < 3; ++s) {
    opt.zero_grad();
    backward_through_embedding(W, ids, r);
    const RowSparse* g = W.sparse_grad();
    BOOST_REQUIRE(g != nullptr);
    BOOST_TEST(g->rows.size() == 3u);
    BOOST_TEST(g->values.size() == 12u);
    opt.step();
    BOOST_TEST(W.sparse_grad() != nullptr);  // step() read it as rows
  }
}

BOOST_AUTO_TEST_CASE(decaying_state_never_goes_subnormal) {
  // With a zero gradient, Momentum's and Nesterov's v, RMSprop's h and Adam's m and v shrink by a
  // constant factor per step, down through the subnormal numbers (on which x86 computes many times
  // slower) to zero. The optimizers set state below 1e-30 to zero instead, so no step may find a
  // subnormal in it. Factor 0.5: Scalar's normal range is left after about -min_exponent steps.
  const int steps = -std::numeric_limits<Scalar>::min_exponent + std::numeric_limits<Scalar>::digits + 20;
  const std::vector<std::pair<std::string, Make>> decaying = {
      {"Momentum", [](Parameters ps) { return std::make_unique<Momentum>(ps, 0.1, 0.5); }},
      {"Nesterov", [](Parameters ps) { return std::make_unique<Nesterov>(ps, 0.1, 0.5); }},
      {"RMSprop", [](Parameters ps) { return std::make_unique<RMSprop>(ps, 0.1, 0.5); }},
      {"Adam", [](Parameters ps) { return std::make_unique<Adam>(ps, 0.1, 0.5, 0.5); }},
  };
  for (const auto& [name, make] : decaying) {
    BOOST_TEST_CONTEXT(name) {
      Parameter p(tensor({1.0, -1.0, 0.5}), "w");
      std::unique_ptr<Optimizer> opt = make({p});
      set_grad(p, {1.0, -2.0, 0.25});
      opt->step();
      set_grad(p, {0.0, 0.0, 0.0});  // kept for every step below (step() does not clear it)
      std::string first_subnormal;
      for (int s = 0; s < steps && first_subnormal.empty(); ++s) {
        opt->step();
        for (const auto& [key, t] : opt->state_tensors())
          for (std::size_t k = 0; k < t.size(); ++k)
            if (first_subnormal.empty() && std::fpclassify(t.flat(k)) == FP_SUBNORMAL) {
              std::ostringstream what;
              what << key << "[" << k << "] = " << t.flat(k) << " after " << s + 2 << " steps";
              first_subnormal = what.str();
            }
      }
      BOOST_TEST(first_subnormal.empty(), "subnormal state: " << first_subnormal);
      if (first_subnormal.empty())  // and the decay has run its course
        for (const auto& [key, t] : opt->state_tensors())
          for (std::size_t k = 0; k < t.size(); ++k) BOOST_TEST(t.flat(k) == 0.0, key << "[" << k << "]");
      BOOST_TEST(std::isfinite(p.data()(0)));
    }
  }
}

BOOST_AUTO_TEST_CASE(sparse_adam_moves_only_the_rows_it_is_given) {
  // SparseAdam (lazy Adam): rows without a gradient keep their weights and state; a row's step
  // count advances only with its own updates, so a row seen for the first time at step 3 takes
  // the same first step as the dense Adam's first step.
  Rng rng(7);
  const std::size_t V = 6, H = 4;
  const Tensor w_init = randn({V, H}, rng);
  Parameter W(w_init, "W");
  SparseAdam opt({W}, Scalar(0.01));
  const std::vector<Ids> ids = {{1, 1}, {1, 4}, {2}};
  std::vector<Tensor> r;
  for (const Ids& i : ids) r.push_back(randn({i.size(), H}, rng));
  for (std::size_t s = 0; s < ids.size(); ++s) {
    opt.zero_grad();
    backward_through_embedding(W, ids[s], r[s]);
    BOOST_REQUIRE(W.sparse_grad() != nullptr);
    opt.step();
  }
  const auto state = opt.state_tensors();
  const Tensor& t = state.at("t/0");
  BOOST_TEST(t.dimension() == 1u);
  BOOST_TEST((t == Tensor{0.0, 2.0, 1.0, 0.0, 1.0, 0.0}));
  for (const std::size_t row : {std::size_t(0), std::size_t(3), std::size_t(5)})
    for (std::size_t j = 0; j < H; ++j) {
      BOOST_TEST(W.data()(row, j) == w_init(row, j));
      BOOST_TEST(state.at("m/0")(row, j) == 0.0);
    }
  // Row 2's only update, at step 3, equals a dense Adam's first step on that row.
  Parameter row2(Tensor(xt::view(w_init, xt::range(2, 3), xt::all())), "row2");
  Adam adam({row2}, Scalar(0.01));
  row2.add_grad(Tensor(xt::view(r[2], xt::range(0, 1), xt::all())));
  adam.step();
  for (std::size_t j = 0; j < H; ++j) BOOST_TEST(W.data()(2, j) == row2.data()(0, j));
}

BOOST_AUTO_TEST_CASE(sparse_adam_resumes_exactly_from_its_state) {
  // The per-row step counts travel with the state (as one number per row), and the powers built
  // from them after load_state continue the run bit for bit.
  Rng rng(8);
  const std::size_t V = 5, H = 3;
  const Tensor w_init = randn({V, H}, rng);
  const std::vector<Ids> ids = {{0, 3}, {3}, {1, 3, 3}, {4}, {0}, {3, 1}};
  std::vector<Tensor> r;
  for (const Ids& i : ids) r.push_back(randn({i.size(), H}, rng));
  auto run = [&](std::size_t from, std::size_t to, Parameter& W, SparseAdam& opt) {
    for (std::size_t s = from; s < to; ++s) {
      opt.zero_grad();
      backward_through_embedding(W, ids[s], r[s]);
      opt.step();
    }
  };
  Parameter whole(w_init, "W");
  SparseAdam whole_opt({whole}, Scalar(0.05));
  run(0, ids.size(), whole, whole_opt);

  Parameter first(w_init, "W");
  SparseAdam first_opt({first}, Scalar(0.05));
  run(0, 3, first, first_opt);
  Parameter resumed(first.data(), "W");
  SparseAdam resumed_opt({resumed}, Scalar(0.05));
  resumed_opt.load_state(first_opt.state_tensors(), first_opt.state_scalars());
  run(3, ids.size(), resumed, resumed_opt);
  check_same_bits(resumed.data(), whole.data(), "resumed SparseAdam");
}

BOOST_AUTO_TEST_SUITE_END()
