#include <minidl/word2vec/eval/analogy_accuracy.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include <minidl/framework/blas.hpp>
#include <minidl/word2vec/eval/similarity.hpp>

namespace minidl {
namespace {

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

[[noreturn]] void fail(const std::string& path, std::size_t line_no, const std::string& why) {
  throw std::runtime_error("analogy questions " + path + ":" + std::to_string(line_no) + ": " + why);
}

// A covered question as row ids into the (restricted) vocabulary.
struct Encoded {
  std::size_t a, b, c, d, section;
};

void add(AnalogyScore& to, const AnalogyScore& from) {
  to.correct += from.correct;
  to.covered += from.covered;
  to.total += from.total;
}

}  // namespace

double AnalogyScore::accuracy() const {
  return covered ? double(correct) / double(covered) : std::numeric_limits<double>::quiet_NaN();
}

double AnalogyScore::coverage() const {
  return total ? double(covered) / double(total) : std::numeric_limits<double>::quiet_NaN();
}

std::vector<AnalogySection> read_analogy_questions(const std::string& path, bool lower_case) {
  if (std::filesystem::is_directory(path))
    throw std::runtime_error("analogy questions: " + path + " is a directory, not a file");
  std::ifstream in(path);
  if (!in) throw std::runtime_error("analogy questions: cannot open " + path);
  return parse_analogy_questions(in, path, lower_case);
}

std::vector<AnalogySection> parse_analogy_questions(std::istream& in, const std::string& path, bool lower_case) {
  std::vector<AnalogySection> sections;
  std::string line;
  for (std::size_t line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word;) w.push_back(word);
    if (w.empty()) continue;
    if (w[0][0] == ':') {
      // ": capital-world" as in Google's file; ":name" is accepted too.
      std::string name = w[0].size() > 1 ? w[0].substr(1) : (w.size() > 1 ? w[1] : "");
      const std::size_t parts = w.size() - (w[0].size() > 1 ? 1 : 2);
      if (name.empty() || parts != 0) fail(path, line_no, "a section line must be ': name', got '" + line + "'");
      sections.push_back({std::move(name), {}});
      continue;
    }
    if (w.size() != 4)
      fail(path, line_no, "expected 4 words 'a b c d' or a ': section' line, got " + std::to_string(w.size()) +
                              " words in '" + line + "'");
    if (sections.empty()) fail(path, line_no, "a question before any ': section' line");
    if (lower_case)
      for (std::string& word : w) word = lower(std::move(word));
    sections.back().questions.push_back({w[0], w[1], w[2], w[3]});
  }
  if (in.bad()) throw std::runtime_error("analogy questions: error while reading " + path);
  return sections;
}

AnalogyAccuracy analogy_accuracy(const std::string& path, const WordVectors& word_vectors,
                                 const AnalogyAccuracyOptions& options) {
  return analogy_accuracy(read_analogy_questions(path, options.lower_case), word_vectors, options);
}

