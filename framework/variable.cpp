#include <minidl/framework/variable.hpp>

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

namespace {

// A row-sparse gradient becomes dense when something needs it so.
void make_dense(VariableNode& n) {
  if (!n.grad_is_sparse) return;
  n.grad = n.sparse_grad.to_dense(shape_of(n.data));
  n.sparse_grad = RowSparse{};
  n.grad_is_sparse = false;
}

// The one place where gradients are summed: a Variable used twice receives both contributions.
// Two row-sparse gradients stay row-sparse (their entries joined); any dense one makes it dense.
void accumulate(VariableNode& n, Tensor&& g, RowSparse&& sparse, bool is_sparse, const std::string& from) {
  if (!is_sparse && !same_shape(g, n.data))
    throw std::logic_error(from + " gave a gradient of shape " + shape_str(g.shape()) + " for '" + n.name +
                           "' of shape " + shape_str(n.data.shape()));
  if (!n.has_grad) {
    n.has_grad = true;
    n.grad_is_sparse = is_sparse;
    if (is_sparse) n.sparse_grad = std::move(sparse);
    else n.grad = std::move(g);
  } else if (is_sparse && n.grad_is_sparse) {
    n.sparse_grad.append(sparse);
  } else if (is_sparse) {
    sparse.add_to(n.grad);
  } else {
    make_dense(n);
    xt::noalias(n.grad) += g;  // in place: a plain += would sum into a new tensor
  }
}

}  // namespace

const Tensor& Variable::grad() const {
  VariableNode& n = node();
  if (!n.has_grad)
    throw std::logic_error("Variable '" + n.name + "' of shape " + shape_str(n.data.shape()) +
                           " has no gradient: no backward has reached it");
  make_dense(n);
  return n.grad;
}
Tensor& Variable::grad() { return const_cast<Tensor&>(static_cast<const Variable*>(this)->grad()); }

const RowSparse* Variable::sparse_grad() const {
  const VariableNode& n = node();
  return n.has_grad && n.grad_is_sparse ? &n.sparse_grad : nullptr;
}

RowSparse* Variable::sparse_grad() { return const_cast<RowSparse*>(static_cast<const Variable*>(this)->sparse_grad()); }

void Variable::clear_grad() {
  VariableNode& n = node();
  n.has_grad = n.grad_is_sparse = false;
  n.grad = Tensor();
  n.sparse_grad = RowSparse{};
}

void Variable::add_grad(Tensor g) { accumulate(node(), std::move(g), RowSparse{}, false, "add_grad"); }

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
  // 1. Seed: the root's gradient is the upstream one.
  accumulate(root, Tensor(upstream), RowSparse{}, false, "backward's upstream gradient");
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
  // does: an intermediate like (a * 3) in a * 3 + a * 5 is held by nobody else once Add has run.
  std::unordered_map<const Function*, std::vector<std::shared_ptr<VariableNode>>> waiting;

  while (!pending.empty()) {
    // 2. The latest Function: every user of its outputs has already sent its gradient.
    std::shared_ptr<Function> f = pending.top();
    pending.pop();

    // 3. Its outputs' gradients (zeros for an output nobody used), then its backward.
    Tensors gys;
    for (std::size_t k = 0; k < f->outputs_.size(); ++k) {
      auto out = f->outputs_[k].lock();
      if (out && out->has_grad) {
        make_dense(*out);
        gys.push_back(retain_graph || out.get() == &root ? out->grad : std::move(out->grad));
      } else {
        gys.push_back(xt::zeros<Scalar>(f->output_shapes_[k]));
      }
    }
    waiting.erase(f.get());
    Tensors gxs = f->backward(gys);
    if (gxs.size() != f->inputs_.size())
      throw std::logic_error(f->name() + ".backward returned " + std::to_string(gxs.size()) +
                             " gradients for " + std::to_string(f->inputs_.size()) + " inputs");

    // 4. Send each input its gradient (dense, or the row-sparse one f gave for it) and queue the
    //    input's creator once.
    for (std::size_t i = 0; i < gxs.size(); ++i) {
      const std::shared_ptr<VariableNode>& in = f->inputs_[i].node_;
      if (!in->requires_grad) continue;
      RowSparse* sparse = f->sparse_grad_for(i);
      accumulate(*in, std::move(gxs[i]), sparse ? std::move(*sparse) : RowSparse{}, sparse != nullptr,
                 f->name() + ".backward");
      if (!in->creator) continue;
      waiting[in->creator.get()].push_back(in);
      if (seen.insert(in->creator.get()).second) pending.push(in->creator);
    }
    f->sparse_grads_.clear();

    // 5. Unless the graph is retained, free as we go: intermediate gradients and f's links.
    if (!retain_graph) {
      for (auto& weak : f->outputs_) {
        if (auto out = weak.lock(); out && out.get() != &root) {
          out->grad = Tensor();
          out->sparse_grad = RowSparse{};
          out->has_grad = out->grad_is_sparse = false;
          out->creator.reset();
        }
      }
      f->inputs_.clear();
    }
  }
  if (!retain_graph) root.creator.reset();
}

}  // namespace minidl
