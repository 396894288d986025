#pragma once
// The book's dataset/ptb.py (ch. 2.4.3): `corpus, word_to_id, id_to_word = ptb.load_data('train')`.
// The Penn Treebank text as preprocessed by Mikolov (10,000-word vocabulary, `<unk>` for rare
// words), processed exactly as the book does: the whole file is read, every '\n' becomes '<eos>',
// and the text is split on white space. The vocabulary is numbered in order of first appearance
// in the TRAIN file (the book's load_vocab), so the three splits share ids; train has 929,589
// tokens and 10,000 words, and word_to_id["car"] == 3856 as the book prints.
//
// Unlike the book, every file is checked by size and SHA-256 against constants in ptb.cpp, and
// where the files come from is configurable. In this order:
//   1. options.data_dir (the --data-dir flag), holding ptb.train.txt or ptb/ptb.train.txt;
//   2. the environment variable MINIDL_DATA_DIR, the same two layouts (a directory without PTB
//      files is passed over, since it may hold other data);
//   3. the cache, $XDG_CACHE_HOME/minidl/ptb or ~/.cache/minidl/ptb;
//   4. a download into the cache from the book's URL base
//      https://raw.githubusercontent.com/tomsercu/lstm/master/data/ (or MINIDL_PTB_URL), made by
//      running curl (or wget) without a shell into a temporary file that is renamed into place
//      only once its SHA-256 is right. Not libcurl: three files fetched once into a cache do not
//      justify linking a network library (and its TLS stack) into every program that uses minidl;
//      curl and wget are on nearly every machine, and where neither is, the error says where to put
//      the files by hand. The checksum, not the transport, is what makes the data trustworthy.
// A file that is found but wrong is an error, never silently replaced. All errors are
// std::runtime_error with what to do; a bad split name is std::invalid_argument.
#include <string>

#include <minidl/word2vec/data/corpus.hpp>

namespace minidl {

struct PtbOptions {
  std::string data_dir;        // an explicit directory; when it lacks the file, that is an error
  bool allow_download = true;  // false: only local copies and the cache are used
};

// The verified path of ptb.<split>.txt; split is "train", "val" (the book's name), "valid" or "test".
std::string find_ptb_file(const std::string& split, const PtbOptions& options = {});

// The book's ptb.load_data: the split's text as ids in the train vocabulary. A word of val/test
// missing from that vocabulary is an error naming it (it cannot happen with the verified files).
Corpus load_ptb(const std::string& split = "train", const PtbOptions& options = {});

namespace ptb {
// The book's spelling: ptb::load_data("train").
inline Corpus load_data(const std::string& data_type = "train", const PtbOptions& options = {}) {
  return load_ptb(data_type, options);
}
}  // namespace ptb

}  // namespace minidl
