// Fuzz target: the numpy reader (word2vec/io/npy_format). The array comes from the fuzzer; its
// words file beside it is fixed (two words), so inputs that claim two rows reach the data checks.
#include <fstream>

#include "fuzz_input.hpp"
#include <minidl/word2vec/io/npy_format.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = minidl::fuzz::as_file(data, size);
  static const bool words_written = [&] {
    std::ofstream(minidl::npy_vocab_path(path), std::ios::binary) << "a\nb\n";
    return true;
  }();
  (void)words_written;
  minidl::fuzz::refusing_is_fine([&] { minidl::load_npy_vectors(path); });
  return 0;
}
