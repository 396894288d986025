#include <minidl/word2vec/data/text_corpus.hpp>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <minidl/word2vec/data/text_scan.hpp>

namespace minidl {

namespace {
Corpus build_corpus(Scanner& scanner, const TextCorpusOptions& options, const std::string& where);
}  // namespace

Corpus load_text_corpus(const std::string& path, const TextCorpusOptions& options) {
  const std::string where = "text corpus '" + path + "'";
  Scanner scanner(options.eos, where, /*keep_stream=*/true);
  scan_text_file(path, options.lower, where, scanner);
  return build_corpus(scanner, options, where);
}

Corpus text_to_corpus(const std::string& text, const TextCorpusOptions& options, const std::string& name) {
  const std::string where = "text corpus '" + name + "'";
  if (text.empty()) throw std::runtime_error(where + ": the text is empty");
  Scanner scanner(options.eos, where, /*keep_stream=*/true);
  std::string lowered;
  const std::string* src = &text;
  if (options.lower) {
    lowered = text;
    for (char& c : lowered)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    src = &lowered;
  }
  const std::size_t skip = src->compare(0, 3, kByteOrderMark) == 0 ? 3 : 0;  // as load_text_corpus
  scanner.scan(src->data() + skip, src->size() - skip);
  scanner.finish();
  return build_corpus(scanner, options, where);
}

namespace {

// After scanning: drop rare words, add the line ends, number by frequency.
Corpus build_corpus(Scanner& scanner, const TextCorpusOptions& options, const std::string& where) {
  const std::vector<char> kept = kept_words(scanner, options.min_count, where);
  const std::size_t n_prov = scanner.words.size();
  const auto eos_id = scanner.eos_id;

  // Drop the rare words in place; a line end becomes "<eos>" only after a kept word.
  std::vector<std::int32_t>& stream = scanner.stream;
  std::vector<std::uint64_t> counts(n_prov, 0);
  std::size_t out = 0;
  bool line_has_kept = false;
  for (const std::int32_t id : stream) {
    if (id == Scanner::kLineEnd) {
      if (!line_has_kept) continue;
      stream[out++] = eos_id;
      ++counts[static_cast<std::size_t>(eos_id)];
      line_has_kept = false;
    } else if (kept[static_cast<std::size_t>(id)]) {
      stream[out++] = id;
      ++counts[static_cast<std::size_t>(id)];
      line_has_kept = true;
    }
  }
  stream.resize(out);

  // Number the kept words by descending count; ties keep the order of first appearance.
  const std::vector<std::int32_t> order = rank_words(counts, kept);
  std::vector<std::int32_t> final_id(n_prov, -1);
  Corpus corpus;
  corpus.id_to_word.reserve(order.size());
  corpus.word_to_id.reserve(order.size());
  for (std::size_t r = 0; r < order.size(); ++r) {
    const auto prov = static_cast<std::size_t>(order[r]);
    final_id[prov] = static_cast<std::int32_t>(r);
    corpus.id_to_word.emplace_back(scanner.words.word(prov));
    corpus.word_to_id.emplace(corpus.id_to_word.back(), static_cast<int>(r));
  }
  corpus.corpus = Ids::from_shape({stream.size()});
  auto* dst = corpus.corpus.data();
  for (std::size_t i = 0; i < stream.size(); ++i) dst[i] = final_id[static_cast<std::size_t>(stream[i])];
  return corpus;
}

}  // namespace
}  // namespace minidl
