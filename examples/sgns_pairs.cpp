// Skip-gram with negative sampling as the Keras/TensorFlow walkthrough frames it: a dataset of
// (centre, context) word pairs labelled 1, each with k pairs (centre, random word) labelled 0, and a
// model of two embedding tables whose rows are multiplied and summed into a score for the sigmoid
// cross-entropy (models/sgns_pairs.hpp: general operations only), trained by the generic Trainer.
// On the built-in synthetic corpus it prints how many planted analogies the vectors solve.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include <minidl/cli/checks.hpp>
#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/framework/trainer.hpp>
#include <minidl/models/sgns_pairs.hpp>
#include <minidl/optim/adam.hpp>
#include <minidl/word2vec/data/load_corpus.hpp>
#include <minidl/word2vec/data/skipgram_pairs.hpp>
#include <minidl/word2vec/data/word_vectors.hpp>
#include <minidl/word2vec/eval/analogy_accuracy.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>
#include <minidl/word2vec/train_config.hpp>

int main(int argc, char** argv) {
  using namespace minidl;
  CLI::App app("Skip-gram with negative sampling as labelled word pairs, trained by the generic Trainer");
  std::string corpus_spec = "synthetic", out = "sgns_pairs.txt", vectors = "in";
  std::size_t window = 2, negatives = 5, hidden = 50, max_epoch = 1, batch_size = 512;
  double learning_rate = 0.001, held_out = 0;  // Adam's default, as the book uses it
  std::uint64_t seed = 0;
  app.add_option("--corpus", corpus_spec, "synthetic (built in), ptb, or a text file")->capture_default_str();
  app.add_option("--window", window, "words on each side paired with the centre")->check(cli::at_least(1))->capture_default_str();
  app.add_option("--negatives", negatives, "k: negative pairs per positive")->check(cli::at_least(1))->capture_default_str();
  app.add_option("--hidden", hidden, "vector size")->check(cli::at_least(1))->capture_default_str();
  app.add_option("--epochs", max_epoch, "passes over the pairs")->check(cli::at_least(1))->capture_default_str();
  app.add_option("--batch-size", batch_size, "pairs per mini-batch")->check(cli::at_least(1))->capture_default_str();
  app.add_option("--lr", learning_rate, "Adam's learning rate")->check(cli::positive())->capture_default_str();
  app.add_option("--held-out", held_out, "share of the pairs held out for a per-epoch accuracy (0: none)")
      ->check(cli::fraction())
      ->capture_default_str();
  app.add_option("--seed", seed, "seed for the weights, the negatives and the shuffles")->capture_default_str();
  app.add_option("--vectors", vectors, "what to write: in (W_in), sum (W_in + W_out) or concat (both)")
      ->check(CLI::IsMember({"in", "sum", "concat"}))
      ->capture_default_str();
  app.add_option("--out", out, "where to write the vectors: .bin for word2vec binary, else text")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    check_writable(out);
    std::error_code ec;
    if (std::filesystem::exists(corpus_spec, ec) && std::filesystem::exists(out, ec) &&
        std::filesystem::equivalent(corpus_spec, out, ec))
      throw std::invalid_argument("--out '" + out + "' is the --corpus file: writing it would replace the corpus");
    const LoadedCorpus loaded = load_corpus(corpus_spec);
    const Corpus& c = loaded.corpus;
    std::cout << "corpus: " << loaded.description << "\n";

    // Refuse before allocating: the pairs (three 4-byte ids each, and a copy when some are held
    // out), and W_in, W_out with Adam's two moments for each (six V x H tables).
    const std::size_t positives = skipgram_positive_pairs(c.corpus.size(), window);
    const double pair_bytes = 12.0 * double(positives) * double(1 + negatives) * (held_out > 0 ? 2 : 1);
    const double table_bytes = 6.0 * double(c.id_to_word.size()) * double(hidden) * sizeof(Scalar);
    check_memory(pair_bytes + table_bytes,
                 std::to_string(positives * (1 + negatives)) + " pairs, and " + std::to_string(c.id_to_word.size()) +
                     " words x " + std::to_string(hidden) + " dimensions of weights and optimizer state",
                 "lower --window, --negatives or --hidden");

    // [pairs]
    Rng rng(seed);
    UnigramSampler sampler(c.corpus, /*power=*/0.75, negatives);
    Dataset pairs = skipgram_pairs(c.corpus, window, negatives, sampler, rng);
    // [pairs]
    std::optional<Dataset> test;
    if (held_out > 0) {
      auto [train, rest] = split(pairs, held_out, rng);
      pairs = std::move(train);
      test = std::move(rest);
    }
    std::cout << "pairs: " << pairs.size() << " (window " << window << ", " << negatives << " negatives each)\n";

    // [train]
    SGNSPairs model(c.id_to_word.size(), hidden, rng);
    Adam optimizer(model.parameters(), learning_rate);
    Trainer trainer(model, optimizer, seed);
    if (test) trainer.set_validation(*test);
    trainer.fit(pairs, max_epoch, batch_size, /*max_grad=*/0, /*eval_interval=*/1000);
    // [train]

    const WordVectors wv = WordVectors::from(c.id_to_word, combine_vectors(model.word_vecs(), model.output_vecs(), vectors));
    save_word_vectors(out, wv);
    std::cout << "vectors: " << out << " (" << wv.size() << " x " << wv.dim() << ")\n";
    if (const std::string line = planted_analogies_line(loaded.questions, wv); !line.empty()) std::cout << line << "\n";
  } catch (const std::exception& e) {
    std::cerr << "sgns_pairs: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
