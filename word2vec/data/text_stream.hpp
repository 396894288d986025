#pragma once
// A text file read from disk at every pass, as word2vec.c and fastText read theirs: a shard's reader
// opens the file at its first read, at the shard's first word, and reads it in 1 MiB pieces, looking
// each word up in the vocabulary (until then it holds no file and no buffer, so a trainer can open
// tens of chunks a thread at a pass's start). Memory is the vocabulary and a few MiB per thread
// reading, whatever the corpus's length.
//
// The shards' ids, one after another, are exactly those load_text_corpus gives (min_count's words
// dropped, "<eos>" at each line end after a kept word), however many shards. Shards start at the
// vocabulary's checkpoints (about every 64 KiB), as near as they can to equal numbers of units.
#include <memory>

#include <minidl/word2vec/data/text_vocabulary.hpp>
#include <minidl/word2vec/data/token_source.hpp>

namespace minidl {

class TextFileSource : public TokenSource {
 public:
  // vocabulary must outlive the source and the readers it opens.
  explicit TextFileSource(const TextVocabulary& vocabulary) : v_(vocabulary) {}
  std::size_t vocab_size() const override { return v_.id_to_word.size(); }
  std::uint64_t tokens() const override { return v_.tokens; }
  std::uint64_t units() const override { return v_.units; }
  // Throws std::runtime_error when the file is gone, cannot be opened, or is no longer the one the
  // vocabulary was read from (its size or modification time differ): a changed file would silently
  // train on other text than the vocabulary counted.
  std::unique_ptr<TokenReader> open(std::size_t shard, std::size_t shards) const override;

 private:
  const TextVocabulary& v_;
};

}  // namespace minidl
