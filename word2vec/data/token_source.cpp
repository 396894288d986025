#include <minidl/word2vec/data/token_source.hpp>

#include <stdexcept>
#include <string>

namespace minidl {

std::vector<std::uint64_t> count_ids(const Ids& ids, std::size_t vocab_size) {
  std::vector<std::uint64_t> counts(vocab_size, 0);
  const std::int32_t* p = ids.data();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::int32_t w = p[i];
    if (w < 0 || static_cast<std::size_t>(w) >= vocab_size)
      throw std::invalid_argument("word id " + std::to_string(w) + " at corpus position " + std::to_string(i) +
                                  " is outside the vocabulary of " + std::to_string(vocab_size) + " words");
    ++counts[static_cast<std::size_t>(w)];
  }
  return counts;
}

IdsSource::IdsSource(const Ids& ids, std::size_t vocab_size) : ids_(ids), vocab_size_(vocab_size) {
  count_ids(ids, vocab_size);  // for its check
}

namespace {
// The whole shard in one span.
class IdsReader : public TokenReader {
 public:
  IdsReader(const std::int32_t* begin, std::size_t n) : begin_(begin), n_(n) {}
  std::size_t next(const std::int32_t*& tokens) override {
    if (done_) return 0;
    done_ = true;
    tokens = begin_;
    return n_;
  }
  std::uint64_t units() const override { return n_; }
  std::uint64_t units_read() const override { return done_ ? n_ : 0; }

 private:
  const std::int32_t* begin_;
  std::size_t n_;
  bool done_ = false;
};
}  // namespace

std::unique_ptr<TokenReader> IdsSource::open(std::size_t shard, std::size_t shards) const {
  if (shards == 0 || shard >= shards) throw std::invalid_argument("IdsSource: shard " + std::to_string(shard) + " of " + std::to_string(shards));
  const std::size_t n = ids_.size(), begin = n * shard / shards, end = n * (shard + 1) / shards;
  return std::make_unique<IdsReader>(ids_.data() + begin, end - begin);
}

}  // namespace minidl
