// word2vec/eval: the book's cos_similarity, most_similar and analogy (common/util.py), analogy
// accuracy on Google's questions-words format, and Spearman word similarity. Expected values are
// worked out by hand in the comments from the hand-made vectors.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <minidl/word2vec/eval/analogy.hpp>
#include <minidl/word2vec/eval/analogy_accuracy.hpp>
#include <minidl/word2vec/eval/similarity.hpp>
#include <minidl/word2vec/eval/word_similarity.hpp>

namespace fs = std::filesystem;
using namespace minidl;

namespace {

// A fresh directory under the system temp dir, removed with its contents at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("minidl_eval_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path / name;
    std::ofstream(p) << text;
    return p.string();
  }
};

// Checks that an exception's message names every given fragment (path, line, word).
template <class E>
auto names(std::vector<std::string> fragments) {
  return [fragments](const E& e) {
    const std::string what = e.what();
    for (const std::string& f : fragments)
      if (what.find(f) == std::string::npos) {
        BOOST_TEST_MESSAGE("'" << what << "' does not name '" << f << "'");
        return false;
      }
    return true;
  };
}

// Words at ids 0..5 in the plane where rows are compared after normalisation. Ties and the query
// sit away from id 0 so that neither "skip row 0" nor "keep the sort's order" passes by chance.
//   e (3,3): cos with a = 1/sqrt2      b (2,0): cos with a = 1 (same direction, longer)
//   a (1,0): the query                 c (1,1): cos 1/sqrt2, a tie with e (e has the lower id)
//   d (0,1): cos 0                     f (-1,0): cos -1
WordVectors plane() {
  return WordVectors::from({"e", "b", "a", "c", "d", "f"},
                           Tensor{{3, 3}, {2, 0}, {1, 0}, {1, 1}, {0, 1}, {-1, 0}});
}

// All four royal/gender words have norm sqrt2 and king - man + woman = queen exactly:
// (1,1,0,0) - (0,1,0,1) + (0,0,1,1) = (1,0,1,0); hence also man - king + queen = woman.
// girl = (0,0,1,0) has cos 1/sqrt2 with woman, apple = (1,0,0,-1) has cos -1/2 with woman.
WordVectors royals() {
  return WordVectors::from({"king", "man", "woman", "queen", "girl", "apple"},
                           Tensor{{1, 1, 0, 0}, {0, 1, 0, 1}, {0, 0, 1, 1}, {1, 0, 1, 0}, {0, 0, 1, 0}, {1, 0, 0, -1}});
}

const double inv_sqrt2 = 1 / std::sqrt(2.0);

}  // namespace

BOOST_AUTO_TEST_SUITE(eval)

