"""Evaluate stance classifiers on the held-out (unseen) topics of the development data.

    python -m argmap.stance.eval [--data ../shared/data] [--per-set 1500] [--plot FILE.png]
    python -m argmap.stance_eval ...   # the same command, by the name issue 13 gives it
    python -m argmap.stance.eval --data ../shared/data --contrast   # reads the claim?

For each set in `../shared/data` it takes the pairs of the *test* topics of the
cross-topic split (`argmap.stance.train.topic_split`: no motion, claim, event or thread
is in two parts) and prints, per method: three-way macro-F1 (sets with neutral),
support-vs-attack macro-F1 over the support/attack pairs (a `neutral` answer there is a
miss), accuracy over all pairs; then, for the shipped hybrid, the calibration table and
the confusion matrix; and for the real-reply sets, the recall of each class. Baselines:
the majority label of the set's train topics, the cue list (no cue: neutral), the cue
list with no cue -> support, and the lexicon with its structure rules. `--contrast` asks
instead whether the model reads what a reply answers: the claim sets' pairs again with
the claim negated and the gold flipped (`contrast`).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from argmap.precision import PRECISIONS, resolve_precision
from argmap.read.devset import DATA

__all__ = ["macro_f1", "accuracy", "confusion", "calibration", "evaluate", "recall",
           "contrast"]

LABELS = ("support", "attack")
ALL = ("support", "attack", "neutral")
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> float:
    """Mean F1 over `labels`; a prediction outside them (neutral) is wrong for every label."""
    from sklearn.metrics import f1_score

    if not gold:
        return 0.0
    return float(f1_score(gold, pred, labels=list(labels), average="macro", zero_division=0))


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    from sklearn.metrics import accuracy_score

    return float(accuracy_score(gold, pred)) if gold else 0.0


def recall(gold: Sequence[str], pred: Sequence[str], label: str) -> float | None:
    """Share of the `label` items predicted as `label` (None when there are none)."""
    n = sum(g == label for g in gold)
    return sum(g == p == label for g, p in zip(gold, pred, strict=True)) / n if n else None


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[tuple[str, str], int]:
    """Counts of (gold, predicted), predicted including neutral."""
    return Counter(zip(gold, pred, strict=True))


def calibration(
    gold: Sequence[str], pred: Sequence[str], conf: Sequence[float]
) -> list[tuple[float, float, int, float, float]]:
    """(low, high, n, mean confidence, accuracy) per confidence bin."""
    rows = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        idx = [i for i, c in enumerate(conf) if lo <= c < hi]
        if idx:
            rows.append((lo, min(hi, 1.0), len(idx), sum(conf[i] for i in idx) / len(idx),
                         sum(gold[i] == pred[i] for i in idx) / len(idx)))
    return rows


def _shipped(folder: Path, precision: str):
    """The classifier a build uses, from `folder`: it reads "Should ...?" targets as
    their motions, with spaCy loaded when one turns up."""
    from argmap.settings import DEFAULT_SPACY, load_spacy
    from argmap.stance import HybridClassifier
    from argmap.stance.crossencoder import load_cross_encoder

    hybrid = HybridClassifier(load_cross_encoder(folder, precision=precision), folder=folder)
    hybrid.load_nlp = lambda: load_spacy(DEFAULT_SPACY)
    return hybrid


def _test_rows(data: Path, dataset: str, per_set: int, seed: int,
               split: str = "test") -> tuple[list[dict], str]:
    from argmap.stance.train import load_pairs, topic_split

    rows = load_pairs(data, dataset, ALL)
    train = [r for r in rows if topic_split(dataset, r["topic"]) == "train"]
    test = sorted((r for r in rows if topic_split(dataset, r["topic"]) == split),
                  key=lambda r: r["id"])
    random.Random(seed).shuffle(test)
    majority = Counter(r["label"] for r in train).most_common(1)[0][0]
    return test[:per_set], majority


def evaluate(data: Path, per_set: int = 1500, seed: int = 0,
             model_dir: Path | None = None, split: str = "test",
             precision: str = "fp32") -> list[dict]:
    """One row per (dataset, method): n, the F1s, accuracy, confusion, calibration.

    `split="dev"` scores the dev topics instead: that is where training choices are
    made, so the test topics stay unseen by every decision.
    """
    from argmap.stance import CueClassifier, LexiconClassifier
    from argmap.stance.crossencoder import MODEL_DIR
    from argmap.stance.train import DATASETS

    folder = model_dir or MODEL_DIR
    hybrid = _shipped(folder, precision)
    results = []
    for ds in DATASETS:
        rows, majority = _test_rows(data, ds, per_set, seed, split)
        gold = [r["label"] for r in rows]
        pairs = [(r["target"], r["text"]) for r in rows]
        t0 = time.time()
        scored = hybrid.probabilities(pairs)
        secs = time.time() - t0
        cues = [r.stance for r in CueClassifier().predict(pairs)]

        def argmax(p):
            return ALL[max(range(3), key=lambda j: p[j])]

        preds = {
            "majority (train topics)": ([majority] * len(rows), None),
            "cue list (no cue: neutral)": (cues, None),
            "cue list, no cue → support": ([c if c != "neutral" else "support" for c in cues],
                                           None),
            "lexicon+structure (no cue: neutral)": (
                [r.stance for r in LexiconClassifier("neutral").predict(pairs)], None),
            "cross-encoder alone": ([argmax(p) for p, _, _ in scored],
                                    [max(p) for p, _, _ in scored]),
            "hybrid (shipped)": ([argmax(q) for _, q, _ in scored], [max(q) for _, q, _ in scored]),
        }
        has_neutral = "neutral" in gold
        sa = [i for i, g in enumerate(gold) if g != "neutral"]
        for method, (pred, conf) in preds.items():
            results.append({
                "dataset": ds, "method": method, "n": len(rows),
                "topics": len({r["topic"] for r in rows}),
                "labels": Counter(gold),
                "f1_3way": macro_f1(gold, pred, ALL) if has_neutral else None,
                "f1_sa": macro_f1([gold[i] for i in sa], [pred[i] for i in sa]),
                "accuracy": accuracy(gold, pred),
                "recall": {lab: recall(gold, pred, lab) for lab in ALL},
                "confusion": confusion(gold, pred),
                "calibration": calibration(gold, pred, conf) if conf else None,
                "gold": gold, "pred": pred, "conf": conf,
                "pairs_per_second": len(rows) / max(secs, 1e-9),
            })
    return results


def contrast(data: Path, per_set: int = 400, seed: int = 0, model_dir: Path | None = None,
             split: str = "test", precision: str = "fp32") -> list[dict]:
    """Does the model read what the reply answers? The claim sets' support/attack pairs
    again with the target negated (`train.negate`) and the gold flipped: a model that
    judges the reply alone keeps its answers and scores about half; one that reads the
    pair changes them. Per set: support-vs-attack macro-F1 on the pairs as written and
    negated, and the share of answers that changed side.
    """
    from argmap.stance.crossencoder import MODEL_DIR
    from argmap.stance.train import CLAIM_SETS, negate

    folder = model_dir or MODEL_DIR
    hybrid = _shipped(folder, precision)
    flip = {"support": "attack", "attack": "support"}
    out = []
    for ds in CLAIM_SETS:
        rows, _ = _test_rows(data, ds, per_set, seed, split)
        rows = [(r, c) for r in rows if r["label"] in flip and (c := negate(r["target"]))]
        gold = [r["label"] for r, _ in rows]
        as_written = [s.stance for s in hybrid.predict([(r["target"], r["text"]) for r, _ in rows])]
        negated = [s.stance for s in hybrid.predict([(c, r["text"]) for r, c in rows])]
        out.append({
            "dataset": ds, "n": len(rows),
            "f1_as_written": macro_f1(gold, as_written),
            "f1_negated": macro_f1([flip[g] for g in gold], negated),
            "changed_side": sum(flip.get(a) == b for a, b in zip(as_written, negated,
                                                                   strict=True)) / len(rows),
        })
    return out


def contrast_table(rows: list[dict]) -> str:
    lines = ["| set | pairs | support-vs-attack F1, as written | same pairs, target negated "
             "| answers that changed side |", "|---|---|---|---|---|"]
    lines += [f"| {r['dataset']} | {r['n']} | {r['f1_as_written']:.3f} | {r['f1_negated']:.3f} "
              f"| {r['changed_side']:.0%} |" for r in rows]
    return "\n".join(lines)


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def table(results: list[dict]) -> str:
    """Markdown: one block per set, one line per method."""
    out = []
    sets = list(dict.fromkeys(r["dataset"] for r in results))
    for s in sets:
        rows = [r for r in results if r["dataset"] == s]
        lab = ", ".join(f"{k} {v}" for k, v in sorted(rows[0]["labels"].items()))
        out.append(f"**{s}** — {rows[0]['n']} pairs ({lab}), {rows[0]['topics']} unseen topics\n")
        out.append("| method | 3-way macro-F1 | support-vs-attack macro-F1 | accuracy | "
                   "recall S / A / N |")
        out.append("|---|---|---|---|---|")
        for r in rows:
            rec = " / ".join(_f(r["recall"][k]) for k in ALL)
            out.append(f"| {r['method']} | {_f(r['f1_3way'])} | {_f(r['f1_sa'])} | "
                       f"{_f(r['accuracy'])} | {rec} |")
        out.append("")
    main = [r for r in results if r["method"] == "hybrid (shipped)"]
    mean = sum(r["f1_sa"] for r in main) / len(main)
    out.append(f"Mean support-vs-attack macro-F1 of the shipped hybrid over {len(main)} sets: "
               f"{mean:.3f}")
    return "\n".join(out)


def beats_baselines(results: list[dict]) -> list[str]:
    """Lines saying, per set, whether the shipped hybrid beats every cue baseline."""
    lines = []
    for s in dict.fromkeys(r["dataset"] for r in results):
        by = {r["method"]: r for r in results if r["dataset"] == s}
        key = "f1_3way" if by["hybrid (shipped)"]["f1_3way"] is not None else "f1_sa"
        ours = by["hybrid (shipped)"][key]
        best = max((by[m][key], m) for m in by if m.startswith(("cue", "majority")))
        verdict = "above" if ours > best[0] else "NOT above"
        lines.append(f"- {s}: hybrid {key} {ours:.3f} {verdict} best baseline "
                     f"({best[1]}: {best[0]:.3f})")
    return lines


def calibration_tables(results: list[dict], method: str = "hybrid (shipped)") -> str:
    out = []
    pooled_g, pooled_p, pooled_c = [], [], []
    for r in results:
        if r["method"] != method:
            continue
        pooled_g += r["gold"]
        pooled_p += r["pred"]
        pooled_c += r["conf"]
        out.append(_cal_block(r["dataset"], r["gold"], r["pred"], r["conf"]))
    out.append(_cal_block("all sets pooled", pooled_g, pooled_p, pooled_c))
    return "\n".join(out)


def _cal_block(name: str, gold, pred, conf) -> str:
    lines = [f"{name}: confidence bin | n | mean confidence | accuracy"]
    for lo, hi, n, mc, acc in calibration(gold, pred, conf):
        lines.append(f"  [{lo:.1f}, {hi:.1f})  {n:>5}  {mc:.3f}  {acc:.3f}")
    hi = [i for i, c in enumerate(conf) if c >= 0.8]
    if hi:
        acc = sum(gold[i] == pred[i] for i in hi) / len(hi)
        lines.append(f"  confidence >= 0.8: {len(hi)} answers ({len(hi) / len(conf):.0%}), "
                     f"{acc:.1%} right")
    return "\n".join(lines)


def confusion_tables(results: list[dict], method: str = "hybrid (shipped)") -> str:
    out = []
    for r in results:
        if r["method"] != method:
            continue
        c = r["confusion"]
        out.append(f"{r['dataset']} ({method}): rows gold, columns predicted")
        out.append("            support  attack  neutral")
        for g in ALL:
            if any(c.get((g, p), 0) for p in ALL):
                out.append(f"  {g:<9} {c.get((g, 'support'), 0):>7} {c.get((g, 'attack'), 0):>7} "
                           f"{c.get((g, 'neutral'), 0):>8}")
    return "\n".join(out)


def plot_reliability(results: list[dict], path: Path, method: str = "hybrid (shipped)") -> None:
    """A reliability diagram (accuracy against confidence per bin) as a PNG, with Pillow."""
    from PIL import Image, ImageDraw

    w, h, pad = 640, 480, 60
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)

    def xy(x: float, y: float) -> tuple[float, float]:
        return pad + x * (w - 2 * pad), h - pad - y * (h - 2 * pad)

    d.rectangle([xy(0, 1), xy(1, 0)], outline="#444")
    for t in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        d.text((xy(t, 0)[0] - 8, h - pad + 6), f"{t:.1f}", fill="#222")
        d.text((pad - 30, xy(0, t)[1] - 6), f"{t:.1f}", fill="#222")
        d.line([xy(0, t), xy(1, t)], fill="#eee")
    d.line([xy(0, 0), xy(1, 1)], fill="#999", width=1)
    d.text((w / 2 - 90, h - 25), "confidence (calibrated probability)", fill="#222")
    d.text((10, 10), "accuracy per confidence bin, unseen topics; grey: perfect calibration",
           fill="#222")
    colours = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#000000"]
    sets = [r for r in results if r["method"] == method]
    pooled = {"dataset": "all pooled", "gold": [], "pred": [], "conf": []}
    for r in sets:
        for k in ("gold", "pred", "conf"):
            pooled[k] += r[k]
    for k, r in enumerate([*sets, pooled]):
        pts = [xy(mc, acc) for _, _, n, mc, acc in calibration(r["gold"], r["pred"], r["conf"])
               if n >= 10]
        colour = colours[k % len(colours)]
        if len(pts) > 1:
            d.line(pts, fill=colour, width=3 if r is pooled else 2)
        for x, y in pts:
            d.ellipse([x - 3, y - 3, x + 3, y + 3], fill=colour)
        d.text((pad + 10, pad + 10 + 14 * k), r["dataset"], fill=colour)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m argmap.stance.eval", description=__doc__.split("\n")[0]
    )
    p.add_argument("--data", type=Path, default=DATA,
                   help="the shared data folder (argkp/, perspectrum/, ... with pairs.jsonl; "
                        "default: ../shared/data beside the repository, or $ARGMAP_DEVDATA)")
    p.add_argument("--per-set", type=int, default=1500,
                   help="held-out pairs per set (default 1500)")
    p.add_argument("--model", type=Path, default=None,
                   help="stance model folder (default: shipped)")
    p.add_argument("--plot", type=Path, default=None, help="write the reliability diagram here")
    p.add_argument("--split", choices=("test", "dev"), default="test",
                   help="topics to score: test (report) or dev (choose between models)")
    p.add_argument("--contrast", action="store_true",
                   help="only the negated-target check (does the model read the target?)")
    p.add_argument("--precision", choices=PRECISIONS, default="auto",
                   help="the model's number format, as `argmap build --precision` (default auto)")
    args = p.parse_args(argv)
    from argmap.stance.train import DATASETS

    missing = [ds for ds in DATASETS if not (args.data / ds / "pairs.jsonl").is_file()]
    if missing:
        print(f"argmap.stance.eval: error: {args.data}: no pairs.jsonl for "
              f"{', '.join(missing)}; pass --data pointing at the shared data folder",
              file=sys.stderr)
        return 2
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    import torch

    torch.set_num_threads(2)
    precision = resolve_precision(args.precision)
    print(f"precision: {precision}")
    if args.contrast:
        print(contrast_table(contrast(args.data, model_dir=args.model, split=args.split,
                                      precision=precision)))
        return 0
    results = evaluate(args.data, args.per_set, model_dir=args.model, split=args.split,
                       precision=precision)
    print(table(results))
    print()
    print("\n".join(beats_baselines(results)))
    print()
    print(calibration_tables(results))
    print()
    print(confusion_tables(results))
    speed = [r["pairs_per_second"] for r in results if r["method"] == "hybrid (shipped)"]
    print(f"\nspeed: {sum(speed) / len(speed):.1f} pairs/second (2 threads, mean over sets)")
    if args.plot:
        plot_reliability(results, args.plot)
        print(f"wrote {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
