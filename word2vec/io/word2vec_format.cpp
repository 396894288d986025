#include <minidl/word2vec/io/word2vec_format.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <system_error>
#include <unordered_map>
#include <vector>

#include <sys/stat.h>

#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/word2vec/io/npy_format.hpp>

namespace minidl {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw std::runtime_error("word2vec file '" + path + "': " + what);
}

// Error messages quote file content, which may be binary: control bytes become '?', and long
// excerpts are cut, so that a message stays one readable line.
std::string quote(const std::string& s, std::size_t max = 40) {
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  if (s.size() > max) out += "...";
  return out + "'";
}

bool is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_separator(char c) { return c == ' ' || c == '\t'; }

// Buffered reading over stdio: one fread per 256 KiB instead of a stream operation per value.
class FileReader {
 public:
  explicit FileReader(const std::string& path) : path_(path), buf_(1 << 18) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) fail(path, "is a directory, not a file");
    f_ = std::fopen(path.c_str(), "rb");
    if (!f_) fail(path, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(::fileno(f_), &st) == 0 && S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
  }
  ~FileReader() { std::fclose(f_); }
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  int get() { return fill() ? static_cast<unsigned char>(buf_[pos_++]) : EOF; }

  // Copies up to n bytes; fewer only at the end of the file.
  std::size_t read(char* dst, std::size_t n) {
    std::size_t done = 0;
    while (done < n && fill()) {
      const std::size_t k = std::min(n - done, end_ - pos_);
      std::memcpy(dst + done, buf_.data() + pos_, k);
      pos_ += k;
      done += k;
    }
    return done;
  }

  // Reads up to and including '\n' (not stored), or at most max bytes. False only at the end of
  // the file with nothing read, so an empty line and the end are told apart.
  bool read_line(std::string& line, std::size_t max = std::numeric_limits<std::size_t>::max()) {
    line.clear();
    bool any = false;
    while (line.size() < max && fill()) {
      any = true;
      const std::size_t avail = std::min(end_ - pos_, max - line.size());
      const char* start = buf_.data() + pos_;
      const void* nl = std::memchr(start, '\n', avail);
      if (nl) {
        const std::size_t k = static_cast<const char*>(nl) - start;
        line.append(start, k);
        pos_ += k + 1;
        return true;
      }
      line.append(start, avail);
      pos_ += avail;
    }
    return any;
  }

  // Bytes left to read, or nullopt-like max() when the size is unknown (a pipe).
  std::uint64_t remaining() const {
    if (size_ == kUnknown) return kUnknown;
    const std::uint64_t taken = consumed_ - (end_ - pos_);
    return size_ > taken ? size_ - taken : 0;
  }
  static constexpr std::uint64_t kUnknown = std::numeric_limits<std::uint64_t>::max();

 private:
  bool fill() {
    if (pos_ < end_) return true;
    pos_ = 0;
    end_ = std::fread(buf_.data(), 1, buf_.size(), f_);
    consumed_ += end_;
    if (end_ == 0 && std::ferror(f_)) fail(path_, std::string("read error: ") + std::strerror(errno));
    return end_ > 0;
  }

  std::string path_;
  std::vector<char> buf_;
  std::FILE* f_ = nullptr;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t consumed_ = 0;  // bytes fread so far
  std::uint64_t size_ = kUnknown;
};

void strip_line_end(std::string& line) {
  while (!line.empty() && (line.back() == '\r' || is_separator(line.back()))) line.pop_back();
}

struct Header {
  std::size_t words = 0, dim = 0;
};

bool parse_positive(const char*& p, const char* end, std::size_t& value) {
  const auto [next, ec] = std::from_chars(p, end, value);
  if (ec != std::errc() || next == p || value == 0) return false;
  p = next;
  return true;
}

