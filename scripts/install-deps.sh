#!/usr/bin/env bash
# Installs the Debian packages minidl needs to build and test. Does nothing when they are all present;
# uses sudo when not run as root. Safe to run again.
set -euo pipefail

packages=(
  cmake g++ make            # build
  xtensor-dev xtl-dev libxsimd-dev libxtensor-blas-dev   # tensors (header-only)
  libopenblas-dev liblapack-dev                         # BLAS/LAPACK; CMake pins OpenBLAS
  libboost-test-dev         # unit tests (Boost.Test, linked dynamically)
  ccache                    # faster rebuilds on 2 cores
  libcli11-dev              # command-line parsing for the examples and minidl-word2vec
  libssl-dev                # libcrypto's SHA-256 for the data checks
  dpkg-dev                  # cpack -G DEB: dpkg-shlibdeps finds minidl-word2vec's library packages
  clang libclang-rt-14-dev  # scripts/fuzz.sh: libFuzzer (-fsanitize=fuzzer) for the loaders' fuzz targets
  libopenmpi-dev openmpi-bin  # train --distributed (MINIDL_MPI) and its tests: Debian's OpenMPI
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
