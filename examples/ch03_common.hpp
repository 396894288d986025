#pragma once
// What the two chapter-3 training programs share: their options and the way they report.
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include <minidl/cli/checks.hpp>

#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/word2vec/data/preprocess.hpp>
#include <minidl/framework/progress.hpp>
#include <minidl/framework/trainer.hpp>

namespace ch03 {

// The book's settings for the toy sentence (ch. 3.4.1).
struct Options {
  std::string text = "You say goodbye and I say hello.";
  std::size_t window_size = 1, hidden_size = 5, batch_size = 3, max_epoch = 1000;
  std::uint64_t seed = 0;
  std::string plot;  // defaults to <program>_loss.svg
  std::string csv;
  std::string progress = "book";  // the book's lines, one per 20 iterations as its trainer prints them

  minidl::ProgressOptions progress_options() const { return {minidl::progress_style(progress)}; }

  void add_to(CLI::App& app) {
    app.add_option("--text", text, "the corpus")->capture_default_str();
    app.add_option("--window", window_size, "context words on each side")->check(minidl::cli::at_least(1))->capture_default_str();
    app.add_option("--hidden", hidden_size, "size of the word vectors")->check(minidl::cli::at_least(1))->capture_default_str();
    app.add_option("--batch", batch_size, "mini-batch size")->check(minidl::cli::at_least(1))->capture_default_str();
    app.add_option("--epochs", max_epoch, "epochs")->check(minidl::cli::at_least(1))->capture_default_str();
    app.add_option("--seed", seed, "seed for the weights and the shuffle")->capture_default_str();
    app.add_option("--plot", plot, "where to write the loss plot (SVG)");
    app.add_option("--csv", csv, "where to write the loss history (CSV)");
    app.add_option("--progress", progress, "book: the book's lines; auto: one status line and a summary per epoch; none")
        ->check(CLI::IsMember({"auto", "book", "none"}))
        ->capture_default_str();
  }

  // The outputs, checked before the training rather than found unwritable after it.
  void check_outputs(const std::string& program) const {
    minidl::check_writable(plot.empty() ? program + "_loss.svg" : plot);
    if (!csv.empty()) minidl::check_writable(csv);
  }
};

// The book's closing loop: each word with its vector, then the plot and a one-line summary that
// the smoke test reads.
inline void report(const minidl::Trainer& trainer, const minidl::Tensor& word_vecs, const minidl::IdToWord& id_to_word,
                   const Options& opt, const std::string& program) {
  std::cout << std::fixed << std::setprecision(4);
  for (std::size_t id = 0; id < id_to_word.size(); ++id) {
    std::cout << std::left << std::setw(8) << id_to_word[id] << std::right;
    for (std::size_t h = 0; h < word_vecs.shape()[1]; ++h) std::cout << ' ' << std::setw(8) << word_vecs(id, h);
    std::cout << '\n';
  }
  const std::string plot = opt.plot.empty() ? program + "_loss.svg" : opt.plot;
  trainer.plot(plot);
  if (!opt.csv.empty()) trainer.save_loss_csv(opt.csv);
  const auto& losses = trainer.loss_list();
  std::cout << std::setprecision(2) << "loss plot: " << plot << "\nfirst loss " << losses.front() << ", last loss "
            << losses.back() << "\n";
}

}  // namespace ch03
