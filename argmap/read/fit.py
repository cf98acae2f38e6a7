"""Fit the plain-text reader's boundary and parent models on the tuning threads.

    python -m argmap.read.fit          # writes argmap/read/reader_model.json

Only threads outside the held-out part (`devset.is_heldout`) are used, every
source's flattening of them. Two logistic regressions (scikit-learn, standardised
signals folded back into plain weights) are fitted with the true decisions, and
the boundary threshold is chosen on the tuning threads so that the worst source
gains most over "every paragraph is a comment" on split right minus fragments.
Every source weighs the same in both fits. The JSON holds weights and signal
names only: no text from the threads.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

import numpy as np

from argmap.read import devset, learn
from argmap.read import eval as reader_eval
from argmap.read.scrapes import merge_copies
from argmap.read.text import _segment, choose_parents, paragraphs

__all__ = ["collect_boundaries", "collect_parents", "fit", "main"]


def _threads(limit: int | None):
    """(flattened thread, merged paragraphs, copies, truth per paragraph) of the tuning part."""
    cache: dict[str, list[devset.Tree]] = {}
    for name, (kind, opts) in devset.SOURCES.items():
        trees = cache.setdefault(kind, devset.source_trees(kind))
        for t in [t for t in trees if not devset.is_heldout(t.id)][:limit]:
            flat = devset.flatten(t, **opts)
            paras, _ = merge_copies(paragraphs(flat.text))
            n_copies = max((max(p.copies) for p in paras), default=0) + 1
            yield name, flat, paras, n_copies, reader_eval.truth_of([p.text for p in paras], flat)


def collect_boundaries(limit: int | None = None) -> list:
    """(signals, new comment?) rows, the comment so far following the truth."""
    rows: list = []
    for name, _flat, paras, n_copies, truth in _threads(limit):
        gold = [i == 0 or truth[i] != truth[i - 1] for i in range(len(truth))]
        part: list = []
        _segment(paras, n_copies, gold=gold, collect=part)
        rows.extend((x, y, name) for x, y in part)
    return rows


def collect_parents(limit: int | None = None) -> list:
    """(signals, is the parent?) rows on the comments the boundary model finds.

    Fitting on the reader's own segmentation, not the true one, teaches the model
    the paths it will really see (fragments included); only comments that open a
    true comment are taught, since a fragment has no true parent to learn.
    """
    rows: list = []
    for name, flat, paras, n_copies, truth in _threads(limit):
        drafts = _segment(paras, n_copies)
        holder = {}
        for k, d in enumerate(drafts):
            for i in d.paras:
                holder.setdefault(truth[i], k)  # the comment holding a true opening
        gold: list[int | None] = [None]
        for k, d in enumerate(drafts[1:], 1):
            label = truth[d.paras[0]]
            opens = d.paras[0] == min(i for i, t in enumerate(truth) if t == label)
            par = flat.parent.get(label)
            p = holder.get(par) if opens and par else k - 1
            gold.append(p if p is not None and p < k else k - 1)
        opened = [d.paras[0] == min(i for i, t in enumerate(truth) if t == truth[d.paras[0]])
                  for d in drafts]
        part: list = []
        choose_parents(drafts, gold=gold, collect=part, keep=opened)
        rows.extend((x, y, name) for x, y in part)
    return rows


def _fit(rows: list, names: tuple[str, ...], c: float = 1.0) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=int)
    # every source weighs the same, however many rows it has: the small ones
    # (RumourEval's Reddit conversations) are as real a way to write as the big ones
    counts = Counter(r[2] for r in rows)
    weight = np.array([len(rows) / (len(counts) * counts[r[2]]) for r in rows])
    bias = names.index("bias")
    keep = [i for i in range(x.shape[1]) if i != bias]
    scaler = StandardScaler().fit(x[:, keep])
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    lr = LogisticRegression(C=c, max_iter=2000, random_state=0)
    lr.fit((x[:, keep] - scaler.mean_) / scale, y, sample_weight=weight)
    w = lr.coef_[0] / scale
    coef = [0.0] * x.shape[1]
    for j, i in enumerate(keep):
        coef[i] = float(w[j])
    coef[bias] = float(lr.intercept_[0] - (lr.coef_[0] * scaler.mean_ / scale).sum())
    return {"names": list(names), "coef": [round(v, 5) for v in coef],
            "rows": int(len(y)), "positives": int(y.sum())}


def fit(limit: int | None = None) -> dict:
    """Fit the boundary model, pick its threshold on the tuning threads, then the parents."""
    found = {"boundary": _fit(collect_boundaries(limit), learn.BOUNDARY),
             # placeholder until fitted: always the previous comment
             "parent": {"names": list(learn.PARENT),
                        "coef": [1.0 if n == "the previous comment" else 0.0
                                 for n in learn.PARENT]}}
    best = None
    for th in np.arange(0.05, 0.41, 0.05):
        found["boundary"]["threshold"] = round(float(th), 2)
        _write(found)
        res = reader_eval.evaluate("tune", limit=60)
        rows = [s.row() for n, s in res.items() if n != "overall"]
        # the worst source's margin over "every paragraph is a comment", on the
        # balance split right - fragments
        gain = min((r["split right"] - r["fragments"]) - (1 - r["every-para fragments"])
                   for r in rows)
        print(f"threshold {th:.2f}: worst source's margin over every-paragraph {gain:+.3f}",
              file=sys.stderr)
        if best is None or gain > best[0]:
            best = (gain, round(float(th), 2))
    found["boundary"]["threshold"] = best[1]
    _write(found)
    found["parent"] = _fit(collect_parents(limit), learn.PARENT)
    _write(found)
    return found


def _write(found: dict) -> None:
    learn.MODEL_PATH.write_text(json.dumps(found, indent=1) + "\n", "utf-8")
    learn.model.cache_clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m argmap.read.fit",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="threads per source")
    args = ap.parse_args(argv)
    found = fit(args.limit)
    for part in ("boundary", "parent"):
        m = found[part]
        print(f"{part}: {m['rows']} rows, {m['positives']} positive")
        for name, w in sorted(zip(m["names"], m["coef"], strict=True), key=lambda t: -abs(t[1])):
            print(f"  {w:+.3f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