Header read_header(FileReader& in, const std::string& path) {
  std::string line;
  if (!in.read_line(line, 4096)) fail(path, "the file is empty; expected a header line 'V D' (words, dimensions)");
  strip_line_end(line);
  Header h;
  const char* p = line.data();
  const char* end = p + line.size();
  while (p < end && is_separator(*p)) ++p;
  bool ok = parse_positive(p, end, h.words) && p < end && is_separator(*p);
  while (ok && p < end && is_separator(*p)) ++p;
  ok = ok && parse_positive(p, end, h.dim) && p == end;
  // Word ids are ints elsewhere in minidl.
  ok = ok && h.words <= static_cast<std::size_t>(std::numeric_limits<int>::max());
  if (!ok)
    fail(path, "line 1: bad header " + quote(line) +
                   ": expected two positive integers 'V D' (number of words, dimensions), as word2vec writes");
  return h;
}

// A corrupt header must not make us allocate terabytes. Every binary row takes at least a 1-byte
// word, a space and 4*D bytes; every text value at least two bytes (" 0"). A file too short for
// V rows is refused before the matrix exists; the text bound is loose on purpose, so that a short
// but otherwise sane file gets the more telling row-by-row error instead.
void check_room(FileReader& in, const Header& h, bool binary, const std::string& path) {
  const std::uint64_t left = in.remaining();
  if (left == FileReader::kUnknown) return;
  const std::uint64_t V = h.words, D = h.dim;
  const bool fits = binary ? D <= left / 4 && V <= left / (4 * D + 2) : D <= left / 2 && V <= left / (2 * D);
  if (!fits)
    fail(path, std::string(binary ? "truncated binary file" : "truncated text file") + ": the header promises " +
                   std::to_string(V) + " words of " + std::to_string(D) + " values, but only " +
                   std::to_string(left) + " bytes follow the header, fewer than that needs");
}

// What both readers do first: read and check the header, refuse a file too short for it, and size
// the result (rows are filled in as they are read).
WordVectors begin_load(FileReader& in, Header& h, bool binary, const std::string& path) {
  h = read_header(in, path);
  check_room(in, h, binary, path);
  WordVectors wv;
  wv.vectors = Tensor::from_shape({h.words, h.dim});
  wv.words.reserve(h.words);
  wv.word_to_id.reserve(h.words);
  return wv;
}

// Duplicates are caught while reading, not left to WordVectors::from, so that the message can
// name both places; the map built here is the one WordVectors keeps. Returns the index of an
// earlier occurrence, or -1 once the word is added.
int add_word(WordVectors& wv, std::string& word) {
  const auto [it, fresh] = wv.word_to_id.emplace(word, static_cast<int>(wv.words.size()));
  if (!fresh) return it->second;
  wv.words.push_back(std::move(word));
  return -1;
}

std::size_t count_fields(const char* p, const char* end) {
  std::size_t n = 0;
  while (p < end) {
    while (p < end && is_separator(*p)) ++p;
    if (p == end) break;
    ++n;
    while (p < end && !is_separator(*p)) ++p;
  }
  return n;
}

// One value from a text row: from_chars does not take a leading '+', which some writers emit.
std::from_chars_result parse_value(const char* p, const char* end, Scalar& v) {
  if (p < end && *p == '+' && p + 1 < end && (std::isdigit(static_cast<unsigned char>(p[1])) || p[1] == '.')) ++p;
  return std::from_chars(p, end, v);
}

// Does `line` read as a word followed by exactly `dim` numbers (finite or not)?
bool is_text_record(const std::string& line, std::size_t dim) {
  const char* p = line.data();
  const char* end = p + line.size();
  while (p < end && is_separator(*p)) ++p;
  if (p == end) return false;
  while (p < end && !is_separator(*p)) {
    const auto c = static_cast<unsigned char>(*p++);
    if (c < 0x20 || c == 0x7f) return false;
  }
  for (std::size_t k = 0; k < dim; ++k) {
    while (p < end && is_separator(*p)) ++p;
    if (p == end) return false;
    Scalar v;
    const auto r = parse_value(p, end, v);
    if (r.ptr == p || (r.ec != std::errc() && r.ec != std::errc::result_out_of_range)) return false;
    if (r.ptr < end && !is_separator(*r.ptr)) return false;
    p = r.ptr;
  }
  while (p < end && is_separator(*p)) ++p;
  return p == end;
}

