#!/usr/bin/env bash
# Issue "mpi": analogy top-1 on PTB of one process with 2 threads against 2 processes of 1 thread
# (train --distributed, as the issue compares them), seed by seed, and the means: with the default rounds
# (every 0.1 s and at least 20 an epoch: about every 23,000 words a process here), with a round only
# every 50,000 words (10 an epoch), and with --lr 0.025, which with 2 processes is plain
# averaging (each process steps 2 x 0.025 = 0.05, word2vec's rate, and the mean halves it); and one
# process at --lr 0.1, the rate each of two processes steps at between rounds.
#   bench/distributed_accuracy.sh [SEEDS (1 2 3 4 5)] [BUILD_DIR (build)]    docs/distributed.md
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
seeds=${1:-1 2 3 4 5}
build=${2:-$repo/build}
data="$repo/../shared/data"
w2v="$build/bin/minidl-word2vec"
work="${TMPDIR:-/tmp}/minidl-distributed-accuracy"
rm -rf "$work" && mkdir -p "$work"
mpi=(mpirun --oversubscribe -np 2)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
export OPENBLAS_NUM_THREADS=1
common=(--mode fast --corpus ptb --data-dir "$data/ptb" --quiet)
accuracy() { "$w2v" eval --vectors "$1" --analogies "$data/eval/questions-words.txt" | awk '$1 == "total" { print $2 }'; }
printf "%-6s %22s %22s %26s %24s %22s\n" seed "1 process x 2 threads" "2 processes x 1" "2 x 1, --sync-words 50000" \
  "2 x 1, plain averaging" "1 x 2, --lr 0.1"
for seed in $seeds; do
  "$w2v" train "${common[@]}" --threads 2 --seed "$seed" --out "$work/a.txt" >/dev/null
  "${mpi[@]}" "$w2v" train "${common[@]}" --threads 1 --distributed --seed "$seed" --out "$work/b.txt" >/dev/null
  "${mpi[@]}" "$w2v" train "${common[@]}" --threads 1 --distributed --sync-words 50000 --seed "$seed" --out "$work/c.txt" >/dev/null
  "${mpi[@]}" "$w2v" train "${common[@]}" --threads 1 --distributed --lr 0.025 --seed "$seed" --out "$work/d.txt" >/dev/null
  "$w2v" train "${common[@]}" --threads 2 --lr 0.1 --seed "$seed" --out "$work/e.txt" >/dev/null
  printf "%-6s %22s %22s %26s %24s %22s\n" "$seed" "$(accuracy "$work/a.txt")" "$(accuracy "$work/b.txt")" \
    "$(accuracy "$work/c.txt")" "$(accuracy "$work/d.txt")" "$(accuracy "$work/e.txt")"
done | tee "$work/table"
awk '{ for (i = 2; i <= 6; ++i) s[i] += $i; n++ }
     END { printf "%-6s %22.2f %22.2f %26.2f %24.2f %22.2f\n", "mean", s[2] / n, s[3] / n, s[4] / n, s[5] / n, s[6] / n }' "$work/table"
