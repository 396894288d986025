#pragma once
// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto (Debian's libssl-dev), so that the data loaders
// can check what they read or download (a downloader checks what it fetched, a loader what it
// reads). A well-kept, audited, CPU-accelerated library does this better than code of our own;
// the header keeps OpenSSL out of every file that includes it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace minidl {

// Incremental hashing: update() any number of times, then hex_digest() once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t size);
  std::array<std::uint8_t, 32> digest();  // finishes the hash; the object is then spent
  std::string hex_digest();               // the 64 lower-case hex digits sha256sum prints

 private:
  struct Context;  // libcrypto's EVP_MD_CTX
  std::unique_ptr<Context> ctx_;
  bool finished_ = false;
};

// The digest of a string's bytes, as lower-case hex.
std::string sha256_hex(const std::string& bytes);

// The digest of a file's bytes, read in 1 MiB pieces (the file is never held in memory whole).
// Throws std::runtime_error naming the path when it cannot be opened or read.
std::string sha256_hex_of_file(const std::string& path);

}  // namespace minidl
