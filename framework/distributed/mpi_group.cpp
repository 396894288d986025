#include <minidl/framework/distributed/mpi_group.hpp>

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace minidl {
namespace {

// Waits for a non-blocking operation, testing it every 100 microseconds: MPI_Wait would spin on a
// core the training threads need, for as long as the slowest process takes to arrive.
void wait_for(MPI_Request& request) {
  int done = 0;
  MPI_Test(&request, &done, MPI_STATUS_IGNORE);
  while (!done) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
  }
}

// MPI counts in int: bigger arrays go in pieces of at most 2^28 elements (1 GiB of floats).
template <class T>
void allreduce(T* values, std::size_t n, MPI_Datatype type, MPI_Op op) {
  constexpr std::size_t kPiece = std::size_t(1) << 28;
  for (std::size_t at = 0; at < n; at += kPiece) {
    MPI_Request request;
    MPI_Iallreduce(MPI_IN_PLACE, values + at, int(std::min(kPiece, n - at)), type, op, MPI_COMM_WORLD, &request);
    wait_for(request);
  }
}

}  // namespace

MpiGroup::MpiGroup(int& argc, char**& argv) {
  int provided = 0;
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    throw std::runtime_error("MPI could not start");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("this MPI gives no MPI_THREAD_FUNNELED support");
  }
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  rank_ = std::size_t(rank);
  size_ = std::size_t(size);
}

MpiGroup::~MpiGroup() { MPI_Finalize(); }

std::string MpiGroup::host() const {
  char name[MPI_MAX_PROCESSOR_NAME];
  int length = 0;
  MPI_Get_processor_name(name, &length);
  return std::string(name, std::size_t(length));
}

void MpiGroup::broadcast(void* data, std::size_t bytes, std::size_t root) const {
  auto* p = static_cast<char*>(data);
  for (std::size_t at = 0; at < bytes; at += std::size_t(INT_MAX / 2)) {
    MPI_Request request;
    MPI_Ibcast(p + at, int(std::min(bytes - at, std::size_t(INT_MAX / 2))), MPI_BYTE, int(root), MPI_COMM_WORLD, &request);
    wait_for(request);
  }
}

void MpiGroup::broadcast(std::string& text, std::size_t root) const {
  std::uint64_t n = text.size();
  broadcast(&n, sizeof n, root);
  text.resize(n);
  broadcast(text.data(), n, root);
}

void MpiGroup::broadcast(std::vector<std::uint64_t>& values, std::size_t root) const {
  std::uint64_t n = values.size();
  broadcast(&n, sizeof n, root);
  values.resize(n);
  broadcast(values.data(), n * sizeof(std::uint64_t), root);
}

void MpiGroup::sum(float* values, std::size_t n) const { allreduce(values, n, MPI_FLOAT, MPI_SUM); }
void MpiGroup::sum(double* values, std::size_t n) const { allreduce(values, n, MPI_DOUBLE, MPI_SUM); }
void MpiGroup::sum(std::uint64_t* values, std::size_t n) const { allreduce(values, n, MPI_UINT64_T, MPI_SUM); }
void MpiGroup::max(std::int64_t* values, std::size_t n) const { allreduce(values, n, MPI_INT64_T, MPI_MAX); }

void MpiGroup::barrier() const {
  MPI_Request request;
  MPI_Ibarrier(MPI_COMM_WORLD, &request);
  wait_for(request);
}

void MpiGroup::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();  // MPI_Abort does not return; this tells the compiler so
}

}  // namespace minidl
