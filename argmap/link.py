"""Claims across debates: one canonical claim, many occurrences.

The same claim recurs in many threads. `link_claims` finds near-duplicate and
paraphrased units across debates with an approximate nearest-neighbour search
(HNSW from faiss; never all pairs), joins them into groups, and records each group
as a canonical claim with its occurrences — Argdown's statement vs occurrence,
Kialo's `-> See` link. Themes are linked the same way through their centroids, so
the same theme in different debates gets one corpus theme id.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

from argmap import store
from argmap.errors import ArgmapError

__all__ = [
    "Occurrence", "CanonicalClaim", "neighbour_pairs", "link_claims", "claims_for", "link_themes",
]

LINKED_ROLES = ("claim", "premise", "concession")


@dataclass(frozen=True)
class Occurrence:
    debate: str
    unit_id: str
    text: str
    rebutted: bool


@dataclass(frozen=True)
class CanonicalClaim:
    id: str
    text: str
    occurrences: tuple[Occurrence, ...]

    @property
    def debates(self) -> int:
        return len({o.debate for o in self.occurrences})

    @property
    def rebutted_in(self) -> int:
        return len({o.debate for o in self.occurrences if o.rebutted})


def neighbour_pairs(
    vectors: np.ndarray, *, k: int = 10, threshold: float = 0.85
) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for i < j among each row's k approximate nearest neighbours."""
    n = len(vectors)
    if n < 2:
        return []
    import faiss

    faiss.omp_set_num_threads(1)  # one thread: the graph, and so the result, is deterministic
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    index = faiss.IndexHNSWFlat(x.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 80
    index.hnsw.efSearch = max(64, 2 * k)
    index.add(x)
    sims, ids = index.search(x, min(k + 1, n))
    pairs = {}
    for i in range(n):
        for s, j in zip(sims[i], ids[i], strict=True):
            if j < 0 or j == i or s < threshold:
                continue
            a, b = (i, int(j)) if i < j else (int(j), i)
            pairs[(a, b)] = max(pairs.get((a, b), -1.0), float(s))
    return sorted((a, b, s) for (a, b), s in pairs.items())


def _groups(n: int, pairs: list[tuple[int, int, float]]) -> list[list[int]]:
    """Claims joined by a chain of close pairs, each group in index order (2+ members)."""
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((a, b) for a, b, _ in pairs)
    groups = [sorted(c) for c in nx.connected_components(g) if len(c) > 1]
    return sorted(groups, key=lambda m: m[0])


def _attacked_units(maps_dir: Path, debates: set[str]) -> set[tuple[str, str]]:
    out = set()
    for d in sorted(debates):
        path = store.map_path(maps_dir, d)
        if not path.exists():
            continue
        amap = store.load_map(path)
        out |= {(d, r.target) for r in amap.relations if r.kind == "attack"}
    return out


def link_claims(
    maps_dir: Path, *, threshold: float = 0.85, k: int = 10
) -> list[CanonicalClaim]:
    """Link claims across every debate in the index; store and return the canonical claims."""
    if not store.index_path(maps_dir).exists():
        raise ArgmapError(f"{maps_dir}: no search index here; build maps first (argmap build)")
    db = store.open_writer(maps_dir)
    try:
        marks = ",".join("?" * len(LINKED_ROLES))
        rows = db.execute(
            f"SELECT debate, unit_id, text, vec FROM units WHERE role IN ({marks})"
            " ORDER BY debate, unit_id", LINKED_ROLES,
        ).fetchall()
        if not rows:
            return []
        vecs = np.stack([np.frombuffer(r[3], dtype=np.float32) for r in rows])
        pairs = [p for p in neighbour_pairs(vecs, k=k, threshold=threshold)
                 if rows[p[0]][0] != rows[p[1]][0]]  # across debates only
        groups = [g for g in _groups(len(rows), pairs) if len({rows[i][0] for i in g}) > 1]
        attacked = _attacked_units(maps_dir, {rows[i][0] for g in groups for i in g})
        claims = []
        for g in groups:
            g = sorted(g)
            centre = vecs[g].mean(axis=0)
            medoid = g[int(np.argmax(vecs[g] @ centre))]
            first = rows[g[0]]
            cid = "k" + hashlib.sha1(f"{first[0]}|{first[1]}".encode()).hexdigest()[:10]
            occ = tuple(
                Occurrence(rows[i][0], rows[i][1], rows[i][2], (rows[i][0], rows[i][1]) in attacked)
                for i in g
            )
            claims.append(CanonicalClaim(cid, rows[medoid][2], occ))
        claims.sort(key=lambda c: (-c.debates, c.id))
        _store(db, claims)
    finally:
        db.close()
    store.write_claims(maps_dir, [
        {"id": c.id, "text": c.text, "debates": c.debates, "rebutted_in": c.rebutted_in,
         "occurrences": [o.__dict__ for o in c.occurrences]} for c in claims])
    return claims


def _store(db: sqlite3.Connection, claims: list[CanonicalClaim]) -> None:
    with db:  # the table is the store's (argmap.store); this fills it
        db.execute("DELETE FROM claims")
        db.executemany(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?)",
            [(c.id, o.debate, o.unit_id, int(o.rebutted), c.text)
             for c in claims for o in c.occurrences],
        )


