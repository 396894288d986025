#include <minidl/word2vec/io/npy_format.hpp>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include <xtensor/xnpy.hpp>

#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>

namespace minidl {
namespace {

// '<f4' and '<f8' are little-endian; the values are copied as the host stores them.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "npy_format reads '<f4' on little-endian hosts only");

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw std::runtime_error("numpy file '" + path + "': " + what);
}

struct File {
  std::FILE* f;
  ~File() {
    if (f) std::fclose(f);
  }
};

// The header's dictionary, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (10000, 100), }:
// the value after `key`, up to the next ',' at depth 0 (a tuple's commas are inside parentheses).
std::string value_of(const std::string& dict, const std::string& key, const std::string& path) {
  const std::size_t k = dict.find("'" + key + "'");
  if (k == std::string::npos) fail(path, "the header has no '" + key + "' key: " + dict);
  std::size_t p = dict.find(':', k);
  if (p == std::string::npos) fail(path, "the header's '" + key + "' has no value");
  ++p;
  int depth = 0;
  std::string v;
  for (; p < dict.size(); ++p) {
    const char c = dict[p];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((c == ',' && depth == 0) || (c == '}' && depth == 0)) break;
    if (c != ' ') v += c;
  }
  return v;
}

std::size_t parse_dim(const std::string& s, const std::string& path, const std::string& shape) {
  if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos)
    fail(path, "the shape " + shape + " is not two positive integers");
  const std::size_t v = std::stoull(s);
  if (v == 0) fail(path, "the shape " + shape + " has a zero: no words or no dimensions");
  return v;
}

IdToWord read_words(const std::string& path, std::size_t V) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("words file '" + path + "' (beside the .npy): cannot open it");
  IdToWord words;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t n = words.size() + 1;
    if (words.size() == V) {
      if (line.empty() && in.peek() == EOF) break;
      throw std::runtime_error("words file '" + path + "' has more than the array's " + std::to_string(V) + " rows");
    }
    if (line.empty()) throw std::runtime_error("words file '" + path + "': line " + std::to_string(n) + " is empty");
    if (line.find_first_of(" \t\v\f") != std::string::npos)
      throw std::runtime_error("words file '" + path + "': line " + std::to_string(n) +
                               " holds white space; one word a line, as the vectors' formats need");
    if (line.size() > kMaxWordBytes)
      throw std::runtime_error("words file '" + path + "': line " + std::to_string(n) + " is longer than " +
                               std::to_string(kMaxWordBytes) + " bytes");
    words.push_back(line);
  }
  if (words.size() != V)
    throw std::runtime_error("words file '" + path + "' has " + std::to_string(words.size()) + " words for the array's " +
                             std::to_string(V) + " rows");
  return words;
}

}  // namespace

std::string npy_vocab_path(const std::string& npy_path) {
  const std::filesystem::path p(npy_path);
  return (p.parent_path() / (p.stem().string() + ".vocab.txt")).string();
}

void save_npy_vectors(const std::string& path, const WordVectors& wv) {
  check_savable(path, wv, true, "numpy file");
  write_file_atomic(npy_vocab_path(path), [&](std::ostream& out) {
    for (const std::string& w : wv.words) out << w << '\n';
  }, true);
  write_file_atomic(path, [&](std::ostream& out) {
    // xnpy's stream writer (the public dump_npy takes a file name or returns a copy as a string).
    if constexpr (std::is_same_v<Scalar, float>)
      xt::detail::dump_npy_stream(out, wv.vectors);
    else
      xt::detail::dump_npy_stream(out, xt::xarray<float>(xt::cast<float>(wv.vectors)));
  }, true);
}