BOOST_AUTO_TEST_CASE(cos_similarity_of_known_vectors) {
  BOOST_TEST(cos_similarity(Tensor{1, 0}, Tensor{1, 1}) == inv_sqrt2, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(cos_similarity(Tensor{3, 4}, Tensor{4, 3}) == 24.0 / 25, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(cos_similarity(Tensor{1, 2, 3}, Tensor{-2, -4, -6}) == -1.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(cos_similarity(Tensor{1, 0, 0}, Tensor{0, 0, 5}) == 0.0);
  // eps: a zero vector has similarity 0 with anything, not NaN (the book's reason for eps).
  BOOST_TEST(cos_similarity(Tensor{0, 0}, Tensor{1, 2}) == 0.0);
  BOOST_CHECK_THROW(cos_similarity(Tensor{1, 2}, Tensor{1, 2, 3}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(normalize_rows_gives_unit_rows_and_keeps_zero_rows) {
  const Tensor n = normalize_rows(Tensor{{3, 4}, {0, 0}, {0, -2}});
  const Tensor want{{0.6f, 0.8f}, {0, 0}, {0, -1}};
  BOOST_TEST(xt::allclose(n, want, 1e-6, 1e-6));
  BOOST_CHECK_THROW(normalize_rows(Tensor{1, 2}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(most_similar_ranks_by_cosine_and_skips_the_query) {
  const auto r = most_similar("a", plane(), 10);
  BOOST_TEST_REQUIRE(r.size() == 5u);  // every word but the query
  const std::vector<std::string> order = {"b", "e", "c", "d", "f"};
  const std::vector<double> sims = {1, inv_sqrt2, inv_sqrt2, 0, -1};
  for (std::size_t i = 0; i < order.size(); ++i) {
    BOOST_TEST(r[i].word == order[i]);
    BOOST_TEST(r[i].similarity == sims[i], boost::test_tools::tolerance(1e-6));
  }
  const auto top2 = most_similar("a", plane(), 2);
  BOOST_TEST_REQUIRE(top2.size() == 2u);
  BOOST_TEST(top2[1].word == "e");
  // From another query: b's nearest is a (same direction), and b itself is not listed.
  const auto from_b = most_similar("b", plane(), 1);
  BOOST_TEST_REQUIRE(from_b.size() == 1u);
  BOOST_TEST(from_b[0].word == "a");
}

BOOST_AUTO_TEST_CASE(most_similar_with_precomputed_normalisation_agrees) {
  const WordVectors wv = plane();
  const Tensor normalized = normalize_rows(wv.vectors);
  const auto r = most_similar("c", wv, normalized, 3);
  // c = (1,1): e is parallel (1), then a and b (1/sqrt2, in id order: b=1 before a=2).
  BOOST_TEST_REQUIRE(r.size() == 3u);
  BOOST_TEST(r[0].word == "e");
  BOOST_TEST(r[1].word == "b");
  BOOST_TEST(r[2].word == "a");
  BOOST_TEST(r[2].similarity == inv_sqrt2, boost::test_tools::tolerance(1e-6));
  BOOST_CHECK_THROW(most_similar("c", wv, Tensor::from_shape({2, 2}), 3), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(most_similar_unknown_word) {
  BOOST_CHECK_EXCEPTION(most_similar("zebra", plane()), std::invalid_argument,
                        names<std::invalid_argument>({"zebra"}));
  std::ostringstream out;
  print_most_similar(out, "zebra", plane());
  BOOST_TEST(out.str() == "zebra is not found\n");
}

BOOST_AUTO_TEST_CASE(most_similar_prints_like_the_book) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);  // the caller's format must neither leak in nor be lost
  print_most_similar(out, "a", plane(), 2);
  // b: 1 exactly in float; e: 3/(3 sqrt2) = 0.70710678 to 7 significant digits.
  BOOST_TEST(out.str() == "\n[query] a\n b: 1\n e: 0.7071068\n");
  out.str("");
  out << 0.5;
  BOOST_TEST(out.str() == "0.50");
}

BOOST_AUTO_TEST_CASE(analogy_finds_the_planted_answer) {
  const AnalogyResult r = analogy("king", "man", "queen", royals(), 10);
  // man - king + queen = woman; then girl (1/sqrt2), apple (-1/2); king, man, queen never listed.
  BOOST_TEST_REQUIRE(r.top.size() == 3u);
  BOOST_TEST(r.top[0].word == "woman");
  BOOST_TEST(r.top[0].similarity == 1.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(r.top[1].word == "girl");
  BOOST_TEST(r.top[1].similarity == inv_sqrt2, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(r.top[2].word == "apple");
  BOOST_TEST(r.top[2].similarity == -0.5, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(r.answer.empty());

  const AnalogyResult r2 = analogy("man", "king", "woman", royals(), 1, "girl");
  BOOST_TEST_REQUIRE(r2.top.size() == 1u);
  BOOST_TEST(r2.top[0].word == "queen");
  // cos(girl, queen) = (0,0,1,0).(1,0,1,0)/sqrt2
  BOOST_TEST(r2.answer_similarity == inv_sqrt2, boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(analogy_unknown_word) {
  BOOST_CHECK_EXCEPTION(analogy("king", "kong", "queen", royals()), std::invalid_argument,
                        names<std::invalid_argument>({"kong"}));
  BOOST_CHECK_EXCEPTION(analogy("king", "man", "queen", royals(), 5, "empress"), std::invalid_argument,
                        names<std::invalid_argument>({"empress"}));
  std::ostringstream out;
  print_analogy(out, "king", "man", "qween", royals());
  BOOST_TEST(out.str() == "qween is not found\n");
}

BOOST_AUTO_TEST_CASE(analogy_prints_like_the_book) {
  // The format on a given result (the book's ch04 numbers, from an unnormalised matrix).
  AnalogyResult given;
  given.top = {{"woman", 5.160144329071045}, {"veto", 0.25}};
  given.answer = "woman";
  given.answer_similarity = 5.160144329071045;
  std::ostringstream out;
  print_analogy(out, "king", "man", "queen", given);
  BOOST_TEST(out.str() == "\n[analogy] king:man = queen:?\n==>woman:5.160144\n woman: 5.160144\n veto: 0.25\n");

  // End to end. woman scores 2 * (1/sqrt2)^2 = 1 up to the last float bit, which depends on the BLAS
  // kernel, so only its line's start is fixed; girl scores 1/sqrt2 * 1 exactly: 0.70710677f.
  out.str("");
  print_analogy(out, "king", "man", "queen", royals(), 2, "woman");
  const std::string s = out.str();
  BOOST_TEST(s.rfind("\n[analogy] king:man = queen:?\n==>woman:", 0) == 0u, s);
  BOOST_TEST(s.find("\n woman: ") != std::string::npos, s);
  const std::string tail = "\n girl: 0.7071068\n";
  BOOST_TEST(s.size() > tail.size());
  BOOST_TEST(s.compare(s.size() - tail.size(), tail.size(), tail) == 0, s);
}

namespace {

// Six sections: five semantic (s0 to s4; s2 to s4 empty), one syntactic (s5). See the expected
// counts in the tests below; each question's 3CosAdd answer on royals() is noted beside it.
const char* const small_questions =
    ": capital-common-countries\n"
    "king queen man woman\n"     // queen - king + man = woman: correct
    "man king woman girl\n"      // king - man + woman = queen, not girl: wrong
    "man woman boy girl\n"       // boy is unknown: not covered
    ": family\n"
    "man woman king queen\r\n"   // woman - man + king = queen: correct (CRLF accepted)
    ": s2\n"
    ":s3\n"
    ": s4\n"
    "\n"
    ": gram1-adjective-to-adverb\n"
    "King Queen Man Woman\n"     // lower-cased: correct
    "woman man girl apple\n";    // man - woman + girl = (0,1,0,0): king (1/sqrt2) beats apple (0): wrong

void check(const AnalogyScore& s, std::size_t correct, std::size_t covered, std::size_t total) {
  BOOST_TEST(s.correct == correct, s.name);
  BOOST_TEST(s.covered == covered, s.name);
  BOOST_TEST(s.total == total, s.name);
}

}  // namespace

BOOST_AUTO_TEST_CASE(analogy_accuracy_counts_a_small_file) {
  TempDir dir;
  const std::string path = dir.write("questions.txt", small_questions);
  const auto sections = read_analogy_questions(path);
  BOOST_TEST_REQUIRE(sections.size() == 6u);
  BOOST_TEST(sections[3].name == "s3");
  BOOST_TEST(sections[5].questions[0].a == "king");

  for (const std::size_t batch : {std::size_t{256}, std::size_t{2}, std::size_t{1}}) {
    AnalogyAccuracyOptions options;
    options.batch_size = batch;  // 2: two full batches and a partial one over five covered questions
    const AnalogyAccuracy r = analogy_accuracy(path, royals(), options);
    BOOST_TEST_REQUIRE(r.sections.size() == 6u);
    BOOST_TEST(r.sections[0].name == "capital-common-countries");
    check(r.sections[0], 1, 2, 3);
    check(r.sections[1], 1, 1, 1);
    check(r.sections[2], 0, 0, 0);
    check(r.sections[5], 1, 2, 2);
    check(r.semantic, 2, 3, 4);
    check(r.syntactic, 1, 2, 2);
    check(r.overall, 3, 5, 6);
    BOOST_TEST(r.overall.accuracy() == 0.6, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.overall.coverage() == 5.0 / 6, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(std::isnan(r.sections[2].accuracy()));
  }
}

BOOST_AUTO_TEST_CASE(analogy_accuracy_restrict_vocab_and_case) {
  TempDir dir;
  const std::string path = dir.write("questions.txt", small_questions);
  AnalogyAccuracyOptions options;
  options.restrict_vocab = 4;  // king man woman queen: girl and apple drop out as question words
  AnalogyAccuracy r = analogy_accuracy(path, royals(), options);
  check(r.sections[0], 1, 1, 3);
  check(r.sections[5], 1, 1, 2);
  check(r.overall, 3, 3, 6);

  options = {};
  options.lower_case = false;  // "King Queen Man Woman" is then not in the vocabulary
  r = analogy_accuracy(path, royals(), options);
  check(r.sections[5], 0, 1, 2);
  check(r.overall, 2, 4, 6);
}

BOOST_AUTO_TEST_CASE(analogy_accuracy_prints_a_table) {
  TempDir dir;
  const AnalogyAccuracy r = analogy_accuracy(dir.write("q.txt", small_questions), royals());
  std::ostringstream out;
  print_analogy_accuracy(out, r);
  const std::string s = out.str();
  // Name column 25 wide (gram1-adjective-to-adverb), then accuracy (9), correct (7) / covered (7),
  // questions (9), two spaces between columns.
  BOOST_TEST(s.find("capital-common-countries     50.00 %        1 /       2          3\n") != std::string::npos, s);
  BOOST_TEST(s.find("semantic                     66.67 %        2 /       3          4\n") != std::string::npos, s);
  BOOST_TEST(s.find("s2                               n/a        0 /       0          0\n") != std::string::npos, s);
  BOOST_TEST(s.find("Questions seen / total: 5 6   83.33 %\n") != std::string::npos, s);
}

BOOST_AUTO_TEST_CASE(analogy_questions_errors_name_path_and_line) {
  TempDir dir;
  const std::string missing = (dir.path / "no-such-file.txt").string();
  BOOST_CHECK_EXCEPTION(read_analogy_questions(missing), std::runtime_error,
                        names<std::runtime_error>({missing}));
  BOOST_CHECK_EXCEPTION(analogy_accuracy(missing, royals()), std::runtime_error,
                        names<std::runtime_error>({missing}));
  BOOST_CHECK_EXCEPTION(read_analogy_questions(dir.path.string()), std::runtime_error,
                        names<std::runtime_error>({dir.path.string()}));

  const std::string three = dir.write("three.txt", ": s\nking queen man woman\nking queen man\n");
  BOOST_CHECK_EXCEPTION(read_analogy_questions(three), std::runtime_error,
                        names<std::runtime_error>({three + ":3:", "4 words"}));
  const std::string five = dir.write("five.txt", ": s\n\nking queen man woman girl\n");
  BOOST_CHECK_EXCEPTION(read_analogy_questions(five), std::runtime_error, names<std::runtime_error>({five + ":3:"}));
  const std::string bad_section = dir.write("section.txt", ": two words\n");
  BOOST_CHECK_EXCEPTION(read_analogy_questions(bad_section), std::runtime_error,
                        names<std::runtime_error>({bad_section + ":1:"}));
  const std::string no_section = dir.write("nosection.txt", "king queen man woman\n");
  BOOST_CHECK_EXCEPTION(read_analogy_questions(no_section), std::runtime_error,
                        names<std::runtime_error>({no_section + ":1:", "section"}));
}

BOOST_AUTO_TEST_CASE(google_questions_words_counts) {
  const fs::path path = fs::path(MINIDL_SHARED_DATA) / "eval" / "questions-words.txt";
  if (!fs::exists(path)) {
    BOOST_TEST_MESSAGE("skipped: " << path << " is not there");
    return;
  }
  const auto sections = read_analogy_questions(path.string());
  // Counted independently with awk over the file: 14 sections, 506 + 4524 + 866 + 2467 + 506
  // semantic and 992 + 812 + 1332 + 1122 + 1056 + 1599 + 1560 + 1332 + 870 syntactic questions.
  BOOST_TEST_REQUIRE(sections.size() == 14u);
  BOOST_TEST(sections.front().name == "capital-common-countries");
  BOOST_TEST(sections.front().questions.size() == 506u);
  BOOST_TEST(sections[4].name == "family");
  BOOST_TEST(sections.back().name == "gram9-plural-verbs");
  BOOST_TEST(sections.back().questions.size() == 870u);
  const AnalogyQuestion& first = sections.front().questions.front();
  BOOST_TEST((first.a + " " + first.b + " " + first.c + " " + first.d) == "athens greece baghdad iraq");

  // royals() covers two questions of the file (found with awk: both in "family", lower-cased):
  // "king queen man woman" and "man woman king queen", both answered right as in the small file.
  const AnalogyAccuracy r = analogy_accuracy(sections, royals());
  check(r.sections[4], 2, 2, 506);
  check(r.semantic, 2, 2, 8869);
  check(r.syntactic, 0, 0, 10675);
  check(r.overall, 2, 2, 19544);
}

BOOST_AUTO_TEST_CASE(spearman_on_known_data) {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  BOOST_TEST(spearman(x, {2, 4, 8, 16, 1000}) == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(spearman(x, {5, 4, 3, 2.5, -1}) == -1.0, boost::test_tools::tolerance(1e-12));
  // Ties share their average rank: x ranks (1, 2.5, 2.5, 4), y ranks (1, 3, 2, 4); deviations from
  // 2.5 are (-1.5, 0, 0, 1.5) and (-1.5, .5, -.5, 1.5): rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
  BOOST_TEST(spearman({1, 2, 2, 3}, {10, 30, 20, 40}) == std::sqrt(0.9), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));  // no variation: undefined
  BOOST_TEST(std::isnan(spearman({1}, {2})));
  BOOST_CHECK_THROW(spearman({1, 2}, {1}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(word_similarity_file) {
  TempDir dir;
  // Cosines on royals(): woman-girl 1/sqrt2, king-queen 1/2, man-apple -1/2, king-woman 0, so the
  // model ranks (4, 3, 1, 2) against the human (4, 3, 2, 1): sum d^2 = 2, rho = 1 - 6*2/(4*15) = 0.8.
  const std::string path = dir.write("pairs.txt",
                                     "# word1 word2 score\n"
                                     "woman\tgirl\t9\n"
                                     "king queen 7.5\n"
                                     "\n"
                                     "Man Apple 2\n"
                                     "boy girl 9\n"  // boy is unknown
                                     "king\twoman\t1\n");
  const WordSimilarityResult r = word_similarity(path, royals());
  BOOST_TEST(r.spearman == 0.8, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(r.covered == 4u);
  BOOST_TEST(r.total == 5u);
  std::ostringstream out;
  print_word_similarity(out, r);
  BOOST_TEST(out.str() == path + ": spearman 0.8000 over 4 of 5 pairs (80.00 %)\n");

  const std::string two = dir.write("two.txt", "king queen 1\n# fine\nking queen\n");
  BOOST_CHECK_EXCEPTION(word_similarity(two, royals()), std::runtime_error, names<std::runtime_error>({two + ":3:"}));
  const std::string nan = dir.write("nan.txt", "king queen high\n");
  BOOST_CHECK_EXCEPTION(word_similarity(nan, royals()), std::runtime_error,
                        names<std::runtime_error>({nan + ":1:", "high"}));
  const std::string missing = (dir.path / "missing.txt").string();
  BOOST_CHECK_EXCEPTION(word_similarity(missing, royals()), std::runtime_error, names<std::runtime_error>({missing}));
}

BOOST_AUTO_TEST_SUITE_END()
