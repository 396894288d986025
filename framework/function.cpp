#include <minidl/framework/function.hpp>

#include <algorithm>
#include <stdexcept>

#include <minidl/framework/no_grad.hpp>

namespace minidl {

const Tensor& Function::input(std::size_t i) const {
  if (i >= inputs_.size())
    throw std::logic_error(name() + ": input " + std::to_string(i) + " requested, but the call has " +
                           std::to_string(inputs_.size()) + " (or the graph was freed by backward)");
  return inputs_[i].data();
}

bool Function::needs_grad(std::size_t i) const { return i < inputs_.size() && inputs_[i].requires_grad(); }

Tensor Function::row_sparse_grad(std::size_t i, const Ids& ids, Tensor values) {
  sparse_grads_.resize(std::max(sparse_grads_.size(), i + 1));
  sparse_grads_[i] = make_row_sparse(name(), shape_of(input(i)), ids, std::move(values));
  return Tensor();
}

Variables apply(const std::shared_ptr<Function>& f, Variables inputs) {
  std::vector<const Tensor*> views;
  bool record = false;
  for (const auto& x : inputs) {
    views.push_back(&x.data());
    record = record || x.requires_grad();
  }
  record = record && grad_enabled();
  f->inputs_ = std::move(inputs);
  Tensors ys = f->forward(Inputs(std::move(views)));
  if (!record) f->inputs_.clear();  // nothing will call backward: let the inputs go
  for (const auto& x : f->inputs_) f->generation_ = std::max(f->generation_, x.generation());

  Variables outputs;
  for (auto& y : ys) {
    if (record) f->output_shapes_.push_back(shape_of(y));
    outputs.emplace_back(std::move(y), std::string{}, record);
    if (!record) continue;
    VariableNode& out = outputs.back().node();
    out.creator = f;
    out.generation = f->generation_ + 1;
    f->outputs_.push_back(outputs.back().node_);
  }
  return outputs;
}

}  // namespace minidl
