// Corpora beyond the book's toy sentence: SHA-256 (checked on FIPS 180-4's examples), the book's
// ptb.load_data with its sources (data dir, MINIDL_DATA_DIR, cache, download) and checks, and any
// text file as a corpus. Every expected count was computed with shell tools (wc, tr, perl) from
// the files, not taken from the program. PTB tests skip when ../shared/data/ptb is not there.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "tensor_helpers.hpp"
#include <minidl/word2vec/data/ptb.hpp>
#include <minidl/word2vec/data/text_corpus.hpp>
#include <minidl/word2vec/data/zipf_corpus.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>
#include <minidl/framework/io/sha256.hpp>

using namespace minidl;
namespace fs = std::filesystem;

namespace {

// Sets (or, with nullopt, unsets) an environment variable for one scope, then restores it.
class EnvGuard {
 public:
  EnvGuard(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = std::string(old);
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }
  ~EnvGuard() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A fresh directory, removed with everything in it at the end of the scope.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "minidl_corpora_XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  BOOST_REQUIRE(out.good());
}

// The message of the exception f throws, or "(no exception)".
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const fs::path shared_ptb = fs::path(MINIDL_SHARED_DATA) / "ptb";

bool have_shared_ptb() {
  if (fs::is_regular_file(shared_ptb / "ptb.train.txt") && fs::is_regular_file(shared_ptb / "ptb.valid.txt") &&
      fs::is_regular_file(shared_ptb / "ptb.test.txt"))
    return true;
  BOOST_TEST_MESSAGE("skipped: no PTB copy in " << shared_ptb);
  return false;
}

// The digest listed in the shared SHA256SUMS, read independently of the constants in ptb.cpp.
std::string listed_sha256(const std::string& name) {
  std::ifstream in(shared_ptb / "SHA256SUMS");
  for (std::string digest, file; in >> digest >> file;)
    if (file == name) return digest;
  return "(not listed)";
}

void copy_ptb_to(const fs::path& dir) {
  fs::create_directories(dir);
  for (const char* name : {"ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"}) fs::copy_file(shared_ptb / name, dir / name);
}

bool have_curl() {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  std::stringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && ::access((fs::path(dir) / "curl").c_str(), X_OK) == 0) return true;
  BOOST_TEST_MESSAGE("skipped: no curl on PATH");
  return false;
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> names;
  if (fs::is_directory(dir))
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<int> ids_of(const Corpus& c) { return std::vector<int>(c.corpus.begin(), c.corpus.end()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(corpora)

// ---- SHA-256 -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sha256_fips_180_examples) {
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(sha256_hex(std::string(1000000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(sha256_padding_boundaries_and_pieces) {
  // 55 bytes is the longest message whose length fits in its one block; 56 and 64 need a second.
  // Expected digests from sha256sum.
  BOOST_TEST(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  BOOST_TEST(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  BOOST_TEST(sha256_hex(std::string(63, 'a')) == "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  BOOST_TEST(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  // Fed in uneven pieces, the million a's give the same digest as in one piece.
  Sha256 h;
  const std::string a(1000, 'a');
  std::size_t fed = 0;
  for (std::size_t piece = 1; fed < 1000000; piece = piece % 990 + 7) {  // 1, 8, 15, ... up to 996
    const std::size_t n = std::min(piece, 1000000 - fed);
    h.update(a.data(), n);
    fed += n;
  }
  BOOST_TEST(h.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(sha256_of_files) {
  TempDir dir;
  write_file(dir.path() / "a", std::string(1000000, 'a'));  // spans the 1 MiB read buffer's first read
  BOOST_TEST(sha256_hex_of_file((dir.path() / "a").string()) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  write_file(dir.path() / "empty", "");
  BOOST_TEST(sha256_hex_of_file((dir.path() / "empty").string()) ==
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string missing = (dir.path() / "missing").string();
  const std::string msg = error_of([&] { sha256_hex_of_file(missing); });
  BOOST_TEST(contains(msg, missing), msg);
  if (have_shared_ptb())  // 5 MB, several buffers
    BOOST_TEST(sha256_hex_of_file((shared_ptb / "ptb.train.txt").string()) == listed_sha256("ptb.train.txt"));
}

// ---- PTB: the book's ptb.load_data -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(ptb_train_is_the_books) {
  if (!have_shared_ptb()) return;
  const Corpus c = load_ptb("train", {shared_ptb.string()});
  // perl -0777: s/\n/<eos>/g, split: 929,589 tokens, 10,000 distinct (= wc -w 887,521 + wc -l 42,068).
  BOOST_TEST(c.corpus.size() == 929589u);
  BOOST_TEST(c.id_to_word.size() == 10000u);
  BOOST_TEST(c.word_to_id.size() == 10000u);
  // head -c 200: " aer banknote berlitz ..." and 24 words on the first line, all new: ids 0..23,
  // then <eos> is id 24; the book prints corpus[:30] as 0..29.
  const std::vector<std::string> first = {"aer", "banknote", "berlitz", "calloway", "centrust"};
  for (std::size_t i = 0; i < first.size(); ++i) BOOST_TEST(c.id_to_word[i] == first[i]);
  for (int i = 0; i < 30; ++i) BOOST_TEST(c.corpus(i) == i);
  BOOST_TEST(c.word_to_id.at("<eos>") == 24);
  BOOST_TEST(c.id_to_word[24] == "<eos>");
  BOOST_TEST(c.corpus(c.corpus.size() - 1) == 24);  // the file ends with "<unk> \n"
  // The book's printed ids (ch. 2.4.3), confirmed with perl.
  BOOST_TEST(c.word_to_id.at("car") == 3856);
  BOOST_TEST(c.word_to_id.at("happy") == 4428);
  BOOST_TEST(c.word_to_id.at("lexus") == 7426);
  for (std::size_t i = 0; i < c.id_to_word.size(); ++i) BOOST_TEST_REQUIRE(c.word_to_id.at(c.id_to_word[i]) == int(i));
  // The book's spelling gives the same.
  BOOST_TEST(ptb::load_data("train", {shared_ptb.string()}).corpus.size() == 929589u);
}

BOOST_AUTO_TEST_CASE(ptb_val_and_test_use_the_train_vocabulary) {
  if (!have_shared_ptb()) return;
  const PtbOptions options{shared_ptb.string()};
  const Corpus val = load_ptb("val", options);
  const Corpus valid = load_ptb("valid", options);
  const Corpus test = load_ptb("test", options);
  // wc -w + wc -l: valid 70,390 + 3,370, test 78,669 + 3,761; no word outside the train vocabulary.
  BOOST_TEST(val.corpus.size() == 73760u);
  BOOST_TEST((val.corpus == valid.corpus));
  BOOST_TEST(test.corpus.size() == 82430u);
  for (const Corpus* c : {&val, &test}) {
    BOOST_TEST(c->id_to_word.size() == 10000u);
    BOOST_TEST(c->word_to_id.at("<eos>") == 24);
    BOOST_TEST(c->word_to_id.at("car") == 3856);
  }
  // " no it was n't black monday \n" in train ids (perl), and the test file ends with <eos>.
  const std::vector<int> first = {142, 78, 54, 251, 2360, 405, 24};
  for (std::size_t i = 0; i < first.size(); ++i) BOOST_TEST(test.corpus(i) == first[i]);
  BOOST_TEST(test.corpus(test.corpus.size() - 1) == 24);
  BOOST_TEST(*std::max_element(test.corpus.begin(), test.corpus.end()) < 10000);
  BOOST_TEST(*std::min_element(test.corpus.begin(), test.corpus.end()) >= 0);
}

BOOST_AUTO_TEST_CASE(ptb_bad_split_and_layouts) {
  BOOST_CHECK_THROW(load_ptb("training"), std::invalid_argument);
  BOOST_CHECK_THROW(find_ptb_file("dev"), std::invalid_argument);
  if (!have_shared_ptb()) return;
  // The directory holding the files, or one with a ptb/ subdirectory holding them.
  BOOST_TEST(fs::equivalent(find_ptb_file("train", {shared_ptb.string()}), shared_ptb / "ptb.train.txt"));
  BOOST_TEST(fs::equivalent(find_ptb_file("val", {shared_ptb.parent_path().string()}), shared_ptb / "ptb.valid.txt"));
  // An explicit directory without the files is an error, not a download.
  TempDir empty;
  const std::string msg = error_of([&] { find_ptb_file("train", {empty.str()}); });
  BOOST_TEST(contains(msg, empty.str()), msg);
  BOOST_TEST(contains(msg, "ptb.train.txt"), msg);
  BOOST_TEST(contains(msg, "--data-dir"), msg);
}

BOOST_AUTO_TEST_CASE(ptb_corrupted_copy_is_rejected) {
  if (!have_shared_ptb()) return;
  TempDir dir;
  copy_ptb_to(dir.path());
  const fs::path train = dir.path() / "ptb.train.txt";
  {  // flip one byte in the middle; the size stays right, so only the digest can tell
    std::fstream f(train, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(2500000);
    char c = 0;
    f.get(c);
    f.seekp(2500000);
    f.put(static_cast<char>(c ^ 0x20));
    BOOST_REQUIRE(f.good());
  }
  const PtbOptions options{dir.str()};
  const std::string msg = error_of([&] { load_ptb("train", options); });
  BOOST_TEST(contains(msg, "SHA-256"), msg);
  BOOST_TEST(contains(msg, train.string()), msg);
  BOOST_TEST(contains(msg, listed_sha256("ptb.train.txt")), msg);  // the expected digest
  BOOST_TEST(contains(msg, sha256_hex_of_file(train.string())), msg);  // the actual one
  // test needs train's vocabulary, so it is refused too; the test file itself is fine.
  BOOST_TEST(contains(error_of([&] { load_ptb("test", options); }), "SHA-256"));
  BOOST_TEST(fs::equivalent(find_ptb_file("test", options), dir.path() / "ptb.test.txt"));
  // A truncated file is named with both sizes.
  fs::resize_file(dir.path() / "ptb.valid.txt", 1000);
  const std::string cut = error_of([&] { find_ptb_file("valid", options); });
  BOOST_TEST(contains(cut, "1000 bytes, not 399782"), cut);
  BOOST_TEST(contains(cut, "SHA-256"), cut);
}

BOOST_AUTO_TEST_CASE(ptb_honours_minidl_data_dir) {
  if (!have_shared_ptb()) return;
  TempDir root, cache;
  copy_ptb_to(root.path() / "ptb");  // the shared-data layout: DIR/ptb/ptb.train.txt
  const EnvGuard xdg("XDG_CACHE_HOME", cache.str());
  const PtbOptions no_download{"", false};
  {
    const EnvGuard data("MINIDL_DATA_DIR", root.str());
    BOOST_TEST(fs::equivalent(find_ptb_file("train", no_download), root.path() / "ptb" / "ptb.train.txt"));
    BOOST_TEST(load_ptb("test", no_download).corpus.size() == 82430u);
  }
  {
    const EnvGuard data("MINIDL_DATA_DIR", (root.path() / "ptb").string());  // the files directly
    BOOST_TEST(fs::equivalent(find_ptb_file("valid", no_download), root.path() / "ptb" / "ptb.valid.txt"));
  }
  {  // an explicit directory wins over the variable
    const EnvGuard data("MINIDL_DATA_DIR", root.str());
    BOOST_TEST(fs::equivalent(find_ptb_file("train", {shared_ptb.string(), false}), shared_ptb / "ptb.train.txt"));
  }
  {  // a MINIDL_DATA_DIR without PTB is passed over; with an empty cache and no download, the
     // error says what to do
    TempDir other;
    const EnvGuard data("MINIDL_DATA_DIR", other.str());
    const std::string msg = error_of([&] { find_ptb_file("train", no_download); });
    BOOST_TEST(contains(msg, "MINIDL_DATA_DIR"), msg);
    BOOST_TEST(contains(msg, "--data-dir"), msg);
    BOOST_TEST(contains(msg, (cache.path() / "minidl" / "ptb").string()), msg);
  }
}

BOOST_AUTO_TEST_CASE(ptb_download_into_the_cache) {
  if (!have_shared_ptb() || !have_curl()) return;
  TempDir server, cache;
  copy_ptb_to(server.path());
  const EnvGuard url("MINIDL_PTB_URL", "file://" + server.str());  // no trailing '/': one is added
  const EnvGuard xdg("XDG_CACHE_HOME", cache.str());
  const EnvGuard data("MINIDL_DATA_DIR", std::nullopt);
  const fs::path cached = cache.path() / "minidl" / "ptb";

  const std::string train = find_ptb_file("train");
  BOOST_TEST(train == (cached / "ptb.train.txt").string());
  BOOST_TEST(sha256_hex_of_file(train) == listed_sha256("ptb.train.txt"));
  BOOST_TEST(files_in(cached) == std::vector<std::string>{"ptb.train.txt"}, boost::test_tools::per_element());

  BOOST_TEST(load_ptb("val").corpus.size() == 73760u);  // downloads valid; train is already there
  BOOST_TEST(files_in(cached) == (std::vector<std::string>{"ptb.train.txt", "ptb.valid.txt"}),
             boost::test_tools::per_element());

  // With the server gone, the cache serves, and downloading is not even needed.
  fs::remove_all(server.path());
  fs::create_directories(server.path());
  BOOST_TEST(load_ptb("train", {"", false}).corpus.size() == 929589u);

  // A damaged cache file is an error saying what to do, not silently replaced.
  fs::resize_file(cached / "ptb.valid.txt", 10);
  const std::string msg = error_of([&] { find_ptb_file("valid"); });
  BOOST_TEST(contains(msg, "SHA-256"), msg);
  BOOST_TEST(contains(msg, "Delete it"), msg);
}

BOOST_AUTO_TEST_CASE(ptb_download_failure_says_what_to_do) {
  if (!have_curl()) return;
  TempDir server, cache;  // the server holds nothing
  const EnvGuard url("MINIDL_PTB_URL", "file://" + server.str() + "/");
  const EnvGuard xdg("XDG_CACHE_HOME", cache.str());
  const EnvGuard data("MINIDL_DATA_DIR", std::nullopt);
  const std::string msg = error_of([&] { load_ptb("train"); });
  BOOST_TEST(contains(msg, "failed"), msg);
  BOOST_TEST(contains(msg, "--data-dir"), msg);
  BOOST_TEST(contains(msg, "MINIDL_DATA_DIR"), msg);
  BOOST_TEST(contains(msg, "ptb.train.txt, ptb.valid.txt and ptb.test.txt"), msg);
  BOOST_TEST(contains(msg, "file://" + server.str() + "/ptb.test.txt"), msg);  // the URLs
  BOOST_TEST(files_in(cache.path() / "minidl" / "ptb").empty());              // no temporaries left

  if (!have_shared_ptb()) return;
  // A server that returns other bytes: refused, and nothing is saved.
  write_file(server.path() / "ptb.test.txt", "<html>captive portal</html>\n");
  const std::string bad = error_of([&] { find_ptb_file("test"); });
  BOOST_TEST(contains(bad, "SHA-256"), bad);
  BOOST_TEST(contains(bad, "nothing was saved"), bad);
  BOOST_TEST(files_in(cache.path() / "minidl" / "ptb").empty());
}

// ---- any text file -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(text_corpus_counts_and_frequency_order) {
  TempDir dir;
  const fs::path p = dir.path() / "t.txt";
  write_file(p, "the cat sat\nthe dog sat on the mat\n");
  // the 3; sat 2 and <eos> 2 (sat appears first); cat, dog, on, mat 1 each in order of appearance.
  const Corpus c = load_text_corpus(p.string());
  const IdToWord words = {"the", "sat", "<eos>", "cat", "dog", "on", "mat"};
  BOOST_TEST(c.id_to_word == words, boost::test_tools::per_element());
  const std::vector<int> ids = {0, 3, 1, 2, 0, 4, 1, 5, 0, 6, 2};
  BOOST_TEST(ids_of(c) == ids, boost::test_tools::per_element());
  BOOST_TEST(c.word_to_id.size() == 7u);
  for (std::size_t i = 0; i < words.size(); ++i) BOOST_TEST(c.word_to_id.at(words[i]) == int(i));

  TextCorpusOptions no_eos;
  no_eos.eos = false;
  const Corpus n = load_text_corpus(p.string(), no_eos);
  BOOST_TEST(n.corpus.size() == 9u);
  BOOST_TEST(n.word_to_id.count("<eos>") == 0u);
  BOOST_TEST(n.id_to_word[0] == "the");
  BOOST_TEST(n.id_to_word[1] == "sat");
}

BOOST_AUTO_TEST_CASE(text_corpus_one_eos_per_line_with_words) {
  TempDir dir;
  const fs::path p = dir.path() / "t.txt";
  // CRLF, blank lines, tabs, and a last line without '\n': a b <eos> b c <eos> c <eos>
  write_file(p, "  a\tb\r\n\r\n\n b  c\n\t\nc");
  const Corpus c = load_text_corpus(p.string());
  // counts: <eos> 3, b 2, c 2, a 1 -> <eos> b c a
  const IdToWord words = {"<eos>", "b", "c", "a"};
  BOOST_TEST(c.id_to_word == words, boost::test_tools::per_element());
  const std::vector<int> ids = {3, 1, 0, 1, 2, 0, 2, 0};
  BOOST_TEST(ids_of(c) == ids, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(text_corpus_lower_case) {
  TempDir dir;
  const fs::path p = dir.path() / "t.txt";
  write_file(p, "The the THE cafÉ\n");
  BOOST_TEST(load_text_corpus(p.string()).id_to_word.size() == 5u);  // The, the, THE, cafÉ, <eos>
  TextCorpusOptions lower;
  lower.lower = true;
  const Corpus c = load_text_corpus(p.string(), lower);
  const IdToWord words = {"the", "caf\xc3\x89", "<eos>"};  // only ASCII letters change
  BOOST_TEST(c.id_to_word == words, boost::test_tools::per_element());
  BOOST_TEST(c.corpus.size() == 5u);
}

BOOST_AUTO_TEST_CASE(text_corpus_skips_a_utf8_byte_order_mark) {
  // "\ufeffthe" must not become a word apart from "the" (a file saved by a Windows editor).
  TempDir dir;
  const fs::path p = dir.path() / "bom.txt";
  write_file(p, "\xEF\xBB\xBFthe cat\nthe dog\n");
  const IdToWord words = {"the", "<eos>", "cat", "dog"};
  BOOST_TEST(load_text_corpus(p.string()).id_to_word == words, boost::test_tools::per_element());
  BOOST_TEST(text_to_corpus("\xEF\xBB\xBFthe cat\nthe dog\n").id_to_word == words, boost::test_tools::per_element());
  // Only at the very start: elsewhere those bytes are a word's, as any other bytes.
  write_file(p, "the \xEF\xBB\xBFthe\n");
  BOOST_TEST(load_text_corpus(p.string()).id_to_word.size() == 3u);
  // A file of nothing but the mark holds no word.
  write_file(p, "\xEF\xBB\xBF");
  BOOST_CHECK_THROW(load_text_corpus(p.string()), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(text_corpus_refuses_words_the_vector_files_cannot_hold) {
  // A 1 MB token trained fine and then made a binary vectors file that every reader refused: the
  // corpus reader now refuses it up front, naming the line; a word of exactly the limit is taken.
  TempDir dir;
  const fs::path p = dir.path() / "long.txt";
  write_file(p, "a b\nc " + std::string(1 << 20, 'x') + " d\n");
  const std::string msg = minidl::test::message_of([&] { load_text_corpus(p.string()); });
  BOOST_TEST(msg.find("long.txt") != std::string::npos, msg);
  BOOST_TEST(msg.find("line 2 has a word of") != std::string::npos, msg);
  BOOST_TEST(msg.find("at most 65536 bytes") != std::string::npos, msg);
  BOOST_CHECK_THROW(text_to_corpus("a " + std::string(kMaxWordBytes + 1, 'y')), std::runtime_error);
  write_file(p, "a " + std::string(kMaxWordBytes, 'z') + "\n");
  BOOST_TEST(load_text_corpus(p.string()).id_to_word.size() == 3u);
}

BOOST_AUTO_TEST_CASE(text_corpus_of_only_line_end_markers_says_so) {
  TempDir dir;
  const fs::path p = dir.path() / "eos.txt";
  write_file(p, "<eos>\n<eos>\n");
  const std::string msg = minidl::test::message_of([&] { load_text_corpus(p.string()); });
  BOOST_TEST(msg.find("no words besides the line-end marker <eos>") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(text_corpus_min_count_drops_rare_words) {
  TempDir dir;
  const fs::path p = dir.path() / "t.txt";
  write_file(p, "a a a b b c\nc d\nz\n");
  TextCorpusOptions two;
  two.min_count = 2;
  // d and z are dropped from the text; z's line then holds no word and gives no <eos>:
  // a a a b b c <eos> c <eos>; counts a 3, b 2, c 2, <eos> 2 (first seen after c).
  const Corpus c = load_text_corpus(p.string(), two);
  const IdToWord words = {"a", "b", "c", "<eos>"};
  BOOST_TEST(c.id_to_word == words, boost::test_tools::per_element());
  const std::vector<int> ids = {0, 0, 0, 1, 1, 2, 3, 2, 3};
  BOOST_TEST(ids_of(c) == ids, boost::test_tools::per_element());
  BOOST_TEST(c.word_to_id.count("d") == 0u);
  // min_count 4: no word is left; the message gives the number of words and the top count.
  TextCorpusOptions four;
  four.min_count = 4;
  const std::string msg = error_of([&] { load_text_corpus(p.string(), four); });
  BOOST_TEST(contains(msg, p.string()), msg);
  BOOST_TEST(contains(msg, "min_count 4"), msg);
  BOOST_TEST(contains(msg, "5 distinct words"), msg);
  BOOST_TEST(contains(msg, "occurs 3 times"), msg);
}

BOOST_AUTO_TEST_CASE(text_corpus_errors_name_the_path) {
  TempDir dir;
  const auto expect = [](const std::string& path, const std::string& what) {
    const std::string msg = error_of([&] { load_text_corpus(path); });
    BOOST_TEST(contains(msg, "'" + path + "'"), msg);
    BOOST_TEST(contains(msg, what), msg);
  };
  expect((dir.path() / "missing.txt").string(), "no such file");
  expect(dir.str(), "is a directory");
  write_file(dir.path() / "empty.txt", "");
  expect((dir.path() / "empty.txt").string(), "empty");
  write_file(dir.path() / "blank.txt", " \n\t\r\n  \n");
  expect((dir.path() / "blank.txt").string(), "no words");
  BOOST_CHECK_THROW(load_text_corpus(dir.str()), std::runtime_error);
  if (::geteuid() != 0) {  // root reads anything
    const fs::path locked = dir.path() / "locked.txt";
    write_file(locked, "a b\n");
    fs::permissions(locked, fs::perms::none);
    expect(locked.string(), "cannot open");
  } else {
    BOOST_TEST_MESSAGE("unreadable-file case skipped: running as root");
  }
}

BOOST_AUTO_TEST_CASE(text_corpus_words_across_read_pieces) {
  TempDir dir;
  // 1,000,000 lines of 17 bytes: the 16 MiB read piece ends inside "alpha" (16777216 % 17 == 1).
  const fs::path p = dir.path() / "big.txt";
  {
    std::ofstream out(p, std::ios::binary);
    const std::string line = "alpha beta gamma\n";
    for (int i = 0; i < 1000000; ++i) out << line;
  }
  const Corpus c = load_text_corpus(p.string());
  const IdToWord words = {"alpha", "beta", "gamma", "<eos>"};  // a cut word would add "a" and "lpha"
  BOOST_TEST(c.id_to_word == words, boost::test_tools::per_element());
  BOOST_TEST(c.corpus.size() == 4000000u);
  BOOST_TEST(c.corpus(16777216 / 17 * 4) == 0);
  BOOST_TEST(std::accumulate(c.corpus.begin(), c.corpus.end(), 0LL) == 6LL * 1000000);  // 0+1+2+3 per line

  // One word longer than a read piece: refused once the piece ends inside it (no vectors file
  // could hold it), without reading the rest of it.
  const fs::path q = dir.path() / "long.txt";
  write_file(q, std::string((std::size_t(17) << 20) + 5, 'x') + "\ny\n");
  try {
    load_text_corpus(q.string());
    BOOST_ERROR("a 17 MiB word was taken");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("line 1 has a word of at least 16777216 bytes") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(text_corpus_on_ptb) {
  if (!have_shared_ptb()) return;
  const std::string train = (shared_ptb / "ptb.train.txt").string();
  const Corpus c = load_text_corpus(train);
  // Same tokens as the book's processing; by frequency (perl): the 50,770, <unk> 45,020,
  // <eos> 42,068, N 32,481, of 24,400; last, the latest first-seen word of count 1, "isi".
  BOOST_TEST(c.corpus.size() == 929589u);
  BOOST_TEST(c.id_to_word.size() == 10000u);
  const IdToWord top = {"the", "<unk>", "<eos>", "N", "of"};
  for (std::size_t i = 0; i < top.size(); ++i) BOOST_TEST(c.id_to_word[i] == top[i]);
  BOOST_TEST(c.id_to_word.back() == "isi");
  BOOST_TEST(std::count(c.corpus.begin(), c.corpus.end(), 0) == 50770);
  // min_count 100 (perl, per line, <eos> only after a kept word): 1,081 words, 744,511 tokens.
  TextCorpusOptions frequent;
  frequent.min_count = 100;
  const Corpus f = load_text_corpus(train, frequent);
  BOOST_TEST(f.id_to_word.size() == 1081u);
  BOOST_TEST(f.corpus.size() == 744511u);
}

// ---- the Zipf benchmark corpus ----------------------------------------------------------------------

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

BOOST_AUTO_TEST_CASE(zipf_corpus_has_the_asked_size_and_skew) {
  TempDir dir;
  const std::string path = (dir.path() / "zipf.txt").string();
  ZipfCorpusOptions o;
  o.tokens = 200000;
  o.vocab = 1000;
  o.sentence_length = 7;
  const ZipfCorpusSummary s = write_zipf_corpus(path, o);
  BOOST_TEST(s.tokens == o.tokens);
  BOOST_TEST(s.bytes == fs::file_size(path));
  const Corpus c = load_text_corpus(path);  // reads each line end as <eos>
  const std::size_t lines = (o.tokens + o.sentence_length - 1) / o.sentence_length;
  BOOST_TEST(c.corpus.size() == o.tokens + lines);
  BOOST_TEST(c.id_to_word.size() == s.distinct + 1);
  BOOST_TEST(s.distinct <= o.vocab);
  // P(w_r) = (1/(r+1)) / H_1000, H_1000 = sum 1/k = 7.4855: w0 takes 13.36 % of the tokens, w9 a tenth
  // of that. With 200,000 draws the share's standard deviation is 0.08 %: 1 % is twelve of them.
  std::size_t w0 = 0, w9 = 0;
  const int id0 = c.word_to_id.at("w0"), id9 = c.word_to_id.at("w9");
  for (const auto id : c.corpus) w0 += id == id0, w9 += id == id9;
  double h = 0;
  for (int k = 1; k <= 1000; ++k) h += 1.0 / k;
  BOOST_TEST(std::abs(double(w0) / double(o.tokens) - 1 / h) < 0.01);
  BOOST_TEST(std::abs(double(w9) / double(o.tokens) - 0.1 / h) < 0.005);
  // Deterministic for a seed; another seed, another text.
  const std::string again = (dir.path() / "again.txt").string();
  write_zipf_corpus(again, o);
  BOOST_TEST(read_file(path) == read_file(again));
  o.seed = 2;
  write_zipf_corpus(again, o);
  BOOST_TEST(read_file(path) != read_file(again));
  o.tokens = 0;
  BOOST_CHECK_THROW(write_zipf_corpus(again, o), std::invalid_argument);
  o.tokens = 10;
  o.exponent = -1;
  BOOST_CHECK_THROW(write_zipf_corpus(again, o), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
