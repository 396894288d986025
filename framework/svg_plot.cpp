#include <minidl/framework/svg_plot.hpp>

#include <minidl/framework/svg_common.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace minidl {

namespace {

using svg::escape_xml;
using svg::nice_step;
using svg::num;

constexpr double kWidth = 640, kHeight = 420;
constexpr double kLeft = 72, kRight = 24, kBottom = 56;

// An axis range widened to whole ticks, the tick step being 1, 2 or 5 times a power of ten.
struct Axis {
  double lo, hi, step;
};

Axis make_axis(double lo, double hi, double min_step) {
  if (!(hi > lo)) {
    // A flat range has no scale of its own: pad by a tenth of its magnitude (or 1 around 0).
    const double pad = lo != 0 ? std::abs(lo) * 0.1 : 1.0;
    lo -= pad;
    hi += pad;
  }
  const double span = hi - lo;
  if (!std::isfinite(span)) throw std::invalid_argument("line_plot_svg: the values span too wide a range to plot");
  const double step = nice_step(span, min_step);
  if (!(step > 0) || !std::isfinite(step))  // spans near the denormal limit have no usable scale
    throw std::invalid_argument("line_plot_svg: cannot scale an axis over [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "]");
  // The tolerance keeps a bound that is a tick already (up to rounding) from gaining another step.
  const double k_lo = std::floor(lo / step + 1e-9), k_hi = std::ceil(hi / step - 1e-9);
  Axis a{k_lo * step, k_hi * step, step};
  if (!(a.hi > a.lo)) a.hi = a.lo + step;
  return a;
}

std::vector<double> ticks(const Axis& a) {
  std::vector<double> out;
  const long long k0 = std::llround(a.lo / a.step), k1 = std::llround(a.hi / a.step);
  // Ticks as k * step, not by repeated addition, so 0.1 steps don't drift to 0.30000000000000004.
  for (long long k = k0; k <= k1; ++k) out.push_back(static_cast<double>(k) * a.step);
  return out;
}

std::string tick_label(double v, double step) {
  if (std::abs(v) < step * 1e-9) v = 0;  // never print "-0"
  char buf[48];
  const double mag = std::max(std::abs(v), step);
  if (mag >= 1e7 || step < 1e-5) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
  } else {
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  }
  return buf;
}

}  // namespace

