#pragma once
// Seeded random numbers. Every random thing in minidl (initial weights, shuffling, negative
// samples, subsampling, the gradient checker's upstream gradient) draws from an Rng that the
// caller seeds, so a run is reproducible: same seed, same thread count, same numbers.
//
// The generator is SplitMix64 (Steele, Lea and Flood 2014): it passes BigCrush, its whole state is
// one 64-bit number, and a draw is one add, two multiplies and three shifts, cheap enough for the
// fast trainer's several draws per token (a Mersenne twister costs several times more).
#include <cstdint>
#include <string>
#include <vector>

#include <minidl/framework/tensor.hpp>

namespace minidl {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) : state_(seed) {}
  void seed(std::uint64_t s) { state_ = s; }

  // 64 random bits.
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) for n < 2^32 from the high 32 bits, without division (bias below n / 2^32):
  // for hot loops such as the window shrink. integer() is the exact one.
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32); }

  double normal();                                // N(0, 1)
  double uniform();                               // [0, 1)
  std::uint64_t integer(std::uint64_t n);         // [0, n), unbiased
  // The generator's whole state as text, and back: checkpoints save it so a resumed run draws
  // exactly the numbers an uninterrupted one would.
  std::string state() const;
  void set_state(const std::string& state);

  // A UniformRandomBitGenerator, for the standard library's algorithms.
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type(0); }
  result_type operator()() { return next(); }

 private:
  std::uint64_t state_;
};

// The book's np.random.randn(*shape): standard normal entries.
Tensor randn(const Shape& shape, Rng& rng);
// Uniform entries in [lo, hi).
Tensor rand_uniform(const Shape& shape, Rng& rng, Scalar lo = 0, Scalar hi = 1);
// The same draws into an existing tensor, in its order (a caller that prepared the memory first).
void fill_uniform(Tensor& t, Rng& rng, Scalar lo = 0, Scalar hi = 1);
// A random permutation of 0..n-1 (the Trainer's per-epoch shuffle).
std::vector<std::size_t> permutation(std::size_t n, Rng& rng);

}  // namespace minidl
