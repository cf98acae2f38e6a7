"""The one owner of a maps folder: its paths, the search index and what may change it.

A maps folder holds, per debate, `NAME.json` (the map) and `NAME.html` (its page), and
beside them `index.sqlite` (units, vectors, builds, linked claims), `embeddings.sqlite`
(the embedding cache), `claims.json` (`argmap link`) and `uploads/` (the app's inputs).
Every other module asks this one for a path or a connection, so the rules live here:

- The map is written first and indexed last: the index never holds a debate whose
  map is missing. Opening the index to write also drops rows whose map is gone
  (a build killed at the wrong moment, a map deleted by hand) and stale temp files.
- The index is derived data, but rows are never dropped silently. An index of an
  older schema is kept aside as `index.sqlite.schemaN` and rebuilt from the map
  files; a damaged one is moved to `index.sqlite.damaged` and rebuilt, with one
  line on stderr. Vectors come back from the old index, the embedding cache, or
  the model named in each map, in that order.
- A read-only folder can still be searched: readers open the file immutable and
  create nothing.
- A full disk is one `ArgmapError` naming the file, never a traceback.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import numpy as np

from argmap.errors import ArgmapError
from argmap.index import CLOSE_MATCH, Hit, debate_exists, index_map, index_model, search
from argmap.model import ArgumentMap, atomic_write_text, read_map, write_map
from argmap.sqlite_wal import connect, is_damaged

__all__ = [
    "INDEX_NAME", "CACHE_NAME", "CLAIMS_NAME", "UPLOAD_DIR", "SCHEMA",
    "index_path", "cache_path", "claims_path", "map_path", "html_path", "map_files",
    "load_map", "open_index", "open_writer", "open_reader", "embed_model",
    "save_map", "built_hashes", "record_build", "write_claims", "disk_errors",
    "search_maps", "close_hits",
]

INDEX_NAME = "index.sqlite"
CACHE_NAME = "embeddings.sqlite"
CLAIMS_NAME = "claims.json"
UPLOAD_DIR = "uploads"
# Bump when a table changes: an older index is kept aside and rebuilt from the maps.
SCHEMA = 3
_OTHER = "from another argmap version (schema {})"
# A temp file this old belongs to a write that was killed, not to one in progress.
STALE_TMP_SECONDS = 60

_TABLES = """
CREATE TABLE IF NOT EXISTS units (
    rowid INTEGER PRIMARY KEY, debate TEXT, unit_id TEXT, comment_id TEXT,
    author TEXT, text TEXT, role TEXT, theme TEXT, stance TEXT, vec BLOB,
    context TEXT, ntok INTEGER);
CREATE INDEX IF NOT EXISTS units_debate ON units(debate);
CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5(text, content='units',
    content_rowid='rowid', tokenize='porter unicode61');
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS builds (debate TEXT PRIMARY KEY, input_hash TEXT);
CREATE TABLE IF NOT EXISTS claims (claim_id TEXT, debate TEXT, unit_id TEXT,
    rebutted INTEGER, canonical_text TEXT);
CREATE TABLE IF NOT EXISTS corpus_themes (corpus_theme_id TEXT, debate TEXT,
    theme_id TEXT, label TEXT);
"""


# ---- paths ----

def index_path(folder: Path | str) -> Path:
    return Path(folder) / INDEX_NAME


def cache_path(folder: Path | str) -> Path:
    return Path(folder) / CACHE_NAME


def claims_path(folder: Path | str) -> Path:
    return Path(folder) / CLAIMS_NAME


def map_path(folder: Path | str, name: str) -> Path:
    return Path(folder) / f"{name}.json"


def html_path(folder: Path | str, name: str) -> Path:
    return Path(folder) / f"{name}.html"


def map_files(folder: Path | str) -> list[Path]:
    """The map JSON files of `folder`, by name (claims.json is not a map)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.glob("*.json")) if p.name != CLAIMS_NAME]


def load_map(path: Path | str) -> ArgumentMap:
    """A built map, or an ArgmapError that names the file and what is wrong with it."""
    path = Path(path)
    if not path.exists():
        raise ArgmapError(f"{path}: no such map file")
    try:
        return read_map(path)
    except RecursionError as exc:  # a deeply nested JSON thread given where a map belongs
        raise ArgmapError(f"{path}: not an argmap map (JSON nested too deeply to be one); "
                          "build it first with `argmap build`") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        from argmap.escape import term

        raise ArgmapError(f"{path}: not an argmap map ({term(str(exc))[:200]})") from exc
    except OSError as exc:
        raise ArgmapError(f"{path}: cannot read ({exc.strerror or exc})") from exc


