#!/usr/bin/env python3
"""minidl's .npy vectors and numpy read each other (issue "conventions"). Skips (exit 77) where
numpy is missing (Debian: python3-numpy).

usage: numpy_interop.py PATH/TO/minidl-word2vec WORKDIR
"""
import os
import subprocess
import sys

try:
    import numpy as np
except ImportError:
    print("skipped: numpy is not installed (Debian: python3-numpy)")
    sys.exit(77)

binary, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
train = [binary, "train", "--mode", "fast", "--epochs", "1", "--hidden", "20", "--seed", "4"]
for name in ("v.txt", "v.npy"):
    subprocess.run(train + ["--out", os.path.join(work, name)], check=True, stdout=subprocess.DEVNULL)

# minidl writes, numpy reads: the same words and bit-identical values as the (exact) text file.
W = np.load(os.path.join(work, "v.npy"))
with open(os.path.join(work, "v.vocab.txt"), encoding="utf-8") as f:
    words = f.read().split("\n")[:-1]
assert W.dtype == np.float32 and W.ndim == 2, f"expected a float32 matrix, got {W.dtype} {W.shape}"
with open(os.path.join(work, "v.txt"), encoding="utf-8") as f:
    V, D = map(int, f.readline().split())
    rows = [line.split() for line in f]
assert W.shape == (V, D), f"npy shape {W.shape}, text file {V} x {D}"
assert words == [r[0] for r in rows], "the words file differs from the text file's words"
T = np.array([[float(x) for x in r[1:]] for r in rows], dtype=np.float32)
assert np.array_equal(W, T), "the npy values differ from the text file's"
print(f"numpy read minidl's .npy: {V} x {D}, identical to its text file")

# numpy writes (its own header, float64 here), minidl reads: the nearest neighbour must agree.
rng = np.random.default_rng(1)
M = rng.standard_normal((len(words), 8))
np.save(os.path.join(work, "n.npy"), M)
with open(os.path.join(work, "n.vocab.txt"), "w", encoding="utf-8") as f:
    f.write("".join(w + "\n" for w in words))
query = words[3]
out = subprocess.run([binary, "similar", query, "--vectors", os.path.join(work, "n.npy"), "--top", "1"], check=True,
                     capture_output=True, text=True).stdout
ours = out.strip().splitlines()[-1].split(":")[0].strip()
U = M / np.linalg.norm(M, axis=1, keepdims=True)
sims = U @ U[3]
sims[3] = -np.inf
theirs = words[int(np.argmax(sims))]
assert ours == theirs, f"minidl's nearest to {query} is {ours}, numpy's is {theirs}"
print(f"minidl read numpy's .npy: nearest to {query} is {ours}, as numpy says")
print("1 passed, 0 failed")
