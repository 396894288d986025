#!/usr/bin/env bash
# Issue "speed v3", target 4: a corpus of 10^8 tokens over 10^6 words, streamed from its file, trains
# at tokens/s within 15% of PTB's, with peak memory at most 1.25x the parameters (2 x V x d x 4 bytes)
# plus 64 MiB, whatever the corpus's length. In one run of this script:
#   - a Zipf corpus of each --tokens length over --vocab ranks is written once into --work (kept for
#     later runs with the same options: minidl-zipf-corpus writes the same file every time);
#   - minidl-word2vec train --mode fast (CBOW, window 5, 100 dims, 5 negatives, the default
#     subsampling) runs --runs times on PTB and on each Zipf corpus, alternating, each under
#     /usr/bin/time; the medians of tokens/s (the program's own epoch figure) and of peak memory are
#     printed, with the ratios the target names, and the vocabulary pass's MB/s beside the file's
#     bytes read cold (after dropping the page cache, when allowed) and warm;
#   - beside them, the share of each corpus's tokens that subsampling keeps (the program's header)
#     and the ratio at equal work, kept tokens/s over PTB's: a corpus whose frequent words are less
#     of it keeps more tokens, so each of its tokens is more work (--sample 0: every token is kept).
#
#   - with --peer (Skip-gram only), pWord2Vec (HogBatch, built from ../shared/peers with its build.sh)
#     runs beside minidl on every corpus with the same settings, its own words/s figure taken: the
#     same drop from PTB to a million words in the fastest peer says what memory costs either.
#
#   bench/scale.sh [--tokens 10000000,100000000] [--vocab 1000000] [--runs 3] [--threads 1]
#                  [--model cbow] [--share-negatives 1] [--sample 0.001] [--peer] [--build-dir build]
#                  [--work /tmp/minidl-scale]
# Not run by CI (minutes, and gigabytes of disk).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
tokens="10000000,100000000"
vocab=1000000
runs=3
threads=1
model=cbow
share=1
sample=0.001
peer=0
build_dir="$repo/build"
work="${TMPDIR:-/tmp}/minidl-scale"
while [ $# -gt 0 ]; do
  case "$1" in
    --tokens) tokens="$2"; shift 2 ;;
    --vocab) vocab="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --share-negatives) share="$2"; shift 2 ;;
    --sample) sample="$2"; shift 2 ;;
    --peer) peer=1; shift ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "scale.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
