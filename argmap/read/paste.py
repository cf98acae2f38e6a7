"""A plain-text paste as people make it: copied from a forum page, furniture and all.

A copy of a thread page brings the page's buttons, counters and times ("Reply",
"3 points · 5 hours ago") as lines of their own, and often each author's name on a
line before the comment. The buttons and counters are left out (a note says how many
lines went); names alone on a line open comments by their authors, as Markdown author
lines do. What remains is read by the plain-text reader (`argmap.read.text`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read import cues, markdown
from argmap.read import text as text_reader
from argmap.words import shorten

__all__ = ["read", "name_lines"]

# A user name alone on a line, as a copied forum page shows it: Reddit-style names with
# "_" or digits, or a "u/" prefix (a lone ordinary word may be a reply: "Exactly").
_NAME_LINE = re.compile(r"^(?:/?u/[\w-]{3,30}|(?=[\w-]*[_\d])[A-Za-z][\w-]{2,29})$")


def name_lines(lines: list[str]) -> set[int]:
    """The lines that name authors, when a paste has them: at least three, two people or
    more, and each followed by something said (not another name, not the end)."""
    found = {i for i, ln in enumerate(lines) if _NAME_LINE.match(ln)}
    if len(found) < 3 or len({lines[i] for i in found}) < 2:
        return set()
    if any(i + 1 >= len(lines) or i + 1 in found for i in found):
        return set()
    return found


def read(text: str, source: str, embedder: Any | None = None, mode: str = "auto") -> Thread:
    """Read a plain-text paste: page furniture out, author lines in, then the reader."""
    lines = text_reader.paragraphs(text)
    if not lines:
        raise ArgmapError(f"{source}: the thread is empty (no text to map)")
    shown = [cues.page_furniture(ln, numbers=False) for ln in lines]
    furniture = [ln for ln, f in zip(lines, shown, strict=True) if f]
    if len(furniture) == len(lines):
        furniture = []  # nothing else to read: keep it all, the reader says what it finds
    elif furniture:
        lines = [ln for ln, f in zip(lines, shown, strict=True) if not f]
    said = ([f"left out {len(furniture)} line(s) of page furniture (buttons, counters, "
             f"times: {shorten(', '.join(repr(f) for f in dict.fromkeys(furniture)), 80)})"]
            if furniture else [])
    named = name_lines(lines)
    if named:
        md = "\n\n".join(f"**{ln.removeprefix('/').removeprefix('u/')}**:" if i in named
                         else ln for i, ln in enumerate(lines))
        thread = markdown.read(md, source, embedder)
        return replace(thread, format="text", title=Path(source).stem,
                       notes=(*said, f"{len(named)} author lines open comments", *thread.notes))
    if not furniture:
        return text_reader.read(text, source, embedder, mode)
    thread = text_reader.read("\n".join(lines), source, embedder, mode)
    return replace(thread, notes=(*said, *thread.notes))
