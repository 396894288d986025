#pragma once
// Every differentiable operation of the general engine, each a Function with a free function
// (framework/ops/<file>.hpp shows its forward and backward formulas):
//   arithmetic   neg add sub mul div pow scale, and + - * / on Variables and numbers
//   math         exp log sqrt sin cos tanh relu clip
//   sigmoid      sigmoid                        softmax       softmax (over the last axis)
//   shape        broadcast_to sum_to reshape transpose concat
//   get_item     get_item (rows by ids; the book's Embedding is this on W)
//   reduce       sum mean max min (axis, keepdims), sum / mean of a list
//   matmul       matmul (2-D, batched 3-D)      linear        linear (x W + b)
//   losses       mean_squared_error, softmax_with_loss = softmax_cross_entropy,
//                sigmoid_with_loss = sigmoid_cross_entropy
//   dropout      dropout (TestMode for inference)
//   accuracy     accuracy (not differentiable)
#include <minidl/framework/ops/accuracy.hpp>
#include <minidl/framework/ops/arithmetic.hpp>
#include <minidl/framework/ops/dropout.hpp>
#include <minidl/framework/ops/get_item.hpp>
#include <minidl/framework/ops/linear.hpp>
#include <minidl/framework/ops/math.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/framework/ops/mean_squared_error.hpp>
#include <minidl/framework/ops/reduce.hpp>
#include <minidl/framework/ops/shape.hpp>
#include <minidl/framework/ops/sigmoid.hpp>
#include <minidl/framework/ops/sigmoid_with_loss.hpp>
#include <minidl/framework/ops/softmax.hpp>
#include <minidl/framework/ops/softmax_with_loss.hpp>
