#include <minidl/framework/io/sha256.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>

namespace minidl {

struct Sha256::Context {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Context>()) {
  if (!ctx_->md || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256: libcrypto could not start a digest");
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, std::size_t size) {
  if (finished_) throw std::logic_error("Sha256::update after the digest was taken");
  if (size > 0 && EVP_DigestUpdate(ctx_->md, data, size) != 1) throw std::runtime_error("SHA-256: libcrypto failed");
}

std::array<std::uint8_t, 32> Sha256::digest() {
  if (finished_) throw std::logic_error("Sha256::digest taken twice");
  finished_ = true;
  std::array<std::uint8_t, 32> out{};
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx_->md, out.data(), &n) != 1 || n != out.size())
    throw std::runtime_error("SHA-256: libcrypto failed");
  return out;
}

std::string Sha256::hex_digest() {
  static const char* const hex = "0123456789abcdef";
  std::string s;
  for (const std::uint8_t byte : digest()) {
    s += hex[byte >> 4];
    s += hex[byte & 15];
  }
  return s;
}

std::string sha256_hex(const std::string& bytes) {
  Sha256 h;
  h.update(bytes.data(), bytes.size());
  return h.hex_digest();
}

std::string sha256_hex_of_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw std::runtime_error("cannot read '" + path + "': " + std::strerror(errno));
  std::vector<char> buffer(std::size_t(1) << 20);
  Sha256 h;
  for (;;) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), f.get());
    h.update(buffer.data(), n);
    if (n < buffer.size()) {
      if (std::ferror(f.get())) throw std::runtime_error("cannot read '" + path + "': read error");
      break;
    }
  }
  return h.hex_digest();
}

}  // namespace minidl
