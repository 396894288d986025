#pragma once
// Numerical gradient check for any Function, Layer or Model.
//
// It differentiates L = sum(r * y) for a seeded random r of y's shape (an all-ones upstream
// gradient would hide bugs: the sum of a softmax is constant), comparing y.backward(r) with
// central differences (L(v + eps) - L(v - eps)) / 2 eps for every element of every input that wants
// a gradient and of every Parameter given.
//
//   auto r = minidl::gradient_check([](const minidl::Variables& x) { return tanh(x[0]); },
//                                   {minidl::Variable(minidl::randn({3, 4}, rng))});
//   if (!r.ok) std::cerr << r.report;
//
// Only meaningful in double precision: link minidl_f64.
#include <cstdint>
#include <functional>
#include <string>

#include <minidl/framework/parameter.hpp>

namespace minidl {

static_assert(sizeof(Scalar) == sizeof(double),
              "the gradient checker needs double precision: build against minidl_f64 (MINIDL_DOUBLE)");

struct GradCheckOptions {
  // eps = 1e-6 in double: the central difference's truncation error is about eps^2 * |L'''| ~ 1e-12,
  // its rounding error about 1e-16 * |L| / eps ~ 1e-10 |L|. An element passes when
  // |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|): 1e-6 leaves four orders of
  // margin over that noise, while a wrong backward is off by the order of the gradient itself.
  double eps = 1e-6;
  double atol = 1e-6;
  double rtol = 1e-6;
  std::uint64_t seed = 0;  // for r
  int worst = 5;           // elements listed in the report
};

struct GradCheckResult {
  bool ok = true;
  double max_abs_error = 0;
  double max_rel_error = 0;
  std::size_t checked = 0;  // elements compared
  std::string report;       // one line per checked tensor, then the worst elements
};

using CheckedForward = std::function<Variable(const Variables&)>;

// f is called several times with the same inputs and must be deterministic (re-seed any sampler
// inside it). Every input with requires_grad and every Parameter in `params` is checked.
GradCheckResult gradient_check(const CheckedForward& f, Variables inputs, const Parameters& params = {},
                               const GradCheckOptions& options = {});

}  // namespace minidl
