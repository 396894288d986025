#pragma once
// Variable: a cheap handle to a tensor and its gradient; copies share one node. This sharing is
// what makes "x used twice" accumulate and what weight sharing is: two layers holding one handle.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <minidl/framework/gradient.hpp>
#include <minidl/framework/tensor.hpp>

namespace minidl {

class Function;

struct VariableNode {
  Tensor data;
  Gradient grad;                       // dense or row-sparse (framework/gradient)
  bool requires_grad = true;
  std::shared_ptr<Function> creator;   // the Function that produced data; null for a leaf
  int generation = 0;                  // creator's generation + 1: orders backward
  std::string name;
};

class Variable {
 public:
  Variable() = default;  // undefined until assigned; using it throws
  explicit Variable(Tensor data, std::string name = {}, bool requires_grad = true)
      : node_(std::make_shared<VariableNode>(VariableNode{std::move(data), {}, requires_grad, nullptr, 0, std::move(name)})) {}

  const Tensor& data() const { return node().data; }
  Tensor& data() { return node().data; }
  // The gradient as a dense tensor of data's shape (a row-sparse one is made dense here, once).
  // Throws when no backward has reached this Variable.
  const Tensor& grad() const;
  Tensor& grad() { return const_cast<Tensor&>(static_cast<const Variable*>(this)->grad()); }
  bool has_grad() const { return node().grad.defined(); }
  // The gradient as rows and values while it is row-sparse, else null: what optimizers read to
  // update only those rows.
  const RowSparse* sparse_grad() const { return node().grad.sparse(); }
  RowSparse* sparse_grad() { return node().grad.sparse(); }
  // The gradient is gone: grad() throws, the next backward starts afresh.
  void clear_grad() { node().grad.clear(); }
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
  bool requires_grad() const { return node().requires_grad; }
  const std::string& name() const { return node().name; }
  void set_name(std::string name) { node().name = std::move(name); }
  Shape shape() const { return shape_of(node().data); }
  std::size_t size() const { return node().data.size(); }
  std::shared_ptr<Function> creator() const { return node().creator; }
  int generation() const { return node().generation; }
  // Same node: the identity used to de-duplicate shared Parameters.
  bool same(const Variable& other) const { return node_ == other.node_; }

 private:
  friend class Function;
  friend std::vector<Variable> apply(const std::shared_ptr<Function>& f, std::vector<Variable> inputs);
  VariableNode& node() const {
    if (!node_) throw std::logic_error("use of an undefined Variable (default-constructed, never assigned)");
    return *node_;
  }
  std::shared_ptr<VariableNode> node_;
};

using Variables = std::vector<Variable>;

}  // namespace minidl
