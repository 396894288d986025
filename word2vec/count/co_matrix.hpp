#pragma once
// The count-based method of chapter 2: the co-occurrence matrix (ch. 2.3.4) and PPMI (ch. 2.4.1).
//
//   C[w, c] = number of times word c appears within `window_size` words left or right of word w
//   (the book's create_co_matrix: sentence boundaries are not special, the corpus is one sequence)
//
//   PPMI(i, j) = max(0, log2(C_ij * N / (S_i * S_j) + eps)),  N = sum of all C,  S = column sums
//   (the book's ppmi, including its eps = 1e-8 inside the log). A cell with C_ij = 0 gives
//   log2(eps) < 0, so 0; a zero row or column (a word that never co-occurs) gives 0, not NaN.
//
// Two forms of C:
//   - dense: a (V, V) Tensor of counts, the book's matrix, for the toy sentence and small V.
//   - sparse (CSR): for PTB (V = 10,000) a dense float C would take 4 V^2 = 400 MB (800 MB in the
//     double build) and its O(V^2) zeros; the sparse form holds only the pairs that occur (about
//     0.6 % of cells for PTB with window 2). ppmi() of it still returns a dense (V, V) Tensor,
//     because the truncated SVD multiplies it with BLAS gemm: 400 MB (float) for PTB, one matrix.
// Counts are kept as Scalar: float counts are exact up to 2^24, far above any PTB pair count.
//
// Beyond the book (docs/quality.md says why each helps):
//   - weighting harmonic: a context word d positions away adds 1/d instead of 1 (GloVe's weighting,
//     Pennington et al. 2014): near words say more about a word than far ones.
//   - cds (context-distribution smoothing, Levy, Goldberg & Dagan 2015): the context's probability
//     is taken from S_j^cds / sum_k S_k^cds, which lifts rare contexts' share and so lowers the PMI
//     they get by chance: PPMI(i, j) = max(0, log2(C_ij Z / (S_i S_j^cds) + eps)), Z = sum_k S_k^cds.
//     cds = 1 is the book's formula (Z = N).
#include <cstddef>
#include <iosfwd>
#include <vector>

#include <minidl/framework/tensor.hpp>

namespace minidl {

// Compressed sparse rows of a (V, V) count matrix: row i's entries are cols[row_start[i] ..
// row_start[i+1]) with counts values[...], columns ascending within a row.
struct SparseCoMatrix {
  std::size_t vocab_size = 0;
  std::vector<std::size_t> row_start;  // V + 1 entries
  std::vector<std::int32_t> cols;
  std::vector<Scalar> values;

  std::size_t nonzeros() const { return values.size(); }
  Tensor to_dense() const;
};

enum class CoWeighting { flat, harmonic };

// The book's create_co_matrix(corpus, vocab_size, window_size=1). Throws std::invalid_argument
// for a window of 0 or an id outside [0, vocab_size); the sparse form also for a window above 255
// or a vocabulary of 2^28 words or more (its sort keys pack word, context and distance).
Tensor create_co_matrix(const Ids& corpus, std::size_t vocab_size, std::size_t window_size = 1);
SparseCoMatrix create_sparse_co_matrix(const Ids& corpus, std::size_t vocab_size, std::size_t window_size = 1,
                                       CoWeighting weighting = CoWeighting::flat);

// The book's ppmi(C, verbose=False, eps=1e-8). With verbose, prints "10.0% done" ... "100.0% done"
// to `progress` (one line per tenth of the rows). Throws std::invalid_argument unless C is square,
// or if it holds a negative count.
Tensor ppmi(const Tensor& C, bool verbose = false, double eps = 1e-8);
Tensor ppmi(const Tensor& C, bool verbose, double eps, std::ostream& progress);
Tensor ppmi(const SparseCoMatrix& C, bool verbose = false, double eps = 1e-8);
Tensor ppmi(const SparseCoMatrix& C, bool verbose, double eps, std::ostream& progress, double cds = 1.0);

}  // namespace minidl
