"""Themes: cluster unit embeddings, fold tiny clusters in, label with c-TF-IDF.

Agglomerative clustering with a cosine distance threshold picks the number of
themes itself and is deterministic. Clusters smaller than `min_size` join their
nearest large theme instead of an "outliers" bucket.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from argmap.model import Theme, Unit

__all__ = ["cluster", "label_clusters", "find_themes"]


def cluster(vectors: np.ndarray, *, threshold: float, min_size: int) -> list[int]:
    """A cluster index per row, numbered by size (largest first), ties by first member."""
    n = len(vectors)
    if n == 0:
        return []
    if n == 1:
        return [0]
    from sklearn.cluster import AgglomerativeClustering

    raw = AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
    ).fit_predict(vectors)
    labels = np.asarray(raw)
    sizes = Counter(labels.tolist())
    big = [c for c, s in sizes.items() if s >= min_size]
    if not big:
        big = [max(sizes, key=lambda c: (sizes[c], -int(np.argmax(labels == c))))]
    centroids = np.stack([vectors[labels == c].mean(axis=0) for c in big])
    for i in range(n):
        if labels[i] not in big:
            labels[i] = big[int(np.argmax(centroids @ vectors[i]))]
    order = sorted(set(labels.tolist()), key=lambda c: (-(labels == c).sum(), int(np.argmax(labels == c))))
    renum = {c: k for k, c in enumerate(order)}
    return [renum[c] for c in labels.tolist()]


def _terms(doc) -> list[str]:
    """Content lemmas and hyphenated compounds of one unit."""
    out: list[str] = []
    tokens = list(doc)
    i = 0
    while i < len(tokens):
        t = tokens[i]
        # keep "self-preservation" whole: spaCy splits it into three tokens
        if i + 2 < len(tokens) and tokens[i + 1].text == "-" and not t.whitespace_ and not tokens[i + 1].whitespace_:
            out.append(f"{t.lower_}-{tokens[i + 2].lower_}")
            i += 3
            continue
        if t.is_alpha and not t.is_stop and len(t) > 2 and t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB"):
            out.append(t.lemma_.lower())
        i += 1
    return out


def label_clusters(docs: list, labels: list[int], *, top: int = 5) -> list[list[str]]:
    """c-TF-IDF keywords per cluster: frequent in the cluster, rare across clusters."""
    k = max(labels) + 1 if labels else 0
    counts = [Counter() for _ in range(k)]
    for doc, lab in zip(docs, labels, strict=True):
        counts[lab].update(_terms(doc))
    total = Counter()
    for c in counts:
        total.update(c)
    avg = sum(sum(c.values()) for c in counts) / max(k, 1)
    keywords = []
    for c in counts:
        size = sum(c.values()) or 1
        scored = sorted(
            ((tf / size) * math.log(1 + avg / total[w]), w) for w, tf in c.items() if tf > 0
        )
        scored.sort(key=lambda x: (-x[0], x[1]))
        keywords.append([w for _, w in scored[:top]])
    return keywords


def find_themes(
    units: tuple[Unit, ...], vectors: np.ndarray, nlp, *, threshold: float, min_size: int
) -> tuple[tuple[Unit, ...], tuple[Theme, ...]]:
    """Assign each unit a theme id and describe the themes."""
    from dataclasses import replace

    labels = cluster(vectors, threshold=threshold, min_size=min_size)
    docs = list(nlp.pipe([u.text for u in units], disable=["ner", "parser"]))
    keywords = label_clusters(docs, labels)
    themes = []
    for k, words in enumerate(keywords):
        members = tuple(u.id for u, lab in zip(units, labels, strict=True) if lab == k)
        label = " / ".join(words[:3]) if words else f"theme {k + 1}"
        themes.append(Theme(id=f"t{k + 1}", label=label, keywords=tuple(words), unit_ids=members))
    new_units = tuple(
        replace(u, theme_id=f"t{lab + 1}") for u, lab in zip(units, labels, strict=True)
    )
    return new_units, tuple(themes)
