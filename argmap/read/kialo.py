"""Kialo discussion exports: a numbered outline of pro and con claims.

    Discussion Title: Should cities ban cars?
    1. Cities should ban cars from their centres.
    1.1. Pro: Cars pollute the air people breathe.
    1.1.1. Con: Electric cars do not pollute where they drive.
    1.2. Con: -> See 1.1.1.

The number says who a claim answers (1.2.3 answers 1.2); `Pro:`/`Con:` is its
stance toward that claim, stated by its author, so it becomes support/attack with
full confidence. A numbered outline without sides (notes, a debate written out by
hand: "1.", "1.1.", "2.") is read the same way, its stances left to the stance
model, and a first line without a number is the question it answers.

A `-> See 1.1.1.` line re-uses another claim: the comment carries
that claim's text and a quote pointing at it, so the map can show one statement
with two occurrences.
"""

from __future__ import annotations

import re
from dataclasses import replace

from argmap.errors import ArgmapError
from argmap.model import Quote, Thread
from argmap.read.tree import Record, build_thread

__all__ = ["read", "looks_like_kialo"]

_LINE = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+(?:(Pro|Con)\s*:\s*)?(.*)$", re.IGNORECASE)
_LINK = re.compile(r"^->\s*See\s+(\d+(?:\.\d+)*)\.?\s*$", re.IGNORECASE)
_TITLE = re.compile(r"^\s*Discussion Title\s*:\s*(.*)$", re.IGNORECASE)
STANCE = {"pro": "support", "con": "attack"}


def page_as_export(text: str) -> str | None:
    """A copy of a Kialo discussion's page as the export it shows: "Thesis" over the
    thesis, then its claims under "Pros" and "Cons" (each with the count of claims under
    it); None where the text is no such page. The page shows one level: the thesis and
    the claims that answer it."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    low = [ln.lower() for ln in lines]
    if "thesis" not in low or not ({"pros", "cons"} & set(low)):
        return None
    at = low.index("thesis")
    if at + 1 >= len(lines):
        return None
    title = next((ln for ln in reversed(lines[:at]) if ln.endswith("?")), "")
    out = ([f"Discussion Title: {title}"] if title else []) + [f"1. {lines[at + 1]}"]
    side, n = None, 0
    for ln in lines[at + 2:]:
        if ln.lower() in ("pros", "cons"):
            side = "Pro" if ln.lower() == "pros" else "Con"
        elif side and not re.fullmatch(r"\d[\d,.]*k?", ln) and len(ln.split()) >= 4:
            n += 1
            out.append(f"1.{n}. {side}: {ln}")
        elif side and len(ln.split()) < 4 and not re.fullmatch(r"\d[\d,.]*k?", ln):
            side = None  # the page's buttons and info under the claims
    return "\n".join(out) if n else None


def looks_like_kialo(text: str) -> bool:
    """A Kialo export: a 'Discussion Title:' line, or a numbered outline with Pro:/Con:;
    or a copy of a discussion's page (`page_as_export`)."""
    if page_as_export(text):
        return True
    lines = [ln for ln in text.splitlines() if ln.strip()][:200]
    if lines and _TITLE.match(lines[0]):
        return True
    numbered = [m for m in (_LINE.match(ln) for ln in lines) if m]
    return (len(numbered) >= 2 and sum(bool(m.group(2)) for m in numbered) >= 1
            and len(numbered) >= 0.6 * len(lines)) or _numbered_outline(lines)


def _numbered_outline(lines: list[str]) -> bool:
    """Nested numbers ("1.2" under "1") on the first line after an optional title and
    on nearly every other, each nested one under a number the outline has: a comment
    that lists its points ("1. First…") nests none, and a line opening with a figure
    ("3.5 million people…") has no "3" above it."""
    body = lines[1:] if lines and not _LINE.match(lines[0]) else lines
    numbered = [m.group(1) for m in (_LINE.match(ln) for ln in body) if m]
    nested = [n for n in numbered if "." in n]
    known = set(numbered)
    return (len(numbered) >= 3 and bool(body) and _LINE.match(body[0]) is not None
            and len(numbered) >= 0.8 * len(body) and len(nested) >= 1
            and sum(n.rsplit(".", 1)[0] in known for n in nested) >= 0.9 * len(nested))


def read(text: str, source: str, embedder: object | None = None) -> Thread:
    """Read a Kialo export into a thread whose stances come from Pro/Con."""
    text = page_as_export(text) or text
    title = question = ""
    rows: list[list[str]] = []  # [number, side, text]
    for ln in text.splitlines():
        if not ln.strip():
            continue
        t = _TITLE.match(ln)
        if t and not rows:
            title = t.group(1).strip()
            continue
        if not rows and not title and not question and not _LINE.match(ln):
            question = ln.strip()  # an outline's first line: what its points answer
            continue
        m = _LINE.match(ln)
        if m:
            rows.append([m.group(1), (m.group(2) or "").lower(), m.group(3).strip()])
        elif rows:  # a claim that runs over several lines
            rows[-1][2] = f"{rows[-1][2]} {ln.strip()}"
        else:
            raise ArgmapError(f"{source}: line {ln.strip()[:40]!r} comes before the first "
                              "numbered claim; is this a Kialo export? (try --format text)")
    if not rows:
        raise ArgmapError(f"{source}: no numbered Kialo claims found")
    texts = {num: body for num, _, body in rows}
    links: dict[str, str] = {}
    notes: list[str] = []
    records = [Record(id="0", text=question)] if question else []
    if question or not any(side for _, side, _ in rows):
        notes.append("a numbered outline: its numbers say what each point answers")
    for num, side, body in rows:
        parent = num.rsplit(".", 1)[0] if "." in num else ("0" if question else None)
        link = _LINK.match(body)
        if link:
            target = link.group(1)
            if target in texts and not _LINK.match(texts[target]):
                links[num] = target
                body = texts[target]
            else:
                notes.append(f"claim {num} links to {target}, which is not in the file")
        under = "the question" if parent == "0" else parent
        records.append(Record(
            id=num, text=body, parent=parent, stance=STANCE.get(side),
            evidence=f"{'Kialo ' + side.title() if side else 'numbered'} under {under}"
            if parent else None,
        ))
    thread = build_thread(records, source=source, fmt="kialo", title=title, notes=notes)
    if links:
        thread = replace(thread, comments=tuple(
            replace(c, quotes=(Quote(text=c.text, source_comment_id=links[c.id]),))
            if c.id in links else c
            for c in thread.comments
        ))
    return thread
