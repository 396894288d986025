// Trainer (book common/trainer.py) and the SVG line plot behind trainer.plot().
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <minidl/framework/model.hpp>
#include <minidl/framework/ops.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/framework/svg_plot.hpp>
#include <minidl/framework/io/checkpoint.hpp>
#include <minidl/framework/trainer.hpp>
#include <minidl/layers/mlp.hpp>
#include <minidl/framework/ops/matmul.hpp>
#include <minidl/framework/ops/softmax_with_loss.hpp>
#include <minidl/optim/adam.hpp>
#include <minidl/optim/sgd.hpp>

namespace fs = std::filesystem;
using namespace minidl;

namespace {

// A linear softmax classifier over bag-of-ids features: score = (sum of the contexts' one-hot
// rows) W. Any map from id to class is learnable, so the loss must fall towards 0.
class LinearClassifier : public Model {
 public:
  LinearClassifier(std::size_t vocab, std::size_t classes, std::uint64_t seed) : vocab_(vocab) {
    Rng rng(seed);
    W = add_parameter("W", Tensor(randn({vocab, classes}, rng) * Scalar(0.01)));
  }
  Variable loss(const Batch& batch_x, const Batch& batch_t) override {
    ++calls;
    const Ids& contexts = batch_x.ids();
    const Ids& target = batch_t.ids();
    const std::size_t n = contexts.shape()[0];
    const std::size_t per_row = contexts.size() / n;
    Tensor x = xt::zeros<Scalar>(Shape{n, vocab_});
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t c = 0; c < per_row; ++c) x(i, static_cast<std::size_t>(contexts.data()[i * per_row + c])) += 1;
    return softmax_with_loss(matmul(Variable(x, "x", false), W), target);
  }
  Parameter W;
  std::size_t calls = 0;

 private:
  std::size_t vocab_;
};

// Returns `bad` from the bad_call-th call of loss on (1-based), a finite value before.
class BadLossModel : public Model {
 public:
  BadLossModel(double bad, std::size_t bad_call) : bad_(bad), bad_call_(bad_call) {}
  Variable loss(const Batch&, const Batch&) override {
    ++calls;
    return Variable(Tensor(calls >= bad_call_ ? static_cast<Scalar>(bad_) : Scalar(1)), "loss", false);
  }
  std::size_t calls = 0;

 private:
  double bad_;
  std::size_t bad_call_;
};

// Least squares on float features: y = x w, the generic Trainer's other kind of data (Tensor x
// and Tensor t, no ids anywhere).
class LeastSquares : public Model {
 public:
  LeastSquares() : w(add_parameter("w", xt::zeros<Scalar>({2, 1}))) {}
  Variable loss(const Batch& x, const Batch& t) override {
    const Tensor& xs = x.tensor("x");  // x first: the order the test expects the errors in
    const Tensor& ts = t.tensor("t");
    Variable d = sub(matmul(Variable(xs, "x", false), w), Variable(ts, "t", false));
    return mean(mul(d, d));
  }
  Parameter w;
};

// Points in the plane labelled by the side of the line x0 + x1 = 0 they are on: an MLP classifier
// with predict, the Trainer's held-out accuracy case.
class HalfPlanes : public Model {
 public:
  explicit HalfPlanes(Rng& rng) : mlp({2, 8, 2}, rng, MLP::default_activation(), 0.5) { add_layer(&HalfPlanes::mlp); }
  Variable loss(const Batch& x, const Batch& t) override { return softmax_cross_entropy(*predict(x), t.ids()); }
  std::optional<Variable> predict(const Batch& x) override { return mlp(Variable(x.tensor(), "x", false)); }
  MLP mlp;
};

Dataset half_planes(std::size_t n, Rng& rng) {
  Tensor x = randn({n, 2}, rng);
  Ids t = Ids::from_shape({n});
  for (std::size_t i = 0; i < n; ++i) t(i) = x(i, 0) + x(i, 1) > 0 ? 1 : 0;
  return {x, t};
}