// Printable UTF-8 with at least two fields: a damaged text row rather than raw floats, so the
// text reader can say what is wrong with it. A sequence cut by the end of the sample is allowed.
bool looks_like_text(const std::string& line) {
  const auto* s = reinterpret_cast<const unsigned char*>(line.data());
  const std::size_t n = line.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) return false;
      ++i;
      continue;
    }
    const std::size_t len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || c == 0xc0 || c == 0xc1 || c > 0xf4) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= n) return true;
      if ((s[i + k] & 0xc0) != 0x80) return false;
    }
    i += len;
  }
  return count_fields(line.data(), line.data() + n) >= 2;
}

// Little-endian float32 regardless of the host: word2vec files are written on x86.
float decode_float(const char* b) {
  const auto* u = reinterpret_cast<const unsigned char*>(b);
  const std::uint32_t bits = std::uint32_t(u[0]) | std::uint32_t(u[1]) << 8 | std::uint32_t(u[2]) << 16 |
                             std::uint32_t(u[3]) << 24;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

void encode_float(float f, char* b) {
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  for (int k = 0; k < 4; ++k) b[k] = static_cast<char>((bits >> (8 * k)) & 0xff);
}

std::string describe(Scalar v) { return std::isnan(v) ? "NaN" : v > 0 ? "+inf" : "-inf"; }

}  // namespace

Word2VecFormat detect_word2vec_format(const std::string& path) {
  FileReader in(path);
  const Header h = read_header(in, path);
  // A text value takes at most a few dozen characters; the sample only has to cover one row.
  const std::size_t max = h.dim > (std::size_t(1) << 20) ? std::size_t(1) << 26 : 4096 + 64 * h.dim;
  std::string line;
  if (!in.read_line(line, max)) return Word2VecFormat::text;  // no rows: either reader reports it
  strip_line_end(line);
  if (is_text_record(line, h.dim) || looks_like_text(line)) return Word2VecFormat::text;
  return Word2VecFormat::binary;
}

WordVectors load_word2vec(const std::string& path) {
  if (lower_extension(path) == ".npy") return load_npy_vectors(path);
  return detect_word2vec_format(path) == Word2VecFormat::binary ? load_word2vec_binary(path)
                                                                  : load_word2vec_text(path);
}

WordVectors load_word2vec_text(const std::string& path) {
  FileReader in(path);
  Header h;
  WordVectors wv = begin_load(in, h, false, path);
  const std::size_t V = h.words, D = h.dim;
  IdToWord& words = wv.words;
  std::string line;
  std::size_t line_no = 1;
  const auto at = [&](std::size_t n) { return "line " + std::to_string(n) + ": "; };
  while (words.size() < V) {
    if (!in.read_line(line))
      fail(path, "the file ends after line " + std::to_string(line_no) + " with fewer rows (" +
                     std::to_string(words.size()) + ") than the header's " + std::to_string(V) + " words");
    ++line_no;
    strip_line_end(line);
    const char* p = line.data();
    const char* end = p + line.size();
    while (p < end && is_separator(*p)) ++p;
    if (p == end) {
      // Blank lines may only close the file; then it simply has too few rows.
      const std::size_t blank = line_no;
      while (in.read_line(line)) {
        ++line_no;
        strip_line_end(line);
        if (count_fields(line.data(), line.data() + line.size()) > 0) fail(path, at(blank) + "empty line between rows");
      }
      fail(path, "the file has fewer rows (" + std::to_string(words.size()) + ") than the header's " +
                     std::to_string(V) + " words");
    }
    const char* word_begin = p;
    while (p < end && !is_separator(*p)) ++p;
    std::string word(word_begin, p);
    Scalar* row = wv.vectors.data() + words.size() * D;
    for (std::size_t k = 0; k < D; ++k) {
      while (p < end && is_separator(*p)) ++p;
      if (p == end)
        fail(path, at(line_no) + "the word " + quote(word) + " has " + std::to_string(k) + " values, the header says " +
                       std::to_string(D));
      const char* tok_end = p;
      while (tok_end < end && !is_separator(*tok_end)) ++tok_end;
      const auto r = parse_value(p, tok_end, row[k]);
      if (r.ec == std::errc::result_out_of_range)
        fail(path, at(line_no) + "value " + std::to_string(k + 1) + " of the word " + quote(word) + ", " +
                       quote(std::string(p, tok_end)) + ", is out of range for this build's floating-point type");
      if (r.ec != std::errc() || r.ptr != tok_end)
        fail(path, at(line_no) + "value " + std::to_string(k + 1) + " of the word " + quote(word) + " is not a number: " +
                       quote(std::string(p, tok_end)));
      if (!std::isfinite(row[k]))
        fail(path, at(line_no) + "value " + std::to_string(k + 1) + " of the word " + quote(word) + " is " +
                       describe(row[k]) + "; word vectors must be finite numbers");
      p = tok_end;
    }
    while (p < end && is_separator(*p)) ++p;
    if (p != end)
      fail(path, at(line_no) + "the word " + quote(word) + " has " + std::to_string(D + count_fields(p, end)) +
                     " values, the header says " + std::to_string(D));
    // Rows sit on line index + 2: the header is line 1 and blank lines stop the rows.
    const int first = add_word(wv, word);
    if (first >= 0)
      fail(path, at(line_no) + "the word " + quote(word) + " appears twice (first on line " +
                     std::to_string(first + 2) + ")");
  }
  while (in.read_line(line)) {
    ++line_no;
    strip_line_end(line);
    const char* b = line.data();
    if (count_fields(b, b + line.size()) > 0)
      fail(path, at(line_no) + "the file has more rows than the header's " + std::to_string(V) + " words");
  }
  return wv;
}

