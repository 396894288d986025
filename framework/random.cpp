#include <minidl/framework/random.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace minidl {

// Box-Muller by hand rather than std::normal_distribution, whose algorithm differs between
// standard libraries: a seed then gives the same weights with any compiler.
double Rng::normal() {
  constexpr double two_pi = 6.283185307179586;
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(two_pi * u2);
}

// "splitmix64 <decimal state>": the name first, so that a state saved by another generator (an
// older minidl's Mersenne twister) is refused with a message rather than misread.
std::string Rng::state() const { return "splitmix64 " + std::to_string(state_); }

void Rng::set_state(const std::string& state) {
  std::istringstream in(state);
  std::string name;
  std::uint64_t s = 0;
  in >> name >> s;
  if (name != "splitmix64" || !in || !(in >> std::ws).eof())
    throw std::invalid_argument("Rng::set_state: not a saved splitmix64 generator state (saved by another version?)");
  state_ = s;
}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint64_t Rng::integer(std::uint64_t n) {
  // Lemire's multiply-shift with rejection: unbiased and the same on every platform.
  std::uint64_t x = next();
  __uint128_t m = static_cast<__uint128_t>(x) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      x = next();
      m = static_cast<__uint128_t>(x) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

Tensor randn(const Shape& shape, Rng& rng) {
  Tensor t = Tensor::from_shape(shape);
  for (auto& v : t) v = static_cast<Scalar>(rng.normal());
  return t;
}

void fill_uniform(Tensor& t, Rng& rng, Scalar lo, Scalar hi) {
  for (auto& v : t) v = static_cast<Scalar>(lo + (hi - lo) * rng.uniform());
}

Tensor rand_uniform(const Shape& shape, Rng& rng, Scalar lo, Scalar hi) {
  Tensor t = Tensor::from_shape(shape);
  fill_uniform(t, rng, lo, hi);
  return t;
}

std::vector<std::size_t> permutation(std::size_t n, Rng& rng) {
  std::vector<std::size_t> p(n);
  std::iota(p.begin(), p.end(), std::size_t{0});
  // Fisher-Yates with our own integer(): std::shuffle's draws are library-specific.
  for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[rng.integer(i)]);
  return p;
}

}  // namespace minidl
