"""Comments that name no parent: who answers whom, when the file does not say.

A GitHub issue's comments, a table of messages, a chat's JSON or a feed's posts list
who said what, in order, and nothing more. Read as they stand, every comment would be
an opening post of its own and the map would have no reply, so no rebuttal and no
crux. They are placed the way a copied page with names is (`markdown.read_blocks`):
a quote found in one earlier comment, or "@name" / "replying to NAME", names the
parent; otherwise the reader's learned choice between the previous comment and its
ancestors decides, with its confidence and evidence in words.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from argmap.read import cues
from argmap.read.markdown import author_line, read_blocks
from argmap.read.tree import Record
from argmap.words import is_deleted

__all__ = ["looks_like_conversation", "place_unlinked"]

_REF = re.compile(r"\bc(\d+)\b")


def place_unlinked(records: list[Record], source: str, embedder: Any | None = None,
                   fmt: str = "file") -> int:
    """Give each comment after the first a parent (and a confidence and evidence) in
    place; the first comment is the opening post. Returns how many were placed."""
    live = _in_time_order([r for r in records if r.text.strip() and not is_deleted(r.text)])
    if len(live) < 2:
        return 0
    blocks: list[tuple[str | None, list[str]]] = []
    for r in live:
        lines = r.text.strip().split("\n")
        if r.author:  # the file's name wins over a first line that looks like one
            lines[0] = f"{author_line(r.author)} {lines[0]}"
        blocks.append((None, lines))
    thread = read_blocks(blocks, source, embedder=embedder)
    label = {f"c{k + 1}": _name(r) for k, r in enumerate(live)}

    def words(evidence: str) -> str:
        evidence = evidence.removeprefix("comment break; ").replace("comment break", "")
        evidence = evidence.replace("the post", label["c1"])
        return _REF.sub(lambda m: label.get(m.group(0), m.group(0)), evidence)

    placed = 0
    for r, c in zip(live, thread.comments, strict=True):
        if c.parent_id is None:  # the opening post
            continue
        parent = live[int(c.parent_id[1:]) - 1]
        r.parent = parent.id
        r.confidence = c.parent_confidence
        r.evidence = f"no parent in the {fmt}; placed: " + words(c.parent_evidence or "")
        placed += 1
    return placed


def _in_time_order(records: list[Record]) -> list[Record]:
    """The comments in the order they were written, when every one says when (epoch
    seconds, or ISO 8601 times); else as the file lists them. Some APIs list the
    newest first, and a reply placed before what it answers could answer nothing."""
    def when(r: Record) -> float | None:
        try:
            return float(r.created or "")
        except ValueError:
            pass
        try:
            t = datetime.fromisoformat((r.created or "").replace("Z", "+00:00"))
        except ValueError:
            return None
        return (t if t.tzinfo else t.replace(tzinfo=UTC)).timestamp()

    times = [when(r) for r in records]
    if any(t is None for t in times):
        return records
    order = sorted(range(len(records)), key=lambda k: (times[k], k))
    return [records[k] for k in order]


def _name(r: Record) -> str:
    """How evidence names a comment: its id, and its author when the file gives one."""
    return f"{r.id} ({r.author})" if r.author else str(r.id)


_ANSWERS = re.compile(r"^\s*(?:>|@\w|(?:replying|in reply|reply)\s+to\s)",
                      re.IGNORECASE | re.MULTILINE)
_ADDRESS = re.compile(r"\b(?:you|your|OP)\b", re.IGNORECASE)
# Share of the comments after the first that talk to someone ("you", "Yes, but…") for
# the rest to be read as a conversation (see `looks_like_conversation`).
TALKING_SHARE = 0.3


def looks_like_conversation(records: list[Record]) -> bool:
    """Whether comments that name no parent answer each other at all: someone speaks
    again after another has (A, B, A); a comment quotes ("> …"), tags ("@name") or
    says whom it replies to; or, in three comments of ten, they talk to someone ("you",
    "OP") or open as replies do ("Yes, but", "Agreed"). A list of survey answers or of
    standalone arguments does none of these, and drawing it as a chain of replies would
    invent rebuttals."""
    if len(records) < 2:
        return False
    rest = [r.text for r in records[1:] if r.text.strip()]
    if any(_ANSWERS.search(t) for t in rest):
        return True
    talking = sum(bool(_ADDRESS.search(t) or cues.opener(t)) for t in rest)
    if rest and talking >= TALKING_SHARE * len(rest):
        return True
    seen: set[str] = set()
    last = None
    for r in records:
        who = (r.author or "").strip().lower()
        if not who:
            continue
        if who in seen and who != last:
            return True
        seen.add(who)
        last = who
    return False
