#include <minidl/word2vec/data/text_corpus.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <functional>
#include <vector>

#include <minidl/word2vec/io/word2vec_format.hpp>

namespace minidl {

namespace {

constexpr std::size_t k_chunk = std::size_t(16) << 20;
constexpr std::int32_t k_line_end = -1;  // in the first pass's stream: a line with words ended here

struct WhiteSpace {
  bool table[256] = {};
  WhiteSpace() {
    for (const unsigned char c : {' ', '\t', '\n', '\v', '\f', '\r'}) table[c] = true;
  }
  bool operator()(char c) const { return table[static_cast<unsigned char>(c)]; }
};

// Word -> provisional id, open addressing with linear probing over one flat array of (hash, id):
// with millions of distinct words, std::unordered_map's node per entry and chain walks made the
// look-ups most of the time. The words live end to end in one arena.
class WordTable {
 public:
  WordTable() : slots_(std::size_t(1) << 16) {}

  std::size_t size() const { return starts_.size(); }
  std::string_view word(std::size_t id) const { return std::string_view(arena_).substr(starts_[id], lengths_[id]); }

  // The id of w, adding it with the next id when new.
  std::int32_t intern(std::string_view w) {
    const std::uint64_t h = std::hash<std::string_view>{}(w);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.id < 0) break;
      if (s.hash == h && lengths_[s.id] == w.size() && std::memcmp(arena_.data() + starts_[s.id], w.data(), w.size()) == 0)
        return s.id;
    }
    const auto id = static_cast<std::int32_t>(starts_.size());
    starts_.push_back(arena_.size());
    lengths_.push_back(w.size());
    arena_.append(w);
    if (2 * starts_.size() > slots_.size()) grow();  // at most half full: probes stay short
    mask = slots_.size() - 1;
    std::size_t i = h & mask;
    while (slots_[i].id >= 0) i = (i + 1) & mask;
    slots_[i] = {h, id};
    return id;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::int32_t id = -1;
  };
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id < 0) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].id >= 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  std::vector<std::size_t> starts_;
  std::vector<std::size_t> lengths_;
};

// The first pass: every word gets a provisional id in order of first appearance, with its count;
// the text becomes a stream of those ids, k_line_end after each line that held a word.
class Scanner {
 public:
  Scanner(bool eos, std::string where) : eos_(eos), where_(std::move(where)) {}

  // Consumes text[0, n); every word in it is complete (the caller carries a partial one over).
  void scan(const char* text, std::size_t n) {
    static const WhiteSpace space;
    std::size_t i = 0;
    while (i < n) {
      const char c = text[i];
      if (space(c)) {
        if (c == '\n') {
          end_line();
          ++line_;
        }
        ++i;
        continue;
      }
      const std::size_t start = i;
      while (i < n && !space(text[i])) ++i;
      add_word(std::string_view(text + start, i - start));
    }
  }

  // Word2vec files could not hold a longer word: refused now, not after the training.
  void check_word_length(std::size_t bytes, bool at_least = false) const {
    if (bytes > kMaxWordBytes)
      throw std::runtime_error(where_ + ": line " + std::to_string(line_) + " has a word of " +
                               (at_least ? "at least " : "") + std::to_string(bytes) +
                               " bytes; words may be at most " + std::to_string(kMaxWordBytes) +
                               " bytes (is this a text file with white space between words?)");
  }

  void end_line() {
    if (!eos_ || !line_has_word_) return;
    if (eos_id_ < 0) eos_id_ = intern("<eos>");  // ranked by where the first line ends
    stream_.push_back(k_line_end);
    line_has_word_ = false;
  }

  WordTable words_;  // by provisional id
  std::vector<std::uint64_t> counts_;
  std::vector<std::int32_t> stream_;
  std::int32_t eos_id_ = -1;

 private:
  std::int32_t intern(std::string_view w) {
    const std::int32_t id = words_.intern(w);
    if (static_cast<std::size_t>(id) == counts_.size()) counts_.push_back(0);
    return id;
  }

  void add_word(std::string_view w) {
    check_word_length(w.size());
    const std::int32_t id = intern(w);
    ++counts_[static_cast<std::size_t>(id)];
    stream_.push_back(id);
    line_has_word_ = true;
  }

  bool eos_;
  std::string where_;
  std::size_t line_ = 1;
  bool line_has_word_ = false;
};

Corpus build_corpus(Scanner& scanner, const TextCorpusOptions& options, const std::string& where);

// Editors on Windows start UTF-8 files with it; read as a word's bytes it would make "\ufeffthe"
// a word apart from "the".
constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";

}  // namespace

