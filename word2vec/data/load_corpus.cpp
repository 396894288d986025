#include <minidl/word2vec/data/load_corpus.hpp>

#include <stdexcept>

#include <minidl/word2vec/data/ptb.hpp>
#include <minidl/word2vec/data/synthetic_corpus.hpp>
#include <minidl/word2vec/data/text_corpus.hpp>

namespace minidl {

std::string with_commas(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

namespace {

std::string sizes(const Corpus& c) {
  return with_commas(c.corpus.size()) + " tokens, " + with_commas(c.id_to_word.size()) + " words";
}

}  // namespace

LoadedCorpus load_corpus(const std::string& spec, const CorpusSource& source) {
  if (spec.empty()) throw std::invalid_argument("no corpus given: use synthetic, ptb or a path to a text file");
  LoadedCorpus out;
  if (spec == "synthetic") {
    SyntheticCorpusOptions o;
    o.seed = source.synthetic_seed;
    o.sentences = source.synthetic_sentences;
    const SyntheticCorpus s = make_synthetic_corpus(o);
    out.corpus = text_to_corpus(s.text, {}, "synthetic");
    out.questions = s.questions;
    out.description = "synthetic (" + sizes(out.corpus) + ", " + std::to_string(s.question_count) + " planted analogies)";
  } else if (spec == "ptb") {
    PtbOptions o;
    o.data_dir = source.data_dir;
    out.corpus = load_ptb("train", o);
    out.description = "PTB train (" + sizes(out.corpus) + ")";
  } else {
    TextCorpusOptions o;
    o.min_count = source.min_count;
    out.corpus = load_text_corpus(spec, o);
    out.description = "'" + spec + "' (" + sizes(out.corpus) + ", min-count " + std::to_string(source.min_count) + ")";
  }
  return out;
}

}  // namespace minidl
