#pragma once
// A corpus's vocabulary read once, by process 0, and sent to the others (--distributed): on a
// cluster the file is read from disk once for the counts, not once per node, and every process
// numbers the words the same way without depending on reading the file identically.
#include <minidl/framework/distributed/mpi_group.hpp>
#include <minidl/word2vec/data/load_corpus.hpp>
#include <minidl/word2vec/data/text_vocabulary.hpp>

namespace minidl {

// Process 0's vocabulary into every other's `vocabulary` (whose path and options stay its own: each
// reads its own shards of the file at that path later, and checks it is the file 0 counted).
void broadcast_vocabulary(const MpiGroup& group, TextVocabulary& vocabulary);

// A corpus held in memory (synthetic, PTB): process 0's ids, words, description and questions.
void broadcast_corpus(const MpiGroup& group, LoadedCorpus& loaded);

}  // namespace minidl
