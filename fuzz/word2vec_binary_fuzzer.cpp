// Fuzz target: the word2vec binary reader (word2vec/io/word2vec_format).
#include "fuzz_input.hpp"
#include <minidl/word2vec/io/word2vec_format.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = minidl::fuzz::as_file(data, size);
  minidl::fuzz::refusing_is_fine([&] { minidl::load_word2vec_binary(path); });
  return 0;
}
