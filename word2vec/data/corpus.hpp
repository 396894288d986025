#pragma once
// A corpus as every chapter-3/4 loader returns it (the book's `corpus, word_to_id, id_to_word`):
// the text as word ids, and the vocabulary both ways.
#include <string>
#include <unordered_map>
#include <vector>

#include <minidl/framework/tensor.hpp>

namespace minidl {

using WordToId = std::unordered_map<std::string, int>;
using IdToWord = std::vector<std::string>;

struct Corpus {
  Ids corpus;            // (number of tokens,)
  WordToId word_to_id;
  IdToWord id_to_word;
};

}  // namespace minidl
