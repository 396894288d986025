#pragma once
// A built-in corpus with analogies planted in it, so that every command has a default that needs no
// download, and a test whose right answers are known.
//
// Five relations, ten word pairs each, in Google's analogy format:
//   gender (king queen), plural (car cars), past tense (take took), capital (france paris),
//   comparative (good better).
// Each sentence holds one relation word w among a few words of its own (private to the pair w
// belongs to, such as king_a for king and queen), a few words of its side of the relation (he his
// him for the male side, she her hers for the female side, ...) and Zipf-distributed fillers, in
// random order. So w's contexts are "its pair's topic" + "its side's markers", the additive
// structure that makes vec(queen) - vec(king) + vec(man) land on vec(woman).
#include <cstdint>
#include <string>
#include <vector>

namespace minidl {

struct SyntheticCorpusOptions {
  std::size_t sentences = 40000;   // about 9 words each
  std::size_t fillers = 300;       // filler vocabulary size (f000, f001, ...)
  std::size_t fillers_per_sentence = 3;
  std::uint64_t seed = 1;
};

struct SyntheticCorpus {
  std::string text;       // one sentence per line
  std::string questions;  // Google's questions-words format: `: section` lines, then `a b c d`
  std::size_t question_count = 0;
};

// Deterministic for a seed: the same options give the same text, byte for byte.
SyntheticCorpus make_synthetic_corpus(const SyntheticCorpusOptions& options = {});

}  // namespace minidl
