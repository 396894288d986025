#pragma once
// Small helpers shared by the benchmark programs: peak memory, timing, aligned tables.
// Header-only on purpose: the bench programs are two files each, not a library.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <minidl/framework/io/atomic_file.hpp>

namespace minidl::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Peak resident set of the whole process so far, in MiB (getrusage; Linux reports KiB). It cannot
// be reset, so in a program that runs several configurations it is the maximum over all of them.
inline double ru_maxrss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// /proc/self/status VmHWM (peak resident set) in MiB; -1 where there is no /proc.
inline double vm_hwm_mib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return -1;
}

// Writing "5" to /proc/self/clear_refs resets VmHWM to the current RSS (Linux >= 4.0), so each
// configuration can report its own peak. Returns false where that is not possible.
inline bool reset_vm_hwm() {
  std::ofstream out("/proc/self/clear_refs");
  if (!out) return false;
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

// Median seconds per call of fn: one warm-up call, then a repeat count that makes one sample take
// at least min_seconds, then `samples` such samples.
inline double time_per_call(const std::function<void()>& fn, double min_seconds = 0.2, int samples = 5) {
  fn();  // warm-up: first-touch page faults, lazily allocated state, caches
  std::size_t reps = 1;
  for (;;) {
    const auto t0 = Clock::now();
    for (std::size_t r = 0; r < reps; ++r) fn();
    const double s = seconds_since(t0);
    if (s >= min_seconds) break;
    // Aim a little past min_seconds so the samples below clear it too.
    const double scale = s > 0 ? 1.2 * min_seconds / s : 10.0;
    reps = std::max(reps + 1, static_cast<std::size_t>(static_cast<double>(reps) * std::min(scale, 10.0)));
  }
  std::vector<double> per_call;
  for (int i = 0; i < samples; ++i) {
    const auto t0 = Clock::now();
    for (std::size_t r = 0; r < reps; ++r) fn();
    per_call.push_back(seconds_since(t0) / static_cast<double>(reps));
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

// The median of v (the mean of the middle two when their number is even); v must not be empty.
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// A table printed with every column padded to its widest cell; optionally also written as CSV.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  void print(std::ostream& out) const {
    std::vector<std::size_t> w(header_.size(), 0);
    auto widen = [&](const std::vector<std::string>& r) {
      for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], r[i].size());
    };
    widen(header_);
    for (const auto& r : rows_) widen(r);
    auto line = [&](const std::vector<std::string>& r) {
      for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) {
        // Text left, numbers right: the first column is a name.
        if (i == 0)
          out << std::left << std::setw(static_cast<int>(w[i])) << r[i];
        else
          out << "  " << std::right << std::setw(static_cast<int>(w[i])) << r[i];
      }
      out << '\n';
    };
    line(header_);
    std::vector<std::string> rule;
    for (const auto n : w) rule.push_back(std::string(n, '-'));
    line(rule);
    for (const auto& r : rows_) line(r);
    out << std::flush;
  }

  // Whole or not at all, like every output (framework/io/atomic_file).
  void write_csv(const std::string& path) const {
    minidl::write_file_atomic(path, [&](std::ostream& out) {
      auto line = [&](const std::vector<std::string>& r) {
        for (std::size_t i = 0; i < r.size(); ++i) out << (i ? "," : "") << r[i];
        out << '\n';
      };
      line(header_);
      for (const auto& r : rows_) line(r);
    });
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

inline std::string fmt(double v, int precision = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  return buf;
}

}  // namespace minidl::bench