Corpus load_text_corpus(const std::string& path, const TextCorpusOptions& options) {
  namespace fs = std::filesystem;
  const std::string where = "text corpus '" + path + "'";
  std::error_code ec;
  if (!fs::exists(path, ec)) throw std::runtime_error(where + ": no such file");
  if (fs::is_directory(path, ec)) throw std::runtime_error(where + ": is a directory, not a text file");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw std::runtime_error(where + ": cannot open: " + std::strerror(errno));

  // Read in big pieces; a word cut by a piece's end is moved to the front and completed by the next.
  Scanner scanner(options.eos, where);
  std::vector<char> buf(k_chunk);
  std::size_t carried = 0, total = 0;
  for (;;) {
    if (carried == buf.size()) buf.resize(buf.size() * 2);  // one word longer than a piece
    const std::size_t want = buf.size() - carried;
    const std::size_t got = std::fread(buf.data() + carried, 1, want, file.get());
    if (got < want && std::ferror(file.get())) throw std::runtime_error(where + ": read error: " + std::strerror(errno));
    char* const fresh = buf.data() + carried;
    if (total == 0 && got >= 3 && std::memcmp(fresh, kByteOrderMark, 3) == 0)
      std::memset(fresh, ' ', 3);  // a UTF-8 byte-order mark is no part of the first word
    total += got;
    if (options.lower)
      for (std::size_t i = 0; i < got; ++i)
        if (fresh[i] >= 'A' && fresh[i] <= 'Z') fresh[i] = static_cast<char>(fresh[i] - 'A' + 'a');
    const std::size_t end = carried + got;
    if (got < want) {  // end of file: everything left is complete
      scanner.scan(buf.data(), end);
      scanner.end_line();  // a last line without '\n' ends too
      break;
    }
    std::size_t cut = end;  // just after the last white space
    static const WhiteSpace space;
    while (cut > 0 && !space(buf[cut - 1])) --cut;
    scanner.scan(buf.data(), cut);
    std::memmove(buf.data(), buf.data() + cut, end - cut);
    carried = end - cut;
    if (carried > kMaxWordBytes)  // the word being carried is already too long: no need to read it all
      scanner.check_word_length(carried, /*at_least=*/true);
  }
  if (total == 0) throw std::runtime_error(where + ": the file is empty");
  return build_corpus(scanner, options, where);
}

Corpus text_to_corpus(const std::string& text, const TextCorpusOptions& options, const std::string& name) {
  const std::string where = "text corpus '" + name + "'";
  if (text.empty()) throw std::runtime_error(where + ": the text is empty");
  Scanner scanner(options.eos, where);
  std::string lowered;
  const std::string* src = &text;
  if (options.lower) {
    lowered = text;
    for (char& c : lowered)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    src = &lowered;
  }
  const std::size_t skip = src->compare(0, 3, kByteOrderMark) == 0 ? 3 : 0;  // as load_text_corpus
  scanner.scan(src->data() + skip, src->size() - skip);
  scanner.end_line();
  return build_corpus(scanner, options, where);
}

namespace {

// After scanning: drop rare words, add the line ends, number by frequency.
Corpus build_corpus(Scanner& scanner, const TextCorpusOptions& options, const std::string& where) {
  const std::size_t n_words = scanner.words_.size() - (scanner.eos_id_ >= 0 ? 1 : 0);
  if (n_words == 0) {
    const bool markers = scanner.eos_id_ >= 0 && scanner.counts_[static_cast<std::size_t>(scanner.eos_id_)] > 0;
    throw std::runtime_error(where + (markers ? ": the file holds no words besides the line-end marker <eos>"
                                              : ": the file holds no words (only white space)"));
  }

  // Which words stay: "<eos>" always, the others when seen at least min_count times.
  const std::size_t n_prov = scanner.words_.size();
  const auto eos_id = scanner.eos_id_;
  std::vector<char> kept(n_prov);
  std::size_t n_kept_words = 0;
  std::uint64_t top_count = 0;
  for (std::size_t i = 0; i < n_prov; ++i) {
    if (static_cast<std::int32_t>(i) == eos_id) { kept[i] = 1; continue; }
    kept[i] = scanner.counts_[i] >= options.min_count;
    n_kept_words += kept[i];
    top_count = std::max(top_count, scanner.counts_[i]);
  }
  if (n_kept_words == 0)
    throw std::runtime_error(where + ": min_count " + std::to_string(options.min_count) + " leaves no word: the file has " +
                             std::to_string(n_words) + " distinct words and the most frequent occurs " +
                             std::to_string(top_count) + " times");

  // Drop the rare words in place; a line end becomes "<eos>" only after a kept word.
  std::vector<std::int32_t>& stream = scanner.stream_;
  std::vector<std::uint64_t> counts(n_prov, 0);
  std::size_t out = 0;
  bool line_has_kept = false;
  for (const std::int32_t id : stream) {
    if (id == k_line_end) {
      if (!line_has_kept) continue;
      stream[out++] = eos_id;
      ++counts[static_cast<std::size_t>(eos_id)];
      line_has_kept = false;
    } else if (kept[static_cast<std::size_t>(id)]) {
      stream[out++] = id;
      ++counts[static_cast<std::size_t>(id)];
      line_has_kept = true;
    }
  }
  stream.resize(out);

  // Number the kept words by descending count; ties keep the order of first appearance.
  std::vector<std::int32_t> order;
  order.reserve(n_prov);
  for (std::size_t i = 0; i < n_prov; ++i)
    if (kept[i] && counts[i] > 0) order.push_back(static_cast<std::int32_t>(i));
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    return counts[static_cast<std::size_t>(a)] > counts[static_cast<std::size_t>(b)];
  });
  std::vector<std::int32_t> final_id(n_prov, -1);
  Corpus corpus;
  corpus.id_to_word.reserve(order.size());
  corpus.word_to_id.reserve(order.size());
  for (std::size_t r = 0; r < order.size(); ++r) {
    const auto prov = static_cast<std::size_t>(order[r]);
    final_id[prov] = static_cast<std::int32_t>(r);
    corpus.id_to_word.emplace_back(scanner.words_.word(prov));
    corpus.word_to_id.emplace(corpus.id_to_word.back(), static_cast<int>(r));
  }
  corpus.corpus = Ids::from_shape({stream.size()});
  auto* dst = corpus.corpus.data();
  for (std::size_t i = 0; i < stream.size(); ++i) dst[i] = final_id[static_cast<std::size_t>(stream[i])];
  return corpus;
}

}  // namespace
}  // namespace minidl
