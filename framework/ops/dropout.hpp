#pragma once
// dropout (DeZero's, "inverted" dropout): in training each element is kept with probability
// 1 - ratio and scaled by 1 / (1 - ratio), so that inference needs no rescaling.
//   training:  y = x * mask / (1 - ratio)    dx = gy * mask / (1 - ratio)    mask_i ~ Bernoulli(1 - ratio)
//   inference: y = x                          (x itself: nothing recorded)
// The mask is drawn from the caller's Rng, so a seeded run drops the same elements.
//
// Training is the default; a TestMode guard (DeZero's `with test_mode():`) switches to inference
// for its scope, per thread, nesting like NoGradGuard. The Trainer evaluates under one.
#include <minidl/framework/random.hpp>
#include <minidl/framework/variable.hpp>

namespace minidl {

bool train_mode();

class TestMode {
 public:
  TestMode();
  ~TestMode();
  TestMode(const TestMode&) = delete;
  TestMode& operator=(const TestMode&) = delete;

 private:
  bool previous_;
};

// Throws std::invalid_argument unless 0 <= ratio < 1.
Variable dropout(const Variable& x, double ratio, Rng& rng);

}  // namespace minidl
