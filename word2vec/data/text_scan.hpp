#pragma once
// What reading a text file as words shares between load_text_corpus (which keeps the ids),
// build_text_vocabulary (which keeps only the counts) and the corpus stream (which reads it again
// for training): what counts as white space, the first pass's scanner, and reading a file in big
// pieces. The rules themselves are documented in text_corpus.hpp.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <minidl/word2vec/data/word_table.hpp>

namespace minidl {

// Space, \t, \n, \v, \f and \r separate words; every other byte is part of one.
// (Most bytes are above ' ', so one comparison decides most of them.)
inline bool is_space(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= ' ' && (u == ' ' || (u >= '\t' && u <= '\r'));
}

// Editors on Windows start UTF-8 files with it; read as a word's bytes it would make "\ufeffthe"
// a word apart from "the".
constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";

// Calls on_word(word, hash, offset in text) for each word of text[0, n) and on_line_end() at each
// '\n', in order. Words are hashed a batch at a time and their slots in `table` prefetched before any
// is handed over: with a big vocabulary most look-ups of rare words miss the caches, and a batch's
// misses then overlap instead of following each other (a Zipf text of 10^6 words: 5.8 -> 13.9 M
// words a second through find).
template <class OnWord, class OnLineEnd>
void for_each_word(const char* text, std::size_t n, const WordTable& table, OnWord&& on_word,
                   OnLineEnd&& on_line_end) {
  constexpr std::size_t kBatch = 32;
  struct Item {
    std::size_t start, length;  // length 0: a line end
    std::uint64_t hash;
  };
  Item items[kBatch];
  std::size_t i = 0;
  while (i < n) {
    std::size_t k = 0;
    while (k < kBatch && i < n) {
      const char c = text[i];
      if (is_space(c)) {
        if (c == '\n') items[k++] = {i, 0, 0};
        ++i;
        continue;
      }
      const std::size_t start = i;
      while (i < n && !is_space(text[i])) ++i;
      const std::uint64_t h = WordTable::hash(std::string_view(text + start, i - start));
      table.prefetch(h);
      items[k++] = {start, i - start, h};
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (items[j].length == 0)
        on_line_end();
      else
        on_word(std::string_view(text + items[j].start, items[j].length), items[j].hash, items[j].start);
    }
  }
}

// Where a thread may start reading: the first byte of a word, and what the pass knew there.
struct TextCheckpoint {
  std::uint64_t offset = 0;   // in the file
  std::uint64_t units = 0;    // words and line ends before it (see Scanner::units)
  std::uint64_t line = 1;     // 1-based
  bool line_has_word = false; // its line has a word before it, and (see Scanner) one min_count keeps
};

// The first pass: every word gets a provisional id in order of first appearance, with its count.
// With keep_stream, the text also becomes a stream of those ids, kLineEnd after each line that held a
// word. With a checkpoint spacing, a TextCheckpoint is kept at the first word at or after every
// multiple of it where the line so far is known to hold a word min_count keeps, or none at all.
//
// Without the stream, the pass cannot see afterwards which lines lose all their words to min_count
// (and so their "<eos>"). A line is sure to keep a word once one of its words has been counted
// min_count times; until then its words are noted, and a line that ends unsure is kept as that list
// (`doubtful`), settled by settle_line_ends once the counts are final. The lists hold only
// occurrences of words seen fewer than min_count times so far: at most (min_count - 1) a distinct
// word, whatever the length of the text.
class Scanner {
 public:
  static constexpr std::int32_t kLineEnd = -1;

  Scanner(bool eos, std::string where, bool keep_stream, std::uint64_t checkpoint_every = 0,
          std::size_t min_count = 1);

  // Consumes text[0, n), which starts at byte `offset` of the file; every word in it is complete
  // (the caller carries a partial one over).
  void scan(const char* text, std::size_t n, std::uint64_t offset = 0);
  // Word2vec files could not hold a longer word: refused while reading, not after the training.
  void check_word_length(std::size_t bytes, bool at_least = false) const;
  // The line being read ends (at a '\n').
  void end_line();
  // The text ends (ending its last line); fills counts.
  void finish();

