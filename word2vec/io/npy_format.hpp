#pragma once
// Word vectors for numpy: PATH.npy holds a float32 (V, D) array, row i the vector of the i-th
// word of PATH.vocab.txt beside it (one word a line, in row order, UTF-8):
//   words = open("vectors.vocab.txt").read().split("\n")[:-1];  W = np.load("vectors.npy")
//
// Writing: the words file first, then the array, each through write_file_atomic (complete or not
// at all); the array through xtensor's own npy writer (xtensor/xnpy.hpp), format 1.0, C order.
// Reading does not use xt::load_npy: it allocates whatever the header says and does not check
// that the data is all there, where a reader of files from elsewhere must. This one takes numpy's
// formats 1.0-3.0, dtype '<f4' (or '<f8', converted), C order, a 2-D shape, exactly V * D values
// after the header (a short or long file is refused), finite values, and a words file of exactly
// V distinct, non-empty words without white space. Every failure is a std::runtime_error naming
// the file and what is wrong.
#include <string>

#include <minidl/word2vec/data/word_vectors.hpp>

namespace minidl {

// "dir/vectors.npy" -> "dir/vectors.vocab.txt".
std::string npy_vocab_path(const std::string& npy_path);

void save_npy_vectors(const std::string& path, const WordVectors& wv);
WordVectors load_npy_vectors(const std::string& path);

}  // namespace minidl
