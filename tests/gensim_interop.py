#!/usr/bin/env python3
"""minidl's word2vec files and gensim's read each other. Skips (exit 77) where gensim is missing.

usage: gensim_interop.py PATH/TO/minidl-word2vec WORKDIR
"""
import os
import subprocess
import sys

try:
    import numpy as np
    from gensim.models import KeyedVectors
except ImportError:
    print("skipped: gensim is not installed (Debian: python3-gensim)")
    sys.exit(77)

binary, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
train = [binary, "train", "--epochs", "1", "--window", "2", "--hidden", "20", "--eval-interval", "0", "--seed", "4"]
for name in ("v.txt", "v.bin"):
    subprocess.run(train + ["--out", os.path.join(work, name)], check=True, stdout=subprocess.DEVNULL)

text = KeyedVectors.load_word2vec_format(os.path.join(work, "v.txt"), binary=False)
binv = KeyedVectors.load_word2vec_format(os.path.join(work, "v.bin"), binary=True)
assert text.index_to_key == binv.index_to_key, "the two files list different words"
assert np.array_equal(text.vectors, binv.vectors), "text and binary vectors differ after gensim reads them"
print(f"gensim read minidl's text and binary files: {len(text.index_to_key)} x {text.vector_size}, identical")

# gensim writes, minidl reads: the nearest neighbour of 'king' must agree.
for name, is_binary in (("g.txt", False), ("g.bin", True)):
    path = os.path.join(work, name)
    binv.save_word2vec_format(path, binary=is_binary)
    out = subprocess.run([binary, "similar", "king", "--vectors", path, "--top", "1"], check=True,
                         capture_output=True, text=True).stdout
    ours = out.strip().splitlines()[-1].split(":")[0].strip()
    theirs = binv.most_similar("king", topn=1)[0][0]
    assert ours == theirs, f"{name}: minidl's nearest to king is {ours}, gensim's is {theirs}"
    print(f"minidl read gensim's {'binary' if is_binary else 'text'} file: nearest to king is {ours}, as gensim says")
print("1 passed, 0 failed")
