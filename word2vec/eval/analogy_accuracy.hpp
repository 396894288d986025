#pragma once
// Analogy accuracy on Google's questions-words.txt, as word2vec's compute-accuracy measures it:
// each question "a b c d" means a:b = c:d and counts as correct when the word closest to
// vec(b) - vec(a) + vec(c) by cosine (3CosAdd, rows normalised first), a, b and c excluded, is d.
// This is the batch form of the book's `analogy` (ch. 4.4.2) with top = 1.
//
// Choices, and why:
// - Case: compute-accuracy upper-cases both the vocabulary and the questions, i.e. matches words
//   case-insensitively. Our vocabularies (the book's preprocess, PTB) are lower case, so the
//   questions are lower-cased (ASCII) by default; `lower_case = false` keeps them as written for a
//   cased vocabulary. The vocabulary is never changed.
// - restrict_vocab: like compute-accuracy's threshold, only the first `restrict_vocab` rows take
//   part, as candidates and as question words; a question with a word outside them is not covered.
//   The first rows are the most frequent words when the vectors are sorted by frequency, as
//   word2vec and gensim write them (the book's preprocess orders by first appearance instead).
// - Semantic vs syntactic is decided by position: the first five sections are semantic (in Google's
//   file: capital-common-countries, capital-world, currency, city-in-state, family), the rest
//   syntactic (gram1..gram9). A file with fewer sections is all semantic.
// - A question line before any ": section" line is an error: every file in this format opens with
//   a section, and a missing one more likely means a wrong file than a deliberate choice.
// - Blank lines are skipped; CR line ends are accepted.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include <minidl/word2vec/data/word_vectors.hpp>

namespace minidl {

struct AnalogyQuestion {
  std::string a, b, c, d;  // a:b = c:d
};

struct AnalogySection {
  std::string name;  // without the leading ": "
  std::vector<AnalogyQuestion> questions;
};

// Reads a questions-words.txt style file. Throws std::runtime_error naming the path when it cannot
// be read, and the path and line number for a line that is neither ": name" nor four words.
std::vector<AnalogySection> read_analogy_questions(const std::string& path, bool lower_case = true);
// The same from a stream (the synthetic corpus's questions are made in memory); `path` names it in
// messages.
std::vector<AnalogySection> parse_analogy_questions(std::istream& in, const std::string& path, bool lower_case = true);

struct AnalogyScore {
  std::string name;
  std::size_t correct = 0;  // top-1 answer was d
  std::size_t covered = 0;  // all four words in the (restricted) vocabulary
  std::size_t total = 0;    // questions in the file
  double accuracy() const;  // correct / covered (compute-accuracy's figure); NaN when none covered
  double coverage() const;  // covered / total; NaN when there are no questions
};

struct AnalogyAccuracy {
  std::vector<AnalogyScore> sections;  // in file order
  AnalogyScore semantic{"semantic"};   // the first five sections
  AnalogyScore syntactic{"syntactic"}; // the rest
  AnalogyScore overall{"total"};
};

constexpr std::size_t kSemanticSections = 5;

struct AnalogyAccuracyOptions {
  std::size_t restrict_vocab = 0;  // 0: the whole vocabulary
  bool lower_case = true;          // lower-case the questions (read from a file)
  std::size_t batch_size = 256;    // questions per matrix product
};

// Scores parsed questions (taken as written: lower_case applies to reading only).
AnalogyAccuracy analogy_accuracy(const std::vector<AnalogySection>& sections, const WordVectors& word_vectors,
                                 const AnalogyAccuracyOptions& options = {});
// Reads the file, then scores it.
AnalogyAccuracy analogy_accuracy(const std::string& path, const WordVectors& word_vectors,
                                 const AnalogyAccuracyOptions& options = {});

// A table: one line per section, then semantic, syntactic and total, then compute-accuracy's
// "Questions seen / total: 19544 19544   100.00 %" line.
void print_analogy_accuracy(std::ostream& out, const AnalogyAccuracy& result);

// The line every training program prints for the synthetic corpus's planted analogies (questions
// in Google's format), "planted analogies: 431 / 450 correct (top-1)"; empty when questions is
// empty (only the synthetic corpus knows its right answers).
std::string planted_analogies_line(const std::string& questions, const WordVectors& word_vectors);

}  // namespace minidl