std::string line_plot_svg(const std::vector<double>& y, const std::string& xlabel, const std::string& ylabel,
                          const std::string& title) {
  std::vector<double> x(y.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = double(i);
  return line_plot_svg(x, y, xlabel, ylabel, title, 1);  // x are indices: no ticks between integers
}

std::string line_plot_svg(const std::vector<double>& x, const std::vector<double>& y, const std::string& xlabel,
                          const std::string& ylabel, const std::string& title, double min_x_step) {
  if (x.size() != y.size())
    throw std::invalid_argument("line_plot_svg: " + std::to_string(x.size()) + " x values for " + std::to_string(y.size()) +
                                " y values");
  for (std::size_t i = 0; i < y.size(); ++i)
    if (!std::isfinite(y[i]) || !std::isfinite(x[i]))
      throw std::invalid_argument("line_plot_svg: point " + std::to_string(i) + " is not finite; only finite values can be plotted");

  const double top = title.empty() ? 24 : 44;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - top - kBottom;

  double x_lo = 0, x_hi = 1;
  if (!x.empty()) {
    x_lo = *std::min_element(x.begin(), x.end());
    x_hi = x.size() > 1 ? *std::max_element(x.begin(), x.end()) : x_lo + 1;
  }
  const Axis ax = make_axis(x_lo, x_hi, min_x_step);
  double y_lo = 0, y_hi = 1;
  if (!y.empty()) {
    y_lo = *std::min_element(y.begin(), y.end());
    y_hi = *std::max_element(y.begin(), y.end());
  }
  const Axis ay = make_axis(y_lo, y_hi, 0);
  auto px = [&](double x) { return kLeft + (x - ax.lo) / (ax.hi - ax.lo) * plot_w; };
  auto py = [&](double v) { return top + (ay.hi - v) / (ay.hi - ay.lo) * plot_h; };
  const double x0 = kLeft, x1 = kLeft + plot_w, y0 = top + plot_h, y1 = top;

  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << kWidth << "\" height=\"" << kHeight
      << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight << "\">\n";
  if (!title.empty()) svg << "<title>" << escape_xml(title) << "</title>\n";
  svg << "<rect x=\"0\" y=\"0\" width=\"" << kWidth << "\" height=\"" << kHeight << "\" fill=\"white\"/>\n";

  // Grid and tick labels.
  svg << "<g font-family=\"sans-serif\" font-size=\"12\" fill=\"#222\">\n";
  for (const double v : ticks(ax)) {
    const std::string x = num(px(v));
    svg << "<line x1=\"" << x << "\" y1=\"" << num(y0) << "\" x2=\"" << x << "\" y2=\"" << num(y1)
        << "\" stroke=\"#e0e0e0\" stroke-width=\"1\"/>\n"
        << "<line x1=\"" << x << "\" y1=\"" << num(y0) << "\" x2=\"" << x << "\" y2=\"" << num(y0 + 5)
        << "\" stroke=\"#222\" stroke-width=\"1\"/>\n"
        << "<text x=\"" << x << "\" y=\"" << num(y0 + 19) << "\" text-anchor=\"middle\">" << tick_label(v, ax.step)
        << "</text>\n";
  }
  for (const double v : ticks(ay)) {
    const std::string yy = num(py(v));
    svg << "<line x1=\"" << num(x0) << "\" y1=\"" << yy << "\" x2=\"" << num(x1) << "\" y2=\"" << yy
        << "\" stroke=\"#e0e0e0\" stroke-width=\"1\"/>\n"
        << "<line x1=\"" << num(x0 - 5) << "\" y1=\"" << yy << "\" x2=\"" << num(x0) << "\" y2=\"" << yy
        << "\" stroke=\"#222\" stroke-width=\"1\"/>\n"
        << "<text x=\"" << num(x0 - 8) << "\" y=\"" << num(py(v) + 4) << "\" text-anchor=\"end\">"
        << tick_label(v, ay.step) << "</text>\n";
  }
  svg << "</g>\n";

  // Axes frame.
  svg << "<rect x=\"" << num(x0) << "\" y=\"" << num(y1) << "\" width=\"" << num(plot_w) << "\" height=\""
      << num(plot_h) << "\" fill=\"none\" stroke=\"#222\" stroke-width=\"1\"/>\n";

  // The series; a lone point gets a marker since a one-point polyline draws nothing.
  if (!y.empty()) {
    svg << "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" stroke-linejoin=\"round\" points=\"";
    for (std::size_t i = 0; i < y.size(); ++i)
      svg << (i ? " " : "") << num(px(x[i])) << ',' << num(py(y[i]));
    svg << "\"/>\n";
    if (y.size() == 1)
      svg << "<circle cx=\"" << num(px(x[0])) << "\" cy=\"" << num(py(y[0])) << "\" r=\"3\" fill=\"#1f77b4\"/>\n";
  }

  // Labels.
  svg << "<g font-family=\"sans-serif\" font-size=\"14\" fill=\"#222\" text-anchor=\"middle\">\n";
  svg << "<text x=\"" << num(kLeft + plot_w / 2) << "\" y=\"" << num(kHeight - 12) << "\">" << escape_xml(xlabel)
      << "</text>\n";
  const double lx = 18, ly = top + plot_h / 2;
  svg << "<text x=\"" << num(lx) << "\" y=\"" << num(ly) << "\" transform=\"rotate(-90 " << num(lx) << ' ' << num(ly)
      << ")\">" << escape_xml(ylabel) << "</text>\n";
  if (!title.empty())
    svg << "<text x=\"" << num(kLeft + plot_w / 2) << "\" y=\"28\" font-size=\"16\">" << escape_xml(title)
        << "</text>\n";
  svg << "</g>\n</svg>\n";
  return svg.str();
}

}  // namespace minidl
