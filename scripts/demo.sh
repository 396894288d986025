#!/usr/bin/env bash
# The main job on its built-in default: installs what is missing, builds, and trains SimpleCBOW on
# the book's toy sentence (chapter 3), printing the book's progress lines, the word vectors and
# where the loss plot went. No download needed. Extra arguments go to the program (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target ch03_train_simple_cbow >/dev/null
exec build/bin/ch03_train_simple_cbow "$@"
