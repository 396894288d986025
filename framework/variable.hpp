#pragma once
// Variable: a cheap handle to a tensor and its gradient; copies share one node. This sharing is
// what makes "x used twice" accumulate and what weight sharing is: two layers holding one handle.
#include <memory>
#include <string>
#include <vector>

#include <minidl/framework/tensor.hpp>

namespace minidl {

class Function;

struct VariableNode {
  Tensor data;
  Tensor grad;                         // meaningful only when has_grad; kept by clear_grad for reuse
  bool has_grad = false;
  // The rows (axis 0) of grad's buffer that may be non-zero, when known: a backward that adds rows
  // into zeros (Embedding's dW, Function::zeros_for_rows) says which, so that the next such
  // backward resets just those rows of the cleared buffer instead of zeroing all V x H of it.
  // Unknown as soon as anything else may write into the buffer (grad(), add_grad).
  std::vector<std::size_t> grad_rows;
  bool grad_rows_known = false;
  bool requires_grad = true;
  std::shared_ptr<Function> creator;   // the Function that produced data; null for a leaf
  int generation = 0;                  // creator's generation + 1: orders backward
  std::string name;
};

class Variable {
 public:
  Variable() = default;  // undefined until assigned; using it throws
  explicit Variable(Tensor data, std::string name = {}, bool requires_grad = true);

  const Tensor& data() const;
  Tensor& data();
  const Tensor& grad() const;  // throws when no backward has reached this Variable
  Tensor& grad();
  bool has_grad() const;
  // O(1): the gradient is gone (grad() throws, the next backward starts afresh); its buffer is kept
  // for that backward to start from.
  void clear_grad();
  // Adds g into the gradient (starting it if there is none): what a hand-written backward does,
  // the book's `grads[0][...] = dW`, through the same shape-checked sum the engine uses.
  void add_grad(Tensor g);

  // Seeds 1 (the Variable must hold a single value) and runs every creator's backward in
  // generation order, each exactly once. The graph is freed afterwards (so are intermediate
  // gradients) unless retain_graph: then backward may run again and h.grad() is readable.
  void backward(bool retain_graph = false);
  // The same from an explicit upstream gradient of this Variable's shape.
  void backward(const Tensor& upstream, bool retain_graph = false);

  bool defined() const { return node_ != nullptr; }
  bool requires_grad() const;
  const std::string& name() const;
  void set_name(std::string name);
  Shape shape() const;
  std::size_t size() const;
  std::shared_ptr<Function> creator() const;
  int generation() const;
  // Same node: the identity used to de-duplicate shared Parameters.
  bool same(const Variable& other) const { return node_ == other.node_; }
  const VariableNode* id() const { return node_.get(); }

 private:
  friend class Function;
  friend std::vector<Variable> apply(const std::shared_ptr<Function>& f, std::vector<Variable> inputs);
  VariableNode& node() const;
  // For Function::zeros_for_rows: zeros of data's shape, made from the cleared gradient's buffer
  // when there is one (resetting only its known rows), else a new tensor.
  Tensor take_zeros_for_grad();
  std::shared_ptr<VariableNode> node_;
};

using Variables = std::vector<Variable>;

}  // namespace minidl
