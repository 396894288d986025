#include <minidl/word2vec/map/svg_scatter.hpp>

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

constexpr double kWidth = 760, kHeight = 600;
constexpr double kLeft = 64, kRight = 90, kTop = 44, kBottom = 44;  // right margin: labels of the last dots

std::string tick_label(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", std::abs(v) < 1e-12 ? 0.0 : v);
  return buf;
}

struct Range {
  double lo, hi;
};

Range padded(double lo, double hi) {
  if (!(hi > lo)) {
    const double pad = lo != 0 ? std::abs(lo) * 0.1 : 1.0;
    return {lo - pad, hi + pad};
  }
  const double pad = (hi - lo) * 0.05;
  return {lo - pad, hi + pad};
}

}  // namespace

std::string scatter_plot_svg(const std::vector<std::array<double, 2>>& points, const std::vector<std::string>& labels,
                             const std::string& title) {
  if (points.size() != labels.size())
    throw std::invalid_argument("scatter_plot_svg: " + std::to_string(points.size()) + " points but " +
                                std::to_string(labels.size()) + " labels");
  double xlo = 0, xhi = 0, ylo = 0, yhi = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    if (!std::isfinite(p[0]) || !std::isfinite(p[1]))
      throw std::invalid_argument("scatter_plot_svg: point " + std::to_string(i) + " ('" + labels[i] +
                                  "') is not finite");
    xlo = i ? std::min(xlo, p[0]) : p[0];
    xhi = i ? std::max(xhi, p[0]) : p[0];
    ylo = i ? std::min(ylo, p[1]) : p[1];
    yhi = i ? std::max(yhi, p[1]) : p[1];
  }
  const Range xr = padded(xlo, xhi), yr = padded(ylo, yhi);
  const double pw = kWidth - kLeft - kRight, ph = kHeight - kTop - kBottom;
  const auto sx = [&](double x) { return kLeft + (x - xr.lo) / (xr.hi - xr.lo) * pw; };
  const auto sy = [&](double y) { return kTop + (yr.hi - y) / (yr.hi - yr.lo) * ph; };

  std::ostringstream s;
  s << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << kWidth << "\" height=\"" << kHeight
    << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight << "\" font-family=\"sans-serif\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  if (!title.empty())
    s << "<text x=\"" << num(kWidth / 2) << "\" y=\"26\" text-anchor=\"middle\" font-size=\"15\">"
      << escape_xml(title) << "</text>\n";
  s << "<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"black\"/>\n";
  // Ticks on the bottom and left edges.
  s << "<g font-size=\"11\" fill=\"#444\">\n";
  const double xs = nice_step(xr.hi - xr.lo), ys = nice_step(yr.hi - yr.lo);
  for (double t = std::ceil(xr.lo / xs) * xs; t <= xr.hi; t += xs)
    s << "<line x1=\"" << num(sx(t)) << "\" y1=\"" << num(kTop + ph) << "\" x2=\"" << num(sx(t)) << "\" y2=\""
      << num(kTop + ph + 5) << "\" stroke=\"black\"/><text x=\"" << num(sx(t)) << "\" y=\"" << num(kTop + ph + 18)
      << "\" text-anchor=\"middle\">" << tick_label(t) << "</text>\n";
  for (double t = std::ceil(yr.lo / ys) * ys; t <= yr.hi; t += ys)
    s << "<line x1=\"" << num(kLeft - 5) << "\" y1=\"" << num(sy(t)) << "\" x2=\"" << kLeft << "\" y2=\""
      << num(sy(t)) << "\" stroke=\"black\"/><text x=\"" << num(kLeft - 8) << "\" y=\"" << num(sy(t) + 4)
      << "\" text-anchor=\"end\">" << tick_label(t) << "</text>\n";
  s << "</g>\n<g fill=\"steelblue\" fill-opacity=\"0.5\">\n";
  for (const auto& p : points) s << "<circle cx=\"" << num(sx(p[0])) << "\" cy=\"" << num(sy(p[1])) << "\" r=\"4\"/>\n";
  s << "</g>\n<g font-size=\"12\" fill=\"black\">\n";
  for (std::size_t i = 0; i < points.size(); ++i)
    s << "<text x=\"" << num(sx(points[i][0]) + 6) << "\" y=\"" << num(sy(points[i][1]) - 4) << "\">"
      << escape_xml(labels[i]) << "</text>\n";
  s << "</g>\n</svg>\n";
  return s.str();
}

}  // namespace minidl
