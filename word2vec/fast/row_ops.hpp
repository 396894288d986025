#pragma once
// The row arithmetic the fast kernels are made of (word2vec/fast/example_kernels.cpp; the trainer
// uses its prefetch too): dot products of one row with several, and sums of scaled rows, on rows of
// n scalars anywhere in memory. Written with GCC's vector extensions on registers of 32 bytes (8 floats or 4 doubles; the
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

// A whole register (V = Vec) or a half one (V = Half) from or to any address.
template <class V = Vec>
MINIDL_INLINE V load(const Scalar* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V>
MINIDL_INLINE void store(Scalar* p, V v) {
  std::memcpy(p, &v, sizeof v);
}
MINIDL_INLINE Half load_half(const Scalar* p) { return load<Half>(p); }

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

// out[i, i + lanes of V) (=, or += when add) sum_j c[j] r[j][i, ...) for j < N: one step of combine.
template <class V, std::size_t N>
MINIDL_INLINE void combine_at(const Scalar* c, const Scalar* const* r, std::size_t i, Scalar* out, bool add) {
  V acc = add ? load<V>(out + i) : V{};
  for (std::size_t j = 0; j < N; ++j) acc += c[j] * load<V>(r[j] + i);
  store(out + i, acc);
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
  for (; i + kLanes <= n; i += kLanes) combine_at<Vec, N>(c, r, i, out, add);
  if (i + kLanes / 2 <= n) {
    combine_at<Half, N>(c, r, i, out, add);
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

// The same for two rows x0, x1 at once (out0[k] = x0 . y[k], out1[k] = x1 . y[k]): each y[k] is read
// once for both, a third fewer loads per multiplication. The sums are formed as dots<N> forms them.
template <std::size_t N>
MINIDL_INLINE void dots2(const Scalar* x0, const Scalar* x1, const Scalar* const* y, std::size_t n, Scalar* out0,
                         Scalar* out1) {
  const Scalar* r[N];
  for (std::size_t j = 0; j < N; ++j) r[j] = y[j];
  Vec s0[N], s1[N];
  for (std::size_t j = 0; j < N; ++j) s0[j] = s1[j] = Vec{};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const Vec a = load(x0 + i), b = load(x1 + i);
    for (std::size_t j = 0; j < N; ++j) {
      const Vec yj = load(r[j] + i);
      s0[j] += a * yj;
      s1[j] += b * yj;
    }
  }
  Half t0[N], t1[N];
  for (std::size_t j = 0; j < N; ++j) {
    t0[j] = fold(s0[j]);
    t1[j] = fold(s1[j]);
  }
  if (i + kLanes / 2 <= n) {
    const Half a = load_half(x0 + i), b = load_half(x1 + i);
    for (std::size_t j = 0; j < N; ++j) {
      const Half yj = load_half(r[j] + i);
      t0[j] += a * yj;
      t1[j] += b * yj;
    }
    i += kLanes / 2;
  }
  for (std::size_t j = 0; j < N; ++j) {
    out0[j] = sum(t0[j]);
    out1[j] = sum(t1[j]);
  }
  for (; i < n; ++i)
    for (std::size_t j = 0; j < N; ++j) {
      out0[j] += x0[i] * r[j][i];
      out1[j] += x1[i] * r[j][i];
    }
}

// out0[k] = x0 . y[k] and out1[k] = x1 . y[k] for k < m.
MINIDL_INLINE void dot_rows2(const Scalar* x0, const Scalar* x1, const Scalar* const* y, std::size_t m, std::size_t n,
                             Scalar* out0, Scalar* out1) {
  std::size_t k = 0;
  for (; k + 4 <= m; k += 4) dots2<4>(x0, x1, y + k, n, out0 + k, out1 + k);
  switch (m - k) {
    case 3: dots2<3>(x0, x1, y + k, n, out0 + k, out1 + k); break;
    case 2: dots2<2>(x0, x1, y + k, n, out0 + k, out1 + k); break;
    case 1: dots2<1>(x0, x1, y + k, n, out0 + k, out1 + k); break;
    default: break;
  }
}

// One step of combine2, as combine_at: each r[j] loaded once for both outputs.
template <class V, std::size_t N>
MINIDL_INLINE void combine2_at(const Scalar* c0, const Scalar* c1, const Scalar* const* r, std::size_t i, Scalar* out0,
                               Scalar* out1, bool add) {
  V acc0 = add ? load<V>(out0 + i) : V{}, acc1 = add ? load<V>(out1 + i) : V{};
  for (std::size_t j = 0; j < N; ++j) {
    const V rj = load<V>(r[j] + i);
    acc0 += c0[j] * rj;
    acc1 += c1[j] * rj;
  }
  store(out0 + i, acc0);
  store(out1 + i, acc1);
}

// out0 (=, or +=) sum_j a0[j * stride] rows[j] and out1 likewise with a1, in one pass over both:
// each row is read once for the two. out0 and out1 may be the same row (a repeated word), when
// the second's additions must see the first's: then it falls back to one at a time.
template <std::size_t N>
MINIDL_INLINE void combine2(const Scalar* a0, const Scalar* a1, std::size_t stride, const Scalar* const* rows,
                            std::size_t n, Scalar* out0, Scalar* out1, bool add) {
  const Scalar* r[N];
  Scalar c0[N], c1[N];
  for (std::size_t j = 0; j < N; ++j) {
    r[j] = rows[j];
    c0[j] = a0[j * stride];
    c1[j] = a1[j * stride];
  }
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) combine2_at<Vec, N>(c0, c1, r, i, out0, out1, add);
  if (i + kLanes / 2 <= n) {
    combine2_at<Half, N>(c0, c1, r, i, out0, out1, add);
    i += kLanes / 2;
  }
  for (; i < n; ++i) {
    Scalar acc0 = add ? out0[i] : 0, acc1 = add ? out1[i] : 0;
    for (std::size_t j = 0; j < N; ++j) {
      acc0 += c0[j] * r[j][i];
      acc1 += c1[j] * r[j][i];
    }
    out0[i] = acc0;
    out1[i] = acc1;
  }
}

// combine_rows for two outputs at once (see combine2); out0 == out1 is allowed.
MINIDL_INLINE void combine_rows2(const Scalar* a0, const Scalar* a1, std::size_t stride, const Scalar* const* rows,
                                 std::size_t m, std::size_t n, Scalar* out0, Scalar* out1, bool add) {
  if (out0 == out1) {
    combine_rows(a0, stride, rows, m, n, out0, add);
    combine_rows(a1, stride, rows, m, n, out1, true);
    return;
  }
  std::size_t j = 0;
  for (; j + 4 <= m; j += 4, add = true) combine2<4>(a0 + j * stride, a1 + j * stride, stride, rows + j, n, out0, out1, add);
  switch (m - j) {
    case 3: combine2<3>(a0 + j * stride, a1 + j * stride, stride, rows + j, n, out0, out1, add); break;
    case 2: combine2<2>(a0 + j * stride, a1 + j * stride, stride, rows + j, n, out0, out1, add); break;
    case 1: combine2<1>(a0 + j * stride, a1 + j * stride, stride, rows + j, n, out0, out1, add); break;
    default:
      if (m == 0 && !add) {
        std::memset(out0, 0, n * sizeof(Scalar));
        std::memset(out1, 0, n * sizeof(Scalar));
      }
      break;
  }
}

// y += alpha x.
MINIDL_INLINE void add_scaled(Scalar alpha, const Scalar* x, Scalar* y, std::size_t n) {
  combine<1>(&alpha, 1, &x, n, y, true);
}

// Every cache line of a row of n scalars asked for ahead of use (the row's address only).
MINIDL_INLINE void prefetch(const Scalar* row, std::size_t n) {
  const char* p = reinterpret_cast<const char*>(row);
  for (std::size_t off = 0; off < n * sizeof(Scalar); off += 64) __builtin_prefetch(p + off);
}

#undef MINIDL_INLINE

}  // namespace minidl::row_ops

#pragma GCC diagnostic pop
