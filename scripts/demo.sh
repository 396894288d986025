#!/usr/bin/env bash
# The main job on its built-in default, no download needed: installs what is missing, builds, trains
# CBOW with negative sampling (the book's chapter-4 settings) on the synthetic corpus, scores its
# planted analogies, and asks the book's questions of the vectors. Outputs go to build/demo/.
# Extra arguments go to `minidl-word2vec train` (try --help, or --corpus ptb for the book's run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target minidl-word2vec >/dev/null
mkdir -p build/demo
bin=build/bin/minidl-word2vec
"$bin" train --out build/demo/vectors.txt --eval-interval 1000 "$@"
"$bin" similar king went --vectors build/demo/vectors.txt
"$bin" analogy king man queen --vectors build/demo/vectors.txt
"$bin" analogy take took go --vectors build/demo/vectors.txt