WordVectors load_word2vec_binary(const std::string& path) {
  FileReader in(path);
  Header h;
  WordVectors wv = begin_load(in, h, true, path);
  const std::size_t V = h.words, D = h.dim;
  std::vector<char> raw(4 * D);
  std::string word;
  for (std::size_t i = 0; i < V; ++i) {
    const std::string index = "word index " + std::to_string(i);
    int c;
    // word2vec.c ends each vector with '\n', gensim does not: skip whatever whitespace is there.
    while ((c = in.get()) != EOF && is_space(c)) {
    }
    if (c == EOF)
      fail(path, "truncated binary file: the header says " + std::to_string(V) + " words of " + std::to_string(D) +
                     " float32 values, the file ends after " + std::to_string(i));
    word.assign(1, static_cast<char>(c));
    while ((c = in.get()) != ' ') {
      if (c == EOF) fail(path, "truncated binary file: it ends inside " + index + " " + quote(word));
      if (c == '\n')
        fail(path, index + " " + quote(word) +
                       " contains a newline: the file is damaged, not binary, or its header's dimension is wrong");
      word.push_back(static_cast<char>(c));
      if (word.size() > kMaxWordBytes)
        fail(path, index + " is longer than " + std::to_string(kMaxWordBytes) +
                       " bytes: the file is damaged, not binary, or its header's dimension is wrong");
    }
    const std::size_t got = in.read(raw.data(), raw.size());
    if (got < raw.size())
      fail(path, "truncated binary file: " + index + " " + quote(word) + " has " + std::to_string(got) + " of the " +
                     std::to_string(raw.size()) + " bytes of its " + std::to_string(D) + " float32 values");
    Scalar* row = wv.vectors.data() + i * D;
    for (std::size_t k = 0; k < D; ++k) {
      const float v = decode_float(raw.data() + 4 * k);
      if (!std::isfinite(v))
        fail(path, index + " " + quote(word) + ": value " + std::to_string(k + 1) + " is " + describe(v) +
                       "; word vectors must be finite numbers");
      row[k] = static_cast<Scalar>(v);
    }
    const int first = add_word(wv, word);
    if (first >= 0)
      fail(path, index + ": the word " + quote(word) + " appears twice (first at word index " +
                     std::to_string(first) + ")");
  }
  int c;
  while ((c = in.get()) != EOF)
    if (!is_space(c))
      fail(path, "the file has more data after the header's " + std::to_string(V) +
                     " words (more rows than the header says, or a wrong dimension)");
  return wv;
}

