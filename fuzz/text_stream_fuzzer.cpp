// Fuzz target, differential: for any bytes, the streamed corpus (word2vec/data/text_vocabulary and
// text_stream) must read exactly what load_text_corpus reads (the same words, counts and ids),
// on one thread and on three, with checkpoints at every few bytes and in one to four shards; and
// both must refuse the same inputs with the same message. A difference aborts: a finding.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include <minidl/word2vec/data/text_corpus.hpp>
#include <minidl/word2vec/data/text_stream.hpp>
#include <minidl/word2vec/data/text_vocabulary.hpp>

namespace {

void differ(const char* what) {
  std::fprintf(stderr, "text_stream_fuzzer: the stream and load_text_corpus differ: %s\n", what);
  std::abort();
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace minidl;
  const std::string& path = fuzz::as_file(data, size);
  // The options from the first byte, so that the fuzzer explores them too.
  TextCorpusOptions o;
  const unsigned char knobs = size > 0 ? data[0] : 0;
  o.lower = knobs & 1;
  o.eos = !(knobs & 2);
  o.min_count = 1 + ((knobs >> 2) & 3);
  const std::uint64_t every = 1 + (knobs >> 4);

  Corpus c;
  const std::string refused = message_of([&] { c = load_text_corpus(path, o); });
  for (const std::size_t threads : {1u, 3u}) {
    TextVocabulary v;
    const std::string also = message_of([&] { v = build_text_vocabulary(path, o, threads, every); });
    if (also != refused) differ("one refuses what the other does not, or in other words");
    if (!refused.empty()) continue;
    if (v.id_to_word != c.id_to_word) differ("words");
    std::vector<std::uint64_t> counts(c.id_to_word.size(), 0);
    for (std::size_t i = 0; i < c.corpus.size(); ++i) ++counts[std::size_t(c.corpus.data()[i])];
    if (v.counts != counts || v.tokens != c.corpus.size()) differ("counts");
    const TextFileSource source(v);
    for (const std::size_t shards : {1u, 4u}) {
      std::vector<std::int32_t> ids;
      for (std::size_t s = 0; s < shards; ++s) {
        auto reader = source.open(s, shards);
        const std::int32_t* span = nullptr;
        while (const std::size_t n = reader->next(span)) ids.insert(ids.end(), span, span + n);
        if (reader->units_read() != reader->units()) differ("a shard's units");
      }
      if (ids.size() != c.corpus.size() || !std::equal(ids.begin(), ids.end(), c.corpus.data())) differ("ids");
    }
  }
  return 0;
}
