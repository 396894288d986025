#!/usr/bin/env bash
# Docs that re-run as written (issue "conventions"): every ```sh block in README.md and docs/*.md
# is marked on the line before it, either
#   <!-- run -->                 this test runs the block, as written, and fails if it fails; or
#   <!-- not run: WHY -->        the reason it is not run here (minutes of training, a benchmark, a
#                                package install), said where the reader sees it.
# An unmarked block fails the test. Blocks run with bash -euo pipefail in a scratch folder laid out
# as the docs assume: build/ (this build's programs), ../shared (the shared data), the source's
# bench/ and scripts/; files they write stay in the scratch folder.
# Usage: doc_commands.sh SOURCE_DIR BUILD_DIR SHARED_DIR WORK_DIR   (exit 77: no shared data)
set -uo pipefail
src=$1
build=$2
shared=$3
work=$4
[ -f "$shared/data/ptb/ptb.train.txt" ] || { echo "skipped: no $shared/data/ptb/ptb.train.txt"; exit 77; }
rm -rf "$work" && mkdir -p "$work/root"
ln -s "$(cd "$build" && pwd)" "$work/root/build"
ln -s "$(cd "$shared" && pwd)" "$work/shared"
for d in bench scripts; do ln -s "$src/$d" "$work/root/$d"; done
export OPENBLAS_NUM_THREADS=1
# What a user's cache would hold: programs that look for PTB without --data-dir find it here.
export MINIDL_DATA_DIR="$work/shared/data/ptb"

failures=0
ran=0
skipped=0
for doc in "$src/README.md" "$src"/docs/*.md; do
  name=${doc#"$src"/}
  # Each block as: its first line number, its marker, then its lines, NUL-separated.
  while IFS= read -r -d '' block; do
    line=${block%%$'\n'*}
    rest=${block#*$'\n'}
    marker=${rest%%$'\n'*}
    body=${rest#*$'\n'}
    case "$marker" in
      "<!-- run -->")
        ran=$((ran + 1))
        printf '%s' "$body" >"$work/block.sh"
        start=$(date +%s)
        if (cd "$work/root" && bash -euo pipefail "$work/block.sh") >"$work/block.out" 2>&1; then
          echo "ran $name:$line in $(( $(date +%s) - start )) s"
        else
          echo "FAIL: $name:$line does not run as written:"; sed 's/^/  /' "$work/block.sh"; tail -20 "$work/block.out"
          failures=$((failures + 1))
        fi ;;
      "<!-- not run: "*" -->") skipped=$((skipped + 1)) ;;
      *) echo "FAIL: $name:$line: a sh block needs <!-- run --> or <!-- not run: why --> on the line before it"
         failures=$((failures + 1)) ;;
    esac
  done < <(awk '
    /^```sh[[:space:]]*$/ { inb = 1; printf "%d\n%s\n", FNR, prev; prev = $0; next }
    /^```/ && inb { inb = 0; printf "%c", 0; prev = $0; next }
    inb { print }
    { prev = $0 }' "$doc")
done
echo "$ran blocks ran, $skipped say why they are not run, $failures failed"
[ "$failures" -eq 0 ] && [ "$ran" -gt 0 ]
