// parallel_for (framework/parallel.hpp): which chunks it makes, that they cover the range once,
// run on the pool's threads, and that edge cases (n = 0, n below the thread count, nesting,
// exceptions, two callers at once) behave.
#include <boost/test/unit_test.hpp>

#include <minidl/framework/blas.hpp>
#include <minidl/framework/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

using namespace minidl;

namespace {

using Chunks = std::vector<std::pair<std::size_t, std::size_t>>;

// The chunks of one call, sorted by their start.
Chunks chunks_of(std::size_t n, std::size_t grain) {
  std::mutex m;
  Chunks out;
  parallel_for(n, [&](std::size_t b, std::size_t e) {
    std::lock_guard<std::mutex> lock(m);
    out.emplace_back(b, e);
  }, grain);
  std::sort(out.begin(), out.end());
  return out;
}

// Every test leaves the library with one thread, as the other suites expect.
struct Threads {
  explicit Threads(int n) { set_num_threads(n); }
  ~Threads() { set_num_threads(1); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(parallel)

BOOST_AUTO_TEST_CASE(one_thread_by_default_and_bad_counts_mean_one) {
  BOOST_TEST(num_threads() == 1);
  Threads t(0);
  BOOST_TEST(num_threads() == 1);
  set_num_threads(-3);
  BOOST_TEST(num_threads() == 1);
  set_num_threads(3);
  BOOST_TEST(num_threads() == 3);
}

BOOST_AUTO_TEST_CASE(set_blas_threads_sets_the_pool_too) {
  set_blas_threads(2);
  BOOST_TEST(num_threads() == 2);
  set_blas_threads(1);
  BOOST_TEST(num_threads() == 1);
}

BOOST_AUTO_TEST_CASE(fixed_contiguous_chunks) {
  Threads t(2);
  BOOST_TEST((chunks_of(10, 1) == Chunks{{0, 5}, {5, 10}}));
  BOOST_TEST((chunks_of(11, 1) == Chunks{{0, 6}, {6, 11}}));  // the first chunk takes the extra one
  BOOST_TEST((chunks_of(11, 4) == Chunks{{0, 6}, {6, 11}}));
  // each chunk at least `grain` long: below 2 * grain, one chunk
  BOOST_TEST((chunks_of(7, 4) == Chunks{{0, 7}}));
  BOOST_TEST((chunks_of(2 * kParallelGrain - 1, kParallelGrain) == Chunks{{0, 2 * kParallelGrain - 1}}));
  BOOST_TEST((chunks_of(2 * kParallelGrain, kParallelGrain) ==
              Chunks{{0, kParallelGrain}, {kParallelGrain, 2 * kParallelGrain}}));
  // grain 0 counts as 1
  BOOST_TEST((chunks_of(4, 0) == Chunks{{0, 2}, {2, 4}}));
  // the same call gives the same chunks every time
  for (int i = 0; i < 50; ++i) BOOST_TEST((chunks_of(1001, 1) == Chunks{{0, 501}, {501, 1001}}));
}

BOOST_AUTO_TEST_CASE(more_threads_than_elements) {
  Threads t(4);
  BOOST_TEST((chunks_of(1, 1) == Chunks{{0, 1}}));
  BOOST_TEST((chunks_of(3, 1) == Chunks{{0, 1}, {1, 2}, {2, 3}}));
  BOOST_TEST((chunks_of(6, 1) == Chunks{{0, 2}, {2, 4}, {4, 5}, {5, 6}}));
}

BOOST_AUTO_TEST_CASE(nothing_to_do_calls_nothing) {
  for (int threads : {1, 2}) {
    Threads t(threads);
    int calls = 0;
    parallel_for(0, [&](std::size_t, std::size_t) { ++calls; }, 1);
    parallel_for(0, [&](std::size_t, std::size_t) { ++calls; });
    BOOST_TEST(calls == 0);
  }
}

BOOST_AUTO_TEST_CASE(one_thread_runs_one_chunk_inline) {
  BOOST_TEST(num_threads() == 1);
  const std::thread::id me = std::this_thread::get_id();
  Chunks seen;
  parallel_for(1000, [&](std::size_t b, std::size_t e) {
    BOOST_TEST((std::this_thread::get_id() == me));
    seen.emplace_back(b, e);
  }, 1);
  BOOST_TEST((seen == Chunks{{0, 1000}}));
}

BOOST_AUTO_TEST_CASE(every_element_once_on_two_threads) {
  Threads t(2);
  const std::size_t n = 3 * kParallelGrain + 7;
  std::vector<int> hits(n, 0);
  std::mutex m;
  std::set<std::thread::id> ids;
  parallel_for(n, [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) ++hits[k];
    std::lock_guard<std::mutex> lock(m);
    ids.insert(std::this_thread::get_id());
  });
  BOOST_TEST(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
  BOOST_TEST(ids.size() == 2u);  // the caller and a worker
  BOOST_TEST(ids.count(std::this_thread::get_id()) == 1u);
}

BOOST_AUTO_TEST_CASE(many_small_loops_back_to_back) {
  // Dispatch after dispatch, as an optimizer step does per parameter: no lost wake-up, no chunk
  // run twice or skipped, whether the worker is spinning or asleep.
  Threads t(2);
  std::atomic<long> sum{0};
  for (int i = 0; i < 20000; ++i) {
    parallel_for(4, [&](std::size_t b, std::size_t e) { sum += static_cast<long>(e - b); }, 1);
    if (i % 5000 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));  // let the worker sleep
  }
  BOOST_TEST(sum.load() == 4L * 20000);
}

BOOST_AUTO_TEST_CASE(nested_call_runs_inline_with_the_same_chunks) {
  Threads t(2);
  std::mutex m;
  std::vector<Chunks> inner;
  parallel_for(2, [&](std::size_t, std::size_t) {
    const Chunks c = chunks_of(10, 1);
    std::lock_guard<std::mutex> lock(m);
    inner.push_back(c);
  }, 1);
  BOOST_TEST(inner.size() == 2u);
  for (const auto& c : inner) BOOST_TEST((c == Chunks{{0, 5}, {5, 10}}));
}

BOOST_AUTO_TEST_CASE(two_callers_at_once_both_finish) {
  Threads t(2);
  std::vector<long> totals(2, 0);
  auto caller = [&](int who) {
    for (int i = 0; i < 2000; ++i) {
      std::atomic<long> s{0};
      parallel_for(1000, [&](std::size_t b, std::size_t e) {
        long local = 0;
        for (std::size_t k = b; k < e; ++k) local += static_cast<long>(k);
        s += local;
      }, 1);
      totals[who] += s.load();
    }
  };
  std::thread other(caller, 1);
  caller(0);
  other.join();
  BOOST_TEST(totals[0] == 2000L * 999 * 1000 / 2);
  BOOST_TEST(totals[1] == 2000L * 999 * 1000 / 2);
}

BOOST_AUTO_TEST_CASE(exceptions_reach_the_caller_and_the_pool_survives) {
  Threads t(2);
  // from the worker's chunk (the second), then from the caller's (the first)
  BOOST_CHECK_THROW(parallel_for(10, [](std::size_t b, std::size_t) {
    if (b > 0) throw std::runtime_error("worker");
  }, 1), std::runtime_error);
  BOOST_CHECK_THROW(parallel_for(10, [](std::size_t b, std::size_t) {
    if (b == 0) throw std::invalid_argument("caller");
  }, 1), std::invalid_argument);
  BOOST_TEST((chunks_of(10, 1) == Chunks{{0, 5}, {5, 10}}));
}

BOOST_AUTO_TEST_CASE(changing_the_thread_count_between_loops) {
  for (int threads : {2, 3, 1, 2}) {
    Threads t(threads);
    const Chunks c = chunks_of(12, 1);
    BOOST_TEST(c.size() == static_cast<std::size_t>(threads));
    BOOST_TEST(c.front().first == 0u);
    BOOST_TEST(c.back().second == 12u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
