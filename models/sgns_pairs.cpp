#include <minidl/models/sgns_pairs.hpp>

#include <stdexcept>
#include <string>

#include <minidl/framework/ops.hpp>

namespace minidl {

SGNSPairs::SGNSPairs(std::size_t vocab_size, std::size_t hidden_size, Rng& rng)
    : W_in(add_parameter("W_in", randn({vocab_size, hidden_size}, rng) * Scalar(0.01))),
      W_out(add_parameter("W_out", randn({vocab_size, hidden_size}, rng) * Scalar(0.01))) {}

namespace {
// Column c of the (P, 2) pairs.
Ids column(const Ids& pairs, std::size_t c) {
  Ids out = Ids::from_shape({pairs.shape()[0]});
  for (std::size_t i = 0; i < out.size(); ++i) out(i) = pairs(i, c);
  return out;
}
}  // namespace

// [score]
std::optional<Variable> SGNSPairs::predict(const Batch& x) {
  const Ids& pairs = x.ids("pairs");
  if (pairs.dimension() != 2 || pairs.shape()[1] != 2)
    throw std::invalid_argument("SGNSPairs: pairs of shape " + shape_str(pairs.shape()) + "; want (P, 2)");
  const Variable centre = get_item(W_in, column(pairs, 0));  // (P, H)
  const Variable other = get_item(W_out, column(pairs, 1));  // (P, H)
  return sum(centre * other, 1);                             // (P,): one dot product per pair
}

Variable SGNSPairs::loss(const Batch& x, const Batch& t) { return sigmoid_cross_entropy(*predict(x), t.ids("labels")); }
// [score]

}  // namespace minidl
