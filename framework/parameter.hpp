#pragma once
// A Parameter is a named Variable that always wants a gradient: what layers own and optimizers
// update. Sharing a weight is sharing the handle.
#include <minidl/framework/variable.hpp>

namespace minidl {

class Parameter : public Variable {
 public:
  Parameter() = default;
  Parameter(Tensor data, std::string name) : Variable(std::move(data), std::move(name), true) {}
};

using Parameters = std::vector<Parameter>;

}  // namespace minidl
