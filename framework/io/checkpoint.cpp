#include <minidl/framework/io/checkpoint.hpp>

#include <cstring>
#include <fstream>
#include <iterator>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/framework/io/sha256.hpp>
#include <minidl/framework/model.hpp>
#include <minidl/framework/optimizer.hpp>
#include <minidl/framework/trainer.hpp>

namespace minidl {
namespace {

constexpr char kMagic[8] = {'M', 'I', 'N', 'I', 'D', 'L', 'C', 'K'};
constexpr std::uint32_t kVersion = 2;
constexpr std::size_t kDigestBytes = 32;  // SHA-256, after the entries

template <class T>
void put_raw(std::ostream& out, T v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof v);  // x86-64 and ARM64 are little-endian
}

class Reader {
 public:
  Reader(std::istream& in, const std::string& path) : in_(in), path_(path) {}
  template <class T>
  T get() {
    T v;
    bytes(reinterpret_cast<char*>(&v), sizeof v);
    return v;
  }
  void bytes(char* dst, std::size_t n) {
    if (!in_.read(dst, static_cast<std::streamsize>(n)))
      throw std::runtime_error("checkpoint '" + path_ + "' is truncated");
  }
  // Sizes come from the file: refuse absurd ones before allocating.
  std::size_t size(std::uint64_t n, std::uint64_t limit, const char* what) {
    if (n > limit) throw std::runtime_error("checkpoint '" + path_ + "' is corrupt (" + what + " " + std::to_string(n) + ")");
    return static_cast<std::size_t>(n);
  }
  // The same for n items of item_bytes each: no more than the bytes left in the file, so that a
  // damaged size can never ask for more memory than the file itself takes (found by fuzzing).
  std::size_t items(std::uint64_t n, std::uint64_t item_bytes, const char* what) {
    const auto here = in_.tellg();
    in_.seekg(0, std::ios::end);
    const auto left = static_cast<std::uint64_t>(in_.tellg() - here);
    in_.seekg(here);
    if (item_bytes != 0 && n > left / item_bytes)
      throw std::runtime_error("checkpoint '" + path_ + "' is truncated or corrupt (" + what + " " + std::to_string(n) +
                               ", " + std::to_string(left) + " bytes left)");
    return static_cast<std::size_t>(n);
  }

 private:
  std::istream& in_;
  const std::string& path_;
};

}  // namespace

const Tensor& Checkpoint::tensor(const std::string& key) const {
  const auto it = tensors_.find(key);
  if (it == tensors_.end())
    throw std::runtime_error("checkpoint" + (source_.empty() ? "" : " '" + source_ + "'") + " has no tensor '" + key + "'");
  return it->second;
}

const std::string& Checkpoint::string(const std::string& key) const {
  const auto it = strings_.find(key);
  if (it == strings_.end())
    throw std::runtime_error("checkpoint" + (source_.empty() ? "" : " '" + source_ + "'") + " has no entry '" + key + "'");
  return it->second;
}

void Checkpoint::save(const std::string& path) const {
  // Made in memory first, so that its digest can follow it.
  std::ostringstream out(std::ios::binary);
  out.write(kMagic, sizeof kMagic);
  put_raw<std::uint32_t>(out, kVersion);
  put_raw<std::uint64_t>(out, tensors_.size() + strings_.size());
  for (const auto& [key, t] : tensors_) {
    put_raw<std::uint8_t>(out, 0);
    put_raw<std::uint32_t>(out, static_cast<std::uint32_t>(key.size()));
    out.write(key.data(), static_cast<std::streamsize>(key.size()));
    put_raw<std::uint8_t>(out, sizeof(Scalar));
    put_raw<std::uint32_t>(out, static_cast<std::uint32_t>(t.dimension()));
    for (const auto d : t.shape()) put_raw<std::uint64_t>(out, d);
    out.write(reinterpret_cast<const char*>(t.data()), static_cast<std::streamsize>(t.size() * sizeof(Scalar)));
  }
  for (const auto& [key, s] : strings_) {
    put_raw<std::uint8_t>(out, 1);
    put_raw<std::uint32_t>(out, static_cast<std::uint32_t>(key.size()));
    out.write(key.data(), static_cast<std::streamsize>(key.size()));
    put_raw<std::uint64_t>(out, s.size());
    out.write(s.data(), static_cast<std::streamsize>(s.size()));
  }
  const std::string body = out.str();
  Sha256 sha;
  sha.update(body.data(), body.size());
  const auto digest = sha.digest();
  write_file_atomic(
      path,
      [&](std::ostream& file) {
        file.write(body.data(), static_cast<std::streamsize>(body.size()));
        file.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
      },
      /*binary=*/true);
}

void save_parameters(Checkpoint& ck, const Parameters& params) {
  for (const auto& p : params) {
    const std::string key = "param/" + p.name();
    if (p.name().empty() || ck.has_tensor(key))
      throw std::invalid_argument("save_parameters: parameter names must be unique and non-empty ('" + p.name() + "')");
    ck.put(key, p.data());
  }
}

void load_parameters(const Checkpoint& ck, const Parameters& params) {
  for (auto p : params) {
    const Tensor& t = ck.tensor("param/" + p.name());
    if (!same_shape(t, p.data()))
      throw std::runtime_error("checkpoint parameter '" + p.name() + "' has shape " + shape_str(t.shape()) +
                               ", the model's has " + shape_str(p.data().shape()));
    p.data() = t;
  }
}