# ---- errors ----

def _full(exc: BaseException) -> str:
    """What went wrong writing, when it is the disk: "disk full", "disk I/O error", or ""."""
    if isinstance(exc, OSError):
        return "disk full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL" or "disk is full" in str(exc):
        return "disk full"
    # SQLite in WAL mode often reports a full disk as an I/O error on its -shm or -wal
    return "disk I/O error (is the disk full?)" if name.startswith("SQLITE_IOERR") else ""


@contextmanager
def disk_errors(path: Path | str) -> Iterator[None]:
    """A full disk while writing `path` becomes one line naming the file."""
    try:
        yield
    except (OSError, sqlite3.OperationalError) as exc:
        what = _full(exc)
        if not what:
            raise
        raise ArgmapError(f"{path}: {what}, nothing more could be written; free some "
                          "space (or choose another --out) and build again") from exc


def _say(line: str) -> None:
    print(f"argmap: {line}", file=sys.stderr, flush=True)


# ---- opening ----

def _state(db: sqlite3.Connection) -> tuple[str, int]:
    """("new" | "ok" | "old" | "damaged", user_version) of an open index."""
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "units" in tables:  # cheap reads (a full scan would cost seconds on a big index);
            # damage deeper in the file is found when a search or a build reaches it
            db.execute("SELECT max(rowid) FROM units").fetchone()
            if "meta" in tables:
                db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
    except sqlite3.DatabaseError as exc:
        if not is_damaged(exc):
            raise
        return "damaged", -1
    if "units" not in tables:
        return "new", version
    return ("ok" if version == SCHEMA else "old"), version


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time checks and repairs the index (several builds may start at once)."""
    with open(folder / f".{INDEX_NAME}.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def open_index(path: Path | str, *, sweep: bool = False) -> sqlite3.Connection:
    """Open the index at `path` to write, creating, upgrading or repairing it first.

    An older or damaged index is rebuilt from the maps beside it (see the module
    docstring). With `sweep`, rows of debates whose map is gone and stale temp files
    are removed too: `open_writer` does that for a maps folder.
    """
    path = Path(path)
    folder = path.parent
    with disk_errors(path):
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder):
            db = _open_checked(path)
            try:
                if sweep:
                    _sweep(db, folder)
            except BaseException:
                db.close()
                raise
    return db


def _open_checked(path: Path) -> sqlite3.Connection:
    try:
        db = connect(path, check_same_thread=False)
        state, version = _state(db)
    except sqlite3.DatabaseError as exc:  # "file is not a database" as WAL is switched on
        if not is_damaged(exc):
            raise
        state, version, db = "damaged", -1, None
    if state in ("old", "damaged"):
        if db is not None:
            db.close()
        _rebuild(path, state, version)
        db = connect(path, check_same_thread=False)
    try:
        _create(db)
        if state == "new":
            db.execute(f"PRAGMA user_version={SCHEMA}")
    except BaseException:
        db.close()
        raise
    return db


def _create(db: sqlite3.Connection) -> None:
    """The tables, if missing. A new index's generation counter starts at a fresh number:
    a process that cached the matrix of a file since replaced must not take this one
    for it (argmap.index keys its cache on the path and the generation)."""
    db.executescript(_TABLES)
    with db:
        db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', ?)", (time.time_ns(),))


def open_writer(folder: Path | str) -> sqlite3.Connection:
    """The folder's index, to write: checked, repaired if needed, and swept. A command
    opens it so once when it starts (a build, `link`, an upload); the writes of each
    debate then open it unswept, so a corpus build does not stat every map per thread."""
    return open_index(index_path(folder), sweep=True)


def _writable(folder: Path, path: Path) -> bool:
    return os.access(folder, os.W_OK) and os.access(path, os.W_OK)


def open_reader(folder: Path | str) -> sqlite3.Connection:
    """The folder's index, to read. Nothing in the folder is created or changed, unless
    the index must be repaired (older schema, damaged) and the folder can be written.
    A read-only folder is opened immutable (no WAL, no lock files)."""
    folder = Path(folder)
    path = index_path(folder)
    if not folder.is_dir():
        raise ArgmapError(f"{folder}: no such folder; give the maps folder `argmap build` "
                          "wrote (default maps/)")
    if not path.exists():
        raise ArgmapError(f"{folder}: no search index here; build maps first (argmap build)")
    writable = _writable(folder, path)
    for attempt in range(2):
        if writable:
            db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            db.execute("PRAGMA busy_timeout=30000")
        else:
            uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            state, version = _state(db)
        except BaseException:
            db.close()
            raise
        if state == "ok":
            return db
        db.close()
        what = {"old": _OTHER.format(version), "damaged": "damaged", "new": "empty"}[state]
        if not writable:
            raise ArgmapError(f"{path}: search index {what}, and the folder is read-only, so "
                              "it cannot be rebuilt here; run `argmap build` where it can be "
                              "written")
        if attempt:
            raise ArgmapError(f"{path}: search index {what} even after a rebuild; move it "
                              "away and run `argmap build` again")
        open_writer(folder).close()
    raise AssertionError("unreachable")


def embed_model(folder: Path | str) -> str | None:
    """The embedding model that made the vectors of the folder's index (None: none yet)."""
    db = open_reader(folder)
    try:
        return index_model(db)
    finally:
        db.close()


