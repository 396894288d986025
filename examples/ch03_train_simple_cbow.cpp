// Chapter 3.4.1: train SimpleCBOW on "You say goodbye and I say hello." and print the word vectors.
// The book's train.py, line for line; the Trainer feeds word ids and the model turns them into
// one-hot vectors as its first step (the book calls convert_one_hot before fit).
#include "ch03_common.hpp"
#include <minidl/word2vec/data/contexts_target.hpp>
#include <minidl/models/simple_cbow.hpp>
#include <minidl/optim/adam.hpp>

int main(int argc, char** argv) {
  using namespace minidl;
  CLI::App app("Chapter 3.4.1: train SimpleCBOW on the toy sentence");
  ch03::Options opt;
  opt.add_to(app);
  CLI11_PARSE(app, argc, argv);
  try {
    opt.check_outputs("simple_cbow");
    auto [corpus, word_to_id, id_to_word] = preprocess(opt.text);
    const std::size_t vocab_size = word_to_id.size();
    auto [contexts, target] = create_contexts_target(corpus, opt.window_size);

    Rng rng(opt.seed);
    SimpleCBOW model(vocab_size, opt.hidden_size, rng);
    Adam optimizer(model.parameters());
    Trainer trainer(model, optimizer, opt.seed);
    trainer.set_progress(opt.progress_options());
    trainer.fit(contexts, target, opt.max_epoch, opt.batch_size);

    ch03::report(trainer, model.word_vecs(), id_to_word, opt, "simple_cbow");
  } catch (const std::exception& e) {
    std::cerr << "ch03_train_simple_cbow: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
