#!/usr/bin/env bash
# End-to-end test of minidl-word2vec: train on the synthetic corpus, query, evaluate, resume from a
# checkpoint, and fail cleanly on bad input. Usage: cli_test.sh PATH/TO/minidl-word2vec WORKDIR
set -uo pipefail
bin=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
failures=0
checks=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
  checks=$((checks + 1))
  if ! "${@:2}" >"$work/last.out" 2>"$work/last.err"; then
    echo "FAIL: $1"; cat "$work/last.out" "$work/last.err"; failures=$((failures + 1))
  fi
}
expect_in() {  # expect_in DESCRIPTION PATTERN FILE
  checks=$((checks + 1))
  if ! grep -Eq -- "$2" "$3"; then echo "FAIL: $1: no /$2/ in $3:"; cat "$3"; failures=$((failures + 1)); fi
}
expect_error() {  # expect_error DESCRIPTION PATTERN COMMAND...: must fail with one line naming the problem
  checks=$((checks + 1))
  if "${@:3}" >"$work/err.out" 2>"$work/err.err"; then
    echo "FAIL: $1: succeeded"; failures=$((failures + 1)); return
  fi
  expect_in "$1" "$2" "$work/err.err"
  if [ "$(wc -l <"$work/err.err")" -gt 3 ]; then echo "FAIL: $1: more than a short message:"; cat "$work/err.err"; failures=$((failures + 1)); fi
  if grep -q "terminate\|Aborted\|Segmentation" "$work/err.err"; then echo "FAIL: $1: crashed"; failures=$((failures + 1)); fi
}

train=("$bin" train --corpus synthetic --window 2 --hidden 50 --eval-interval 500 --seed 3 --progress book)

# Train two epochs straight through, writing binary vectors and a checkpoint.
check "train" "${train[@]}" --epochs 2 --out "$work/full.bin" --checkpoint "$work/full.ckpt"
cp "$work/last.out" "$work/train.out"
expect_in "book's first line" '^\| epoch 1 \|  iter 1 / 3599 \| time [0-9]+\[s\] \| loss 4\.16 \| [0-9]+ samples/s \| ETA [0-9]+\[s\]' "$work/train.out"
expect_in "planted analogies found" 'planted analogies: (4[0-9][0-9]|[0-9]{3}) / 450 correct' "$work/train.out"
test -s "$work/full.bin" && test -s "$work/full.loss.svg" && test -s "$work/full.loss.csv" || { echo "FAIL: outputs missing"; failures=$((failures + 1)); }

# Stop after one epoch and resume: the vectors must be the same, byte for byte.
check "train 1 epoch" "${train[@]}" --epochs 1 --out "$work/half.bin" --checkpoint "$work/half.ckpt"
check "resume" "${train[@]}" --epochs 2 --out "$work/resumed.bin" --resume "$work/half.ckpt"
expect_in "resume message" 'resumed from .*half.ckpt after epoch 1' "$work/last.out"
cmp -s "$work/full.bin" "$work/resumed.bin" || { echo "FAIL: resumed vectors differ from uninterrupted"; failures=$((failures + 1)); }
expect_error "resume with other settings" 'made with .*hidden=50.* this run has .*hidden=60' \
  "$bin" train --corpus synthetic --window 2 --hidden 60 --epochs 2 --out "$work/x.bin" --resume "$work/half.ckpt"

