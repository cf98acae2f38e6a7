"""The app's plain-data helpers: list built maps, filter a map, describe a unit, build an upload.

Kept out of `app.py` so the Streamlit script only lays out widgets, and so these
functions can be tested without a browser. Nothing here imports Streamlit.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import networkx as nx

from argmap import analytics, store
from argmap.analytics import is_uncertain_stance, theme_points
from argmap.errors import ArgmapError
from argmap.escape import md as md_escape  # the app's one escaper, re-exported
from argmap.escape import md_quote
from argmap.model import ArgumentMap, Relation, Unit

__all__ = [
    "DebateInfo",
    "list_debates",
    "filter_map",
    "neighbourhood",
    "unit_details",
    "unit_authors",
    "theme_table",
    "theme_points",
    "authors_of",
    "md_escape",
    "md_quote",
    "upload_name",
    "build_upload",
    "UPLOAD_DIR",
    "STANDING",
    "crux_view",
]

# What each grounded label means to a reader of the unit page.
STANDING = {label: analytics.label_sentence(label) for label in analytics.LABEL_WORDS}

UPLOAD_DIR = store.UPLOAD_DIR


@dataclass(frozen=True)
class DebateInfo:
    """One built map as the sidebar lists it, read from the map's JSON."""

    name: str
    title: str
    comments: int
    units: int
    built: str
    path: Path


def _info(path: Path) -> DebateInfo | None:
    """Summarise one map file; None when it is not a readable argmap map."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        meta = data.get("meta") or {}
        return DebateInfo(
            name=path.stem,
            title=str(data.get("title") or path.stem),
            comments=len(data["comments"]),
            units=len(data["units"]),
            built=str(meta.get("built_at", ""))[:16].replace("T", " "),
            path=path,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def list_debates(folder: Path) -> list[DebateInfo]:
    """Every readable map in `folder`, by name; unreadable files are skipped."""
    return [i for p in store.map_files(folder) if (i := _info(p))]


def authors_of(amap: ArgumentMap) -> list[str]:
    """The known authors of a map, sorted; unknown authors are left out."""
    return sorted({c.author for c in amap.thread.comments if c.author})


def neighbourhood(relations: tuple[Relation, ...], centre: str, hops: int) -> set[str]:
    """Units within `hops` edges of `centre`, ignoring edge direction."""
    g = nx.Graph()
    g.add_node(centre)
    g.add_edges_from((r.source, r.target) for r in relations)
    return set(nx.single_source_shortest_path_length(g, centre, cutoff=hops))


def filter_map(
    amap: ArgumentMap,
    *,
    themes: tuple[str, ...] = (),
    roles: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    authors: tuple[str, ...] = (),
    min_confidence: float = 0.0,
    only_units: frozenset[str] | None = None,
    focus: str | None = None,
    hops: int = 1,
) -> ArgumentMap:
    """The sub-map a user asked for: an empty filter keeps everything of that kind.

    Units are kept by theme id, role, author and `only_units`; relations by kind and
    confidence, and only between kept units. A focus then keeps the focus unit's
    neighbourhood in what remains, so a user sees what answers it and what it answers.
    """
    author = {c.id: c.author for c in amap.thread.comments}

    def keep(u: Unit) -> bool:
        return (
            (not themes or u.theme_id in themes)
            and (not roles or u.role in roles)
            and (not authors or author.get(u.comment_id) in authors)
            and (only_units is None or u.id in only_units)
        )

    units = [u for u in amap.units if keep(u) or u.id == focus]
    ids = {u.id for u in units}
    relations = tuple(
        r for r in amap.relations
        if r.source in ids and r.target in ids
        and (not kinds or r.kind in kinds) and r.confidence >= min_confidence
    )
    if focus and focus in ids:
        near = neighbourhood(relations, focus, hops)
        units = [u for u in units if u.id in near]
        relations = tuple(r for r in relations if r.source in near and r.target in near)
    kept = {u.id for u in units}
    themes_left = tuple(
        replace(t, unit_ids=tuple(i for i in t.unit_ids if i in kept))
        for t in amap.themes
    )
    return replace(
        amap, units=tuple(units), relations=relations,
        themes=tuple(t for t in themes_left if t.unit_ids),
    )


def crux_view(amap: ArgumentMap, crux_ids: list[str]) -> frozenset[str]:
    """The cruxes with the units that attack or support them directly: what makes them cruxes."""
    keep = set(crux_ids)
    for r in amap.relations:
        if r.kind in ("attack", "support") and r.target in crux_ids:
            keep.add(r.source)
    return frozenset(keep)


def unit_authors(amap: ArgumentMap) -> dict[str, str]:
    """Unit id -> the author of its comment: people, not unit ids. A comment nobody
    signed is named by its own id ("c3", as the reading evidence names it), which
    tells two of them apart where "unknown" on every unit of a paste did not."""
    authors = {c.id: c.author for c in amap.thread.comments}
    return {u.id: authors.get(u.comment_id) or u.comment_id for u in amap.units}


def unit_details(amap: ArgumentMap, unit_id: str) -> dict[str, Any]:
    """Everything the unit page shows: its text and comment, and the edges in and out."""
    units = {u.id: u for u in amap.units}
    if unit_id not in units:
        raise KeyError(unit_id)
    u = units[unit_id]
    comment = amap.comment(u.comment_id)
    theme = next((t.label for t in amap.themes if t.id == u.theme_id), None)

    def _across(r: Relation) -> bool:  # a reply's stance, not a premise inside one comment
        a, b = units.get(r.source), units.get(r.target)
        return bool(a and b and a.comment_id != b.comment_id)

    who = unit_authors(amap)

    def edge(r: Relation, other: str) -> dict[str, Any]:
        o = units.get(other)
        return {
            "kind": r.kind, "confidence": r.confidence, "evidence": r.evidence,
            "uncertain": _across(r) and is_uncertain_stance(r.kind, r.confidence),
            "unit": other, "text": o.text if o else "", "role": o.role if o else "",
            "author": who.get(other, "unknown"),
        }

    return {
        "unit": u,
        "comment": comment,
        "author": comment.author or "unknown",
        "theme": theme or "no theme",
        "stance": (comment.stance or "-") + (
            f" (uncertain, {comment.stance_confidence or 0:.2f})"
            if is_uncertain_stance(comment.stance, comment.stance_confidence) else ""),
        "answers": [edge(r, r.target) for r in amap.relations if r.source == unit_id],
        "answered_by": [edge(r, r.source) for r in amap.relations if r.target == unit_id],
    }


def theme_table(
    amap: ArgumentMap, labels: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """One row per theme: its size, keywords, the stance mix of its units' comments and,
    given grounded `labels`, how many of its units stand, are rebutted or undecided."""
    stance = {c.id: c.stance or "neutral" for c in amap.thread.comments}
    units = {u.id: u for u in amap.units}
    rows = []
    for t in amap.themes:
        mix = Counter(stance.get(units[i].comment_id, "neutral") for i in t.unit_ids if i in units)
        rows.append({
            "id": t.id, "theme": t.label, "units": len(t.unit_ids),
            "support": mix.get("support", 0), "attack": mix.get("attack", 0),
            "neutral": mix.get("neutral", 0),
        })
        if labels is not None:
            held = Counter(labels.get(i, "in") for i in t.unit_ids)
            rows[-1].update(stands=held["in"], rebutted=held["out"], undecided=held["undecided"])
        rows[-1]["keywords"] = ", ".join(t.keywords)
    return rows


def upload_name(filename: str, taken: set[str]) -> str:
    """A safe debate name from an upload's file name that never replaces a built map."""
    stem = Path(filename or "pasted").stem
    slug = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()[:60] or "debate"
    name, n = slug, 2
    while name in taken:
        name, n = f"{slug}-{n}", n + 1
    return name


