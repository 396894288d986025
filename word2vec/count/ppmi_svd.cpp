#include <minidl/word2vec/count/ppmi_svd.hpp>

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <string>

#include <minidl/word2vec/count/co_matrix.hpp>
#include <minidl/word2vec/count/truncated_svd.hpp>
#include <minidl/framework/random.hpp>

namespace minidl {
namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

Tensor ppmi_svd_vectors(const Ids& corpus, std::size_t vocab_size, std::size_t window_size,
                        std::size_t wordvec_size, std::uint64_t seed, PpmiSvdTimes* times, std::ostream* progress,
                        std::size_t n_iter) {
  if (wordvec_size == 0 || wordvec_size > vocab_size)
    throw std::invalid_argument("ppmi-svd: the vector size " + std::to_string(wordvec_size) +
                                " must be between 1 and the vocabulary size " + std::to_string(vocab_size));
  PpmiSvdTimes local;
  PpmiSvdTimes& t = times ? *times : local;
  auto t0 = std::chrono::steady_clock::now();
  const SparseCoMatrix C = create_sparse_co_matrix(corpus, vocab_size, window_size);
  t.co_matrix_seconds = seconds_since(t0);
  t.co_matrix_nonzeros = C.nonzeros();

  t0 = std::chrono::steady_clock::now();
  std::ostringstream quiet;
  const Tensor W = ppmi(C, progress != nullptr, 1e-8, progress ? *progress : quiet);
  t.ppmi_seconds = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  Rng rng(seed);
  SvdResult svd = randomized_svd(W, wordvec_size, rng, n_iter);
  t.svd_seconds = seconds_since(t0);
  return std::move(svd.U);
}

}  // namespace minidl