w2v="$build_dir/bin/minidl-word2vec"
zipf="$build_dir/bin/minidl-zipf-corpus"
for p in "$w2v" "$zipf"; do [ -x "$p" ] || { echo "scale.sh: no $p (build first: cmake --build $build_dir)" >&2; exit 1; }; done
[ -x /usr/bin/time ] || { echo "scale.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
ptb="$repo/../shared/data/ptb/ptb.train.txt"
[ -f "$ptb" ] || { echo "scale.sh: no PTB at $ptb" >&2; exit 1; }
mkdir -p "$work"
pword2vec=""
if [ "$peer" = 1 ]; then
  [ "$model" = skipgram ] || { echo "scale.sh: --peer needs --model skipgram (pWord2Vec trains Skip-gram only)" >&2; exit 2; }
  peers_src="$repo/../shared/peers"
  [ -f "$peers_src/build.sh" ] || { echo "scale.sh: no $peers_src/build.sh for --peer" >&2; exit 1; }
  mkdir -p "$work/peers"
  bash "$peers_src/build.sh" "$work/peers" > "$work/peers/build.log" 2>&1 ||
    { echo "scale.sh: building pWord2Vec failed (see $work/peers/build.log)" >&2; exit 1; }
  pword2vec="$work/peers/pWord2Vec"
fi

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
corpora=("$ptb")
for n in ${tokens//,/ }; do
  f="$work/zipf-$n-$vocab.txt"
  if [ ! -f "$f" ]; then "$zipf" --tokens "$n" --vocab "$vocab" --out "$f"; fi
  corpora+=("$f")
done

# One training run: prints "tokens_per_second peak_MiB vocabulary_MB_per_s vocabulary_words kept_percent".
train() {
  local corpus="$1" epochs="$2" log="$work/run.log" tv="$work/time.txt"
  /usr/bin/time -v -o "$tv" "$w2v" train --mode fast --model "$model" --corpus "$corpus" --epochs "$epochs" \
    --threads "$threads" --share-negatives "$share" --sample "$sample" --out "$work/vectors.txt" > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
  # The last epoch's tokens/s (PTB runs 3 epochs, so that the first's warm-up is not in it).
  local tps mib mbs words kept
  tps=$(sed -n 's/^epoch [0-9]*: .*s, \([0-9]*\) tokens\/s$/\1/p' "$log" | tail -1)
  mib=$(awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$tv")
  mbs=$(sed -n 's/.*vocabulary read in [0-9.]* s (\([0-9]*\) MB\/s[,)].*/\1/p' "$log")
  words=$(sed -n "s/^corpus: .*(\([0-9,]*\) tokens, \([0-9,]*\) words.*/\2/p" "$log" | tr -d ,)
  kept=$(sed -n 's/^model: .*(keeps \([0-9.]*\) % of the tokens).*/\1/p' "$log")
  echo "$tps $mib ${mbs:--} ${words:-0} ${kept:-100}"
}

# One pWord2Vec run, minidl's settings (its subsampling default, 1e-3, is minidl's too): prints
# "words_per_second peak_MiB" from its last progress figure and /usr/bin/time.
train_peer() {
  local corpus="$1" epochs="$2" log="$work/peer.log" tv="$work/peer-time.txt"
  /usr/bin/time -v -o "$tv" "$pword2vec" -train "$corpus" -output "$work/peer-vectors.txt" -size 100 -window 5 \
    -negative 5 -min-count 1 -iter "$epochs" -threads "$threads" -binary 1 -batch-size 11 > "$log" 2>&1 ||
    { cat "$log" >&2; exit 1; }
  local wps mib
  wps=$(tr '\r' '\n' < "$log" | sed -n 's/.*Words\/sec: \([0-9.]*\)k.*/\1/p' | tail -1)
  mib=$(awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$tv")
  echo "$(awk -v k="$wps" 'BEGIN {printf "%.0f", k * 1000}') $mib"
}

declare -A tps mib mbs words kept ptps pmib
for r in $(seq 1 "$runs"); do
  for c in "${corpora[@]}"; do
    epochs=1
    [ "$c" = "$ptb" ] && epochs=3
    read -r t m v n k < <(train "$c" "$epochs")
    tps[$c]+="$t "; mib[$c]+="$m "; mbs[$c]+="$v "; words[$c]=$n; kept[$c]=$k
    echo "run $r: $(basename "$c"): $t tokens/s, peak $m MiB, vocabulary $v MB/s, $k % kept"
    if [ -n "$pword2vec" ]; then
      read -r t m < <(train_peer "$c" "$epochs")
      ptps[$c]+="$t "; pmib[$c]+="$m "
      echo "run $r: $(basename "$c"): pWord2Vec $t words/s, peak $m MiB"
    fi
  done
done

median() { tr ' ' '\n' | grep -v '^$' | grep -v '^-$' | sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2] + a[NR/2+1]) / 2}'; }
ptb_tps=$(echo "${tps[$ptb]}" | median)
echo
echo "medians of $runs runs, $model, $threads thread(s), share-negatives $share, sample $sample; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-28s %12s %8s %10s %10s %12s %8s %10s %8s %12s %12s\n" corpus tokens/s "/ PTB" "peak MiB" "params MiB" "bound MiB" "/ bound" \
  "vocab MB/s" "kept %" "kept / PTB" "0.85 needs"
for c in "${corpora[@]}"; do
  t=$(echo "${tps[$c]}" | median)
  m=$(echo "${mib[$c]}" | median)
  v=$(echo "${mbs[$c]}" | median)
  n=${words[$c]}
  params=$(awk -v n="$n" 'BEGIN {printf "%.0f", 2 * n * 100 * 4 / 1048576}')
  bound=$(awk -v p="$params" 'BEGIN {printf "%.0f", 1.25 * p + 64}')
  printf "%-28s %12s %8s %10s %10s %12s %8s %10s %8s %12s %12s\n" "$(basename "$c")" "$t" "$(awk -v a="$t" -v b="$ptb_tps" 'BEGIN {printf "%.2f", a / b}')" \
    "$m" "$params" "$bound" "$(awk -v a="$m" -v b="$bound" 'BEGIN {printf "%.2f", a / b}')" "$v" "${kept[$c]}" \
    "$(awk -v a="$t" -v b="$ptb_tps" -v ka="${kept[$c]}" -v kb="${kept[$ptb]}" 'BEGIN {printf "%.2f", a * ka / (b * kb)}')" \
    "$(awk -v ka="${kept[$c]}" -v kb="${kept[$ptb]}" 'BEGIN {printf "%.2f", 0.85 * ka / kb}')"
done
echo "target: tokens/s / PTB >= 0.85 and peak / bound <= 1 for the Zipf corpora"
echo "(kept / PTB: the same ratio at equal work, kept tokens/s over PTB's; 0.85 needs: the kept / PTB at which"
echo " tokens/s / PTB is 0.85, which is above 0.85 for a corpus that keeps more of its tokens than PTB)"
if [ -n "$pword2vec" ]; then
  echo
  ptb_ptps=$(echo "${ptps[$ptb]}" | median)
  printf "%-28s %16s %8s %10s %16s\n" corpus "pWord2Vec w/s" "/ PTB" "peak MiB" "minidl / pWord2Vec"
  for c in "${corpora[@]}"; do
    t=$(echo "${ptps[$c]}" | median)
    printf "%-28s %16s %8s %10s %16s\n" "$(basename "$c")" "$t" "$(awk -v a="$t" -v b="$ptb_ptps" 'BEGIN {printf "%.2f", a / b}')" \
      "$(echo "${pmib[$c]}" | median)" "$(awk -v a="$(echo "${tps[$c]}" | median)" -v b="$t" 'BEGIN {printf "%.2f", a / b}')"
  done
  echo "(minidl / pWord2Vec: tokens/s over words/s, each the program's own figure; above 1, minidl is faster)"
fi

# The bytes' speed, for the vocabulary pass's MB/s: cold (page cache dropped, if allowed) and warm.
big="${corpora[${#corpora[@]}-1]}"
if sync && echo 1 > /proc/sys/vm/drop_caches 2>/dev/null; then
  echo "reading $(basename "$big") cold: $(dd if="$big" of=/dev/null bs=16M 2>&1 | tail -1)"
else
  echo "(cannot drop the page cache here: no cold reading figure)"
fi
echo "reading $(basename "$big") warm: $(dd if="$big" of=/dev/null bs=16M 2>&1 | tail -1)"
rm -f "$work/vectors.txt" "$work/vectors.loss.svg" "$work/vectors.loss.csv" "$work/peer-vectors.txt"
