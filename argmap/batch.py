"""Many threads in one build: plan jobs, skip what is unchanged, run them in parallel.

A job is one thread: a thread file, or one thread of a multi-thread dump (see
`argmap.corpus`). Each job's input hash (its bytes, the settings and argmap's
version and code) is stored in its map's metadata and in the index's `builds` table, so a
rerun skips unchanged threads and an interrupted build resumes where it stopped.
Workers load their models once; one bad thread is reported and never stops the
others. The same `run_job` runs locally, in worker processes, or as Ray tasks,
so every engine writes the same maps.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import argmap
from argmap import engines, store
from argmap.errors import ArgmapError
from argmap.read.decode import DEFAULT_MAX_BYTES
from argmap.settings import Models, Settings

__all__ = ["Job", "Outcome", "plan_jobs", "run_jobs", "run_job", "ENGINES"]

ENGINES = engines.ENGINES


@dataclass(frozen=True)
class Job:
    """One thread to map: a file, or a thread id inside a split dump."""

    name: str
    input_hash: str
    path: Path | None = None
    fmt: str | None = None
    dump_db: Path | None = None
    thread_id: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str  # built | skipped | failed
    reason: str = ""
    seconds: float = 0.0
    units: int = 0


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """argmap's code, page template and fitted model files (the reader's weights, the
    stance model's meta and calibration), hashed: a map built by other code is stale.

    The version number alone missed changes between releases, and a map built while
    an experiment was in the working tree outlived its revert. The large weight files
    are left out: each is saved with its meta.json, which changes with them. About 3 ms.
    """
    return tree_hash(Path(argmap.__file__).resolve().parent)


def tree_hash(root: Path) -> str:
    """The names and bytes of every file under `root` but weights and bytecode."""
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        rel = f.relative_to(root)
        skip = f.suffix in (".safetensors", ".pyc") or "__pycache__" in rel.parts
        if f.is_file() and not skip:
            h.update(rel.as_posix().encode() + b"\0")
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _stance_folder_hash(name: str) -> str:
    """A stance model given as a folder: its meta and calibration, which change with it."""
    folder = Path(name)
    if name in ("minilm", "cues") or not folder.is_dir():
        return ""
    return "".join(hashlib.sha256(f.read_bytes()).hexdigest()
                   for f in (folder / "meta.json", folder / "combiner.json") if f.exists())


def settings_hash(settings: Settings) -> str:
    """What, besides the input, decides a map: settings, argmap's version and code, the
    stance model."""
    blob = json.dumps([settings.describe(), argmap.__version__, code_fingerprint(),
                       _stance_folder_hash(settings.stance_model)], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def job_hash(content: bytes, settings: Settings, fmt: str | None) -> str:
    h = hashlib.sha256(content)
    h.update(f"|{fmt}|{settings_hash(settings)}".encode())
    return h.hexdigest()


def plan_jobs(
    paths: Iterable[Path], out_dir: Path, settings: Settings, *, fmt: str | None = None,
    work_dir: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Job]:
    """Expand files, folders and dumps into one job per thread, in a stable order."""
    from argmap.corpus import is_dump, split_dump
    from argmap.read import thread_files

    jobs: list[Job] = []
    for f in thread_files(list(paths)):
        if fmt is None and is_dump(f):
            db, threads = split_dump(f, work_dir or out_dir)
            for thread_id, digest in threads:
                name = f.stem if len(threads) == 1 else f"{f.stem}--{_safe(thread_id)}"
                jobs.append(Job(name, job_hash(digest.encode(), settings, "dump"),
                                dump_db=db, thread_id=thread_id))
        else:
            # an oversized file is not read just to hash it: its job fails with the limit
            size = f.stat().st_size
            content = f.read_bytes() if size <= max_bytes else f"{f}|{size}".encode()
            jobs.append(Job(f.stem, job_hash(content, settings, fmt), path=f, fmt=fmt,
                            max_bytes=max_bytes))
    seen: dict[str, int] = {}
    for j in jobs:
        seen[j.name] = seen.get(j.name, 0) + 1
    dupes = sorted(n for n, k in seen.items() if k > 1)
    if dupes:
        raise ArgmapError(
            f"two inputs would write the same map name {dupes[0]!r}; rename one of them"
        )
    return jobs


def _safe(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)
    return keep[:80] or "thread"


def is_current(job: Job, out_dir: Path, built: dict[str, str]) -> bool:
    return (built.get(job.name) == job.input_hash
            and store.map_path(out_dir, job.name).exists())


# One Models per worker process, loaded on its first job.
_MODELS: dict[Settings, Models] = {}


def _models_for(settings: Settings) -> Models:
    if settings not in _MODELS:
        _MODELS[settings] = Models(settings)
    return _MODELS[settings]


def run_job(job: Job, out_dir: Path, settings: Settings) -> Outcome:
    """Map one thread; every failure becomes a one-line reason, never an exception."""
    from argmap.pipeline import build_file, build_thread

    t0 = time.perf_counter()
    try:
        models = _models_for(settings)
        if job.path is not None:
            res = build_file(job.path, out_dir, settings, models, fmt=job.fmt,
                             input_hash=job.input_hash, max_bytes=job.max_bytes)
        else:
            from argmap.corpus import load_dump_thread

            thread = load_dump_thread(job.dump_db, job.thread_id, job.name)
            res = build_thread(thread, job.name, out_dir, settings, models,
                               input_hash=job.input_hash)
        record_build(out_dir, job)
    except ArgmapError as exc:
        return Outcome(job.name, "failed", str(exc), time.perf_counter() - t0)
    except Exception as exc:  # a bug on one thread must not stop a corpus build
        return Outcome(job.name, "failed", f"{type(exc).__name__}: {exc}",
                       time.perf_counter() - t0)
    return Outcome(job.name, "built", "", time.perf_counter() - t0, len(res.map.units))


def record_build(out_dir: Path, job: Job) -> None:
    """The job is built: an unchanged rerun skips it (the `builds` table of the store)."""
    store.record_build(out_dir, job.name, job.input_hash)


def run_jobs(
    jobs: list[Job],
    out_dir: Path,
    settings: Settings,
    *,
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
    force: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run every job not already current; outcomes come back in the jobs' order."""
    if store.index_path(out_dir).exists():
        # check, repair and sweep the index once, before any worker writes (argmap.store)
        store.open_writer(out_dir).close()
    built = {} if force else store.built_hashes(out_dir)
    outcomes: dict[str, Outcome] = {}
    todo = []
    for j in jobs:
        if is_current(j, out_dir, built):
            outcomes[j.name] = Outcome(j.name, "skipped", "unchanged")
            if on_done:
                on_done(outcomes[j.name])
        else:
            todo.append(j)

    def done(o: Outcome) -> None:
        outcomes[o.name] = o
        if on_done:
            on_done(o)

    for o in engines.run(engine, run_job, todo, (out_dir, settings), workers=workers,
                         address=address):
        done(o)
    return [outcomes[j.name] for j in jobs]
