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

// A number the predicate accepts, else "must be <words> (got <text>)"; nan never passes.
template <class Accept>
CLI::Validator number_where(Accept accept, const std::string& words, const std::string& brief) {
  return CLI::Validator(
      [accept, words](std::string& s) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0' || std::isnan(v) || !accept(v)) return "must be " + words + " (got " + s + ")";
        return {};
      },
      brief);
}

// A finite number greater than 0 (learning rates): nan, inf and 0 are refused.
inline CLI::Validator positive() {
  return number_where([](double v) { return std::isfinite(v) && v > 0; }, "a number greater than 0", "number > 0");
}

// A finite number of at least 0 (thresholds where 0 means off).
inline CLI::Validator non_negative() {
  return number_where([](double v) { return std::isfinite(v) && v >= 0; }, "a number, 0 or more", "number >= 0");
}

// A fraction in [0, 1) (a held-out share, a dropout ratio; 0 means none).
inline CLI::Validator fraction() {
  return number_where([](double v) { return v >= 0 && v < 1; }, "a number from 0 up to, not including, 1",
                      "number in [0, 1)");
}

// A number in (0, 1] (an exponent that smooths: 1 leaves things as they are, 0 would erase them).
inline CLI::Validator above_zero_to_one() {
  return number_where([](double v) { return v > 0 && v <= 1; }, "a number greater than 0, at most 1", "number in (0, 1]");
}

// A number in [0, 1].
inline CLI::Validator zero_to_one() {
  return number_where([](double v) { return v >= 0 && v <= 1; }, "a number from 0 to 1", "number in [0, 1]");
}

}  // namespace minidl::cli
