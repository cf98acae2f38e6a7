"""The shared language of argmap: a thread, its units and relations, and the map.

Every stage reads and returns these frozen dataclasses. A map serialises to one JSON
document (`maps/<debate>.json`) with a `schema_version`, so the app and the exporters
never re-run the pipeline just to show a map.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

__all__ = [
    "SCHEMA_VERSION",
    "STANCES",
    "ROLES",
    "RELATION_KINDS",
    "Quote",
    "Comment",
    "Thread",
    "Unit",
    "Relation",
    "Theme",
    "ArgumentMap",
    "map_to_dict",
    "map_from_dict",
    "write_map",
    "read_map",
    "atomic_write_text",
]

SCHEMA_VERSION = 1

STANCES = ("support", "attack", "neutral")
ROLES = ("claim", "premise", "question", "concession", "meta")
RELATION_KINDS = ("reply", "quote", "support", "attack")


@dataclass(frozen=True)
class Quote:
    """A span of a comment's text that repeats an earlier comment."""

    text: str
    source_comment_id: str | None = None
    source_unit_id: str | None = None


@dataclass(frozen=True)
class Comment:
    """One post in a thread; `stance` is toward its parent (None for a root)."""

    id: str
    text: str
    author: str | None = None
    parent_id: str | None = None
    position: int = 0
    quotes: tuple[Quote, ...] = ()
    created: str | None = None
    stance: str | None = None
    stance_confidence: float | None = None
    parent_confidence: float | None = None
    parent_evidence: str | None = None


@dataclass(frozen=True)
class Thread:
    """A debate as read from a file: comments in reading order."""

    title: str
    source: str
    format: str
    comments: tuple[Comment, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    """An argumentative unit: one occurrence of a statement in one comment."""

    id: str
    comment_id: str
    text: str
    start: int = 0
    end: int = 0
    role: str = "claim"
    theme_id: str | None = None


@dataclass(frozen=True)
class Relation:
    """A directed edge between units, with the evidence that produced it."""

    source: str
    target: str
    kind: str
    confidence: float = 1.0
    evidence: str = ""


@dataclass(frozen=True)
class Theme:
    """A cluster of units with a readable label."""

    id: str
    label: str
    keywords: tuple[str, ...] = ()
    unit_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArgumentMap:
    """The product: a thread with its units, relations, themes and build metadata."""

    thread: Thread
    units: tuple[Unit, ...]
    relations: tuple[Relation, ...]
    themes: tuple[Theme, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.meta.get("debate") or Path(self.thread.source).stem or "debate")

    def comment(self, comment_id: str) -> Comment:
        for c in self.thread.comments:
            if c.id == comment_id:
                return c
        raise KeyError(comment_id)


def map_to_dict(amap: ArgumentMap) -> dict[str, Any]:
    """The JSON document of a map; the top level is flat so scripts can read it."""
    thread = amap.thread
    return {
        "schema_version": SCHEMA_VERSION,
        "title": thread.title,
        "source": thread.source,
        "format": thread.format,
        "notes": list(thread.notes),
        "comments": [asdict(c) for c in thread.comments],
        "units": [asdict(u) for u in amap.units],
        "relations": [asdict(r) for r in amap.relations],
        "themes": [asdict(t) for t in amap.themes],
        "meta": amap.meta,
    }


def _build(cls: type, data: dict[str, Any]) -> Any:
    """Construct a dataclass from a dict, ignoring keys a newer writer added."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def map_from_dict(data: dict[str, Any]) -> ArgumentMap:
    """Inverse of `map_to_dict`; raises ValueError on a document it cannot read."""
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ValueError(
            f"map has schema_version {version!r}, this argmap reads {SCHEMA_VERSION}; "
            "rebuild it with `argmap build`"
        )
    comments = tuple(
        _build(
            Comment,
            {**c, "quotes": tuple(_build(Quote, q) for q in c.get("quotes", ()))},
        )
        for c in data["comments"]
    )
    thread = Thread(
        title=data.get("title", ""),
        source=data.get("source", ""),
        format=data.get("format", ""),
        comments=comments,
        notes=tuple(data.get("notes", ())),
    )
    return ArgumentMap(
        thread=thread,
        units=tuple(_build(Unit, u) for u in data["units"]),
        relations=tuple(_build(Relation, r) for r in data["relations"]),
        themes=tuple(
            _build(Theme, {**t, "keywords": tuple(t["keywords"]), "unit_ids": tuple(t["unit_ids"])})
            for t in data["themes"]
        ),
        meta=dict(data.get("meta", {})),
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temp file beside `path`, then rename: a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a map is for sharing
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_map(amap: ArgumentMap, path: Path) -> None:
    """Write a map's JSON atomically."""
    atomic_write_text(path, json.dumps(map_to_dict(amap), ensure_ascii=False, indent=1))


def read_map(path: Path) -> ArgumentMap:
    """Read a map JSON written by `write_map`."""
    with open(path, encoding="utf-8") as fh:
        return map_from_dict(json.load(fh))