WordVectors load_npy_vectors(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(path, "is a directory, not a file");
  File file{std::fopen(path.c_str(), "rb")};
  if (!file.f) fail(path, std::string("cannot open: ") + std::strerror(errno));
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) fail(path, "cannot tell its size: " + ec.message());
  unsigned char lead[12];
  const std::size_t got = std::fread(lead, 1, sizeof lead, file.f);
  if (got < 10 || std::memcmp(lead, "\x93NUMPY", 6) != 0)
    fail(path, "not a numpy .npy file (it must start with \\x93NUMPY)");
  const unsigned major = lead[6], minor = lead[7];
  if (major < 1 || major > 3 || minor != 0)
    fail(path, "npy format version " + std::to_string(major) + "." + std::to_string(minor) + " (1.0 to 3.0 are read)");
  std::uint64_t header_len, header_start;
  if (major == 1) {
    header_len = lead[8] | std::uint64_t(lead[9]) << 8;
    header_start = 10;
  } else {
    if (got < 12) fail(path, "truncated in its header");
    header_len = lead[8] | std::uint64_t(lead[9]) << 8 | std::uint64_t(lead[10]) << 16 | std::uint64_t(lead[11]) << 24;
    header_start = 12;
  }
  if (header_len > (1u << 20) || header_start + header_len > size) fail(path, "truncated or corrupt header length");
  std::string dict(header_len, '\0');
  if (std::fseek(file.f, long(header_start), SEEK_SET) != 0 || std::fread(dict.data(), 1, header_len, file.f) != header_len)
    fail(path, "truncated in its header");
  while (!dict.empty() && (dict.back() == '\n' || dict.back() == ' ')) dict.pop_back();

  const std::string descr = value_of(dict, "descr", path);
  std::size_t item;
  if (descr == "'<f4'")
    item = 4;
  else if (descr == "'<f8'")
    item = 8;
  else
    fail(path, "dtype " + descr + ": the vectors must be little-endian float32 '<f4' (or float64 '<f8')");
  const std::string order = value_of(dict, "fortran_order", path);
  if (order == "True") fail(path, "is in Fortran order; save np.ascontiguousarray(W) instead");
  if (order != "False") fail(path, "fortran_order is " + order + ", not True or False");
  const std::string shape = value_of(dict, "shape", path);
  if (shape.size() < 2 || shape.front() != '(' || shape.back() != ')') fail(path, "the shape " + shape + " is not a tuple");
  std::vector<std::string> dims(1);  // "(V,D)"; numpy writes a 1-tuple as "(V,)"
  for (std::size_t i = 1; i + 1 < shape.size(); ++i)
    if (shape[i] == ',') dims.emplace_back();
    else dims.back() += shape[i];
  if (dims.size() > 1 && dims.back().empty()) dims.pop_back();
  if (dims.size() != 2) fail(path, "the shape " + shape + " is not 2-D (V words, D dimensions)");
  const std::size_t V = parse_dim(dims[0], path, shape), D = parse_dim(dims[1], path, shape);
  if (V > std::size_t(std::numeric_limits<int>::max())) fail(path, "more words than an int can count");
  const std::uint64_t data = header_start + header_len;
  if (D > (size - data) / item || V > (size - data) / (item * D) || V * D * item != size - data)
    fail(path, "the shape " + shape + " needs " + (D > (size - data) / item || V > (size - data) / (item * D)
                                                       ? std::string("more bytes than")
                                                       : std::to_string(V * D * item) + " bytes of data, not") +
                   " the " + std::to_string(size - data) + " after the header");

  IdToWord words = read_words(npy_vocab_path(path), V);  // before the big read: the cheap check first
  Tensor vectors = Tensor::from_shape({V, D});
  std::vector<char> buffer(std::size_t(1) << 20);
  const std::size_t per_block = buffer.size() / item;
  for (std::size_t done = 0; done < V * D;) {
    const std::size_t n = std::min(per_block, V * D - done);
    if (std::fread(buffer.data(), item, n, file.f) != n) fail(path, "read error or truncated data");
    for (std::size_t k = 0; k < n; ++k) {
      double v;
      if (item == 4) {
        float f;
        std::memcpy(&f, buffer.data() + 4 * k, 4);
        v = f;
      } else {
        std::memcpy(&v, buffer.data() + 8 * k, 8);
      }
      if (!std::isfinite(v) || std::fabs(v) > std::numeric_limits<Scalar>::max())
        fail(path, "value " + std::to_string((done + k) % D + 1) + " of the word '" + words[(done + k) / D] + "' is " +
                       (std::isnan(v) ? "NaN" : std::isinf(v) ? "infinite" : "beyond this build's numbers"));
      vectors.data()[done + k] = static_cast<Scalar>(v);
    }
    done += n;
  }
  try {
    return WordVectors::from(std::move(words), std::move(vectors));
  } catch (const std::invalid_argument& e) {  // a repeated word
    throw std::runtime_error("words file '" + npy_vocab_path(path) + "': " + e.what());
  }
}

}  // namespace minidl
