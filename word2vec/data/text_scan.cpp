#include <minidl/word2vec/data/text_scan.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include <minidl/word2vec/io/word2vec_format.hpp>

namespace minidl {

namespace {
constexpr std::size_t kPiece = std::size_t(16) << 20;
}

Scanner::Scanner(bool eos, std::string where, bool keep_stream, std::uint64_t checkpoint_every,
                 std::size_t min_count)
    : eos_(eos),
      keep_stream_(keep_stream),
      where_(std::move(where)),
      checkpoint_every_(checkpoint_every),
      next_checkpoint_(checkpoint_every ? 0 : UINT64_MAX),
      min_count_(min_count) {}

void Scanner::scan(const char* text, std::size_t n, std::uint64_t offset) {
  for_each_word(
      text, n, words, [&](std::string_view w, std::uint64_t h, std::size_t at) { add_word(w, h, offset + at); },
      [&] {
        end_line();
        ++line_;
      });
}

void Scanner::check_word_length(std::size_t bytes, bool at_least) const {
  if (bytes > kMaxWordBytes)
    throw std::runtime_error(where_ + ": line " + std::to_string(line_) + " has a word of " +
                             (at_least ? "at least " : "") + std::to_string(bytes) + " bytes; words may be at most " +
                             std::to_string(kMaxWordBytes) +
                             " bytes (is this a text file with white space between words?)");
}

void Scanner::end_line() {
  if (!eos_ || !line_has_word_) return;
  if (!line_sure_) doubtful_ends.push_back(doubtful_words.size());
  line_sure_ = false;
  static const std::uint64_t eos_hash = WordTable::hash("<eos>");
  eos_id = words.count("<eos>", eos_hash).id;  // ranked by where the first line ends
  if (keep_stream_) stream.push_back(kLineEnd);
  ++units;
  line_has_word_ = false;
}

void Scanner::settle_line_ends(const std::vector<char>& kept) {
  if (eos_id < 0) return;
  std::size_t begin = 0;
  for (const std::size_t end : doubtful_ends) {
    bool any = false;
    for (std::size_t i = begin; i < end && !any; ++i) any = kept[static_cast<std::size_t>(doubtful_words[i])];
    if (!any) --counts[static_cast<std::size_t>(eos_id)];
    begin = end;
  }
}

void Scanner::finish() {
  end_line();
  counts = words.counts();
}

void Scanner::add_word(std::string_view w, std::uint64_t hash, std::uint64_t offset) {
  check_word_length(w.size());
  if (offset >= next_checkpoint_ && (!line_has_word_ || line_sure_ || !eos_)) {
    checkpoints.push_back({offset, units, line_, line_has_word_});
    next_checkpoint_ = (offset / checkpoint_every_ + 1) * checkpoint_every_;
  }
  const auto [id, count] = words.count(w, hash);
  if (eos_ && !line_sure_) {
    const std::size_t line_start = doubtful_ends.empty() ? 0 : doubtful_ends.back();
    if (count >= min_count_) {
      line_sure_ = true;
      doubtful_words.resize(line_start);
    } else {
      doubtful_words.push_back(id);
    }
  }
  if (keep_stream_) stream.push_back(id);
  ++units;
  line_has_word_ = true;
}

std::vector<char> kept_words(const Scanner& scanner, std::size_t min_count, const std::string& where) {
  const std::size_t n_words = scanner.words.size() - (scanner.eos_id >= 0 ? 1 : 0);
  if (n_words == 0) {
    const bool markers = scanner.eos_id >= 0 && scanner.counts[static_cast<std::size_t>(scanner.eos_id)] > 0;
    throw std::runtime_error(where + (markers ? ": the file holds no words besides the line-end marker <eos>"
                                              : ": the file holds no words (only white space)"));
  }
  const std::size_t n_prov = scanner.words.size();
  std::vector<char> kept(n_prov);
  std::size_t n_kept_words = 0;
  std::uint64_t top_count = 0;
  for (std::size_t i = 0; i < n_prov; ++i) {
    if (static_cast<std::int32_t>(i) == scanner.eos_id) {
      kept[i] = 1;
      continue;
    }
    kept[i] = scanner.counts[i] >= min_count;
    n_kept_words += kept[i];
    top_count = std::max(top_count, scanner.counts[i]);
  }
  if (n_kept_words == 0)
    throw std::runtime_error(where + ": min_count " + std::to_string(min_count) + " leaves no word: the file has " +
                             std::to_string(n_words) + " distinct words and the most frequent occurs " +
                             std::to_string(top_count) + " times");
  return kept;
}

std::vector<std::int32_t> rank_words(const std::vector<std::uint64_t>& counts, const std::vector<char>& kept) {
  std::vector<std::int32_t> order;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (kept[i] && counts[i] > 0) order.push_back(static_cast<std::int32_t>(i));
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    return counts[static_cast<std::size_t>(a)] > counts[static_cast<std::size_t>(b)];
  });
  return order;
}

TextFile open_text_file(const std::string& path, const std::string& where) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw std::runtime_error(where + ": no such file");
  if (fs::is_directory(path, ec)) throw std::runtime_error(where + ": is a directory, not a text file");
  TextFile file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw std::runtime_error(where + ": cannot open: " + std::strerror(errno));
  return file;
}

