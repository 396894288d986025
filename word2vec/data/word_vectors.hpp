#pragma once
// Word vectors with their vocabulary: what training produces, what the word2vec files hold, and
// what most_similar, analogy and the evaluations read. Row i of `vectors` belongs to words[i].
#include <stdexcept>
#include <string>

#include <minidl/word2vec/data/corpus.hpp>

namespace minidl {

struct WordVectors {
  IdToWord words;
  WordToId word_to_id;
  Tensor vectors;  // (V, D)

  // Checks that there is one row per word and that no word repeats.
  static WordVectors from(IdToWord words, Tensor vectors) {
    if (vectors.dimension() != 2 || vectors.shape()[0] != words.size())
      throw std::invalid_argument("WordVectors: " + std::to_string(words.size()) + " words for a matrix of shape " +
                                  shape_str(vectors.shape()));
    WordVectors wv;
    for (std::size_t i = 0; i < words.size(); ++i)
      if (!wv.word_to_id.emplace(words[i], static_cast<int>(i)).second)
        throw std::invalid_argument("WordVectors: the word '" + words[i] + "' appears twice");
    wv.words = std::move(words);
    wv.vectors = std::move(vectors);
    return wv;
  }
  std::size_t size() const { return words.size(); }
  std::size_t dim() const { return vectors.dimension() == 2 ? vectors.shape()[1] : 0; }
};

// What a trainer's --vectors writes: "in" is W_in, as the book does; "sum" is W_in + W_out and
// "concat" the two side by side (rows of the same words). Throws std::invalid_argument for another
// name, or for a combination when out is not shaped like in (a model without output vectors).
// `in` is taken by value: a caller done with its model moves W_in in, and "in" then costs no copy
// (0.4 GB at a million words).
Tensor combine_vectors(Tensor in, const Tensor& out, const std::string& which);

}  // namespace minidl
