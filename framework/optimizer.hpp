#pragma once
// Optimizer: updates a list of Parameters from their gradients (the book's `update(params, grads)`,
// here `step()` since each Parameter carries its own gradient). Parameters that no backward
// reached are left alone; step() only reads the gradients (zero_grad clears them, else the next
// backward adds to them). Subclasses write one rule for one parameter; the book's rules are in
// optim/. A row-sparse gradient (framework/row_sparse) goes to update_rows. The interface lives here so that the Trainer (framework/) can drive any of them.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <minidl/framework/parameter.hpp>

namespace minidl {

// Optimizer state that decays (Adam's m and v, Momentum's and Nesterov's v, RMSprop's h) would,
// without gradients, sink into subnormal floats, on which x86 arithmetic is some 80 times slower
// (an Adam step over a 10,000 x 100 embedding table went from 1 ms to 83 ms). Every such rule stores
// flush_tiny(state): below 1e-30 in magnitude it is 0, a move lost next to any weight a float can
// hold. NaN compares false and stays NaN. Inline, so that the update loops stay vectorised.
inline Scalar flush_tiny(Scalar x) { return std::fabs(x) < Scalar(1e-30) ? Scalar(0) : x; }

class Optimizer {
 public:
  explicit Optimizer(Parameters params) : params_(std::move(params)) {}
  virtual ~Optimizer() = default;

  void step();
  void zero_grad();
  const Parameters& parameters() const { return params_; }

  // All the optimizer's state (Adam's m, v and step count, ...), by name, so that a checkpoint can
  // save it and a resumed run continue exactly: "<slot>/<i>" for parameter i's tensors.
  std::map<std::string, Tensor> state_tensors() const;
  std::map<std::string, double> state_scalars() const { return scalars_; }
  double state_scalar(const std::string& name) const {
    const auto it = scalars_.find(name);
    return it == scalars_.end() ? 0.0 : it->second;
  }
  void load_state(const std::map<std::string, Tensor>& tensors, const std::map<std::string, double>& scalars);

 protected:
  // i indexes params_, for the subclass's per-parameter state.
  virtual void update(std::size_t i, Tensor& param, const Tensor& grad) = 0;
  // The same from a row-sparse gradient (an embedding's). By default its rows are added into a
  // kept zero buffer, update runs on that, and the rows are zeroed again: the dense rule, without
  // a fresh V x H tensor per step. SGD and Adam override it to touch less.
  virtual void update_rows(std::size_t i, Tensor& param, const RowSparse& grad);
  virtual void begin_step() {}
  // Parameter i's tensor in the named slot ("v", "m", ...): zeros of its shape, made on first use.
  Tensor& state(const std::string& slot, std::size_t i, const Tensor& param);
  // The same with a shape of its own: the parameter's, or one number per row ({rows}).
  Tensor& state(const std::string& slot, std::size_t i, const Shape& shape);
  // Changes whenever load_state replaces the state (so that pointers into it can be refreshed).
  std::size_t state_version() const { return state_version_; }
  // A named number kept across steps (Adam's step count).
  double& scalar(const std::string& name) { return scalars_[name]; }

 private:
  Parameters params_;
  std::map<std::string, std::vector<Tensor>> slots_;
  std::vector<Tensor> dense_buffers_;  // update_rows' zero buffers, one per parameter
  std::size_t state_version_ = 0;
  std::map<std::string, double> scalars_;
};

}  // namespace minidl
