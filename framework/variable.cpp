#include <minidl/framework/variable.hpp>

#include <algorithm>
#include <queue>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xnoalias.hpp>

#include <minidl/framework/function.hpp>

namespace minidl {

Variable::Variable(Tensor data, std::string name, bool requires_grad)
    : node_(std::make_shared<VariableNode>()) {
  node_->data = std::move(data);
  node_->name = std::move(name);
  node_->requires_grad = requires_grad;
}

VariableNode& Variable::node() const {
  if (!node_) throw std::logic_error("use of an undefined Variable (default-constructed, never assigned)");
  return *node_;
}

const Tensor& Variable::data() const { return node().data; }
Tensor& Variable::data() { return node().data; }
bool Variable::has_grad() const { return node().has_grad; }
bool Variable::requires_grad() const { return node().requires_grad; }
const std::string& Variable::name() const { return node().name; }
void Variable::set_name(std::string name) { node().name = std::move(name); }
Shape Variable::shape() const { return shape_of(node().data); }
std::size_t Variable::size() const { return node().data.size(); }
std::shared_ptr<Function> Variable::creator() const { return node().creator; }
int Variable::generation() const { return node().generation; }

const Tensor& Variable::grad() const {
  if (!node().has_grad)
    throw std::logic_error("Variable '" + node().name + "' of shape " + shape_str(node().data.shape()) +
                           " has no gradient: no backward has reached it");
  return node().grad;
}
Tensor& Variable::grad() {
  Tensor& g = const_cast<Tensor&>(static_cast<const Variable*>(this)->grad());
  node().grad_rows_known = false;  // the caller may write anywhere
  return g;
}

void Variable::clear_grad() { node().has_grad = false; }

namespace {

// The one place where gradients are summed: a Variable used twice receives both contributions.
// rows: the only rows of g that may be non-zero, or null for "any".
void accumulate(VariableNode& node, Tensor&& g, const std::string& from, const std::vector<std::size_t>* rows) {
  if (!same_shape(g, node.data))
    throw std::logic_error(from + " gave a gradient of shape " + shape_str(g.shape()) + " for '" + node.name +
                           "' of shape " + shape_str(node.data.shape()));
  if (node.has_grad) {
    xt::noalias(node.grad) += g;  // in place: a plain += would sum into a new V x H tensor
    // Past as many entries as the tensor has rows, resetting them all is no dearer.
    if (node.grad_rows_known && rows && node.grad_rows.size() + rows->size() <= node.data.shape()[0]) {
      node.grad_rows.insert(node.grad_rows.end(), rows->begin(), rows->end());
    } else {
      node.grad_rows_known = false;
      node.grad_rows.clear();
    }
  } else {
    node.grad = std::move(g);
    node.has_grad = true;
    node.grad_rows_known = rows != nullptr;
    if (rows) node.grad_rows = *rows;
    else node.grad_rows.clear();
  }
}

}  // namespace

void Variable::add_grad(Tensor g) { accumulate(node(), std::move(g), "add_grad", nullptr); }

Tensor Variable::take_zeros_for_grad() {
  VariableNode& n = node();
  // A gradient still held is added to (it was not cleared): the new one needs fresh zeros.
  if (n.has_grad || n.grad.size() != n.data.size() || !same_shape(n.grad, n.data))
    return xt::zeros<Scalar>(n.data.shape());
  if (n.grad_rows_known) {
    const std::size_t row = n.grad_rows.empty() ? 0 : n.data.size() / n.data.shape()[0];
    for (const std::size_t r : n.grad_rows) std::fill_n(n.grad.data() + r * row, row, Scalar(0));
  } else {
    std::fill(n.grad.begin(), n.grad.end(), Scalar(0));
  }
  n.grad_rows.clear();
  n.grad_rows_known = false;
  Tensor out = std::move(n.grad);
  n.grad = Tensor::from_shape({0});  // no buffer (rather than xtensor's moved-from state)
  return out;
}

void Variable::backward(bool retain_graph) {
  if (node().data.size() != 1)
    throw std::logic_error("backward() without an upstream gradient needs a single value, but '" +
                           node().name + "' has shape " + shape_str(node().data.shape()));
  backward(xt::ones_like(node().data), retain_graph);
}

// DeZero's loop: take the pending Function with the highest generation, so every Function runs
// only after all the Functions that use its outputs have sent their gradients.
void Variable::backward(const Tensor& upstream, bool retain_graph) {
  VariableNode& root = node();
  if (!same_shape(upstream, root.data))
    throw std::invalid_argument("backward: upstream gradient of shape " + shape_str(upstream.shape()) +
                                " for '" + root.name + "' of shape " + shape_str(root.data.shape()));
  accumulate(root, Tensor(upstream), "backward's upstream gradient", nullptr);
  if (!root.creator) return;

  auto later = [](const std::shared_ptr<Function>& a, const std::shared_ptr<Function>& b) {
    return a->generation() < b->generation();
  };
  std::priority_queue<std::shared_ptr<Function>, std::vector<std::shared_ptr<Function>>, decltype(later)>
      pending(later);
  std::unordered_set<const Function*> seen;
  pending.push(root.creator);
  seen.insert(root.creator.get());
  // Outputs whose gradient is complete but whose creator has not run yet, kept alive until it
  // does: an intermediate like (a * 3) is held by nobody else once its user has been visited.
  std::unordered_map<const Function*, std::vector<std::shared_ptr<VariableNode>>> waiting;

  while (!pending.empty()) {
    std::shared_ptr<Function> f = pending.top();
    pending.pop();

    Tensors gys;
    for (std::size_t k = 0; k < f->outputs_.size(); ++k) {
      auto out = f->outputs_[k].lock();
      if (out && out->has_grad) gys.push_back(retain_graph || out.get() == &root ? out->grad : std::move(out->grad));
      else gys.push_back(xt::zeros<Scalar>(f->output_shapes_[k]));
    }
    waiting.erase(f.get());
    Tensors gxs = f->backward(gys);
    if (gxs.size() != f->inputs_.size())
      throw std::logic_error(f->name() + ".backward returned " + std::to_string(gxs.size()) +
                             " gradients for " + std::to_string(f->inputs_.size()) + " inputs");

    for (std::size_t i = 0; i < gxs.size(); ++i) {
      const std::shared_ptr<VariableNode>& in = f->inputs_[i].node_;
      if (!in->requires_grad) continue;
      accumulate(*in, std::move(gxs[i]), f->name() + ".backward", f->rows_of_grad(i));
      if (!in->creator) continue;
      waiting[in->creator.get()].push_back(in);
      if (seen.insert(in->creator.get()).second) pending.push(in->creator);
    }

    if (!retain_graph) {  // free as we go: intermediate gradients and the links to f
      for (auto& weak : f->outputs_) {
        if (auto out = weak.lock(); out && out.get() != &root) {
          out->grad = Tensor();
          out->has_grad = false;
          out->grad_rows_known = false;
          out->creator.reset();
        }
      }
      f->inputs_.clear();
    }
  }
  if (!retain_graph) root.creator.reset();
}

}  // namespace minidl
