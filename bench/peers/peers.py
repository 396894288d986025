#!/usr/bin/python3
"""Runs gensim, fastText, the book's CBOW/Skip-gram in PyTorch, the HogBatch trainers (Intel's
pWord2Vec and pSGNScc, built from ../shared/peers) and minidl on the same text, in the same session,
and prints the tables of issues 8 and 15: seconds per epoch and minidl's time as a ratio to each,
the speed-up a second thread gives each system, peak resident set, and analogy top-1 accuracy
(every system's vectors judged by `minidl-word2vec eval`, so by the same code).

The HogBatch programs print no training time, so they are timed as whole processes (reading the
file, training, writing the vectors), and so is minidl against them: `minidl-word2vec train --mode
fast` with the same settings (row `minidl-process`).

Run with the Debian python (/usr/bin/python3), which sees python3-gensim and python3-torch.
Normally started by run_peers.sh, which installs the packages and prepares the corpus:

  /usr/bin/python3 peers.py run --corpus ptb.train.txt --epochs 1 --bench build/bin/minidl-bench \
      --word2vec build/bin/minidl-word2vec --analogies questions-words.txt --work /tmp/peers

The subcommands `gensim` and `torch` train one configuration in a child process (so that each
child's peak memory is its own) and print one JSON line with their training time.
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time

COLUMNS = [("cbow", 1), ("cbow", 2), ("skipgram", 1), ("skipgram", 2)]
WINDOW, DIM, NEG, BATCH = 5, 100, 5, 100


# ---- children -----------------------------------------------------------------------------------

def child_gensim(a):
    import logging
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    import gensim
    logging.disable(logging.CRITICAL)
    sentences = LineSentence(a.corpus)
    model = Word2Vec(vector_size=DIM, window=WINDOW, negative=NEG, sample=0, min_count=1,
                     workers=a.threads, sg=1 if a.model == "skipgram" else 0, seed=1)
    model.build_vocab(sentences)
    t0 = time.perf_counter()
    model.train(sentences, total_examples=model.corpus_count, epochs=a.epochs)
    seconds = time.perf_counter() - t0
    model.wv.save_word2vec_format(a.out)
    print(json.dumps({"seconds": seconds, "epochs": a.epochs, "measured": "train() wall time",
                      "version": gensim.__version__}))


def child_torch(a):
    """The book's CBOW / Skip-gram (ch. 4) in PyTorch: nn.Embedding W_in and W_out (0.01 randn),
    the book's NegativeSamplingLoss (sum over the 1 + S columns of the mean binary cross-entropy),
    torch.optim.Adam(lr=1e-3), batch 100, window 5. The sampler is vectorised with
    torch.multinomial over unigram^0.75 WITH replacement and WITHOUT excluding the target (the book
    excludes the target and samples without replacement in a row). Runs a limited number of
    iterations; the time per epoch is extrapolated from them."""
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    # The book's ptb.load_data: every line's words then <eos>; ids by first appearance.
    words = []
    with open(a.corpus) as f:
        for line in f:
            words.extend(line.split())
            words.append("<eos>")
    word_to_id, id_to_word = {}, []
    corpus = np.empty(len(words), dtype=np.int64)
    for i, w in enumerate(words):
        if w not in word_to_id:
            word_to_id[w] = len(id_to_word)
            id_to_word.append(w)
        corpus[i] = word_to_id[w]
    V = len(id_to_word)
    n = len(corpus) - 2 * WINDOW
    offsets = np.concatenate([np.arange(-WINDOW, 0), np.arange(1, WINDOW + 1)])
    target = torch.from_numpy(corpus[WINDOW:WINDOW + n].copy())
    contexts = torch.from_numpy(corpus[WINDOW + np.arange(n)[:, None] + offsets[None, :]].copy())
    counts = np.bincount(corpus, minlength=V).astype(np.float64)
    probs = torch.from_numpy(counts ** 0.75 / (counts ** 0.75).sum())

    class NegativeSamplingLoss(nn.Module):
        def __init__(self, W):
            super().__init__()
            self.W = W

        def forward(self, h, t):  # h (N, H); t (N, C) targets
            N, C = t.shape
            neg = torch.multinomial(probs, N * C * NEG, replacement=True).view(N, C, NEG)
            pos = (self.W(t) * h[:, None, :]).sum(-1)                  # (N, C)
            sneg = (self.W(neg) * h[:, None, None, :]).sum(-1)         # (N, C, S)
            # book: one SigmoidWithLoss per column, each a mean over N, summed
            return F.softplus(-pos).mean(0).sum() + F.softplus(sneg).mean(0).sum()

    class Word2Vec(nn.Module):
        def __init__(self, skipgram):
            super().__init__()
            self.skipgram = skipgram
            self.W_in = nn.Embedding(V, DIM)
            self.W_out = nn.Embedding(V, DIM)
            with torch.no_grad():
                self.W_in.weight.normal_(0, 0.01)
                self.W_out.weight.normal_(0, 0.01)
            self.ns = NegativeSamplingLoss(self.W_out)

        def forward(self, ctx, tgt):
            if self.skipgram:
                return self.ns(self.W_in(tgt), ctx)
            return self.ns(self.W_in(ctx).mean(1), tgt[:, None])

    model = Word2Vec(a.model == "skipgram")
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    iters_per_epoch = n // BATCH
    order = torch.randperm(n)

    def step(i):
        idx = order[(i % iters_per_epoch) * BATCH:(i % iters_per_epoch + 1) * BATCH]
        loss = model(contexts[idx], target[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    warmup = 5
    for i in range(warmup):
        step(i)
    t0 = time.perf_counter()
    losses = [step(warmup + i) for i in range(a.iters)]
    seconds = time.perf_counter() - t0
    per_epoch = seconds / a.iters * iters_per_epoch
    W = model.W_in.weight.detach().numpy()
    with open(a.out, "w") as f:
        f.write(f"{V} {DIM}\n")
        for w, row in zip(id_to_word, W):
            f.write(w + " " + " ".join(f"{x:.6f}" for x in row) + "\n")
    print(json.dumps({"seconds_per_epoch": per_epoch, "iters": a.iters, "iters_per_epoch": iters_per_epoch,
                      "measured": f"{a.iters} iterations after {warmup} warm-up, extrapolated to an epoch",
                      "last_loss": sum(losses[-20:]) / len(losses[-20:]), "version": torch.__version__}))


# ---- the driver ---------------------------------------------------------------------------------

def timed(cmd, log, cwd=None):
    """Runs cmd under /usr/bin/time -v when available (in cwd if given); returns (stdout, wall seconds,
    peak RSS MiB). The child's stderr is kept in timed.stderr."""
    tv = os.path.join(os.path.dirname(log), "time-v.txt")
    have_time = os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-v", "-o", tv] if have_time else []) + cmd
    t0 = time.perf_counter()
    p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    wall = time.perf_counter() - t0
    timed.stderr = p.stderr
    with open(log, "w") as f:
        f.write("$ " + " ".join(cmd) + "\n" + p.stdout + "\n--- stderr ---\n" + p.stderr)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}); see {log}")
    rss = None
    if have_time:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(tv).read())
        rss = int(m.group(1)) / 1024 if m else None
    else:  # the children's peak, which is the maximum over all children so far: an upper bound
        import resource
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return p.stdout, wall, rss