# ---- keeping the index true to the maps ----

def _delete_debates(db: sqlite3.Connection, debates: list[str]) -> None:
    with db:
        for d in debates:
            old = db.execute("SELECT rowid, text FROM units WHERE debate=?", (d,)).fetchall()
            db.executemany(
                "INSERT INTO units_fts(units_fts, rowid, text) VALUES('delete', ?, ?)", old)
            for table in ("units", "builds", "claims", "corpus_themes"):
                db.execute(f"DELETE FROM {table} WHERE debate=?", (d,))
        db.execute("UPDATE meta SET value = value + 1 WHERE key='generation'")


def _sweep(db: sqlite3.Connection, folder: Path) -> None:
    """Drop rows of debates whose map file is gone; remove temp files of killed writes."""
    debates = [r[0] for r in db.execute("SELECT DISTINCT debate FROM units")]
    gone = [d for d in debates if not map_path(folder, d).exists()]
    if gone:
        _delete_debates(db, gone)
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        try:
            if now - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()
        except OSError:
            pass


def _aside(path: Path, state: str, version: int) -> Path:
    kind = state if state in ("damaged", "model") else f"schema{version}"
    return path.with_name(f"{path.name}.{kind}")


def _old_rows(path: Path) -> tuple[dict, dict[str, list[tuple]], str | None]:
    """What a readable old index still holds: vectors by (debate, unit), side tables, model."""
    vectors: dict[tuple[str, str], tuple[str, bytes]] = {}
    tables: dict[str, list[tuple]] = {}
    model = None
    try:
        old = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    except sqlite3.Error:
        return vectors, tables, model
    try:
        for d, u, t, v in old.execute("SELECT debate, unit_id, text, vec FROM units"):
            vectors[(d, u)] = (t, v)
    except sqlite3.Error:
        pass
    for table, cols in (("builds", 2), ("claims", 5), ("corpus_themes", 4)):
        try:
            tables[table] = [r[:cols] for r in old.execute(f"SELECT * FROM {table}")]
        except sqlite3.Error:
            pass
    try:
        row = old.execute("SELECT value FROM meta WHERE key='embed_model'").fetchone()
        model = str(row[0]) if row and row[0] else None
    except sqlite3.Error:
        pass
    old.close()
    return vectors, tables, model


def _map_model(amap: ArgumentMap) -> str:
    from argmap.settings import BUNDLED_EMBEDDER

    return (amap.meta.get("settings") or {}).get("embed_model") or BUNDLED_EMBEDDER


def _vectors(amap: ArgumentMap, model: str, old: dict, folder: Path) -> np.ndarray:
    """The map's unit vectors: from the old index where the text still matches, else the
    embedding cache, else the model itself (and then they are cached)."""
    found: dict[int, np.ndarray] = {}
    for i, u in enumerate(amap.units):
        hit = old.get((amap.name, u.id))
        if hit and hit[0] == u.text and isinstance(hit[1], bytes) and len(hit[1]) % 4 == 0:
            found[i] = np.frombuffer(hit[1], dtype=np.float32)
    todo = [i for i in range(len(amap.units)) if i not in found]
    if todo:
        from argmap.embed import EmbeddingCache, embed_texts
        from argmap.settings import cache_key

        cache = EmbeddingCache(cache_path(folder))
        try:
            vecs, _ = embed_texts([amap.units[i].text for i in todo], _Lazy(model),
                                  model_name=cache_key(model, "fp32"), cache=cache)
        finally:
            cache.close()
        found.update(zip(todo, vecs, strict=True))
    return np.stack([found[i] for i in range(len(amap.units))])