void check_savable(const std::string& path, const WordVectors& wv, bool binary, const std::string& kind) {
  const auto bad = [&](const std::string& what) {
    throw std::invalid_argument("cannot write " + kind + " '" + path + "': " + what);
  };
  if (wv.vectors.dimension() != 2 || wv.vectors.shape()[0] != wv.words.size())
    bad(std::to_string(wv.words.size()) + " words for a matrix of shape " + shape_str(wv.vectors.shape()));
  if (wv.words.empty() || wv.dim() == 0) bad("no words or no dimensions; the header must hold two positive integers");
  const std::size_t D = wv.dim();
  for (std::size_t i = 0; i < wv.words.size(); ++i) {
    const std::string& w = wv.words[i];
    if (w.empty()) bad("the word at index " + std::to_string(i) + " is empty");
    if (w.size() > kMaxWordBytes)
      bad("the word at index " + std::to_string(i) + " is " + std::to_string(w.size()) + " bytes long; the readers take " +
          "words of at most " + std::to_string(kMaxWordBytes) + " bytes");
    if (std::any_of(w.begin(), w.end(), [](char c) { return is_space(static_cast<unsigned char>(c)); }))
      bad("the word " + quote(w, 200) + " (index " + std::to_string(i) +
          ") contains whitespace, which the word2vec formats use to separate fields");
    const Scalar* row = wv.vectors.data() + i * D;
    for (std::size_t k = 0; k < D; ++k)
      if (!std::isfinite(row[k]) || (binary && std::fabs(row[k]) > std::numeric_limits<float>::max()))
        bad("value " + std::to_string(k + 1) + " of the word " + quote(w, 200) + " is " +
            (std::isfinite(row[k]) ? std::string("beyond float32 range") : describe(row[k])));
  }
}

namespace {

std::string header_line(const WordVectors& wv) {
  return std::to_string(wv.size()) + " " + std::to_string(wv.dim()) + "\n";
}

}  // namespace

void save_word2vec_text(const std::string& path, const WordVectors& wv) {
  check_savable(path, wv, false);
  const std::size_t D = wv.dim();
  write_file_atomic(
      path,
      [&](std::ostream& out) {
        out << header_line(wv);
        std::string line;
        char buf[64];
        for (std::size_t i = 0; i < wv.size(); ++i) {
          line = wv.words[i];
          const Scalar* row = wv.vectors.data() + i * D;
          for (std::size_t k = 0; k < D; ++k) {
            // Shortest form that reads back to the same value: exact round trip, short files.
            const auto r = std::to_chars(buf, buf + sizeof buf, row[k]);
            line += ' ';
            line.append(buf, r.ptr);
          }
          line += '\n';
          out.write(line.data(), static_cast<std::streamsize>(line.size()));
        }
      },
      true);  // binary mode: "\n" line ends on every platform, as gensim and word2vec.c write
}

void save_word2vec_binary(const std::string& path, const WordVectors& wv) {
  check_savable(path, wv, true);
  const std::size_t D = wv.dim();
  write_file_atomic(
      path,
      [&](std::ostream& out) {
        out << header_line(wv);
        std::vector<char> record;
        for (std::size_t i = 0; i < wv.size(); ++i) {
          const std::string& w = wv.words[i];
          record.resize(w.size() + 1 + 4 * D + 1);
          std::memcpy(record.data(), w.data(), w.size());
          char* p = record.data() + w.size();
          *p++ = ' ';
          const Scalar* row = wv.vectors.data() + i * D;
          for (std::size_t k = 0; k < D; ++k, p += 4) encode_float(static_cast<float>(row[k]), p);
          *p = '\n';
          out.write(record.data(), static_cast<std::streamsize>(record.size()));
        }
      },
      true);
}

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

void save_word_vectors(const std::string& path, const WordVectors& wv) {
  const std::string ext = lower_extension(path);
  if (ext == ".bin")
    save_word2vec_binary(path, wv);
  else if (ext == ".npy")
    save_npy_vectors(path, wv);
  else
    save_word2vec_text(path, wv);
}

}  // namespace minidl
