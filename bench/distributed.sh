#!/usr/bin/env bash
# Issue "mpi": minidl-word2vec train --distributed beside one process, and pWord2Vec_mpi (built by
# ../shared/peers/build.sh when mpicxx exists; skipped with a message otherwise) beside its one-process
# pWord2Vec, all in one sitting on PTB with the issue's settings (10 epochs, window 5, 100 dims,
# 5 negatives, no subsampling, min-count 1). Each cell: the median wall time of RUNS runs (whole
# process, mpirun included) and the analogy top-1 of the first run's vectors. docs/distributed.md.
#   bench/distributed.sh [RUNS (3)] [BUILD_DIR (build)]
# On this 2-core machine "2 processes" share the two cores: it checks the mechanism and its overheads,
# not a cluster's speed-up (docs/distributed.md models that).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
runs=${1:-3}
build=${2:-$repo/build}
data="$repo/../shared/data"
train="$data/ptb/ptb.train.txt"
questions="$data/eval/questions-words.txt"
w2v="$build/bin/minidl-word2vec"
work="${TMPDIR:-/tmp}/minidl-distributed"
rm -rf "$work" && mkdir -p "$work"
mpi=(mpirun --oversubscribe)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
export OPENBLAS_NUM_THREADS=1
common=(--mode fast --corpus "$train" --epochs 10 --window 5 --hidden 100 --negative 5 --sample 0 --quiet)

accuracy() { "$w2v" eval --vectors "$1" --analogies "$questions" | awk '$1 == "total" { print $2 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# cell NAME OUT COMMAND...: times RUNS runs, scores OUT from the first
cell() {
  local name=$1 out=$2
  shift 2
  : >"$work/times"
  for r in $(seq "$runs"); do
    /usr/bin/time -f %e -o "$work/t" "$@" >"$work/$name.log" 2>&1 || { echo "$name: failed"; tail -5 "$work/$name.log"; return; }
    cat "$work/t" >>"$work/times"
    [ "$r" -eq 1 ] && cp "$out" "$work/$name.first"
  done
  printf "%-44s %7.2f s   analogy %s %%   (runs: %s)\n" "$name" "$(median <"$work/times")" \
    "$(accuracy "$work/$name.first")" "$(tr '\n' ' ' <"$work/times")"
}

for model in cbow skipgram; do
  echo "== $model"
  cell "minidl $model, 1 process x 1 thread" "$work/v.txt" "$w2v" train "${common[@]}" --model $model --threads 1 --out "$work/v.txt"
  cell "minidl $model, 1 process x 2 threads" "$work/v.txt" "$w2v" train "${common[@]}" --model $model --threads 2 --out "$work/v.txt"
  cell "minidl $model, 2 processes x 1 thread" "$work/v.txt" "${mpi[@]}" -np 2 "$w2v" train "${common[@]}" --model $model \
    --threads 1 --distributed --out "$work/v.txt"
  cell "minidl $model, 2 x 1, every row each round" "$work/v.txt" "${mpi[@]}" -np 2 "$w2v" train "${common[@]}" --model $model \
    --threads 1 --distributed --sync-rows 20000 --out "$work/v.txt"
done

peers=$(bash "$repo/../shared/peers/build.sh" "$work/peers" 2>"$work/peers.log" | tail -1 || true)
if [ -x "$peers/pWord2Vec_mpi" ]; then
  echo "== pWord2Vec (Skip-gram, HogBatch)"
  p=(-train "$train" -size 100 -window 5 -negative 5 -sample 0 -min-count 1 -iter 10 -batch-size 11 -binary 0)
  cell "pWord2Vec, 1 process x 1 thread" "$work/p.txt" "$peers/pWord2Vec" "${p[@]}" -threads 1 -output "$work/p.txt"
  cell "pWord2Vec, 1 process x 2 threads" "$work/p.txt" "$peers/pWord2Vec" "${p[@]}" -threads 2 -output "$work/p.txt"
  # Its -threads counts the synchronising thread: -threads 2 trains with one.
  cell "pWord2Vec_mpi, 2 processes x 1 thread" "$work/p.txt" "${mpi[@]}" -np 2 "$peers/pWord2Vec_mpi" "${p[@]}" -threads 2 \
    -output "$work/p.txt"
else
  echo "pWord2Vec_mpi: not built ($(tail -1 "$work/peers.log" 2>/dev/null)); skipped"
fi