# The same in fast mode: a checkpoint is written after every epoch; one kept after the first of
# three epochs (a run stopped there), resumed, gives the same bytes as the run that went on; the
# loss history (CSV and plot) covers all three epochs.
fast=("$bin" train --mode fast --corpus synthetic --hidden 30 --seed 5 --epochs 3)
check "fast train" "${fast[@]}" --out "$work/fast_full.bin" --checkpoint "$work/fast_full.ckpt"
expect_in "fast per-epoch summary" '^epoch 3: loss [0-9]+\.[0-9]{3}, [0-9]+\.[0-9]{2} s, [0-9]+ tokens/s$' "$work/last.out"
expect_in "fast header: subsampling's share" '^model: .*, sample 0\.001 \(keeps [0-9]+\.[0-9] % of the tokens\), 1 thread' "$work/last.out"
check "fast, stopped after epoch 1" "${fast[@]}" --stop-after 1 --out "$work/fast_one.bin" --checkpoint "$work/fast_one.ckpt"
check "fast resume" "${fast[@]}" --out "$work/fast_resumed.bin" --resume "$work/fast_one.ckpt"
expect_in "fast resume message" 'resumed from .*fast_one.ckpt after epoch 1' "$work/last.out"
cmp -s "$work/fast_full.bin" "$work/fast_resumed.bin" || { echo "FAIL: fast resumed vectors differ from uninterrupted"; failures=$((failures + 1)); }
expect_in "fast loss history spans the epochs" '^3,[0-9.]+$' "$work/fast_resumed.loss.csv"
test -s "$work/fast_resumed.loss.svg" || { echo "FAIL: no fast loss plot"; failures=$((failures + 1)); }
expect_error "fast resume with other settings" 'made with .*epochs=3.* this run has .*epochs=4' \
  "$bin" train --mode fast --corpus synthetic --hidden 30 --seed 5 --epochs 4 --out "$work/x.bin" --resume "$work/fast_one.ckpt"
expect_error "fast resume of a book checkpoint" 'was not made by --mode fast' \
  "${fast[@]}" --out "$work/x.bin" --resume "$work/half.ckpt"
# SparseAdam's moments and step counts are in the checkpoint too: the same bytes again.
check "fast adam" "${fast[@]}" --optimizer adam --out "$work/adam_full.bin"
check "fast adam, stopped" "${fast[@]}" --optimizer adam --stop-after 2 --out "$work/adam_two.bin" --checkpoint "$work/adam_two.ckpt"
check "fast adam resume" "${fast[@]}" --optimizer adam --out "$work/adam_resumed.bin" --resume "$work/adam_two.ckpt"
cmp -s "$work/adam_full.bin" "$work/adam_resumed.bin" || { echo "FAIL: fast Adam resumed vectors differ from uninterrupted"; failures=$((failures + 1)); }
check "npy out" "${fast[@]}" --out "$work/fast.npy"
test -s "$work/fast.vocab.txt" || { echo "FAIL: no words file beside the .npy"; failures=$((failures + 1)); }
check "similar reads npy" "$bin" similar king --vectors "$work/fast.npy" --top 2
expect_in "similar on npy" '^\[query\] king$' "$work/last.out"
# The default progress (not a terminal here): status lines no more often than --progress-seconds
# (0: every record), a summary per epoch, no book lines; --quiet: none of them.
check "progress auto" "$bin" train --corpus synthetic --window 2 --hidden 20 --epochs 2 --eval-interval 1000 --seed 3 \
  --progress-seconds 0 --out "$work/p.txt"
expect_in "auto status line" '^epoch 1/2 \| +[0-9]+% \| loss [0-9.]+ \| [0-9]+ samples/s \| ETA [0-9hms]+$' "$work/last.out"
expect_in "auto epoch summary" '^epoch 2: loss [0-9]+\.[0-9]{3}, [0-9]+\.[0-9]{2} s, [0-9]+ samples/s$' "$work/last.out"
if grep -q '^| epoch' "$work/last.out"; then echo "FAIL: book lines under --progress auto"; failures=$((failures + 1)); fi
check "progress quiet" "$bin" train --corpus synthetic --window 2 --hidden 20 --epochs 1 --seed 3 --quiet --out "$work/q.txt"
if grep -q '^epoch\|^| epoch' "$work/last.out"; then echo "FAIL: progress lines under --quiet"; failures=$((failures + 1)); fi
check "fast progress auto" "$bin" train --mode fast --corpus synthetic --hidden 20 --epochs 2 --progress-seconds 0 --out "$work/fp.txt"
expect_in "fast summary" '^epoch 2: loss [0-9]+\.[0-9]{3}' "$work/last.out"
# --vectors: W_in (default), W_in + W_out, or both side by side.
check "vectors sum" "${train[@]}" --epochs 1 --out "$work/sum.txt" --vectors sum
expect_in "sum has the hidden size" '^581 50$' "$work/sum.txt"
check "vectors concat" "${train[@]}" --epochs 1 --out "$work/concat.txt" --vectors concat
expect_in "concat has twice the hidden size" '^581 100$' "$work/concat.txt"

