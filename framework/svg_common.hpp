#pragma once
// What the SVG writers (svg_plot, svg_scatter) share: escaping text, printing coordinates, and the
// 1-2-5 tick step.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace minidl::svg {

inline std::string escape_xml(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

// A coordinate: two decimals are finer than a pixel.
inline std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// About five intervals over span (as matplotlib's default locator gives), each 1, 2 or 5 times a
// power of ten, and at least min_step.
inline double nice_step(double span, double min_step = 0) {
  const double raw = span / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  const double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  return std::max(step, min_step);
}

}  // namespace minidl::svg
