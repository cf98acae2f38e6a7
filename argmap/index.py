"""One SQLite index of every built map's units, for claim search across debates.

Semantic search (cosine over unit embeddings) and keyword search (FTS5, BM25) are
fused by score: the cosine plus a share of the keyword score. The index records which
embedding model made its vectors (`meta.embed_model`): a query must be embedded by the
same model, and a build with another model may not mix its vectors in. A hit carries
its cosine similarity to the query, so a caller can say "no close match" instead of
ranking noise. A rebuilt debate replaces only its own rows, in one transaction; WAL
mode lets a search read while a build writes. The tables, and opening the file, belong
to `argmap.store`; this module only reads and writes rows on a connection it is given.

Reading every vector out of SQLite for each query is what makes a large index
slow, so a process keeps the matrix (and the filter columns) in memory and reloads
it only when a build has changed the index (a generation counter in `meta`).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from argmap.errors import ArgmapError
from argmap.model import ArgumentMap
from argmap.settings import tuning
from argmap.words import STOP_WORDS

__all__ = ["Hit", "edge_phrase", "hit_context", "in_reply", "index_map", "index_rows", "search",
           "index_model", "debate_exists", "CLOSE_MATCH"]

# A fused score is the cosine plus `tuning(model).search_lexical_weight` times the unit's
# share of the query's best BM25 score: on ArgKP train motions such a mix beat
# reciprocal-rank fusion (k = 10) within one debate and across all, since ranks throw
# away how much better the top match is (docs/search.md).
# Cosine similarity below which a hit is not a close match. Tuned on ArgKP train motions
# (bundled MiniLM): every key point's best argument in its own motion scores >= 0.40,
# while 81 % of other motions' key points score below it; the held-out dev motions agree
# (100 % kept, 79 % refused). The points model keeps the floor: at 0.40 it keeps as many
# of a key point's matching arguments as MiniLM did (92 % / 93 % on the train motions)
# and lets through far fewer others (24 % / 83 %; docs/search.md).
CLOSE_MATCH = 0.40
# How many of the fused ranking's first units the reranker puts in order. On the ArgKP
# train motions the reranker was not trained on, its score alone did as well as fusing
# it with the fused rank or the cosine, within noise (docs/search.md).
RERANK_DEPTH = 50
_SNIPPET = 160
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    debate: str
    unit_id: str
    comment_id: str
    text: str
    author: str | None
    role: str
    theme: str
    stance: str | None
    score: float
    similarity: float = 0.0  # cosine between query and unit (0 when not embedded)
    answers: list[dict] = field(default_factory=list)
    answered_by: list[dict] = field(default_factory=list)


_OUT = {"support": "supports", "attack": "attacks", "quote": "quotes"}
_IN = {"support": "supported by", "attack": "attacked by", "quote": "quoted by"}
_IN_REPLY = {"support": "supporting", "attack": "attacking"}


def edge_phrase(kind: str, incoming: bool) -> str:
    """How a hit's neighbour is related to it, in words: "supports", "attacked by".

    "answers: support: …" under a premise that backs its own comment's claim read as
    if the premise answered someone."""
    if incoming:
        return _IN.get(kind, "replied to by")
    return _OUT.get(kind, "replies to")


def hit_context(h: Hit, per_side: int = 2) -> list[tuple[str, str]]:
    """(phrase, text) for what a hit answers and what answers it, a few of each."""
    return ([(edge_phrase(str(e.get("kind", "")), False), str(e.get("text", "")))
             for e in h.answers[:per_side]]
            + [(edge_phrase(str(e.get("kind", "")), True), str(e.get("text", "")))
               for e in h.answered_by[:per_side]])


def in_reply(stance: str | None) -> str:
    """"in an attacking reply" for a hit whose comment takes a side, else ""."""
    word = _IN_REPLY.get(stance or "")
    return f"in {'an' if word == 'attacking' else 'a'} {word} reply" if word else ""


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def _contexts(amap: ArgumentMap) -> dict[str, str]:
    """Per unit, JSON of what it answers and what answers it (unit id, kind, text)."""
    text = {u.id: u.text for u in amap.units}
    answers: dict[str, dict[str, dict]] = {u.id: {} for u in amap.units}
    answered_by: dict[str, dict[str, dict]] = {u.id: {} for u in amap.units}

    def keep(found: dict[str, dict], uid: str, kind: str) -> None:
        # one entry per unit: a reply that is also an attack is listed once, as the attack
        old = found.get(uid)
        if old is None or _KIND_RANK.get(kind, 0) > _KIND_RANK.get(old["kind"], 0):
            found[uid] = {"unit_id": uid, "kind": kind, "text": _snippet(text[uid])}

    for r in amap.relations:
        if r.source in answers and r.target in text:
            keep(answers[r.source], r.target, r.kind)
        if r.target in answered_by and r.source in text:
            keep(answered_by[r.target], r.source, r.kind)
    return {
        uid: json.dumps({"answers": list(answers[uid].values()),
                         "answered_by": list(answered_by[uid].values())}, ensure_ascii=False)
        for uid in text
    }


# Which relation names a pair of units best: a stance says more than "reply" or "quote".
_KIND_RANK = {"quote": 1, "reply": 2, "support": 3, "attack": 3}


def index_model(db: sqlite3.Connection) -> str | None:
    """The embedding model that made this index's vectors (None: empty or unrecorded)."""
    row = db.execute("SELECT value FROM meta WHERE key='embed_model'").fetchone()
    return str(row[0]) if row and row[0] else None