  WordTable words;                     // by provisional id, with their counts
  std::vector<std::uint64_t> counts;   // by provisional id, after finish ("<eos>": the lines that held a word)
  std::vector<std::int32_t> stream;    // with keep_stream
  std::vector<TextCheckpoint> checkpoints;
  std::int32_t eos_id = -1;
  // The lines that ended unsure of a kept word: doubtful_words[doubtful_ends[i-1], doubtful_ends[i]).
  std::vector<std::int32_t> doubtful_words;
  std::vector<std::size_t> doubtful_ends;
  // Once the counts are final: takes from "<eos>"'s count the doubtful lines with no kept word.
  void settle_line_ends(const std::vector<char>& kept);
  // Adds what another scanner (finished) read of the text that follows this one's, from a line's
  // start: afterwards this scanner is as if it had read both parts itself (words in order of first
  // appearance, counts, units, line numbers, checkpoints, doubtful lines).
  void append(const Scanner& part);
  // Words read plus line ends counted: the length of the text in the units the stream reports its
  // progress in. Before min_count, so it does not depend on it; with min_count 1 it is the number of
  // tokens.
  std::uint64_t units = 0;

 private:
  void add_word(std::string_view w, std::uint64_t hash, std::uint64_t offset);

  bool eos_, keep_stream_;
  std::string where_;
  std::uint64_t line_ = 1, checkpoint_every_, next_checkpoint_;
  std::size_t min_count_;
  bool line_has_word_ = false, line_sure_ = false;  // sure: the line has a word min_count keeps
};

// Which words (by provisional id) stay: "<eos>" always, the others when seen at least min_count
// times. Throws std::runtime_error naming `where` when the text has no word, or min_count leaves none
// (saying how many words there were and how often the most frequent occurs).
std::vector<char> kept_words(const Scanner& scanner, std::size_t min_count, const std::string& where);
// The kept words that occur (counts > 0) by descending count, ties in order of first appearance:
// final id -> provisional id.
std::vector<std::int32_t> rank_words(const std::vector<std::uint64_t>& counts, const std::vector<char>& kept);

// A text file, open for reading (closed with it).
using TextFile = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
// Throws std::runtime_error naming `where` when path does not exist, is a directory or cannot be opened.
TextFile open_text_file(const std::string& path, const std::string& where);

// Bytes [begin, end) of an open text file, handed out in pieces of whole words: read `piece` bytes at
// a time (less for a smaller range), a UTF-8 byte-order mark at the file's start blanked, ASCII
// letters lower-cased if asked, and a word cut by a read's end carried into the next piece. What the
// first pass and the stream's readers share.
class TextPieces {
 public:
  // end: UINT64_MAX reads to the end of the file; else the file must reach end, or next throws
  // (the file has changed since the range was chosen).
  TextPieces(std::FILE* file, std::uint64_t begin, std::uint64_t end, bool lower, std::string where,
             std::size_t piece);
  // The next piece: text[0, n), which starts at byte `offset` of the file; `last` when it ends the
  // range (whole, its last word included). Returns false after the last piece. The text stays valid
  // until the next call. Throws std::runtime_error on a read error.
  bool next(const char*& text, std::size_t& n, std::uint64_t& offset, bool& last);
  // Bytes of a cut word waiting for the next piece (a caller refuses words too long early).
  std::size_t carried() const { return carried_; }
  std::uint64_t bytes_read() const { return pos_ - begin_; }

 private:
  std::FILE* file_;
  std::uint64_t begin_, end_, pos_;  // pos_: the offset of the next byte read
  bool lower_, done_ = false;
  std::string where_;
  std::vector<char> buf_;
  std::size_t kept_ = 0, carried_ = 0;  // the last piece's length, and the cut word after it
};

// Reads the file at path in pieces of about 16 MiB, lower-casing ASCII letters if asked and blanking
// a byte-order mark at the start; gives `scanner` only complete words (a word cut by a piece's end is
// carried into the next). Throws std::runtime_error naming `where` when the file does not exist, is a
// directory, cannot be read, is empty, or has a word over kMaxWordBytes. Returns the file's bytes.
std::uint64_t scan_text_file(const std::string& path, bool lower, const std::string& where, Scanner& scanner);
// The same for bytes [begin, end) only (end: a line's start, or the file's end), for reading a file in
// parts on several threads; no error for an empty part. Returns the bytes read.
std::uint64_t scan_text_part(const std::string& path, std::uint64_t begin, std::uint64_t end, bool lower,
                             const std::string& where, Scanner& scanner);
// Where up to `parts` parts of a file of `size` bytes may start: 0, then for each k the first line's
// start after k / parts of the file (none when no line ends within 1 MiB there: a file of one long
// line is read in one part).
std::vector<std::uint64_t> line_starts_near(const std::string& path, std::uint64_t size, std::size_t parts);

}  // namespace minidl
