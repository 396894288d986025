#pragma once
// SHA-256 (FIPS 180-4), our own, so that the data loaders can check what they read or download
// (a downloader checks what it fetched, a loader what it reads).
// No xtensor, no OpenSSL: a few hundred lines are cheaper than another dependency.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace minidl {

// Incremental hashing: update() any number of times, then hex_digest() once.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  std::array<std::uint8_t, 32> digest();  // finishes the hash; the object is then spent
  std::string hex_digest();               // the 64 lower-case hex digits sha256sum prints

 private:
  void compress(const std::uint8_t* block);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t total_bytes_ = 0;
  bool finished_ = false;
};

// The digest of a string's bytes, as lower-case hex.
std::string sha256_hex(const std::string& bytes);

// The digest of a file's bytes, read in 1 MiB pieces (the file is never held in memory whole).
// Throws std::runtime_error naming the path when it cannot be opened or read.
std::string sha256_hex_of_file(const std::string& path);

}  // namespace minidl
