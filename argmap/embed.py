"""Unit embeddings from a sentence-transformers model, cached in SQLite.

The cache is keyed by (model name, text hash), so a rebuild of an unchanged or
slightly edited thread embeds only what changed. SQLite in WAL mode makes it safe
for two builds at once; a write is one transaction, so an interrupted build leaves
every finished batch in place and nothing half-written.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from argmap.sqlite_wal import connect, is_damaged

__all__ = ["EmbeddingCache", "embed_texts", "text_key"]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """A (model, text hash) -> float32 vector store in one SQLite file."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if not is_damaged(exc):  # busy, disk full, read-only: not the file's fault
                raise
            # A corrupted cache is only lost speed: move it aside and start afresh.
            self.path.replace(self.path.with_suffix(".corrupt"))
            for side in ("-wal", "-shm"):
                Path(f"{self.path}{side}").unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = connect(self.path)
        try:
            db.execute(
                "CREATE TABLE IF NOT EXISTS emb (model TEXT, key TEXT, dim INTEGER, vec BLOB,"
                " PRIMARY KEY (model, key))"
            )
            db.execute("SELECT count(*) FROM emb").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def get_many(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        uniq = list(dict.fromkeys(keys))
        for i in range(0, len(uniq), 500):
            chunk = uniq[i : i + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT key, dim, vec FROM emb WHERE model=? AND key IN ({marks})",
                    [model, *chunk],
                ).fetchall()
            except sqlite3.DatabaseError:
                rows = []  # a damaged page: these texts are simply embedded again
            for key, dim, blob in rows:
                # a damaged row (wrong length, NaN) is a miss: the text is embedded again
                if not isinstance(blob, bytes) or len(blob) != 4 * dim or dim <= 0:
                    continue
                vec = np.frombuffer(blob, dtype=np.float32)
                if np.isfinite(vec).all():
                    found[key] = vec
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        """Store one batch in one transaction: all of it lands, or none of it."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO emb VALUES (?, ?, ?, ?)",
                [(model, k, int(v.shape[0]), v.astype(np.float32).tobytes())
                 for k, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


def embed_texts(
    texts: Sequence[str],
    embedder,
    *,
    model_name: str,
    cache: EmbeddingCache | None = None,
    batch_size: int = 64,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """Normalised embeddings of `texts` (one row each) and how many were computed anew."""
    keys = [text_key(t) for t in texts]
    known = cache.get_many(model_name, keys) if cache else {}
    todo = [k for k in dict.fromkeys(keys) if k not in known]
    text_of = dict(zip(keys, texts, strict=True))
    for i in range(0, len(todo), batch_size * 8):
        chunk = todo[i : i + batch_size * 8]
        vecs = embedder.encode(
            [text_of[k] for k in chunk],
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)
        fresh = dict(zip(chunk, vecs, strict=True))
        known.update(fresh)
        if cache:
            cache.put_many(model_name, fresh)
        if progress:
            progress(min(i + len(chunk), len(todo)), len(todo))
    if known:
        dim = len(next(iter(known.values())))
    else:
        dim = embedder.get_sentence_embedding_dimension()
    if not texts:
        return np.zeros((0, dim or 384), dtype=np.float32), 0
    return np.stack([known[k] for k in keys]), len(todo)
