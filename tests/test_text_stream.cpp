// Corpora streamed from their files (word2vec/data/text_vocabulary, text_stream, token_source): the
// one-pass vocabulary agrees with load_text_corpus, the shards read back the very ids
// load_text_corpus keeps (whatever the number of shards and wherever they split lines and pieces),
// training from the file is bit-for-bit training from those ids, and a file changed after its
// vocabulary was read is refused rather than silently trained on.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "file_helpers.hpp"
#include "tensor_helpers.hpp"
#include <minidl/word2vec/data/synthetic_corpus.hpp>
#include <minidl/word2vec/data/text_corpus.hpp>
#include <minidl/word2vec/data/text_stream.hpp>
#include <minidl/word2vec/data/text_vocabulary.hpp>
#include <minidl/word2vec/data/zipf_corpus.hpp>
#include <minidl/word2vec/fast/fast_word2vec.hpp>

using namespace minidl;
using namespace minidl::test;
namespace fs = std::filesystem;

namespace {

// Every shard's ids, one shard after another, checking each reader's units as it goes.
std::vector<std::int32_t> read_all(const TokenSource& source, std::size_t shards) {
  std::vector<std::int32_t> all;
  std::uint64_t units = 0;
  for (std::size_t s = 0; s < shards; ++s) {
    auto reader = source.open(s, shards);
    const std::int32_t* ids = nullptr;
    while (const std::size_t n = reader->next(ids)) all.insert(all.end(), ids, ids + n);
    BOOST_TEST(reader->units_read() == reader->units(), "shard " << s << " of " << shards);
    units += reader->units();
  }
  BOOST_TEST(units == source.units());
  return all;
}

// A synthetic corpus of 3,000 sentences written to a file in dir; returns its path.
std::string write_synthetic(const TempDir& dir) {
  const std::string path = dir.file("synthetic.txt");
  SyntheticCorpusOptions so;
  so.sentences = 3000;
  write_file(path, make_synthetic_corpus(so).text);
  return path;
}

std::vector<std::int32_t> ids_of(const Corpus& c) { return {c.corpus.data(), c.corpus.data() + c.corpus.size()}; }

// Texts with what a reader can trip over: blank lines, CRLF, tabs, runs of spaces, a byte-order mark,
// upper case, a missing final newline, a line of white space only.
const std::vector<std::string>& awkward_texts() {
  static const std::vector<std::string> texts = {
      "the cat sat on the mat\nthe dog sat on the log\n",
      "\xEF\xBB\xBFThe Cat\r\nthe  dog\t sat\r\n\r\n\n   \nthe end",
      "one\n\n\ntwo two\nthree three three\n \t \nfour four four four",
      "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p",
  };
  return texts;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_stream)

BOOST_AUTO_TEST_CASE(the_vocabulary_pass_agrees_with_load_text_corpus) {
  TempDir dir;
  for (const std::string& text : awkward_texts())
    for (const bool lower : {false, true})
      for (const bool eos : {true, false}) {
        const std::string path = dir.file("t.txt");
        write_file(path, text);
        TextCorpusOptions o;
        o.lower = lower;
        o.eos = eos;
        const Corpus c = load_text_corpus(path, o);
        const TextVocabulary v = build_text_vocabulary(path, o, 1, 8);
        BOOST_TEST(v.id_to_word == c.id_to_word);
        std::vector<std::uint64_t> counts(c.id_to_word.size(), 0);
        for (const std::int32_t id : ids_of(c)) ++counts[std::size_t(id)];
        BOOST_TEST(v.counts == counts);
        BOOST_TEST(v.tokens == c.corpus.size());
        BOOST_TEST(v.units == c.corpus.size());  // min_count 1: every unit is a token
        BOOST_TEST(v.file.size == fs::file_size(path));
        BOOST_TEST((v.eos >= 0) == (eos && c.word_to_id.count("<eos>") > 0));
        for (std::size_t w = 0; w < c.id_to_word.size(); ++w) BOOST_TEST(v.lookup.find(c.id_to_word[w]) == int(w));
      }
}

BOOST_AUTO_TEST_CASE(checkpoints_are_word_starts_in_order) {
  TempDir dir;
  const std::string path = dir.file("t.txt");
  const std::string text = awkward_texts()[2];
  write_file(path, text);
  const TextVocabulary v = build_text_vocabulary(path, {}, 1, 4);
  BOOST_TEST_REQUIRE(v.checkpoints.size() >= 3u);
  for (std::size_t i = 0; i < v.checkpoints.size(); ++i) {
    const TextCheckpoint& c = v.checkpoints[i];
    BOOST_TEST(!is_space(text[c.offset]));
    BOOST_TEST((c.offset == 0 || is_space(text[c.offset - 1])));
    if (i > 0) {
      BOOST_TEST(c.offset >= v.checkpoints[i - 1].offset + 4);
      BOOST_TEST(c.units >= v.checkpoints[i - 1].units);
    }
    // line_has_word: the text from the line's start to the checkpoint holds a word.
    const std::size_t line_start = text.rfind('\n', c.offset == 0 ? 0 : c.offset - 1);
    const std::string before = text.substr(line_start == std::string::npos ? 0 : line_start + 1,
                                           c.offset - (line_start == std::string::npos ? 0 : line_start + 1));
    BOOST_TEST(c.line_has_word == (before.find_first_not_of(" \t\r\v\f") != std::string::npos));
  }
}

BOOST_AUTO_TEST_CASE(shards_read_back_load_text_corpus_ids) {
  TempDir dir;
  for (const std::string& text : awkward_texts()) {
    const std::string path = dir.file("t.txt");
    write_file(path, text);
    const Corpus c = load_text_corpus(path);
    for (const std::uint64_t every : {1u, 5u, 64u, 65536u}) {
      const TextVocabulary v = build_text_vocabulary(path, {}, 1, every);
      const TextFileSource source(v);
      BOOST_TEST(source.vocab_size() == c.id_to_word.size());
      for (const std::size_t shards : {1u, 2u, 3u, 7u, 40u})
        BOOST_TEST(read_all(source, shards) == ids_of(c), shards << " shards, a checkpoint every " << every << " bytes");
    }
  }
}

// The vocabulary pass on several threads (parts from line starts, appended in order) gives what one
// thread gives, to every field: words, counts, units, checkpoints, the look-up, and so the stream.
BOOST_AUTO_TEST_CASE(the_vocabulary_pass_on_threads_is_the_one_thread_pass) {
  TempDir dir;
  const std::string path = dir.file("t.txt");
  std::vector<std::pair<std::string, std::size_t>> cases;  // text, min_count
  for (const std::string& text : awkward_texts()) cases.emplace_back(text, 1);
  cases.emplace_back("x1 a b a b\nrare x2\nx3 x4 a a b\nonce more\nx5 a a\n", 2);
  std::string many;  // lines enough that every thread gets a part
  for (int i = 0; i < 400; ++i) many += "w" + std::to_string(i % 37) + " v" + std::to_string(i % 101) + " u" + std::to_string(i) + "\n";
  cases.emplace_back(many, 1);
  cases.emplace_back(many, 3);
  for (const auto& [text, min_count] : cases) {
    write_file(path, text);
    TextCorpusOptions o;
    o.min_count = min_count;
    const TextVocabulary one = build_text_vocabulary(path, o, 1, 16);
    for (const std::size_t threads : {2u, 3u, 7u}) {
      const TextVocabulary v = build_text_vocabulary(path, o, threads, 16);
      BOOST_TEST(v.id_to_word == one.id_to_word, threads << " threads, min_count " << min_count);
      BOOST_TEST(v.counts == one.counts);
      BOOST_TEST(v.tokens == one.tokens);
      BOOST_TEST(v.units == one.units);
      BOOST_TEST(v.eos == one.eos);
      BOOST_TEST_REQUIRE(v.checkpoints.size() >= 1u);
      for (const TextCheckpoint& c : v.checkpoints) {  // each one where the one-thread pass would agree
        BOOST_TEST((c.offset == 0 || is_space(text[c.offset - 1]) || (c.offset == 3 && text.rfind("\xEF\xBB\xBF", 0) == 0)));
        const auto same = std::find_if(one.checkpoints.begin(), one.checkpoints.end(),
                                       [&](const TextCheckpoint& d) { return d.offset == c.offset; });
        if (same != one.checkpoints.end()) {
          BOOST_TEST(c.units == same->units);
          BOOST_TEST(c.line == same->line);
          BOOST_TEST(c.line_has_word == same->line_has_word);
        }
      }
      const Corpus c = load_text_corpus(path, o);
      for (const std::size_t shards : {1u, 2u, 5u}) BOOST_TEST(read_all(TextFileSource(v), shards) == ids_of(c));
    }
  }
}

// Larger than the readers' 1 MiB pieces and the first pass's 16 MiB ones are not: words are cut by
// the pieces' ends and carried over.
BOOST_AUTO_TEST_CASE(words_cut_by_piece_ends_are_carried_over) {
  TempDir dir;
  const std::string path = dir.file("zipf.txt");
  ZipfCorpusOptions z;
  z.tokens = 700000;
  z.vocab = 20000;
  write_zipf_corpus(path, z);
  BOOST_TEST_REQUIRE(fs::file_size(path) > 3u << 20);
  const Corpus c = load_text_corpus(path);
  const TextVocabulary v = build_text_vocabulary(path, {}, 2);
  BOOST_TEST(v.id_to_word == c.id_to_word);
  BOOST_TEST(v.checkpoints.size() > 40u);  // one about every 64 KiB
  const TextFileSource source(v);
  for (const std::size_t shards : {1u, 2u, 5u}) BOOST_TEST(read_all(source, shards) == ids_of(c), shards << " shards");
  // Shards are near equal: each within a checkpoint's spacing (64 KiB, under 20,000 units here) of
  // its share.
  for (std::size_t s = 0; s < 5; ++s) {
    const auto units = double(source.open(s, 5)->units());
    BOOST_TEST(std::abs(units - double(v.units) / 5) < 20000.0);
  }
}

// min_count above 1: a line whose words are all dropped loses its "<eos>" too, which the one pass can
// only know at its end (Scanner's doubtful lines); and a shard may not start inside a line before the
// line is known to keep a word. Ids, counts and ranks are still load_text_corpus's, for any shards.
BOOST_AUTO_TEST_CASE(with_min_count_lines_of_dropped_words_lose_their_eos) {
  TempDir dir;
  const std::string path = dir.file("t.txt");
  // a: 6, b: 3, <eos>: 3 of 5 lines; rare words open lines and fill two lines alone.
  write_file(path, "x1 a b a b\nrare x2\nx3 x4 a a b\nonce more\nx5 a a\n");
  TextCorpusOptions o;
  o.min_count = 2;
  const Corpus c = load_text_corpus(path, o);
  BOOST_TEST_REQUIRE(c.id_to_word == (IdToWord{"a", "b", "<eos>"}));
  for (const std::uint64_t every : {1u, 3u, 1000u}) {
    const TextVocabulary v = build_text_vocabulary(path, o, 1, every);
    BOOST_TEST(v.id_to_word == c.id_to_word);
    BOOST_TEST(v.counts == (std::vector<std::uint64_t>{6, 3, 3}));
    BOOST_TEST(v.tokens == c.corpus.size());
    BOOST_TEST(v.units == 22u);  // 17 words, 5 line ends
    for (const std::size_t shards : {1u, 2u, 3u, 6u})
      BOOST_TEST(read_all(TextFileSource(v), shards) == ids_of(c), shards << " shards, every " << every);
  }
  // With a checkpoint wanted at every byte: each line's first word (offsets 0, 11, 19, 31, 41), and
  // the words after the line's first word counted twice by then: the second a of line 1 (a b a: the
  // last b at 9), the second a of line 3 (27; then b at 29), the second a of line 5 (46).
  const TextVocabulary v = build_text_vocabulary(path, o, 1, 1);
  std::vector<std::uint64_t> offsets;
  for (const TextCheckpoint& cp : v.checkpoints) offsets.push_back(cp.offset);
  BOOST_TEST(offsets == (std::vector<std::uint64_t>{0, 9, 11, 19, 27, 29, 31, 41, 46}));
}

BOOST_AUTO_TEST_CASE(bad_files_get_load_text_corpus_messages) {
  TempDir dir;
  const std::string missing = dir.file("missing.txt"), empty = dir.file("empty.txt"), blank = dir.file("blank.txt");
  write_file(empty, "");
  write_file(blank, " \n\t\n");
  for (const std::string& path : {missing, empty, blank, dir.str()}) {
    const std::string want = message_of([&] { load_text_corpus(path); });
    BOOST_TEST(want != "no error");
    BOOST_TEST(message_of([&] { build_text_vocabulary(path); }) == want);
    BOOST_TEST(message_of([&] { build_text_vocabulary(path, {}, 2); }) == want);
  }
}

// The file the vocabulary was read from must be the file trained on: appended to, or rewritten with
// other words of the same length, it is refused at the next pass's start; gone, it is named.
BOOST_AUTO_TEST_CASE(a_file_changed_after_its_vocabulary_is_refused) {
  TempDir dir;
  const std::string path = dir.file("t.txt");
  write_file(path, "the cat sat on the mat\nthe dog sat on the log\n");
  const TextVocabulary v = build_text_vocabulary(path);
  const TextFileSource source(v);
  FastWord2VecOptions o;
  o.hidden = 8;
  o.window = 2;
  FastWord2Vec w2v(v.counts, o);
  BOOST_TEST(w2v.fit(source, 1).size() == 1u);

  write_file(path, "the cat sat on the mat\nthe dog sat on the log\nand more\n");
  BOOST_TEST(message_of([&] { w2v.fit(source, 1); }).find("has changed since its vocabulary was read") != std::string::npos);

  write_file(path, "the cow sat on the mat\nthe dog sat on the log\n");  // same size, a later time
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(5));
  BOOST_TEST(message_of([&] { source.open(0, 1); }).find("has changed since its vocabulary was read") != std::string::npos);

