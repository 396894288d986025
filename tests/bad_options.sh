#!/usr/bin/env bash
# The chapter programs and the command line refuse nonsense options at once, in one readable line
# that names the option, with a non-zero exit, before any work. Usage: bad_options.sh BIN_DIR WORKDIR
set -uo pipefail
bin=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
failures=0
checks=0
refuses() {  # refuses DESCRIPTION PATTERN COMMAND...
  checks=$((checks + 1))
  "${@:3}" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ $rc -eq 0 ]; then echo "FAIL: $1: exit 0"; cat "$work/out"; failures=$((failures + 1)); return; fi
  if [ $rc -ge 128 ]; then echo "FAIL: $1: killed by signal $((rc - 128))"; failures=$((failures + 1)); return; fi
  if ! grep -Eq -- "$2" "$work/err"; then echo "FAIL: $1: no /$2/ in:"; cat "$work/err"; failures=$((failures + 1)); fi
  if grep -Eq '[0-9]{30}' "$work/err"; then echo "FAIL: $1: an unreadable number:"; cat "$work/err"; failures=$((failures + 1)); fi
  # Refused before the corpus is loaded, except what needs the corpus's size (AFTER_LOAD=1): still
  # before any weight is allocated.
  if [ -z "${AFTER_LOAD:-}" ] && grep -q 'corpus:' "$work/out"; then echo "FAIL: $1: refused only after loading the corpus"; failures=$((failures + 1)); fi
  if grep -q '^| epoch' "$work/out"; then echo "FAIL: $1: refused only after training began"; failures=$((failures + 1)); fi
}
for p in ch03_train_simple_cbow ch03_train_simple_skip_gram; do
  refuses "$p --epochs 0" "--epochs: must be a whole number, at least 1 \(got 0\)" "$bin/$p" --epochs 0 --plot "$work/p.svg"
  refuses "$p --hidden 0" "--hidden: must be a whole number, at least 1" "$bin/$p" --hidden 0 --plot "$work/p.svg"
  refuses "$p --plot in a missing directory" "directory '.*/no/such' does not exist" "$bin/$p" --plot "$work/no/such/p.svg"
  refuses "$p --batch -3" "--batch: must be a whole number, at least 1" "$bin/$p" --batch -3 --plot "$work/p.svg"
done
refuses "ch04_train --hidden 0" "--hidden: must be a whole number, at least 1" "$bin/ch04_train" --corpus synthetic --hidden 0 --out "$work/v.bin"
refuses "ch04_train --window 0" "--window: must be a whole number, at least 1" "$bin/ch04_train" --corpus synthetic --window 0 --out "$work/v.bin"
printf 'a b c d e f g\n' >"$work/c.txt"
refuses "ch04_train --out is the corpus" "is the corpus" "$bin/ch04_train" --corpus "$work/c.txt" --out "$work/c.txt"
refuses "ch04_train --out a directory" "is a directory" "$bin/ch04_train" --corpus synthetic --out "$work"
refuses "ch04_train --sample in book mode" "--sample applies to --mode fast only" "$bin/ch04_train" --corpus synthetic --sample 0 --out "$work/v.bin"
w2v=("$bin/minidl-word2vec" train --out "$work/v.txt")
refuses "train --window 0" "--window: must be a whole number, at least 1 \(got 0\)" "${w2v[@]}" --window 0
refuses "train --epochs 0" "--epochs: must be a whole number, at least 1" "${w2v[@]}" --epochs 0
refuses "train --lr nan" "--lr: must be a number greater than 0 \(got nan\)" "${w2v[@]}" --lr nan
refuses "train --lr 0" "--lr: must be a number greater than 0 \(got 0\)" "${w2v[@]}" --lr 0
refuses "train --max-grad -1" "--max-grad: must be a number, 0 or more" "${w2v[@]}" --max-grad -1
refuses "train --threads 0" "--threads: must be a whole number, at least 1" "${w2v[@]}" --threads 0
refuses "train --min-count with the synthetic corpus" "--min-count applies to text-file corpora" "${w2v[@]}" --min-count 2
refuses "train --min-count with PTB" "the ptb corpus has a fixed vocabulary" "${w2v[@]}" --corpus ptb --min-count 2
refuses "train --share-negatives in book mode" "--share-negatives applies to --mode fast only" "${w2v[@]}" --share-negatives 2
refuses "train --share-negatives with Skip-gram" "share-negatives applies to fast CBOW" "${w2v[@]}" --mode fast --model skipgram --share-negatives 2
refuses "train --share-negatives 0" "--share-negatives: must be a whole number, at least 1" "${w2v[@]}" --mode fast --share-negatives 0
refuses "train --sync-seconds alone" "--sync-seconds applies to --distributed only" "${w2v[@]}" --mode fast --sync-seconds 0.5
refuses "train --sync-words alone" "--sync-words applies to --distributed only" "${w2v[@]}" --mode fast --sync-words 1000
refuses "train --sync-words with --sync-seconds" "--sync-words and --sync-seconds are two ways" "${w2v[@]}" --mode fast --distributed --sync-words 1000 --sync-seconds 1
refuses "train --sync-rows alone" "--sync-rows applies to --distributed only" "${w2v[@]}" --mode fast --sync-rows 100
refuses "train --distributed in book mode" "--distributed (trains in --mode fast only|: this minidl-word2vec was built without MPI)" "${w2v[@]}" --distributed
refuses "train --distributed with adam" "--distributed (trains with --optimizer sgd|: this minidl-word2vec was built without MPI)" "${w2v[@]}" --mode fast --distributed --optimizer adam
refuses "train --distributed --sync-seconds 0" "--sync-seconds: must be" "${w2v[@]}" --mode fast --distributed --sync-seconds 0
refuses "train --mode fast, a missing text file" "text corpus '$work/missing.txt': no such file" "${w2v[@]}" --mode fast --corpus "$work/missing.txt"
refuses "ppmi-svd --resume" "--resume applies to cbow and skipgram, not to ppmi-svd" "${w2v[@]}" --model ppmi-svd --resume "$work/x.ckpt"
refuses "ppmi-svd --checkpoint" "--checkpoint applies to cbow and skipgram" "${w2v[@]}" --model ppmi-svd --checkpoint "$work/x.ckpt"
AFTER_LOAD=1 refuses "train --hidden 100000000" "needs about [0-9.]+ GiB .* GiB available: lower --hidden" "${w2v[@]}" --hidden 100000000
AFTER_LOAD=1 refuses "ch04_train --hidden 100000000" "needs about [0-9.]+ GiB" "$bin/ch04_train" --corpus synthetic --hidden 100000000 --out "$work/v.bin"
seq 1 200000 | sed 's/^/w/' | tr '\n' ' ' >"$work/wide.txt"
AFTER_LOAD=1 refuses "ppmi-svd over 200,000 words" "needs about [0-9.]+ GiB \(200001 words: the dense 200001 x 200001 PPMI matrix\)" \
  "${w2v[@]}" --model ppmi-svd --corpus "$work/wide.txt"
