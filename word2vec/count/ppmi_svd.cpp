#include <minidl/word2vec/count/ppmi_svd.hpp>

#include <chrono>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

#include <minidl/word2vec/count/truncated_svd.hpp>
#include <minidl/framework/random.hpp>

namespace minidl {
namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

Tensor ppmi_svd_vectors(const Ids& corpus, std::size_t vocab_size, const PpmiSvdOptions& o, PpmiSvdTimes* times,
                        std::ostream* progress) {
  if (o.wordvec_size == 0 || o.wordvec_size > vocab_size)
    throw std::invalid_argument("ppmi-svd: the vector size " + std::to_string(o.wordvec_size) +
                                " must be between 1 and the vocabulary size " + std::to_string(vocab_size));
  if (!(o.cds > 0 && o.cds <= 1)) throw std::invalid_argument("ppmi-svd: cds must be in (0, 1], got " + std::to_string(o.cds));
  if (!(o.eig >= 0 && o.eig <= 1)) throw std::invalid_argument("ppmi-svd: eig must be in [0, 1], got " + std::to_string(o.eig));
  PpmiSvdTimes local;
  PpmiSvdTimes& t = times ? *times : local;
  auto t0 = std::chrono::steady_clock::now();
  const SparseCoMatrix C = create_sparse_co_matrix(corpus, vocab_size, o.window, o.weighting);
  t.co_matrix_seconds = seconds_since(t0);
  t.co_matrix_nonzeros = C.nonzeros();

  t0 = std::chrono::steady_clock::now();
  std::ostringstream quiet;
  const Tensor W = ppmi(C, progress != nullptr, 1e-8, progress ? *progress : quiet, o.cds);
  t.ppmi_seconds = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  Rng rng(o.seed);
  SvdResult svd = randomized_svd(W, o.wordvec_size, rng, o.n_iter);
  if (o.eig != 0)
    for (std::size_t j = 0; j < o.wordvec_size; ++j) {
      const Scalar w = static_cast<Scalar>(std::pow(double(svd.S(j)), o.eig));
      for (std::size_t i = 0; i < vocab_size; ++i) svd.U(i, j) *= w;
    }
  t.svd_seconds = seconds_since(t0);
  return std::move(svd.U);
}

}  // namespace minidl