def claims_for(
    db: sqlite3.Connection, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], CanonicalClaim]:
    """The canonical claim of each (debate, unit_id) that has one."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='claims'"
    ).fetchone()
    if not exists or not keys:
        return {}
    out = {}
    for debate, unit_id in keys:
        row = db.execute(
            "SELECT claim_id FROM claims WHERE debate=? AND unit_id=?", (debate, unit_id)
        ).fetchone()
        if not row:
            continue
        occ = db.execute(
            "SELECT c.debate, c.unit_id, u.text, c.rebutted, c.canonical_text FROM claims c"
            " LEFT JOIN units u ON u.debate=c.debate AND u.unit_id=c.unit_id"
            " WHERE c.claim_id=? ORDER BY c.debate, c.unit_id", (row[0],),
        ).fetchall()
        out[(debate, unit_id)] = CanonicalClaim(
            row[0], occ[0][4], tuple(Occurrence(d, u, t or "", bool(r)) for d, u, t, r, _ in occ)
        )
    return out


def link_themes(maps_dir: Path, *, threshold: float = 0.6, k: int = 10) -> dict[str, list[dict]]:
    """One corpus theme id for the same theme in different debates, by theme centroids.

    Returns {corpus theme id: [{debate, theme_id, label}, ...]} for themes found in more
    than one debate, and stores it as the `corpus_themes` table of the index.
    """
    db = store.open_writer(maps_dir)
    try:
        keys, cents = [], []
        for path in store.map_files(maps_dir):
            try:
                amap = store.load_map(path)
            except ArgmapError:
                continue
            rows = dict(db.execute(
                "SELECT unit_id, vec FROM units WHERE debate=?", (amap.name,)
            ).fetchall())
            for t in amap.themes:
                vecs = [np.frombuffer(rows[u], dtype=np.float32) for u in t.unit_ids if u in rows]
                if vecs:
                    c = np.mean(vecs, axis=0)
                    cents.append(c / (np.linalg.norm(c) or 1.0))
                    keys.append((amap.name, t.id, t.label))
        if not keys:
            return {}
        pairs = [p for p in neighbour_pairs(np.stack(cents), k=k, threshold=threshold)
                 if keys[p[0]][0] != keys[p[1]][0]]
        linked: dict[str, list[dict]] = {}
        for g in _groups(len(keys), pairs):
            g = sorted(g)
            tid = "T" + hashlib.sha1(f"{keys[g[0]][0]}|{keys[g[0]][1]}".encode()).hexdigest()[:10]
            linked[tid] = [{"debate": keys[i][0], "theme_id": keys[i][1], "label": keys[i][2]}
                           for i in g]
        with db:
            db.execute("DELETE FROM corpus_themes")
            db.executemany("INSERT INTO corpus_themes VALUES (?, ?, ?, ?)",
                           [(tid, m["debate"], m["theme_id"], m["label"])
                            for tid, ms in linked.items() for m in ms])
    finally:
        db.close()
    return linked
