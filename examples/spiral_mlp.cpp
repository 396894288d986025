// The book's chapter-1 example (ch01/train.py on dataset/spiral.py), built only from the general
// operations: three interleaved spirals of 100 points each, classified by a two-layer net
// (Linear -> Sigmoid -> Linear, hidden 10, the book's TwoLayerNet), SoftmaxWithLoss, SGD with
// learning rate 1.0, batch 30, 300 epochs. Prints the book's progress lines and the final training
// accuracy, and draws the loss curve and the decision regions with the points (the book's
// figure 1-33) as SVG files.
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <minidl/cli/checks.hpp>
#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/framework/model.hpp>
#include <minidl/framework/no_grad.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/trainer.hpp>
#include <minidl/layers/mlp.hpp>
#include <minidl/optim/sgd.hpp>

namespace {

using namespace minidl;

// dataset/spiral.py's load_data: class j's i-th point (i < n) lies at radius r = i / n and angle
// 4 j + 4 r + 0.2 * N(0, 1), as (r sin(angle), r cos(angle)). The draws come from our seeded Rng,
// so the points are the book's distribution, not its exact numbers.
Dataset load_spiral(std::size_t per_class, std::size_t classes, Rng& rng) {
  const std::size_t n = per_class * classes;
  Tensor x = Tensor::from_shape({n, 2});
  Ids t = Ids::from_shape({n});
  for (std::size_t j = 0; j < classes; ++j) {
    for (std::size_t i = 0; i < per_class; ++i) {
      const double rate = static_cast<double>(i) / static_cast<double>(per_class);
      const double theta = 4.0 * static_cast<double>(j) + 4.0 * rate + 0.2 * rng.normal();
      const std::size_t k = j * per_class + i;
      x(k, 0) = static_cast<Scalar>(rate * std::sin(theta));
      x(k, 1) = static_cast<Scalar>(rate * std::cos(theta));
      t(k) = static_cast<std::int32_t>(j);
    }
  }
  return {x, t};
}

// [two-layer-net]
// The book's TwoLayerNet: scores = Linear(Sigmoid(Linear(x))), loss = softmax cross-entropy.
class TwoLayerNet : public Model {
 public:
  TwoLayerNet(std::size_t input, std::size_t hidden, std::size_t output, Rng& rng)
      : mlp({input, hidden, output}, rng) {
    add_layer(&TwoLayerNet::mlp);
  }
  Variable loss(const Batch& x, const Batch& t) override {
    return softmax_cross_entropy(*predict(x), t.ids("labels"));
  }
  std::optional<Variable> predict(const Batch& x) override {
    return mlp(Variable(x.tensor("points"), "x", false));
  }

