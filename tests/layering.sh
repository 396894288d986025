#!/usr/bin/env bash
# The layering of docs/architecture.md, checked on every include line: a folder includes only
# itself and the folders below it, and framework/ knows nothing of words.
#   framework/  <- layers/ <- models/ <- word2vec/ <- tools/, examples/, bench/, tests/
#   framework/  <- optim/  (optim/ sees only framework/)
#   cli/ (the programs' option checks) includes nothing of minidl; only the leaves include it
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
check() {  # folder, allowed include prefixes (regex alternation)
  local folder=$1 allowed=$2 bad
  bad=$(grep -rn --include='*.hpp' --include='*.cpp' -E '#include <minidl/' "$folder" |
        grep -vE "#include <minidl/($allowed)/" || true)
  if [ -n "$bad" ]; then
    echo "layering: $folder/ includes from above it:"; echo "$bad"; status=1
  fi
}
check framework 'framework'
check layers 'framework|layers'
check models 'framework|layers|models'
check optim 'framework|optim'
check word2vec 'framework|layers|models|optim|word2vec'
check cli 'cli'   # the programs' option checks: CLI11 only
# Nothing includes the leaves.
leaves=$(grep -rn --include='*.hpp' --include='*.cpp' -E '#include <minidl/(tools|examples|tests|bench|fuzz)/' . || true)
if [ -n "$leaves" ]; then echo "layering: includes of a leaf folder:"; echo "$leaves"; status=1; fi
words=$(grep -rliE 'corpus|vocab|word|ptb' framework/ || true)
if [ -n "$words" ]; then echo "layering: framework/ mentions words in:"; echo "$words"; status=1; fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
