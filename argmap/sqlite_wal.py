"""Opening argmap's SQLite files (the embedding cache, the search index) for several writers."""

from __future__ import annotations

import sqlite3
import time

__all__ = ["connect", "is_damaged"]


def is_damaged(exc: sqlite3.Error) -> bool:
    """SQLite says the file is not (or no longer) a sound database: not a busy lock, a full
    disk or a read-only folder, which say nothing about the file itself."""
    name = getattr(exc, "sqlite_errorname", "")
    if name:
        return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB")
    return type(exc) is sqlite3.DatabaseError


def connect(path, *, timeout: float = 30.0, **kwargs) -> sqlite3.Connection:
    """A connection in WAL mode that waits for other writers instead of failing.

    Two builds opening a new file at once both switch it to WAL; SQLite answers the
    loser "database is locked" at once, without waiting on the busy timeout, so the
    switch is retried here for as long as that timeout.
    """
    db = sqlite3.connect(path, timeout=timeout, **kwargs)
    db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return db
        except sqlite3.OperationalError as exc:
            locked = "locked" in str(exc) or "busy" in str(exc)
            if not locked or time.monotonic() > deadline:
                db.close()
                raise
            time.sleep(0.05)