TextPieces::TextPieces(std::FILE* file, std::uint64_t begin, std::uint64_t end, bool lower, std::string where,
                       std::size_t piece)
    : file_(file), begin_(begin), end_(end), pos_(begin), lower_(lower), where_(std::move(where)) {
  // A piece, or less for a smaller range (small files need not allocate a whole piece).
  std::uint64_t size = end;
  if (size == UINT64_MAX && ::fseeko(file, 0, SEEK_END) == 0) {
    const off_t at_end = ::ftello(file);
    if (at_end >= 0) size = static_cast<std::uint64_t>(at_end);
    std::rewind(file);
  }
  buf_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(piece, size - std::min(size, begin) + 1)));
  if (begin > 0 && ::fseeko(file, static_cast<off_t>(begin), SEEK_SET) != 0)
    throw std::runtime_error(where_ + ": cannot seek: " + std::strerror(errno));
}

bool TextPieces::next(const char*& text, std::size_t& n, std::uint64_t& offset, bool& last) {
  if (done_) return false;
  std::memmove(buf_.data(), buf_.data() + kept_, carried_);  // the cut word, to the front
  if (carried_ == buf_.size()) buf_.resize(buf_.size() * 2);  // one word longer than a piece
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buf_.size() - carried_, end_ - pos_));
  const std::uint64_t at = pos_ - carried_;
  const std::size_t got = want ? std::fread(buf_.data() + carried_, 1, want, file_) : 0;
  if (got < want) {
    if (std::ferror(file_)) throw std::runtime_error(where_ + ": read error: " + std::strerror(errno));
    if (end_ != UINT64_MAX)
      throw std::runtime_error(where_ + ": the file ended early: it has changed since it was first read");
  }
  char* const fresh = buf_.data() + carried_;
  if (pos_ == 0 && got >= 3 && std::memcmp(fresh, kByteOrderMark, 3) == 0)
    std::memset(fresh, ' ', 3);  // a UTF-8 byte-order mark is no part of the first word
  pos_ += got;
  if (lower_)
    for (std::size_t i = 0; i < got; ++i)
      if (fresh[i] >= 'A' && fresh[i] <= 'Z') fresh[i] = static_cast<char>(fresh[i] - 'A' + 'a');
  const std::size_t all = carried_ + got;
  last = got < want || pos_ == end_;  // the end: everything left is complete
  std::size_t cut = all;
  if (!last)
    while (cut > 0 && !is_space(buf_[cut - 1])) --cut;  // just after the last white space
  text = buf_.data();
  n = kept_ = cut;
  offset = at;
  carried_ = all - cut;
  done_ = last;
  return true;
}

namespace {

// Bytes [begin, end) of the file through the scanner (end: UINT64_MAX for all of it).
std::uint64_t scan_range(std::FILE* file, std::uint64_t begin, std::uint64_t end, bool lower, const std::string& where,
                         Scanner& scanner) {
  TextPieces pieces(file, begin, end, lower, where, kPiece);
  const char* text = nullptr;
  std::size_t n = 0;
  std::uint64_t at = 0;
  bool last = false;
  while (pieces.next(text, n, at, last)) {
    scanner.scan(text, n, at);
    if (last)
      scanner.finish();  // a last line without '\n' ends too
    else if (pieces.carried() > kMaxWordBytes)  // the word being carried is already too long: no need to read it all
      scanner.check_word_length(pieces.carried(), /*at_least=*/true);
  }
  return pieces.bytes_read();
}

}  // namespace

std::uint64_t scan_text_file(const std::string& path, bool lower, const std::string& where, Scanner& scanner) {
  const TextFile file = open_text_file(path, where);
  const std::uint64_t total = scan_range(file.get(), 0, UINT64_MAX, lower, where, scanner);
  if (total == 0) throw std::runtime_error(where + ": the file is empty");
  return total;
}

std::uint64_t scan_text_part(const std::string& path, std::uint64_t begin, std::uint64_t end, bool lower,
                             const std::string& where, Scanner& scanner) {
  const TextFile file = open_text_file(path, where);
  return scan_range(file.get(), begin, end, lower, where, scanner);
}

std::vector<std::uint64_t> line_starts_near(const std::string& path, std::uint64_t size, std::size_t parts) {
  std::vector<std::uint64_t> starts{0};
  TextFile file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return starts;
  std::vector<char> buf(std::size_t(1) << 20);
  for (std::size_t k = 1; k < parts; ++k) {
    const std::uint64_t target = std::max(size * k / parts, starts.back());
    if (target >= size || ::fseeko(file.get(), static_cast<off_t>(target), SEEK_SET) != 0) break;
    const std::size_t got = std::fread(buf.data(), 1, buf.size(), file.get());
    const void* nl = std::memchr(buf.data(), '\n', got);
    if (!nl) continue;  // no line end within 1 MiB: no part starts here
    const std::uint64_t start = target + std::uint64_t(static_cast<const char*>(nl) - buf.data()) + 1;
    if (start > starts.back() && start < size) starts.push_back(start);
  }
  return starts;
}

void Scanner::append(const Scanner& part) {
  std::vector<std::int32_t> id_of(part.words.size());
  for (std::size_t i = 0; i < part.words.size(); ++i) {
    const std::string_view w = part.words.word(i);
    id_of[i] = words.count(w, WordTable::hash(w), part.counts[i]).id;
  }
  if (part.eos_id >= 0) eos_id = id_of[static_cast<std::size_t>(part.eos_id)];  // the same word, if both have it
  for (const TextCheckpoint& c : part.checkpoints)
    checkpoints.push_back({c.offset, c.units + units, c.line + line_ - 1, c.line_has_word});
  const std::size_t base = doubtful_words.size();
  for (const std::int32_t w : part.doubtful_words) doubtful_words.push_back(id_of[static_cast<std::size_t>(w)]);
  for (const std::size_t e : part.doubtful_ends) doubtful_ends.push_back(e + base);
  units += part.units;
  line_ += part.line_ - 1;
  counts = words.counts();
}

}  // namespace minidl