# Query the binary file and a text copy.
check "similar" "$bin" similar king went --vectors "$work/full.bin" --top 3
expect_in "similar format" '^\[query\] king$' "$work/last.out"
expect_in "similar lines" '^ [a-z_]+: 0\.[0-9]+$' "$work/last.out"
check "analogy" "$bin" analogy king man queen --vectors "$work/full.bin"
expect_in "analogy format" '^\[analogy\] king:man = queen:\?$' "$work/last.out"
expect_in "analogy answer" '^ woman: ' "$work/last.out"
check "corpus" "$bin" corpus --synthetic --out "$work/corpus"
expect_in "corpus files" 'synthetic.txt .*questions-words.txt \(450 questions\)' "$work/last.out"
check "eval" "$bin" eval --vectors "$work/full.bin" --analogies "$work/corpus/questions-words.txt"
expect_in "eval overall" '450' "$work/last.out"
printf 'king queen 9\nking man 5\nking paris 1\ngo went 9\ngo king 2\nnosuch word 3\n' >"$work/pairs.txt"
check "eval pairs" "$bin" eval --vectors "$work/full.bin" --pairs "$work/pairs.txt"
expect_in "pairs coverage" '5 */ *6|5 of 6' "$work/last.out"

# The count-based method (ch. 2.4): PPMI + truncated SVD, written and scored like CBOW's vectors.
check "train ppmi-svd" "$bin" train --model ppmi-svd --corpus synthetic --window 2 --hidden 50 --seed 3 --out "$work/count.txt"
cp "$work/last.out" "$work/count.out"
expect_in "ppmi-svd times" 'time: co-occurrence matrix [0-9.]+ s .*PPMI [0-9.]+ s, SVD [0-9.]+ s' "$work/count.out"
expect_in "ppmi-svd planted analogies scored" 'planted analogies: [0-9]+ / 450 correct' "$work/count.out"
check "similar on ppmi-svd" "$bin" similar king --vectors "$work/count.txt"
expect_in "ppmi-svd neighbours" '^ [a-z_]+: 0\.[0-9]+$' "$work/last.out"
check "eval on ppmi-svd" "$bin" eval --vectors "$work/count.txt" --analogies "$work/corpus/questions-words.txt"
expect_in "ppmi-svd eval" '450' "$work/last.out"

# Maps: the requested words drawn in an SVG, the same file for the same seed.
check "map pca" "$bin" map --vectors "$work/full.bin" --words king queen man woman paris france --method pca --out "$work/map.svg"
for w in king queen man woman paris france; do expect_in "map has $w" ">$w</text>" "$work/map.svg"; done
expect_in "map is svg" '</svg>' "$work/map.svg"
check "map tsne" "$bin" map --vectors "$work/count.txt" --top 40 --method tsne --seed 1 --out "$work/tsne1.svg"
check "map tsne again" "$bin" map --vectors "$work/count.txt" --top 40 --method tsne --seed 1 --out "$work/tsne2.svg"
cmp -s "$work/tsne1.svg" "$work/tsne2.svg" || { echo "FAIL: the same seed drew two different maps"; failures=$((failures + 1)); }
expect_error "map unknown word" "'nosuchword' not in the vocabulary" \
  "$bin" map --vectors "$work/full.bin" --words king nosuchword --out "$work/keep.txt"
