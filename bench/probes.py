"""Growth probes for single stages, at sizes the full suite cannot afford on 2 cores.

`python -m bench.probes cluster --vectors bench/out/work-2000/maps/embeddings.sqlite`
times `argmap.themes.cluster` on real unit embeddings copied with small noise up to
each size; `python -m bench.probes pyvis` times building a pyvis Network of n nodes
and n-1 edges the way `argmap.render.graph_data` does. Each doubling's time ratio
shows whether the stage is linear (×2) or quadratic (×4).
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

__all__ = ["cluster_growth", "pyvis_growth"]


def _vectors(db_path: Path) -> np.ndarray:
    db = sqlite3.connect(db_path)
    try:
        rows = db.execute("SELECT vec FROM emb ORDER BY key").fetchall()
    finally:
        db.close()
    return np.stack([np.frombuffer(b, dtype=np.float32) for (b,) in rows])


def cluster_growth(db_path: Path, sizes: list[int], *, seed: int = 0) -> list[dict]:
    """Seconds and peak RSS of theme clustering at each size, on real vectors."""
    from argmap.themes import cluster

    base = _vectors(db_path)
    rng = np.random.default_rng(seed)
    cluster(base[:50], min_size=3)  # imports, not timed
    out = []
    for n in sizes:
        parts, have = [], 0
        while have < n:
            noisy = base + rng.normal(0, 0.02, base.shape).astype(np.float32)
            parts.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
            have += len(base)
        x = np.concatenate(parts)[:n]
        t = time.perf_counter()
        labels = cluster(x, min_size=3)
        out.append({"n": n, "seconds": round(time.perf_counter() - t, 2),
                    "clusters": max(labels) + 1,
                    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024})
    return out


def pyvis_growth(sizes: list[int]) -> list[dict]:
    """Seconds to add n nodes and n-1 edges to a directed pyvis Network."""
    from pyvis.network import Network

    out = []
    for n in sizes:
        net = Network(directed=True, cdn_resources="in_line")
        t = time.perf_counter()
        for i in range(n):
            net.add_node(f"u{i}", label="x")
        t1 = time.perf_counter()
        for i in range(1, n):
            net.add_edge(f"u{i}", f"u{i // 2}")
        t2 = time.perf_counter()
        out.append({"n": n, "nodes_s": round(t1 - t, 2), "edges_s": round(t2 - t1, 2)})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.probes", description=__doc__)
    p.add_argument("probe", choices=["cluster", "pyvis"])
    p.add_argument("--sizes", default="2000,4000,8000,16000")
    p.add_argument("--vectors", type=Path, help="an argmap embeddings.sqlite (cluster probe)")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.probe == "cluster":
        if not args.vectors:
            p.error("the cluster probe needs --vectors")
        rows = cluster_growth(args.vectors, sizes)
    else:
        rows = pyvis_growth(sizes)
    for r in rows:
        print(json.dumps(r), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
