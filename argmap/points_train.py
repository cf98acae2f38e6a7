"""Train the points embedder: the bundled MiniLM fine-tuned so that an argument lies
near the key point it makes.

    nice -n 10 python -m argmap.points_train [--data DIR] [--out argmap/points_model]

Themes and claim search both ask "do these two texts make the same point?". The
bundled sentence model answers "are they about the same thing?": one debate's units all
sit close together, and a unit about cost and one about bullying in schools are nearer
than a moderator would put them. IBM ArgKP-2021 labels which arguments make which key
point, so the model can be taught that distinction directly.

The loss: for a batch of one motion's arguments, a softmax over that motion's key
points (cosine times `SCALE`), the argument's own key point the answer. Every other key
point of the motion, including the other side's, is a negative, so the model learns to
keep points of one debate apart rather than debates apart, which it already does.

The recipe and the theme and search settings that use the model were chosen with a
model trained on the 20 *fit* motions of ArgKP's train split (`--fit-only`), on the 4
*tune* motions it never saw (`argmap.rerank_train.motion_split`; docs/themes.md); the
shipped model is then trained the same way on all 24 train motions. The dev motions
stay held out from both. The word,
position and type embeddings stay as bundled; the six encoder layers are trained, and
only they ship, as fp16 safetensors (about 21 MB): a model loads the bundled MiniLM and
lays them over it (`argmap.settings.load_embedder`, `argmap.query_embed`). Seeded and
deterministic on CPU (about 3.5 minutes on two cores).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from pathlib import Path

from argmap.rerank_train import CREDIT, DEFAULT_DATA, _clean, load_argkp, motion_split

__all__ = ["POINTS_DIR", "SCALE", "training_batches", "train"]

POINTS_DIR = Path(__file__).resolve().parent / "points_model"
SCALE = 20.0  # cosine -> logit; 30 was no better on the tune motions (docs/themes.md)


Batch = tuple[list[str], list[int], list[str]]


def training_batches(data: Path, batch_size: int, seed: int,
                     fit_only: bool = False) -> list[Batch]:
    """(arguments, index of each one's key point, the motion's key points) per batch,
    each batch from one motion (the train split's, or its fit motions only), shuffled
    by `seed`."""
    d = load_argkp(data, "train")
    fit = [m for m, s in motion_split(d["motions"]).items() if s == "fit" or not fit_only]
    kps_of: dict[str, list[str]] = defaultdict(list)
    for kid in sorted(d["kps"]):
        kps_of[d["kps"][kid]["topic"]].append(kid)
    matched: dict[str, list[str]] = defaultdict(list)
    for aid, kid, label in sorted(d["labels"]):
        if label == 1:
            matched[kid].append(aid)
    rng = random.Random(seed)
    batches = []
    for motion in fit:
        kids = kps_of[motion]
        pairs = [(_clean(d["args"][aid]["argument"]), i)
                 for i, kid in enumerate(kids) for aid in matched[kid]]
        rng.shuffle(pairs)
        kp_texts = [_clean(d["kps"][kid]["key_point"]) for kid in kids]
        for start in range(0, len(pairs), batch_size):
            part = pairs[start:start + batch_size]
            batches.append(([t for t, _ in part], [k for _, k in part], kp_texts))
    return batches


def train(data: Path, out: Path, *, seed: int = 0, epochs: int = 2, lr: float = 5e-5,
          batch_size: int = 32, fit_only: bool = False) -> dict:
    """Fine-tune the encoder layers on the train motions; save them and their meta."""
    import numpy as np
    import torch
    from safetensors.torch import save_file

    from argmap.settings import BUNDLED_EMBEDDER, _embedder_path

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(_embedder_path(BUNDLED_EMBEDDER), device="cpu")
    bert = model[0].auto_model
    for p in bert.embeddings.parameters():
        p.requires_grad = False
    batches = training_batches(data, batch_size, seed, fit_only)
    trained = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(trained, lr=lr, weight_decay=0.01)
    steps = epochs * len(batches)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps))

    def encode(texts: list[str]) -> torch.Tensor:
        out = model(model.tokenize(texts))["sentence_embedding"]
        return torch.nn.functional.normalize(out, dim=-1)

    rng = random.Random(seed)
    model.train()
    t0 = time.time()
    losses = []
    for epoch in range(epochs):
        order = list(range(len(batches)))
        rng.shuffle(order)
        total = 0.0
        for b in order:
            args, targets, kps = batches[b]
            logits = SCALE * encode(args) @ encode(kps).T
            loss = torch.nn.functional.cross_entropy(logits, torch.tensor(targets))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        losses.append(round(total / len(batches), 4))
        print(f"epoch {epoch + 1}/{epochs}: mean loss {losses[-1]:.3f} ({time.time() - t0:.0f} s)",
              flush=True)
    out.mkdir(parents=True, exist_ok=True)
    layers = {k: v.detach().to(torch.float16).contiguous()
              for k, v in bert.state_dict().items() if k.startswith("encoder.")}
    save_file(layers, str(out / "weights.safetensors"))
    meta = {
        "base": BUNDLED_EMBEDDER,
        "trained": "encoder layers 0-5 (embeddings as bundled)",
        "data": CREDIT,
        "motions": ("ArgKP-2021 train split, the 20 fit motions (argmap.rerank_train."
                    "motion_split)" if fit_only else "ArgKP-2021 train split, all 24 motions"),
        "pairs": sum(len(b[0]) for b in batches),
        "loss": f"softmax over the motion's key points, cosine x {SCALE}",
        "epochs": epochs, "lr": lr, "batch_size": batch_size, "seed": seed,
        "mean_loss_per_epoch": losses,
        "seconds": round(time.time() - t0),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    return meta


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the argkp folder")
    p.add_argument("--out", type=Path, default=POINTS_DIR)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--fit-only", action="store_true",
                   help="train on the 20 fit motions only (the model that chose the settings)")
    args = p.parse_args(argv)
    meta = train(args.data, args.out, seed=args.seed, epochs=args.epochs, lr=args.lr,
                 fit_only=args.fit_only)
    print(json.dumps(meta, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
