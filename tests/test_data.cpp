// Chapter 3's preprocessing, checked against the book's printed values for its toy sentence.
#include <boost/test/unit_test.hpp>

#include <xtensor/xview.hpp>

#include <minidl/word2vec/data/contexts_target.hpp>
#include <minidl/framework/one_hot.hpp>
#include <minidl/word2vec/data/preprocess.hpp>

using namespace minidl;

BOOST_AUTO_TEST_SUITE(data)

BOOST_AUTO_TEST_CASE(preprocess_matches_the_book) {
  auto [corpus, word_to_id, id_to_word] = preprocess("You say goodbye and I say hello.");
  const Ids expected = {0, 1, 2, 3, 4, 1, 5, 6};
  BOOST_TEST((corpus == expected));
  const IdToWord words = {"you", "say", "goodbye", "and", "i", "hello", "."};
  BOOST_TEST(id_to_word == words, boost::test_tools::per_element());
  BOOST_TEST(word_to_id.size() == 7u);
  for (std::size_t i = 0; i < words.size(); ++i) BOOST_TEST(word_to_id.at(words[i]) == static_cast<int>(i));
}

BOOST_AUTO_TEST_CASE(preprocess_splits_on_any_white_space) {
  auto p = preprocess("  A  b\tA.\nb ");
  const Ids expected = {0, 1, 0, 2, 1};
  BOOST_TEST((p.corpus == expected));
}

BOOST_AUTO_TEST_CASE(empty_text_is_an_error) {
  BOOST_CHECK_THROW(preprocess(""), std::invalid_argument);
  BOOST_CHECK_THROW(preprocess(" \n\t "), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(contexts_target_matches_the_book) {
  const Ids corpus = {0, 1, 2, 3, 4, 1, 5, 6};
  auto [contexts, target] = create_contexts_target(corpus, 1);
  const Ids want_contexts = {{0, 2}, {1, 3}, {2, 4}, {3, 1}, {4, 5}, {1, 6}};
  const Ids want_target = {1, 2, 3, 4, 1, 5};
  BOOST_TEST((contexts == want_contexts));
  BOOST_TEST((target == want_target));
}

BOOST_AUTO_TEST_CASE(contexts_with_window_two_are_left_then_right) {
  const Ids corpus = {10, 11, 12, 13, 14, 15};
  auto [contexts, target] = create_contexts_target(corpus, 2);
  const Ids want_contexts = {{10, 11, 13, 14}, {11, 12, 14, 15}};
  const Ids want_target = {12, 13};
  BOOST_TEST((contexts == want_contexts));
  BOOST_TEST((target == want_target));
}

BOOST_AUTO_TEST_CASE(contexts_target_errors_are_clear) {
  auto message = [](const Ids& corpus, std::size_t w) {
    try {
      create_contexts_target(corpus, w);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  BOOST_TEST(message(Ids::from_shape({0}), 1).find("empty") != std::string::npos);
  BOOST_TEST(message(Ids{1, 2, 3}, 0).find("window_size must be at least 1") != std::string::npos);
  const std::string too_wide = message(Ids{1, 2, 3, 4}, 2);
  BOOST_TEST(too_wide.find("window_size 2 leaves no target in a corpus of 4 words") != std::string::npos);
  BOOST_TEST(message(Ids{1, 2, 3}, 1) == "no error");  // exactly 2w+1 words: one target
}

BOOST_AUTO_TEST_CASE(one_hot_of_contexts_and_target) {
  const Ids contexts = {{0, 2}, {1, 3}, {2, 4}, {3, 1}, {4, 5}, {1, 6}};
  Tensor c = convert_one_hot(contexts, 7);
  BOOST_TEST(shape_str(c.shape()) == "(6, 2, 7)");
  for (std::size_t n = 0; n < 6; ++n)
    for (std::size_t k = 0; k < 2; ++k)
      for (std::size_t v = 0; v < 7; ++v)
        BOOST_TEST(c(n, k, v) == (static_cast<int>(v) == contexts(n, k) ? 1.0f : 0.0f));
  Tensor t = convert_one_hot(Ids{1, 2, 3, 4, 1, 5}, 7);
  BOOST_TEST(shape_str(t.shape()) == "(6, 7)");
  BOOST_TEST(t(4, 1) == 1.0f);
  BOOST_TEST(xt::sum(t)() == 6.0f);
}

BOOST_AUTO_TEST_CASE(one_hot_rejects_ids_out_of_range) {
  BOOST_CHECK_THROW(convert_one_hot(Ids{0, 7}, 7), std::out_of_range);
  BOOST_CHECK_THROW(convert_one_hot(Ids{-1}, 7), std::out_of_range);
}

BOOST_AUTO_TEST_SUITE_END()
