#include <minidl/word2vec/data/word_vectors.hpp>

#include <xtensor/xbuilder.hpp>

namespace minidl {

Tensor combine_vectors(Tensor in, const Tensor& out, const std::string& which) {
  if (which != "in" && which != "sum" && which != "concat")
    throw std::invalid_argument("--vectors " + which + ": want in, sum or concat");
  if (which == "in") return in;  // moved out
  if (!same_shape(in, out))
    throw std::invalid_argument("--vectors " + which + " needs output vectors shaped like W_in; this model has none");
  if (which == "sum") return in + out;
  return xt::concatenate(xt::xtuple(in, out), 1);
}

}  // namespace minidl