  // A reader opens its file at its first read (a trainer opens tens of chunks a thread at a pass's
  // start and reads a few at a time): a file gone after open() is named there.
  const TextVocabulary now = build_text_vocabulary(path);
  const TextFileSource afresh(now);
  auto reader = afresh.open(0, 1);
  fs::remove(path);
  BOOST_TEST(message_of([&] { source.open(0, 1); }).find("text corpus '" + path + "'") != std::string::npos);
  const std::int32_t* ids = nullptr;
  BOOST_TEST(message_of([&] { reader->next(ids); }).find("text corpus '" + path + "'") != std::string::npos);
}

// One thread, one seed: the model trained from the file is bit for bit the model trained from the
// ids load_text_corpus keeps, for both models, with subsampling and a shrinking window, over epochs.
BOOST_AUTO_TEST_CASE(training_from_the_file_is_training_from_its_ids) {
  TempDir dir;
  const std::string path = write_synthetic(dir);
  const Corpus c = load_text_corpus(path);
  const TextVocabulary v = build_text_vocabulary(path);
  for (const std::string model : {"cbow", "skipgram"}) {
    FastWord2VecOptions o;
    o.model = model;
    o.hidden = 16;
    o.seed = 7;
    FastWord2Vec from_ids(c.id_to_word.size(), c.corpus, o), from_file(v.counts, o);
    const auto a = from_ids.fit(c.corpus, 2);
    const auto b = from_file.fit(TextFileSource(v), 2);
    BOOST_TEST_REQUIRE(a.size() == b.size());
    for (std::size_t e = 0; e < a.size(); ++e) {
      BOOST_TEST(a[e].loss == b[e].loss, model << " epoch " << e + 1);
      BOOST_TEST(a[e].tokens == b[e].tokens);
      BOOST_TEST(a[e].predictions == b[e].predictions);
    }
    BOOST_TEST(b[0].tokens == c.corpus.size());
    const Tensor& x = from_ids.W_in.data();
    const Tensor& y = from_file.W_in.data();
    BOOST_TEST(std::equal(x.begin(), x.end(), y.begin()), model << ": W_in differs");
  }
}

// Two threads read the file in chunks (tens each, some taken from the other's shard): every token
// once per epoch.
BOOST_AUTO_TEST_CASE(two_threads_read_every_token_once) {
  TempDir dir;
  const std::string path = write_synthetic(dir);
  const TextVocabulary v = build_text_vocabulary(path);
  FastWord2VecOptions o;
  o.hidden = 16;
  o.threads = 2;
  FastWord2Vec w2v(v.counts, o);
  for (const auto& st : w2v.fit(TextFileSource(v), 2)) BOOST_TEST(st.tokens == v.tokens);
}

BOOST_AUTO_TEST_SUITE_END()