// n samples, contexts (n, 1) with ids cycling over `vocab`, target = id % classes.
void make_data(std::size_t n, std::size_t vocab, std::size_t classes, Ids& x, Ids& t) {
  x = Ids::from_shape({n, 1});
  t = Ids::from_shape({n});
  for (std::size_t i = 0; i < n; ++i) {
    x(i, 0) = static_cast<std::int32_t>(i % vocab);
    t(i) = static_cast<std::int32_t>((i % vocab) % classes);
  }
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory under the system temp dir, removed with its contents at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    Rng rng(static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
    path = fs::temp_directory_path() / ("minidl_trainer_" + std::to_string(rng.integer(1u << 30)));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Well-formedness, enough for our generator: tags nest and balance, every '&' starts an entity,
// and no text or attribute holds a raw '<'. Returns "" or what is wrong.
std::string xml_problem(const std::string& doc) {
  std::vector<std::string> stack;
  std::size_t i = 0;
  bool saw_root = false;
  while (i < doc.size()) {
    const char c = doc[i];
    if (c == '&') {
      static const std::regex entity("^&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
      if (!std::regex_search(doc.substr(i, 12), entity)) return "raw '&' at " + std::to_string(i);
      ++i;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    const std::size_t end = doc.find('>', i);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(i);
    const std::string tag = doc.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string::npos) return "'<' inside a tag at " + std::to_string(i);
    i = end + 1;
    if (tag.empty()) return "empty tag";
    if (tag[0] == '?' || tag[0] == '!') continue;  // declaration, comment
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name) return "closing </" + name + "> does not match";
      stack.pop_back();
      continue;
    }
    const std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
    if (stack.empty() && saw_root) return "second root element <" + name + ">";
    saw_root = true;
    if (tag.back() != '/') stack.push_back(name);
  }
  if (!saw_root) return "no element";
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  return "";
}

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

std::vector<double> train_losses(std::uint64_t model_seed, std::uint64_t shuffle_seed, bool use_setter = false) {
  Ids x, t;
  make_data(30, 6, 3, x, t);
  LinearClassifier model(6, 3, model_seed);
  SGD opt(model.parameters(), 0.5f);
  Trainer trainer(model, opt, use_setter ? 12345 : shuffle_seed);
  if (use_setter) trainer.seed(shuffle_seed);
  trainer.set_output(nullptr);
  trainer.fit(x, t, 3, 4, 0, 1);
  return trainer.loss_list();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(trainer)

BOOST_AUTO_TEST_CASE(progress_line_matches_the_book) {
  Ids x, t;
  make_data(6, 6, 3, x, t);
  LinearClassifier model(6, 3, 1);
  Adam opt(model.parameters(), 0.1f);
  Trainer trainer(model, opt);
  std::ostringstream out;
  trainer.set_output(&out);
  // 6 samples, batch 3: max_iters = 2; eval_interval 20 prints at iters 0 only, once per epoch.
  trainer.fit(x, t, 5, 3);
  const auto lines = lines_of(out.str());
  BOOST_TEST(lines.size() == 5u);
  BOOST_TEST(trainer.loss_list().size() == 5u);
  BOOST_TEST(trainer.eval_interval() == 20u);
  BOOST_TEST(trainer.current_epoch() == 5u);
  BOOST_TEST(model.calls == 10u);
  const std::regex book(R"(^\| epoch \d+ \|  iter \d+ / \d+ \| time \d+\[s\] \| loss \d+\.\d\d)");
  const std::regex full(R"(^\| epoch \d+ \|  iter \d+ / \d+ \| time \d+\[s\] \| loss \d+\.\d\d \| \d+ samples/s \| ETA \d+\[s\]$)");
  for (std::size_t e = 0; e < lines.size(); ++e) {
    BOOST_TEST_CONTEXT("line " << lines[e]) {
      BOOST_TEST(std::regex_search(lines[e], book));
      BOOST_TEST(std::regex_match(lines[e], full));
      BOOST_TEST(lines[e].rfind("| epoch " + std::to_string(e + 1) + " |  iter 1 / 2 |", 0) == 0u);
    }
  }
  // The printed loss is the recorded average, to two decimals.
  char expect[32];
  std::snprintf(expect, sizeof expect, "| loss %.2f |", trainer.loss_list()[0]);
  BOOST_TEST(lines[0].find(expect) != std::string::npos);
  // The first print averages the very first batch only, at the initial weights: about log(3).
  BOOST_TEST(std::abs(trainer.loss_list()[0] - std::log(3.0)) < 0.05);

  // A second fit continues the epoch count and the history, as the book's Trainer does.
  out.str("");
  trainer.fit(x, t, 1, 3);
  BOOST_TEST(lines_of(out.str()).size() == 1u);
  BOOST_TEST(out.str().rfind("| epoch 6 |", 0) == 0u);
  BOOST_TEST(trainer.loss_list().size() == 6u);
}

BOOST_AUTO_TEST_CASE(prints_every_eval_interval_within_each_epoch) {
  Ids x, t;
  make_data(40, 6, 3, x, t);
  LinearClassifier model(6, 3, 2);
  SGD opt(model.parameters(), 0.1f);
  Trainer trainer(model, opt);
  std::ostringstream out;
  trainer.set_output(&out);
  // 40 / 4 = 10 iterations per epoch; iters 0, 3, 6, 9 print -> 4 per epoch.
  trainer.fit(x, t, 2, 4, 0, 3);
  const auto lines = lines_of(out.str());
  BOOST_REQUIRE(lines.size() == 8u);
  BOOST_TEST(trainer.loss_list().size() == 8u);
  BOOST_TEST(lines[1].find("|  iter 4 / 10 |") != std::string::npos);
  BOOST_TEST(lines[3].find("|  iter 10 / 10 |") != std::string::npos);
  BOOST_TEST(lines[4].rfind("| epoch 2 |  iter 1 / 10 |", 0) == 0u);
  // A trailing partial batch is dropped: 42 samples still give 10 iterations.
  make_data(42, 6, 3, x, t);
  out.str("");
  model.calls = 0;
  trainer.fit(x, t, 1, 4, 0, 3);
  BOOST_TEST(model.calls == 10u);
  BOOST_TEST(out.str().find("/ 10 |") != std::string::npos);

  // eval_interval 0 (the book's None) records and prints nothing; quiet output still records.
  out.str("");
  const std::size_t before = trainer.loss_list().size();
  trainer.fit(x, t, 1, 4, 0, 0);
  BOOST_TEST(out.str().empty());
  BOOST_TEST(trainer.loss_list().size() == before);
  trainer.set_output(nullptr);
  trainer.fit(x, t, 1, 4, 0, 5);
  BOOST_TEST(trainer.loss_list().size() == before + 2);
}

BOOST_AUTO_TEST_CASE(loss_decreases_on_a_learnable_problem) {
  Ids x, t;
  make_data(60, 6, 3, x, t);
  LinearClassifier model(6, 3, 3);
  Adam opt(model.parameters(), 0.1f);
  Trainer trainer(model, opt);
  trainer.set_output(nullptr);
  trainer.fit(x, t, 30, 6, 0, 5);
  const auto& losses = trainer.loss_list();
  BOOST_REQUIRE(losses.size() == 60u);
  BOOST_TEST(losses.front() > 1.0);
  BOOST_TEST(losses.back() < 0.05);
  BOOST_TEST(losses.back() < losses.front() * 0.05);
}

BOOST_AUTO_TEST_CASE(gradient_clipping_bounds_the_step) {
  // With SGD lr 1 and max_grad 1e-3, a step moves W by at most 1e-3 in norm.
  Ids x, t;
  make_data(6, 6, 3, x, t);
  LinearClassifier model(6, 3, 4);
  SGD opt(model.parameters(), 1.0f);
  Trainer trainer(model, opt);
  trainer.set_output(nullptr);
  const Tensor before = model.W.data();
  trainer.fit(x, t, 1, 6, 1e-3);
  const Tensor diff = model.W.data() - before;
  double norm = 0;
  for (const Scalar d : diff) norm += static_cast<double>(d) * d;
  BOOST_TEST(std::sqrt(norm) <= 1e-3 * 1.001);
  BOOST_TEST(std::sqrt(norm) > 1e-4);  // it did move
  BOOST_CHECK_THROW(trainer.fit(x, t, 1, 6, -1.0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(shuffle_is_seeded) {
  const auto a = train_losses(5, 0);
  const auto b = train_losses(5, 0);
  const auto c = train_losses(5, 1);
  const auto d = train_losses(5, 1, /*use_setter=*/true);
  BOOST_REQUIRE(a.size() == 21u);  // 30 / 4 = 7 iterations x 3 epochs, eval_interval 1
  BOOST_TEST(a == b);
  BOOST_TEST(a != c);
  BOOST_TEST(c == d);
}

BOOST_AUTO_TEST_CASE(fits_a_model_of_float_tensors) {
  // t = x (3, -2)^T exactly, so SGD must drive w to (3, -2).
  Rng rng(3);
  const Tensor x = randn({64, 2}, rng);
  Tensor t = Tensor::from_shape({64, 1});
  for (std::size_t i = 0; i < 64; ++i) t(i, 0) = 3 * x(i, 0) - 2 * x(i, 1);
  LeastSquares model;
  SGD opt(model.parameters(), 0.1f);
  Trainer trainer(model, opt, 1);
  trainer.set_output(nullptr);
  trainer.fit(x, t, 40, 8, 0, 1);
  BOOST_TEST(model.w.data()(0, 0) == 3.0, boost::test_tools::tolerance(1e-3));
  BOOST_TEST(model.w.data()(1, 0) == -2.0, boost::test_tools::tolerance(1e-3));
  BOOST_TEST(trainer.loss_list().back() < 1e-6);
}

BOOST_AUTO_TEST_CASE(data_of_the_wrong_kind_is_named) {
  Ids x, t;
  make_data(8, 6, 3, x, t);
  LeastSquares model;
  SGD opt(model.parameters(), 0.1f);
  Trainer trainer(model, opt);
  trainer.set_output(nullptr);
  try {
    trainer.fit(x, t, 1, 4);
    BOOST_FAIL("ids given to a model of float tensors were accepted");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).find("x: a float tensor expected, got integer ids of shape (4, 1)") != std::string::npos,
               e.what());
  }
}

BOOST_AUTO_TEST_CASE(unusable_data_is_rejected) {
  Ids x, t;
  make_data(6, 6, 3, x, t);
  LinearClassifier model(6, 3, 6);
  SGD opt(model.parameters());
  Trainer trainer(model, opt);
  trainer.set_output(nullptr);
  auto message = [&](auto&& call) -> std::string {
    try {
      call();
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "(no std::invalid_argument)";
  };
  const std::string too_big = message([&] { trainer.fit(x, t, 1, 7); });
  BOOST_TEST(too_big.find("batch_size 7") != std::string::npos, too_big);
  Ids t5 = Ids::from_shape({5});
  t5.fill(0);
  const std::string rows = message([&] { trainer.fit(x, t5, 1, 2); });
  BOOST_TEST(rows.find("rows") != std::string::npos, rows);
  const Ids empty = Ids::from_shape({0, 1});
  const Ids empty_t = Ids::from_shape({0});
  const std::string none = message([&] { trainer.fit(empty, empty_t, 1, 1); });
  BOOST_TEST(none.find("empty") != std::string::npos, none);
  BOOST_CHECK_THROW(trainer.fit(x, t, 1, 0), std::invalid_argument);
  BOOST_TEST(model.calls == 0u);
  BOOST_TEST(trainer.loss_list().empty());

  // x of shape (N,) gathers too.
  Ids flat = Ids::from_shape({6});
  for (std::size_t i = 0; i < 6; ++i) flat(i) = x(i, 0);
  trainer.fit(flat, t, 2, 3, 0, 1);
  BOOST_TEST(model.calls == 4u);
  BOOST_TEST(trainer.loss_list().size() == 4u);
}

BOOST_AUTO_TEST_CASE(non_finite_loss_stops_training) {
  Ids x, t;
  make_data(6, 6, 3, x, t);
  // NaN, infinity, and a finite loss that has run away (over 1000 times the first, which is 1).
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), 1e12}) {
    BadLossModel model(bad, 3);  // 2 iterations per epoch: call 3 is epoch 2, iter 1
    SGD opt(model.parameters());
    Trainer trainer(model, opt);
    trainer.set_output(nullptr);
    std::string what;
    try {
      trainer.fit(x, t, 5, 3, 0, 1);
    } catch (const std::runtime_error& e) {
      what = e.what();
    }
    BOOST_TEST_CONTEXT("message: " << what) {
      BOOST_TEST(what.find("epoch 2") != std::string::npos);
      BOOST_TEST(what.find("iter 1") != std::string::npos);
      BOOST_TEST(what.find(std::isnan(bad) ? "NaN" : std::isinf(bad) ? "infinite" : "over 1000 times the first (1): diverged") !=
                 std::string::npos);
    }
    BOOST_TEST(model.calls == 3u);  // it did not go on
    BOOST_TEST(trainer.loss_list().size() == 2u);
  }
  // A loss that rises but stays under the bound trains on.
  BadLossModel model(900, 3);
  SGD opt(model.parameters());
  Trainer trainer(model, opt);
  trainer.set_output(nullptr);
  BOOST_CHECK_NO_THROW(trainer.fit(x, t, 5, 3, 0, 1));
  BOOST_TEST(model.calls == 10u);
}

BOOST_AUTO_TEST_CASE(loss_csv_and_plot_files) {
  TempDir dir;
  Ids x, t;
  make_data(24, 6, 3, x, t);
  LinearClassifier model(6, 3, 7);
  Adam opt(model.parameters(), 0.05f);
  Trainer trainer(model, opt);
  trainer.set_output(nullptr);
  trainer.fit(x, t, 10, 2, 0, 20);  // 12 iterations: one print per epoch
  const auto& losses = trainer.loss_list();
  BOOST_REQUIRE(losses.size() == 10u);

  const fs::path csv = dir.path / "loss.csv";
  std::ofstream(csv) << "stale\n";
  trainer.save_loss_csv(csv.string());  // replaces the existing file
  const auto rows = lines_of(read_all(csv));
  BOOST_REQUIRE(rows.size() == losses.size() + 1);
  BOOST_TEST(rows[0] == "iteration,loss");
  for (std::size_t i = 0; i < losses.size(); ++i) {
    const std::string& row = rows[i + 1];
    const auto comma = row.find(',');
    BOOST_REQUIRE(comma != std::string::npos);
    BOOST_TEST(std::stoul(row.substr(0, comma)) == i);
    BOOST_TEST(std::stod(row.substr(comma + 1)) == losses[i]);  // written to round-trip exactly
  }

  const fs::path svg_path = dir.path / "loss.svg";
  trainer.plot(svg_path.string());
  const std::string svg = read_all(svg_path);
  BOOST_TEST((svg.rfind("<svg", 0) == 0 || svg.rfind("<?xml", 0) == 0));
  BOOST_TEST(svg.find(">epochs<") != std::string::npos);  // 12 iterations an epoch, a record every 20: a point per epoch
  BOOST_TEST(svg.find(">loss<") != std::string::npos);
  BOOST_TEST(count_of(svg, "<polyline") == 1u);
  BOOST_TEST(svg.find("xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  trainer.fit(x, t, 1, 2, 0, 5);  // a record every 5 of the 12 iterations: the book's label
  trainer.plot(svg_path.string());
  BOOST_TEST(read_all(svg_path).find("iterations (x5)") != std::string::npos);
  BOOST_TEST(xml_problem(svg) == "");

  // No leftovers beside the outputs (the atomic writer's temporaries are gone).
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path)) entries += e.is_regular_file() ? 1 : 0;
  BOOST_TEST(entries == 2u);
}

BOOST_AUTO_TEST_CASE(failed_writes_leave_existing_files_alone) {
  TempDir dir;
  Ids x, t;
  make_data(6, 6, 3, x, t);
  LinearClassifier model(6, 3, 8);
  SGD opt(model.parameters());
  Trainer trainer(model, opt);
  trainer.set_output(nullptr);
  trainer.fit(x, t, 2, 3, 0, 1);

  const fs::path missing = dir.path / "no_such_dir" / "loss.csv";
  BOOST_CHECK_THROW(trainer.save_loss_csv(missing.string()), std::runtime_error);
  BOOST_CHECK_THROW(trainer.plot((dir.path / "no_such_dir" / "loss.svg").string()), std::runtime_error);
  BOOST_TEST(!fs::exists(dir.path / "no_such_dir"));

  // A regular file where the directory should be: the write fails and the file keeps its bytes.
  const fs::path blocker = dir.path / "blocker";
  std::ofstream(blocker) << "keep me\n";
  BOOST_CHECK_THROW(trainer.save_loss_csv((blocker / "loss.csv").string()), std::runtime_error);
  BOOST_TEST(read_all(blocker) == "keep me\n");

  // A directory at the target path cannot be replaced by a file: the write fails at the very
  // last step (the rename), and what the directory holds is untouched, with no temporary left.
  const fs::path occupied = dir.path / "loss.svg";
  fs::create_directory(occupied);
  std::ofstream(occupied / "inside.txt") << "original";
  BOOST_CHECK_THROW(trainer.plot(occupied.string()), std::runtime_error);
  BOOST_TEST(fs::is_directory(occupied));
  BOOST_TEST(read_all(occupied / "inside.txt") == "original");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path)) ++entries;
  BOOST_TEST(entries == 2u);  // blocker and loss.svg/
}

