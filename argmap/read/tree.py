"""From records with explicit ids and parents to a clean `Thread`.

Structured exports (JSON, Reddit, Hacker News, LessWrong, Markdown with authors)
say who replies to whom, but real files still go wrong: ids repeat, parents are
missing (a deleted comment, a partial export), a bad join makes a cycle, a comment
is empty. Each is repaired the same way and reported once in `Thread.notes`,
never as a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argmap.errors import ArgmapError
from argmap.model import Comment, Quote, Thread
from argmap.read.quotes import QuoteIndex
from argmap.words import is_deleted

__all__ = ["Record", "build_thread", "html_to_text", "split_quotes", "nested_parents"]


@dataclass
class Record:
    """One comment as a reader found it, before repair."""

    id: str
    text: str
    parent: str | None = None
    author: str | None = None
    created: str | None = None
    stance: str | None = None
    evidence: str | None = None
    confidence: float | None = None  # of the parent, where a reader chose it


def html_to_text(html: str) -> str:
    """Text of an HTML body; blockquotes become `> ` lines so quotes survive."""
    from bs4 import BeautifulSoup  # imported here: `import argmap` stays fast

    soup = BeautifulSoup(html, "html.parser")
    for bq in soup.find_all("blockquote"):
        inner = bq.get_text(" ", strip=True)
        bq.replace_with("\n\n" + "\n".join(f"> {ln}" for ln in inner.splitlines()) + "\n\n")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["p", "div", "li", "h1", "h2", "h3", "h4", "pre"]):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = soup.get_text()
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


_QUOTE_LINE = re.compile(r"^\s*(?:(?:>|&gt;)\s?)+(.*)$")  # nested quotes read as one


def split_quotes(body: str) -> tuple[str, list[str]]:
    """A Markdown body's own words and its `>` quoted passages, in order."""
    own: list[str] = []
    quotes: list[str] = []
    block: list[str] = []
    for line in body.splitlines():
        m = _QUOTE_LINE.match(line)
        if m:
            block.append(m.group(1).strip())
            continue
        if block:
            quotes.append(" ".join(b for b in block if b))
            block = []
        own.append(line)
    if block:
        quotes.append(" ".join(b for b in block if b))
    text = re.sub(r"\n\s*\n+", "\n\n", "\n".join(own)).strip()
    return text, [q for q in quotes if q]


def _dedupe(records: list[Record], notes: list[str]) -> list[Record]:
    """Two different comments under one id both stay, the later under a new id
    (`id~2`); an exact repeat of a record (same author, parent and text) is dropped.

    Replies naming the shared id stay with the first comment: the file does not say
    which one they meant."""
    seen: dict[str, Record] = {}
    taken = {r.id for r in records}
    out: list[Record] = []
    renamed: list[str] = []
    repeats = 0
    for r in records:
        first = seen.get(r.id)
        if first is None:
            seen[r.id] = r
            out.append(r)
            continue
        if (first.text, first.author, first.parent) == (r.text, r.author, r.parent):
            repeats += 1
            continue
        n = 2
        while f"{r.id}~{n}" in taken:
            n += 1
        renamed.append(f"{r.id} -> {r.id}~{n}")
        r.id = f"{r.id}~{n}"
        taken.add(r.id)
        seen[r.id] = r
        out.append(r)
    if renamed:
        notes.append(f"{len(renamed)} comment(s) shared an id with a different comment; kept "
                     f"under new ids ({', '.join(renamed[:3])})")
    if repeats:
        notes.append(f"{repeats} comment(s) repeated an earlier one exactly; kept once")
    return out


def _repair_parents(records: list[Record], notes: list[str]) -> None:
    ids = {r.id for r in records}
    missing = [r for r in records if r.parent is not None and r.parent not in ids]
    root = next((r.id for r in records if r.parent is None), None)
    if root is None:  # every record claims a parent: the first one becomes the root
        root = records[0].id
        records[0].parent = None
        notes.append(f"no comment is an opening post (each names a parent); the first "
                     f"one, {root}, is taken as the root")
    for r in missing:
        r.parent = root if r.id != root else None
    if missing:
        notes.append(f"{len(missing)} comment(s) reply to a comment not in the file; "
                     f"attached to the root {root}")
    by_id = {r.id: r for r in records}
    broken = 0
    rooted: set[str] = set()  # comments known to lead up to a root
    for r in records:  # walk up from each comment; a repeat means a cycle
        seen: list[str] = []
        node = r
        while node.parent is not None and node.id not in rooted:
            if node.id in seen:
                node.parent = root if node.id != root else None
                broken += 1
                break
            seen.append(node.id)
            node = by_id[node.parent]
        rooted.update(seen)
    if broken:
        notes.append(
            f"{broken} reply cycle(s) in the parent links; broken by attaching to the root"
        )