class _Lazy:
    """An embedder loaded only if the cache misses (most rebuilds never load one)."""

    def __init__(self, model: str):
        self.model = model

    def encode(self, texts, **kwargs):
        from argmap.query_embed import encoder_for

        return encoder_for(self.model).encode(texts, **kwargs)


def _rebuild(path: Path, state: str, version: int, model: str | None = None) -> None:
    """Rebuild the index at `path` from the maps beside it; the old file is kept aside.

    The new index is written to a temp file and renamed into place, so a rebuild killed
    half-way leaves the old index where it was. The vectors are the old index's model's
    (reused where a unit's text is unchanged); with `model` (state "model"), every map
    is embedded anew by that model instead.
    """
    folder = path.parent
    vectors, tables, old_model = _old_rows(path) if state in ("old", "model") else ({}, {}, None)
    if state == "model":
        vectors = {}  # another model's vectors: not comparable with the new ones
    else:
        model = old_model
    maps, unreadable = [], 0
    for p in map_files(folder):
        try:
            maps.append(load_map(p))
        except ArgmapError:
            unreadable += 1
    maps = [m for m in maps if m.units]
    if model is None:
        counts = Counter(_map_model(m) for m in maps)
        model = counts.most_common(1)[0][0] if counts else None
    # a map of another model (built before the index changed model) is embedded anew by
    # this one, so a rebuilt index keeps every debate
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    new = sqlite3.connect(tmp)
    try:
        with disk_errors(tmp):
            _create(new)
            new.execute(f"PRAGMA user_version={SCHEMA}")
            for amap in maps:
                index_map(new, amap, _vectors(amap, model, vectors, folder), model=model)
            names = {m.name for m in maps}
            builds = tables.get("builds") or [
                (m.name, m.meta["input_hash"]) for m in maps if m.meta.get("input_hash")]
            claims = tables.get("claims") or _claims_rows(folder)
            with new:
                new.executemany("INSERT OR REPLACE INTO builds VALUES (?, ?)",
                                [r for r in builds if r[0] in names])
                new.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?)",
                                [r for r in claims if r[1] in names])
                new.executemany("INSERT INTO corpus_themes VALUES (?, ?, ?, ?)",
                                [r for r in tables.get("corpus_themes", []) if r[1] in names])
        new.close()
        aside = _aside(path, state, version)
        with disk_errors(aside):
            aside.unlink(missing_ok=True)
            try:
                os.link(path, aside)
            except OSError:
                os.replace(path, aside)
        for side in ("-wal", "-shm"):  # a log of the old file must never replay on the new
            Path(f"{path}{side}").unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        new.close()
        tmp.unlink(missing_ok=True)
        raise
    what = {"damaged": "damaged",
            "model": f"of embedding model {old_model!r}"}.get(state, _OTHER.format(version))
    notes = [f"{unreadable} unreadable map file(s) skipped"] if unreadable else []
    _say(f"{path}: search index {what}: kept as {aside.name} and rebuilt from "
         f"{len(maps)} map(s)" + (f", embedded anew by {model!r}" if state == "model" else "")
         + "".join(f"; {n}" for n in notes))


