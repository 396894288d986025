#include <minidl/framework/dataset.hpp>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace minidl {

std::size_t Dataset::size() const {
  if (x.rows() != t.rows())
    throw std::invalid_argument("Dataset: x has " + std::to_string(x.rows()) + " rows " + shape_str(x.shape()) +
                                " but t has shape " + shape_str(t.shape()) + "; they need the same number of rows");
  return x.rows();
}

Dataset take(const Dataset& data, const std::vector<std::size_t>& order, std::size_t begin, std::size_t n) {
  Dataset part{data.x.buffer(n), data.t.buffer(n)};
  data.x.gather_rows(order, begin, part.x);
  data.t.gather_rows(order, begin, part.t);
  return part;
}

std::pair<Dataset, Dataset> split(const Dataset& data, double held_out, Rng& rng) {
  if (!(held_out > 0 && held_out < 1))
    throw std::invalid_argument("split: the held-out fraction must be in (0, 1), got " + std::to_string(held_out));
  const std::size_t n = data.size();
  const auto n_out = static_cast<std::size_t>(std::llround(held_out * static_cast<double>(n)));
  if (n_out == 0 || n_out >= n)
    throw std::invalid_argument("split: holding out " + std::to_string(held_out) + " of " + std::to_string(n) +
                                " samples leaves " + (n_out == 0 ? "nothing held out" : "nothing to train on"));
  const std::vector<std::size_t> order = permutation(n, rng);
  return {take(data, order, 0, n - n_out), take(data, order, n - n_out, n_out)};
}

}  // namespace minidl
