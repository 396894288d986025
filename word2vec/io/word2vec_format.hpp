#pragma once
// Word vectors in the files of Mikolov's word2vec tool, read and written the way word2vec.c,
// distance.c and gensim (KeyedVectors.load_word2vec_format / save_word2vec_format) do, so that
// vectors trained here can be queried there and pretrained ones loaded here.
//
// Both formats open with a text header line "V D\n" (number of words, dimensions). Then:
//   text:    one line per word: "word v1 v2 ... vD\n". Values are written as the shortest decimal
//            that reads back to the same Scalar (std::to_chars, like numpy's repr that gensim
//            writes), so float32 text round-trips exactly; at most max_digits10 (9) digits.
//            Reading accepts runs of spaces or tabs between fields, trailing spaces (word2vec.c
//            and fastText end lines with one) and CRLF line ends; blank lines only at the end.
//   binary:  per word: the word's bytes, a space, D little-endian IEEE float32, then "\n"
//            (word2vec.c writes it; gensim 4 omits it, so reading does not require it: whitespace
//            before a word is skipped, and a word runs up to the next space).
// Words are byte strings (UTF-8 in practice) without whitespace: no reader could split them back.
//
// Reading is strict, since a silently shifted file gives plausible-looking garbage: the header
// must be two positive integers, every row has exactly D finite values (NaN and inf are refused:
// no evaluation means anything with them), the file holds exactly V rows, and words are unique.
// Every failure is a std::runtime_error naming the path and, where it applies, the line (text)
// or the word's index (binary). Text values are parsed with std::from_chars (locale-independent)
// on a reused line buffer; binary vectors are copied in one block from a buffered reader.
#include <string>

#include <minidl/word2vec/data/word_vectors.hpp>

namespace minidl {

enum class Word2VecFormat { text, binary };

// Text or binary, decided from the first record after the header: if that line is a word
// followed by exactly D numbers, or failing that is printable UTF-8 (no control bytes but tab
// and CR), the file is text; otherwise binary. Binary vectors are 4*D raw bytes, which with
// D >= 2 essentially never look like that; only tiny D (a single vector whose 4 bytes happen to
// be digits) can be ambiguous: use the explicit loaders there. Throws like the loaders.
Word2VecFormat detect_word2vec_format(const std::string& path);

// The longest word (in bytes) the readers accept and so the writers write; the text corpus
// reader refuses longer ones up front, so that whatever is trained can be written and read back.
constexpr std::size_t kMaxWordBytes = std::size_t(1) << 16;

// detect_word2vec_format, then one below; a path ending in ".npy" (any case) is read as numpy's
// pair instead (word2vec/io/npy_format.hpp), so every command reads those too.
WordVectors load_word2vec(const std::string& path);
WordVectors load_word2vec_text(const std::string& path);
WordVectors load_word2vec_binary(const std::string& path);

// Both write through write_file_atomic: an existing file at path is replaced only by a complete
// new one. Everything is checked before the first byte is written: a word that is empty or holds
// whitespace, a non-finite value (or, in the double build, one beyond float range in binary), an
// empty set or a matrix that does not match the words throw std::invalid_argument naming it.
void save_word2vec_text(const std::string& path, const WordVectors& wv);
void save_word2vec_binary(const std::string& path, const WordVectors& wv);

// For the command line: binary if the file name ends in ".bin" (any case, as gensim's and
// fastText's pretrained binaries are named), numpy's pair for ".npy", text for anything else
// (.txt, .vec, ...).
void save_word_vectors(const std::string& path, const WordVectors& wv);

// A path's extension in lower case (".bin", ".npy", "").
std::string lower_extension(const std::string& path);

// Everything that would make a file the readers refuse, checked before anything is written:
// std::invalid_argument "cannot write <kind> '<path>': ..." naming the word or value. float32:
// values must also fit in a float (the binary and numpy formats store float32).
void check_savable(const std::string& path, const WordVectors& wv, bool float32,
                   const std::string& kind = "word2vec file");

}  // namespace minidl
