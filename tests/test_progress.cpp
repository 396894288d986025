// framework/progress: what each style prints, to a terminal and to a log.
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <stdexcept>
#include <string>

#include <minidl/framework/progress.hpp>

using namespace minidl;

BOOST_AUTO_TEST_SUITE(progress)

BOOST_AUTO_TEST_CASE(a_log_gets_lines_no_more_often_than_asked) {
  std::ostringstream every, never;
  {
    ProgressReporter p(&every, {ProgressStyle::automatic, 0}, false);
    p.status("a");
    p.status("b");
    p.summary("epoch 1: done");
    p.book_line("| epoch 1 | book");  // not this style's
  }
  BOOST_TEST(every.str() == "a\nb\nepoch 1: done\n");
  {
    ProgressReporter p(&never, {ProgressStyle::automatic, 3600}, false);
    p.status("a");
    p.status("b");
    p.summary("epoch 1: done");
  }
  BOOST_TEST(never.str() == "epoch 1: done\n");  // the summaries always, the statuses only after an hour
}

BOOST_AUTO_TEST_CASE(a_terminal_redraws_one_line_in_place) {
  std::ostringstream out;
  {
    ProgressReporter p(&out, {ProgressStyle::automatic, 5}, true);
    p.status("epoch 1 | 10%");  // the first is drawn at once
    p.status("skipped");        // within a tenth of a second of the last: skipped
    p.summary("ep 1");          // over the open status, blanking its tail, then a newline
    p.status("epoch 2");        // still within the tenth: skipped
  }
  BOOST_TEST(out.str() == "\repoch 1 | 10%\rep 1" + std::string(9, ' ') + "\n");
}

BOOST_AUTO_TEST_CASE(book_and_quiet) {
  std::ostringstream book, quiet;
  {
    ProgressReporter p(&book, {ProgressStyle::book, 5}, true);
    p.status("s");
    p.summary("e");
    p.book_line("| epoch 1 |  iter 1 / 9295 | time 0[s] | loss 4.16");
  }
  BOOST_TEST(book.str() == "| epoch 1 |  iter 1 / 9295 | time 0[s] | loss 4.16\n");
  {
    ProgressReporter p(&quiet, {ProgressStyle::quiet, 0}, false);
    p.status("s");
    p.summary("e");
    p.book_line("b");
  }
  BOOST_TEST(quiet.str().empty());
  BOOST_CHECK(progress_style("auto") == ProgressStyle::automatic);
  BOOST_CHECK(progress_style("none") == ProgressStyle::quiet);
  BOOST_CHECK_THROW(progress_style("fancy"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(durations_read_at_a_glance) {
  BOOST_TEST(format_duration(0) == "0s");
  BOOST_TEST(format_duration(9.4) == "9s");
  BOOST_TEST(format_duration(75) == "1m15s");
  BOOST_TEST(format_duration(3725) == "1h02m");
  BOOST_TEST(format_duration(-3) == "0s");
}

BOOST_AUTO_TEST_SUITE_END()
