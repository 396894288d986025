#include <minidl/framework/variable.hpp>

#include <queue>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <xtensor/xbuilder.hpp>

#include <minidl/framework/function.hpp>

namespace minidl {

const Tensor& Variable::grad() const {
  VariableNode& n = node();
  if (!n.grad.defined())
    throw std::logic_error("Variable '" + n.name + "' of shape " + shape_str(n.data.shape()) +
                           " has no gradient: no backward has reached it");
  return n.grad.dense(shape_of(n.data));
}

namespace {

// The one place where gradients are summed: a Variable used twice receives both contributions.
void accumulate(VariableNode& n, Tensor&& g, const std::string& from) {
  if (!same_shape(g, n.data))
    throw std::logic_error(from + " gave a gradient of shape " + shape_str(g.shape()) + " for '" + n.name +
                           "' of shape " + shape_str(n.data.shape()));
  n.grad.add(std::move(g));
}

}  // namespace

void Variable::add_grad(Tensor g) { accumulate(node(), std::move(g), "add_grad"); }

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
  accumulate(root, Tensor(upstream), "backward's upstream gradient");
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
      if (out && out->grad.defined()) {
        Tensor& g = out->grad.dense(f->output_shapes_[k]);
        gys.push_back(retain_graph || out.get() == &root ? g : std::move(g));
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
      if (i < f->sparse_grads_.size() && f->sparse_grads_[i]) in->grad.add(std::move(*f->sparse_grads_[i]));
      else accumulate(*in, std::move(gxs[i]), f->name() + ".backward");
      if (!in->creator) continue;
      waiting[in->creator.get()].push_back(in);
      if (seen.insert(in->creator.get()).second) pending.push(in->creator);
    }
    f->sparse_grads_.clear();

    // 5. Unless the graph is retained, free as we go: intermediate gradients and f's links.
    if (!retain_graph) {
      for (auto& weak : f->outputs_) {
        if (auto out = weak.lock(); out && out.get() != &root) {
          out->grad.clear();
          out->creator.reset();
        }
      }
      f->inputs_.clear();
    }
  }
  if (!retain_graph) root.creator.reset();
}

}  // namespace minidl
