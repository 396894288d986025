#include <minidl/word2vec/map/projection.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <minidl/word2vec/count/truncated_svd.hpp>
#include <minidl/framework/random.hpp>

namespace minidl {

PcaResult pca_2d(const Tensor& X) {
  if (X.dimension() != 2 || X.shape()[0] < 2 || X.shape()[1] < 2)
    throw std::invalid_argument("pca_2d: needs at least 2 points of at least 2 dimensions, got shape " +
                                shape_str(X.shape()));
  const std::size_t n = X.shape()[0], D = X.shape()[1];
  Tensor Xc = X;
  for (std::size_t j = 0; j < D; ++j) {
    double mean = 0;
    for (std::size_t i = 0; i < n; ++i) mean += Xc(i, j);
    mean /= static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) Xc(i, j) = static_cast<Scalar>(Xc(i, j) - mean);
  }
  const SvdResult svd = exact_svd(Xc);
  PcaResult out;
  out.points = xt::zeros<Scalar>({n, std::size_t(2)});
  out.components = xt::zeros<Scalar>({std::size_t(2), D});
  for (std::size_t c = 0; c < 2; ++c) {
    std::size_t big = 0;
    for (std::size_t j = 0; j < D; ++j)
      if (std::abs(svd.Vt(c, j)) > std::abs(svd.Vt(c, big))) big = j;
    const Scalar sign = svd.Vt(c, big) < 0 ? -1 : 1;
    for (std::size_t j = 0; j < D; ++j) out.components(c, j) = sign * svd.Vt(c, j);
    for (std::size_t i = 0; i < n; ++i) out.points(i, c) = sign * svd.U(i, c) * svd.S(c);
  }
  return out;
}

namespace {

// Row i of P (conditional p_j|i) for squared distances d (row i of the distance matrix), found by
// bisection on beta = 1 / (2 sigma^2) until the entropy is log(perplexity): tsne.py's x2p.
void conditional_row(const std::vector<double>& d, std::size_t i, double log_perplexity, double* p) {
  const std::size_t n = d.size();
  double beta = 1, lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
  for (int tries = 0; tries < 100; ++tries) {
    double sum = 0, weighted = 0;
    for (std::size_t j = 0; j < n; ++j) {
      p[j] = j == i ? 0 : std::exp(-d[j] * beta);
      sum += p[j];
      weighted += d[j] * p[j];
    }
    if (sum <= 0) {  // beta so large that every neighbour underflowed: relax it
      hi = beta;
      beta = std::isinf(lo) ? beta / 2 : (beta + lo) / 2;
      continue;
    }
    const double entropy = std::log(sum) + beta * weighted / sum;
    for (std::size_t j = 0; j < n; ++j) p[j] /= sum;
    const double diff = entropy - log_perplexity;
    if (std::abs(diff) < 1e-5) return;
    if (diff > 0) {  // too flat: sharpen
      lo = beta;
      beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = std::isinf(lo) ? beta / 2 : (beta + lo) / 2;
    }
  }
}

}  // namespace

Tensor tsne_2d(const Tensor& X, const TsneOptions& o) {
  if (X.dimension() != 2 || X.shape()[0] < 4)
    throw std::invalid_argument("tsne_2d: needs at least 4 points (a perplexity of at least 1), got shape " +
                                shape_str(X.shape()));
  const std::size_t n = X.shape()[0], D = X.shape()[1];
  const double perplexity = std::min(o.perplexity, (static_cast<double>(n) - 1) / 3);

  // Symmetric joint probabilities P, in double: the O(n^2) part is small next to the iterations.
  std::vector<double> P(n * n), row(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double s = 0;
      for (std::size_t k = 0; k < D; ++k) {
        const double diff = static_cast<double>(X(i, k)) - X(j, k);
        s += diff * diff;
      }
      row[j] = s;
    }
    conditional_row(row, i, std::log(perplexity), &P[i * n]);
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) {
      const double v = std::max((P[i * n + j] + P[j * n + i]) / (2.0 * static_cast<double>(n)), 1e-12);
      P[i * n + j] = P[j * n + i] = v;
    }

  Rng rng(o.seed);
  std::vector<double> Y(n * 2), update(n * 2, 0.0), gains(n * 2, 1.0), grad(n * 2), num(n * n);
  for (auto& y : Y) y = 1e-4 * rng.normal();
  for (std::size_t it = 0; it < o.iterations; ++it) {
    const double exaggeration = it < o.exaggeration_iterations ? o.exaggeration : 1.0;
    const double momentum = it < o.exaggeration_iterations ? 0.5 : 0.8;
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      num[i * n + i] = 0;
      for (std::size_t j = i + 1; j < n; ++j) {
        const double dx = Y[2 * i] - Y[2 * j], dy = Y[2 * i + 1] - Y[2 * j + 1];
        const double v = 1 / (1 + dx * dx + dy * dy);
        num[i * n + j] = num[j * n + i] = v;
        total += 2 * v;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      double gx = 0, gy = 0;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const double q = std::max(num[i * n + j] / total, 1e-12);
        const double m = (exaggeration * P[i * n + j] - q) * num[i * n + j];
        gx += m * (Y[2 * i] - Y[2 * j]);
        gy += m * (Y[2 * i + 1] - Y[2 * j + 1]);
      }
      grad[2 * i] = 4 * gx;
      grad[2 * i + 1] = 4 * gy;
    }
    double mean[2] = {0, 0};
    for (std::size_t k = 0; k < 2 * n; ++k) {
      gains[k] = (grad[k] > 0) != (update[k] > 0) ? gains[k] + 0.2 : gains[k] * 0.8;
      gains[k] = std::max(gains[k], 0.01);
      update[k] = momentum * update[k] - o.learning_rate * gains[k] * grad[k];
      Y[k] += update[k];
      mean[k % 2] += Y[k];
    }
    for (std::size_t k = 0; k < 2 * n; ++k) Y[k] -= mean[k % 2] / static_cast<double>(n);
  }
  Tensor out = Tensor::from_shape({n, std::size_t(2)});
  for (std::size_t k = 0; k < 2 * n; ++k) out.data()[k] = static_cast<Scalar>(Y[k]);
  return out;
}

}  // namespace minidl
