#pragma once
// Any plain-text file as a corpus, for training on something other than PTB. The book has only
// ptb.load_data (ch. 2.4.3); this follows its conventions where they apply and the original
// word2vec (Mikolov's word2vec.c) where the book is silent:
//   - words are the runs of non-white-space bytes (space, \t, \n, \v, \f, \r); nothing else is
//     split off, so punctuation stays attached unless the text is already tokenized as PTB is;
//   - with `eos`, each line end becomes the word "<eos>", as the book does for PTB (word2vec
//     likewise turns each newline into "</s>"); a line with no (kept) word adds none, so blank
//     lines and paragraph breaks do not stack markers, and a last line without a final '\n' still
//     ends with one. "<eos>" is never dropped by min_count;
//   - with `lower`, ASCII letters are lower-cased (other bytes, e.g. UTF-8, are left as they are);
//   - a UTF-8 byte-order mark (EF BB BF) at the very start is skipped, not read as part of the
//     first word;
//   - words occurring fewer than min_count times are removed from the corpus, not mapped to
//     "<unk>" (word2vec's min_count: the words around them become neighbours);
//   - ids are in order of descending frequency, ties by first appearance. Unlike the book's
//     first-appearance order, this is what the original word2vec writes, and what analogy
//     evaluation's restrict_vocab (the N most frequent words) and negative sampling tables expect.
// On PTB (no blank lines, no min_count) it gives the same 929,589 tokens as ptb.load_data with
// another numbering.
// Reads in 16 MiB pieces with one hash-map look-up per word, so 100 MB of text takes seconds.
#include <cstddef>
#include <string>

#include <minidl/word2vec/data/corpus.hpp>

namespace minidl {

struct TextCorpusOptions {
  std::size_t min_count = 1;  // drop words seen fewer times than this
  bool lower = false;         // lower-case ASCII letters first
  bool eos = true;            // each line end becomes "<eos>"
};

// Throws std::runtime_error naming the path when it does not exist, is a directory, cannot be
// read, is empty or holds no word, or when min_count leaves no word (saying how many words there
// were and how often the most frequent occurs).
Corpus load_text_corpus(const std::string& path, const TextCorpusOptions& options = {});
// The same for text already in memory (the synthetic corpus); `name` appears in error messages.
Corpus text_to_corpus(const std::string& text, const TextCorpusOptions& options = {},
                      const std::string& name = "text");

}  // namespace minidl
