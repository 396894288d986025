// Fuzz target: the checkpoint reader (framework/io/checkpoint). Most inputs fail the SHA-256 check
// at once, so the target also appends the right digest to the input, to reach the parser itself.
#include <array>

#include "fuzz_input.hpp"
#include <minidl/framework/io/checkpoint.hpp>
#include <minidl/framework/io/sha256.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  minidl::fuzz::refusing_is_fine([&] { minidl::Checkpoint::load(minidl::fuzz::as_file(data, size)); });
  std::string signed_input(reinterpret_cast<const char*>(data), size);
  minidl::Sha256 sha;
  sha.update(signed_input.data(), signed_input.size());
  const std::array<std::uint8_t, 32> digest = sha.digest();
  signed_input.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  const std::string& path =
      minidl::fuzz::as_file(reinterpret_cast<const std::uint8_t*>(signed_input.data()), signed_input.size());
  minidl::fuzz::refusing_is_fine([&] { minidl::Checkpoint::load(path); });
  return 0;
}