BOOST_AUTO_TEST_CASE(svg_plot_edge_cases) {
  // No points: axes and labels only.
  const std::string empty = line_plot_svg({}, "x", "y");
  BOOST_TEST(xml_problem(empty) == "");
  BOOST_TEST(count_of(empty, "<polyline") == 0u);
  BOOST_TEST(empty.find("viewBox=") != std::string::npos);
  BOOST_TEST(count_of(empty, "<text") >= 4u);  // tick labels on both axes plus the two labels

  // One point: a polyline and a visible marker, no NaN coordinates.
  const std::string one = line_plot_svg({2.5}, "x", "y");
  BOOST_TEST(xml_problem(one) == "");
  BOOST_TEST(count_of(one, "<polyline") == 1u);
  BOOST_TEST(one.find("<circle") != std::string::npos);
  BOOST_TEST(one.find("nan") == std::string::npos);
  BOOST_TEST(one.find("inf") == std::string::npos);

  // Constant series (zero and non-zero): a padded range, finite coordinates, the value as a tick.
  for (const double c : {0.0, 3.0, -1e-3}) {
    const std::string flat = line_plot_svg(std::vector<double>(5, c), "x", "y");
    BOOST_TEST_CONTEXT("constant " << c) {
      BOOST_TEST(xml_problem(flat) == "");
      BOOST_TEST(flat.find("nan") == std::string::npos);
      BOOST_TEST(flat.find("inf") == std::string::npos);
      BOOST_TEST(count_of(flat, "<polyline") == 1u);
    }
  }
  BOOST_TEST(line_plot_svg({3, 3, 3}, "x", "y").find(">3.0<") != std::string::npos);

  // Nice ticks: 0..1 in y gets 0.0, 0.2, ..., 1.0; x indices 0..10 get 0, 2, ..., 10.
  std::vector<double> ramp;
  for (int i = 0; i <= 10; ++i) ramp.push_back(i / 10.0);
  const std::string nice = line_plot_svg(ramp, "x", "y");
  for (const char* label : {">0.0<", ">0.2<", ">0.4<", ">0.6<", ">0.8<", ">1.0<", ">0<", ">2<", ">10<"})
    BOOST_TEST(nice.find(label) != std::string::npos, label);
  BOOST_TEST(nice.find(">0.30000") == std::string::npos);
  BOOST_TEST(nice.find(">-0") == std::string::npos);

  // Labels are escaped, and the title is drawn.
  const std::string esc = line_plot_svg({1, 2}, "a<b&c", "\"q\" > 'p'", "t&t");
  BOOST_TEST(xml_problem(esc) == "");
  BOOST_TEST(esc.find("a&lt;b&amp;c") != std::string::npos);
  BOOST_TEST(esc.find("a<b") == std::string::npos);
  BOOST_TEST(esc.find("&quot;q&quot; &gt; &apos;p&apos;") != std::string::npos);
  BOOST_TEST(esc.find("t&amp;t") != std::string::npos);
  // Self-contained: no scripts, no external references.
  BOOST_TEST(esc.find("<script") == std::string::npos);
  BOOST_TEST(esc.find("href") == std::string::npos);

  BOOST_CHECK_THROW(line_plot_svg({1, std::nan(""), 2}, "x", "y"), std::invalid_argument);
  BOOST_CHECK_THROW(line_plot_svg({1, std::numeric_limits<double>::infinity()}, "x", "y"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(the_checker_catches_malformed_xml) {
  // The well-formedness checker above must be able to fail, or the SVG checks prove nothing.
  BOOST_TEST(xml_problem("<svg><g></svg>") != "");
  BOOST_TEST(xml_problem("<svg><text>a<b</text></svg>") != "");
  BOOST_TEST(xml_problem("<svg><text>a&b</text></svg>") != "");
  BOOST_TEST(xml_problem("<svg/><svg/>") != "");
  BOOST_TEST(xml_problem("<svg><line/></svg>") == "");
}

// ---- datasets, evaluation and the held-out accuracy --------------------------------------------------

BOOST_AUTO_TEST_CASE(split_holds_out_a_shuffled_share) {
  Rng rng(1);
  Tensor x = Tensor::from_shape({10, 2});
  Ids t = Ids::from_shape({10});
  for (std::size_t i = 0; i < 10; ++i) x(i, 0) = x(i, 1) = static_cast<Scalar>(i), t(i) = static_cast<std::int32_t>(i);
  const auto [train, held] = split(Dataset{x, t}, 0.3, rng);
  BOOST_TEST(train.size() == 7u);
  BOOST_TEST(held.size() == 3u);
  std::vector<int> seen(10, 0);
  for (const Dataset* d : {&train, &held})
    for (std::size_t i = 0; i < d->size(); ++i) {
      const auto id = d->t.ids()(i);
      ++seen[static_cast<std::size_t>(id)];
      BOOST_TEST(d->x.tensor()(i, 1) == static_cast<Scalar>(id));  // x and t rows stay together
    }
  BOOST_TEST(seen == std::vector<int>(10, 1), boost::test_tools::per_element());
  BOOST_CHECK_THROW(split(Dataset{x, t}, 0.0, rng), std::invalid_argument);
  BOOST_CHECK_THROW(split(Dataset{x, t}, 1.0, rng), std::invalid_argument);
  BOOST_CHECK_THROW(split(Dataset{x, t}, 0.01, rng), std::invalid_argument);  // rounds to nothing held out
  BOOST_CHECK_THROW(Dataset({x, Ids{1, 2}}).size(), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(held_out_accuracy_is_printed_and_recorded_every_epoch) {
  Rng rng(2);
  const auto [train, held] = split(half_planes(400, rng), 0.25, rng);
  HalfPlanes model(rng);
  SGD opt(model.parameters(), 1.0f);
  Trainer trainer(model, opt, 3);
  std::ostringstream out;
  trainer.set_output(&out);
  trainer.set_validation(held);
  const double before = *trainer.evaluate(held);
  trainer.fit(train, 20, 30, 0, 100);
  BOOST_TEST(trainer.accuracy_list().size() == 20u);
  const auto lines = lines_of(out.str());
  BOOST_TEST(count_of(out.str(), "held-out accuracy") == 20u);
  BOOST_TEST(lines.back().rfind("| epoch 20 | held-out accuracy 0.", 0) == 0u, lines.back());
  const double after = *trainer.evaluate(held);
  BOOST_TEST(after == trainer.accuracy_list().back(), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(after >= 0.95);  // a line through the origin: 8 sigmoid units find it
  BOOST_TEST(after > before);
  BOOST_TEST(*trainer.evaluate(train, 7) == *trainer.evaluate(train), boost::test_tools::tolerance(1e-12));

  // The list travels with the Trainer's checkpoint state.
  Checkpoint ck;
  trainer.save_state(ck);
  Trainer resumed(model, opt);
  resumed.load_state(ck);
  BOOST_TEST(resumed.accuracy_list() == trainer.accuracy_list(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_model_without_predictions_reports_no_accuracy) {
  Ids x, t;
  make_data(30, 6, 3, x, t);
  LinearClassifier model(6, 3, 1);
  SGD opt(model.parameters(), 0.5f);
  Trainer trainer(model, opt);
  std::ostringstream out;
  trainer.set_output(&out);
  trainer.set_validation(Dataset{x, t});
  trainer.fit(x, t, 2, 5, 0, 100);
  BOOST_TEST(!trainer.evaluate(Dataset{x, t}).has_value());
  BOOST_TEST(trainer.accuracy_list().empty());
  BOOST_TEST(count_of(out.str(), "accuracy") == 0u);  // the book's lines, nothing added
  BOOST_TEST(count_of(out.str(), "| epoch ") == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