  MLP mlp;
};
// [two-layer-net]

// The decision regions (a grid of cells, each coloured by the class the model predicts there) with
// the points on top, as a self-contained SVG: the book's figure 1-33.
std::string regions_svg(TwoLayerNet& model, const Dataset& data, std::size_t classes) {
  const Tensor& x = data.x.tensor();
  const Ids& t = data.t.ids();
  double lo[2] = {x(0, 0), x(0, 1)}, hi[2] = {lo[0], lo[1]};
  for (std::size_t k = 0; k < x.shape()[0]; ++k)
    for (int d = 0; d < 2; ++d) lo[d] = std::min(lo[d], double(x(k, d))), hi[d] = std::max(hi[d], double(x(k, d)));
  for (int d = 0; d < 2; ++d) lo[d] -= 0.1, hi[d] += 0.1;  // the book's margin
  const std::size_t cells = 120, size = 480;
  const double px = double(size) / double(cells);
  Tensor grid = Tensor::from_shape({cells * cells, 2});
  for (std::size_t r = 0; r < cells; ++r)
    for (std::size_t c = 0; c < cells; ++c) {
      grid(r * cells + c, 0) = static_cast<Scalar>(lo[0] + (double(c) + 0.5) / double(cells) * (hi[0] - lo[0]));
      grid(r * cells + c, 1) = static_cast<Scalar>(hi[1] - (double(r) + 0.5) / double(cells) * (hi[1] - lo[1]));
    }
  Tensor scores;
  {
    NoGradGuard no_grad;
    TestMode test_mode;
    scores = model.predict(Batch(grid))->data();
  }
  const std::array<const char*, 3> pale = {"#c6dbef", "#fdd0a2", "#c7e9c0"};
  const std::array<const char*, 3> dark = {"#2171b5", "#d94801", "#238b45"};
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << size << "\" height=\"" << size
      << "\" viewBox=\"0 0 " << size << ' ' << size << "\">\n";
  std::vector<std::size_t> predicted(cells * cells, 0);  // the arg-max class of each cell
  for (std::size_t k = 0; k < predicted.size(); ++k)
    for (std::size_t c = 1; c < classes; ++c) predicted[k] = scores(k, c) > scores(k, predicted[k]) ? c : predicted[k];
  for (std::size_t r = 0; r < cells; ++r) {
    // One rectangle per run of cells with the same class along the row: a tenth of the elements.
    for (std::size_t c = 0; c < cells;) {
      const std::size_t cls = predicted[r * cells + c];
      std::size_t end = c + 1;
      while (end < cells && predicted[r * cells + end] == cls) ++end;
      char rect[160];
      std::snprintf(rect, sizeof rect, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n",
                    double(c) * px, double(r) * px, double(end - c) * px + 0.3, px + 0.3, pale[cls % 3]);
      svg << rect;
      c = end;
    }
  }
  for (std::size_t k = 0; k < x.shape()[0]; ++k) {
    const double cx = (x(k, 0) - lo[0]) / (hi[0] - lo[0]) * size, cy = (hi[1] - x(k, 1)) / (hi[1] - lo[1]) * size;
    const std::size_t cls = static_cast<std::size_t>(t(k));
    char point[200];
    if (cls % 3 == 0)  // the book's markers: circle, cross, triangle
      std::snprintf(point, sizeof point, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"4\" fill=\"none\" stroke=\"%s\"/>\n", cx, cy,
                    dark[0]);
    else if (cls % 3 == 1)
      std::snprintf(point, sizeof point, "<path d=\"M%.2f %.2fl8 8m0 -8l-8 8\" stroke=\"%s\"/>\n", cx - 4, cy - 4, dark[1]);
    else
      std::snprintf(point, sizeof point, "<path d=\"M%.2f %.2fl4.5 8h-9z\" fill=\"none\" stroke=\"%s\"/>\n", cx, cy - 5,
                    dark[2]);
    svg << point;
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("The book's chapter-1 spiral classifier: a two-layer net from the general operations");
  std::size_t max_epoch = 300, batch_size = 30, hidden_size = 10, per_class = 100;
  double learning_rate = 1.0, held_out = 0;
  std::uint64_t seed = 1984;  // dataset/spiral.py's default seed (our generator, not numpy's)
  std::string plot = "spiral_loss.svg", regions = "spiral_regions.svg";
  app.add_option("--epochs", max_epoch, "epochs (the book's max_epoch)")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--batch-size", batch_size, "samples per mini-batch")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--hidden", hidden_size, "hidden units")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--per-class", per_class, "points per spiral arm")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--lr", learning_rate, "SGD learning rate")->check(minidl::cli::positive())->capture_default_str();
  app.add_option("--held-out", held_out, "share of the points held out for a per-epoch accuracy (0: none, as the book)")
      ->check(minidl::cli::fraction())
      ->capture_default_str();
  app.add_option("--seed", seed, "seed for the points, the weights and the shuffles")->capture_default_str();
  app.add_option("--plot", plot, "loss curve (SVG)")->capture_default_str();
  app.add_option("--regions", regions, "decision regions with the points (SVG)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    if (plot == regions) throw std::invalid_argument("--plot and --regions name the same file: " + plot);
    check_writable(plot);
    check_writable(regions);
    const std::size_t classes = 3;
    Rng rng(seed);
    Dataset data = load_spiral(per_class, classes, rng);
    Dataset train = data;
    std::optional<Dataset> test;
    if (held_out > 0) std::tie(train, test.emplace()) = split(data, held_out, rng);
    if (train.size() < batch_size)
      throw std::invalid_argument("--batch-size " + std::to_string(batch_size) + " is more than the " +
                                  std::to_string(train.size()) + " training points");

    // [train]
    TwoLayerNet model(2, hidden_size, classes, rng);
    SGD optimizer(model.parameters(), learning_rate);
    Trainer trainer(model, optimizer, seed);
    if (test) trainer.set_validation(*test);
    trainer.fit(train, max_epoch, batch_size, /*max_grad=*/0, /*eval_interval=*/10);
    const double accuracy = *trainer.evaluate(train);
    std::printf("accuracy: %.2f (%.0f / %zu)\n", accuracy, accuracy * double(train.size()), train.size());
    // [train]
    if (test) std::printf("held-out accuracy: %.2f\n", *trainer.evaluate(*test));

    trainer.plot(plot);
    const std::string svg = regions_svg(model, data, classes);
    write_file_atomic(regions, [&](std::ostream& out) { out << svg; });
    std::cout << "wrote " << plot << " and " << regions << "\n";
  } catch (const std::exception& e) {
    std::cerr << "spiral_mlp: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
