// Fuzz target: the text corpus reader (word2vec/data/text_corpus), from a file and from memory,
// with and without lower-casing and a min_count.
#include "fuzz_input.hpp"
#include <minidl/word2vec/data/text_corpus.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = minidl::fuzz::as_file(data, size);
  minidl::TextCorpusOptions options;
  minidl::fuzz::refusing_is_fine([&] { minidl::load_text_corpus(path, options); });
  options.lower = true;
  options.min_count = 2;
  minidl::fuzz::refusing_is_fine(
      [&] { minidl::text_to_corpus(std::string(reinterpret_cast<const char*>(data), size), options); });
  return 0;
}
