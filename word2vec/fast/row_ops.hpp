#pragma once
// The row arithmetic the fast kernels are made of (word2vec/fast/example_kernels.cpp, its only user):
// dot products of one row with several, and sums of scaled rows, on rows of n scalars anywhere in
// memory. Written with GCC's vector extensions on registers of 32 bytes (8 floats or 4 doubles; the
// baseline copy of a kernel splits each in two SSE registers) so that the order of every sum is
// fixed by this code rather than by the vectoriser: results are the same from run to run. Every
// helper is forced inline: a call from an AVX2 copy of a kernel would run the baseline code.
#include <cstddef>
#include <cstring>

#include <minidl/framework/tensor.hpp>

// The helpers pass vectors by value between inline functions only, never across a call: GCC's note
// that doing so without AVX would change the ABI does not apply.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace minidl::row_ops {

#define MINIDL_INLINE __attribute__((always_inline)) inline

constexpr std::size_t kLanes = 32 / sizeof(Scalar);
typedef Scalar Vec __attribute__((vector_size(32)));
typedef Scalar Half __attribute__((vector_size(16)));

MINIDL_INLINE Vec load(const Scalar* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
MINIDL_INLINE Half load_half(const Scalar* p) {
  Half v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
MINIDL_INLINE void store(Scalar* p, Vec v) { std::memcpy(p, &v, sizeof v); }
MINIDL_INLINE void store_half(Scalar* p, Half v) { std::memcpy(p, &v, sizeof v); }

// The two halves of a register added: the first step of every horizontal sum.
MINIDL_INLINE Half fold(Vec v) {
  Half lo, hi;
  std::memcpy(&lo, &v, sizeof lo);
  std::memcpy(&hi, reinterpret_cast<const char*>(&v) + sizeof lo, sizeof hi);
  return lo + hi;
}

MINIDL_INLINE Scalar sum(Half h) {
  Scalar l[4] = {};  // 4 floats or 2 doubles
  std::memcpy(l, &h, sizeof h);
  return kLanes == 8 ? (l[0] + l[2]) + (l[1] + l[3]) : l[0] + l[1];
}

// out[j] = x . y[j] for j < N: x is read once for all N, the N sums run in registers side by side,
// and each ends in one short tree of additions (a sum reduced lane by lane through memory, as
// `#pragma omp simd reduction` compiled it, cost Skip-gram more than its multiplications).
template <std::size_t N>
MINIDL_INLINE void dots(const Scalar* x, const Scalar* const* y, std::size_t n, Scalar* out) {
  const Scalar* r[N];
  for (std::size_t j = 0; j < N; ++j) r[j] = y[j];
  Vec s[N];
  for (std::size_t j = 0; j < N; ++j) s[j] = Vec{};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const Vec xi = load(x + i);
    for (std::size_t j = 0; j < N; ++j) s[j] += xi * load(r[j] + i);
  }
  Half t[N];
  for (std::size_t j = 0; j < N; ++j) t[j] = fold(s[j]);
  if (i + kLanes / 2 <= n) {  // a half register left (n = 100 floats: 12 whole and one half)
    const Half xi = load_half(x + i);
    for (std::size_t j = 0; j < N; ++j) t[j] += xi * load_half(r[j] + i);
    i += kLanes / 2;
  }
  for (std::size_t j = 0; j < N; ++j) out[j] = sum(t[j]);
  for (; i < n; ++i)
    for (std::size_t j = 0; j < N; ++j) out[j] += x[i] * r[j][i];
}

// out[k] = x . y[k] for k < m, four rows at a time.
MINIDL_INLINE void dot_rows(const Scalar* x, const Scalar* const* y, std::size_t m, std::size_t n, Scalar* out) {
  std::size_t k = 0;
  for (; k + 4 <= m; k += 4) dots<4>(x, y + k, n, out + k);
  switch (m - k) {
    case 3: dots<3>(x, y + k, n, out + k); break;
    case 2: dots<2>(x, y + k, n, out + k); break;
    case 1: dots<1>(x, y + k, n, out + k); break;
    default: break;
  }
}

// out (=, or += when add) sum_j a[j * stride] rows[j] over j < N, in one pass over out.
template <std::size_t N>
MINIDL_INLINE void combine(const Scalar* a, std::size_t stride, const Scalar* const* rows, std::size_t n, Scalar* out,
                           bool add) {
  const Scalar* r[N];
  Scalar c[N];
  for (std::size_t j = 0; j < N; ++j) {
    r[j] = rows[j];
    c[j] = a[j * stride];
  }
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    Vec acc = add ? load(out + i) : Vec{};
    for (std::size_t j = 0; j < N; ++j) acc += c[j] * load(r[j] + i);
    store(out + i, acc);
  }
  if (i + kLanes / 2 <= n) {
    Half acc = add ? load_half(out + i) : Half{};
    for (std::size_t j = 0; j < N; ++j) acc += c[j] * load_half(r[j] + i);
    store_half(out + i, acc);
    i += kLanes / 2;
  }
  for (; i < n; ++i) {
    Scalar acc = add ? out[i] : 0;
    for (std::size_t j = 0; j < N; ++j) acc += c[j] * r[j][i];
    out[i] = acc;
  }
}

// out (=, or += when add) sum_j a[j * stride] rows[j] over j < m, four rows per pass, so that out is
// read and written a quarter as often as with one axpy per row.
MINIDL_INLINE void combine_rows(const Scalar* a, std::size_t stride, const Scalar* const* rows, std::size_t m,
                                std::size_t n, Scalar* out, bool add) {
  std::size_t j = 0;
  for (; j + 4 <= m; j += 4, add = true) combine<4>(a + j * stride, stride, rows + j, n, out, add);
  switch (m - j) {
    case 3: combine<3>(a + j * stride, stride, rows + j, n, out, add); break;
    case 2: combine<2>(a + j * stride, stride, rows + j, n, out, add); break;
    case 1: combine<1>(a + j * stride, stride, rows + j, n, out, add); break;
    default:
      if (m == 0 && !add) std::memset(out, 0, n * sizeof(Scalar));
      break;
  }
}

// y += alpha x.
MINIDL_INLINE void add_scaled(Scalar alpha, const Scalar* x, Scalar* y, std::size_t n) {
  combine<1>(&alpha, 1, &x, n, y, true);
}

#undef MINIDL_INLINE

}  // namespace minidl::row_ops

#pragma GCC diagnostic pop
