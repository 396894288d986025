// Fuzz target: the analogy questions reader (word2vec/eval/analogy_accuracy), and scoring what it
// read against a few vectors.
#include <sstream>

#include "fuzz_input.hpp"
#include <minidl/word2vec/eval/analogy_accuracy.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const minidl::WordVectors wv = minidl::WordVectors::from(
      {"king", "queen", "man", "woman", "paris", "france"},
      minidl::Tensor{{1, 0, 0}, {1, 1, 0}, {0, 0, 1}, {0, 1, 1}, {2, 0, 1}, {2, 1, 0}});
  minidl::fuzz::refusing_is_fine([&] {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    const auto sections = minidl::parse_analogy_questions(in, "fuzz input");
    minidl::analogy_accuracy(sections, wv);
  });
  return 0;
}
