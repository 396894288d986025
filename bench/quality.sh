#!/usr/bin/env bash
# Issue "quality": how good are the vectors each recipe gives on PTB, and what each step of
# --preset best adds. Every row trains with minidl-word2vec train, then scores the vectors with
# minidl-word2vec eval (analogy top-1 over the questions whose four words are in PTB, semantic and
# syntactic sections apart; Spearman rho over the covered pairs of each pair file) and prints a
# Markdown table: docs/quality.md's tables are this script's output.
#
#   bench/quality.sh [--grid all|defaults|recipe|post] [--seed 0] [--build-dir build]
#                    [--data ../shared/data] [--work /tmp/minidl-quality]
#   defaults: every model and mode with its default options (book mode trains for minutes)
#   recipe:   ppmi-svd from the book's settings to --preset best one step at a time, and best
#             with each step left out
#   post:     --remove-top 1 --subwords 1 on the fast trainers' vectors
# Time is the whole training command's wall time (one core: --threads 1, OPENBLAS_NUM_THREADS=1).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
grid=all
seed=0
build_dir="$repo/build"
data="$repo/../shared/data"
work=/tmp/minidl-quality
while [ $# -gt 0 ]; do
  case "$1" in
    --grid) grid="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "quality.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$grid" in all|defaults|recipe|post) ;; *) echo "quality.sh: --grid must be all, defaults, recipe or post" >&2; exit 2 ;; esac
w2v="$build_dir/bin/minidl-word2vec"
[ -x "$w2v" ] || { echo "quality.sh: no $w2v (build first: cmake --build $build_dir)" >&2; exit 1; }
questions="$data/eval/questions-words.txt"
men="$data/eval/EN-MEN-TR-3k.txt"
mturk="$data/eval/EN-MTurk-771.txt"
for f in "$data/ptb/ptb.train.txt" "$questions" "$men" "$mturk"; do
  [ -f "$f" ] || { echo "quality.sh: no $f (--data names the folder holding ptb/ and eval/)" >&2; exit 1; }
done
mkdir -p "$work"
export OPENBLAS_NUM_THREADS=1

echo "| vectors | options | time s | analogy | semantic | syntactic | MEN-3k | MTurk-771 |"
echo "|---|---|---|---|---|---|---|---|"
row() {  # row NAME OPTIONS...
  local name="$1"; shift
  local out="$work/vectors.txt" log="$work/train.log"
  local t0 t1
  t0=$(date +%s.%N)
  "$w2v" train --corpus ptb --data-dir "$data" --seed "$seed" --out "$out" "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  t1=$(date +%s.%N)
  "$w2v" eval --vectors "$out" --analogies "$questions" --pairs "$men" "$mturk" >"$work/eval.txt"
  awk -v name="$name" -v opts="$*" -v secs="$(echo "$t1 - $t0" | bc)" '
    $1 == "semantic" { sem = $2 } $1 == "syntactic" { syn = $2 } $1 == "total" { tot = $2; n = $6 }
    /EN-MEN-TR-3k.txt: spearman/ { men = $3; menn = $5 } /EN-MTurk-771.txt: spearman/ { mt = $3; mtn = $5 }
    END { printf "| %s | `%s` | %.1f | %s %% | %s %% | %s %% | %.3f | %.3f |\n", name, opts, secs, tot, sem, syn, men, mt }' \
    "$work/eval.txt"
  rm -f "$out" "$work/vectors.loss.svg" "$work/vectors.loss.csv"
}

if [ "$grid" = all ] || [ "$grid" = defaults ]; then
  row "book CBOW" --mode book --model cbow
  row "book Skip-gram" --mode book --model skipgram
  row "fast CBOW" --mode fast --model cbow
  row "fast Skip-gram" --mode fast --model skipgram
  row "PPMI-SVD (defaults)" --model ppmi-svd
fi
if [ "$grid" = all ] || [ "$grid" = recipe ]; then
  row "PPMI-SVD, the book's settings" --model ppmi-svd
  row "+ window 10, 1/d weights" --model ppmi-svd --window 10 --weighting harmonic
  row "+ cds 0.75" --model ppmi-svd --window 10 --weighting harmonic --cds 0.75
  row "+ U S^0.5" --model ppmi-svd --window 10 --weighting harmonic --cds 0.75 --eig 0.5
  row "+ all-but-the-top 1" --model ppmi-svd --window 10 --weighting harmonic --cds 0.75 --eig 0.5 --remove-top 1
  row "+ subwords = --preset best" --preset best
  row "best without subwords" --preset best --subwords 0
  row "best without all-but-the-top" --preset best --remove-top 0
  row "best with U (eig 0)" --preset best --eig 0
  row "best without cds" --preset best --cds 1
  row "best with flat weights" --preset best --weighting flat
  row "best with window 5" --preset best --window 5
  row "best with window 2" --preset best --window 2
  row "best with 300 dims" --preset best --hidden 300
fi
if [ "$grid" = all ] || [ "$grid" = post ]; then
  row "fast CBOW + post" --mode fast --model cbow --remove-top 1 --subwords 1
  row "fast Skip-gram + post" --mode fast --model skipgram --remove-top 1 --subwords 1
fi
