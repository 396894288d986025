// word2vec text and binary files: exact round trips, the variants other tools write (gensim's
// binary without newlines, fastText's trailing spaces, CRLF), format detection, and a clear error
// naming the file for every way a file can be wrong. Files are written by hand where the test is
// about what another tool produces.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <minidl/framework/random.hpp>
#include <minidl/word2vec/io/npy_format.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>

namespace fs = std::filesystem;
using namespace minidl;

namespace {

// A fresh directory per test, removed afterwards, so tests can list what a failed save left.
struct TempDir {
  fs::path dir;
  TempDir() {
    static int counter = 0;
    std::random_device rd;
    dir = fs::temp_directory_path() / ("minidl_w2v_" + std::to_string(::getpid()) + "_" +
                                       std::to_string(counter++) + "_" + std::to_string(rd()));
    fs::create_directories(dir);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  std::string file(const std::string& name) const { return (dir / name).string(); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
  }
};

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string le_float(float f) {
  std::uint32_t bits;
  std::memcpy(&bits, &f, 4);
  std::string b(4, '\0');
  for (int k = 0; k < 4; ++k) b[k] = static_cast<char>((bits >> (8 * k)) & 0xff);
  return b;
}

std::string le_floats(std::initializer_list<float> values) {
  std::string b;
  for (float v : values) b += le_float(v);
  return b;
}

// Random values plus the awkward ones: extremes of float32, a subnormal, negative zero.
WordVectors sample(std::size_t V, std::size_t D, unsigned seed = 7) {
  Rng gen(seed);
  IdToWord words;
  Tensor vectors = Tensor::from_shape({V, D});
  for (std::size_t i = 0; i < V; ++i) {
    words.push_back("w" + std::to_string(i));
    for (std::size_t k = 0; k < D; ++k) vectors(i, k) = static_cast<float>(gen.normal()) * std::pow(10.f, float(int(k % 7) - 3));
  }
  if (V > 0 && D >= 5) {
    vectors(0, 0) = std::numeric_limits<float>::max();
    vectors(0, 1) = std::numeric_limits<float>::lowest();
    vectors(0, 2) = std::numeric_limits<float>::min();
    vectors(0, 3) = std::numeric_limits<float>::denorm_min() * 3;
    vectors(0, 4) = -0.0f;
  }
  return WordVectors::from(words, vectors);
}

// Bitwise equality: a round trip must not move any value by even one ulp.
void check_same(const WordVectors& got, const WordVectors& want) {
  BOOST_TEST(got.words == want.words, boost::test_tools::per_element());
  BOOST_TEST(got.word_to_id.size() == want.words.size());
  for (std::size_t i = 0; i < want.words.size(); ++i) BOOST_TEST(got.word_to_id.at(want.words[i]) == int(i));
  BOOST_TEST(shape_str(got.vectors.shape()) == shape_str(want.vectors.shape()));
  if (got.vectors.size() != want.vectors.size()) return;
  std::size_t differing = 0;
  for (std::size_t j = 0; j < want.vectors.size(); ++j)
    if (std::memcmp(got.vectors.data() + j, want.vectors.data() + j, sizeof(Scalar)) != 0) ++differing;
  BOOST_TEST(differing == 0u);
}

// The call throws std::runtime_error whose message holds the path and every given fragment.
void expect_error(const std::function<void()>& call, const std::string& path, std::initializer_list<std::string> parts) {
  try {
    call();
    BOOST_ERROR("no exception for " << path);
  } catch (const std::runtime_error& e) {
    const std::string msg = e.what();
    BOOST_TEST(msg.find(path) != std::string::npos, "message lacks the path: " << msg);
    for (const auto& part : parts) BOOST_TEST(msg.find(part) != std::string::npos, "message lacks '" << part << "': " << msg);
  }
}

// Each loader that could be asked to read this file fails the same way.
void expect_load_error(const std::string& path, bool binary, std::initializer_list<std::string> parts) {
  expect_error([&] { load_word2vec(path); }, path, parts);
  if (binary)
    expect_error([&] { load_word2vec_binary(path); }, path, parts);
  else
    expect_error([&] { load_word2vec_text(path); }, path, parts);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(word2vec_format)

BOOST_AUTO_TEST_CASE(text_round_trip_is_exact) {
  TempDir tmp;
  const auto wv = sample(50, 17);
  const auto path = tmp.file("v.txt");
  save_word2vec_text(path, wv);
  BOOST_TEST(read_bytes(path).rfind("50 17\nw0 ", 0) == 0u);
  check_same(load_word2vec_text(path), wv);
}

BOOST_AUTO_TEST_CASE(text_values_are_the_shortest_exact_decimals) {
  TempDir tmp;
  const auto path = tmp.file("v.txt");
  save_word2vec_text(path, WordVectors::from({"a", "b"}, Tensor{{0.1f, -2.5f, 1e-7f}, {3.f, 0.f, 123456.79f}}));
  BOOST_TEST(read_bytes(path) == "2 3\na 0.1 -2.5 1e-07\nb 3 0 123456.79\n");
  const auto back = load_word2vec_text(path);
  BOOST_TEST(back.vectors(0, 0) == 0.1f);
  BOOST_TEST(back.vectors(1, 2) == 123456.79f);
}

BOOST_AUTO_TEST_CASE(binary_round_trip_is_exact_and_laid_out_like_word2vec_c) {
  TempDir tmp;
  const auto path = tmp.file("v.bin");
  save_word2vec_binary(path, WordVectors::from({"ab", "c"}, Tensor{{1.f, -0.5f}, {0.25f, 3.f}}));
  BOOST_TEST(read_bytes(path) == "2 2\nab " + le_floats({1.f, -0.5f}) + "\nc " + le_floats({0.25f, 3.f}) + "\n");

  const auto wv = sample(40, 9);
  save_word2vec_binary(path, wv);
  check_same(load_word2vec_binary(path), wv);
}

BOOST_AUTO_TEST_CASE(utf8_words_round_trip_in_both_formats) {
  TempDir tmp;
  const IdToWord words = {"café", "日本", "naïve", "Ελλάδα", "😀", "plain"};
  const auto wv = WordVectors::from(words, Tensor{{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}, {11, 12}});
  for (const char* name : {"u.txt", "u.bin"}) {
    const auto path = tmp.file(name);
    save_word_vectors(path, wv);
    const auto back = load_word2vec(path);
    check_same(back, wv);
    BOOST_TEST(back.word_to_id.at("日本") == 1);
  }
}

BOOST_AUTO_TEST_CASE(binary_without_trailing_newlines_as_gensim_writes) {
  TempDir tmp;
  const auto path = tmp.file("gensim.bin");
  write_bytes(path, "3 2\ncafé " + le_floats({1.5f, -2.f}) + "dog " + le_floats({0.f, 7.f}) + "x " +
                        le_floats({8.f, 9.f}));
  const auto wv = load_word2vec_binary(path);
  const IdToWord want = {"café", "dog", "x"};
  BOOST_TEST(wv.words == want, boost::test_tools::per_element());
  BOOST_TEST(wv.vectors(0, 0) == 1.5f);
  BOOST_TEST(wv.vectors(0, 1) == -2.f);
  BOOST_TEST(wv.vectors(1, 1) == 7.f);
  BOOST_TEST(wv.vectors(2, 1) == 9.f);
  BOOST_TEST((detect_word2vec_format(path) == Word2VecFormat::binary));

  // Extra newlines (or CRLF) before a word are skipped, as word2vec's own readers do.
  write_bytes(path, "2 1\r\n\n" + std::string("a ") + le_float(4.f) + "\r\n\n" + "b " + le_float(5.f) + "\n\n");
  const auto spaced = load_word2vec(path);
  BOOST_TEST(spaced.words == IdToWord({"a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(spaced.vectors(1, 0) == 5.f);
}

BOOST_AUTO_TEST_CASE(text_with_trailing_spaces_tabs_and_crlf) {
  TempDir tmp;
  const auto path = tmp.file("fasttext.vec");
  // word2vec.c and fastText end each row with a space; Windows tools add CR; blank lines may end it.
  write_bytes(path, "2 3 \r\nfoo 1 2.5 -3 \r\nbar\t4  +5\t6e-1\r\n\r\n\n");
  const auto wv = load_word2vec(path);
  BOOST_TEST(wv.words == IdToWord({"foo", "bar"}), boost::test_tools::per_element());
  const Tensor want{{1.f, 2.5f, -3.f}, {4.f, 5.f, 0.6f}};
  BOOST_TEST((wv.vectors == want));
  BOOST_TEST((detect_word2vec_format(path) == Word2VecFormat::text));
}

BOOST_AUTO_TEST_CASE(files_larger_than_the_read_buffer) {
  // Rows straddle the reader's 256 KiB buffer many times over.
  TempDir tmp;
  const auto wv = sample(3000, 40, 11);
  const auto txt = tmp.file("big.txt"), bin = tmp.file("big.bin");
  save_word2vec_text(txt, wv);
  save_word2vec_binary(bin, wv);
  BOOST_TEST(fs::file_size(bin) > (1u << 18) * 1.5);
  check_same(load_word2vec(txt), wv);
  check_same(load_word2vec(bin), wv);
}

BOOST_AUTO_TEST_CASE(auto_detection_picks_the_format) {
  TempDir tmp;
  const auto wv = sample(5, 8);
  const auto txt = tmp.file("a.data"), bin = tmp.file("b.data");
  save_word2vec_text(txt, wv);
  save_word2vec_binary(bin, wv);
  BOOST_TEST((detect_word2vec_format(txt) == Word2VecFormat::text));
  BOOST_TEST((detect_word2vec_format(bin) == Word2VecFormat::binary));
  check_same(load_word2vec(txt), wv);
  check_same(load_word2vec(bin), wv);

  // One dimension: a float's four bytes (here 00 00 80 3f) are not a text number.
  Tensor column = Tensor::from_shape({2, 1});
  column(0, 0) = 1.f;
  column(1, 0) = -2.f;
  const auto one = WordVectors::from({"a", "b"}, column);
  save_word2vec_binary(bin, one);
  save_word2vec_text(txt, one);
  BOOST_TEST((detect_word2vec_format(bin) == Word2VecFormat::binary));
  BOOST_TEST((detect_word2vec_format(txt) == Word2VecFormat::text));
  check_same(load_word2vec(bin), one);

  // A damaged text row is still recognised as text, so the error speaks of lines.
  write_bytes(txt, "2 3\nalpha 1 2\nbeta 1 2 3\n");
  BOOST_TEST((detect_word2vec_format(txt) == Word2VecFormat::text));
  expect_error([&] { load_word2vec(txt); }, txt, {"line 2", "2 values"});
}

BOOST_AUTO_TEST_CASE(save_word_vectors_chooses_by_extension) {
  TempDir tmp;
  const auto wv = sample(3, 4);
  for (const char* name : {"v.bin", "v.BIN", "v.Bin"}) {
    save_word_vectors(tmp.file(name), wv);
    BOOST_TEST((detect_word2vec_format(tmp.file(name)) == Word2VecFormat::binary), name);
  }
  for (const char* name : {"v.txt", "v.vec", "v", "v.bin.txt"}) {
    save_word_vectors(tmp.file(name), wv);
    BOOST_TEST((detect_word2vec_format(tmp.file(name)) == Word2VecFormat::text), name);
    BOOST_TEST(read_bytes(tmp.file(name)).rfind("3 4\nw0 ", 0) == 0u, name);
  }
}

BOOST_AUTO_TEST_CASE(missing_empty_and_directory_paths) {
  TempDir tmp;
  const auto missing = tmp.file("nope.bin");
  expect_load_error(missing, true, {"cannot open"});
  expect_load_error(missing, false, {"cannot open"});
  const auto empty = tmp.file("empty.txt");
  write_bytes(empty, "");
  expect_load_error(empty, false, {"empty"});
  expect_load_error(empty, true, {"empty"});
  expect_load_error(tmp.dir.string(), false, {"directory"});
}

BOOST_AUTO_TEST_CASE(bad_headers) {
  TempDir tmp;
  const auto path = tmp.file("h.txt");
  for (const char* header : {"3\n", "a b\n", "0 5\n", "3 0\n", "3 -2\n", "-3 2\n", "3 2 1\n", "3.5 2\n", "3,2\n",
                             "99999999999999999999 2\n", "\n"}) {
    write_bytes(path, std::string(header) + "a 1 2\nb 1 2\nc 1 2\n");
    BOOST_TEST_CONTEXT("header " << header) {
      expect_load_error(path, false, {"line 1", "header"});
      expect_load_error(path, true, {"line 1", "header"});
    }
  }
}

BOOST_AUTO_TEST_CASE(a_text_row_with_the_wrong_number_of_values) {
  TempDir tmp;
  const auto path = tmp.file("n.txt");
  write_bytes(path, "3 3\na 1 2 3\nb 1 2\nc 1 2 3\n");
  expect_load_error(path, false, {"line 3", "'b'", "2 values", "says 3"});
  write_bytes(path, "3 3\na 1 2 3\nb 1 2 3\nc 1 2 3 4 5\n");
  expect_load_error(path, false, {"line 4", "'c'", "5 values"});
  write_bytes(path, "2 3\nalpha 1 2 3\nb\n");
  expect_load_error(path, false, {"line 3", "0 values"});
}

BOOST_AUTO_TEST_CASE(a_non_numeric_value) {
  TempDir tmp;
  const auto path = tmp.file("x.txt");
  for (const char* bad : {"x", "1.5.2", "1,5", "2e", "--1", "0x10", "1e5x"}) {
    write_bytes(path, "2 2\na 1 2\nb 3 " + std::string(bad) + "\n");
    BOOST_TEST_CONTEXT(bad) { expect_load_error(path, false, {"line 3", "value 2", "not a number", bad}); }
  }
}

BOOST_AUTO_TEST_CASE(nan_and_infinite_values_are_refused) {
  TempDir tmp;
  const auto path = tmp.file("nan.txt");
  write_bytes(path, "2 2\na 1 2\nb nan 3\n");
  expect_load_error(path, false, {"line 3", "NaN", "finite"});
  write_bytes(path, "2 2\na 1 -inf\nb 1 3\n");
  expect_load_error(path, false, {"line 2", "-inf"});
  write_bytes(path, "2 2\na 1 1e50\nb 1 3\n");  // beyond float32: it would become inf
  expect_load_error(path, false, {"line 2", "out of range"});

  const auto bin = tmp.file("nan.bin");
  write_bytes(bin, "2 2\na " + le_floats({1.f, 2.f}) + "\nb " +
                       le_floats({3.f, std::numeric_limits<float>::quiet_NaN()}) + "\n");
  expect_load_error(bin, true, {"word index 1", "'b'", "value 2", "NaN"});
  write_bytes(bin, "1 2\na " + le_floats({std::numeric_limits<float>::infinity(), 2.f}) + "\n");
  expect_load_error(bin, true, {"word index 0", "+inf"});
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_binary_file_is_an_error) {
  TempDir tmp;
  const auto full_path = tmp.file("full.bin"), cut_path = tmp.file("cut.bin");
  save_word2vec_binary(full_path, WordVectors::from({"alpha", "beta", "gamma"},
                                                    Tensor{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}));
  const std::string full = read_bytes(full_path);
  const std::size_t header = std::string("3 4\n").size();
  // Dropping only the last '\n' leaves a valid (gensim-style) file; any shorter cut loses data.
  for (std::size_t n = 0; n + 1 < full.size(); ++n) {
    write_bytes(cut_path, full.substr(0, n));
    BOOST_TEST_CONTEXT("cut at " << n) {
      if (n >= header)
        expect_error([&] { load_word2vec_binary(cut_path); }, cut_path, {"truncated"});
      else
        expect_error([&] { load_word2vec_binary(cut_path); }, cut_path, {});
    }
  }
  write_bytes(cut_path, full.substr(0, full.size() - 10));  // inside gamma's vector
  expect_error([&] { load_word2vec_binary(cut_path); }, cut_path, {"truncated", "word index 2", "'gamma'", "7 of the 16"});
  write_bytes(cut_path, full.substr(0, full.size() - 1));
  BOOST_TEST(load_word2vec_binary(cut_path).vectors(2, 3) == 12.f);
}

BOOST_AUTO_TEST_CASE(more_or_fewer_rows_than_the_header_says) {
  TempDir tmp;
  const auto path = tmp.file("rows.txt");
  write_bytes(path, "3 2\nalpha 1.25 2.5\nbeta 3.75 4.5\n\n");
  expect_load_error(path, false, {"fewer rows (2)", "3 words"});
  write_bytes(path, "3 2\nalpha 1.25 2.5\nbeta 3.75 4.5");
  expect_load_error(path, false, {"fewer rows (2)"});
  write_bytes(path, "3 2\na 1 2\n");  // too short even for the header's three rows
  expect_load_error(path, false, {"truncated text file", "3 words"});
  write_bytes(path, "3 2\na 1 2\n\nb 3 4\nc 5 6\n");
  expect_load_error(path, false, {"line 3", "empty line"});
  write_bytes(path, "1 2\na 1 2\nb 3 4\n");
  expect_load_error(path, false, {"line 3", "more rows"});

  const auto bin = tmp.file("rows.bin");
  write_bytes(bin, "1 2\na " + le_floats({1.f, 2.f}) + "\nb " + le_floats({3.f, 4.f}) + "\n");
  expect_load_error(bin, true, {"more data"});
  write_bytes(bin, "3 1\nalpha " + le_float(1.f) + "\nbeta " + le_float(2.f) + "\n\n\n");
  expect_load_error(bin, true, {"truncated", "ends after 2"});
}

BOOST_AUTO_TEST_CASE(duplicate_words) {
  TempDir tmp;
  const auto path = tmp.file("dup.txt");
  write_bytes(path, "3 2\na 1 2\nb 3 4\na 5 6\n");
  expect_load_error(path, false, {"line 4", "'a' appears twice", "line 2"});
  const auto bin = tmp.file("dup.bin");
  write_bytes(bin, "2 1\nsame " + le_float(1.f) + "\nsame " + le_float(2.f) + "\n");
  expect_load_error(bin, true, {"word index 1", "'same' appears twice", "word index 0"});
}

BOOST_AUTO_TEST_CASE(a_failed_save_leaves_the_existing_file_untouched) {
  TempDir tmp;
  const auto good = sample(4, 3);
  const auto nan = std::numeric_limits<Scalar>::quiet_NaN();
  const std::vector<std::pair<WordVectors, std::string>> bad = {
      {WordVectors::from({"ok", "a b"}, Tensor{{1, 2}, {3, 4}}), "'a b'"},
      {WordVectors::from({"tab\there", "ok"}, Tensor{{1, 2}, {3, 4}}), "whitespace"},
      {WordVectors::from({"ok", "new\nline"}, Tensor{{1, 2}, {3, 4}}), "whitespace"},
      {WordVectors::from({"ok", ""}, Tensor{{1, 2}, {3, 4}}), "empty"},
      {WordVectors::from({"ok", std::string(kMaxWordBytes + 1, 'w')}, Tensor{{1, 2}, {3, 4}}), "words of at most 65536 bytes"},
      {WordVectors::from({"ok", "nan"}, Tensor{{1, 2}, {3, nan}}), "NaN"},
  };
  for (const char* name : {"out.txt", "out.bin"}) {
    const auto path = tmp.file(name);
    save_word_vectors(path, good);
    const std::string before = read_bytes(path);
    for (const auto& [wv, fragment] : bad) {
      BOOST_TEST_CONTEXT(name << " " << fragment) {
        try {
          save_word_vectors(path, wv);
          BOOST_ERROR("no exception");
        } catch (const std::invalid_argument& e) {
          const std::string msg = e.what();
          BOOST_TEST(msg.find(fragment) != std::string::npos, msg);
          BOOST_TEST(msg.find(path) != std::string::npos, msg);
        }
        BOOST_TEST(read_bytes(path) == before);
        BOOST_TEST(tmp.entries() == 1u);  // no temporary left beside it
      }
    }
    fs::remove(path);
  }
  // The explicit writers check too, and write nothing where no file was.
  BOOST_CHECK_THROW(save_word2vec_text(tmp.file("new.txt"), bad[0].first), std::invalid_argument);
  BOOST_CHECK_THROW(save_word2vec_binary(tmp.file("new.bin"), bad[0].first), std::invalid_argument);
  BOOST_TEST(tmp.entries() == 0u);
}

BOOST_AUTO_TEST_CASE(damaged_files_give_errors_never_crashes) {
  // Every byte replaced in turn by characters that shift fields or words: reading must either
  // succeed with a consistent result or throw std::runtime_error (run under the sanitizers too).
  TempDir tmp;
  const auto wv = WordVectors::from({"ab", "c", "déf"}, Tensor{{1.5f, -2.f}, {0.25f, 8.f}, {3.f, -0.125f}});
  const auto path = tmp.file("d");
  for (const bool binary : {false, true}) {
    binary ? save_word2vec_binary(path, wv) : save_word2vec_text(path, wv);
    const std::string original = read_bytes(path);
    std::size_t loaded = 0, refused = 0;
    for (std::size_t i = 0; i < original.size(); ++i)
      for (const char c : {'\0', ' ', '\n', '\t', '9', '-', 'x', '\xff'}) {
        std::string damaged = original;
        damaged[i] = c;
        write_bytes(path, damaged);
        try {
          const auto got = load_word2vec(path);
          BOOST_TEST(got.vectors.size() == got.size() * got.dim());
          BOOST_TEST(got.word_to_id.size() == got.size());
          ++loaded;
        } catch (const std::runtime_error& e) {
          BOOST_TEST(std::string(e.what()).find(path) != std::string::npos);
          ++refused;
        }
      }
    BOOST_TEST(refused > 0u);
    BOOST_TEST(loaded > 0u);  // e.g. a changed digit or letter in a word is still a valid file
  }
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// A .npy file written by hand as numpy 1.x writes one: magic, version, header length, the
// dictionary padded with spaces to a multiple of 64 bytes and ended by '\n', then the data.
std::string npy_bytes(const std::string& dict, const std::string& data, char major = 1) {
  std::string header = dict;
  const std::size_t lead = major == 1 ? 10 : 12;
  while ((lead + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string b = std::string("\x93NUMPY", 6) + char(major) + '\0';
  const std::size_t n = header.size();
  b += char(n & 0xff);
  b += char((n >> 8) & 0xff);
  if (major != 1) b += std::string(2, '\0');
  return b + header + data;
}

std::string f4_dict(const std::string& shape) {
  return "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(npy_format)

BOOST_AUTO_TEST_CASE(round_trip_is_exact_and_the_words_sit_beside) {
  TempDir tmp;
  const auto wv = sample(30, 7);
  const auto path = tmp.file("v.npy");
  save_word_vectors(path, wv);
  BOOST_TEST(npy_vocab_path(path) == tmp.file("v.vocab.txt"));
  BOOST_TEST(read_bytes(tmp.file("v.vocab.txt")).rfind("w0\nw1\nw2\n", 0) == 0u);
  const std::string bytes = read_bytes(path);
  BOOST_TEST(bytes.rfind(std::string("\x93NUMPY\x01\x00", 8), 0) == 0u);
  BOOST_TEST(bytes.find("'descr': '<f4'") != std::string::npos);
  BOOST_TEST(bytes.find("(30, 7)") != std::string::npos);
  check_same(load_word2vec(path), wv);
  BOOST_TEST(tmp.entries() == 2u);  // no temporary left
}

// What numpy 2 writes for other arrays: version 2.0 headers, float64, keys in another order.
BOOST_AUTO_TEST_CASE(reads_version_2_float64_and_any_key_order) {
  TempDir tmp;
  const auto path = tmp.file("w.npy");
  double values[4] = {1.5, -2, 0.25, 1e10};
  write_bytes(path, npy_bytes("{'shape': (2, 2), 'fortran_order': False, 'descr': '<f8'}",
                              std::string(reinterpret_cast<const char*>(values), sizeof values), 2));
  write_bytes(tmp.file("w.vocab.txt"), "a\r\nb\r\n");
  const auto wv = load_word2vec(path);
  BOOST_TEST(wv.words == (IdToWord{"a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(wv.vectors(0, 0) == 1.5f);
  BOOST_TEST(wv.vectors(1, 1) == 1e10f);
}

BOOST_AUTO_TEST_CASE(every_malformed_file_is_named_and_refused) {
  TempDir tmp;
  const auto path = tmp.file("x.npy");
  const std::string two = le_floats({1, 2, 3, 4});
  write_bytes(tmp.file("x.vocab.txt"), "a\nb\n");
  const auto refused = [&](const std::string& bytes, std::initializer_list<std::string> parts) {
    write_bytes(path, bytes);
    expect_error([&] { load_word2vec(path); }, path, parts);
  };
  refused("not numpy at all", {"not a numpy .npy file"});
  refused(npy_bytes(f4_dict("(2, 2)"), two, 9), {"version 9.0"});
  refused(npy_bytes("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }", two), {"dtype '<i4'", "float32"});
  refused(npy_bytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }", two), {"dtype '>f4'"});
  refused(npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", two), {"Fortran order"});
  refused(npy_bytes(f4_dict("(4,)"), two), {"not 2-D"});
  refused(npy_bytes(f4_dict("(1, 2, 2)"), two), {"not 2-D"});
  refused(npy_bytes(f4_dict("(0, 2)"), ""), {"has a zero"});
  refused(npy_bytes(f4_dict("(2, 2)"), two.substr(0, 12)), {"more bytes than", "12 after the header"});
  refused(npy_bytes(f4_dict("(2, 2)"), two + two), {"16 bytes of data, not the 32"});
  refused(npy_bytes(f4_dict("(9999999999999, 2)"), two), {"not two positive integers"});
  refused(npy_bytes(f4_dict("(3000000000, 2)"), two), {"more words than an int can count"});
  refused(npy_bytes(f4_dict("(2000000000, 4000000000)"), two), {"more bytes than"});
  refused(npy_bytes(f4_dict("(2, 2)"), le_floats({1, 2, std::numeric_limits<float>::quiet_NaN(), 4})),
          {"value 1 of the word 'b' is NaN"});
  refused(std::string("\x93NUMPY\x01\x00\xff\xff", 10), {"truncated or corrupt header length"});
  refused(npy_bytes("{'fortran_order': False, 'shape': (2, 2), }", two), {"no 'descr' key"});
  // The words file: missing, short, long, a blank line, white space, a repeated word.
  write_bytes(path, npy_bytes(f4_dict("(2, 2)"), two));
  const std::string words = tmp.file("x.vocab.txt");
  const auto words_refused = [&](const std::string& text, std::initializer_list<std::string> parts) {
    write_bytes(words, text);
    expect_error([&] { load_word2vec(path); }, words, parts);
  };
  words_refused("a\n", {"has 1 words for the array's 2 rows"});
  words_refused("a\nb\nc\n", {"more than the array's 2 rows"});
  words_refused("a\n\nb\n", {"line 2 is empty"});
  words_refused("a\nb c\n", {"line 2 holds white space"});
  words_refused("a\na\n", {"appears twice"});
  write_bytes(words, "a\nb");  // no final newline: still two words
  BOOST_TEST(load_word2vec(path).words.size() == 2u);
  fs::remove(words);
  expect_error([&] { load_word2vec(path); }, words, {"cannot open it"});
}

BOOST_AUTO_TEST_CASE(unsavable_vectors_write_nothing) {
  TempDir tmp;
  const auto path = tmp.file("v.npy");
  Tensor bad = Tensor{{1.f, std::numeric_limits<float>::infinity()}};
  BOOST_CHECK_THROW(save_word_vectors(path, WordVectors::from({"a"}, bad)), std::invalid_argument);
  BOOST_CHECK_THROW(save_word_vectors(path, WordVectors::from({"a b"}, Tensor{{1.f, 2.f}})), std::invalid_argument);
  BOOST_TEST(tmp.entries() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
