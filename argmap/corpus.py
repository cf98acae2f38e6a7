"""Forum dumps: one JSON Lines file of comments from many threads, split by thread.

Dumps come as Reddit comment dumps (`link_id`, `parent_id` with `t1_`/`t3_`
prefixes, `body`), Hacker News items (`parent`, `story_id`, `text`, `by`),
LessWrong comments (`postId`, `parentCommentId`, `contents.markdown`) and X posts as
its v2 API gives them (`conversation_id`, `referenced_tweets`, `author_id`). A dump can be
far larger than memory and its threads interleave, so `split_dump` streams it once
into a SQLite file keyed by thread id; each thread is then read back on its own.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from html import unescape
from pathlib import Path

from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read.jsonfmt import PARENT_KEYS, TIME_KEYS, author_of, first_field, text_of, unwrap
from argmap.read.tree import Record, build_thread, html_to_text

__all__ = ["is_dump", "split_dump", "load_dump_thread", "records_to_thread", "thread_key"]

THREAD_KEYS = ("link_id", "story_id", "postId", "thread_id", "conversation_id")
DUMP_SUFFIXES = (".jsonl", ".ndjson")


def thread_key(record: dict) -> str | None:
    """The thread a dump record belongs to, without Reddit's `t3_` type prefix."""
    for key in THREAD_KEYS:
        value = record.get(key)
        if value not in (None, ""):
            value = str(value)
            return value[3:] if key == "link_id" and value.startswith("t3_") else value
    return None


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            if raw.strip():
                yield n, raw


def is_dump(path: Path) -> bool:
    """A JSON Lines file whose first record names its thread."""
    if path.suffix.lower() not in DUMP_SUFFIXES:
        return False
    for _, raw in _lines(path):
        try:
            record = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return False
        return isinstance(record, dict) and thread_key(record) is not None
    return False


def split_dump(path: Path, work_dir: Path) -> tuple[Path, list[tuple[str, str]]]:
    """Stream a dump into `work_dir`; return the store and (thread id, content digest)s.

    Lines that are not JSON objects with a thread id are counted and reported in the
    error only if nothing usable is left; a dump with a few bad lines still builds.
    """
    stat = path.stat()
    tag = hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    store = work_dir / ".dumps" / f"{path.stem}-{tag.hexdigest()[:12]}.sqlite"
    store.parent.mkdir(parents=True, exist_ok=True)
    tmp = store.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.execute("CREATE TABLE lines (thread TEXT, seq INTEGER, line BLOB)")
    digests: dict[str, hashlib._Hash] = {}
    bad = 0
    batch: list[tuple[str, int, bytes]] = []
    for n, raw in _lines(path):
        try:
            record = json.loads(raw)
            key = thread_key(record) if isinstance(record, dict) else None
        except (ValueError, UnicodeDecodeError):
            key = None
        if key is None:
            bad += 1
            continue
        digests.setdefault(key, hashlib.sha256()).update(raw)
        batch.append((key, n, raw))
        if len(batch) >= 5000:
            db.executemany("INSERT INTO lines VALUES (?, ?, ?)", batch)
            batch.clear()
    db.executemany("INSERT INTO lines VALUES (?, ?, ?)", batch)
    db.execute("CREATE INDEX lines_thread ON lines(thread, seq)")
    db.commit()
    db.close()
    if not digests:
        tmp.unlink(missing_ok=True)
        raise ArgmapError(f"{path}: no comment with a thread id ({', '.join(THREAD_KEYS)})")
    tmp.replace(store)
    return store, sorted((k, h.hexdigest()) for k, h in digests.items())


def load_dump_thread(store: Path, thread_id: str, name: str) -> Thread:
    """Read one thread of a split dump back as a Thread."""
    db = sqlite3.connect(store)
    try:
        rows = db.execute(
            "SELECT line FROM lines WHERE thread=? ORDER BY seq", (thread_id,)
        ).fetchall()
    finally:
        db.close()
    records = [json.loads(r[0]) for r in rows]
    return records_to_thread(records, title=name, source=f"{store.name}#{thread_id}")


def _text(record: dict) -> str:
    """A dump record's text: LessWrong's `contents`, else the JSON reader's body fields."""
    contents = record.get("contents")
    if isinstance(contents, dict) and contents.get("markdown"):
        return str(contents["markdown"])
    if isinstance(contents, dict) and contents.get("html") and not record.get("htmlBody"):
        return html_to_text(str(contents["html"]))
    # HTML bodies (HN, htmlBody) come back parsed; Reddit's Markdown has &gt; and &amp;
    return unescape(text_of(record))


def _parent(record: dict) -> str | None:
    if "parentCommentId" in record:
        return record["parentCommentId"] or None
    value = first_field(record, PARENT_KEYS)
    if value is None or isinstance(value, dict):
        return None
    value = str(value)
    if value.startswith("t3_"):
        return None  # Reddit: a reply to the post itself is a root of the comment tree
    if value.startswith("t1_"):
        return value[3:]
    if record.get("story_id") is not None and value == str(record["story_id"]):
        return None  # Hacker News: a reply to the story is a root comment
    return value


def _created(record: dict) -> str | None:
    """Reddit's `created_utc` before its local `created`, then any time field the JSON
    reader knows (X's `created_at`)."""
    for key in ("created_utc", "time", "postedAt", "created", *TIME_KEYS):
        if record.get(key) not in (None, ""):
            return str(record[key])
    return None


def records_to_thread(records: list[dict], *, title: str, source: str) -> Thread:
    """A thread from one thread's dump records; the shared tree builder repairs it
    (duplicate ids, deleted comments, unknown parents, cycles) and notes what it did."""
    rows = []
    for rec in records:
        rec = unwrap(rec, {})  # an X post names its parent in `referenced_tweets`
        cid = rec.get("id", rec.get("_id", rec.get("name")))
        if cid is None:
            continue
        cid = str(cid)
        rows.append(Record(id=cid[3:] if cid.startswith("t1_") else cid, text=_text(rec),
                           parent=_parent(rec), author=author_of(rec), created=_created(rec)))
    return build_thread(rows, source=source, fmt="dump", title=title)
