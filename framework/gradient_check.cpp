#include <minidl/framework/gradient_check.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include <xtensor/xmath.hpp>

#include <minidl/framework/no_grad.hpp>
#include <minidl/framework/random.hpp>

namespace minidl {
namespace {

struct Mismatch {
  std::string where;
  double analytic, numeric, abs_err, rel_err, excess;
};

std::string index_str(const Shape& shape, std::size_t flat) {
  std::vector<std::size_t> idx(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    idx[d] = flat % shape[d];
    flat /= shape[d];
  }
  std::string s = "[";
  for (std::size_t d = 0; d < idx.size(); ++d) s += (d ? "," : "") + std::to_string(idx[d]);
  return s + "]";
}

}  // namespace

GradCheckResult gradient_check(const CheckedForward& f, Variables inputs, const Parameters& params,
                               const GradCheckOptions& options) {
  // The tensors to check, each once even if it is both an input and a Parameter.
  // An unnamed tensor is labelled by its position in `inputs` or `params`.
  Variables checked;
  std::vector<std::string> labels;
  auto label_of = [](const Variable& v, const char* kind, std::size_t i) {
    return v.name().empty() ? kind + std::to_string(i) : v.name();
  };
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].requires_grad()) {
      checked.push_back(inputs[i]);
      labels.push_back(label_of(inputs[i], "input ", i));
    }
  for (std::size_t j = 0; j < params.size(); ++j) {
    bool seen = false;
    for (const auto& c : checked) seen = seen || c.same(params[j]);
    if (!seen) {
      checked.push_back(params[j]);
      labels.push_back(label_of(params[j], "parameter ", j));
    }
  }
  for (auto& v : checked) v.clear_grad();

  Variable y = f(inputs);
  Rng rng(options.seed);
  const Tensor r = randn(y.shape(), rng);
  y.backward(r);

  auto loss = [&]() {
    NoGradGuard no_grad;
    return static_cast<double>(xt::sum(f(inputs).data() * r)());
  };

  GradCheckResult result;
  std::vector<Mismatch> all;
  std::ostringstream report;
  report << std::setprecision(6);
  for (std::size_t k = 0; k < checked.size(); ++k) {
    Variable& v = checked[k];
    const std::string& label = labels[k];
    const Tensor analytic = v.has_grad() ? v.grad() : Tensor(xt::zeros<Scalar>(v.shape()));
    Tensor& data = v.data();
    double worst_abs = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
      const Scalar saved = data.flat(i);
      data.flat(i) = saved + options.eps;
      const double up = loss();
      data.flat(i) = saved - options.eps;
      const double down = loss();
      data.flat(i) = saved;
      const double numeric = (up - down) / (2 * options.eps);
      const double a = analytic.flat(i);
      const double abs_err = std::abs(a - numeric);
      const double scale = std::max(std::abs(a), std::abs(numeric));
      const double rel_err = scale > 0 ? abs_err / scale : 0;
      const double excess = abs_err - (options.atol + options.rtol * scale);
      result.max_abs_error = std::max(result.max_abs_error, abs_err);
      // Relative error means something only where the gradient is not itself at the noise level.
      if (scale > options.atol) result.max_rel_error = std::max(result.max_rel_error, rel_err);
      worst_abs = std::max(worst_abs, abs_err);
      if (excess > 0) result.ok = false;
      all.push_back({label + index_str(v.shape(), i), a, numeric, abs_err, rel_err, excess});
      ++result.checked;
    }
    report << label << " " << shape_str(v.shape()) << ": max abs error " << worst_abs << "\n";
  }
  std::sort(all.begin(), all.end(), [](const Mismatch& a, const Mismatch& b) { return a.excess > b.excess; });
  report << (result.ok ? "ok" : "FAILED") << ": " << result.checked << " elements, max abs error "
         << result.max_abs_error << ", max rel error " << result.max_rel_error << " where |grad| > atol (eps " << options.eps
         << ", atol " << options.atol << ", rtol " << options.rtol << ")\n";
  const std::size_t n = std::min<std::size_t>(all.size(), static_cast<std::size_t>(std::max(0, options.worst)));
  if (n) report << "worst elements (analytic vs numeric):\n";
  for (std::size_t i = 0; i < n; ++i)
    report << "  " << all[i].where << ": " << all[i].analytic << " vs " << all[i].numeric << " (abs "
           << all[i].abs_err << ", rel " << all[i].rel_err << ")\n";
  result.report = report.str();
  for (auto& v : checked) v.clear_grad();
  return result;
}

}  // namespace minidl
