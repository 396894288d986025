// Writes the binary fuzz seeds (a word2vec binary file, a numpy array and a checkpoint) into
// DIR/word2vec_binary, DIR/npy and DIR/checkpoint: made by the library at run time rather than kept as binary files in the
// repository. The text seeds are in fuzz/seeds/.
#include <cstdio>
#include <filesystem>
#include <string>

#include <minidl/framework/io/checkpoint.hpp>
#include <minidl/word2vec/data/word_vectors.hpp>
#include <minidl/word2vec/io/npy_format.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_fuzz_seeds DIR\n");
    return 2;
  }
  namespace fs = std::filesystem;
  const fs::path dir(argv[1]);
  fs::create_directories(dir / "word2vec_binary");
  fs::create_directories(dir / "checkpoint");
  fs::create_directories(dir / "npy");
  const auto wv = minidl::WordVectors::from({"king", "queen", "man"},
                                            minidl::Tensor{{0.5f, -1.0f}, {2.0f, 0.25f}, {-3.0f, 1e-3f}});
  minidl::save_word2vec_binary((dir / "word2vec_binary" / "small.bin").string(), wv);
  // Two words, as the npy target's fixed words file has; the words file written beside is not a seed.
  minidl::save_npy_vectors((dir / "npy" / "small.npy").string(),
                           minidl::WordVectors::from({"a", "b"}, minidl::Tensor{{0.5f, -1.0f}, {2.0f, 0.25f}}));
  fs::remove(dir / "npy" / "small.vocab.txt");
  minidl::Checkpoint ck;
  ck.put("param/W_in", minidl::Tensor{{1.0f, 2.0f}, {3.0f, 4.0f}});
  ck.put("trainer/rng", std::string("splitmix64 42"));
  ck.put("config", std::string("model=cbow window=1"));
  ck.save((dir / "checkpoint" / "small.ckpt").string());
  return 0;
}