def _claims_rows(folder: Path) -> list[tuple]:
    """The claims table as `argmap link` last wrote it to claims.json."""
    try:
        data = json.loads(claims_path(folder).read_text(encoding="utf-8"))
        return [(c["id"], o["debate"], o["unit_id"], int(bool(o["rebutted"])), c["text"])
                for c in data for o in c["occurrences"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _guarded(folder: Path, db_open: Callable[[], sqlite3.Connection],
             work: Callable[[sqlite3.Connection], object]) -> object:
    """Run `work` on a fresh connection; if SQLite finds the file damaged only now (a
    truncated file opens fine), repair the index once and run it again."""
    for attempt in range(2):
        db = db_open()
        try:
            return work(db)
        except sqlite3.DatabaseError as exc:
            path = index_path(folder)
            if not is_damaged(exc) or attempt:
                raise
            if not _writable(folder, path):
                raise ArgmapError(f"{path}: search index damaged ({exc}), and the folder is "
                                  "read-only, so it cannot be rebuilt here") from exc
        finally:
            db.close()
        with _locked(folder):
            _rebuild(index_path(folder), "damaged", -1)
    raise AssertionError("unreachable")


# ---- writing ----

def save_map(folder: Path | str, amap: ArgumentMap, vectors: np.ndarray,
             page: str) -> tuple[Path, Path]:
    """Write the map's page and JSON, then index it: never an indexed debate without a map."""
    folder = Path(folder)
    json_file, html_file = map_path(folder, amap.name), html_path(folder, amap.name)
    with disk_errors(html_file):
        atomic_write_text(html_file, page)
    with disk_errors(json_file):
        write_map(amap, json_file)

    def work(db: sqlite3.Connection) -> None:
        with disk_errors(index_path(folder)):
            index_map(db, amap, vectors)

    _reembed_if_needed(folder, amap)
    _guarded(folder, lambda: open_index(index_path(folder)), work)
    return json_file, html_file


def _reembed_if_needed(folder: Path, amap: ArgumentMap) -> None:
    """An index holds one model's vectors. When a map of another model joins an index
    that holds other debates (argmap's default embedder changed, or `--embed-model`),
    the index is rebuilt from every map with the new model, so search keeps every debate
    instead of refusing the build."""
    path, model = index_path(folder), _map_model(amap)
    if not path.exists():
        return
    db = open_index(path)
    try:
        known = index_model(db)
        others = db.execute("SELECT 1 FROM units WHERE debate<>? LIMIT 1",
                            (amap.name,)).fetchone()
    finally:
        db.close()
    if known and known != model and others:
        with _locked(folder), disk_errors(path):
            _rebuild(path, "model", SCHEMA, model=model)


def built_hashes(folder: Path | str) -> dict[str, str]:
    """Debate -> input hash of its last finished build (empty when nothing is built)."""
    if not index_path(folder).exists():
        return {}
    return _guarded(Path(folder), lambda: open_index(index_path(folder)), lambda db: dict(
        db.execute("SELECT debate, input_hash FROM builds").fetchall()))


def record_build(folder: Path | str, name: str, input_hash: str) -> None:
    """Note that `name` is built from `input_hash`, so an unchanged rerun skips it."""
    def work(db: sqlite3.Connection) -> None:
        with disk_errors(index_path(folder)), db:
            db.execute("INSERT OR REPLACE INTO builds VALUES (?, ?)", (name, input_hash))

    _guarded(Path(folder), lambda: open_index(index_path(folder)), work)


def write_claims(folder: Path | str, claims: list[dict]) -> Path:
    """Write claims.json (`argmap link`'s canonical claims with their occurrences)."""
    path = claims_path(folder)
    with disk_errors(path):
        atomic_write_text(path, json.dumps(claims, ensure_ascii=False, indent=1))
    return path


# ---- reading ----

def search_maps(
    folder: Path | str,
    query: str,
    *,
    top: int = 10,
    debate: str | None = None,
    role: str | None = None,
    theme: str | None = None,
    stance: str | None = None,
    mode: str = "fused",
    rerank: bool = False,
) -> list[Hit]:
    """The search both front ends run: the best `top` units of every map in `folder`.

    The query is embedded by the model that made the index's vectors; with `rerank`,
    the shipped cross-encoder then orders the fused top 50 (`argmap.rerank`). It is off
    by default: it was trained over the bundled MiniLM's lists and ranks the points
    model's worse, it helped only within one debate even there, and it triples the
    answer time (docs/search.md). A hit
    whose map file is gone is left out (a read-only folder cannot be swept).
    """
    from argmap.query_embed import embed_query
    from argmap.rerank import default_reranker

    folder = Path(folder)
    if not query.strip():
        raise ArgmapError("search: the query is empty; give some words to look for")

    def work(db: sqlite3.Connection) -> list[Hit]:
        if debate and not debate_exists(db, debate):
            raise ArgmapError(f"--debate {debate}: no such debate in {folder}")
        return search(db, query, embed_query(db, query), top=top, debate=debate, role=role,
                      theme=theme, stance=stance, mode=mode,
                      rerank=default_reranker() if rerank else None)

    hits = _guarded(folder, lambda: open_reader(folder), work)
    return [h for h in hits if map_path(folder, h.debate).exists()]


def close_hits(hits: list[Hit]) -> list[Hit]:
    """The hits both front ends list: the close matches, or when there is none, every hit
    (and they say so), so a query with nothing near still shows the nearest units."""
    return [h for h in hits if h.similarity >= CLOSE_MATCH] or hits
