#include <minidl/word2vec/distributed/mpi_row_sync.hpp>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include <minidl/word2vec/fast/fast_word2vec.hpp>

namespace minidl {

MpiRowSync::MpiRowSync(const MpiGroup& group, const std::vector<std::uint64_t>& counts, const RowSyncOptions& options)
    : group_(group), options_(options), by_count_(counts.size()) {
  if (!(options.seconds > 0)) throw std::invalid_argument("row sync: seconds must be > 0");
  if (options.rows < 2) throw std::invalid_argument("row sync: rows must be at least 2");
  std::iota(by_count_.begin(), by_count_.end(), 0);
  std::stable_sort(by_count_.begin(), by_count_.end(),
                   [&](std::int32_t a, std::int32_t b) { return counts[std::size_t(a)] > counts[std::size_t(b)]; });
}

// rows_ of W_in and W_out made the mean of every process's, in pieces of at most 32 MiB. The training
// threads may write a row between its copy being sent and the mean coming back: row += mean - sent
// keeps what they wrote, for the next round to share.
// Tried instead, on PTB CBOW with 2 and 4 processes (means of 5-20 seeds against one process with as
// many threads; the gap that remains is in docs/distributed.md): adding up the changes since the rows
// were last shared, each process at the unscaled rate (Hogwild's rule; it needs a copy of both
// matrices as last shared), trailed one process as much with 2, and with 4 the most frequent rows
// overshot and the loss diverged; averaging the 64 most frequent rows and adding up the rest fell to
// 1 % with 4; a step scaled by sqrt(ranks) or ranks^1.25 instead of ranks, or capped at one process's
// starting rate, lost more (0.3-1.3 points); every row in every round, or as many rounds as this
// machine allows (--sync-words 500: about 34 an epoch), gained 0.1 point at most.
void MpiRowSync::average(Scalar* W_in, Scalar* W_out, std::size_t H) {
  const std::size_t n = rows_.size();
  const std::size_t piece = std::max<std::size_t>(1, (std::size_t(1) << 22) / (2 * H));
  const Scalar inv = Scalar(1) / Scalar(group_.size());
  for (std::size_t first = 0; first < n; first += piece) {
    const std::size_t m = std::min(piece, n - first);
    sent_.resize(2 * m * H);
    for (std::size_t i = 0; i < 2 * m; ++i)
      std::memcpy(&sent_[i * H], (i < m ? W_in : W_out) + std::size_t(rows_[first + i % m]) * H, H * sizeof(Scalar));
    sum_ = sent_;
    group_.sum(sum_.data(), sum_.size());
    bytes_ += sum_.size() * sizeof(Scalar);
    for (std::size_t i = 0; i < 2 * m; ++i) {
      Scalar* row = (i < m ? W_in : W_out) + std::size_t(rows_[first + i % m]) * H;
      const Scalar* total = &sum_[i * H];
      const Scalar* was = &sent_[i * H];
      for (std::size_t j = 0; j < H; ++j) row[j] += total[j] * inv - was[j];
    }
  }
}

SyncRound MpiRowSync::round(Scalar* W_in, Scalar* W_out, std::size_t V, std::size_t H, std::uint64_t units_read,
                            bool finished, bool failed) {
  // One sum and one max tell every process the group's progress, whether all are done, and who failed.
  std::uint64_t progress[2] = {units_read, finished ? 1u : 0u};
  group_.sum(progress, 2);
  std::int64_t failed_rank = failed ? std::int64_t(group_.rank()) : -1;
  group_.max(&failed_rank, 1);
  SyncRound r;
  r.units_read = progress[0];
  r.all_finished = progress[1] == group_.size();
  r.failed_rank = int(failed_rank);
  ++rounds_;
  stopped_ = stopped_ || r.failed_rank >= 0;
  // Nothing to share once one failed (all stop), or all are done (end_epoch shares every row).
  if (r.failed_rank >= 0 || r.all_finished || group_.size() == 1) return r;

  const std::size_t hot = std::min(V, options_.rows / 2);
  const std::size_t rest = V - hot, turn = std::min(rest, options_.rows - options_.rows / 2);
  rows_.assign(by_count_.begin(), by_count_.begin() + std::ptrdiff_t(hot));
  for (std::size_t k = 0; k < turn; ++k) rows_.push_back(by_count_[hot + (next_ + k) % rest]);
  if (rest > 0) next_ = (next_ + turn) % rest;
  average(W_in, W_out, H);
  return r;
}

std::string MpiRowSync::failure_of(int rank, const std::string& own_message) {
  std::string message = own_message;
  group_.broadcast(message, std::size_t(rank));
  return message;
}

void MpiRowSync::end_epoch(Scalar* W_in, Scalar* W_out, std::size_t V, std::size_t H, FastEpochStats& stats) {
  if (group_.size() > 1) {
    rows_.resize(V);
    std::iota(rows_.begin(), rows_.end(), 0);
    average(W_in, W_out, H);
  }
  double figures[3] = {stats.loss, double(stats.predictions), double(stats.tokens)};
  group_.sum(figures, 3);
  stats.loss = figures[0];
  stats.predictions = std::uint64_t(figures[1]);
  stats.tokens = std::uint64_t(figures[2]);
  std::int64_t micros = std::int64_t(stats.seconds * 1e6);
  group_.max(&micros, 1);
  stats.seconds = double(micros) / 1e6;
}

}  // namespace minidl
