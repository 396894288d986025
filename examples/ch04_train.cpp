// Chapter 4.3.2: train CBOW (or Skip-gram) on PTB with the book's settings and save the vectors.
// The book's ch04/train.py: window 5, hidden 100, batch 100, 10 epochs, Adam, 5 negatives.
// Then run build/bin/ch04_eval on the vectors (the book's eval.py).
// --mode fast trains the same model the way word2vec does (word2vec/fast/fast_word2vec.hpp): per-example
// SGD with row-sparse updates, subsampling and --threads Hogwild threads; a fraction of the time.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <new>

#include <CLI/CLI.hpp>

#include <minidl/cli/checks.hpp>

#include <minidl/framework/blas.hpp>
#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/word2vec/data/contexts_target.hpp>
#include <minidl/word2vec/data/load_corpus.hpp>
#include <minidl/word2vec/data/token_source.hpp>
#include <minidl/word2vec/data/word_vectors.hpp>
#include <minidl/word2vec/fast/fast_word2vec.hpp>
#include <minidl/word2vec/io/word2vec_format.hpp>
#include <minidl/word2vec/train_config.hpp>
#include <minidl/framework/progress.hpp>
#include <minidl/framework/trainer.hpp>

int main(int argc, char** argv) {
  using namespace minidl;
  CLI::App app("Chapter 4.3.2: train CBOW or Skip-gram on PTB with the book's settings");
  // The book's settings are TrainConfig's defaults (word2vec/train_config.hpp).
  TrainConfig cfg;
  std::string corpus_name = "ptb", data_dir, out;
  app.add_option("--mode", cfg.mode, "book (the chapter's mini-batch Adam) or fast (word2vec's SGD)")
      ->check(CLI::IsMember({"book", "fast"}))
      ->capture_default_str();
  app.add_option("--model", cfg.model, "cbow or skipgram")->check(CLI::IsMember({"cbow", "skipgram"}))->capture_default_str();
  app.add_option("--corpus", corpus_name, "ptb (the book's), synthetic, or a text file")->capture_default_str();
  app.add_option("--data-dir", data_dir, "directory holding ptb.train.txt (else MINIDL_DATA_DIR, cache, download)");
  app.add_option("--window", cfg.window, "context words on each side")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--hidden", cfg.hidden, "vector size")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--batch", cfg.batch, "mini-batch size")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--epochs", cfg.epochs, "epochs")->check(minidl::cli::at_least(1))->capture_default_str();
  app.add_option("--seed", cfg.seed, "seed for weights, shuffling and negatives")->capture_default_str();
  app.add_option("--threads", cfg.threads, "book: threads for matrix products and updates; fast: training threads")
      ->check(minidl::cli::at_least(1))
      ->capture_default_str();
  app.add_option("--sample", cfg.sample, "fast mode: subsampling threshold (0: off)")->capture_default_str();
  app.add_option("--out", out, "vectors file (default: cbow_params.bin or skipgram_params.bin)");
  std::string progress = "book";  // the book's lines, to compare with the book
  app.add_option("--progress", progress, "book: the book's lines (every 20 batches); auto: one status line and a summary per epoch; none")
      ->check(CLI::IsMember({"auto", "book", "none"}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (cfg.mode == "book" && app.count("--sample") > 0) {  // would do nothing: say so
    std::cerr << "ch04_train: --sample applies to --mode fast only\n";
    return 1;
  }
  const std::string& model_name = cfg.model;
  const std::size_t max_epoch = cfg.epochs;
  if (out.empty()) out = model_name + "_params.bin";

  try {
    cfg.check();
    // Before the training, not after it: the outputs can be written and replace no input.
    check_writable(out);
    if (cfg.mode == "book") check_writable(model_name + "_loss.svg");
    std::error_code ec;
    if (std::filesystem::exists(corpus_name) && std::filesystem::equivalent(corpus_name, out, ec))
      throw std::invalid_argument("--out '" + out + "' is the corpus: writing it would replace the input");
    set_blas_threads(cfg.threads);
    // The book: corpus, word_to_id, id_to_word = ptb.load_data('train')
    CorpusSource source;
    source.data_dir = data_dir;
    const LoadedCorpus loaded = load_corpus(corpus_name, source);
    const Corpus& c = loaded.corpus;
    const std::size_t vocab_size = c.id_to_word.size();
    std::cout << "corpus: " << loaded.description << std::endl;  // now, not when the run ends
    cfg.check_memory(vocab_size, c.corpus.size());

    if (cfg.mode == "fast") {
      FastWord2Vec w2v(vocab_size, c.corpus, fast_options(cfg));
      // The same per-epoch line as minidl-word2vec train --mode fast.
      const auto stats = w2v.fit_to(IdsSource(c.corpus, vocab_size), max_epoch, {}, 1.0, [&](const FastEpochStats& st) {
        if (progress != "none") std::cout << epoch_summary(w2v.epochs_done(), st) << std::endl;
      });
      double seconds = 0;
      for (const auto& st : stats) seconds += st.seconds;
      save_word_vectors(out, WordVectors::from(c.id_to_word, w2v.word_vecs()));
      char line[160];
      std::snprintf(line, sizeof line, "fast mode: trained in %.2f s (%.2f s per epoch); loss per prediction %.3f in epoch 1, %.3f in epoch %zu",
                    seconds, seconds / double(max_epoch), stats.front().loss, stats.back().loss, max_epoch);
      std::cout << line << "\nvectors: " << out << "\n";
      return 0;
    }
    auto [contexts, target] = create_contexts_target(c.corpus, cfg.window);

    // The book: model = CBOW(vocab_size, hidden_size, window_size, corpus); optimizer = Adam()
    std::unique_ptr<WordModel> model = make_word_model(cfg, c);
    std::unique_ptr<Optimizer> optimizer = make_optimizer(cfg, model->parameters());
    Trainer trainer(*model, *optimizer, cfg.seed);
    trainer.set_progress({progress_style(progress)});

    const auto start = std::chrono::steady_clock::now();
    trainer.fit(contexts, target, max_epoch, cfg.batch);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    trainer.plot(model_name + "_loss.svg");

    // The book pickles word_vecs, word_to_id and id_to_word; a word2vec file holds the same.
    save_word_vectors(out, WordVectors::from(c.id_to_word, model->word_vecs()));
    std::cout << "trained in " << static_cast<long>(seconds) << " s (" << static_cast<long>(seconds / max_epoch)
              << " s per epoch); first loss " << trainer.loss_list().front() << ", last loss "
              << trainer.loss_list().back() << "\nvectors: " << out << ", loss plot: " << model_name << "_loss.svg\n";
  } catch (const std::bad_alloc&) {
    std::cerr << "ch04_train: out of memory (try a smaller --hidden)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "ch04_train: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
