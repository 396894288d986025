#include <minidl/word2vec/eval/analogy.hpp>

#include <cmath>
#include <ostream>
#include <stdexcept>

#include <xtensor/xview.hpp>

namespace minidl {
namespace {

// The first word of the list that the vocabulary lacks, or nullptr.
const std::string* first_unknown(const WordVectors& wv, const std::string& a, const std::string& b,
                                 const std::string& c, const std::string& answer) {
  for (const std::string* w : {&a, &b, &c})
    if (!wv.word_to_id.count(*w)) return w;
  if (!answer.empty() && !wv.word_to_id.count(answer)) return &answer;
  return nullptr;
}

}  // namespace

AnalogyResult analogy(const std::string& a, const std::string& b, const std::string& c,
                      const WordVectors& word_vectors, std::size_t top, const std::string& answer) {
  if (const std::string* w = first_unknown(word_vectors, a, b, c, answer))
    throw std::invalid_argument("analogy: '" + *w + "' is not found");
  return analogy(a, b, c, word_vectors, normalize_rows(word_vectors.vectors), top, answer);
}

AnalogyResult analogy(const std::string& a, const std::string& b, const std::string& c,
                      const WordVectors& word_vectors, const Tensor& normalized, std::size_t top,
                      const std::string& answer) {
  if (const std::string* w = first_unknown(word_vectors, a, b, c, answer))
    throw std::invalid_argument("analogy: '" + *w + "' is not found");
  detail::check_normalized("analogy", word_vectors, normalized);
  const auto id = [&](const std::string& w) { return static_cast<std::size_t>(word_vectors.word_to_id.at(w)); };
  const std::size_t ia = id(a), ib = id(b), ic = id(c);

  Tensor query_vec = xt::view(normalized, ib, xt::all());
  query_vec -= xt::view(normalized, ia, xt::all());
  query_vec += xt::view(normalized, ic, xt::all());
  query_vec.reshape({std::size_t{1}, query_vec.size()});
  query_vec = normalize_rows(query_vec);

  const std::vector<double> similarity = detail::row_similarities(normalized, query_vec);
  AnalogyResult result;
  for (const std::size_t i : detail::top_ids(similarity, top, {ia, ib, ic}))
    result.top.push_back({word_vectors.words[i], similarity[i]});
  if (!answer.empty()) {
    result.answer = answer;
    result.answer_similarity = similarity[id(answer)];
  }
  return result;
}

void print_analogy(std::ostream& out, const std::string& a, const std::string& b, const std::string& c,
                   const AnalogyResult& result) {
  const detail::SignificantDigits seven(out, 7);
  out << "\n[analogy] " << a << ':' << b << " = " << c << ":?\n";
  if (!result.answer.empty()) out << "==>" << result.answer << ':' << result.answer_similarity << '\n';
  for (const Similar& s : result.top) out << ' ' << s.word << ": " << s.similarity << '\n';
}

void print_analogy(std::ostream& out, const std::string& a, const std::string& b, const std::string& c,
                   const WordVectors& word_vectors, std::size_t top, const std::string& answer) {
  if (const std::string* w = first_unknown(word_vectors, a, b, c, answer)) {
    out << *w << " is not found\n";
    return;
  }
  print_analogy(out, a, b, c, analogy(a, b, c, word_vectors, top, answer));
}

}  // namespace minidl
