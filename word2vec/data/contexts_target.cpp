#include <minidl/word2vec/data/contexts_target.hpp>

#include <stdexcept>
#include <string>

namespace minidl {

ContextsTarget create_contexts_target(const Ids& corpus, std::size_t window_size) {
  if (corpus.dimension() != 1)
    throw std::invalid_argument("create_contexts_target: the corpus must be 1-D, got shape " + shape_str(corpus.shape()));
  if (corpus.size() == 0) throw std::invalid_argument("create_contexts_target: the corpus is empty");
  if (window_size == 0) throw std::invalid_argument("create_contexts_target: window_size must be at least 1");
  const std::size_t n = corpus.size();
  if (n <= 2 * window_size)
    throw std::invalid_argument("create_contexts_target: window_size " + std::to_string(window_size) +
                                " leaves no target in a corpus of " + std::to_string(n) + " words (it needs at least " +
                                std::to_string(2 * window_size + 1) + ")");
  const std::size_t rows = n - 2 * window_size, cols = 2 * window_size;
  ContextsTarget out{Ids::from_shape({rows, cols}), Ids::from_shape({rows})};
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t t = r + window_size;
    out.target(r) = corpus(t);
    std::size_t c = 0;
    for (std::size_t k = 0; k < window_size; ++k) out.contexts(r, c++) = corpus(t - window_size + k);
    for (std::size_t k = 1; k <= window_size; ++k) out.contexts(r, c++) = corpus(t + k);
  }
  return out;
}

}  // namespace minidl
