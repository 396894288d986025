#pragma once
// What the fuzz targets share: the bytes libFuzzer hands over, as a file some loaders need (they
// read paths), and the rule that a loader may refuse any input with an exception but never crash,
// read out of bounds or overflow (AddressSanitizer and UBSan, built in, report those).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include <unistd.h>

namespace minidl::fuzz {

// The input written to a file of this process's own, rewritten for each input.
inline const std::string& as_file(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/minidl-fuzz-" + std::to_string(::getpid()) + ".input";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();  // the harness itself is broken: say so loudly
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

// Runs a load; a refusal (any std::exception) is a correct answer to a malformed input.
template <class F>
void refusing_is_fine(F&& load) {
  try {
    load();
  } catch (const std::exception&) {
  }
}

}  // namespace minidl::fuzz
