"""Themes against expert key points (ArgKP-2021), side by side with BERTopic.

For each motion its arguments are one debate (each a reply to the motion). argmap's
clusterer and BERTopic (default settings, same embeddings) each group them; we
compare with the key-point groups (arguments matching exactly one key point;
arguments matching none or several are left out of the scores) by adjusted Rand
index and NMI, and report the share of arguments each method leaves unassigned.
The theme settings were chosen on the train motions; the dev motions are held out
and are the figures to quote.

    python -m bench.themes_argkp [--data DIR] [--model NAME_OR_PATH] [--no-bertopic] [--json OUT]

BERTopic is installed only for this benchmark: pip install -r requirements-bench.txt.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.argkp_data import DEFAULT_CACHE, DEFAULT_DATA, embed, embedder_and_cache, load_motions  # noqa: E402


def gold_groups(motion) -> tuple[list[int], list[str]]:
    """Positions of arguments matching exactly one key point, and that key point."""
    times = Counter(a for ids in motion.matches.values() for a in ids)
    kp_of = {a: kp for kp, ids in motion.matches.items() for a in ids if times[a] == 1}
    idx = [i for i, a in enumerate(motion.arg_ids) if a in kp_of]
    return idx, [kp_of[motion.arg_ids[i]] for i in idx]


def argmap_themes(vectors: np.ndarray, texts=None, nlp=None,
                  model: str | None = None) -> np.ndarray:
    """argmap's clusterer as a build with embedding model `model` runs it: embeddings plus
    the lemmas the units share, weighed as for that model (parsed with `nlp`, the build's
    spaCy pipeline; without it, the words as written)."""
    from argmap import themes
    from argmap.settings import Settings, tuning

    s = Settings(embed_model=model) if model else Settings()
    if texts is not None and nlp is not None:
        texts = themes.lemma_texts(nlp.pipe(list(texts), batch_size=64, disable=["ner"]))
    lexical = themes.lexical_features(list(texts)) if texts is not None else None
    return np.asarray(themes.cluster(vectors, min_size=s.min_theme_size,
                                     neighbours=s.theme_neighbours,
                                     resolution=s.theme_resolution, seed=s.seed,
                                     lexical=lexical,
                                     lexical_weight=tuning(s.embed_model).theme_lexical_weight))


def bertopic_themes(texts, vectors: np.ndarray, embedder) -> np.ndarray:
    """BERTopic with its defaults; only UMAP's seed is fixed so the run repeats."""
    from bertopic import BERTopic
    from umap import UMAP

    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42)
    model = BERTopic(embedding_model=embedder, umap_model=umap)
    topics, _ = model.fit_transform(list(texts), embeddings=vectors)
    return np.asarray(topics)


def score(labels: np.ndarray, idx: list[int], gold: list[str]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    pred = labels[idx]
    return {
        "ari": float(adjusted_rand_score(gold, pred)),
        "nmi": float(normalized_mutual_info_score(gold, pred)),
        "unassigned": float((labels == -1).mean()),
        "themes": int(len(set(labels.tolist()) - {-1})),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the argkp folder")
    p.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache file")
    p.add_argument("--model", default=None, help="embedding model (default: the bundled one)")
    p.add_argument("--no-bertopic", action="store_true", help="skip the BERTopic baseline")
    p.add_argument("--json", type=Path, help="also write the per-motion figures here")
    args = p.parse_args(argv)
    warnings.filterwarnings("ignore")

    motions = load_motions(args.data)
    models, cache = embedder_and_cache(args.cache, args.model)
    nlp = models.nlp
    methods = ["argmap"] + ([] if args.no_bertopic else ["bertopic"])
    results: list[dict] = []
    seconds = Counter()
    print(f"{'motion':<52} {'n':>4} {'kp':>3} " + " ".join(
        f"{m + ' ARI':>13} {'NMI':>5} {'unas':>5} {'k':>3}" for m in methods))
    for motion in motions:
        vectors = embed(motion.args, models, cache)
        idx, gold = gold_groups(motion)
        row = {"topic": motion.topic, "split": motion.split, "arguments": len(motion.args),
               "scored": len(idx), "key_points": len(set(gold))}
        for m in methods:
            t0 = time.perf_counter()
            labels = (argmap_themes(vectors, motion.args, nlp, models.settings.embed_model)
                      if m == "argmap"
                      else bertopic_themes(motion.args, vectors, models.embedder))
            seconds[m] += time.perf_counter() - t0
            row[m] = score(labels, idx, gold)
        results.append(row)
        print(f"{motion.topic[:52]:<52} {len(motion.args):>4} {row['key_points']:>3} " + " ".join(
            f"{row[m]['ari']:>13.3f} {row[m]['nmi']:>5.3f} {row[m]['unassigned']:>5.2f}"
            f" {row[m]['themes']:>3}" for m in methods))
    print()
    print(f"model {models.settings.embed_model}")
    for split in ("train", "dev", "all"):
        rows = [r for r in results if split == "all" or r["split"] == split]
        for m in methods:
            mean = {k: float(np.mean([r[m][k] for r in rows]))
                    for k in ("ari", "nmi", "unassigned")}
            print(f"{split:>5} ({len(rows):>2} motions) {m:<9} ARI {mean['ari']:.3f}  "
                  f"NMI {mean['nmi']:.3f}  unassigned {mean['unassigned']:.1%}")
    for m in methods:
        print(f"clustering time {m}: {seconds[m]:.1f}s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
