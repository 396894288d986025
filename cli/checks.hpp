#pragma once
// Checks for the command-line programs' options (tools/, examples/, bench/), with messages in
// words. CLI11's own PositiveNumber says "--window: Value 0 not in range 0.000000 to 1797693..."
// (a 300-digit number); these say "--window: must be a whole number, at least 1 (got 0)".
// Header-only and not installed: it needs CLI11, which the library does not.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

namespace minidl::cli {

// A whole number no smaller than `min` (sizes, counts, epochs, threads).
inline CLI::Validator at_least(long long min) {
  const std::string range = "a whole number, at least " + std::to_string(min);
  return CLI::Validator(
      [min, range](std::string& s) -> std::string {
        char* end = nullptr;
        errno = 0;
        const long long v = std::strtoll(s.c_str(), &end, 10);
        if (s.empty() || *end != '\0' || errno == ERANGE || v < min) return "must be " + range + " (got " + s + ")";
        return {};
      },
      range.substr(2));
}

// A finite number greater than 0 (learning rates): nan, inf and 0 are refused.
inline CLI::Validator positive() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0' || !std::isfinite(v) || !(v > 0))
          return "must be a number greater than 0 (got " + s + ")";
        return {};
      },
      "number > 0");
}

// A finite number of at least 0 (thresholds where 0 means off).
inline CLI::Validator non_negative() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0' || !std::isfinite(v) || !(v >= 0))
          return "must be a number, 0 or more (got " + s + ")";
        return {};
      },
      "number >= 0");
}

// A fraction in [0, 1) (a held-out share, a dropout ratio; 0 means none).
inline CLI::Validator fraction() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0' || !(v >= 0 && v < 1)) return "must be a number from 0 up to, not including, 1 (got " + s + ")";
        return {};
      },
      "number in [0, 1)");
}

}  // namespace minidl::cli
