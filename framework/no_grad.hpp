#pragma once
// While a NoGradGuard lives, Functions compute but record nothing: inference and the gradient
// checker's numerical forwards build no graph. Per thread, nests, restores on scope exit.
namespace minidl {

bool grad_enabled();

class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

}  // namespace minidl
