#!/usr/bin/env bash
# Issue "speed v3", target 3: a second thread speeds both fast models up by at least 1.6x, as the
# median of several runs on a shared machine. Each run trains PTB with minidl-bench --mode fast on
# 1 thread and then on 2, back to back (so both see the same load), for CBOW and Skip-gram; a run's
# speed-up is its 1-thread seconds per epoch over its 2-thread ones. Printed: every run, then per
# model the median speed-up with the lowest and highest, and the median seconds per epoch with
# their spread, which says how noisy the machine was.
#
#   bench/threads.sh [--runs 7] [--epochs 3] [--models cbow,skipgram] [--build-dir build]
#                    [--data-dir ../shared/data/ptb] [--bench PATH] [-- extra minidl-bench options]
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
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --data-dir) data_dir="$2"; shift 2 ;;
    --bench) bench="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "threads.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$bench" ] || bench="$build_dir/bin/minidl-bench"
[ -x "$bench" ] || { echo "threads.sh: $bench is not built (cmake --build $build_dir --target minidl-bench)" >&2; exit 1; }
[ -f "$data_dir/ptb.train.txt" ] || { echo "threads.sh: no PTB in $data_dir" >&2; exit 1; }
case "$runs" in ''|*[!0-9]*|0) echo "threads.sh: --runs must be a whole number >= 1" >&2; exit 2 ;; esac

# Seconds per epoch of one configuration: the s/epoch column of minidl-bench's fast row.
seconds() {
  "$bench" --corpus ptb --data-dir "$data_dir" --mode fast --model "$1" --threads "$2" --epochs "$epochs" \
    --sample 0 "${extra[@]}" 2>/dev/null | awk '$1 == "fast" { print $5 }'
}
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A one two up
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= runs; r++)); do
  for m in ${models//,/ }; do
    s1=$(seconds "$m" 1)
    s2=$(seconds "$m" 2)
    [ -n "$s1" ] && [ -n "$s2" ] || { echo "threads.sh: minidl-bench printed no fast row for $m" >&2; exit 1; }
    u=$(awk -v a="$s1" -v b="$s2" 'BEGIN { printf "%.2f", a / b }')
    one[$m]+="$s1 "
    two[$m]+="$s2 "
    up[$m]+="$u "
    echo "run $r  $m: 1 thread $s1 s/epoch, 2 threads $s2 s/epoch, speed-up $u"
  done
done
echo
echo "| model | median speed-up (lowest-highest) | 1 thread s/epoch, median (lowest-highest) | 2 threads s/epoch, median (lowest-highest) |"
echo "|---|---|---|---|"
for m in ${models//,/ }; do
  span() { local v; v=$(tr ' ' '\n' | grep -v '^$'); echo "$(echo "$v" | median) ($(echo "$v" | sort -g | head -1)-$(echo "$v" | sort -g | tail -1))"; }
  echo "| $m | $(echo "${up[$m]}" | span) | $(echo "${one[$m]}" | span) | $(echo "${two[$m]}" | span) |"
done
echo "$runs runs of $epochs epochs each; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
