#include <minidl/word2vec/data/text_stream.hpp>

#include <algorithm>
#include <memory>
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
        units_(end_units - from.units),
        at_file_end_(end == v.file.size),
        line_has_word_(from.line_has_word),
        line_has_kept_(from.line_has_word),
        begin_(from.offset),
        end_(end),
        where_(where) {}

  std::size_t next(const std::int32_t*& tokens) override {
    // The file is opened, and its buffer made, at the first read: a trainer opens every chunk of a
    // pass at its start (tens per thread) and reads a few at a time.
    if (!pieces_) {
      file_ = open_text_file(v_.path, where_);
      pieces_ = std::make_unique<TextPieces>(file_.get(), begin_, end_, v_.options.lower, where_, kPiece);
    }
    ids_.clear();
    const char* text = nullptr;
    std::size_t n = 0;
    std::uint64_t at = 0;
    bool last = false;
    while (ids_.empty() && pieces_->next(text, n, at, last)) {
      scan(text, n);
      // The file's end ends its last line; a shard ending elsewhere ends before a word, mid-line.
      if (last && at_file_end_) end_line();
    }
    tokens = ids_.data();
    return ids_.size();
  }
  std::uint64_t units() const override { return units_; }
  std::uint64_t units_read() const override { return read_; }

 private:
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
  std::uint64_t units_, read_ = 0;
  bool at_file_end_, line_has_word_, line_has_kept_;
  std::uint64_t begin_, end_;  // the bytes to read
  std::string where_;
  TextFile file_{nullptr, &std::fclose};
  std::unique_ptr<TextPieces> pieces_;
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
