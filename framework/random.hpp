#pragma once
// Seeded random numbers. Every random thing in minidl (initial weights, shuffling, negative
// samples, the gradient checker's upstream gradient) draws from an Rng that the caller seeds, so a
// run is reproducible: same seed, same thread count, same numbers.
#include <cstdint>
#include <random>
#include <string>

#include <minidl/framework/tensor.hpp>

namespace minidl {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) : engine_(seed) {}
  void seed(std::uint64_t s) { engine_.seed(s); }

  double normal();                                // N(0, 1)
  double uniform();                               // [0, 1)
  std::uint64_t integer(std::uint64_t n);         // [0, n)
  std::mt19937_64& engine() { return engine_; }
  // The generator's whole state as text, and back: checkpoints save it so a resumed run draws
  // exactly the numbers an uninterrupted one would.
  std::string state() const;
  void set_state(const std::string& state);

 private:
  std::mt19937_64 engine_;
};

// The book's np.random.randn(*shape): standard normal entries.
Tensor randn(const Shape& shape, Rng& rng);
// Uniform entries in [lo, hi).
Tensor rand_uniform(const Shape& shape, Rng& rng, Scalar lo = 0, Scalar hi = 1);
// A random permutation of 0..n-1 (the Trainer's per-epoch shuffle).
std::vector<std::size_t> permutation(std::size_t n, Rng& rng);

}  // namespace minidl
