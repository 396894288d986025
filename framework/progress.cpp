#include <minidl/framework/progress.hpp>

#include <cstdio>
#include <iostream>
#include <stdexcept>

#include <unistd.h>

namespace minidl {

ProgressStyle progress_style(const std::string& name) {
  if (name == "auto") return ProgressStyle::automatic;
  if (name == "book") return ProgressStyle::book;
  if (name == "none") return ProgressStyle::quiet;
  throw std::invalid_argument("progress style '" + name + "' is not auto, book or none");
}

std::string format_duration(double seconds) {
  const long long s = seconds > 0 ? static_cast<long long>(seconds + 0.5) : 0;
  char text[32];
  if (s < 60)
    std::snprintf(text, sizeof text, "%llds", s);
  else if (s < 3600)
    std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
  else
    std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  return text;
}

namespace {
bool stream_is_terminal(const std::ostream* out) {
  if (out == &std::cout) return ::isatty(STDOUT_FILENO) == 1;
  if (out == &std::cerr) return ::isatty(STDERR_FILENO) == 1;
  return false;
}
}  // namespace

ProgressReporter::ProgressReporter(std::ostream* out, ProgressOptions options)
    : ProgressReporter(out, options, stream_is_terminal(out)) {}

ProgressReporter::ProgressReporter(std::ostream* out, ProgressOptions options, bool terminal)
    : out_(options.style == ProgressStyle::quiet ? nullptr : out), options_(options), terminal_(terminal),
      last_(Clock::now()) {}

ProgressReporter::~ProgressReporter() {
  try {
    close_status();
  } catch (...) {  // a destructor must not throw; the line is cosmetic
  }
}

void ProgressReporter::close_status() {
  if (out_ && open_width_ > 0) {
    *out_ << '\n' << std::flush;
    open_width_ = 0;
  }
}

// Over the open status line: back to its start, the text, and blanks over what is left of a
// longer previous line.
std::string ProgressReporter::over_status(const std::string& text) {
  std::string line = "\r" + text;
  if (text.size() < open_width_) line += std::string(open_width_ - text.size(), ' ');
  return line;
}

void ProgressReporter::status(const std::string& text) {
  if (!out_ || options_.style != ProgressStyle::automatic) return;
  const Clock::time_point now = Clock::now();
  // A terminal shows the first status at once and redraws often enough to look alive; a log gets
  // a line every few seconds, the first after as long.
  const double wait = terminal_ ? (shown_any_ ? 0.1 : 0.0) : options_.seconds;
  if (std::chrono::duration<double>(now - last_).count() < wait) return;
  last_ = now;
  shown_any_ = true;
  if (terminal_) {
    *out_ << over_status(text) << std::flush;
    open_width_ = text.size();
  } else {
    *out_ << text << '\n' << std::flush;
  }
}

void ProgressReporter::summary(const std::string& text) {
  if (!out_ || options_.style != ProgressStyle::automatic) return;
  *out_ << (terminal_ && open_width_ > 0 ? over_status(text) : text) << '\n' << std::flush;
  open_width_ = 0;
}

void ProgressReporter::book_line(const std::string& text) {
  if (!out_ || options_.style != ProgressStyle::book) return;
  *out_ << text << '\n' << std::flush;
}

}  // namespace minidl
