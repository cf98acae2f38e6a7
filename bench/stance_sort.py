"""Stance cross-encoder throughput: batches in thread order, sorted by characters, by tokens.

    python -m bench.stance_sort [--n 480] [--seed 0] [--repeat 2] [--threads 2]

Takes `--n` real reply/parent pairs from coarse-discourse (`../shared/data`, a seeded
sample: the replies of one big thread, in effect) and times the shipped cross-encoder
over them three ways, interleaved, best of `--repeat`: batches of 32 in the given order
(no sorting), batches of pairs sorted by characters (what `predict_proba` did before),
and `predict_proba` itself (sorted by token count). Prints pairs per second, the
padding each way (padded tokens / real tokens) and the largest difference between the
probabilities the three give.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time

import numpy as np

from bench.gen import DEFAULT_DATA

BATCH = 32


def real_pairs(n: int, seed: int) -> list[tuple[str, str]]:
    """`n` (target, reply) pairs from coarse-discourse, a seeded sample."""
    with open(DEFAULT_DATA / "coarse-discourse" / "pairs.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    random.Random(seed).shuffle(rows)
    return [(r["target"], r["text"]) for r in rows[:n]]


def in_batches(model, pairs: list[tuple[str, str]], order: list[int]) -> np.ndarray:
    """Probabilities with batches of BATCH taken in `order` (each batch its own call, so
    the model's own sort cannot reach across batches)."""
    out = np.empty((len(pairs), len(model.labels)))
    for k in range(0, len(order), BATCH):
        idx = order[k : k + BATCH]
        out[idx] = model.predict_proba([pairs[i] for i in idx], batch_size=BATCH)
    return out


def padding(model, pairs: list[tuple[str, str]], order: list[int]) -> float:
    """Tokens the encoder runs over (batches padded to their longest) per real token."""
    lengths = [len(ids) for ids in model.tokenize(pairs, padding=False)["input_ids"]]
    ran = sum(max(lengths[i] for i in order[k : k + BATCH]) * len(order[k : k + BATCH])
              for k in range(0, len(order), BATCH))
    return ran / sum(lengths)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.stance_sort", description=__doc__)
    p.add_argument("--n", type=int, default=480)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(args.threads)
    from argmap.stance.crossencoder import load_cross_encoder

    model = load_cross_encoder()
    pairs = real_pairs(args.n, args.seed)
    given = list(range(len(pairs)))
    by_chars = sorted(given, key=lambda i: len(pairs[i][0] or "") + len(pairs[i][1] or ""))
    lengths = [len(ids) for ids in model.tokenize(pairs, padding=False)["input_ids"]]
    by_tokens = sorted(given, key=lambda i: lengths[i])
    ways = {
        "thread order": (lambda: in_batches(model, pairs, given), given),
        "sorted by characters": (lambda: in_batches(model, pairs, by_chars), by_chars),
        "sorted by tokens (predict_proba)": (
            lambda: model.predict_proba(pairs, batch_size=BATCH), by_tokens),
    }
    best = {name: float("inf") for name in ways}
    probs: dict[str, np.ndarray] = {}
    for _ in range(args.repeat):
        for name, (run, _order) in ways.items():
            t0 = time.perf_counter()
            probs[name] = run()
            best[name] = min(best[name], time.perf_counter() - t0)
    ref = probs["thread order"]
    for name, (_run, order) in ways.items():
        diff = float(np.abs(probs[name] - ref).max())
        print(f"{name:>34}: {len(pairs) / best[name]:6.1f} pairs/s ({best[name]:.2f}s), "
              f"padding x{padding(model, pairs, order):.2f}, max |p - unsorted| {diff:.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
