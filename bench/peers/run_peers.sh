#!/usr/bin/env bash
# Issues 8 and 15's comparison: gensim, fastText, the book's models in PyTorch, the HogBatch
# trainers pWord2Vec and pSGNScc (built from ../shared/peers with its build.sh; skipped with a
# message when they cannot be built) and minidl, trained in one session on the same text with the
# same settings (window 5, 100 dims, 5 negatives, no subsampling,
# min count 1), each timed, its peak memory taken, and its vectors scored on the covered analogy
# questions by minidl-word2vec eval. Prints seconds per epoch and minidl's time as a ratio to each.
#
#   bench/peers/run_peers.sh [--epochs N] [--corpus PATH] [--quick] [--build-dir DIR] [--work DIR]
#                            [--torch-iters N] [--book-iters N]
#                            [--systems gensim,fasttext,torch,pword2vec,psgnscc,minidl]
#
# minidl runs twice per cell: --mode book (the chapter's model and Adam; compared with torch, which
# runs the same) and --mode fast (word2vec's algorithm; compared with gensim and fastText).
#
# --corpus: default ../shared/data/ptb/ptb.train.txt relative to the repository. gensim reads its
#   lines as sentences (the book's tokens without the <eos> markers); fastText reads the same file
#   (it adds its own </s> per line); minidl reads it as the book does (each line end is <eos>).
# --quick: only the first 12,000 lines (about 250,000 tokens): a smoke run of the script.
# Not run by CI: it installs packages and takes minutes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
epochs=1
corpus="$repo/../shared/data/ptb/ptb.train.txt"
quick=0
build_dir=""
work="${TMPDIR:-/tmp}/minidl-peers"
torch_iters=300
book_iters=0
systems="gensim,fasttext,torch,pword2vec,psgnscc,minidl"
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --torch-iters) torch_iters="$2"; shift 2 ;;
    --book-iters) book_iters="$2"; shift 2 ;;
    --systems) systems="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run_peers.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# ---- packages (Debian's, as scripts/install-deps.sh installs the build's) --------------------------
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()  # only what the chosen systems need
wanted=(time)
[[ "$systems" == *gensim* ]] && wanted+=(python3-gensim)
[[ "$systems" == *fasttext* ]] && wanted+=(fasttext)
for p in "${wanted[@]}"; do installed "$p" || missing+=("$p"); done
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "run_peers: installing ${missing[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" || echo "run_peers: installing ${missing[*]} failed; continuing without what is missing"
fi
if [[ "$systems" == *torch* ]] && ! installed python3-torch; then
  echo "run_peers: installing python3-torch (large, may take several minutes)"
  $sudo apt-get install -y -qq --no-install-recommends python3-torch ||
    echo "run_peers: installing python3-torch FAILED: the torch row will be missing"
fi
py=/usr/bin/python3  # Debian's, which sees python3-gensim and python3-torch (not a pyenv one on PATH)
if ! "$py" -c 'import torch' 2>/dev/null; then systems="${systems//torch/}"; echo "run_peers: no torch; skipping it"; fi
if ! "$py" -c 'import gensim' 2>/dev/null; then systems="${systems//gensim/}"; echo "run_peers: no gensim; skipping it"; fi
if ! command -v fasttext >/dev/null; then systems="${systems//fasttext/}"; echo "run_peers: no fasttext; skipping it"; fi

# ---- the HogBatch peers: someone else's code, built and run from ../shared/peers, never copied --------
pword2vec=""
psgnscc=""
peers_src="$repo/../shared/peers"
if [[ "$systems" == *pword2vec* || "$systems" == *psgnscc* ]]; then
  if [ -x "$peers_src/build.sh" ] || [ -f "$peers_src/build.sh" ]; then
    mkdir -p "$work.peers"
    if bash "$peers_src/build.sh" "$work.peers" >"$work.peers/build.log" 2>&1; then
      [ -x "$work.peers/pWord2Vec" ] && pword2vec="$work.peers/pWord2Vec"
      [ -x "$work.peers/pSGNScc" ] && psgnscc="$work.peers/pSGNScc"
    else
      echo "run_peers: building the HogBatch peers failed (see $work.peers/build.log); skipping them"
    fi
  else
    echo "run_peers: no $peers_src/build.sh; skipping pWord2Vec and pSGNScc"
  fi
fi

# ---- minidl's programs -------------------------------------------------------------------------------
if [ -z "$build_dir" ]; then
  for d in "$repo/build" "$repo/build-bench"; do
    if [ -x "$d/bin/minidl-bench" ] && [ -x "$d/bin/minidl-word2vec" ]; then build_dir="$d"; break; fi
  done
fi
if [ -z "$build_dir" ]; then
  build_dir="$repo/build"
  echo "run_peers: building minidl-bench and minidl-word2vec in $build_dir"
  cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build_dir" -j1 --target minidl-bench minidl-word2vec
fi

# ---- data ------------------------------------------------------------------------------------------
[ -f "$corpus" ] || { echo "run_peers: no corpus at $corpus (give --corpus PATH)" >&2; exit 1; }
questions="$repo/../shared/data/eval/questions-words.txt"
[ -f "$questions" ] || { echo "run_peers: no analogy questions at $questions" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
if [ "$quick" = 1 ]; then
  head -n 12000 "$corpus" > "$work/corpus.txt"
  corpus="$work/corpus.txt"
fi

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $corpus ($(wc -l < "$corpus") lines, $(wc -w < "$corpus") words without line ends), epochs $epochs"
echo "versions: gensim $("$py" -c 'import gensim; print(gensim.__version__)' 2>/dev/null || echo -), " \
     "torch $("$py" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo -), " \
     "fasttext $(dpkg-query -W -f='${Version}' fasttext 2>/dev/null || echo -)"
"$py" "$here/peers.py" run --corpus "$corpus" --epochs "$epochs" \
  --bench "$build_dir/bin/minidl-bench" --word2vec "$build_dir/bin/minidl-word2vec" \
  --analogies "$questions" --work "$work" --torch-iters "$torch_iters" --book-iters "$book_iters" --systems "$systems" \
  --pword2vec "$pword2vec" --psgnscc "$psgnscc"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); logs and vectors in $work"
