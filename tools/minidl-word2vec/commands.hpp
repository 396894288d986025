#pragma once
// minidl-word2vec: each subcommand adds itself to the application and runs from its callback.
#include <stdexcept>

#include <CLI/CLI.hpp>

namespace minidl {
class MpiGroup;
}

namespace word2vec_cli {

// train --distributed: main starts MPI before parsing (MPI_Init must come first) and hands the
// group over here; null in every other run.
void set_mpi_group(minidl::MpiGroup* group);
bool asks_for_distributed(int argc, char** argv);  // "train ... --distributed"

// A --distributed run's failure that every process knows of (a round told them all): each prints it
// and exits 1 normally, rather than ending the job with MPI_Abort.
struct GroupStopped : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void add_train_command(CLI::App& app);
void add_query_commands(CLI::App& app);   // similar, analogy, eval
void add_corpus_command(CLI::App& app);
void add_map_command(CLI::App& app);      // map: PCA / t-SNE pictures

}  // namespace word2vec_cli
