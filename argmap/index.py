"""One SQLite index of every built map's units, for claim search across debates.

Semantic search (cosine over unit embeddings) and keyword search (FTS5, BM25) are
fused by reciprocal rank. A rebuilt debate replaces only its own rows, in one
transaction; WAL mode lets the app read while a build writes.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from argmap.model import ArgumentMap

__all__ = ["Hit", "open_index", "index_map", "search", "INDEX_NAME"]

INDEX_NAME = "index.sqlite"
RRF_K = 60


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


def open_index(path: Path | str) -> sqlite3.Connection:
    """Open (creating if needed) the index at `path`."""
    db = sqlite3.connect(path, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS units (
            rowid INTEGER PRIMARY KEY, debate TEXT, unit_id TEXT, comment_id TEXT,
            author TEXT, text TEXT, role TEXT, theme TEXT, stance TEXT, vec BLOB);
        CREATE INDEX IF NOT EXISTS units_debate ON units(debate);
        CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5(text, content='units',
            content_rowid='rowid', tokenize='porter unicode61');
        """
    )
    return db


def index_map(db: sqlite3.Connection, amap: ArgumentMap, vectors: np.ndarray) -> None:
    """Replace one debate's rows with this map's units and their embeddings."""
    debate = amap.name
    comments = {c.id: c for c in amap.thread.comments}
    themes = {t.id: t.label for t in amap.themes}
    with db:
        old = db.execute("SELECT rowid, text FROM units WHERE debate=?", (debate,)).fetchall()
        db.executemany(
            "INSERT INTO units_fts(units_fts, rowid, text) VALUES('delete', ?, ?)", old
        )
        db.execute("DELETE FROM units WHERE debate=?", (debate,))
        for u, vec in zip(amap.units, vectors, strict=True):
            c = comments.get(u.comment_id)
            cur = db.execute(
                "INSERT INTO units(debate, unit_id, comment_id, author, text, role, theme, stance, vec)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (debate, u.id, u.comment_id, c.author if c else None, u.text, u.role,
                 themes.get(u.theme_id, ""), c.stance if c else None,
                 np.asarray(vec, dtype=np.float32).tobytes()),
            )
            db.execute("INSERT INTO units_fts(rowid, text) VALUES (?, ?)", (cur.lastrowid, u.text))


def _fts_query(query: str) -> str:
    words = re.findall(r"\w+", query.lower())
    return " OR ".join(f'"{w}"' for w in words)


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
) -> list[Hit]:
    """Fused semantic + keyword ranking of units matching the filters."""
    where, args = [], []
    for col, val in (("debate", debate), ("role", role), ("stance", stance)):
        if val:
            where.append(f"{col} = ?")
            args.append(val)
    if theme:
        where.append("theme LIKE ?")
        args.append(f"%{theme}%")
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = db.execute(
        f"SELECT rowid, debate, unit_id, comment_id, text, author, role, theme, stance, vec"
        f" FROM units{clause}", args
    ).fetchall()
    if not rows:
        return []
    ranks: dict[int, float] = {}
    if query_vec is not None:
        mat = np.stack([np.frombuffer(r[9], dtype=np.float32) for r in rows])
        sims = mat @ np.asarray(query_vec, dtype=np.float32)
        for rank, i in enumerate(np.argsort(-sims, kind="stable")[: max(top * 5, 50)]):
            ranks[rows[i][0]] = ranks.get(rows[i][0], 0.0) + 1.0 / (RRF_K + rank + 1)
    fts = _fts_query(query)
    if fts:
        allowed = {r[0] for r in rows}
        kw = db.execute(
            "SELECT rowid FROM units_fts WHERE units_fts MATCH ? ORDER BY bm25(units_fts) LIMIT ?",
            (fts, max(top * 20, 200)),
        ).fetchall()
        rank = 0
        for (rowid,) in kw:
            if rowid in allowed:
                ranks[rowid] = ranks.get(rowid, 0.0) + 1.0 / (RRF_K + rank + 1)
                rank += 1
    by_id = {r[0]: r for r in rows}
    best = sorted(ranks.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [
        Hit(debate=r[1], unit_id=r[2], comment_id=r[3], text=r[4], author=r[5], role=r[6],
            theme=r[7], stance=r[8], score=round(score, 6))
        for rowid, score in best
        for r in [by_id[rowid]]
    ]
