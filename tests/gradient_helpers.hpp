#pragma once
// What the double-precision tests share around the gradient checker: a check that also counts the
// elements compared (so every tensor meant to be checked was, and no constant was), and random
// inputs. The checker's default tolerances (eps 1e-6, atol 1e-6, rtol 1e-6) are explained in
// framework/gradient_check.hpp. Header-only, for minidl_tests_f64 only.
#include <boost/test/unit_test.hpp>

#include <string>

#include <minidl/framework/gradient_check.hpp>
#include <minidl/framework/random.hpp>

namespace minidl::test {

inline void check_gradients(const CheckedForward& f, const Variables& inputs, const Parameters& params,
                            std::size_t elements) {
  const GradCheckResult r = gradient_check(f, inputs, params);
  BOOST_CHECK_MESSAGE(r.ok, r.report);
  BOOST_TEST(r.checked == elements);
}

inline void check_gradients(const CheckedForward& f, const Variables& inputs, std::size_t elements) {
  check_gradients(f, inputs, {}, elements);
}

// Standard normal entries, wanting a gradient.
inline Variable rand_var(const Shape& shape, Rng& rng, const std::string& name) {
  return Variable(randn(shape, rng), name);
}

}  // namespace minidl::test
