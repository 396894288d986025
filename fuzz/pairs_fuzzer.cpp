// Fuzz target: the word-pair similarity reader and its Spearman correlation
// (word2vec/eval/word_similarity).
#include "fuzz_input.hpp"
#include <minidl/word2vec/eval/word_similarity.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const minidl::WordVectors wv = minidl::WordVectors::from(
      {"cat", "dog", "car", "tree"}, minidl::Tensor{{1, 0, 0}, {1, 1, 0}, {0, 0, 1}, {0, 1, 1}});
  const std::string& path = minidl::fuzz::as_file(data, size);
  minidl::fuzz::refusing_is_fine([&] { minidl::word_similarity(path, wv); });
  return 0;
}
