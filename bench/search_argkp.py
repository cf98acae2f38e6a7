"""Claim search quality on ArgKP-2021: each key point is a query, its arguments the answers.

Every argument of every motion goes into one argmap index (one debate per motion);
each key point queries it (a) within its own motion (`--debate`, as a moderator
searching one debate would) and (b) across all motions. Relevant results are the
arguments labelled as matching the key point. We report MAP@10 (average precision
over the top 10, divided by min(relevant, 10)), MAP@100 and recall@10 for semantic
only, keyword only, the fused ranking and the fused ranking's top 50 put in order by
the reranker (`argmap/rerank.py`), separately for three groups of motions:

- *train-fit*: ArgKP train motions the reranker was trained on (and the search
  constants tuned on): optimistic for fused+rerank;
- *train-tune*: train motions the reranker never saw (`argmap.rerank_train`), on which
  the search constants and the way the reranker's score is used were chosen;
- *dev*: ArgKP's dev motions, held out from everything: the figures to report.

    python -m bench.search_argkp [--data DIR] [--model NAME_OR_PATH] [--no-rerank]
    python -m bench.search_argkp --variants     # reranker fusion variants, tune motions
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
MODES = ("semantic", "keyword", "fused", "fused+rerank")
GROUPS = (("train-fit", "train-fit (trained on)"), ("train-tune", "train-tune (chosen on)"),
          ("dev", "dev (held out)"))


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


class CachedScorer:
    """The shipped reranker with its scores kept per (query, text): the within and
    across searches of one key point share most candidates."""

    def __init__(self, reranker):
        self.reranker = reranker
        self.known: dict[tuple[str, str], float] = {}
        self.seconds = 0.0
        self.calls = 0

    def __call__(self, query: str, texts: list[str]) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if (query, t) not in self.known))
        if todo:
            t0 = time.perf_counter()
            for t, v in zip(todo, self.reranker.scores(query, todo), strict=True):
                self.known[(query, t)] = float(v)
            self.seconds += time.perf_counter() - t0
            self.calls += 1
        return np.array([self.known[(query, t)] for t in texts])


def variants(fused: list[str], cos: dict[str, float], score: dict[str, float],
             relevant: set[str]) -> dict[str, float]:
    """MAP@10 of ways to order the fused top 50 with the reranker's score."""
    out = {}
    for depth in (20, 30, 50):
        head = fused[:depth]
        ranked = sorted(head, key=lambda u: -score[u]) + fused[depth:]
        out[f"rerank top {depth}"] = average_precision(ranked, relevant, 10)
    head = fused[:50]
    by_rr = sorted(head, key=lambda u: -score[u])
    for w in (0.25, 0.5, 1.0):
        rrf = {u: 1 / (10 + by_rr.index(u) + 1) + w / (10 + head.index(u) + 1) for u in head}
        out[f"rrf(rerank, fused w={w})"] = average_precision(
            sorted(head, key=lambda u: -rrf[u]), relevant, 10)
    for a in (2.0, 5.0, 10.0):
        out[f"score + {a}*cos"] = average_precision(
            sorted(head, key=lambda u: -(score[u] + a * cos[u])), relevant, 10)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the argkp folder")
    p.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache file")
    p.add_argument("--model", default=None, help="embedding model (default: the bundled one)")
    p.add_argument("--reranker", type=Path, default=None,
                   help="reranker folder (default: argmap/rerank_model)")
    p.add_argument("--no-rerank", action="store_true", help="skip the fused+rerank rows")
    p.add_argument("--groups", default="train-fit,train-tune,dev",
                   help="motion groups to measure, comma-separated (default: all three)")
    p.add_argument("--variants", action="store_true",
                   help="print reranker fusion variants on the tune motions only")
    args = p.parse_args(argv)

    from argmap.index import index_rows, search
    from argmap.rerank import MODEL_DIR, load_reranker
    from argmap.rerank_train import motion_split
    from argmap.store import open_index

    motions = load_motions(args.data)
    group = motion_split([m.topic for m in motions if m.split == "train"])
    models, cache = embedder_and_cache(args.cache, args.model)
    scorer = None
    if not args.no_rerank:
        reranker = load_reranker(args.reranker or MODEL_DIR)
        if reranker is None:
            raise SystemExit(f"{args.reranker or MODEL_DIR}: no reranker; run "
                             "python -m argmap.rerank_train, or pass --no-rerank")
        scorer = CachedScorer(reranker)
    modes = [m for m in MODES if scorer or m != "fused+rerank"]
    scores: dict[tuple, list[tuple[float, float, float]]] = {}
    tried: dict[str, list[float]] = {}
    took = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_index(Path(tmp) / "index.sqlite")
        for i, m in enumerate(motions):
            vecs = embed(m.args, models, cache)
            index_rows(db, f"motion{i}", [
                (a, a, None, text, "claim", "", None, v, None)
                for a, text, v in zip(m.arg_ids, m.args, vecs, strict=True)
            ], model=models.settings.embed_model)  # as a build records it: the search's tuning
        for i, m in enumerate(motions):
            split = "dev" if m.split == "dev" else f"train-{group[m.topic]}"
            if split not in args.groups.split(",") or (args.variants and split != "train-tune"):
                continue
            kp_vecs = embed(m.kps, models, cache)
            for kp_id, kp, vec in zip(m.kp_ids, m.kps, kp_vecs, strict=True):
                relevant = set(m.matches[kp_id])
                if not relevant:
                    continue
                for scope in ("within", "across"):
                    where = f"motion{i}" if scope == "within" else None
                    if args.variants:
                        hits = search(db, kp, vec, top=DEPTH, mode="fused", debate=where)
                        sc = scorer(kp, [h.text for h in hits[:50]])
                        for name, v in variants(
                                [h.unit_id for h in hits],
                                {h.unit_id: h.similarity for h in hits},
                                {h.unit_id: float(x) for h, x in zip(hits[:50], sc, strict=True)},
                                relevant).items():
                            tried.setdefault(f"{scope:<7} {name}", []).append(v)
                        continue
                    for mode in modes:
                        t0 = time.perf_counter()
                        hits = search(db, kp, vec, top=DEPTH, debate=where,
                                      mode="fused" if mode == "fused+rerank" else mode,
                                      rerank=scorer if mode == "fused+rerank" else None)
                        took.append(time.perf_counter() - t0)
                        ranked = [h.unit_id for h in hits]
                        scores.setdefault((split, scope, mode), []).append((
                            average_precision(ranked, relevant, 10),
                            average_precision(ranked, relevant),
                            len(set(ranked[:10]) & relevant) / len(relevant),
                        ))
        db.close()
    print(f"model {models.settings.embed_model}; "
          f"{sum(len(m.args) for m in motions)} arguments in {len(motions)} motions")
    if args.variants:
        print("MAP@10 on the train-tune motions (the reranker never saw them):")
        for name, vals in tried.items():
            print(f"  {name:<36} {np.mean(vals):.3f}  ({len(vals)} queries)")
        return 0
    print(f"{'motions':<24} {'scope':<7} {'mode':<13} {'queries':>7} {'MAP@10':>7} "
          f"{'MAP@100':>8} {'R@10':>6}")
    for split, label in GROUPS:
        if split not in args.groups.split(","):
            continue
        for scope in ("within", "across"):
            for mode in modes:
                rows = np.array(scores[(split, scope, mode)])
                m10, m100, r10 = rows.mean(axis=0)
                print(f"{label:<24} {scope:<7} {mode:<13} {len(rows):>7} {m10:>7.3f} "
                      f"{m100:>8.3f} {r10:>6.3f}")
    print(f"median search time {np.median(took) * 1000:.1f} ms")
    if scorer and scorer.calls:
        print(f"reranker: {scorer.seconds / scorer.calls * 1000:.0f} ms per query for its "
              "new candidates (numpy, one BLAS thread)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
