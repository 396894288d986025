#pragma once
// ByHand<F>: a Function driven the way the book drives its layers, forward, then backward by hand
// in reverse order (chapter 3's SimpleCBOW, the ch03 programs):
//
//   ByHand<MatMul> layer;
//   Tensor h = layer.forward({x, W});                  // the book: h = layer.forward(x)
//   Tensors g = layer.backward(dh);                    // {dx, dW}: dx returned, dW in layer.grads
//   ByHand<SoftmaxWithLoss> loss_layer;
//   Scalar loss = loss_layer.forward({score}, t)();    // F's constructor arguments follow the tensors
//   Tensor ds = loss_layer.backward();                 // the book's backward(dout=1)
//
// Underneath it is the engine, not a second interface: forward records F on Variables holding
// copies of the tensors, backward runs that little graph from the given gradient and returns each
// input's gradient, dense. function() is the F of the last forward (SoftmaxWithLoss's
// probabilities()).
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <minidl/framework/function.hpp>

namespace minidl {

template <class F>
class ByHand {
 public:
  template <class... Args>
  Tensor forward(const Tensors& xs, Args&&... args) {
    inputs_.clear();
    for (const Tensor& x : xs) inputs_.emplace_back(x);
    f_ = std::make_shared<F>(std::forward<Args>(args)...);
    y_ = minidl::apply(f_, inputs_).at(0);
    return y_.data();
  }

  // One gradient per input of the last forward, from the gradient of its output.
  Tensors backward(const Tensor& dy) {
    if (!f_ || !y_.creator())
      throw std::logic_error(std::string("ByHand: backward before forward") +
                             (f_ ? " (or forward ran under a NoGradGuard)" : ""));
    y_.clear_grad();  // each backward starts afresh, as the book's does
    for (Variable& x : inputs_) x.clear_grad();
    y_.backward(dy, /*retain_graph=*/true);
    Tensors gs;  // every input wants a gradient, so backward reached each
    for (const Variable& x : inputs_) gs.push_back(x.grad());
    return gs;
  }
  // A loss's backward(dout = 1): the gradient of its first input.
  Tensor backward(Scalar dout = 1) { return backward(Tensor(dout)).at(0); }

  const F& function() const {
    if (!f_) throw std::logic_error("ByHand: function() before forward");
    return *f_;
  }

 private:
  std::shared_ptr<F> f_;
  Variables inputs_;
  Variable y_;
};

}  // namespace minidl
