#!/usr/bin/env bash
# Issue "mpi": minidl-word2vec train --distributed with 2 processes on this machine (mpirun --oversubscribe).
# Usage: distributed.sh CHECK MINIDL_WORD2VEC SHARED_DATA WORKDIR [SEEDS]    (exit 77: skipped, saying why)
#   synthetic  all planted analogies recovered
#   ptb [SEEDS] CBOW's analogy accuracy against one process's with the same threads (2) and epochs,
#              over SEEDS seeds (16; the slower sanitizer build runs 4): the issue asks for two
#              processes to be within 0.5 points. One run spreads about +-0.35 points from seed to seed,
#              so the gap is a difference of means, and the test fails when it is over 0.5 by more
#              than twice its standard error (three times under 10 seeds, whose spread is itself
#              uncertain), or over 1.2 points at all (plain averaging, without the scaled step, trails
#              by 1.5). Measured over 30 seeds: 0.36, standard error 0.09 (docs/distributed.md); at
#              that gap, 16 seeds fail by chance about once in a thousand runs (normal estimate).
#   killed     a process killed mid-run: mpirun ends non-zero within seconds naming it, and the existing
#              output file is untouched, with no temporary file left
#   shard      the corpus file changes mid-run, so the next epoch cannot read its shards: every
#              process exits non-zero naming the process and the cause; the output is untouched
set -euo pipefail
check=$1 w2v=$2 data=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
command -v mpirun >/dev/null || { echo "skipped: no mpirun (openmpi-bin)"; exit 77; }
mpi=(mpirun --oversubscribe -np 2)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)  # CI runs as root; OpenMPI refuses it unless told
# OpenMPI's own allocations outlive MPI_Finalize: not this project's leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export OPENBLAS_NUM_THREADS=1
needs() { for f in "$@"; do [ -f "$f" ] || { echo "skipped: no $f"; exit 77; }; done; }
accuracy() { "$w2v" eval --vectors "$1" --analogies "$data/eval/questions-words.txt" | awk '$1 == "total" { print $2 }'; }

case "$check" in
synthetic)
  "${mpi[@]}" "$w2v" train --mode fast --distributed --out "$work/v.txt" | tee "$work/log"
  grep -E "planted analogies: ([0-9]+) / \1 correct" "$work/log"
  grep -q "distributed: 2 processes" "$work/log"
  # Checkpoints: process 0 writes them; a stopped run resumes with as many processes, and only so.
  "${mpi[@]}" "$w2v" train --mode fast --distributed --out "$work/r.txt" --checkpoint "$work/ck.bin" --stop-after 4 >"$work/stop.log"
  grep -q "stopped after epoch 4 of 10" "$work/stop.log"
  "${mpi[@]}" "$w2v" train --mode fast --distributed --out "$work/r.txt" --resume "$work/ck.bin" | tee "$work/resume.log" | tail -2
  grep -q "resumed from .* after epoch 4" "$work/resume.log"
  grep -qE "planted analogies: ([0-9]+) / \1 correct" "$work/resume.log"
  if "$w2v" train --mode fast --out "$work/r1.txt" --resume "$work/ck.bin" 2>"$work/err"; then echo "FAIL: resumed alone"; exit 1; fi
  grep "made by 2 processes, this run has 1 (not --distributed)" "$work/err"
  ;;