void save_optimizer_state(Checkpoint& ck, const Optimizer& optimizer) {
  for (const auto& [key, t] : optimizer.state_tensors()) ck.put("optimizer/" + key, t);
  for (const auto& [key, v] : optimizer.state_scalars()) {
    std::ostringstream number;
    number << std::setprecision(17) << v;  // enough digits to read the same double back
    ck.put("optimizer_scalar/" + key, number.str());
  }
}

OptimizerState optimizer_state_of(const Checkpoint& ck) {
  OptimizerState state;
  const std::string tensor_prefix = "optimizer/", scalar_prefix = "optimizer_scalar/";
  for (const auto& [key, t] : ck.tensors())
    if (key.rfind(tensor_prefix, 0) == 0) state.tensors[key.substr(tensor_prefix.size())] = t;
  for (const auto& [key, v] : ck.strings())
    if (key.rfind(scalar_prefix, 0) == 0) state.scalars[key.substr(scalar_prefix.size())] = std::stod(v);
  return state;
}

void save_training_state(Checkpoint& ck, const Model& model, const Optimizer& optimizer, const Trainer& trainer) {
  save_parameters(ck, model.parameters());
  model.save_random_state(ck);
  save_optimizer_state(ck, optimizer);
  trainer.save_state(ck);
}

void load_training_state(const Checkpoint& ck, Model& model, Optimizer& optimizer, Trainer& trainer) {
  load_parameters(ck, model.parameters());
  model.load_random_state(ck);
  const OptimizerState state = optimizer_state_of(ck);
  optimizer.load_state(state.tensors, state.scalars);
  trainer.load_state(ck);
}

Checkpoint Checkpoint::load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot open checkpoint '" + path + "': " + std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) throw std::runtime_error("cannot read checkpoint '" + path + "': " + std::strerror(errno));
  // The magic and the version first (a foreign or older file is named as such), from the head only.
  std::istringstream head(bytes.substr(0, sizeof kMagic + 4), std::ios::binary);
  Reader h(head, path);
  char magic[sizeof kMagic];
  h.bytes(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof kMagic) != 0)
    throw std::runtime_error("'" + path + "' is not a minidl checkpoint");
  const auto version = h.get<std::uint32_t>();
  if (version != kVersion)
    throw std::runtime_error("checkpoint '" + path + "' has version " + std::to_string(version) +
                             ", this minidl reads version " + std::to_string(kVersion));
  // The digest covers everything before it: check it before reading a single entry.
  if (bytes.size() < sizeof kMagic + 4 + 8 + kDigestBytes) throw std::runtime_error("checkpoint '" + path + "' is truncated");
  Sha256 sha;
  sha.update(bytes.data(), bytes.size() - kDigestBytes);
  const auto digest = sha.digest();
  if (std::memcmp(digest.data(), bytes.data() + bytes.size() - kDigestBytes, kDigestBytes) != 0)
    throw std::runtime_error("checkpoint '" + path +
                             "' is damaged (cut short, or changed after it was written): its SHA-256 does not match");
  bytes.resize(bytes.size() - kDigestBytes);
  std::istringstream in(bytes, std::ios::binary);  // the one copy of the file a stream needs
  in.seekg(sizeof kMagic + 4);                      // past the magic and the version, read above
  Reader r(in, path);

  Checkpoint ck;
  ck.source_ = path;
  const std::size_t entries = r.size(r.get<std::uint64_t>(), 1u << 20, "entry count");
  for (std::size_t e = 0; e < entries; ++e) {
    const auto kind = r.get<std::uint8_t>();
    std::string key(r.items(r.size(r.get<std::uint32_t>(), 1u << 16, "name length"), 1, "name length"), '\0');
    r.bytes(key.data(), key.size());
    if (kind == 0) {
      const auto width = r.get<std::uint8_t>();
      if (width != 4 && width != 8) throw std::runtime_error("checkpoint '" + path + "' is corrupt (value width)");
      const std::size_t rank = r.size(r.get<std::uint32_t>(), 16, "rank");
      Shape shape(rank);
      // The product of the dimensions bounds the element count, and the product of the non-zero
      // ones the strides, which xtensor computes in a signed long even for an empty tensor (a
      // shape (0, 2^37, 2^37) overflowed it: found by fuzzing).
      std::uint64_t count = 1, strides = 1;
      for (auto& d : shape) {
        d = r.size(r.get<std::uint64_t>(), 1ull << 40, "dimension");
        if (d != 0 && strides > (1ull << 40) / d) throw std::runtime_error("checkpoint '" + path + "' is corrupt (tensor size)");
        if (d != 0) strides *= d;
        count *= d;
      }
      r.items(count, width, "tensor size");
      Tensor t = Tensor::from_shape(shape);
      if (width == sizeof(Scalar)) {
        r.bytes(reinterpret_cast<char*>(t.data()), t.size() * sizeof(Scalar));
      } else if (width == 4) {
        for (auto& v : t) v = static_cast<Scalar>(r.get<float>());
      } else {
        for (auto& v : t) v = static_cast<Scalar>(r.get<double>());
      }
      ck.tensors_[key] = std::move(t);
    } else if (kind == 1) {
      std::string s(r.items(r.get<std::uint64_t>(), 1, "string length"), '\0');
      r.bytes(s.data(), s.size());
      ck.strings_[key] = std::move(s);
    } else {
      throw std::runtime_error("checkpoint '" + path + "' is corrupt (entry kind " + std::to_string(kind) + ")");
    }
  }
  return ck;
}

}  // namespace minidl
