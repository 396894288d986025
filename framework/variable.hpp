#pragma once
// Variable: a cheap handle to a tensor and its gradient; copies share one node. This sharing is
// what makes "x used twice" accumulate and what weight sharing is: two layers holding one handle.
#include <memory>
#include <string>
#include <vector>

#include <minidl/framework/row_sparse.hpp>
#include <minidl/framework/tensor.hpp>

namespace minidl {

class Function;

struct VariableNode {
  Tensor data;
  // The gradient, when has_grad: dense in grad, or row-sparse in sparse_grad (an embedding's,
  // framework/row_sparse) until something asks for it dense.
  Tensor grad;
  RowSparse sparse_grad;
  bool has_grad = false;
  bool grad_is_sparse = false;
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
  // The gradient as a dense tensor of data's shape (a row-sparse one is made dense here, once).
  // Throws when no backward has reached this Variable.
  const Tensor& grad() const;
  Tensor& grad();
  bool has_grad() const;
  // The gradient as rows and values while it is row-sparse, else null: what optimizers read to
  // update only those rows.
  const RowSparse* sparse_grad() const;
  RowSparse* sparse_grad();
  // The gradient is gone: grad() throws, the next backward starts afresh.
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
  std::shared_ptr<VariableNode> node_;
};

using Variables = std::vector<Variable>;

}  // namespace minidl
