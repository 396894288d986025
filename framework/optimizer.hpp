#pragma once
// Optimizer: updates a list of Parameters from their gradients (the book's `update(params, grads)`,
// here `step()` since each Parameter carries its own gradient). Parameters that no backward
// reached are left alone. Subclasses write one rule for one parameter; the book's rules are in
// optim/. The interface lives here so that the Trainer (framework/) can drive any of them.
#include <vector>

#include "framework/parameter.hpp"

namespace minidl {

class Optimizer {
 public:
  explicit Optimizer(Parameters params) : params_(std::move(params)) {}
  virtual ~Optimizer() = default;

  void step();
  void zero_grad();
  const Parameters& parameters() const { return params_; }

 protected:
  // i indexes params_, for the subclass's per-parameter state.
  virtual void update(std::size_t i, Tensor& param, const Tensor& grad) = 0;
  virtual void begin_step() {}
  // Zeros of param's shape, made on first use (state that follows the parameter list).
  Tensor& state(std::vector<Tensor>& slots, std::size_t i, const Tensor& param);

 private:
  Parameters params_;
};

}  // namespace minidl
