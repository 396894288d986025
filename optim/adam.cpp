#include <minidl/optim/adam.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <minidl/framework/parallel.hpp>
#include <minidl/optim/adam_rule.hpp>

namespace minidl {

void Adam::begin_step() {
  const double t = ++scalar("t");  // the step count, kept with the state so a resume continues it
  lr_t_ = static_cast<Scalar>(lr_ * std::sqrt(1.0 - std::pow(beta2_, t)) / (1.0 - std::pow(beta1_, t)));
}

// Split across the threads: elements are independent, so the result is the same at any count.
void Adam::update(std::size_t i, Tensor& param, const Tensor& grad) {
  Scalar* p = param.data();
  Scalar* m = state("m", i, param).data();
  Scalar* v = state("v", i, param).data();
  const Scalar* g = grad.data();
  const Scalar a = 1 - beta1_, b = 1 - beta2_, lr_t = lr_t_;
  parallel_for(param.size(), [=](std::size_t begin, std::size_t end) {
    adam_rule(end - begin, p + begin, m + begin, v + begin, g + begin, a, b, lr_t);
  });
}

// The book's Adam moves every row at every step (m and v decay where the gradient is 0), so the
// pass still covers all of W; what a row-sparse gradient saves is building, reading and resetting
// a dense one. The entries are grouped by row (a stable counting sort, so a row's entries are
// summed in entry order: the floats a dense scatter-add makes); a row with one entry is read in
// place. Rows are split across the threads as whole rows.
void Adam::update_rows(std::size_t i, Tensor& param, const RowSparse& grad) {
  const std::size_t V = param.shape()[0], R = V ? param.size() / V : 0;
  std::vector<std::size_t> start(V + 1, 0), order(grad.rows.size());
  for (const std::size_t r : grad.rows) ++start[r + 1];
  for (std::size_t r = 0; r < V; ++r) start[r + 1] += start[r];
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (std::size_t k = 0; k < grad.rows.size(); ++k) order[next[grad.rows[k]]++] = k;

  Scalar* p = param.data();
  Scalar* m = state("m", i, param).data();
  Scalar* v = state("v", i, param).data();
  const Scalar* values = grad.values.data();
  const std::size_t* first = start.data();
  const std::size_t* entries = order.data();
  const Scalar a = 1 - beta1_, b = 1 - beta2_, lr_t = lr_t_;
  parallel_for(V, [=](std::size_t begin, std::size_t end) {
    std::vector<Scalar> sum(R);
    for (std::size_t r = begin; r < end;) {
      const std::size_t n = first[r + 1] - first[r];
      if (n == 0) {  // a run of rows without a gradient: one loop
        std::size_t e = r + 1;
        while (e < end && first[e + 1] == first[e]) ++e;
        adam_rule_no_grad((e - r) * R, p + r * R, m + r * R, v + r * R, a, b, lr_t);
        r = e;
        continue;
      }
      const Scalar* g = values + entries[first[r]] * R;
      if (n > 1) {
        std::fill(sum.begin(), sum.end(), Scalar(0));
        for (std::size_t e = first[r]; e < first[r + 1]; ++e)
          for (std::size_t j = 0; j < R; ++j) sum[j] += values[entries[e] * R + j];
        g = sum.data();
      }
      adam_rule(R, p + r * R, m + r * R, v + r * R, g, a, b, lr_t);
      ++r;
    }
  }, std::max<std::size_t>(1, kParallelGrain / std::max<std::size_t>(R, 1)));
}

}  // namespace minidl
