#pragma once
// A checkpoint: named tensors and named strings in one binary file, so that training can stop and
// resume with the same result as a run that never stopped. What goes in is the caller's business
// (a training program stores every Parameter, the optimizer's state, the Trainer's and the
// model's random generators, and whatever else it needs to continue); this file only keeps it safe.
//
// Format (little-endian): "MINIDLCK", u32 version 2, u64 entry count, then per entry:
//   u8 kind (0 tensor, 1 string), u32 name length, name,
//   tensor: u8 bytes per value (4 float, 8 double), u32 rank, u64 dims..., values
//   string: u64 length, bytes
// and last the 32-byte SHA-256 of everything before it: a file changed after it was written (a
// flipped bit, a bad copy) is refused instead of resumed from. Version 1 had no digest, and its
// generator states were another generator's. Saving writes a temporary file and renames it, so an
// existing checkpoint is never half-written.
#include <map>
#include <string>

#include <minidl/framework/parameter.hpp>

namespace minidl {

class Model;
class Optimizer;
class Trainer;

class Checkpoint {
 public:
  void put(const std::string& key, const Tensor& t) { tensors_[key] = t; }
  void put(const std::string& key, const std::string& s) { strings_[key] = s; }

  bool has_tensor(const std::string& key) const { return tensors_.count(key) != 0; }
  bool has_string(const std::string& key) const { return strings_.count(key) != 0; }
  // Throw std::runtime_error naming the key (and the file it came from) when it is missing.
  const Tensor& tensor(const std::string& key) const;
  const std::string& string(const std::string& key) const;
  const std::map<std::string, Tensor>& tensors() const { return tensors_; }
  const std::map<std::string, std::string>& strings() const { return strings_; }

  void save(const std::string& path) const;
  // Throws std::runtime_error naming the path for a missing, truncated or foreign file.
  static Checkpoint load(const std::string& path);

 private:
  std::map<std::string, Tensor> tensors_;
  std::map<std::string, std::string> strings_;
  std::string source_;  // the file it was loaded from, for messages
};

// Parameters under "param/<name>"; their names must be unique. Loading checks every shape, so a
// checkpoint of another model or size is refused with a message instead of read into the wrong place.
void save_parameters(Checkpoint& ck, const Parameters& params);
void load_parameters(const Checkpoint& ck, const Parameters& params);

// An optimizer's state (Optimizer::state_tensors and state_scalars) under "optimizer/<key>" and
// "optimizer_scalar/<key>", and read back as the two maps Optimizer::load_state takes (both empty
// when the checkpoint holds none: a stateless optimizer, or one yet to be created).
struct OptimizerState {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, double> scalars;
};
void save_optimizer_state(Checkpoint& ck, const Optimizer& optimizer);
OptimizerState optimizer_state_of(const Checkpoint& ck);

// Everything a training run needs to continue exactly: the model's Parameters and generators, the
// optimizer's state ("optimizer/..."), and the Trainer's generator, epoch count and loss history.
void save_training_state(Checkpoint& ck, const Model& model, const Optimizer& optimizer, const Trainer& trainer);
void load_training_state(const Checkpoint& ck, Model& model, Optimizer& optimizer, Trainer& trainer);

}  // namespace minidl
