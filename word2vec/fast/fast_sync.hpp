#pragma once
// What FastWord2Vec needs from a group of processes that train one model together, each on its own
// part of the corpus (data parallelism): how they talk is not its business. The one implementation,
// over MPI, is word2vec/distributed/mpi_row_sync; tests/test_fast_sync.cpp has one that records the
// trainer's calls and plays the other processes.
//
// While an epoch's workers train, FastWord2Vec's calling thread (otherwise idle, waiting to report
// progress) calls round() (see seconds()); every process must make the same calls, so a round
// also tells each process whether all of them are done. After the epoch, with the workers stopped,
// end_epoch() makes every process's weights the same.
#include <cstddef>
#include <cstdint>
#include <string>

#include <minidl/framework/tensor.hpp>

namespace minidl {

struct FastEpochStats;

// Rounds come at least this often in an epoch, whatever seconds() says: an epoch of PTB lasts a
// fifth of a second a process, and at 0.1 s alone (one or two rounds) CBOW with two processes
// trailed one process by 0.66 analogy points (five seeds, when this was chosen); with 20, 0.36 over
// thirty seeds (docs/distributed.md). 100 rounds an epoch cost a quarter of the time on a 2-core
// machine, where a round's copying takes the training threads' cores; 20 cost little. On a long
// corpus the seconds decide.
constexpr std::uint64_t kRoundsPerEpoch = 20;

struct SyncRound {
  std::uint64_t units_read = 0;  // by all processes this epoch (the learning rate counts them all)
  bool all_finished = false;     // every process's workers are done with the epoch
  int failed_rank = -1;          // a process whose workers failed (it knows why), or -1
};

class FastSync {
 public:
  virtual ~FastSync() = default;
  virtual std::size_t rank() const = 0;   // this process, 0 .. ranks() - 1
  virtual std::size_t ranks() const = 0;
  // How often round() is called while training: every seconds(), and at least kRoundsPerEpoch times
  // an epoch, unless units_between() > 0: then each time this process has
  // read that many more units instead (the same staleness in words whatever the machine's speed).
  virtual double seconds() const = 0;
  virtual std::uint64_t units_between() const = 0;
  // Each process's learning rate is this many times the one given: a FastSync that averages the
  // processes' rows divides each one's change by ranks(), and ranks() undoes that (the linear scaling
  // rule of data-parallel SGD). On PTB with 2 processes, CBOW's analogy accuracy after plain
  // averaging fell from 5.2-6.2 % (one process, 2 threads) to 4.4-4.5 %; scaled, it stayed.
  virtual double step_scale() const = 0;
  // This process's progress (units its shards' readers have read), whether its workers have finished
  // and whether they failed; may share rows of W_in and W_out (V x H each) with the other processes
  // while the workers go on writing them. Returns what all processes reported.
  virtual SyncRound round(Scalar* W_in, Scalar* W_out, std::size_t V, std::size_t H, std::uint64_t units_read,
                          bool finished, bool failed) = 0;
  // After a round that reported failed_rank: that process's error message (on every process).
  virtual std::string failure_of(int rank, const std::string& own_message) = 0;
  // The epoch is over and every worker stopped: every row made the same in all processes, and the
  // epoch's figures summed (loss, predictions, tokens) or the slowest taken (seconds).
  virtual void end_epoch(Scalar* W_in, Scalar* W_out, std::size_t V, std::size_t H, FastEpochStats& stats) = 0;
};

}  // namespace minidl
