#include <minidl/framework/no_grad.hpp>

namespace minidl {
namespace {
thread_local bool enabled = true;
}

bool grad_enabled() { return enabled; }
NoGradGuard::NoGradGuard() : previous_(enabled) { enabled = false; }
NoGradGuard::~NoGradGuard() { enabled = previous_; }

}  // namespace minidl
