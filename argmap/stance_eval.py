"""Evaluate stance classifiers on the held-out topics of the development data.

    python -m argmap.stance_eval [--data ../shared/data] [--per-set 600] [--markdown]

For each set in `../shared/data` (argkp, claim-stance, rumoureval) it takes the
support/attack pairs of the *test* topics of the cross-topic split
(`argmap.stance_train.topic_is_test`: no motion or event is in both train and
test), and prints macro-F1 (support vs attack; a `neutral` answer counts as a miss)
and accuracy for a majority-class baseline, the cue-only baseline, the lexicon
cues, the cross-encoder alone, the hybrid with its shipped combiner
(`combiner.json`, fitted on dev topics) and with a fixed cue weight, then the
shipped hybrid's confusion matrix.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

__all__ = ["macro_f1", "accuracy", "confusion", "evaluate"]

LABELS = ("support", "attack")


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> float:
    """Mean F1 over `labels`; a prediction outside them (neutral) is wrong for every label."""
    scores = []
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold))


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[tuple[str, str], int]:
    """Counts of (gold, predicted), predicted including neutral."""
    return Counter(zip(gold, pred, strict=True))


def _test_rows(data: Path, dataset: str, per_set: int, seed: int) -> tuple[list[dict], str]:
    from argmap.stance_train import load_pairs, topic_is_test

    rows = load_pairs(data, dataset)
    train = [r for r in rows if not topic_is_test(dataset, r["topic"])]
    test = sorted((r for r in rows if topic_is_test(dataset, r["topic"])), key=lambda r: r["id"])
    random.Random(seed).shuffle(test)
    majority = Counter(r["label"] for r in train).most_common(1)[0][0]
    return test[:per_set], majority


def evaluate(
    data: Path, per_set: int = 600, seed: int = 0, cue_weights=(2.5,), model_dir: Path | None = None
) -> list[dict]:
    """One row per (dataset, method) with n, macro-F1, accuracy; plus confusion matrices."""
    from argmap.stance import (
        CueClassifier,
        HybridClassifier,
        LexiconClassifier,
        combiner_features,
        load_combiner,
    )
    from argmap.stance_model import MODEL_DIR, load_cross_encoder
    from argmap.stance_train import DATASETS

    combiner = load_combiner(model_dir or MODEL_DIR)
    hybrid = HybridClassifier(load_cross_encoder(model_dir or MODEL_DIR), combiner=None)
    results = []
    for ds in DATASETS:
        rows, majority = _test_rows(data, ds, per_set, seed)
        gold = [r["label"] for r in rows]
        pairs = [(r["target"], r["text"]) for r in rows]
        t0 = time.time()
        scored = hybrid.attack_probability(pairs)
        secs = time.time() - t0
        preds = {
            "majority (train)": [majority] * len(rows),
            "cue baseline": [r.stance for r in CueClassifier().predict(pairs)],
            # The baseline the issue scores against: cues, and support where none speaks.
            "cue baseline, no cue → support": [
                r.stance if r.stance != "neutral" else "support"
                for r in CueClassifier().predict(pairs)
            ],
            "lexicon+structure": [r.stance for r in LexiconClassifier().predict(pairs)],
            "cross-encoder": ["attack" if p >= 0.5 else "support" for p, _, _ in scored],
        }
        import math

        if combiner:
            preds["hybrid (combiner)"] = []
            for (_, reply), (p, _, sig) in zip(pairs, scored, strict=True):
                z = combiner["bias"] + sum(
                    a * b
                    for a, b in zip(combiner["weights"], combiner_features(p, sig, reply),
                                    strict=True)
                )
                preds["hybrid (combiner)"].append("attack" if z >= 0 else "support")
        for w in cue_weights:
            name = "hybrid" if w == cue_weights[0] else f"hybrid w={w}"
            preds[name] = []
            for p, _, sig in scored:
                q = min(max(p, 1e-4), 1 - 1e-4)
                z = math.log(q / (1 - q)) + w * sig.score
                preds[name].append("attack" if z >= 0 else "support")
        topics = len({r["topic"] for r in rows})
        for method, pred in preds.items():
            results.append(
                {
                    "dataset": ds,
                    "method": method,
                    "n": len(rows),
                    "topics": topics,
                    "macro_f1": macro_f1(gold, pred),
                    "accuracy": accuracy(gold, pred),
                    "confusion": confusion(gold, pred),
                    "seconds": secs,
                }
            )
    return results


def table(results: list[dict]) -> str:
    """A Markdown table: one line per method, one macro-F1 / accuracy column pair per set."""
    sets = list(dict.fromkeys(r["dataset"] for r in results))
    methods = list(dict.fromkeys(r["method"] for r in results))
    by = {(r["dataset"], r["method"]): r for r in results}
    head = "| method | " + " | ".join(f"{s} F1 | {s} acc" for s in sets) + " | mean F1 |"
    lines = [head, "|" + "---|" * (2 * len(sets) + 2)]
    for m in methods:
        cells = []
        for s in sets:
            r = by[(s, m)]
            cells += [f"{r['macro_f1']:.3f}", f"{r['accuracy']:.3f}"]
        mean = sum(by[(s, m)]["macro_f1"] for s in sets) / len(sets)
        lines.append(f"| {m} | " + " | ".join(cells) + f" | {mean:.3f} |")
    sizes = ", ".join(
        f"{s}: {by[(s, methods[0])]['n']} pairs, {by[(s, methods[0])]['topics']} held-out topics"
        for s in sets
    )
    return "\n".join(lines) + f"\n\n({sizes})"


def confusion_tables(results: list[dict], method: str | None = None) -> str:
    out = []
    methods = list(dict.fromkeys(r["method"] for r in results))
    method = method or ("hybrid (combiner)" if "hybrid (combiner)" in methods else "hybrid")
    for r in results:
        if r["method"] != method:
            continue
        c = r["confusion"]
        out.append(f"{r['dataset']} ({method}): rows gold, columns predicted")
        out.append("            support  attack  neutral")
        for g in LABELS:
            out.append(
                f"  {g:<9} {c.get((g, 'support'), 0):>7} {c.get((g, 'attack'), 0):>7} "
                f"{c.get((g, 'neutral'), 0):>8}"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    from argmap.stance_train import DEFAULT_DATA

    p = argparse.ArgumentParser(
        prog="python -m argmap.stance_eval", description=__doc__.split("\n")[0]
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    p.add_argument("--per-set", type=int, default=600, help="held-out pairs per set (default 600)")
    p.add_argument(
        "--model", type=Path, default=None, help="stance model folder (default: shipped)"
    )
    p.add_argument("--weights", default="2.5", help="cue weights to compare, comma-separated")
    args = p.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import torch

    torch.set_num_threads(1)
    weights = tuple(float(w) for w in args.weights.split(","))
    results = evaluate(args.data, args.per_set, cue_weights=weights, model_dir=args.model)
    print(table(results))
    print()
    print(confusion_tables(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
