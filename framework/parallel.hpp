#pragma once
// Element-wise loops over large tensors (the optimizers' updates) split across a small pool of
// worker threads: parallel_for(n, fn) calls fn(begin, end) on contiguous chunks of [0, n).
//
// The chunks depend only on n, the grain and num_threads(), never on timing, so a loop whose
// elements are independent of each other gives the same bits at any thread count. With one
// thread (the default) everything runs inline on the caller. set_num_threads(n), or
// set_blas_threads(n) (framework/blas.hpp), which sets this and OpenBLAS together, starts n - 1
// workers; between loops they spin for a few microseconds (an optimizer step dispatches one loop
// per parameter, back to back), then sleep on a condition variable.
#include <cstddef>
#include <functional>

namespace minidl {

// n < 1 counts as 1. Not to be called while a parallel_for is running.
void set_num_threads(int n);
int num_threads();

// Fewer elements than this per thread run inline: waking a worker costs microseconds, and an
// element of Adam's update about a nanosecond.
constexpr std::size_t kParallelGrain = std::size_t(1) << 15;

// Calls fn(begin, end) on at most num_threads() contiguous chunks covering [0, n), as equal as
// possible and each at least `grain` long (one chunk, inline, when n < 2 * grain); nothing for
// n = 0. The caller runs the first chunk. Returns when every chunk is done; an exception from any
// chunk is rethrown here (the first one). A call from inside a chunk, or from a second thread while
// the pool is busy, runs inline.
void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn,
                  std::size_t grain = kParallelGrain);

}  // namespace minidl
