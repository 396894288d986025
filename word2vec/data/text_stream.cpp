#include <minidl/word2vec/data/text_stream.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace minidl {

namespace {

constexpr std::size_t kPiece = std::size_t(1) << 20;

class TextReader : public TokenReader {
 public:
  TextReader(const TextVocabulary& v, const TextCheckpoint& from, std::uint64_t end, std::uint64_t end_units,
             const std::string& where)
      : v_(v),
        where_(where),
        pos_(from.offset),
        end_(end),
        units_(end_units - from.units),
        line_has_word_(from.line_has_word),
        line_has_kept_(from.line_has_word),
        file_(std::fopen(v.path.c_str(), "rb"), &std::fclose) {
    if (!file_) throw std::runtime_error(where_ + ": cannot open: " + std::strerror(errno));
    if (pos_ > 0 && std::fseek(file_.get(), long(pos_), SEEK_SET) != 0)
      throw std::runtime_error(where_ + ": cannot seek: " + std::strerror(errno));
    buf_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kPiece, end_ - pos_ + 1)));
  }

  std::size_t next(const std::int32_t*& tokens) override {
    ids_.clear();
    while (ids_.empty() && !done_) read_piece();
    tokens = ids_.data();
    return ids_.size();
  }
  std::uint64_t units() const override { return units_; }
  std::uint64_t units_read() const override { return read_; }

 private:
  // Reads up to a piece more of the shard and turns its complete words into ids.
  void read_piece() {
    if (carried_ == buf_.size()) buf_.resize(buf_.size() * 2);  // words are at most kMaxWordBytes
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buf_.size() - carried_, end_ - pos_));
    const std::size_t got = want ? std::fread(buf_.data() + carried_, 1, want, file_.get()) : 0;
    if (got < want) {
      if (std::ferror(file_.get())) throw std::runtime_error(where_ + ": read error: " + std::strerror(errno));
      throw std::runtime_error(where_ + ": the file ended early: it has changed since its vocabulary was read");
    }
    char* const fresh = buf_.data() + carried_;
    if (pos_ == 0 && got >= 3 && std::memcmp(fresh, kByteOrderMark, 3) == 0) std::memset(fresh, ' ', 3);
    if (v_.options.lower)
      for (std::size_t i = 0; i < got; ++i)
        if (fresh[i] >= 'A' && fresh[i] <= 'Z') fresh[i] = static_cast<char>(fresh[i] - 'A' + 'a');
    pos_ += got;
    const std::size_t n = carried_ + got;
    std::size_t cut = n;
    const bool last = pos_ == end_;
    if (!last)
      while (cut > 0 && !is_space(buf_[cut - 1])) --cut;  // a cut word waits for the next piece
    scan(buf_.data(), cut);
    if (last) {
      // The file's end ends its last line; a shard ending elsewhere ends before a word, mid-line.
      if (end_ == v_.file.size) end_line();
      done_ = true;
    }
    std::memmove(buf_.data(), buf_.data() + cut, n - cut);
    carried_ = n - cut;
  }

  void scan(const char* text, std::size_t n) {
    for_each_word(
        text, n, v_.lookup,
        [&](std::string_view w, std::uint64_t h, std::size_t) {
          ++read_;
          line_has_word_ = true;
          const std::int32_t id = v_.lookup.find(w, h);
          if (id >= 0) {
            ids_.push_back(id);
            line_has_kept_ = true;
          }
        },
        [&] { end_line(); });
  }

  void end_line() {
    if (!v_.options.eos || !line_has_word_) return;
    ++read_;
    if (line_has_kept_ && v_.eos >= 0) ids_.push_back(v_.eos);
    line_has_word_ = line_has_kept_ = false;
  }

  const TextVocabulary& v_;
  std::string where_;
  std::uint64_t pos_, end_, units_, read_ = 0;
  bool line_has_word_, line_has_kept_, done_ = false;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::vector<char> buf_;
  std::size_t carried_ = 0;
  std::vector<std::int32_t> ids_;
};

}  // namespace

std::unique_ptr<TokenReader> TextFileSource::open(std::size_t shard, std::size_t shards) const {
  const std::string where = "text corpus '" + v_.path + "'";
  if (shards == 0 || shard >= shards)
    throw std::invalid_argument("TextFileSource: shard " + std::to_string(shard) + " of " + std::to_string(shards));
  const FileIdentity now = identity_of(v_.path, where);
  if (now.size != v_.file.size || now.modified_ns != v_.file.modified_ns)
    throw std::runtime_error(where + ": the file has changed since its vocabulary was read (" +
                             std::to_string(v_.file.size) + " bytes then, " + std::to_string(now.size) +
                             " now); start again to read it afresh");
  // Shard k starts at the first checkpoint at or after k / shards of the units (the file's start for
  // k = 0), and ends where shard k + 1 starts.
  const TextCheckpoint start{0, 0, 1, false}, finish{v_.file.size, v_.units, 0, false};
  const auto boundary = [&](std::size_t k) -> const TextCheckpoint& {
    if (k == 0) return start;
    if (k == shards) return finish;
    const std::uint64_t want = (v_.units * k + shards - 1) / shards;
    const auto it = std::lower_bound(v_.checkpoints.begin(), v_.checkpoints.end(), want,
                                     [](const TextCheckpoint& c, std::uint64_t u) { return c.units < u; });
    return it == v_.checkpoints.end() ? finish : *it;
  };
  const TextCheckpoint& from = boundary(shard);
  const TextCheckpoint& to = boundary(shard + 1);
  return std::make_unique<TextReader>(v_, from, std::max(from.offset, to.offset), std::max(from.units, to.units),
                                      where);
}

}  // namespace minidl
