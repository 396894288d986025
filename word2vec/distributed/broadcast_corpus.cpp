#include <minidl/word2vec/distributed/broadcast_corpus.hpp>

#include <sstream>

namespace minidl {
namespace {

// Words have no white space (the tokenizer splits on it), so one per line is unambiguous.
std::string joined(const IdToWord& words) {
  std::string all;
  for (const auto& w : words) all += w + '\n';
  return all;
}

IdToWord split(const std::string& all) {
  IdToWord words;
  std::istringstream in(all);
  for (std::string w; std::getline(in, w);) words.push_back(w);
  return words;
}

}  // namespace

void broadcast_vocabulary(const MpiGroup& group, TextVocabulary& v) {
  std::string words = group.rank() == 0 ? joined(v.id_to_word) : std::string();
  group.broadcast(words);
  std::vector<std::uint64_t> numbers;
  if (group.rank() == 0) {
    numbers = {std::uint64_t(std::int64_t(v.eos)), v.tokens, v.units, v.file.size, std::uint64_t(v.file.modified_ns),
               std::uint64_t(v.seconds * 1e9)};
    for (const auto& c : v.checkpoints) numbers.insert(numbers.end(), {c.offset, c.units, c.line, c.line_has_word ? 1u : 0u});
  }
  group.broadcast(numbers);
  std::vector<std::uint64_t> counts = v.counts;
  group.broadcast(counts);
  if (group.rank() == 0) return;
  v.id_to_word = split(words);
  v.lookup = WordTable();
  for (const auto& w : v.id_to_word) v.lookup.intern(w);
  v.counts = std::move(counts);
  v.eos = std::int32_t(std::int64_t(numbers[0]));
  v.tokens = numbers[1];
  v.units = numbers[2];
  v.file.size = numbers[3];
  v.file.modified_ns = std::int64_t(numbers[4]);
  v.seconds = double(numbers[5]) / 1e9;
  v.checkpoints.clear();
  for (std::size_t i = 6; i + 3 < numbers.size(); i += 4)
    v.checkpoints.push_back(TextCheckpoint{numbers[i], numbers[i + 1], numbers[i + 2], numbers[i + 3] != 0});
}

void broadcast_corpus(const MpiGroup& group, LoadedCorpus& loaded) {
  Corpus& c = loaded.corpus;
  std::string words = group.rank() == 0 ? joined(c.id_to_word) : std::string();
  group.broadcast(words);
  group.broadcast(loaded.description);
  group.broadcast(loaded.questions);
  std::uint64_t n = c.corpus.size();
  group.broadcast(&n, sizeof n);
  if (group.rank() != 0) {
    c.id_to_word = split(words);
    c.word_to_id.clear();
    for (std::size_t i = 0; i < c.id_to_word.size(); ++i) c.word_to_id[c.id_to_word[i]] = int(i);
    c.corpus = Ids::from_shape({std::size_t(n)});
  }
  group.broadcast(c.corpus.data(), std::size_t(n) * sizeof(std::int32_t));
}

}  // namespace minidl
