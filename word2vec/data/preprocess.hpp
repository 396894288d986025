#pragma once
// The book's preprocess (ch. 2.3.1): lower-case the text, split '.' off as its own word, split on
// white space, and number the words in order of first appearance.
//   "You say goodbye and I say hello."  ->  corpus [0 1 2 3 4 1 5 6],
//   id_to_word {you, say, goodbye, and, i, hello, .}
#include <string>

#include <minidl/word2vec/data/corpus.hpp>

namespace minidl {

// Throws std::invalid_argument when the text holds no word.
Corpus preprocess(const std::string& text);

}  // namespace minidl
