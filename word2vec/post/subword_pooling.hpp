#pragma once
// Subword pooling: what a word's spelling relatives say about it, from vectors already trained.
// A small corpus sees most words a handful of times; "walked" shares its ending with hundreds of
// past tenses, and fastText (Bojanowski et al., TACL 2017) learns a vector per character n-gram so
// that a word borrows from them. Here the same idea, with no training:
//   g(n) = mean of unit(x_w) over the words w whose "<w>" contains the n-gram n  (n-grams in two
//          words or more: an n-gram of one word would only repeat that word)
//   p(w) = mean of g(n) over w's n-grams, 0 if none is shared
// n-grams are of characters (UTF-8, never split inside a character), min_n to max_n long (fastText's
// 3 to 6), of the word between the boundary marks "<" and ">".
// with_subwords(X, words) = [unit(x_w), unit(p(w))] side by side: the word's own contexts and its
// relatives' contexts with equal weight (no weight to tune), 2d numbers per word.
#include <cstddef>
#include <string>
#include <vector>

#include <minidl/framework/tensor.hpp>

namespace minidl {

struct SubwordOptions {
  std::size_t min_n = 3, max_n = 6;
};

// The distinct character n-grams of "<word>", min_n to max_n characters long, in order of first
// appearance.
std::vector<std::string> char_ngrams(const std::string& word, std::size_t min_n, std::size_t max_n);

// p(w) for every row of X (V, d), words[i] naming row i. Throws std::invalid_argument if words and
// X's rows differ in number or min_n is 0 or above max_n.
Tensor subword_pooled(const Tensor& X, const std::vector<std::string>& words, const SubwordOptions& options = {});

// [unit rows of X, unit rows of subword_pooled(X, words)]: (V, 2d).
Tensor with_subwords(const Tensor& X, const std::vector<std::string>& words, const SubwordOptions& options = {});

}  // namespace minidl
