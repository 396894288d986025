#!/usr/bin/env bash
# Issue "mpi": the library and minidl-word2vec build and work without MPI (-DMINIDL_MPI=OFF), and
# --distributed then says what is missing. Usage: without_mpi.sh SOURCE_DIR WORK_DIR
set -euo pipefail
src=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DMINIDL_MPI=OFF -DMINIDL_BUILD_TESTS=OFF \
  -DMINIDL_BUILD_EXAMPLES=OFF -DMINIDL_BUILD_BENCH=OFF >"$work/configure.log"
! grep -q "distributed training over MPI" "$work/configure.log" || { echo "FAIL: MPI configured although OFF"; exit 1; }
cmake --build "$work/build" -j "$(nproc 2>/dev/null || echo 2)" --target minidl-word2vec >"$work/build.log" 2>&1 ||
  { tail -30 "$work/build.log"; exit 1; }
w2v="$work/build/bin/minidl-word2vec"
"$w2v" train --mode fast --epochs 2 --out "$work/v.txt" | tail -1
if "$w2v" train --mode fast --distributed --out "$work/d.txt" 2>"$work/err"; then echo "FAIL: --distributed ran"; exit 1; fi
grep "built without MPI" "$work/err"
echo "ok: built and ran without MPI"
