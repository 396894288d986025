#include <minidl/word2vec/data/preprocess.hpp>

#include <cctype>
#include <sstream>
#include <stdexcept>

namespace minidl {

Corpus preprocess(const std::string& text) {
  std::string spaced;
  spaced.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    if (c == '.') spaced += " .";
    else spaced += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  Corpus out;
  std::vector<std::int32_t> ids;
  std::istringstream words(spaced);
  for (std::string w; words >> w;) {
    auto [it, inserted] = out.word_to_id.try_emplace(w, static_cast<int>(out.id_to_word.size()));
    if (inserted) out.id_to_word.push_back(w);
    ids.push_back(it->second);
  }
  if (ids.empty()) throw std::invalid_argument("preprocess: the text contains no words (empty corpus)");
  out.corpus = Ids::from_shape({ids.size()});
  std::copy(ids.begin(), ids.end(), out.corpus.begin());
  return out;
}

}  // namespace minidl
