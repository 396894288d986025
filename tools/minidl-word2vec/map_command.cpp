// minidl-word2vec map: a 2-D picture of a vector space, the book's count_method_small.py plot
// (words at (U[id, 0], U[id, 1])) for any word2vec file, by PCA or t-SNE, as an SVG file.
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "commands.hpp"
#include <minidl/word2vec/map/projection.hpp>
#include <minidl/word2vec/eval/similarity.hpp>
#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>
#include <minidl/word2vec/map/svg_scatter.hpp>

namespace word2vec_cli {
namespace {

using namespace minidl;

struct MapOptions {
  std::string vectors;
  std::vector<std::string> words;
  std::size_t top = 0;
  std::string method = "pca";
  std::string out = "map.svg";
  std::uint64_t seed = 0;
  std::string title;  // empty: the file name
};

void run_map(const MapOptions& o) {
  if (o.words.empty() == (o.top == 0)) throw std::invalid_argument("map: give either --words or --top N");
  const WordVectors wv = load_word2vec(o.vectors);
  std::vector<std::size_t> ids;
  std::vector<std::string> labels;
  if (!o.words.empty()) {
    std::unordered_set<std::string> seen;
    std::string missing;
    for (const auto& w : o.words) {
      const auto it = wv.word_to_id.find(w);
      if (it == wv.word_to_id.end()) {
        missing += (missing.empty() ? "'" : ", '") + w + "'";
        continue;
      }
      if (!seen.insert(w).second) continue;  // a repeated word is drawn once
      ids.push_back(static_cast<std::size_t>(it->second));
      labels.push_back(w);
    }
    if (!missing.empty())
      throw std::invalid_argument("map: --words " + missing + " not in the vocabulary of '" + o.vectors + "'");
  } else {
    for (std::size_t i = 0; i < std::min(o.top, wv.size()); ++i) {
      ids.push_back(i);
      labels.push_back(wv.words[i]);
    }
  }
  // Rows normalised first: the map then shows cosine similarity, what similar and analogy use.
  const Tensor all = normalize_rows(wv.vectors);
  Tensor X = Tensor::from_shape({ids.size(), wv.dim()});
  for (std::size_t r = 0; r < ids.size(); ++r)
    std::copy(all.data() + ids[r] * wv.dim(), all.data() + (ids[r] + 1) * wv.dim(), X.data() + r * wv.dim());
  Tensor points;
  if (o.method == "pca") {
    points = pca_2d(X).points;
  } else {
    TsneOptions t;
    t.seed = o.seed;
    points = tsne_2d(X, t);
  }
  std::vector<std::array<double, 2>> xy(ids.size());
  for (std::size_t r = 0; r < ids.size(); ++r) xy[r] = {points(r, 0), points(r, 1)};
  const std::string svg = scatter_plot_svg(xy, labels, (o.title.empty() ? o.vectors : o.title) + " (" + o.method + ", " +
                                                           std::to_string(ids.size()) + " words)");
  write_file_atomic(o.out, [&](std::ostream& f) { f << svg; });
  std::cout << "map: " << o.out << " (" << ids.size() << " words, " << o.method << ")\n";
}

}  // namespace

void add_map_command(CLI::App& app) {
  auto o = std::make_shared<MapOptions>();
  CLI::App* cmd = app.add_subcommand("map", "draw words in 2-D (PCA or t-SNE) as an SVG scatter plot");
  cmd->add_option("--vectors", o->vectors, "word2vec file, text or binary")->required();
  cmd->add_option("--words", o->words, "the words to draw");
  cmd->add_option("--top", o->top, "draw the first N words of the file instead");
  cmd->add_option("--method", o->method, "pca or tsne")->check(CLI::IsMember({"pca", "tsne"}))->capture_default_str();
  cmd->add_option("--out", o->out, "the SVG file to write")->capture_default_str();
  cmd->add_option("--title", o->title, "the plot's title (default: the vectors' file name)");
  cmd->add_option("--seed", o->seed, "seed for t-SNE's starting points")->capture_default_str();
  cmd->callback([o] { run_map(*o); });
}

}  // namespace word2vec_cli
