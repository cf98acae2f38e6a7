"""Claim search quality on ArgKP-2021: each key point is a query, its arguments the answers.

Every argument of every motion goes into one argmap index (one debate per motion);
each key point queries it (a) within its own motion (`--debate`, as a moderator
searching one debate would) and (b) across all motions. Relevant results are the
arguments labelled as matching the key point. We report MAP@10 (average precision
over the top 10, divided by min(relevant, 10)), MAP@100 and recall@10 for semantic
only, keyword only and the fused ranking, separately for the train motions (where
the search constants were tuned) and the dev motions (held out: report these).

    python -m bench.search_argkp [--data DIR] [--model NAME_OR_PATH]
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
MODES = ("semantic", "keyword", "fused")


def average_precision(ranked: list[str], relevant: set[str], k: int | None = None) -> float:
    """AP of `ranked` (cut at `k`), normalised by min(|relevant|, k) as MAP@k usually is."""
    ranked = ranked[:k] if k else ranked
    hits, total = 0, 0.0
    for i, item in enumerate(ranked, 1):
        if item in relevant:
            hits += 1
            total += hits / i
    norm = min(len(relevant), k) if k else len(relevant)
    return total / norm if relevant else 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the argkp folder")
    p.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache file")
    p.add_argument("--model", default=None, help="embedding model (default: the bundled one)")
    args = p.parse_args(argv)

    from argmap.index import index_rows, search
    from argmap.store import open_index

    motions = load_motions(args.data)
    models, cache = embedder_and_cache(args.cache, args.model)
    scores: dict[tuple, list[tuple[float, float, float]]] = {}
    took = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_index(Path(tmp) / "index.sqlite")
        for i, m in enumerate(motions):
            vecs = embed(m.args, models, cache)
            index_rows(db, f"motion{i}", [
                (a, a, None, text, "claim", "", None, v, None)
                for a, text, v in zip(m.arg_ids, m.args, vecs, strict=True)
            ])
        for i, m in enumerate(motions):
            kp_vecs = embed(m.kps, models, cache)
            for kp_id, kp, vec in zip(m.kp_ids, m.kps, kp_vecs, strict=True):
                relevant = set(m.matches[kp_id])
                if not relevant:
                    continue
                for scope in ("within", "across"):
                    for mode in MODES:
                        t0 = time.perf_counter()
                        hits = search(db, kp, vec, top=DEPTH, mode=mode,
                                      debate=f"motion{i}" if scope == "within" else None)
                        took.append(time.perf_counter() - t0)
                        ranked = [h.unit_id for h in hits]
                        scores.setdefault((m.split, scope, mode), []).append((
                            average_precision(ranked, relevant, 10),
                            average_precision(ranked, relevant),
                            len(set(ranked[:10]) & relevant) / len(relevant),
                        ))
        db.close()
    print(f"model {models.settings.embed_model}; "
          f"{sum(len(m.args) for m in motions)} arguments in {len(motions)} motions")
    print(f"{'motions':<22} {'scope':<7} {'mode':<9} {'queries':>7} {'MAP@10':>7} "
          f"{'MAP@100':>8} {'R@10':>6}")
    for split, label in (("train", "train (tuned on)"), ("dev", "dev (held out)")):
        for scope in ("within", "across"):
            for mode in MODES:
                rows = np.array(scores[(split, scope, mode)])
                m10, m100, r10 = rows.mean(axis=0)
                print(f"{label:<22} {scope:<7} {mode:<9} {len(rows):>7} {m10:>7.3f} "
                      f"{m100:>8.3f} {r10:>6.3f}")
    print(f"median search time {np.median(took) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