refuses "train --cds 0" "--cds: must be a number greater than 0, at most 1 \(got 0\)" "${w2v[@]}" --model ppmi-svd --cds 0
refuses "train --eig 2" "--eig: must be a number from 0 to 1 \(got 2\)" "${w2v[@]}" --model ppmi-svd --eig 2
refuses "train --weighting gauss" "--weighting: gauss not in" "${w2v[@]}" --model ppmi-svd --weighting gauss
refuses "train --cds with cbow" "--cds applies to --model ppmi-svd only" "${w2v[@]}" --cds 0.75
refuses "train --preset best --model cbow" "--preset best is ppmi-svd's recipe; drop --model cbow" "${w2v[@]}" --preset best --model cbow
refuses "train --preset good" "--preset: good not in" "${w2v[@]}" --preset good
refuses "train --remove-top 100" "--remove-top 100 must be less than --hidden 100" "${w2v[@]}" --remove-top 100
refuses "eval --pairs, a missing second file" "--pairs '$work/missing.txt': cannot open the file" \
  "$bin/minidl-word2vec" eval --vectors "$work/none.txt" --pairs "$work/c.txt" "$work/missing.txt"
refuses "similar --top 0" "--top: must be a whole number, at least 1" "$bin/minidl-word2vec" similar king --top 0 --vectors "$work/none.txt"
refuses "custom_layer --bogus" "not expected: --bogus" "$bin/custom_layer" --bogus
sp=("$bin/spiral_mlp" --plot "$work/s.svg" --regions "$work/r.svg")
refuses "spiral_mlp --epochs 0" "--epochs: must be a whole number, at least 1 \(got 0\)" "${sp[@]}" --epochs 0
refuses "spiral_mlp --lr 0" "--lr: must be a number greater than 0 \(got 0\)" "${sp[@]}" --lr 0
refuses "spiral_mlp --held-out 1" "--held-out: must be a number from 0 up to, not including, 1 \(got 1\)" "${sp[@]}" --held-out 1
refuses "spiral_mlp --batch-size over the points" "--batch-size 301 is more than the 300 training points" "${sp[@]}" --batch-size 301
refuses "spiral_mlp --plot equal to --regions" "--plot and --regions name the same file" "$bin/spiral_mlp" --plot "$work/s.svg" --regions "$work/s.svg"
refuses "spiral_mlp --regions a directory" "is a directory" "$bin/spiral_mlp" --plot "$work/s.svg" --regions "$work"
sg=("$bin/sgns_pairs" --out "$work/v.txt")
refuses "sgns_pairs --negatives 0" "--negatives: must be a whole number, at least 1 \(got 0\)" "${sg[@]}" --negatives 0
refuses "sgns_pairs --vectors both" "--vectors: both not in \{in,sum,concat\}" "${sg[@]}" --vectors both
refuses "sgns_pairs --held-out -0.5" "--held-out: must be a number from 0 up to" "${sg[@]}" --held-out -0.5
refuses "sgns_pairs --out is the corpus" "is the --corpus file" "$bin/sgns_pairs" --corpus "$work/c.txt" --out "$work/c.txt"
refuses "sgns_pairs --out a directory" "is a directory" "$bin/sgns_pairs" --out "$work"
AFTER_LOAD=1 refuses "sgns_pairs --hidden 100000000" "needs about [0-9.]+ GiB .*lower --window, --negatives or --hidden" "${sg[@]}" --hidden 100000000
[ -e "$work/s.svg" ] || [ -e "$work/r.svg" ] && { echo "FAIL: a refused spiral_mlp run wrote a picture"; failures=$((failures + 1)); }
[ -e "$work/v.txt" ] && { echo "FAIL: a refused run wrote its output"; failures=$((failures + 1)); }
echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
