#pragma once
// Word-similarity benchmarks (WordSim-353, SimLex-999, MEN, RW, ... in their 3-column form): how well
// the cosine of two words' vectors (the book's cos_similarity) ranks pairs the way people scored
// them, measured by Spearman's rank correlation. Not in the book; the standard companion to the
// analogy test for judging embeddings.
//
// File format: one pair per line, "word1 word2 score" separated by tabs or spaces; blank lines and
// lines starting with '#' are skipped; any other line must have exactly three fields and a numeric
// score. Words are lower-cased (ASCII) by default, as for the analogy questions, since our
// vocabularies are lower case. A pair is covered when both words are in the vocabulary; the
// correlation is over covered pairs only, so read it together with the coverage.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include <minidl/word2vec/data/word_vectors.hpp>

namespace minidl {

struct WordSimilarityResult {
  std::string path;
  double spearman;       // NaN when fewer than two pairs are covered or either side is constant
  std::size_t covered;   // pairs with both words known
  std::size_t total;     // pairs in the file
};

// Spearman's rho: Pearson's correlation of the ranks, tied values sharing their average rank.
// Throws std::invalid_argument when the sizes differ.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

// Throws std::runtime_error naming the path when the file cannot be read, and the path and line
// number for a malformed line.
WordSimilarityResult word_similarity(const std::string& path, const WordVectors& word_vectors,
                                     bool lower_case = true);

// "path: spearman 0.6512 over 340 of 353 pairs (96.32 %)"
void print_word_similarity(std::ostream& out, const WordSimilarityResult& result);

}  // namespace minidl
