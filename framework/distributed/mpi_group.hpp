#pragma once
// The processes of one MPI job (MPI_COMM_WORLD) as a training program sees them: which one this is,
// and the few collective operations data parallelism needs. Built only when CMake finds MPI
// (MINIDL_MPI); <mpi.h> stays in the .cpp, so nothing that includes this needs MPI's headers.
//
// Only the thread that made the group calls it (MPI_THREAD_FUNNELED): training threads never do.
// A collective waits by polling with short sleeps instead of MPI's busy wait, so that a process
// waiting for a slower one does not take a core from the training threads of its own or, when
// ranks share a machine, of the others.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace minidl {

class MpiGroup {
 public:
  // MPI_Init_thread. Throws std::runtime_error when MPI cannot start or gives no FUNNELED support.
  MpiGroup(int& argc, char**& argv);
  ~MpiGroup();  // MPI_Finalize
  MpiGroup(const MpiGroup&) = delete;
  MpiGroup& operator=(const MpiGroup&) = delete;

  std::size_t rank() const { return rank_; }
  std::size_t size() const { return size_; }
  std::string host() const;  // MPI_Get_processor_name

  // From `root` to every process; the receivers' values are replaced.
  void broadcast(std::string& text, std::size_t root = 0) const;
  void broadcast(std::vector<std::uint64_t>& values, std::size_t root = 0) const;
  void broadcast(void* data, std::size_t bytes, std::size_t root = 0) const;  // same size everywhere

  // Element-wise sums (max) over all processes, every process getting the result in place.
  void sum(float* values, std::size_t n) const;
  void sum(double* values, std::size_t n) const;
  void sum(std::uint64_t* values, std::size_t n) const;
  void max(std::int64_t* values, std::size_t n) const;

  void barrier() const;

  // Ends every process of the job at once (MPI_Abort): for an error found where the others cannot
  // be told in a collective (they would wait for it forever).
  [[noreturn]] void abort(int code) const;

 private:
  std::size_t rank_ = 0, size_ = 1;
};

}  // namespace minidl
