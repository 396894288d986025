#include <minidl/framework/layer.hpp>

namespace minidl {

Parameter Layer::add_parameter(std::string name, Tensor init) {
  params_.emplace_back(std::move(init), std::move(name));
  return params_.back();
}

Parameter Layer::share_parameter(const Parameter& p) {
  params_.push_back(p);
  return p;
}

void Layer::collect(Parameters& out) const {
  for (const auto& p : params_) {
    bool seen = false;
    for (const auto& q : out) seen = seen || q.same(p);
    if (!seen) out.push_back(p);
  }
  std::vector<const Layer*> children;
  for (const auto& find : children_) find(*this, children);
  for (const Layer* c : children) c->collect(out);
}

Parameters Layer::parameters() const {
  Parameters out;
  collect(out);
  return out;
}

void Layer::zero_grad() {
  for (auto& p : parameters()) p.clear_grad();
}

}  // namespace minidl
