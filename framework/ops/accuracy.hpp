#pragma once
// accuracy (DeZero's; not differentiable): the fraction of rows classified right.
//   scores (N, C), labels (N,):            row n is right when argmax_c scores[n, c] == labels[n]
//   scores of the labels' shape, 0/1 labels: right when (score > 0) == label, the scores being the
//                                          logits a sigmoid_cross_entropy takes (sigmoid > 1/2)
// Throws std::invalid_argument for shapes that fit neither case or an empty batch, and
// std::out_of_range for a label out of range (as get_item and the losses do for a bad id).
#include <minidl/framework/variable.hpp>

namespace minidl {

double accuracy(const Tensor& scores, const Ids& labels);
inline double accuracy(const Variable& scores, const Ids& labels) { return accuracy(scores.data(), labels); }

}  // namespace minidl
