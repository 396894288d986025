#pragma once
// One progress policy for every trainer (book and fast mode, the command line and the chapter
// programs), so that a run reads the same wherever it is watched:
//   automatic  on a terminal, one status line redrawn in place (at most ten times a second); in a
//              log or CI, a status line at most every `seconds`; either way a line that stays for
//              each epoch's summary. What the classic C trainers (one line redrawn) and gensim (a line a
//              second or so) do, instead of a new line every 20 batches.
//   book       the book's own lines (`| epoch 1 |  iter 1 / 9295 | time 0[s] | loss 4.16`), one per
//              reporting interval, which learners compare with the book; the chapter programs'
//              default.
//   quiet      nothing.
#include <chrono>
#include <iosfwd>
#include <string>

namespace minidl {

enum class ProgressStyle { automatic, book, quiet };

struct ProgressOptions {
  ProgressStyle style = ProgressStyle::book;
  double seconds = 5;  // automatic, not on a terminal: a status line at most this often (0: every one)
};

// "auto", "book" or "none"; anything else throws std::invalid_argument naming it.
ProgressStyle progress_style(const std::string& name);

// 75 -> "1m15s", 3725 -> "1h02m", 9 -> "9s": an ETA that reads at a glance.
std::string format_duration(double seconds);

class ProgressReporter {
 public:
  // out: where lines go (nullptr: nothing). terminal: redraw in place; by default, whether out is
  // std::cout or std::cerr and that stream is a terminal.
  ProgressReporter(std::ostream* out, ProgressOptions options);
  ProgressReporter(std::ostream* out, ProgressOptions options, bool terminal);
  ~ProgressReporter();  // ends a status line left open on a terminal
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  ProgressStyle style() const { return options_.style; }
  // automatic: a status, shown or skipped by the policy above; other styles: ignored.
  void status(const std::string& text);
  // automatic: a line that stays (an epoch's summary), after clearing an open status line.
  void summary(const std::string& text);
  // book: the book's line, printed as is; other styles: ignored.
  void book_line(const std::string& text);

 private:
  using Clock = std::chrono::steady_clock;
  void close_status();
  std::string over_status(const std::string& text);
  std::ostream* out_;
  ProgressOptions options_;
  bool terminal_;
  Clock::time_point last_;
  bool shown_any_ = false;
  std::size_t open_width_ = 0;  // characters of a status line drawn without its newline
};

}  // namespace minidl