def analogy(word2vec, vectors, questions, log):
    p = subprocess.run([word2vec, "eval", "--vectors", vectors, "--analogies", questions],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with open(log, "w") as f:
        f.write(p.stdout)
    m = re.search(r"^total\s+([0-9.]+) %\s+(\d+) /\s+(\d+)", p.stdout, re.M)
    if p.returncode != 0 or not m:
        return None
    return float(m.group(1)), int(m.group(2)), int(m.group(3))


def run(a):
    os.makedirs(a.work, exist_ok=True)
    me = os.path.abspath(__file__)
    py = sys.executable
    results = {}  # (system, model, threads) -> dict

    def record(system, model, threads, seconds_per_epoch, rss, vectors, note):
        acc = analogy(a.word2vec, vectors, a.analogies, os.path.join(a.work, f"{system}-{model}-t{threads}.eval.txt")) \
            if vectors and os.path.exists(vectors) else None
        results[(system, model, threads)] = {"s_per_epoch": seconds_per_epoch, "rss": rss, "acc": acc, "note": note}
        acc_s = f"{acc[0]:.2f}% ({acc[1]}/{acc[2]})" if acc else "n/a"
        print(f"  {system:8s} {model:8s} threads {threads}: {seconds_per_epoch:8.2f} s/epoch  "
              f"peak RSS {rss if rss is None else round(rss)} MiB  analogy {acc_s}  [{note}]", flush=True)

    systems = a.systems.split(",")
    with open(a.corpus) as f:
        fasttext_tokens = sum(len(line.split()) + 1 for line in f)
    for model, threads in COLUMNS:
        tag = f"{model}-t{threads}"
        if "gensim" in systems:
            vec = os.path.join(a.work, f"gensim-{tag}.txt")
            out, _, rss = timed([py, me, "gensim", "--corpus", a.corpus, "--model", model, "--threads", str(threads),
                                 "--epochs", str(a.epochs), "--out", vec], os.path.join(a.work, f"gensim-{tag}.log"))
            r = json.loads(out.strip().splitlines()[-1])
            record("gensim", model, threads, r["seconds"] / a.epochs, rss, vec, "train() time / epochs")
        if "fasttext" in systems and shutil.which("fasttext"):
            prefix = os.path.join(a.work, f"fasttext-{tag}")
            # -t 1, not 0: fastText keeps a word with probability sqrt(t/f) + t/f, so t = 0 would
            # discard nearly every word; t = 1 keeps all of them (no subsampling).
            out, wall, rss = timed(["fasttext", model, "-input", a.corpus, "-output", prefix, "-dim", str(DIM),
                                    "-ws", str(WINDOW), "-neg", str(NEG), "-minCount", "1", "-minn", "0", "-maxn", "0",
                                    "-bucket", "0", "-t", "1", "-epoch", str(a.epochs), "-thread", str(threads),
                                    "-verbose", "2"], prefix + ".log")
            # Training time alone, like gensim's train() and minidl's loop: fastText's last progress
            # line gives words/sec/thread over the whole run; its tokens are the file's words plus
            # one </s> per line. The process's wall time (reading, saving .bin and .vec) is noted.
            wps = re.findall(r"words/sec/thread:\s+(\d+)", out + timed.stderr)
            if wps:
                train_s = a.epochs * fasttext_tokens / (int(wps[-1]) * threads)
                record("fasttext", model, threads, train_s / a.epochs, rss, prefix + ".vec",
                       f"training time from its words/sec/thread; process wall {wall / a.epochs:.2f} s/epoch")
            else:
                record("fasttext", model, threads, wall / a.epochs, rss, prefix + ".vec",
                       "process wall time / epochs (includes reading the file and writing .bin/.vec)")
        if "torch" in systems and a.torch_iters > 0:
            vec = os.path.join(a.work, f"torch-{tag}.txt")
            try:
                out, _, rss = timed([py, me, "torch", "--corpus", a.corpus, "--model", model, "--threads",
                                     str(threads), "--iters", str(a.torch_iters), "--out", vec],
                                    os.path.join(a.work, f"torch-{tag}.log"))
                r = json.loads(out.strip().splitlines()[-1])
                record("torch", model, threads, r["seconds_per_epoch"], rss, vec,
                       f"{r['iters']} of {r['iters_per_epoch']} iterations, extrapolated; vectors after "
                       f"{r['iters']} iterations only")
            except RuntimeError as e:
                print(f"  torch {tag}: {e}", flush=True)
        if "minidl" in systems:
            # Both configurations: the book's (compared with torch, the same model and optimizer)
            # and the fast one (compared with gensim and fastText, the same algorithm family).
            for mode in ("book", "fast"):
                csv_path = os.path.join(a.work, f"minidl-{mode}-{tag}.csv")
                cmd = [a.bench, "--mode", mode, "--corpus", a.corpus, "--model", model, "--threads", str(threads),
                       "--epochs", str(a.epochs), "--csv", csv_path, "--save-vectors", a.work]
                if mode == "book" and a.book_iters > 0:
                    cmd += ["--max-iters", str(a.book_iters)]
                _, _, rss = timed(cmd, os.path.join(a.work, f"minidl-{mode}-{tag}.log"))
                with open(csv_path) as f:
                    row = next(csv.DictReader(f))
                vec = os.path.join(a.work, f"minidl-{'' if mode == 'book' else 'fast-'}{model}-t{threads}.txt")
                note = (f"minidl-bench --mode book ({row['basis']}); threads: BLAS and the optimizer's update"
                        if mode == "book" else "minidl-bench --mode fast, whole epochs; Hogwild threads")
                record(f"minidl-{mode}", model, threads, float(row["s/epoch"]), rss, vec, note)

        if model == "skipgram":
            # The HogBatch peers (Skip-gram only) and minidl's whole process on the same basis.
            for system, exe in (("pword2vec", a.pword2vec), ("psgnscc", a.psgnscc)):
                if system in systems and exe:
                    vec = os.path.join(a.work, f"{system}-{tag}.txt")
                    try:
                        # In the work directory: pSGNScc writes a file pSGNScc_time where it runs.
                        _, wall, rss = timed([exe, "-train", os.path.abspath(a.corpus), "-output", os.path.abspath(vec),
                                              "-size", str(DIM), "-window", str(WINDOW), "-negative", str(NEG),
                                              "-sample", "0", "-min-count", "1", "-iter", str(a.epochs),
                                              "-threads", str(threads), "-binary", "0",
                                              "-batch-size", str(2 * WINDOW + 1)],
                                             os.path.join(a.work, f"{system}-{tag}.log"), cwd=a.work)
                        record(system, model, threads, wall / a.epochs, rss, vec, "whole process / epochs")
                    except RuntimeError as e:
                        print(f"  {system} {tag}: {e}", flush=True)
        if "minidl" in systems and (a.pword2vec or a.psgnscc):
            vec = os.path.join(a.work, f"minidl-process-{tag}.txt")
            _, wall, rss = timed([a.word2vec, "train", "--mode", "fast", "--model", model, "--corpus", a.corpus,
                                  "--window", str(WINDOW), "--hidden", str(DIM), "--negative", str(NEG),
                                  "--sample", "0", "--epochs", str(a.epochs), "--threads", str(threads),
                                  "--out", vec], os.path.join(a.work, f"minidl-process-{tag}.log"))
            record("minidl-process", model, threads, wall / a.epochs, rss, vec,
                   "minidl-word2vec train --mode fast, whole process / epochs")

    # ---- the table ------------------------------------------------------------------------------
    heads = ["CBOW 1 thread", "CBOW 2 threads", "Skip-gram 1 thread", "Skip-gram 2 threads"]
    names = [s for s in ["gensim", "fasttext", "torch", "pword2vec", "psgnscc", "minidl-book", "minidl-fast",
                         "minidl-process"]
             if any(k[0] == s for k in results)]

    def cell(system, key, fmt):
        r = results.get((system,) + key)
        return fmt(r) if r else "-"

    def table(title, fmt):
        print(f"\n{title}")
        print("| system | " + " | ".join(heads) + " |")
        print("|---|" + "---|" * len(heads))
        for s in names:
            print(f"| {s} | " + " | ".join(cell(s, k, fmt) for k in COLUMNS) + " |")

    table("Seconds per epoch (torch: extrapolated from a few iterations)", lambda r: f"{r['s_per_epoch']:.2f}")

    def ratio(mine, peer):
        def f(k):
            m, p = results.get((mine,) + k), results.get((peer,) + k)
            return f"{m['s_per_epoch'] / p['s_per_epoch']:.2f}" if m and p else "-"
        return f

    print("\nminidl's time / the peer's time (below 1: minidl is faster). Issue 15's targets: fast vs gensim "
          "<= 0.35 / 0.45 (CBOW, 1 / 2 threads); process vs pWord2Vec <= 0.8 (Skip-gram); book vs torch <= 0.2; "
          "fast vs fastText < 1")
    print("| minidl vs | " + " | ".join(heads) + " |")
    print("|---|" + "---|" * len(heads))
    for mine, peer in (("minidl-fast", "gensim"), ("minidl-fast", "fasttext"), ("minidl-book", "torch"),
                       ("minidl-process", "pword2vec"), ("minidl-process", "psgnscc")):
        if mine in names and peer in names:
            print(f"| {mine[7:]} vs {peer} | " + " | ".join(ratio(mine, peer)(k) for k in COLUMNS) + " |")

    print("\nSpeed-up from a second thread: time at 1 thread / time at 2 (issue 15's target for minidl's fast "
          "modes: >= 1.6)")
    print("| system | CBOW | Skip-gram |")
    print("|---|---|---|")
    for s in names:
        def speedup(model):
            one, two = results.get((s, model, 1)), results.get((s, model, 2))
            return f"{one['s_per_epoch'] / two['s_per_epoch']:.2f}" if one and two else "-"
        print(f"| {s} | {speedup('cbow')} | {speedup('skipgram')} |")
    table("Peak resident set, MiB (/usr/bin/time -v of each process)",
          lambda r: f"{r['rss']:.0f}" if r["rss"] is not None else "n/a")
    table("Analogy top-1 on the covered questions (minidl-word2vec eval)",
          lambda r: f"{r['acc'][0]:.2f}% ({r['acc'][1]}/{r['acc'][2]})" if r["acc"] else "n/a")
    with open(os.path.join(a.work, "results.json"), "w") as f:
        json.dump({f"{k[0]}/{k[1]}/{k[2]}": v for k, v in results.items()}, f, indent=1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("gensim", "torch"):
        c = sub.add_parser(name)
        c.add_argument("--corpus", required=True)
        c.add_argument("--model", choices=["cbow", "skipgram"], required=True)
        c.add_argument("--threads", type=int, default=1)
        c.add_argument("--out", required=True)
        if name == "gensim":
            c.add_argument("--epochs", type=int, default=1)
        else:
            c.add_argument("--iters", type=int, default=300)
    r = sub.add_parser("run")
    r.add_argument("--corpus", required=True)
    r.add_argument("--epochs", type=int, default=1)
    r.add_argument("--bench", required=True, help="minidl-bench")
    r.add_argument("--word2vec", required=True, help="minidl-word2vec")
    r.add_argument("--analogies", required=True)
    r.add_argument("--work", required=True)
    r.add_argument("--torch-iters", type=int, default=300)
    r.add_argument("--book-iters", type=int, default=0,
                   help="minidl book mode: stop after this many iterations and extrapolate (0: whole epochs)")
    r.add_argument("--systems", default="gensim,fasttext,torch,pword2vec,psgnscc,minidl")
    r.add_argument("--pword2vec", default="", help="pWord2Vec built by ../shared/peers/build.sh ('' to skip)")
    r.add_argument("--psgnscc", default="", help="pSGNScc built by ../shared/peers/build.sh ('' to skip)")
    a = p.parse_args()
    {"gensim": child_gensim, "torch": child_torch, "run": run}[a.cmd](a)


if __name__ == "__main__":
    main()
