// word2vec/map/projection (PCA, t-SNE) and word2vec/map/svg_scatter: the maps of a vector space.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include <minidl/word2vec/map/projection.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/word2vec/map/svg_scatter.hpp>

using namespace minidl;

namespace {

// Tags nest and balance, every '&' starts an entity, nothing but a tag holds '<'; "" or the problem.
std::string xml_problem(const std::string& doc) {
  std::vector<std::string> open;
  bool root = false;
  for (std::size_t i = 0; i < doc.size();) {
    if (doc[i] == '&') {
      static const std::regex entity("^&(lt|gt|amp|quot|apos|#[0-9]+);");
      if (!std::regex_search(doc.substr(i, 8), entity)) return "raw '&' at " + std::to_string(i);
      ++i;
      continue;
    }
    if (doc[i] != '<') {
      ++i;
      continue;
    }
    const std::size_t end = doc.find('>', i);
    if (end == std::string::npos) return "unterminated tag";
    const std::string tag = doc.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.empty() || tag.find('<') != std::string::npos) return "bad tag '" + tag + "'";
    if (tag[0] == '?' || tag[0] == '!') continue;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return "</" + tag.substr(1) + "> does not match";
      open.pop_back();
      continue;
    }
    if (open.empty() && root) return "second root";
    root = true;
    if (tag.back() != '/') open.push_back(tag.substr(0, tag.find_first_of(" \t\n/")));
  }
  if (!root) return "no element";
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

double distance(const Tensor& p, std::size_t i, std::size_t j) {
  return std::hypot(p(i, 0) - p(j, 0), p(i, 1) - p(j, 1));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(projection)

BOOST_AUTO_TEST_CASE(pca_of_points_on_a_line_finds_the_line) {
  // x_t = c + t d for d = (1, 2, 2) / 3 plus tiny noise: the first component is +-d, the first
  // coordinates are t minus their mean (spread along the line), the second nearly 0.
  Rng rng(2);
  const double d[3] = {1.0 / 3, 2.0 / 3, 2.0 / 3};
  Tensor X = Tensor::from_shape({20, 3});
  for (std::size_t i = 0; i < 20; ++i)
    for (std::size_t k = 0; k < 3; ++k)
      X(i, k) = static_cast<Scalar>(5.0 + (static_cast<double>(i) - 3) * d[k] + 1e-3 * rng.normal());
  const PcaResult r = pca_2d(X);
  double cos = 0;
  for (std::size_t k = 0; k < 3; ++k) cos += r.components(0, k) * d[k];
  BOOST_CHECK_CLOSE(std::abs(cos), 1.0, 1e-3);
  BOOST_CHECK_GT(cos, 0);  // sign fixed: the largest entry (2/3) positive
  for (std::size_t i = 0; i < 20; ++i) {
    BOOST_CHECK_SMALL(r.points(i, 0) - (static_cast<double>(i) - 9.5), 0.01);
    BOOST_CHECK_SMALL(static_cast<double>(r.points(i, 1)), 0.01);
  }
  BOOST_CHECK_THROW(pca_2d(Tensor(xt::zeros<Scalar>({1, 3}))), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(tsne_keeps_two_clusters_apart_and_is_seeded) {
  // 15 points around (0,...,0) and 15 around (10,...,10) in 8-D: every within-cluster distance in
  // the map must be smaller than every between-cluster one.
  Rng rng(4);
  Tensor X = Tensor::from_shape({30, 8});
  for (std::size_t i = 0; i < 30; ++i)
    for (std::size_t k = 0; k < 8; ++k) X(i, k) = static_cast<Scalar>((i < 15 ? 0 : 10) + rng.normal());
  TsneOptions o;
  o.seed = 9;
  const Tensor Y = tsne_2d(X, o);
  double within = 0, between = 1e300;
  for (std::size_t i = 0; i < 30; ++i)
    for (std::size_t j = i + 1; j < 30; ++j) {
      const double dist = distance(Y, i, j);
      if ((i < 15) == (j < 15)) within = std::max(within, dist);
      else between = std::min(between, dist);
    }
  BOOST_CHECK_LT(within, between);
  BOOST_CHECK(tsne_2d(X, o) == Y);
  o.seed = 10;
  BOOST_CHECK(tsne_2d(X, o) != Y);
  BOOST_CHECK_THROW(tsne_2d(Tensor(xt::zeros<Scalar>({3, 2}))), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(scatter_svg_is_well_formed_with_every_label) {
  const std::vector<std::array<double, 2>> pts = {{0, 0}, {1, 2}, {-3, 0.5}, {2, -1}};
  const std::vector<std::string> labels = {"you", "say", "<eos>", "a&b"};
  const std::string svg = scatter_plot_svg(pts, labels, "PPMI \"map\"");
  BOOST_CHECK_EQUAL(xml_problem(svg), "");
  BOOST_CHECK(svg.find(">you</text>") != std::string::npos);
  BOOST_CHECK(svg.find(">say</text>") != std::string::npos);
  BOOST_CHECK(svg.find(">&lt;eos&gt;</text>") != std::string::npos);
  BOOST_CHECK(svg.find(">a&amp;b</text>") != std::string::npos);
  BOOST_CHECK(svg.find("PPMI &quot;map&quot;") != std::string::npos);
  std::size_t circles = 0;
  for (std::size_t p = svg.find("<circle"); p != std::string::npos; p = svg.find("<circle", p + 1)) ++circles;
  BOOST_CHECK_EQUAL(circles, 4u);
  BOOST_CHECK_EQUAL(xml_problem(scatter_plot_svg({{1, 1}}, {"alone"})), "");  // a single point: padded range
  BOOST_CHECK_EQUAL(xml_problem("<svg><g></svg>"), "</svg> does not match");  // the checker can fail
  BOOST_CHECK_THROW(scatter_plot_svg(pts, {"a"}), std::invalid_argument);
  BOOST_CHECK_THROW(scatter_plot_svg({{NAN, 0}}, {"x"}), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
