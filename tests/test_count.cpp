// word2vec/count: the book's create_co_matrix and ppmi on its toy sentence (ch. 2.3-2.4), and the
// randomized truncated SVD against LAPACK's exact one. Expected values are worked out by hand in
// the comments (and agree with the book's printed output).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <xtensor/xview.hpp>

#include <minidl/framework/blas.hpp>
#include <minidl/word2vec/count/co_matrix.hpp>
#include <minidl/word2vec/count/ppmi_svd.hpp>
#include <minidl/word2vec/count/truncated_svd.hpp>
#include <minidl/word2vec/data/preprocess.hpp>
#include <minidl/word2vec/eval/similarity.hpp>
#include <minidl/framework/random.hpp>

using namespace minidl;

namespace {

// "You say goodbye and I say hello." -> corpus [0 1 2 3 4 1 5 6], V = 7.
Corpus toy() { return preprocess("You say goodbye and I say hello."); }

// The book's C for window 1 (ch. 2.3.4, figure 2-7), written out from the sentence by hand.
const float kBookC[7][7] = {{0, 1, 0, 0, 0, 0, 0}, {1, 0, 1, 0, 1, 1, 0}, {0, 1, 0, 1, 0, 0, 0},
                            {0, 0, 1, 0, 1, 0, 0}, {0, 1, 0, 1, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 1},
                            {0, 0, 0, 0, 0, 1, 0}};

Tensor row(const Tensor& m, std::size_t i) { return xt::view(m, i, xt::all()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(count_co_matrix)

BOOST_AUTO_TEST_CASE(toy_sentence_matches_the_book) {
  const Corpus c = toy();
  const Tensor C = create_co_matrix(c.corpus, 7, 1);
  BOOST_REQUIRE_EQUAL(shape_str(C.shape()), "(7, 7)");
  for (std::size_t i = 0; i < 7; ++i)
    for (std::size_t j = 0; j < 7; ++j) BOOST_CHECK_EQUAL(C(i, j), kBookC[i][j]);
  // The book: cos_similarity(C[you], C[i]) = 0.7071067691154799 (rows [0 1 0 0 0 0 0] and
  // [0 1 0 1 0 0 0]: 1 / sqrt(2), less a hair from eps).
  const double s = cos_similarity(row(C, c.word_to_id.at("you")), row(C, c.word_to_id.at("i")));
  BOOST_CHECK_CLOSE(s, 0.7071067691154799, 1e-4);
}

BOOST_AUTO_TEST_CASE(sparse_form_equals_dense_for_wider_windows) {
  const Corpus c = toy();
  for (std::size_t w : {1, 2, 3, 10}) {
    const SparseCoMatrix s = create_sparse_co_matrix(c.corpus, 7, w);
    BOOST_CHECK(s.to_dense() == create_co_matrix(c.corpus, 7, w));
  }
  // Window 2 by hand for corpus [0 1 2]: 0 sees 1, 2; 1 sees 0, 2; 2 sees 1, 0.
  Ids tiny = {0, 1, 2};
  const Tensor C2 = create_co_matrix(tiny, 3, 2);
  const Tensor want = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
  BOOST_CHECK(C2 == want);
  const SparseCoMatrix s7 = create_sparse_co_matrix(c.corpus, 7, 1);
  BOOST_CHECK_EQUAL(s7.nonzeros(), 14u);  // the 14 ones of the book's matrix
}

BOOST_AUTO_TEST_CASE(ppmi_matches_the_book) {
  const Tensor C = create_co_matrix(toy().corpus, 7, 1);
  const Tensor M = ppmi(C);
  // N = 14, S = [1 4 2 2 2 2 1]. The book prints 1.807 = log2(14 / (1*4)) = log2(3.5),
  // 0.807 = log2(14 / (4*2)) = log2(1.75), 2.807 = log2(14 / (2*1)) = log2(7).
  const double a = std::log2(3.5), b = std::log2(1.75), d = std::log2(7.0), e = std::log2(14.0 / 4);
  const double want[7][7] = {{0, a, 0, 0, 0, 0, 0}, {a, 0, b, 0, b, b, 0}, {0, b, 0, e, 0, 0, 0},
                             {0, 0, e, 0, e, 0, 0}, {0, b, 0, e, 0, 0, 0}, {0, b, 0, 0, 0, 0, d},
                             {0, 0, 0, 0, 0, d, 0}};
  for (std::size_t i = 0; i < 7; ++i)
    for (std::size_t j = 0; j < 7; ++j) BOOST_CHECK_SMALL(M(i, j) - want[i][j], 1e-5);
  BOOST_CHECK_CLOSE(M(0, 1), 1.807, 0.03);  // as printed, precision 3
  BOOST_CHECK_CLOSE(M(1, 2), 0.807, 0.05);
  BOOST_CHECK_CLOSE(M(5, 6), 2.807, 0.02);
  BOOST_CHECK(ppmi(create_sparse_co_matrix(toy().corpus, 7, 1)) == M);
}

BOOST_AUTO_TEST_CASE(empty_rows_give_zeros_not_nan) {
  // Vocabulary of 9, but words 7 and 8 never occur: their rows and columns are all zero.
  const Corpus c = toy();
  const Tensor M = ppmi(create_co_matrix(c.corpus, 9, 1));
  for (std::size_t i = 0; i < 9; ++i)
    for (std::size_t j = 0; j < 9; ++j) BOOST_CHECK(std::isfinite(M(i, j)) && M(i, j) >= 0);
  BOOST_CHECK_EQUAL(M(7, 7), 0);
  BOOST_CHECK_EQUAL(M(8, 1), 0);
  BOOST_CHECK_SMALL(M(5, 6) - std::log2(7.0), 1e-5);  // the rest unchanged
  const Tensor Ms = ppmi(create_sparse_co_matrix(c.corpus, 9, 1));
  BOOST_CHECK(Ms == M);
  const Tensor all_zero = xt::zeros<Scalar>({3, 3});
  BOOST_CHECK(ppmi(all_zero) == all_zero);
}

BOOST_AUTO_TEST_CASE(verbose_prints_ten_progress_lines) {
  std::ostringstream out;
  ppmi(create_co_matrix(toy().corpus, 25, 1), true, 1e-8, out);
  const std::string s = out.str();
  BOOST_CHECK_EQUAL(std::count(s.begin(), s.end(), '\n'), 10);
  BOOST_CHECK(s.rfind("10.0% done\n", 0) == 0);
  BOOST_CHECK(s.find("100.0% done\n") == s.size() - 12);
  std::ostringstream quiet;
  ppmi(create_co_matrix(toy().corpus, 7, 1), false, 1e-8, quiet);
  BOOST_CHECK(quiet.str().empty());
}

BOOST_AUTO_TEST_CASE(bad_input_is_named) {
  Ids bad = {0, 1, 7};
  try {
    create_co_matrix(bad, 7, 1);
    BOOST_FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    BOOST_CHECK(std::string(e.what()).find("word id 7 at position 2") != std::string::npos);
  }
  BOOST_CHECK_THROW(create_sparse_co_matrix(toy().corpus, 7, 0), std::invalid_argument);
  BOOST_CHECK_THROW(ppmi(Tensor(xt::zeros<Scalar>({2, 3}))), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(count_truncated_svd)

namespace {
// A = U0 diag(s) V0^T with orthonormal U0 (60, 50), V0 (50, 50) and s_i = 0.8^i: a known spectrum
// that decays like a PPMI matrix's does.
Tensor planted(Rng& rng, Tensor& s) {
  const Tensor U0 = orthonormal_basis(randn({60, 50}, rng));
  const Tensor V0 = orthonormal_basis(randn({50, 50}, rng));
  s = Tensor::from_shape({50});
  for (std::size_t i = 0; i < 50; ++i) s(i) = static_cast<Scalar>(std::pow(0.8, static_cast<double>(i)));
  Tensor US = U0;
  for (std::size_t i = 0; i < 60; ++i)
    for (std::size_t j = 0; j < 50; ++j) US(i, j) *= s(j);
  return dot(US, V0, false, true);
}

double rel(double got, double want) { return std::abs(got - want) / std::abs(want); }

double frobenius_error(const Tensor& A, const SvdResult& r, std::size_t k) {
  Tensor US = xt::view(r.U, xt::all(), xt::range(0, k));
  for (std::size_t i = 0; i < US.shape()[0]; ++i)
    for (std::size_t j = 0; j < k; ++j) US(i, j) *= r.S(j);
  const Tensor Vt = xt::view(r.Vt, xt::range(0, k), xt::all());
  const Tensor diff = A - dot(US, Vt);
  double sum = 0;
  for (const Scalar v : diff) sum += static_cast<double>(v) * v;
  return std::sqrt(sum);
}
}  // namespace

BOOST_AUTO_TEST_CASE(exact_svd_recovers_the_planted_spectrum) {
  Rng rng(5);
  Tensor s;
  const Tensor A = planted(rng, s);
  const SvdResult r = exact_svd(A);
  BOOST_REQUIRE_EQUAL(shape_str(r.U.shape()), "(60, 50)");
  for (std::size_t i = 0; i < 50; ++i) BOOST_CHECK_SMALL(r.S(i) - s(i), Scalar(1e-5));
  BOOST_CHECK_SMALL(frobenius_error(A, r, 50), 1e-5);  // full rank: A itself
}

BOOST_AUTO_TEST_CASE(randomized_matches_exact_top_k) {
  Rng rng(7);
  Tensor s;
  const Tensor A = planted(rng, s);
  const SvdResult exact = exact_svd(A);
  const std::size_t k = 10;
  Rng svd_rng(11);
  const SvdResult r = randomized_svd(A, k, svd_rng, 5, 10);
  BOOST_REQUIRE_EQUAL(shape_str(r.U.shape()), "(60, 10)");
  BOOST_REQUIRE_EQUAL(shape_str(r.S.shape()), "(10,)");
  BOOST_REQUIRE_EQUAL(shape_str(r.Vt.shape()), "(10, 50)");
  // With 10 oversamples and 5 power iterations the captured subspace misses the top 10 by about
  // (s_20 / s_10)^(2*5+1) = 0.8^110, far below float rounding; so the rank-10 error equals the
  // best possible (Eckart-Young: sqrt(sum of s_i^2, i >= 10) = 0.18) up to rounding, 1e-3 being
  // generous for float, and far tighter than the 10 % a plain one-pass range finder could miss.
  const double best = frobenius_error(A, exact, k);
  const double got = frobenius_error(A, r, k);
  BOOST_CHECK_CLOSE(best, std::sqrt((std::pow(0.64, 10) - std::pow(0.64, 50)) / (1 - 0.64)), 1e-2);
  BOOST_CHECK_SMALL(std::abs(got - best) / best, 1e-3);
  for (std::size_t i = 0; i < k; ++i) BOOST_CHECK_SMALL(rel(r.S(i), exact.S(i)), 1e-3);
  const Tensor gram = dot(r.U, r.U, true, false);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) BOOST_CHECK_SMALL(gram(i, j) - (i == j ? 1.0f : 0.0f), 1e-4f);
}

BOOST_AUTO_TEST_CASE(seeded_and_checked) {
  Rng rng(1);
  const Tensor A = randn({20, 15}, rng);
  Rng r1(3), r2(3);
  BOOST_CHECK(randomized_svd(A, 4, r1).U == randomized_svd(A, 4, r2).U);
  BOOST_CHECK_THROW(randomized_svd(A, 0, r1), std::invalid_argument);
  BOOST_CHECK_THROW(randomized_svd(A, 16, r1), std::invalid_argument);
  BOOST_CHECK_THROW(orthonormal_basis(randn({3, 5}, rng)), std::invalid_argument);
  // k = min(m, n) leaves no room for oversampling: still exact.
  const SvdResult full = randomized_svd(A, 15, r1);
  const SvdResult exact = exact_svd(A);
  for (std::size_t i = 0; i < 15; ++i) BOOST_CHECK_SMALL(rel(full.S(i), exact.S(i)), 1e-3);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(count_beyond_the_book)

// Harmonic weights by brute force: every (position, offset) pair adds 1/offset.
BOOST_AUTO_TEST_CASE(harmonic_weights_add_one_over_the_distance) {
  const Ids corpus = {0, 1, 2, 0, 3, 1, 1, 4, 0};
  for (std::size_t w : {1, 2, 3, 8}) {
    double want[5][5] = {};
    for (std::size_t i = 0; i < corpus.size(); ++i)
      for (std::size_t d = 1; d <= w; ++d) {
        if (i >= d) want[corpus(i)][corpus(i - d)] += 1.0 / double(d);
        if (i + d < corpus.size()) want[corpus(i)][corpus(i + d)] += 1.0 / double(d);
      }
    const Tensor got = create_sparse_co_matrix(corpus, 5, w, CoWeighting::harmonic).to_dense();
    for (std::size_t i = 0; i < 5; ++i)
      for (std::size_t j = 0; j < 5; ++j) BOOST_CHECK_CLOSE(double(got(i, j)) + 1, want[i][j] + 1, 1e-4);
    // Flat weights are still the book's counts.
    BOOST_CHECK(create_sparse_co_matrix(corpus, 5, w, CoWeighting::flat).to_dense() == create_co_matrix(corpus, 5, w));
  }
  BOOST_CHECK_THROW(create_sparse_co_matrix(corpus, 5, 256), std::invalid_argument);
}

// cds = 0.75 by hand on the toy sentence: PPMI(i, j) = max(0, log2(C_ij Z / (S_i S_j^0.75) + eps)),
// Z = sum_k S_k^0.75; cds = 1 gives the book's matrix bit for bit.
BOOST_AUTO_TEST_CASE(context_distribution_smoothing_follows_its_formula) {
  const SparseCoMatrix C = create_sparse_co_matrix(toy().corpus, 7, 1);
  BOOST_CHECK(ppmi(C, false, 1e-8, std::cout, 1.0) == ppmi(C));
  const Tensor dense = C.to_dense();
  double S[7] = {}, Z = 0;
  for (std::size_t i = 0; i < 7; ++i)
    for (std::size_t j = 0; j < 7; ++j) S[j] += dense(i, j);
  for (double s : S) Z += std::pow(s, 0.75);
  std::ostringstream quiet;
  const Tensor M = ppmi(C, false, 1e-8, quiet, 0.75);
  for (std::size_t i = 0; i < 7; ++i)
    for (std::size_t j = 0; j < 7; ++j) {
      const double want =
          dense(i, j) > 0 ? std::max(0.0, std::log2(dense(i, j) * Z / (S[i] * std::pow(S[j], 0.75)) + 1e-8)) : 0.0;
      BOOST_CHECK_SMALL(double(M(i, j)) - want, 1e-5);
    }
  // Smoothing lifts the rare contexts' share: "you" (count 1) as a context scores lower than unsmoothed.
  BOOST_CHECK_LT(M(1, 0), ppmi(C)(1, 0));
  BOOST_CHECK_THROW(ppmi(C, false, 1e-8, quiet, 0.0), std::invalid_argument);
  BOOST_CHECK_THROW(ppmi(C, false, 1e-8, quiet, 1.5), std::invalid_argument);
}

// U S^eig: the same seed gives the same U, each column scaled by its singular value to the eig.
BOOST_AUTO_TEST_CASE(eigenvalue_weighting_scales_each_direction) {
  Rng rng(5);
  Ids corpus = xt::zeros<std::int32_t>({std::size_t(400)});
  for (std::size_t i = 0; i < corpus.size(); ++i) corpus(i) = static_cast<std::int32_t>(rng.integer(30));
  PpmiSvdOptions o;
  o.window = 2;
  o.wordvec_size = 5;
  o.seed = 7;
  const Tensor U = ppmi_svd_vectors(corpus, 30, o);
  o.eig = 0.5;
  const Tensor X = ppmi_svd_vectors(corpus, 30, o);
  double previous = 1e30;
  for (std::size_t j = 0; j < 5; ++j) {
    double u2 = 0, x2 = 0, ux = 0;
    for (std::size_t i = 0; i < 30; ++i) {
      u2 += double(U(i, j)) * U(i, j);
      x2 += double(X(i, j)) * X(i, j);
      ux += double(U(i, j)) * X(i, j);
    }
    BOOST_CHECK_CLOSE(u2, 1.0, 1e-3);                        // U's columns are unit vectors
    BOOST_CHECK_CLOSE(ux * ux, u2 * x2, 1e-3);               // X's column j is parallel to U's
    BOOST_CHECK_LE(std::sqrt(x2), previous * (1 + 1e-5));    // sqrt(S_j), descending
    previous = std::sqrt(x2);
  }
  o.eig = 1.5;
  BOOST_CHECK_THROW(ppmi_svd_vectors(corpus, 30, o), std::invalid_argument);
  o.eig = 0;
  o.cds = 0;
  BOOST_CHECK_THROW(ppmi_svd_vectors(corpus, 30, o), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
