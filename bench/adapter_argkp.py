"""Experiment: a linear map on frozen embeddings, learned from ArgKP match labels.

The argument <-> key-point labels say which arguments make "the same point". This
learns W (full d x d, or a diagonal of d weights) on the train motions with a
contrastive loss (each key point against every argument of its motion, and back),
pulled towards the identity, then scores on the held-out dev motions: semantic
search MAP@10 (key point -> arguments) and theme ARI (argmap's clusterer on the
mapped vectors). docs/search.md and docs/themes.md quote the results.

    python -m bench.adapter_argkp [--model NAME_OR_PATH] [--kind full|diag] [--lam 0.05]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.argkp_data import DEFAULT_CACHE, DEFAULT_DATA, embed, embedder_and_cache, load_motions  # noqa: E402
from bench.search_argkp import average_precision  # noqa: E402
from bench.themes_argkp import gold_groups, score  # noqa: E402


def learn(train, kind: str, lam: float, tau: float, steps: int, seed: int = 0) -> np.ndarray:
    """W (d x d) minimising the match loss on `train` [(args, kps, P)] plus lam*|W - I|^2."""
    import torch

    torch.manual_seed(seed)
    d = train[0][0].shape[1]
    w = torch.nn.Parameter(torch.ones(d) if kind == "diag" else torch.eye(d))
    ident = torch.ones(d) if kind == "diag" else torch.eye(d)
    opt = torch.optim.Adam([w], lr=1e-3)
    data = [(torch.tensor(a), torch.tensor(k), torch.tensor(p)) for a, k, p in train]

    def f(x):
        y = x * w if kind == "diag" else x @ w
        return y / y.norm(dim=1, keepdim=True)

    for _ in range(steps):
        loss = 0.0
        for a, k, p in data:
            s = f(k) @ f(a).T / tau
            has, ha = p.sum(1) > 0, p.sum(0) > 0
            l1 = -(torch.log_softmax(s, 1) * p).sum(1)[has] / p.sum(1)[has]
            l2 = -(torch.log_softmax(s.T, 1) * p.T).sum(1)[ha] / p.T.sum(1)[ha]
            loss = loss + l1.mean() + l2.mean()
        loss = loss / len(data) + lam * ((w - ident) ** 2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    out = w.detach().numpy().astype(np.float64)
    return np.diag(out) if kind == "diag" else out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    p.add_argument("--model", default=None)
    p.add_argument("--kind", choices=("full", "diag"), default="full")
    p.add_argument("--lam", type=float, default=0.05)
    p.add_argument("--tau", type=float, default=0.05)
    p.add_argument("--steps", type=int, default=300)
    args = p.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from argmap import themes
    from argmap.settings import Settings

    s = Settings()
    motions = load_motions(args.data)
    models, cache = embedder_and_cache(args.cache, args.model)
    rows = []
    for m in motions:
        a, k = embed(m.args, models, cache), embed(m.kps, models, cache)
        pos = {x: i for i, x in enumerate(m.arg_ids)}
        match = np.zeros((len(m.kps), len(m.args)), dtype=np.float32)
        for j, kp in enumerate(m.kp_ids):
            for x in m.matches[kp]:
                match[j, pos[x]] = 1
        rows.append((m, a, k, match))
    w = learn([(a, k, p) for m, a, k, p in rows if m.split == "train"],
              args.kind, args.lam, args.tau, args.steps)

    def mapped(x, use):
        if not use:
            return x
        y = x @ w
        return y / np.linalg.norm(y, axis=1, keepdims=True)

    print(f"model {models.settings.embed_model}; adapter {args.kind}, lam {args.lam}")
    for use in (False, True):
        for split in ("train", "dev"):
            maps, aris = [], []
            for m, a, k, _ in (r for r in rows if r[0].split == split):
                av, kv = mapped(a, use), mapped(k, use)
                for j, kp in enumerate(m.kp_ids):
                    rel = set(m.matches[kp])
                    if rel:
                        ranked = [m.arg_ids[i] for i in np.argsort(-(av @ kv[j]), kind="stable")]
                        maps.append(average_precision(ranked, rel, 10))
                idx, gold = gold_groups(m)
                lab = np.asarray(themes.cluster(av, min_size=s.min_theme_size,
                                                neighbours=s.theme_neighbours,
                                                resolution=s.theme_resolution, seed=s.seed))
                aris.append(score(lab, idx, gold)["ari"])
            print(f"{'adapter' if use else 'plain':<8} {split:<6} semantic MAP@10 "
                  f"{np.mean(maps):.3f}  theme ARI {np.mean(aris):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
