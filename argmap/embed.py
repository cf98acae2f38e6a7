"""Unit embeddings from a sentence-transformers model, cached in SQLite.

The cache is keyed by (model name, text hash), so a rebuild of an unchanged or
slightly edited thread embeds only what changed. SQLite in WAL mode makes it safe
for two builds at once; a write is one transaction, so an interrupted build leaves
every finished batch in place and nothing half-written.

Within one process a memo (model name, text hash) -> vector sits in front of the
cache, so a text is encoded once per process even when two builds write to different
caches (a corpus, the test session) or none is given; `clear_memo()` empties it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from argmap.sqlite_wal import connect, is_damaged

__all__ = ["EmbeddingCache", "embed_texts", "encode_batched", "text_key", "clear_memo",
           "MEMO_LIMIT", "TOKEN_BUDGET"]

# Padded tokens one batch of the encoder may hold. sentence-transformers sorts a call's
# texts by characters and cuts batches of a fixed count, so a batch holding one long
# unit pads 63 short ones to its length: on a real 200-comment Reddit thread's 534
# units, 1.7x the real tokens at batch 64. Batches cut by a token budget instead encode
# the same units 1.7-2x faster on 2 fp32 cores (512-2,048 tokens all within noise of
# each other), with vectors equal to 2e-7 (bench/notes.md).
TOKEN_BUDGET = 1024

# Vectors already computed in this process, by (model name, text key). At 384 floats a
# vector, 50,000 entries are ~77 MB; past that the memo is simply emptied (a miss only
# costs an encode or a cache read).
MEMO_LIMIT = 50_000
_MEMO: dict[tuple[str, str], np.ndarray] = {}


def clear_memo() -> None:
    """Forget every vector computed in this process (tests that count encodes need it)."""
    _MEMO.clear()


def _remember(model: str, items: dict[str, np.ndarray]) -> None:
    if len(items) > MEMO_LIMIT:
        return
    if len(_MEMO) + len(items) > MEMO_LIMIT:
        _MEMO.clear()
    for k, v in items.items():
        v = np.array(v, dtype=np.float32)  # our own read-only copy: callers cannot change it
        v.setflags(write=False)
        _MEMO[(model, k)] = v


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


def encode_batched(embedder, texts: Sequence[str], batch_size: int = 64,
                   token_budget: int = TOKEN_BUDGET) -> np.ndarray:
    """Normalised vectors of `texts`, batched by token count rather than by text count.

    Longest first, each batch takes as many texts (at most `batch_size`) as fit in
    `token_budget` padded tokens, so short texts are never padded to a long one's
    length. An embedder without a tokenizer is asked to batch by itself.
    """
    tokenizer = getattr(embedder, "tokenizer", None)

    def run(batch: list[str]) -> np.ndarray:
        return np.asarray(embedder.encode(
            batch, batch_size=max(1, min(batch_size, len(batch))), normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        ), dtype=np.float32)

    texts = list(texts)
    if tokenizer is None or len(texts) < 2:
        return run(texts)
    limit = getattr(embedder, "max_seq_length", None) or 512
    # Counted on each text's first characters only (a word piece averages about four), so
    # a unit of a megabyte is not tokenized whole just to be counted; a count that comes
    # out short only costs padding, never a different vector.
    lengths = [len(ids) for ids in tokenizer([t[: limit * 12] for t in texts], truncation=True,
                                             max_length=limit)["input_ids"]]
    order = sorted(range(len(texts)), key=lambda i: -lengths[i])
    out: np.ndarray | None = None
    start = 0
    while start < len(order):
        take = max(1, min(batch_size, token_budget // max(lengths[order[start]], 1)))
        idx = order[start : start + take]
        vecs = run([texts[i] for i in idx])
        if out is None:
            out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
        out[idx] = vecs
        start += take
    assert out is not None
    return out


def embed_texts(
    texts: Sequence[str],
    embedder,
    *,
    model_name: str,
    cache: EmbeddingCache | None = None,
    batch_size: int = 64,
    chunk: int = 512,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """Normalised embeddings of `texts` (one row each) and how many were computed anew.

    A text is looked up in the cache, then in this process's memo, and only then
    encoded; each distinct text is encoded at most once per call. Vectors the memo
    supplies are written to the cache too, so the cache stays complete for a later run.
    Texts go to the model `chunk` at a time (each chunk is stored when done, so an
    interrupted build keeps it); within a chunk, batches of at most `batch_size` texts
    are cut by token count (`encode_batched`).
    """
    keys = [text_key(t) for t in texts]
    uniq = list(dict.fromkeys(keys))
    known = cache.get_many(model_name, uniq) if cache else {}
    # .get, not `in` then [ ]: another thread (the app) may empty the memo in between
    from_memo = {k: v for k in uniq if k not in known
                 and (v := _MEMO.get((model_name, k))) is not None}
    if from_memo and cache:
        cache.put_many(model_name, from_memo)
    known.update(from_memo)
    _remember(model_name, {k: v for k, v in known.items() if (model_name, k) not in _MEMO})
    todo = [k for k in uniq if k not in known]
    text_of = dict(zip(keys, texts, strict=True))
    for i in range(0, len(todo), chunk):
        part = todo[i : i + chunk]
        vecs = encode_batched(embedder, [text_of[k] for k in part], batch_size)
        fresh = dict(zip(part, vecs, strict=True))
        known.update(fresh)
        _remember(model_name, fresh)
        if cache:
            cache.put_many(model_name, fresh)
        if progress:
            progress(min(i + len(part), len(todo)), len(todo))
    if known:
        dim = len(next(iter(known.values())))
    else:
        # sentence-transformers 6 renamed the method and warns on the old name
        dim = (getattr(embedder, "get_embedding_dimension", None)
               or embedder.get_sentence_embedding_dimension)()
    if not texts:
        return np.zeros((0, dim or 384), dtype=np.float32), 0
    return np.stack([known[k] for k in keys]), len(todo)
