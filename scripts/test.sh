#!/usr/bin/env bash
# Builds minidl and runs its tests: the README's test command, and what CI runs.
#   scripts/test.sh               release build in build/, all tests
#   scripts/test.sh --sanitize    AddressSanitizer + UBSan build in build-asan/, all tests
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
cmake_args=(-DCMAKE_BUILD_TYPE=Release)
if [ "${1:-}" = "--sanitize" ]; then
  build_dir=build-asan
  cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DMINIDL_SANITIZE=ON)
fi

bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build_dir" "${cmake_args[@]}"
cmake --build "$build_dir" -j "$jobs"
# Small matrices: OpenBLAS threads only add overhead and make timings noisy.
export OPENBLAS_NUM_THREADS=1
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
