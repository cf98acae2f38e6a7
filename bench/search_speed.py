"""Claim search at scale: build an index of 100,000 units and time queries.

Units are synthetic but made from real data: each joins two ArgKP arguments, and
its vector is the normalised mix of their real embeddings plus a little noise (so
no two are equal). Queries are real key points, embedded before timing: the
figures exclude model load and query embedding, as the issue asks.

    python -m bench.search_speed [--units 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.argkp_data import DEFAULT_CACHE, DEFAULT_DATA, embed, embedder_and_cache, load_motions  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the argkp folder")
    p.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache file")
    p.add_argument("--units", type=int, default=100_000)
    p.add_argument("--per-debate", type=int, default=1000, help="units per synthetic debate")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--keep", type=Path, help="build the index here and keep it")
    args = p.parse_args(argv)

    from argmap.index import _matrix, index_rows, search, semantic_ranking
    from argmap.store import open_index

    motions = load_motions(args.data)
    models, cache = embedder_and_cache(args.cache)
    texts = [a for m in motions for a in m.args]
    vecs = np.concatenate([embed(m.args, models, cache) for m in motions])
    queries = [k for m in motions for k in m.kps]
    qvecs = np.concatenate([embed(m.kps, models, cache) for m in motions])
    rng = np.random.default_rng(0)
    roles = ("claim", "premise", "question", "concession", "meta")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "index.sqlite"
        if path.exists():
            raise SystemExit(f"{path}: already exists; give a new path to --keep")
        db = open_index(path)
        t0 = time.perf_counter()
        made = 0
        d = 0
        while made < args.units:
            n = min(args.per_debate, args.units - made)
            a = rng.integers(0, len(texts), n)
            b = rng.integers(0, len(texts), n)
            mix = vecs[a] + 0.5 * vecs[b] + 0.05 * rng.normal(size=(n, vecs.shape[1]))
            mix = (mix / np.linalg.norm(mix, axis=1, keepdims=True)).astype(np.float32)
            rows = [
                (f"u{j}", f"c{j // 3}", f"author{j % 17}", f"{texts[a[j]]} {texts[b[j]]}",
                 roles[j % len(roles)], f"theme {j % 9}", ("support", "attack", "neutral")[j % 3],
                 mix[j], None)
                for j in range(n)
            ]
            index_rows(db, f"debate{d}", rows)
            made += n
            d += 1
        build = time.perf_counter() - t0
        size = path.stat().st_size + Path(f"{path}-wal").stat().st_size
        db.close()

        reader = open_index(path)
        t0 = time.perf_counter()
        _matrix(reader)
        load = time.perf_counter() - t0
        order = rng.permutation(len(queries))[: args.queries]
        timings: dict[str, list[float]] = {"fused": [], "semantic": [], "keyword": [],
                                           "fused --debate": [], "fused --role": []}
        for i in order:
            for label, kw in (("fused", {}), ("semantic", {"mode": "semantic"}),
                              ("keyword", {"mode": "keyword"}),
                              ("fused --debate", {"debate": f"debate{int(i) % d}"}),
                              ("fused --role", {"role": "claim"})):
                t = time.perf_counter()
                search(reader, queries[i], qvecs[i], top=10, **kw)
                timings[label].append(time.perf_counter() - t)
        m = _matrix(reader)
        agree = []
        for i in order:  # what the projected first stage costs in recall
            exact = set(np.argsort(-(m.vectors @ qvecs[i]), kind="stable")[:10].tolist())
            agree.append(len(exact & set(semantic_ranking(m, qvecs[i], None, 10))) / 10)
        reader.close()
    print(f"index of {made:,} units in {d} debates built in {build:.1f}s "
          f"({made / build:,.0f} units/s, {size / 1e6:.0f} MB); "
          f"first query loads the matrix in {load * 1000:.0f} ms")
    print(f"{'query':<16} {'p50 ms':>7} {'p95 ms':>7}"
          f"   ({len(order)} real key-point queries, top 10)")
    for label, ts in timings.items():
        ms = np.array(ts) * 1000
        print(f"{label:<16} {np.percentile(ms, 50):>7.1f} {np.percentile(ms, 95):>7.1f}")
    print(f"semantic top-10 overlap with exact cosine: {np.mean(agree):.3f}"
          + ("" if m.sketch is not None else " (exact search: index below the sketch size)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
