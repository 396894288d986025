#!/usr/bin/env bash
# Issue "speed v3", target 3: what a second thread costs the vectors. Two threads write the shared
# rows without locks (Hogwild), and each keeps private copies of the most frequent words' rows that
# it syncs every few pieces (docs/fast-mode.md, "Threads"), so some updates arrive late. This
# measures how far two threads' vectors trail one thread's on PTB's analogy questions (the defaults:
# 10 epochs, subsampling 1e-3). One run's accuracy spreads about +-0.3 points from seed to seed, so
# the gap is a difference of means over many seeds, printed with its standard error.
#   bench/threads_accuracy.sh [--seeds 40] [--model cbow] [--build-dir build] [--w2v PATH]
# About 6 s a seed for CBOW and 11 s for Skip-gram on two cores. Not run by CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
seeds=40
model=cbow
w2v=""
build="$repo/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    --w2v) w2v="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "threads_accuracy.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$seeds" in ''|*[!0-9]*|0|1) echo "threads_accuracy.sh: --seeds must be a whole number >= 2" >&2; exit 2 ;; esac
case "$model" in cbow|skipgram) ;; *) echo "threads_accuracy.sh: --model must be cbow or skipgram" >&2; exit 2 ;; esac
[ -n "$w2v" ] || w2v="$build/bin/minidl-word2vec"
[ -x "$w2v" ] || { echo "threads_accuracy.sh: $w2v is not built (cmake --build $build --target minidl-word2vec)" >&2; exit 1; }
data="$repo/../shared/data"
[ -f "$data/ptb/ptb.train.txt" ] || { echo "threads_accuracy.sh: no PTB in $data/ptb" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/minidl-threads-accuracy.XXXXXX")
trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1

# accuracy THREADS: the analogy top-1 (all questions whose four words PTB has) of one run's vectors.
accuracy() {
  "$w2v" train --mode fast --model "$model" --corpus ptb --data-dir "$data/ptb" --quiet --seed "$seed" \
    --threads "$1" --out "$work/v.txt" >/dev/null
  "$w2v" eval --vectors "$work/v.txt" --analogies "$data/eval/questions-words.txt" | awk '$1 == "total" { print $2 }'
}
echo "seed 1_thread 2_threads"
for seed in $(seq 1 "$seeds"); do
  echo "$seed $(accuracy 1) $(accuracy 2)"
done | tee "$work/table"
awk -v model="$model" '{ n++; for (i = 2; i <= 3; ++i) { s[i] += $i; q[i] += $i * $i } }
     END {
       for (i = 2; i <= 3; ++i) { m[i] = s[i] / n; sd[i] = sqrt((q[i] - n * m[i] * m[i]) / (n - 1)) }
       printf "%s, %d seeds: 1 thread %.2f %% (sd %.2f), 2 threads %.2f %% (sd %.2f); 2 threads trail by %.2f points, standard error %.2f\n",
              model, n, m[2], sd[2], m[3], sd[3], m[2] - m[3], sqrt(sd[2] * sd[2] / n + sd[3] * sd[3] / n)
     }' "$work/table"