def _drop_empty(records: list[Record], notes: list[str]) -> list[Record]:
    empty = {r.id: r.parent for r in records if not r.text.strip() or is_deleted(r.text)}
    if not empty:
        return records
    kept = [r for r in records if r.id not in empty]
    if not kept:
        return kept
    for r in kept:
        while r.parent in empty:  # climb past deleted comments
            r.parent = empty[r.parent]
    notes.append(f"{len(empty)} comment(s) have no text (deleted?); "
                 "their replies attach to the comment above them")
    return kept


def _order(records: list[Record]) -> list[Record]:
    """Depth-first reading order; siblings by creation time, then file order."""
    children: dict[str | None, list[Record]] = {}
    rank = {r.id: n for n, r in enumerate(records)}
    for r in records:
        children.setdefault(r.parent, []).append(r)
    out: list[Record] = []
    def when(r: Record) -> tuple[float, str, int]:
        """Sort key: epoch seconds compare as numbers, ISO strings as text."""
        try:
            return (float(r.created or ""), "", rank[r.id])
        except ValueError:
            return (0.0, r.created or "", rank[r.id])

    stack = sorted(children.get(None, []), key=when, reverse=True)
    while stack:
        r = stack.pop()
        out.append(r)
        kids = sorted(children.get(r.id, []), key=when)
        stack.extend(reversed(kids))
    return out


def build_thread(
    records: list[Record], *, source: str, fmt: str, title: str = "", notes: list[str] | None = None
) -> Thread:
    """Repair, order and quote-link records into a Thread; problems become notes."""
    notes = list(notes or [])
    if not records:
        raise ArgmapError(f"{source}: no comments found in this {fmt} file")
    records = _dedupe(records, notes)
    _repair_parents(records, notes)
    records = _drop_empty(records, notes)
    if not records:
        raise ArgmapError(f"{source}: every comment in this {fmt} file is empty")
    ordered = _order(records)
    index = QuoteIndex()
    comments: list[Comment] = []
    for pos, r in enumerate(ordered):
        own, quoted = split_quotes(r.text)
        if not quoted and pos:
            # Unmarked quote (HN italics, a stripped `>`): the first paragraph repeats
            # an earlier comment, as in a plain text dump.
            first, _, after = own.partition("\n\n")
            m = index.match(first)
            if m:
                quoted, own = [m.quoted], "\n\n".join(x for x in (m.rest, after) if x)
        quotes = []
        for q in quoted:
            found = index.source_of(q)
            source_id = ordered[found[0]].id if found else r.parent
            quotes.append(Quote(text=q, source_comment_id=source_id))
        if own:
            index.add(pos, own)
        comments.append(Comment(
            id=r.id, text=own or "\n\n".join(quoted), author=r.author, parent_id=r.parent,
            position=pos, quotes=tuple(quotes), created=r.created, stance=r.stance,
            stance_confidence=1.0 if r.stance else None,
            parent_confidence=(None if r.parent is None
                               else 1.0 if r.confidence is None else r.confidence),
            parent_evidence=None if r.parent is None else (r.evidence or f"{fmt} parent link"),
        ))
    return Thread(title=title or source.rsplit("/", 1)[-1].rsplit(".", 1)[0], source=source,
                  format=fmt, comments=tuple(comments), notes=tuple(notes))


def nested_parents(depths: list[int]) -> list[int | None] | None:
    """Per author element, the index of the one it answers, from how deep each sits in
    the page: a reply is nested inside the comment it answers (old Reddit, LessWrong,
    most forums) or states its depth (Hacker News' indent="2", a custom comment
    element's depth="1"). None when every author sits at one depth: a flat page says
    nothing."""
    if len(set(depths)) < 2:
        return None
    out: list[int | None] = []
    open_: list[int] = []  # the comments a new one could still answer, shallowest first
    for i, d in enumerate(depths):  # nearest earlier one less deep, in linear time
        while open_ and depths[open_[-1]] >= d:
            open_.pop()
        out.append(open_[-1] if open_ else None)
        open_.append(i)
    return out
