#pragma once
// Function: one differentiable operation, and what a user writes to add one.
//
//   forward(xs)   -> outputs, from the input tensors; may cache what backward needs
//   backward(gys) -> one gradient per input, from one upstream gradient per output
//
// A fresh instance is made for every call (so a cache is never overwritten), holds its inputs
// strongly and its outputs weakly (no reference cycles). Non-differentiable arguments such as ids
// or labels are constructor arguments. `apply` records the call in the graph; the book's way of
// driving a layer by hand, forward then backward, is framework/by_hand.hpp on top of it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <minidl/framework/variable.hpp>

namespace minidl {

// Read-only views of the input tensors handed to forward, without copying them.
class Inputs {
 public:
  explicit Inputs(std::vector<const Tensor*> xs) : xs_(std::move(xs)) {}
  const Tensor& operator[](std::size_t i) const { return *xs_.at(i); }
  std::size_t size() const { return xs_.size(); }

 private:
  std::vector<const Tensor*> xs_;
};

class Function {
 public:
  virtual ~Function() = default;
  virtual std::string name() const = 0;
  virtual Tensors forward(const Inputs& xs) = 0;
  virtual Tensors backward(const Tensors& gys) = 0;

  // The i-th input's data, available to backward (held until the graph is freed).
  const Tensor& input(std::size_t i) const;
  std::size_t num_inputs() const { return inputs_.size(); }
  // False for inputs that want no gradient: backward may return an empty Tensor for them.
  bool needs_grad(std::size_t i) const;
  int generation() const { return generation_; }

 protected:
  // For a backward whose gradient for input i is zero but on some rows (axis 0): row ids[k] gets
  // values[k] (Embedding's dW = scatter-add of dy at ids). Returns what backward puts in slot i:
  // an empty placeholder; the engine then sums the rows into the input's gradient without a dense
  // V x H tensor (framework/row_sparse).
  Tensor row_sparse_grad(std::size_t i, const Ids& ids, Tensor values);

 private:
  friend Variables apply(const std::shared_ptr<Function>& f, Variables inputs);
  friend class Variable;
  std::vector<Variable> inputs_;
  std::vector<std::optional<RowSparse>> sparse_grads_;  // by input: what row_sparse_grad gave
  std::vector<std::weak_ptr<VariableNode>> outputs_;
  std::vector<Shape> output_shapes_;  // to seed zeros for an output nobody used
  int generation_ = 0;
};

// How forward and backward return their results: `return outputs(std::move(dW), std::move(dh));`.
// `return {dW, dh};` would copy every tensor (an initializer_list's elements are const), which for
// a 10,000 x 100 gradient costs about as much as computing it.
template <class... T>
Tensors outputs(T&&... ts) {
  Tensors out;
  out.reserve(sizeof...(T));
  (out.emplace_back(std::forward<T>(ts)), ...);
  return out;
}

// Runs f on the inputs and, when gradients are enabled and some input wants one, records the call.
Variables apply(const std::shared_ptr<Function>& f, Variables inputs);

// The single-output case: `return call<MatMul>({x, W});`, `call<SoftmaxWithLoss>({s}, labels)`.
template <class F, class... Args>
Variable call(Variables inputs, Args&&... args) {
  return minidl::apply(std::make_shared<F>(std::forward<Args>(args)...), std::move(inputs)).at(0);
}

}  // namespace minidl
