"""A plain-text paste as people make it: copied from a forum page, furniture and all.

A copy of a thread page brings the page's buttons, counters and times ("Reply",
"3 points · 5 hours ago") as lines of their own, and a header line before each comment:
the author's name alone (new Reddit), or a name, a time and links ("jsmith 5 hours ago
| parent | next [–]" on Hacker News). The buttons and counters are left out (a note
says how many lines went); headers open comments by their authors, as Markdown author
lines do, and where Hacker News's links say how deep a comment sits, the parent choice
keeps to what they allow. What remains is read by the plain-text reader
(`argmap.read.text`).
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

__all__ = ["read", "header_lines"]

# A user name alone on a line, as a copied forum page shows it: Reddit-style names with
# "_" or digits, or a "u/" prefix (a lone ordinary word may be a reply: "Exactly").
_NAME_LINE = re.compile(r"^(?:/?u/[\w-]{3,30}|(?=[\w-]*[_\d])[A-Za-z][\w-]{2,29})$")
# A name and a time, then the page's links: "jsmith 5 hours ago | parent | next [–]"
# (Hacker News), "jsmith_22 · 5 hr. ago", "[–] jsmith_22 12 points 5 hours ago" (old
# Reddit); a story's byline: "42 points by NAME 6 hours ago | hide | past | 31
# comments", "Posted by u/NAME 6 hr. ago". A time is what makes a line a header here,
# so any name will do.
_TIME = (r"(?:\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|hr|days?|weeks?|months?"
         r"|years?|yrs?|[smhdwy])\.?\s+ago|on\s+[A-Z][a-z]{2}\s+\d{1,2},\s+\d{4}|just\s+now)")
_HEADER = re.compile(
    r"^(?:\[[–-]\]\s*)?(?P<by>(?:\d+\s+points?\s+|posted\s+)by\s+)?(?:/?u/)?"
    r"(?P<name>[A-Za-z0-9][\w-]{1,29})(?:\s*[·•]\s*|\s+)(?:-?\d+\s+points?\s*[·•]?\s*)?"
    rf"{_TIME}(?P<links>(?:\s*\|[^|]*)*)$", re.IGNORECASE)
_STORY_LINKS = {"hide", "past", "favorite", "discuss", "comments"}
_NAVIGATION = {"parent", "prev", "next", "root"}
# a separator alone on a line, as pages put between a name and a time ("·")
_DOTS = re.compile(r"^[\s·•|]+$")


def header_lines(lines: list[str]) -> dict[int, tuple[str, int | None, bool | None]]:
    """The lines that open comments, when a paste has them: line -> (author, level,
    first reply).

    Taken when there are at least three, of two people or more, each followed by
    something said (not another header, not the end). The level is what Hacker News's
    links say once the indentation is lost: no "parent" link on a top-level comment (1),
    "parent" on a reply to one (2), "root" and "parent" deeper (3); None where the page
    has no such links. Without a "prev" link a comment is its parent's first reply. A
    story's byline under its title gets level 0: it names the post's author and opens
    nothing.
    """
    found: dict[int, tuple[str, set[str], bool]] = {}  # line -> (name, links, byline)
    for i, ln in enumerate(lines):
        s = ln.strip()
        if m := _HEADER.match(s):
            words = {re.sub(r"^\d+\s+", "", w.strip(" []–-+").lower())
                     for w in m.group("links").split("|")} - {""}
            byline = bool(words & _STORY_LINKS and "parent" not in words) or (
                bool(m.group("by")) and i <= 2 and not found)
            found[i] = (m.group("name"), words, byline)
        elif _NAME_LINE.match(s):
            found[i] = (s.removeprefix("/").removeprefix("u/"), set(), False)
    said = [i for i, (_, _, byline) in found.items() if not byline]
    if (len(said) < 3 or len({found[i][0] for i in said}) < 2
            or any(i + 1 >= len(lines) or i + 1 in said for i in said)):
        return {}
    navigated = any(found[i][1] & _NAVIGATION for i in said)
    return {i: (name, 0 if byline else None if not navigated
                else 3 if "root" in words else 2 if "parent" in words else 1,
                None if byline or not navigated else "prev" not in words)
            for i, (name, words, byline) in found.items()}


def read(text: str, source: str, embedder: Any | None = None, mode: str = "auto") -> Thread:
    """Read a plain-text paste: page furniture out, comment headers in, then the reader."""
    lines = text_reader.paragraphs(text)
    if not lines:
        raise ArgmapError(f"{source}: the thread is empty (no text to map)")
    shown = [cues.page_furniture(ln, numbers=False) or bool(_DOTS.match(ln)) for ln in lines]
    furniture = [ln for ln, f in zip(lines, shown, strict=True) if f]
    if len(furniture) == len(lines):
        furniture = []  # nothing else to read: keep it all, the reader says what it finds
    elif furniture:
        lines = [ln for ln, f in zip(lines, shown, strict=True) if not f]
    said = ([f"left out {len(furniture)} line(s) of page furniture (buttons, counters, "
             f"times: {shorten(', '.join(repr(f) for f in dict.fromkeys(furniture)), 80)})"]
            if furniture else [])
    headers = header_lines(lines)
    if headers:
        # a story's byline names the post's author: it goes first, before the title
        byline = [i for i, (_, level, _) in headers.items() if level == 0][:1]
        order = byline + [i for i in range(len(lines)) if i not in byline]
        md = "\n\n".join(f"**{headers[i][0]}**:" if i in headers else lines[i] for i in order)
        places = [(level, first) if level else None
                  for _, level, first in (headers[i] for i in order if i in headers)]
        thread = markdown.read(md, source, embedder,
                               places=places if any(places) else None)
        return replace(thread, format="text", title=Path(source).stem,
                       notes=(*said, f"{len(headers) - len(byline)} author lines open comments",
                              *thread.notes))
    if not furniture:
        return text_reader.read(text, source, embedder, mode)
    thread = text_reader.read("\n".join(lines), source, embedder, mode)
    return replace(thread, notes=(*said, *thread.notes))
