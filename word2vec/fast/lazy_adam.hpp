#pragma once
// LazyAdam: Adam for row-sparse gradients (the fast configuration's alternative to plain SGD).
// Only the rows a step touches are updated, each with its own step count, so a word's moments and
// bias correction advance when the word is seen, not at every step of the whole matrix (dense Adam
// over 10,000 x 100 rows per example would cost a thousand times the example itself). The book's
// Adam (optim/adam.hpp), row by row, with t the number of updates this row has had:
//   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,  w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)
// A row updated at every step follows the dense Adam exactly (a test checks it).
#include <cstddef>
#include <vector>

#include <minidl/framework/tensor.hpp>

namespace minidl {

class LazyAdam {
 public:
  LazyAdam(std::size_t rows, std::size_t cols, Scalar beta1 = 0.9, Scalar beta2 = 0.999, Scalar eps = 1e-7);

  // w = the weights of row `row` (cols scalars; wherever they live): w -= the Adam step for grad.
  void update(Scalar* w, std::size_t row, const Scalar* grad, Scalar lr);

 private:
  std::size_t cols_;
  Scalar beta1_, beta2_, eps_;
  std::vector<Scalar> m_, v_;
  std::vector<double> beta1_power_, beta2_power_;  // b1^t, b2^t per row: no pow() per update
};

}  // namespace minidl