def debate_exists(db: sqlite3.Connection, debate: str) -> bool:
    """True when the index holds units of `debate`."""
    row = db.execute("SELECT 1 FROM units WHERE debate=? LIMIT 1", (debate,)).fetchone()
    return row is not None


def index_rows(db: sqlite3.Connection, debate: str, rows: list[tuple],
               model: str | None = None) -> None:
    """Replace `debate`'s rows with `rows` in one transaction.

    Each row is (unit_id, comment_id, author, text, role, theme, stance, vector, context).
    `model` names the embedding model of the vectors; an index holds one model's vectors
    only, so another model is refused while other debates' rows remain.
    """
    with db:
        if model:
            known = index_model(db)
            others = db.execute("SELECT 1 FROM units WHERE debate<>? LIMIT 1",
                                (debate,)).fetchone()
            if known and known != model and others:
                raise ArgmapError(
                    f"the search index holds vectors of embedding model {known!r}, not "
                    f"{model!r}; build with --embed-model {known}, rebuild every map with one "
                    "model, or use another --out folder"
                )
            db.execute("INSERT OR REPLACE INTO meta VALUES ('embed_model', ?)", (model,))
        old = db.execute("SELECT rowid, text FROM units WHERE debate=?", (debate,)).fetchall()
        db.executemany(
            "INSERT INTO units_fts(units_fts, rowid, text) VALUES('delete', ?, ?)", old
        )
        db.execute("DELETE FROM units WHERE debate=?", (debate,))
        for uid, cid, author, text, role, theme, stance, vec, context in rows:
            cur = db.execute(
                "INSERT INTO units(debate, unit_id, comment_id, author, text, role, theme,"
                " stance, vec, context, ntok) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (debate, uid, cid, author, text, role, theme, stance,
                 np.asarray(vec, dtype=np.float32).tobytes(), context,
                 len(_WORD.findall(text))),
            )
            db.execute("INSERT INTO units_fts(rowid, text) VALUES (?, ?)", (cur.lastrowid, text))
        db.execute("UPDATE meta SET value = value + 1 WHERE key='generation'")


def index_map(db: sqlite3.Connection, amap: ArgumentMap, vectors: np.ndarray,
              model: str | None = None) -> None:
    """Replace one debate's rows with this map's units, embeddings and context.
    `model` names the vectors' embedding model when it is not the map's own (an index
    re-embedded by another model, `argmap.store`)."""
    comments = {c.id: c for c in amap.thread.comments}
    themes = {t.id: t.label for t in amap.themes}
    contexts = _contexts(amap)
    rows = []
    for u, vec in zip(amap.units, vectors, strict=True):
        c = comments.get(u.comment_id)
        rows.append((u.id, u.comment_id, c.author if c else None, u.text, u.role,
                     themes.get(u.theme_id, ""), c.stance if c else None, vec, contexts[u.id]))
    index_rows(db, amap.name, rows,
               model=model or (amap.meta.get("settings") or {}).get("embed_model"))


