#!/usr/bin/env bash
# Issue "mpi": how far processes that average rows (train --distributed) trail one process with the
# same threads and epochs, on PTB's analogies (the defaults: CBOW, 10 epochs, subsampling 1e-3).
# One run's accuracy spreads about +-0.35 points from seed to seed, so the gap is a difference of
# means over many seeds, printed with its standard error. Per seed:
#   1 x 2         one process, 2 threads          2 x 1         two processes of one thread
#   1 x 4         one process, 4 threads          4 x 1         four processes of one thread
#   1 x 2 slow    1 x 2 at --lr 0.025             2 x 1 slow    2 x 1 at --lr 0.025
# (the last pair: whether the gap comes with CBOW's high default rate of 0.05).
#   bench/distributed_accuracy.sh [SEEDS (30)] [BUILD_DIR (build)]      docs/distributed.md
# About 20 s a seed on two cores; the per-seed table is left in $TMPDIR/minidl-distributed-accuracy.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
seeds=${1:-30}
build=${2:-$repo/build}
case "$seeds" in ''|*[!0-9]*|0|1) echo "distributed_accuracy.sh: SEEDS must be a whole number >= 2" >&2; exit 2 ;; esac
data="$repo/../shared/data"
w2v="$build/bin/minidl-word2vec"
[ -x "$w2v" ] || { echo "distributed_accuracy.sh: $w2v is not built" >&2; exit 1; }
command -v mpirun >/dev/null || { echo "distributed_accuracy.sh: no mpirun (openmpi-bin)" >&2; exit 1; }
work="${TMPDIR:-/tmp}/minidl-distributed-accuracy"
rm -rf "$work" && mkdir -p "$work"
mpi=(mpirun --oversubscribe)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
export OPENBLAS_NUM_THREADS=1
common=(--mode fast --corpus ptb --data-dir "$data/ptb" --quiet)
accuracy() { "$w2v" eval --vectors "$1" --analogies "$data/eval/questions-words.txt" | awk '$1 == "total" { print $2 }'; }
one() { "$w2v" train "${common[@]}" --seed "$seed" --out "$work/v.txt" "$@" >/dev/null && accuracy "$work/v.txt"; }
group() { local n=$1; shift; "${mpi[@]}" -np "$n" "$w2v" train "${common[@]}" --threads 1 --distributed --seed "$seed" \
  --out "$work/v.txt" "$@" >/dev/null && accuracy "$work/v.txt"; }

header="seed 1x2 2x1 1x4 4x1 1x2_slow 2x1_slow"
echo "$header" >"$work/table"
for seed in $(seq 1 "$seeds"); do
  echo "$seed $(one --threads 2) $(group 2) $(one --threads 4) $(group 4) $(one --threads 2 --lr 0.025) $(group 2 --lr 0.025)" |
    tee -a "$work/table"
done
# Means and standard deviations per column; each gap as a difference of means with its standard error.
awk 'NR == 1 { for (i = 2; i <= NF; ++i) name[i] = $i; next }
     { n++; for (i = 2; i <= NF; ++i) { s[i] += $i; q[i] += $i * $i } }
     END {
       for (i = 2; i <= 7; ++i) { m[i] = s[i] / n; sd[i] = sqrt((q[i] - n * m[i] * m[i]) / (n - 1)) }
       printf "%d seeds\n", n
       for (i = 2; i <= 7; ++i) printf "  %-9s mean %.2f %%, sd %.2f\n", name[i], m[i], sd[i]
       for (i = 2; i <= 7; i += 2)
         printf "  gap %-9s - %-9s %.2f points, standard error %.2f\n", name[i], name[i + 1], m[i] - m[i + 1],
                sqrt(sd[i] * sd[i] / n + sd[i + 1] * sd[i + 1] / n)
     }' "$work/table"
