#include <minidl/framework/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace minidl {
namespace {

using Clock = std::chrono::steady_clock;

// How long an idle thread polls before it sleeps: long enough to catch the next loop of the same
// optimizer step (one per parameter, microseconds apart; a futex wake-up costs tens of them on a
// virtual machine), short enough to leave the CPU alone between training steps.
constexpr auto kSpin = std::chrono::microseconds(50);

// Set on a thread while it runs a chunk: a parallel_for from inside one runs its chunks inline.
thread_local bool in_chunk = false;

void cpu_relax() {
#if defined(__SSE2__)
  _mm_pause();
#endif
}

// Polls `done` for kSpin, then waits for it on cv under mutex (whoever makes it true must take
// the mutex before notifying, so that the wake-up cannot slip between test and wait).
template <class Done>
void spin_then_wait(std::mutex& mutex, std::condition_variable& cv, Done done) {
  const Clock::time_point until = Clock::now() + kSpin;
  while (!done()) {
    if (Clock::now() >= until) {
      std::unique_lock<std::mutex> lock(mutex);
      cv.wait(lock, done);
      return;
    }
    cpu_relax();
  }
}

// threads - 1 workers; worker w runs chunk w of each loop, the caller chunk 0. Every worker takes
// part in every loop (those without a chunk just report), so none can lag a loop behind.
class ThreadPool {
 public:
  explicit ThreadPool(int threads) {
    try {
      for (int w = 1; w < threads; ++w) workers_.emplace_back([this, w] { work(static_cast<std::size_t>(w)); });
    } catch (...) {
      stop();
      throw;
    }
  }
  ~ThreadPool() { stop(); }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  std::size_t threads() const { return workers_.size() + 1; }
  std::mutex& busy() { return busy_; }

  // chunk(c) for every c < chunks (chunks <= threads()); returns when all are done.
  void run(std::size_t chunks, const std::function<void(std::size_t)>& chunk) {
    job_ = &chunk;
    chunks_ = chunks;
    error_ = nullptr;
    pending_.store(workers_.size(), std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    std::exception_ptr mine;
    in_chunk = true;
    try {
      chunk(0);
    } catch (...) {
      mine = std::current_exception();
    }
    in_chunk = false;
    spin_then_wait(mutex_, done_, [this] { return pending_.load(std::memory_order_acquire) == 0; });
    job_ = nullptr;
    if (mine) std::rethrow_exception(mine);
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void work(std::size_t index) {
    in_chunk = true;
    std::uint64_t seen = 0;
    for (;;) {
      spin_then_wait(mutex_, wake_, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      seen = generation_.load(std::memory_order_acquire);
      if (stop_.load(std::memory_order_acquire)) return;
      if (index < chunks_) {
        try {
          (*job_)(index);
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex_);
          if (!error_) error_ = std::current_exception();
        }
      }
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        done_.notify_one();
      }
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_.store(true, std::memory_order_release);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  std::mutex busy_;  // one loop at a time; a second caller runs inline
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::size_t> pending_{0};
  std::atomic<bool> stop_{false};
  // Written by the caller before it bumps generation_, read by workers after they see the bump.
  const std::function<void(std::size_t)>* job_ = nullptr;
  std::size_t chunks_ = 0;
  std::exception_ptr error_;
  std::vector<std::thread> workers_;
};

std::unique_ptr<ThreadPool> pool;  // none: one thread
int pool_threads = 1;

}  // namespace

void set_num_threads(int n) {
  n = std::max(n, 1);
  if (n == pool_threads) return;
  pool.reset();
  pool_threads = 1;
  if (n > 1) pool = std::make_unique<ThreadPool>(n);
  pool_threads = n;
}

int num_threads() { return pool_threads; }

void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn, std::size_t grain) {
  if (n == 0) return;
  grain = std::max<std::size_t>(grain, 1);
  const std::size_t chunks = std::max<std::size_t>(1, std::min<std::size_t>(pool_threads, n / grain));
  if (chunks == 1) {
    fn(0, n);
    return;
  }
  // Chunk c is [begin(c), begin(c + 1)): the first n % chunks chunks one element longer.
  const std::size_t base = n / chunks, extra = n % chunks;
  auto begin = [=](std::size_t c) { return c * base + std::min(c, extra); };
  const std::function<void(std::size_t)> chunk = [&](std::size_t c) { fn(begin(c), begin(c + 1)); };
  std::unique_lock<std::mutex> mine(pool->busy(), std::defer_lock);
  if (in_chunk || !mine.try_lock()) {
    // The same chunks one after another, so that the split never depends on who got the pool.
    for (std::size_t c = 0; c < chunks; ++c) chunk(c);
    return;
  }
  pool->run(chunks, chunk);
}

}  // namespace minidl