@dataclass
class _Matrix:
    """The index's vectors and filter columns, held in memory between queries.

    `sketch` is a low-dimensional projection of the vectors (principal axes) used to
    pick candidates quickly on a large index; candidates are then scored exactly.
    """

    generation: int
    rowids: np.ndarray
    vectors: np.ndarray
    columns: dict[str, np.ndarray]
    position: dict[int, int]
    lengths: np.ndarray
    sketch: np.ndarray | None = None
    basis: np.ndarray | None = None
    bm25_norm: np.ndarray | None = None
    lookup: np.ndarray | None = None


_CACHE: dict[str, _Matrix] = {}
_LOCK = threading.Lock()
SKETCH_FROM = 20_000  # below this many units exact search is already fast
SKETCH_DIM = 64
CANDIDATES = 2000


def _db_key(db: sqlite3.Connection) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] or f"memory:{id(db)}"


def _sketch(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project onto the top principal axes of a fixed sample (deterministic)."""
    step = max(1, len(vectors) // 5000)
    sample = vectors[::step].astype(np.float64)
    _, _, vt = np.linalg.svd(sample - sample.mean(axis=0), full_matrices=False)
    basis = np.ascontiguousarray(vt[:SKETCH_DIM].T.astype(np.float32))
    return np.ascontiguousarray(vectors @ basis), basis


def _matrix(db: sqlite3.Connection) -> _Matrix:
    """The in-memory matrix for this index, reloaded if a build changed it."""
    key = _db_key(db)
    with _LOCK:
        # one read transaction: the generation and the rows come from the same snapshot
        db.execute("BEGIN")
        try:
            gen = db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0]
            cached = _CACHE.get(key)
            if cached is not None and cached.generation == gen:
                return cached
            rows = db.execute(
                "SELECT rowid, debate, role, theme, stance, vec, ntok FROM units ORDER BY rowid"
            ).fetchall()
        finally:
            db.execute("COMMIT")
        rowids = np.array([r[0] for r in rows], dtype=np.int64)
        dim = len(rows[0][5]) // 4 if rows else 0
        vectors = np.frombuffer(b"".join(r[5] for r in rows), dtype=np.float32)
        vectors = vectors.reshape(len(rows), dim) if rows else np.zeros((0, 0), np.float32)
        columns = {
            name: np.array([r[i] or "" for r in rows], dtype=object)
            for i, name in ((1, "debate"), (2, "role"), (3, "theme"), (4, "stance"))
        }
        lengths = np.array([r[6] or 1 for r in rows], dtype=np.float32)
        m = _Matrix(gen, rowids, vectors, columns, {int(r): i for i, r in enumerate(rowids)},
                    lengths)
        if len(rows) >= SKETCH_FROM and dim > SKETCH_DIM:
            m.sketch, m.basis = _sketch(vectors)
        _CACHE[key] = m
        return m


_STOP = STOP_WORDS  # English function words: they match everything and rank nothing


def _query_words(query: str) -> list[str]:
    """The query's content words: stop words match everything and rank nothing."""
    words = list(dict.fromkeys(re.findall(r"\w+", query.lower())))
    return [w for w in words if w not in _STOP and len(w) > 1] or words


def _mask(m: _Matrix, debate, role, theme, stance) -> np.ndarray | None:
    mask = None
    for col, val in (("debate", debate), ("role", role), ("stance", stance)):
        if val:
            hit = m.columns[col] == val
            mask = hit if mask is None else mask & hit
    if theme:
        needle = theme.lower()
        hit = np.array([needle in t.lower() for t in m.columns["theme"]], dtype=bool)
        mask = hit if mask is None else mask & hit
    return mask


def _top(scores: np.ndarray, depth: int, among: np.ndarray | None = None) -> list[int]:
    """Positions of the `depth` highest finite scores, best first, ties by position."""
    depth = min(depth, len(scores))
    if depth == 0:
        return []
    top = np.argpartition(-scores, depth - 1)[:depth]
    top = top[np.lexsort((top, -scores[top]))]
    top = top[np.isfinite(scores[top])]
    return [int(i) for i in (top if among is None else among[top])]


def semantic_ranking(m: _Matrix, query_vec: np.ndarray, mask: np.ndarray | None,
                     depth: int) -> list[int]:
    """Row positions of the `depth` units most similar to the query, best first.

    On a large index a cheap projected score picks `CANDIDATES` rows first and only
    those get the exact cosine; bench/search_speed.py measures what that costs in recall.
    """
    q = np.asarray(query_vec, dtype=np.float32)
    if m.sketch is not None:
        approx = m.sketch @ (q @ m.basis)
        if mask is not None:
            approx = np.where(mask, approx, -np.inf)
        cand = np.array(_top(approx, max(CANDIDATES, depth)), dtype=np.int64)
        return _top(m.vectors[cand] @ q, depth, among=cand)
    sims = m.vectors @ q
    if mask is not None:
        sims = np.where(mask, sims, -np.inf)
    return _top(sims, depth)


BM25_K1, BM25_B = 1.2, 0.75


def keyword_ranking(db: sqlite3.Connection, m: _Matrix, query: str,
                    mask: np.ndarray | None, depth: int) -> list[int]:
    """Row positions of the best BM25 matches that pass the filters, best first."""
    pos, scores = keyword_scores(db, m, query, mask)
    return _top(scores, depth, among=pos) if len(pos) else []


def keyword_scores(db: sqlite3.Connection, m: _Matrix, query: str,
                   mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(row positions, BM25 scores) of the units that match a query word and pass the
    filters.

    FTS5 finds which units hold each (stemmed) query word; the BM25 sum is done here
    over those postings with a term counted once per unit (units are a sentence or
    two, so repeats are rare), which is much faster than ranking in SQL.
    """
    none = (np.zeros(0, dtype=np.int64), np.zeros(0))
    n = len(m.rowids)
    if n == 0:
        return none
    if m.lookup is None:  # rowid -> row position, -1 where a rowid is not loaded
        m.lookup = np.full(int(m.rowids.max()) + 1, -1, dtype=np.int64)
        m.lookup[m.rowids] = np.arange(n)
    if m.bm25_norm is None:
        avg = float(m.lengths.mean())
        m.bm25_norm = (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * m.lengths / avg))
    found, weights = [], []
    for word in _query_words(query):
        # one string per word is far cheaper than a Python tuple per posting
        (ids,) = db.execute("SELECT group_concat(rowid) FROM units_fts WHERE units_fts MATCH ?",
                            (f'"{word}"',)).fetchone()
        if not ids:
            continue
        rowids = np.fromstring(ids, dtype=np.int64, sep=",")
        rowids = rowids[rowids < len(m.lookup)]
        pos = m.lookup[rowids]
        pos = pos[pos >= 0]
        if mask is not None:
            pos = pos[mask[pos]]
        df = len(rowids)
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        found.append(pos)
        weights.append(idf * m.bm25_norm[pos])
    if not found:
        return none
    pos, inverse = np.unique(np.concatenate(found), return_inverse=True)
    if len(pos) == 0:
        return none
    return pos, np.bincount(inverse, weights=np.concatenate(weights))


def _mixed(m: _Matrix, query_vec: np.ndarray, semantic: list[int],
           keyword: tuple[np.ndarray, np.ndarray], weight: float) -> dict[int, float]:
    """Row position -> cosine + `weight` x its share of the best BM25 score, for the
    units either ranking put near its top."""
    pos, bm25 = keyword
    best = float(bm25.max()) if len(bm25) else 0.0
    lexical = dict(zip(pos.tolist(), (bm25 / best).tolist(), strict=True)) if best > 0 else {}
    near = _top(bm25, max(len(semantic), 1), among=pos) if len(pos) else []
    cand = np.array(sorted({*semantic, *near}), dtype=np.int64)
    if len(cand) == 0:
        return {}
    cos = m.vectors[cand] @ np.asarray(query_vec, dtype=np.float32)
    return {int(i): float(c) + weight * lexical.get(int(i), 0.0)
            for i, c in zip(cand, cos, strict=True)}


def search(
    db: sqlite3.Connection,
    query: str,
    query_vec: np.ndarray | None,
    *,
    top: int = 10,
    debate: str | None = None,
    role: str | None = None,
    theme: str | None = None,
    stance: str | None = None,
    mode: str = "fused",
    rerank: Callable[[str, list[str]], np.ndarray] | None = None,
) -> list[Hit]:
    """The best `top` units for `query` among those matching the filters.

    `mode` is "fused" (the cosine plus the index model's `search_lexical_weight` times the
    unit's share of the best keyword score), "semantic" or "keyword".
    With `rerank` (a scorer such as `argmap.rerank.default_reranker()`), the first
    `RERANK_DEPTH` units of that ranking are put in order by its score alone (ties
    keep the fused order), and that score is the hit's `score`; `similarity` is
    always the cosine.
    """
    m = _matrix(db)
    if len(m.rowids) == 0:
        return []
    if query_vec is not None and m.vectors.shape[1] != len(query_vec):
        raise ArgmapError(
            f"the query vector has {len(query_vec)} dimensions, the index {m.vectors.shape[1]}:"
            f" embed the query with the index's model ({index_model(db) or 'unrecorded'})"
        )
    mask = _mask(m, debate, role, theme, stance)
    tuned = tuning(index_model(db))
    depth = max(top * 5, RERANK_DEPTH if rerank else 50)
    ranks: dict[int, float] = {}
    if mode == "fused" and query_vec is not None:
        ranks = _mixed(m, query_vec, semantic_ranking(m, query_vec, mask, depth),
                       keyword_scores(db, m, query, mask), tuned.search_lexical_weight)
    else:  # one list, scored by its rank (without a query vector, fused is keyword)
        if mode == "semantic":
            ranking = semantic_ranking(m, query_vec, mask, depth) if query_vec is not None else []
        elif mode in ("fused", "keyword"):
            ranking = keyword_ranking(db, m, query, mask, depth)
        else:
            ranking = []
        ranks = {i: 1.0 / (rank + 1) for rank, i in enumerate(ranking)}
    best = sorted(ranks.items(), key=lambda kv: (-kv[1], kv[0]))
    best = best[: max(top, RERANK_DEPTH)] if rerank else best[:top]
    if not best:
        return []
    ids = [int(m.rowids[i]) for i, _ in best]
    marks = ",".join("?" * len(ids))
    rows = {
        r[0]: r for r in db.execute(
            "SELECT rowid, debate, unit_id, comment_id, text, author, role, theme, stance, context"
            f" FROM units WHERE rowid IN ({marks})", ids,
        )
    }
    # replaced by a build since the matrix was read: dropped
    kept = [(pos, score, rowid) for (pos, score), rowid in zip(best, ids, strict=True)
            if rowid in rows]
    if rerank is not None and kept:
        final = np.asarray(rerank(query, [rows[rowid][4] for _, _, rowid in kept]),
                           dtype=np.float64)
        kept = [(kept[j][0], float(final[j]), kept[j][2])
                for j in sorted(range(len(kept)), key=lambda j: (-final[j], j))]
    kept = kept[:top]
    if query_vec is not None:
        q = np.asarray(query_vec, dtype=np.float32)
        sims = {pos: float(m.vectors[pos] @ q) for pos, _, _ in kept}
    else:
        sims = {pos: 0.0 for pos, _, _ in kept}
    hits = []
    for pos, score, rowid in kept:
        r = rows[rowid]
        ctx = json.loads(r[9]) if r[9] else {}
        hits.append(Hit(
            debate=r[1], unit_id=r[2], comment_id=r[3], text=r[4], author=r[5], role=r[6],
            theme=r[7], stance=r[8], score=round(score, 6), similarity=round(sims[pos], 4),
            answers=ctx.get("answers", []), answered_by=ctx.get("answered_by", []),
        ))
    return hits
