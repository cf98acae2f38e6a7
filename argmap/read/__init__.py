"""Readers: one module per input format, each turning a file into a `Thread`.

`read_thread` is the one entry point: it checks the file, decodes it, picks the
format (or takes the one the user named) and hands the text to that reader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read.decode import DEFAULT_MAX_BYTES, clean_thread, decode_bytes
from argmap.read.detect import READERS, detect_format

__all__ = [
    "read_thread", "read_text", "thread_files", "READERS", "FORMATS", "DEFAULT_MAX_BYTES",
]

FORMATS = tuple(READERS)

THREAD_SUFFIXES = (".txt", ".md", ".markdown", ".json", ".jsonl", ".ndjson", ".html", ".htm",
                   ".csv", ".tsv", ".vtt", ".srt")


def read_text(
    text: str, *, source: str = "<text>", fmt: str | None = None, embedder: Any | None = None
) -> Thread:
    """Parse already-decoded text as a thread (used by the app's paste box).

    `embedder` (a sentence-transformers model, or a function returning one so it is
    loaded only when needed) is optional: with it, the plain text reader also uses
    topic shifts to find comment boundaries; without it, rules only.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ArgmapError(f"{source}: the thread is empty (no text to map)")
    try:
        fmt = fmt or detect_format(text, source)
        if fmt not in READERS:
            raise ArgmapError(
                f"{source}: unknown format {fmt!r}; choose one of {', '.join(READERS)}"
            )
        return clean_thread(READERS[fmt](text, source, embedder=embedder))
    except RecursionError as exc:  # JSON nested deeper than Python's parser allows
        how = f" as {fmt}" if fmt else ""
        raise ArgmapError(
            f"{source}: the thread nests too deeply to read{how} (thousands of levels); "
            "flatten it or export it as JSONL with parent ids"
        ) from exc


def read_thread(
    path: Path | str,
    *,
    fmt: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    embedder: Any | None = None,
) -> Thread:
    """Read one thread file; every failure is an ArgmapError naming the file."""
    path = Path(path)
    if not path.exists():
        raise ArgmapError(f"{path}: no such file")
    if path.is_dir():
        raise ArgmapError(f"{path}: is a folder, not a thread file")
    size = path.stat().st_size
    if size > max_bytes:
        raise ArgmapError(
            f"{path}: file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
            "(raise it with --max-mb)"
        )
    data = path.read_bytes()
    text = decode_bytes(data, str(path))
    return read_text(text, source=str(path), fmt=fmt, embedder=embedder)


def _our_page(f: Path) -> bool:
    """A map argmap wrote into this folder (its page, or its JSON, which opens on
    "schema_version"): built from a thread, not one. A folder built into itself
    would otherwise read its own maps back as threads."""
    if f.suffix.lower() not in (".html", ".htm", ".json"):
        return False
    from argmap.read.html import is_argmap_page

    with open(f, "rb") as fh:
        head = fh.read(2000).decode("utf-8", "replace")
    if f.suffix.lower() == ".json":
        return re.match(r'\s*\{\s*"schema_version"', head) is not None
    return is_argmap_page(head)


def thread_files(paths: list[Path]) -> list[Path]:
    """Expand files and folders into the thread files to build, in a stable order."""
    found: list[Path] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise ArgmapError(f"{p}: no such file or folder")
        if p.is_dir():
            inside = sorted(
                f for f in p.iterdir() if f.is_file() and f.suffix.lower() in THREAD_SUFFIXES
                and f.name.lower() != "readme.md" and not _our_page(f)
            )
            if not inside:
                raise ArgmapError(
                    f"{p}: no thread files in this folder (looked for {', '.join(THREAD_SUFFIXES)})"
                )
            found.extend(inside)
        else:
            found.append(p)
    return found