def same_upload(out_dir: Path, data: bytes) -> Path | None:
    """A kept upload with exactly these bytes whose map still exists, or None."""
    folder = Path(out_dir) / UPLOAD_DIR
    if not folder.is_dir():
        return None
    for kept in sorted(folder.iterdir()):
        if (kept.is_file() and kept.stat().st_size == len(data)
                and store.map_path(out_dir, kept.stem).exists()
                and kept.read_bytes() == data):
            return kept
    return None


def build_upload(
    data: bytes,
    filename: str,
    out_dir: Path,
    settings: Any,
    models: Any,
    *,
    fmt: str | None = None,
    progress: Any = None,
) -> Any:
    """Build a map from uploaded or pasted bytes into `out_dir` under a fresh name.

    The bytes are kept under `out_dir/uploads/` (the map's source) with a name no
    built map has, then built with `build_file`, which reads before it writes, writes
    the map atomically and adds it to the search index. If the build fails, the kept
    copy is removed again, so a bad file leaves `out_dir` as it was; the error names
    the user's file, not our copy.
    """
    from argmap.pipeline import build_file

    out_dir = Path(out_dir)
    if out_dir.is_dir() and store.index_path(out_dir).exists():
        store.open_writer(out_dir).close()  # sweep rows of maps gone since the last build
    again = same_upload(out_dir, data)
    if again is not None:
        # the same thread uploaded again: rebuild its map in place, never a second copy
        return build_file(again, out_dir, settings, models, fmt=fmt, progress=progress)
    taken = {p.stem for p in store.map_files(out_dir)} | {Path(store.CLAIMS_NAME).stem}
    taken |= {p.stem for p in (out_dir / UPLOAD_DIR).glob("*")} if out_dir.is_dir() else set()
    name = upload_name(filename, taken)
    suffix = Path(filename or "").suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,10}", suffix):
        suffix = ".txt"
    folder = out_dir / UPLOAD_DIR
    made_out, made_folder = not out_dir.exists(), not folder.exists()
    kept = folder / f"{name}{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(data)
    try:
        return build_file(kept, out_dir, settings, models, fmt=fmt, progress=progress)
    except BaseException as exc:
        kept.unlink(missing_ok=True)
        if made_folder:
            shutil.rmtree(folder, ignore_errors=True)
        if made_out and not any(out_dir.iterdir()):
            out_dir.rmdir()
        if isinstance(exc, ArgmapError):
            raise ArgmapError(str(exc).replace(str(kept), filename or "pasted text")) from exc
        raise


def claim_elsewhere(folder: Path, debate: str, unit_id: str):
    """The canonical claim this unit is one occurrence of, once `argmap link` has run."""
    from argmap.link import claims_for

    try:
        db = store.open_reader(folder)
    except ArgmapError:
        return None
    try:
        return claims_for(db, [(debate, unit_id)]).get((debate, unit_id))
    finally:
        db.close()

