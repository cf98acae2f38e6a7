"""ArgKP-2021 as benchmark data: motions, their arguments, key points and matches.

Shared by the theme and search benchmarks. Reads `../shared/data/argkp` (relative to
the repository root) or the folder given; embeddings go through argmap's own cache so
a second run costs nothing.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _find_shared() -> Path:
    """`../shared/data/argkp` beside the repository (or beside its worktree folder)."""
    for up in (ROOT.parent, ROOT.parent.parent):
        if (up / "shared" / "data" / "argkp").is_dir():
            return up / "shared" / "data" / "argkp"
    return ROOT.parent / "shared" / "data" / "argkp"


DEFAULT_DATA = Path(os.environ.get("ARGKP_DIR") or _find_shared())
DEFAULT_CACHE = ROOT / "bench" / "out" / "embeddings.sqlite"


@dataclass(frozen=True)
class Motion:
    topic: str
    split: str
    arg_ids: tuple[str, ...]
    args: tuple[str, ...]
    kp_ids: tuple[str, ...]
    kps: tuple[str, ...]
    matches: dict[str, frozenset[str]]  # key point id -> ids of matching arguments


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_motions(data: Path = DEFAULT_DATA) -> list[Motion]:
    """Every motion of the train and dev splits, in file order."""
    if not (data / "arguments_train.csv").exists():
        raise SystemExit(f"{data}: ArgKP files not found; pass --data DIR (the argkp folder)")
    motions = []
    for split in ("train", "dev"):
        args = _rows(data / f"arguments_{split}.csv")
        kps = _rows(data / f"key_points_{split}.csv")
        labels = _rows(data / f"labels_{split}.csv")
        match: dict[str, set[str]] = defaultdict(set)
        for r in labels:
            if r["label"] == "1":
                match[r["key_point_id"]].add(r["arg_id"])
        for topic in dict.fromkeys(r["topic"] for r in args):
            a = [r for r in args if r["topic"] == topic]
            k = [r for r in kps if r["topic"] == topic]
            motions.append(Motion(
                topic=topic, split=split,
                arg_ids=tuple(r["arg_id"] for r in a), args=tuple(r["argument"] for r in a),
                kp_ids=tuple(r["key_point_id"] for r in k), kps=tuple(r["key_point"] for r in k),
                matches={r["key_point_id"]: frozenset(match.get(r["key_point_id"], ())) for r in k},
            ))
    return motions


def embedder_and_cache(cache_path: Path = DEFAULT_CACHE, model: str | None = None):
    """The embedding model (bundled unless named; one thread, CPU) and argmap's cache."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import torch

    torch.set_num_threads(1)
    from argmap.embed import EmbeddingCache
    from argmap.settings import Models, Settings

    models = Models(Settings(embed_model=model) if model else Settings())
    return models, EmbeddingCache(cache_path)


def embed(texts, models, cache) -> np.ndarray:
    from argmap.embed import embed_texts

    vecs, _ = embed_texts(list(texts), models.embedder, model_name=models.settings.embed_key,
                          cache=cache)
    return vecs
