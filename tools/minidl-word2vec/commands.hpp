#pragma once
// minidl-word2vec: each subcommand adds itself to the application and runs from its callback.
#include <CLI/CLI.hpp>

namespace word2vec_cli {

void add_train_command(CLI::App& app);
void add_query_commands(CLI::App& app);   // similar, analogy, eval
void add_corpus_command(CLI::App& app);
void add_map_command(CLI::App& app);      // map: PCA / t-SNE pictures

}  // namespace word2vec_cli
