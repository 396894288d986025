// TrainConfig (word2vec/train_config): the one set of training options the command line,
// ch04_train and minidl-bench share, and the factories built on it.
#include <boost/test/unit_test.hpp>

#include <string>

#include <minidl/models/cbow.hpp>
#include <minidl/models/skip_gram.hpp>
#include <minidl/optim/adam.hpp>
#include <minidl/optim/sgd.hpp>
#include <minidl/optim/sparse_adam.hpp>
#include <minidl/word2vec/data/preprocess.hpp>
#include <minidl/word2vec/train_config.hpp>

using namespace minidl;

namespace {

// check() throws std::invalid_argument whose message contains `part`.
void expect_error(const TrainConfig& cfg, const std::string& part) {
  BOOST_CHECK_EXCEPTION(cfg.check(), std::invalid_argument, [&](const std::invalid_argument& e) {
    const bool has = std::string(e.what()).find(part) != std::string::npos;
    if (!has) BOOST_TEST_MESSAGE("'" << e.what() << "' lacks '" << part << "'");
    return has;
  });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(train_config)

BOOST_AUTO_TEST_CASE(defaults_are_the_books_and_the_mode_picks_the_optimizer) {
  TrainConfig cfg;
  BOOST_TEST(cfg.window == 5u);
  BOOST_TEST(cfg.hidden == 100u);
  BOOST_TEST(cfg.batch == 100u);
  BOOST_TEST(cfg.epochs == 10u);
  BOOST_TEST(cfg.optimizer_name() == "adam");
  cfg.mode = "fast";
  BOOST_TEST(cfg.optimizer_name() == "sgd");
  cfg.optimizer = "adam";
  BOOST_TEST(cfg.optimizer_name() == "adam");
  cfg.check();
}

BOOST_AUTO_TEST_CASE(bad_options_are_named) {
  TrainConfig cfg;
  cfg.model = "glove";
  expect_error(cfg, "model 'glove'");
  cfg = TrainConfig{};
  cfg.mode = "fast";
  cfg.optimizer = "rmsprop";
  expect_error(cfg, "sgd or adam");
  cfg = TrainConfig{};
  cfg.optimizer = "lion";
  expect_error(cfg, "optimizer 'lion'");
  cfg = TrainConfig{};
  cfg.hidden = 0;
  expect_error(cfg, "at least 1");
  cfg = TrainConfig{};
  cfg.lr = std::nan("");
  expect_error(cfg, "learning rate");
  cfg = TrainConfig{};
  cfg.threads = 0;
  expect_error(cfg, "threads");
}

BOOST_AUTO_TEST_CASE(factories_build_what_the_config_names) {
  const Corpus c = preprocess("you say goodbye and i say hello . you say hello and i say goodbye .");
  TrainConfig cfg;
  cfg.hidden = 4;
  cfg.window = 1;
  cfg.negative = 2;
  auto cbow = make_word_model(cfg, c);
  BOOST_TEST(dynamic_cast<CBOW*>(cbow.get()) != nullptr);
  BOOST_TEST(cbow->word_vecs().shape()[0] == c.id_to_word.size());
  BOOST_TEST(cbow->word_vecs().shape()[1] == 4u);
  cfg.model = "skipgram";
  BOOST_TEST(dynamic_cast<SkipGram*>(make_word_model(cfg, c).get()) != nullptr);
  // Same seed, same weights.
  cfg.model = "cbow";
  BOOST_TEST((make_word_model(cfg, c)->word_vecs() == cbow->word_vecs()));

  const Parameters ps = cbow->parameters();
  BOOST_TEST(dynamic_cast<Adam*>(make_optimizer(cfg, ps).get()) != nullptr);
  cfg.optimizer = "sgd";
  BOOST_TEST(dynamic_cast<SGD*>(make_optimizer(cfg, ps).get()) != nullptr);
  cfg.optimizer = "sparse-adam";
  BOOST_TEST(dynamic_cast<SparseAdam*>(make_optimizer(cfg, ps).get()) != nullptr);

  cfg.mode = "fast";
  cfg.optimizer.clear();
  cfg.sample = 0;
  cfg.threads = 2;
  const FastWord2VecOptions f = fast_options(cfg);
  BOOST_TEST(f.model == "cbow");
  BOOST_TEST(f.optimizer == "sgd");
  BOOST_TEST(f.hidden == 4u);
  BOOST_TEST(f.window == 1u);
  BOOST_TEST(f.negative == 2u);
  BOOST_TEST(f.sample == 0.0);
  BOOST_TEST(f.threads == 2);
}

BOOST_AUTO_TEST_CASE(memory_is_estimated_before_anything_is_allocated) {
  // PTB's book run: two 10,000 x 100 matrices, Adam's m and v and a buffer (32 MB), the contexts
  // and targets twice (82 MB), a batch's activations (2 MB); minidl-bench measured 85 MiB peak.
  TrainConfig cfg;
  const double ptb = cfg.estimated_bytes(10000, 929589);
  BOOST_TEST(ptb > 100e6);
  BOOST_TEST(ptb < 130e6);
  cfg.mode = "fast";
  BOOST_TEST(cfg.estimated_bytes(10000, 929589) == 8e6);  // the two matrices: SGD keeps no state
  cfg.optimizer = "adam";
  BOOST_TEST(cfg.estimated_bytes(10000, 929589) > 24e6);
  // Far more than any machine has: refused with the figure and what to lower.
  cfg = TrainConfig{};
  cfg.hidden = 100000000;
  try {
    cfg.check_memory(10000, 929589);
    BOOST_ERROR("a 10,000 x 100,000,000 run was let through");
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    BOOST_TEST(msg.find("this run needs about") != std::string::npos, msg);
    BOOST_TEST(msg.find("lower --hidden") != std::string::npos, msg);
  }
  cfg.hidden = 100;
  BOOST_CHECK_NO_THROW(cfg.check_memory(10000, 929589));
}

BOOST_AUTO_TEST_SUITE_END()