AnalogyAccuracy analogy_accuracy(const std::vector<AnalogySection>& sections, const WordVectors& word_vectors,
                                 const AnalogyAccuracyOptions& options) {
  if (options.batch_size == 0) throw std::invalid_argument("analogy_accuracy: batch_size must be positive");
  const std::size_t vocab = options.restrict_vocab ? std::min(options.restrict_vocab, word_vectors.size())
                                                   : word_vectors.size();
  const std::size_t dim = word_vectors.dim();

  AnalogyAccuracy result;
  std::vector<Encoded> covered;
  const auto find = [&](const std::string& w, std::size_t& id) {
    const auto it = word_vectors.word_to_id.find(w);
    if (it == word_vectors.word_to_id.end() || static_cast<std::size_t>(it->second) >= vocab) return false;
    id = static_cast<std::size_t>(it->second);
    return true;
  };
  for (std::size_t s = 0; s < sections.size(); ++s) {
    AnalogyScore score;
    score.name = sections[s].name;
    score.total = sections[s].questions.size();
    for (const AnalogyQuestion& q : sections[s].questions) {
      Encoded e{0, 0, 0, 0, s};
      if (find(q.a, e.a) && find(q.b, e.b) && find(q.c, e.c) && find(q.d, e.d)) covered.push_back(e);
    }
    result.sections.push_back(std::move(score));
  }

  // The first `vocab` rows, normalised once; contiguous rows, so a plain copy.
  Tensor candidates = Tensor::from_shape({vocab, dim});
  std::copy(word_vectors.vectors.data(), word_vectors.vectors.data() + vocab * dim, candidates.data());
  candidates = normalize_rows(candidates);

  // One GEMM per batch: queries (B, D) times candidates^T gives (B, V) similarities. The batch
  // shrinks for huge vocabularies so that the (B, V) block stays near 64 MB of floats.
  const std::size_t max_cells = std::size_t{1} << 24;
  const std::size_t batch = std::max<std::size_t>(1, std::min(options.batch_size, max_cells / std::max<std::size_t>(vocab, 1)));
  Tensor queries, scores;
  const Scalar* w = candidates.data();
  for (std::size_t start = 0; start < covered.size(); start += batch) {
    const std::size_t n = std::min(batch, covered.size() - start);
    queries.resize({n, dim});
    Scalar* q = queries.data();
    for (std::size_t j = 0; j < n; ++j, q += dim) {
      const Encoded& e = covered[start + j];
      // b - a + c; normalising the query would not change the argmax.
      for (std::size_t k = 0; k < dim; ++k) q[k] = w[e.b * dim + k] - w[e.a * dim + k] + w[e.c * dim + k];
    }
    gemm(false, true, 1, queries, candidates, 0, scores);
    for (std::size_t j = 0; j < n; ++j) {
      const Encoded& e = covered[start + j];
      Scalar* row = scores.data() + j * vocab;
      // Excluding a, b, c by overwriting their scores keeps the scan a tight loop.
      const Scalar lowest = -std::numeric_limits<Scalar>::infinity();
      row[e.a] = row[e.b] = row[e.c] = lowest;
      std::size_t best = vocab;
      Scalar best_score = lowest;
      for (std::size_t i = 0; i < vocab; ++i)
        if (row[i] > best_score) {  // strict: the first of equal scores wins; NaN never does
          best_score = row[i];
          best = i;
        }
      AnalogyScore& score = result.sections[e.section];
      ++score.covered;
      if (best == e.d) ++score.correct;
    }
  }

  for (std::size_t s = 0; s < result.sections.size(); ++s) {
    add(s < kSemanticSections ? result.semantic : result.syntactic, result.sections[s]);
    add(result.overall, result.sections[s]);
  }
  return result;
}

void print_analogy_accuracy(std::ostream& out, const AnalogyAccuracy& result) {
  std::size_t width = std::string("syntactic").size();
  for (const AnalogyScore& s : result.sections) width = std::max(width, s.name.size());
  const std::ios_base::fmtflags flags = out.flags();
  const std::streamsize precision = out.precision();
  // Columns: name | accuracy (9) | correct (7) / covered (7) | questions (9), all right-aligned.
  const auto row = [&](const AnalogyScore& s) {
    out << std::left << std::setw(static_cast<int>(width)) << s.name << std::right << "  ";
    if (s.covered)
      out << std::fixed << std::setprecision(2) << std::setw(7) << 100 * s.accuracy() << " %";
    else
      out << std::setw(9) << "n/a";
    out << "  " << std::setw(7) << s.correct << " / " << std::setw(7) << s.covered << "  " << std::setw(9)
        << s.total << '\n';
  };
  out << std::left << std::setw(static_cast<int>(width)) << "section" << std::right
      << "  top-1 acc  correct / covered  questions\n";
  for (const AnalogyScore& s : result.sections) row(s);
  out << '\n';
  row(result.semantic);
  row(result.syntactic);
  row(result.overall);
  out << "Questions seen / total: " << result.overall.covered << ' ' << result.overall.total << "   ";
  if (result.overall.total)
    out << std::fixed << std::setprecision(2) << 100 * result.overall.coverage() << " %\n";
  else
    out << "n/a\n";
  out.flags(flags);
  out.precision(precision);
}

std::string planted_analogies_line(const std::string& questions, const WordVectors& word_vectors) {
  if (questions.empty()) return {};
  std::istringstream q(questions);
  const auto acc = analogy_accuracy(parse_analogy_questions(q, "synthetic questions"), word_vectors);
  return "planted analogies: " + std::to_string(acc.overall.correct) + " / " + std::to_string(acc.overall.covered) +
         " correct (top-1)";
}

}  // namespace minidl