expect_error "map needs words or top" "either --words or --top" "$bin" map --vectors "$work/full.bin" --out "$work/keep.txt"

# --mode fast: word2vec's per-example SGD, one and two threads, CBOW and Skip-gram.
fast=("$bin" train --mode fast --corpus synthetic --hidden 50 --seed 3)
check "fast cbow" "${fast[@]}" --epochs 3 --out "$work/fast.txt"
expect_in "fast epoch line" '^epoch 3: loss [0-9.]+, [0-9.]+ s, [0-9]+ tokens/s' "$work/last.out"
expect_in "fast planted analogies" 'planted analogies: (4[0-9][0-9]) / 450 correct' "$work/last.out"
check "fast skipgram 2 threads" "${fast[@]}" --model skipgram --threads 2 --epochs 1 --out "$work/fast-sg.bin" --vectors concat
expect_in "fast skipgram analogies" 'planted analogies: (3[0-9][0-9]|4[0-9][0-9]) / 450 correct' "$work/last.out"
expect_in "fast concat" 'vectors: .*fast-sg.bin \(581 x 100\)' "$work/last.out"

# Bad input: one clear line, non-zero exit, no crash, no output file touched.
echo "keep me" >"$work/keep.txt"
expect_error "missing vectors" "nosuch.bin" "$bin" similar king --vectors "$work/nosuch.bin"
expect_error "missing corpus" "nosuch.txt" "$bin" train --corpus "$work/nosuch.txt" --out "$work/keep.txt"
expect_error "empty corpus" "empty" "$bin" train --corpus /dev/null --out "$work/keep.txt"
printf 'a b c\n' >"$work/tiny.txt"
expect_error "window larger than corpus" "window_size 5 leaves no target" "$bin" train --corpus "$work/tiny.txt" --out "$work/keep.txt"
expect_error "missing output directory" "does not exist" "$bin" train --out "$work/no/dir/v.txt"
expect_error "unknown model" "model" "$bin" train --model glove --out "$work/keep.txt"
expect_error "book option in fast mode" "--batch applies to --mode book only" "$bin" train --mode fast --batch 10 --out "$work/keep.txt"
expect_error "fast option in book mode" "--sample applies to --mode fast only" "$bin" train --sample 0 --out "$work/keep.txt"
expect_error "fast optimizer" "sgd or adam" "$bin" train --mode fast --optimizer rmsprop --out "$work/keep.txt"
expect_error "fast window larger than corpus" "too few for window 5" "$bin" train --mode fast --corpus "$work/tiny.txt" --out "$work/keep.txt"
expect_error "fast diverges" "loss stopped being finite" "$bin" train --mode fast --lr 1e30 --out "$work/keep.txt"
# A finite loss that runs away is divergence too, in every mode and optimizer (class 5).
expect_error "book Adam explodes" "over 1000 times the first.*diverged" "$bin" train --lr 1e5 --epochs 1 --out "$work/keep.txt"
expect_error "book AdaGrad explodes" "diverged" "$bin" train --optimizer adagrad --lr 1e5 --epochs 1 --out "$work/keep.txt"
expect_error "fast Adam explodes" "the loss (exploded|stopped being finite) in epoch 1" "$bin" train --mode fast --optimizer adam --lr 1e5 --epochs 1 --out "$work/keep.txt"
expect_error "analogy needs three words" "words" "$bin" analogy king man --vectors "$work/full.bin"
# Empty or unanswerable queries fail (a mix of known and unknown words still answers the known ones).
expect_error "similar, unknown word" "the query word is not in the vocabulary" "$bin" similar nosuchword --vectors "$work/full.bin"
expect_error "similar, only unknown words" "none of the query words is in the vocabulary" \
  "$bin" similar nosuchword northis --vectors "$work/full.bin"
