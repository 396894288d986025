// Chapter 4.3.2: train CBOW (or Skip-gram) on PTB with the book's settings and save the vectors.
// The book's ch04/train.py: window 5, hidden 100, batch 100, 10 epochs, Adam, 5 negatives.
// Then run build/bin/ch04_eval on the vectors (the book's eval.py).
#include <chrono>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "framework/blas.hpp"
#include "framework/data/contexts_target.hpp"
#include "framework/data/load_corpus.hpp"
#include "framework/data/word_vectors.hpp"
#include "framework/io/word2vec_format.hpp"
#include "framework/trainer.hpp"
#include "models/cbow.hpp"
#include "models/skip_gram.hpp"
#include "optim/adam.hpp"

int main(int argc, char** argv) {
  using namespace minidl;
  CLI::App app("Chapter 4.3.2: train CBOW or Skip-gram on PTB with the book's settings");
  std::string model_name = "cbow", corpus_name = "ptb", data_dir, out;
  std::size_t window_size = 5, hidden_size = 100, batch_size = 100, max_epoch = 10;
  std::uint64_t seed = 0;
  int threads = 1;
  app.add_option("--model", model_name, "cbow or skipgram")->check(CLI::IsMember({"cbow", "skipgram"}))->capture_default_str();
  app.add_option("--corpus", corpus_name, "ptb (the book's), synthetic, or a text file")->capture_default_str();
  app.add_option("--data-dir", data_dir, "directory holding ptb.train.txt (else MINIDL_DATA_DIR, cache, download)");
  app.add_option("--window", window_size, "context words on each side")->capture_default_str();
  app.add_option("--hidden", hidden_size, "vector size")->capture_default_str();
  app.add_option("--batch", batch_size, "mini-batch size")->capture_default_str();
  app.add_option("--epochs", max_epoch, "epochs")->capture_default_str();
  app.add_option("--seed", seed, "seed for weights, shuffling and negatives")->capture_default_str();
  app.add_option("--threads", threads, "threads for the matrix products")->capture_default_str();
  app.add_option("--out", out, "vectors file (default: cbow_params.bin or skipgram_params.bin)");
  CLI11_PARSE(app, argc, argv);
  if (out.empty()) out = model_name + "_params.bin";

  try {
    set_blas_threads(threads);
    // The book: corpus, word_to_id, id_to_word = ptb.load_data('train')
    CorpusSource source;
    source.data_dir = data_dir;
    const LoadedCorpus loaded = load_corpus(corpus_name, source);
    const Corpus& c = loaded.corpus;
    const std::size_t vocab_size = c.id_to_word.size();
    std::cout << "corpus: " << loaded.description << "\n";

    auto [contexts, target] = create_contexts_target(c.corpus, window_size);

    Rng rng(seed);
    std::unique_ptr<Model> model;
    if (model_name == "cbow")
      model = std::make_unique<CBOW>(vocab_size, hidden_size, window_size, c.corpus, rng, Word2VecOptions{0.75, 5, seed});
    else
      model = std::make_unique<SkipGram>(vocab_size, hidden_size, window_size, c.corpus, rng,
                                         Word2VecOptions{0.75, 5, seed});
    Adam optimizer(model->parameters());
    Trainer trainer(*model, optimizer, seed);

    const auto start = std::chrono::steady_clock::now();
    trainer.fit(contexts, target, max_epoch, batch_size);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    trainer.plot(model_name + "_loss.svg");

    // The book pickles word_vecs, word_to_id and id_to_word; a word2vec file holds the same.
    save_word_vectors(out, WordVectors::from(c.id_to_word, model->word_vecs()));
    std::cout << "trained in " << static_cast<long>(seconds) << " s (" << static_cast<long>(seconds / max_epoch)
              << " s per epoch); first loss " << trainer.loss_list().front() << ", last loss "
              << trainer.loss_list().back() << "\nvectors: " << out << ", loss plot: " << model_name << "_loss.svg\n";
  } catch (const std::exception& e) {
    std::cerr << "ch04_train: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
