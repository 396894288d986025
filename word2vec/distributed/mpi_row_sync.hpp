#pragma once
// FastSync over MPI (word2vec/fast/fast_sync.hpp): each process trains on its own part of the corpus
// with Hogwild threads, and the processes' copies of W_in and W_out are kept close by averaging rows:
//  - every round (when FastWord2Vec calls one: every `seconds` and at least 20 times an epoch, or
//    every `words` words each process reads): the rows of the rows / 2 most frequent words, which
//    change at almost every example and would drift apart fastest, and rows / 2 more taken in turn
//    from the rest, by falling frequency, so that every row is averaged several times in an epoch;
//  - at each epoch's end: every row.
// A round averages while the training threads go on writing; what they write meanwhile is kept for
// the next round (row += mean - the row as it was sent), as Hogwild keeps concurrent updates.
// Averaging divides each process's change by their number, so the trainer steps ranks() times as far
// (step_scale()): the mean then moves as one process training on all the text would move.
//
// The scheme follows pWord2Vec_mpi (Ji et al., "Parallelizing Word2Vec in Shared and Distributed
// Memory", 2016), which averages the most frequent rows every 0.1 s and more rows on some rounds,
// at the learning rate of one process.
#include <cstdint>
#include <vector>

#include <minidl/framework/distributed/mpi_group.hpp>
#include <minidl/word2vec/fast/fast_sync.hpp>

namespace minidl {

struct RowSyncOptions {
  double seconds = 0.1;       // between rounds (--sync-seconds)
  std::uint64_t words = 0;    // > 0: a round each time a process has read this many more words (--sync-words)
  std::size_t rows = 2048;    // shared per round, of each matrix (--sync-rows)
};

class MpiRowSync : public FastSync {
 public:
  // counts: the words' counts, the same on every process (they decide which rows are hot).
  MpiRowSync(const MpiGroup& group, const std::vector<std::uint64_t>& counts, const RowSyncOptions& options = {});
  std::size_t rank() const override { return group_.rank(); }
  std::size_t ranks() const override { return group_.size(); }
  double seconds() const override { return options_.seconds; }
  double step_scale() const override { return double(group_.size()); }
  std::uint64_t units_between() const override { return options_.words; }
  SyncRound round(Scalar* W_in, Scalar* W_out, std::size_t V, std::size_t H, std::uint64_t units_read, bool finished,
                  bool failed) override;
  std::string failure_of(int rank, const std::string& own_message) override;
  void end_epoch(Scalar* W_in, Scalar* W_out, std::size_t V, std::size_t H, FastEpochStats& stats) override;

  std::uint64_t rounds() const { return rounds_; }        // so far, in all epochs
  bool stopped() const { return stopped_; }               // a round has reported a failed process
  std::uint64_t bytes_sent() const { return bytes_; }     // rows' bytes this process sent

 private:
  const MpiGroup& group_;
  RowSyncOptions options_;
  std::vector<std::int32_t> by_count_;  // word ids by falling count
  std::size_t next_ = 0;                // where the rotating half starts next, in by_count_ past the hot ones
  std::vector<std::int32_t> rows_;      // this round's
  std::vector<Scalar> sent_, sum_;
  std::uint64_t rounds_ = 0, bytes_ = 0;
  bool stopped_ = false;
  void average(Scalar* W_in, Scalar* W_out, std::size_t H);
};

}  // namespace minidl