check "similar, a mix" "$bin" similar nosuchword king --vectors "$work/full.bin"
expect_in "similar, a mix answers king" "\[query\] king" "$work/last.out"
expect_error "analogy, unknown word" "'nosuchword' not in the vocabulary" "$bin" analogy king nosuchword queen --vectors "$work/full.bin"
: >"$work/empty.txt"
expect_error "eval, no questions" "holds no analogy questions" "$bin" eval --vectors "$work/full.bin" --analogies "$work/empty.txt"
expect_error "eval, no pairs" "holds no word pairs" "$bin" eval --vectors "$work/full.bin" --pairs "$work/empty.txt"
printf ': capital\nnosuch1 nosuch2 nosuch3 nosuch4\n' >"$work/unanswerable.txt"
expect_error "eval, no question covered" "none of the 1 questions" \
  "$bin" eval --vectors "$work/full.bin" --analogies "$work/unanswerable.txt"
expect_error "eval --restrict 0" "at least 1" "$bin" eval --vectors "$work/full.bin" --analogies "$work/corpus/questions-words.txt" --restrict 0
# What one program writes, the others read: a word too long for the vector files is refused up front (class 7).
{ printf 'a b c d e f g\nh '; head -c 100000 /dev/zero | tr '\0' 'x'; printf ' i\n'; } >"$work/longword.txt"
expect_error "a word too long" "line 2 has a word of 100000 bytes; words may be at most 65536" \
  "$bin" train --corpus "$work/longword.txt" --out "$work/keep.txt"
expect_error "corpus --out a file" "is a file; the corpus command writes two files into a directory" \
  "$bin" corpus --synthetic --out "$work/keep.txt"
expect_error "map --out a directory" "cannot write '.*': it is a directory" "$bin" map --vectors "$work/full.bin" --top 10 --out "$work"
# A run stopped early has already printed its header lines, even with no progress lines (class 13).
"$bin" train --epochs 50 --eval-interval 0 --out "$work/stopped.txt" >"$work/stopped.out" 2>&1 &
pid=$!
for _ in $(seq 1 600); do grep -q '^model: ' "$work/stopped.out" && break; sleep 0.1; done  # up to 60 s on a loaded machine
kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null
expect_in "stopped run kept its header" '^model: cbow' "$work/stopped.out"
[ -e "$work/stopped.txt" ] && { echo "FAIL: a stopped run wrote vectors"; failures=$((failures + 1)); }
# Outputs never replace an input or each other, nor a read-only file (issue "hardening", class 2).
printf 'a b c d e f g h i j k l\nm n o p q r s t u v w x\n' >"$work/small.txt"
cp "$work/small.txt" "$work/small.orig"
expect_error "--out is the corpus" "--out '.*small.txt' is the --corpus file" "$bin" train --corpus "$work/small.txt" --out "$work/small.txt"
expect_error "--out is the corpus, another spelling" "is the --corpus file" "$bin" train --corpus "$work/small.txt" --out "$work/./small.txt"
cmp -s "$work/small.txt" "$work/small.orig" || { echo "FAIL: the corpus was changed"; failures=$((failures + 1)); }
expect_error "--out is the checkpoint" "--out and --checkpoint are the same file" "$bin" train --out "$work/k.ckpt" --checkpoint "$work/k.ckpt"
expect_error "--out is the resumed checkpoint" "--out '.*half.ckpt' is the --resume file" "${train[@]}" --epochs 2 --resume "$work/half.ckpt" --out "$work/half.ckpt"
expect_error "--out empty" "--out: cannot write to an empty file name" "$bin" train --out ""
expect_error "--out a directory" "--out: cannot write '.*': it is a directory" "$bin" train --out "$work"
echo "read only" >"$work/ro.txt" && chmod 0444 "$work/ro.txt"
expect_error "--out read-only" "the file is read-only" "$bin" train --out "$work/ro.txt"
[ "$(cat "$work/ro.txt")" = "read only" ] || { echo "FAIL: a read-only output was replaced"; failures=$((failures + 1)); }
[ "$(cat "$work/keep.txt")" = "keep me" ] || { echo "FAIL: an existing output file was touched"; failures=$((failures + 1)); }

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
