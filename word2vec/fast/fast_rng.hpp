#pragma once
// FastRng: the fast configuration's random numbers. A draw happens several times per token
// (window shrink, subsampling, negatives), so the generator must cost a few instructions; the
// Mersenne twister behind minidl::Rng costs several times more. SplitMix64 (Steele, Lea and Flood
// 2014) passes BigCrush and is one add, two multiplies and three shifts per 64 bits.
#include <cstdint>

namespace minidl {

class FastRng {
 public:
  explicit FastRng(std::uint64_t seed = 0) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) for n < 2^32, by multiplying the high 32 bits (no division, bias < 2^-32 * n).
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32); }

 private:
  std::uint64_t state_;
};

}  // namespace minidl
