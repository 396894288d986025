#!/usr/bin/env bash
# Builds the loaders' fuzz targets with clang (libFuzzer + AddressSanitizer + UBSan) in build-fuzz/
# and runs each for a bounded time from its seeds: fuzz/seeds/<target>/ (text) and the binary ones
# make_fuzz_seeds writes. A finding (crash, sanitizer report, leak, timeout) fails the script and
# leaves the input in build-fuzz/findings/; make it a regression test, then fix it.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 60; CI runs it so)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMINIDL_FUZZ=ON -DMINIDL_SANITIZE=ON \
  -DMINIDL_BUILD_TESTS=OFF -DMINIDL_BUILD_EXAMPLES=OFF -DMINIDL_BUILD_TOOLS=OFF -DMINIDL_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j "$jobs" --target fuzzers
work=build-fuzz/corpora
findings=build-fuzz/findings
rm -rf "$work" "$findings" && mkdir -p "$work" "$findings"
targets=(word2vec_text word2vec_binary npy checkpoint text_corpus text_stream analogies pairs)
for target in "${targets[@]}"; do
  mkdir -p "$work/$target"
  if [ -d "fuzz/seeds/$target" ]; then cp fuzz/seeds/"$target"/* "$work/$target/"; fi
done
build-fuzz/bin/make_fuzz_seeds "$work"  # the binary seeds: word2vec_binary/, npy/, checkpoint/
export OPENBLAS_NUM_THREADS=1
status=0
for target in "${targets[@]}"; do
  echo "== fuzz $target for $seconds s"
  # A fixed seed: the same build explores the same inputs in the same order, so a clean run here
  # means a clean run in CI (which gets as far in its time or less), and a finding reproduces.
  if ! build-fuzz/bin/${target}_fuzzer -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/$target-" -print_final_stats=1 "$work/$target" >"$findings/$target.log" 2>&1; then
    echo "FINDING in $target:"; tail -40 "$findings/$target.log"; status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "$findings/$target.log" | tr '\n' ' '; echo
  fi
done
exit $status
