// The word-vector toolkit through the installed headers and minidl::minidl_word2vec: the book's
// preprocess and create_contexts_target on its sentence.
#include <cstdio>

#include <minidl/word2vec/data/contexts_target.hpp>
#include <minidl/word2vec/data/preprocess.hpp>

int main() {
  using namespace minidl;
  const Corpus c = preprocess("You say goodbye and I say hello.");
  const ContextsTarget ct = create_contexts_target(c.corpus, 1);
  std::printf("%zu words, %zu contexts\n", c.id_to_word.size(), ct.contexts.shape()[0]);
  return c.id_to_word.size() == 7 && ct.contexts.shape()[0] == 6 ? 0 : 1;
}
