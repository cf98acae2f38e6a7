"""Claim search quality on ArgKP-2021: each key point is a query, its arguments the answers.

Every argument of every motion goes into one argmap index (one debate per motion);
each key point queries it (a) within its own motion (`--debate`, as a moderator
searching one debate would) and (b) across all motions. Relevant results are the
arguments labelled as matching the key point. We report MAP (over the top 100) and
recall@10 for semantic only, keyword only, and the fused ranking.

    python -m bench.search_argkp [--data DIR]
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

DEPTH = 100


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for k, item in enumerate(ranked, 1):
        if item in relevant:
            hits += 1
            total += hits / k
    return total / len(relevant) if relevant else 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the argkp folder")
    p.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache file")
    args = p.parse_args(argv)

    from argmap.index import index_rows, open_index, search

    motions = load_motions(args.data)
    models, cache = embedder_and_cache(args.cache)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_index(Path(tmp) / "index.sqlite")
        for i, m in enumerate(motions):
            vecs = embed(m.args, models, cache)
            index_rows(db, f"motion{i}", [
                (a, a, None, text, "claim", "", None, v, None)
                for a, text, v in zip(m.arg_ids, m.args, vecs, strict=True)
            ])
        modes = ("semantic", "keyword", "fused")
        scores = {(scope, mode): ([], []) for scope in ("within", "across") for mode in modes}
        took = []
        queries = 0
        for i, m in enumerate(motions):
            kp_vecs = embed(m.kps, models, cache)
            for kp_id, kp, vec in zip(m.kp_ids, m.kps, kp_vecs, strict=True):
                relevant = set(m.matches[kp_id])
                if not relevant:
                    continue
                queries += 1
                for scope in ("within", "across"):
                    for mode in modes:
                        t0 = time.perf_counter()
                        hits = search(db, kp, vec, top=DEPTH, mode=mode,
                                      debate=f"motion{i}" if scope == "within" else None)
                        took.append(time.perf_counter() - t0)
                        ranked = [h.unit_id for h in hits]
                        aps, recalls = scores[(scope, mode)]
                        aps.append(average_precision(ranked, relevant))
                        recalls.append(len(set(ranked[:10]) & relevant) / len(relevant))
        db.close()
    print(f"{queries} key-point queries over {sum(len(m.args) for m in motions)} arguments "
          f"({len(motions)} motions)")
    print(f"{'scope':<8} {'mode':<9} {'MAP@100':>8} {'R@10':>6}")
    for (scope, mode), (aps, recalls) in scores.items():
        print(f"{scope:<8} {mode:<9} {np.mean(aps):>8.3f} {np.mean(recalls):>6.3f}")
    print(f"median search time {np.median(took) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
