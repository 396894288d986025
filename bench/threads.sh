#!/usr/bin/env bash
# Issue "speed v3", target 3: a second thread speeds both fast models up by at least 1.6x, as the
# median of several runs on a shared machine. Each run trains PTB with minidl-bench --mode fast on
# 1 thread and then on 2, back to back (so both see the same load), for CBOW and Skip-gram; a run's
# speed-up is its 1-thread seconds per epoch over its 2-thread ones. Printed: every run, then per
# model the median speed-up with the lowest and highest, and the median seconds per epoch with
# their spread, which says how noisy the machine was.
# Two controls in the same runs say what the machine allows:
#  - nothing shared: two one-thread runs at once, each on one half of PTB's lines (two processes,
#    nothing in common): 1-thread seconds per epoch over the slower half's. The speed-up two threads
#    would give if they did not write the same rows; the rest of the gap is the rows' traffic.
#  - pWord2Vec (HogBatch, Skip-gram only; built from ../shared/peers with its build.sh, skipped
#    with a message when it cannot be): its own training rate (the last words/s it prints) on 2
#    threads over 1, with the same settings.
#
#   bench/threads.sh [--runs 7] [--epochs 3] [--models cbow,skipgram] [--build-dir build]
#                    [--data-dir ../shared/data/ptb] [--bench PATH] [--no-peer]
#                    [-- extra minidl-bench options]
# Not run by CI (a minute per run).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
runs=7
epochs=3
models="cbow,skipgram"
build_dir="$repo/build"
data_dir="$repo/../shared/data/ptb"
bench=""
peer=1
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --data-dir) data_dir="$2"; shift 2 ;;
    --bench) bench="$2"; shift 2 ;;
    --no-peer) peer=0; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "threads.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$bench" ] || bench="$build_dir/bin/minidl-bench"
[ -x "$bench" ] || { echo "threads.sh: $bench is not built (cmake --build $build_dir --target minidl-bench)" >&2; exit 1; }
[ -f "$data_dir/ptb.train.txt" ] || { echo "threads.sh: no PTB in $data_dir" >&2; exit 1; }
case "$runs" in ''|*[!0-9]*|0) echo "threads.sh: --runs must be a whole number >= 1" >&2; exit 2 ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/minidl-threads.XXXXXX")
trap 'rm -rf "$work"' EXIT
lines=$(wc -l < "$data_dir/ptb.train.txt")
head -n $((lines / 2)) "$data_dir/ptb.train.txt" > "$work/half1.txt"
tail -n +$((lines / 2 + 1)) "$data_dir/ptb.train.txt" > "$work/half2.txt"

pword2vec=""
case ",$models," in *,skipgram,*) ;; *) peer=0 ;; esac  # pWord2Vec trains Skip-gram only
if [ "$peer" = 1 ]; then
  if [ -f "$repo/../shared/peers/build.sh" ] && mkdir -p "$work/peers" &&
     bash "$repo/../shared/peers/build.sh" "$work/peers" > "$work/peers/build.log" 2>&1 && [ -x "$work/peers/pWord2Vec" ]; then
    pword2vec="$work/peers/pWord2Vec"
  else
    echo "threads.sh: pWord2Vec could not be built from ../shared/peers ($(tail -1 "$work/peers/build.log" 2>/dev/null)); its control is skipped"
  fi
fi

# Seconds per epoch of one configuration: the corpus's tokens (its "corpus:" line) over the
# tokens/s of minidl-bench's fast row (its s/epoch column has two decimals only).
# seconds MODEL THREADS [CORPUS]: CORPUS a text file instead of PTB.
seconds() {
  local corpus=(--corpus ptb --data-dir "$data_dir")
  [ -z "${3:-}" ] || corpus=(--corpus "$3")
  "$bench" "${corpus[@]}" --mode fast --model "$1" --threads "$2" --epochs "$epochs" \
    --sample 0 "${extra[@]}" 2>/dev/null |
    awk '/^corpus:/ { match($0, /\(([0-9,]+) tokens/); t = substr($0, RSTART + 1, RLENGTH - 8); gsub(",", "", t) }
         $1 == "fast" && t > 0 { printf "%.4f\n", t / $7 }'
}
# The two halves at once, one thread each: the slower one's seconds per epoch.
halves() {
  seconds "$1" 1 "$work/half1.txt" > "$work/h1" &
  seconds "$1" 1 "$work/half2.txt" > "$work/h2" &
  wait
  awk -v a="$(cat "$work/h1")" -v b="$(cat "$work/h2")" 'BEGIN { if (a != "" && b != "") print (a > b ? a : b) }'
}
# pWord2Vec's training rate (words/s, the last it prints) on THREADS threads.
peer_rate() {
  "$pword2vec" -train "$data_dir/ptb.train.txt" -output "$work/pw.txt" -size 100 -window 5 -negative 5 -sample 0 \
    -min-count 1 -iter "$epochs" -binary 0 -batch-size 11 -threads "$1" 2>&1 |
    tr '\r' '\n' | grep -o 'Words/sec: [0-9.]*k' | tail -1 | grep -o '[0-9.]*'
}
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A one two up ceiling
peer_up=""
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= runs; r++)); do
  for m in ${models//,/ }; do
    s1=$(seconds "$m" 1)
    s2=$(seconds "$m" 2)
    sh=$(halves "$m")
    [ -n "$s1" ] && [ -n "$s2" ] && [ -n "$sh" ] || { echo "threads.sh: minidl-bench printed no fast row for $m" >&2; exit 1; }
    u=$(awk -v a="$s1" -v b="$s2" 'BEGIN { printf "%.2f", a / b }')
    c=$(awk -v a="$s1" -v b="$sh" 'BEGIN { printf "%.2f", a / b }')
    one[$m]+="$s1 "
    two[$m]+="$s2 "
    up[$m]+="$u "
    ceiling[$m]+="$c "
    echo "run $r  $m: 1 thread $s1 s/epoch, 2 threads $s2 s/epoch, speed-up $u; nothing shared: halves at once $sh s/epoch, $c"
  done
  if [ -n "$pword2vec" ]; then
    p1=$(peer_rate 1)
    p2=$(peer_rate 2)
    [ -n "$p1" ] && [ -n "$p2" ] || { echo "threads.sh: pWord2Vec printed no words/s" >&2; exit 1; }
    pu=$(awk -v a="$p1" -v b="$p2" 'BEGIN { printf "%.2f", b / a }')
    peer_up+="$pu "
    echo "run $r  pWord2Vec skipgram: 1 thread ${p1}k words/s, 2 threads ${p2}k, speed-up $pu"
  fi
done
echo
span() { local v; v=$(tr ' ' '\n' | grep -v '^$'); echo "$(echo "$v" | median) ($(echo "$v" | sort -g | head -1)-$(echo "$v" | sort -g | tail -1))"; }
echo "| model | median speed-up (lowest-highest) | nothing shared: halves at once | 1 thread s/epoch, median (lowest-highest) | 2 threads s/epoch, median (lowest-highest) |"
echo "|---|---|---|---|---|"
for m in ${models//,/ }; do
  echo "| $m | $(echo "${up[$m]}" | span) | $(echo "${ceiling[$m]}" | span) | $(echo "${one[$m]}" | span) | $(echo "${two[$m]}" | span) |"
done
[ -z "$peer_up" ] || echo "| pWord2Vec skipgram | $(echo "$peer_up" | span) | | | |"
echo "$runs runs of $epochs epochs each; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
