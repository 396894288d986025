// The built-in synthetic corpus: deterministic, its questions well-formed, and a short CBOW
// training recovers its planted analogies.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <minidl/word2vec/data/contexts_target.hpp>
#include <minidl/word2vec/data/synthetic_corpus.hpp>
#include <minidl/word2vec/data/text_corpus.hpp>
#include <minidl/word2vec/data/word_vectors.hpp>
#include <minidl/word2vec/eval/analogy_accuracy.hpp>
#include <minidl/framework/trainer.hpp>
#include <minidl/models/cbow.hpp>
#include <minidl/optim/adam.hpp>

using namespace minidl;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(synthetic_corpus)

BOOST_AUTO_TEST_CASE(deterministic_for_a_seed) {
  SyntheticCorpusOptions o;
  o.sentences = 500;
  const auto a = make_synthetic_corpus(o), b = make_synthetic_corpus(o);
  BOOST_TEST(a.text == b.text);
  BOOST_TEST(a.questions == b.questions);
  o.seed = 2;
  BOOST_TEST(make_synthetic_corpus(o).text != a.text);
  // one sentence per line
  BOOST_TEST(std::count(a.text.begin(), a.text.end(), '\n') == 500);
}

BOOST_AUTO_TEST_CASE(questions_are_googles_format_and_covered) {
  const auto s = make_synthetic_corpus();
  const Corpus c = text_to_corpus(s.text, {}, "synthetic");
  std::istringstream in(s.questions);
  std::size_t sections = 0, questions = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(": ", 0) == 0) {
      ++sections;
      continue;
    }
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    BOOST_REQUIRE_EQUAL(w.size(), 4u);
    for (const auto& x : w) BOOST_TEST(c.word_to_id.count(x) == 1u, x << " is not in the corpus");
    BOOST_TEST(std::set<std::string>(w.begin(), w.end()).size() == 4u);
    ++questions;
  }
  BOOST_TEST(sections == 5u);
  BOOST_TEST(questions == 5u * 10u * 9u);
  BOOST_TEST(s.question_count == questions);
}

BOOST_AUTO_TEST_CASE(short_cbow_training_recovers_the_planted_analogies) {
  SyntheticCorpusOptions o;
  const auto s = make_synthetic_corpus(o);
  const Corpus c = text_to_corpus(s.text, {}, "synthetic");
  const std::size_t window = 2;
  auto [contexts, target] = create_contexts_target(c.corpus, window);
  Rng rng(1);
  CBOW model(c.id_to_word.size(), 50, window, c.corpus, rng);
  Adam optimizer(model.parameters(), Scalar(0.005));
  Trainer trainer(model, optimizer, 1);
  trainer.set_output(nullptr);
  const auto start = std::chrono::steady_clock::now();
  trainer.fit(contexts, target, 1, 100);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const fs::path q = fs::temp_directory_path() / ("minidl_synthetic_q_" + std::to_string(::getpid()) + ".txt");
  std::ofstream(q) << s.questions;
  const auto acc = analogy_accuracy(q.string(), WordVectors::from(c.id_to_word, model.word_vecs()));
  fs::remove(q);
  BOOST_TEST_MESSAGE("synthetic corpus: " << c.corpus.size() << " tokens, " << c.id_to_word.size() << " words, trained in "
                                          << seconds << " s, analogy top-1 " << acc.overall.correct << " / "
                                          << acc.overall.covered);
  BOOST_TEST(acc.overall.covered == acc.overall.total);
  BOOST_TEST(acc.overall.accuracy() >= 0.9, "top-1 accuracy " << acc.overall.accuracy());
}

BOOST_AUTO_TEST_SUITE_END()