ptb)
  needs "$data/ptb/ptb.train.txt" "$data/eval/questions-words.txt"
  seeds=${5:-16}
  for seed in $(seq 1 "$seeds"); do
    "$w2v" train --mode fast --corpus ptb --data-dir "$data/ptb" --threads 2 --seed $seed --quiet --out "$work/one.txt" >/dev/null
    "${mpi[@]}" "$w2v" train --mode fast --distributed --corpus ptb --data-dir "$data/ptb" --threads 1 --seed $seed --quiet \
      --out "$work/two.txt" >/dev/null
    echo "seed $seed: one process $(accuracy "$work/one.txt") %, two $(accuracy "$work/two.txt") %" | tee -a "$work/acc"
  done
  awk '{ n++; a[n] = $5; b[n] = $8; sa += $5; sb += $8 }
       END { ma = sa / n; mb = sb / n
             for (i = 1; i <= n; ++i) { va += (a[i] - ma) ^ 2; vb += (b[i] - mb) ^ 2 }
             gap = ma - mb; se = sqrt(va / (n - 1) / n + vb / (n - 1) / n)
             printf "%d seeds: one process %.2f %%, two %.2f %%: two trail by %.2f points, standard error %.2f\n", n, ma, mb, gap, se
             exit !(gap - (n >= 10 ? 2 : 3) * se <= 0.5 && gap <= 1.2) }' "$work/acc"
  ;;
killed)
  needs "$data/ptb/ptb.train.txt"
  echo "the vectors of an earlier run" >"$work/v.txt"
  "${mpi[@]}" "$w2v" train --mode fast --distributed --corpus ptb --data-dir "$data/ptb" --epochs 200 \
    --out "$work/v.txt" >"$work/log" 2>&1 &
  job=$!
  for _ in $(seq 200); do grep -q "^epoch 2:" "$work/log" && break; sleep 0.1; done
  victim=""
  for p in $(pgrep -f "minidl-word2vec train --mode fast --distributed --corpus ptb" || true); do
    tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=1" && victim=$p
  done
  [ -n "$victim" ] || { echo "FAIL: no process of rank 1 found"; cat "$work/log"; kill $job; exit 1; }
  kill -9 "$victim"
  start=$(date +%s)
  status=0
  wait $job || status=$?
  took=$(( $(date +%s) - start ))
  cat "$work/log" | grep -v '^ *$' | tail -8
  echo "mpirun exit status $status, $took s after the kill"
  [ "$status" -ne 0 ] || { echo "FAIL: the run succeeded"; exit 1; }
  [ "$took" -le 10 ] || { echo "FAIL: took $took s to stop"; exit 1; }
  grep -q "rank 1" "$work/log" || { echo "FAIL: the dead process is not named"; exit 1; }
  [ "$(cat "$work/v.txt")" = "the vectors of an earlier run" ] || { echo "FAIL: the output was replaced"; exit 1; }
  leftovers=$(ls -A "$work" | grep -v -x -e v.txt -e log || true)
  [ -z "$leftovers" ] || { echo "FAIL: left behind: $leftovers"; exit 1; }
  ;;
shard)
  needs "$data/ptb/ptb.train.txt"
  cp "$data/ptb/ptb.train.txt" "$work/corpus.txt"
  echo "the vectors of an earlier run" >"$work/v.txt"
  "${mpi[@]}" "$w2v" train --mode fast --distributed --corpus "$work/corpus.txt" --epochs 200 \
    --out "$work/v.txt" >"$work/log" 2>&1 &
  job=$!
  for _ in $(seq 200); do grep -q "^epoch 1:" "$work/log" && break; sleep 0.1; done
  echo "one more line" >>"$work/corpus.txt"  # the file is no longer the one the vocabulary counted
  status=0
  wait $job || status=$?
  grep -v '^ *$' "$work/log" | tail -6
  [ "$status" -ne 0 ] || { echo "FAIL: the run succeeded"; exit 1; }
  for r in 0 1; do
    grep -q "process $r of 2: error: .*changed" "$work/log" || { echo "FAIL: process $r gave no message naming the cause"; exit 1; }
  done
  [ "$(cat "$work/v.txt")" = "the vectors of an earlier run" ] || { echo "FAIL: the output was replaced"; exit 1; }
  leftovers=$(ls -A "$work" | grep -v -x -e v.txt -e log -e corpus.txt || true)
  [ -z "$leftovers" ] || { echo "FAIL: left behind: $leftovers"; exit 1; }
  ;;
*) echo "unknown check $check"; exit 2 ;;
esac
echo "ok: $check"
