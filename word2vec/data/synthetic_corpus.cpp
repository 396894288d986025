#include <minidl/word2vec/data/synthetic_corpus.hpp>

#include <array>
#include <cmath>
#include <stdexcept>

#include <minidl/framework/random.hpp>

namespace minidl {
namespace {

struct Relation {
  const char* section;
  std::array<std::array<const char*, 3>, 2> markers;  // context words of the left and right side
  std::vector<std::array<const char*, 2>> pairs;
};

const std::vector<Relation>& relations() {
  static const std::vector<Relation> all = {
      {"gender",
       {{{"he", "his", "him"}, {"she", "her", "hers"}}},
       {{"king", "queen"}, {"man", "woman"}, {"boy", "girl"}, {"brother", "sister"}, {"father", "mother"},
        {"son", "daughter"}, {"uncle", "aunt"}, {"husband", "wife"}, {"prince", "princess"}, {"nephew", "niece"}}},
      {"plural",
       {{{"one", "single", "a"}, {"many", "several", "some"}}},
       {{"car", "cars"}, {"child", "children"}, {"dog", "dogs"}, {"cat", "cats"}, {"apple", "apples"},
        {"house", "houses"}, {"bird", "birds"}, {"tree", "trees"}, {"book", "books"}, {"mouse", "mice"}}},
      {"past-tense",
       {{{"today", "now", "usually"}, {"yesterday", "ago", "once"}}},
       {{"take", "took"}, {"go", "went"}, {"see", "saw"}, {"eat", "ate"}, {"run", "ran"}, {"write", "wrote"},
        {"sing", "sang"}, {"give", "gave"}, {"speak", "spoke"}, {"swim", "swam"}}},
      {"capital",
       {{{"nation", "country", "land"}, {"city", "capital", "downtown"}}},
       {{"france", "paris"}, {"japan", "tokyo"}, {"italy", "rome"}, {"spain", "madrid"}, {"germany", "berlin"},
        {"egypt", "cairo"}, {"russia", "moscow"}, {"china", "beijing"}, {"greece", "athens"},
        {"canada", "ottawa"}}},
      {"comparative",
       {{{"very", "quite", "so"}, {"than", "more", "even"}}},
       {{"good", "better"}, {"bad", "worse"}, {"big", "bigger"}, {"small", "smaller"}, {"fast", "faster"},
        {"old", "older"}, {"young", "younger"}, {"strong", "stronger"}, {"tall", "taller"}, {"warm", "warmer"}}},
  };
  return all;
}

std::string filler_name(std::size_t i) {
  std::string digits = std::to_string(i);
  return "f" + std::string(digits.size() < 3 ? 3 - digits.size() : 0, '0') + digits;
}

}  // namespace

SyntheticCorpus make_synthetic_corpus(const SyntheticCorpusOptions& options) {
  if (options.sentences == 0) throw std::invalid_argument("synthetic corpus: sentences must be at least 1");
  if (options.fillers == 0 && options.fillers_per_sentence > 0)
    throw std::invalid_argument("synthetic corpus: fillers_per_sentence > 0 needs a filler vocabulary");
  Rng rng(options.seed);

  // Zipf-like filler frequencies (1 / rank), drawn by inverting the cumulative sum.
  std::vector<double> cumulative(options.fillers);
  double total = 0;
  for (std::size_t i = 0; i < options.fillers; ++i) cumulative[i] = total += 1.0 / static_cast<double>(i + 1);

  SyntheticCorpus out;
  const auto& rels = relations();
  std::size_t pair_count = 0;
  for (const auto& r : rels) pair_count += r.pairs.size();
  static const char* topic_suffix[] = {"_a", "_b", "_c"};

  std::vector<std::string> words;
  for (std::size_t s = 0; s < options.sentences; ++s) {
    // Every pair and side equally often: walk pairs in turn, the side and the rest at random.
    std::size_t p = s % pair_count, r = 0;
    while (p >= rels[r].pairs.size()) p -= rels[r++].pairs.size();
    const Relation& rel = rels[r];
    const std::size_t side = rng.integer(2);
    words.clear();
    words.emplace_back(rel.pairs[p][side]);
    for (int k = 0; k < 2; ++k) words.push_back(std::string(rel.pairs[p][0]) + topic_suffix[rng.integer(3)]);
    for (int k = 0; k < 2; ++k) words.emplace_back(rel.markers[side][rng.integer(3)]);
    for (std::size_t k = 0; k < options.fillers_per_sentence; ++k) {
      const double u = rng.uniform() * total;
      std::size_t lo = 0, hi = options.fillers - 1;
      while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (cumulative[mid] < u) lo = mid + 1; else hi = mid;
      }
      words.push_back(filler_name(lo));
    }
    for (std::size_t i = words.size(); i > 1; --i) std::swap(words[i - 1], words[rng.integer(i)]);
    for (std::size_t i = 0; i < words.size(); ++i) out.text += (i ? " " : "") + words[i];
    out.text += '\n';
  }

  // Every ordered pair of different pairs of a relation: a:b = c:d.
  for (const auto& rel : rels) {
    out.questions += std::string(": ") + rel.section + "\n";
    for (const auto& a : rel.pairs)
      for (const auto& c : rel.pairs) {
        if (&a == &c) continue;
        out.questions += std::string(a[0]) + " " + a[1] + " " + c[0] + " " + c[1] + "\n";
        ++out.question_count;
      }
  }
  return out;
}

}  // namespace minidl
