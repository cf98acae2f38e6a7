"""Wikipedia talk pages pasted as text: comments that end in a signature.

    == Infobox image ==
    Should the infobox use the 2019 photo? [[User:Alpha|Alpha]] ([[User talk:Alpha|talk]])
    17:32, 28 November 2026 (UTC)
    :'''Oppose'''. Its licence is unclear. [[User:Beta|Beta]] ([[User talk:Beta|talk]])
    18:01, 28 November 2026 (UTC)

(each comment is one line in the page's source; wrapped here)

Talk pages (and the requests for comment, deletion debates and noticeboards built the
same way) are among the largest open records of people arguing to a decision. A
comment ends where its writer signs: the name, "(talk)" and a time in UTC. In the
page's source (wikitext) the colons or bullets a comment opens with say how deep it
sits, so whom it answers; a copy of the rendered page loses them, and the parents are
read as a paste's are, by who wrote what. The first heading is the title; markup
(links, bold, templates) is left out of the words, and a `{{tq|…}}` quote is a quote.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read import markdown
from argmap.read.tree import nested_parents

__all__ = ["looks_like_talk_page", "read"]

# "17:32, 28 November 2026 (UTC)" ends every signed comment
_STAMP = r"\d{1,2}:\d{2},\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s+\(UTC\)"
_SIGNED = re.compile(rf"{_STAMP}\s*$")
# the signature's name: a user link in wikitext, "NAME (talk)" or "NAME (talk · contribs)"
# on the rendered page, or "Preceding unsigned comment added by NAME"
_USER_LINK = re.compile(r"\[\[\s*(?:User|Special:Contributions)\s*:\s*([^|\]\n]{1,60})"
                        r"(?:\|[^\]\n]*)?\]\]", re.IGNORECASE)
_RENDERED = re.compile(r"\s*\((?:talk|contribs)(?:\s*[·|]\s*(?:talk|contribs))?\)\s*"
                       + _STAMP + r"\s*$")
# where a rendered signature's name starts: after the comment's last sentence or dash
_NAME_START = re.compile(r".*(?:[.!?)\]]\s+|\s[—–]\s*|--\s*|^)", re.DOTALL)
_UNSIGNED = re.compile(r"(?:—|--)?\s*(?:Preceding\s+)?unsigned comment added by\s+"
                       r"(?P<name>[^()\n]{1,60}?)\s*(?:\(.*?\))?\s*" + _STAMP + r"\s*$",
                       re.IGNORECASE)
_HEADING = re.compile(r"^\s*(={2,6})\s*(?P<title>[^=].*?)\s*\1\s*$")
_DEPTH = re.compile(r"^\s*([:*#]+)\s*")
_TQ = re.compile(r"\{\{\s*(?:tq|talkquote|talk quote|xt|quote)\s*\|\s*(?:1=)?([^{}]*?)\s*\}\}",
                 re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_BOLD_LABEL = re.compile(r"^\s*'{3}([A-Za-z]+(?: [a-z]+)?)'{3}\s+(?=[A-Z(\"“])")
_LINK = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]")
_EXTERNAL = re.compile(r"\[(?:https?://|//)\S+\s+([^\]]+)\]")


_CLOSING_TAGS = re.compile(r"(?:\s*</?\w+[^<>]{0,40}>)+\s*$")  # "…(UTC)</small>"


def _signed_line(line: str) -> bool:
    return bool(_SIGNED.search(_CLOSING_TAGS.sub("", line)))


def looks_like_talk_page(text: str) -> bool:
    """Two or more lines that end in a talk-page signature's UTC time."""
    return sum(_signed_line(ln) for ln in text.splitlines()[:5000]) >= 2


def _signature(line: str) -> tuple[str, str] | None:
    """(the line's words without the signature, the signer) for a signed line."""
    line = _CLOSING_TAGS.sub("", line)
    if not _SIGNED.search(line):
        return None
    if m := _UNSIGNED.search(line):
        return line[:m.start()], m.group("name").strip()
    links = list(_USER_LINK.finditer(line))
    if links:
        last = links[-1]
        # the signature starts at the first user link of the run that ends the line
        start = last.start()
        for lk in reversed(links[:-1]):
            if last.start() - lk.end() > 40:
                break
            start = lk.start()
        return line[:start].rstrip(" —–-"), last.group(1).strip()
    if m := _RENDERED.search(line):
        before = line[:m.start()]
        start = _NAME_START.match(before).end()
        if len(before[start:].split()) > 4:  # no sentence end before it: the last word
            start = before.rstrip().rfind(" ") + 1
        return before[:start].rstrip(" —–-"), before[start:].strip(" —–-")
    return line[:_SIGNED.search(line).start()].rstrip(" —–-"), ""


def _words(line: str) -> str:
    """A line's words without wiki markup; a `{{tq|…}}` quote as a "> " paragraph."""
    quotes = [q.strip() for q in _TQ.findall(line)]
    line = _TQ.sub("", line)
    line = _TEMPLATE.sub("", line)
    line = _EXTERNAL.sub(r"\1", _LINK.sub(r"\1", line))
    # a bold label run into the words ('''Comment''' Both photos…) keeps its break
    line = _BOLD_LABEL.sub(r"\1: ", line)
    line = re.sub(r"'{2,}", "", line)
    line = re.sub(r"<[^>]{1,40}>", "", line)  # <small>, <s>, <br/>
    line = " ".join(line.split())
    return "\n\n".join([*(f"> {q}" for q in quotes if q), *([line] if line else [])])


def read(text: str, source: str, embedder: Any | None = None) -> Thread:
    """Read a pasted talk page: one comment per signature."""
    title = ""
    blocks: list[tuple[str | None, list[str]]] = []
    depths: list[int] = []
    lines: list[str] = []  # the comment being read, until its signature
    depth: int | None = None
    unsigned = 0
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if h := _HEADING.match(raw):
            title = title or _words(h.group("title"))
            continue
        if not title and not blocks and not lines and not _signed_line(raw) and (
                len(raw.split()) <= 10 and not re.search(r"[.!?:;]\s*$", raw)):
            title = raw.strip()  # the rendered page's section heading
            continue
        if depth is None:
            m = _DEPTH.match(raw)
            depth = len(m.group(1)) if m else 0
        body = _DEPTH.sub("", raw)
        signed = _signature(body)
        if signed is None:
            lines.append(_words(body))
            continue
        words, name = signed
        lines.append(_words(words))
        if not name:
            unsigned += 1
        blocks.append((None, [markdown.author_line(name),
                              *[x for ln in lines if ln for x in (ln, "")]]))
        depths.append(depth)
        lines, depth = [], None
    if not blocks:
        raise ArgmapError(f"{source}: no signed comments found (a talk page's comments "
                          "end in 'NAME (talk) HH:MM, D Month YYYY (UTC)')")
    left = [ln for ln in lines if ln]  # words after the last signature: a comment of its own
    if left:
        blocks.append((None, [markdown.author_line(None), *[x for ln in left for x in (ln, "")]]))
        depths.append(depths[-1])
    parents = nested_parents(depths)
    fixed = {k: (p, 0.95, f"indented under c{p + 1} in the page's source")
             for k, p in enumerate(parents or []) if k and p is not None}
    thread = markdown.read_blocks(blocks, source, title, embedder=embedder, fixed=fixed)
    notes = [f"{len(blocks)} signed comments"
             + ("; the page's indentation gives the parents" if fixed else "")
             + (f"; {unsigned} signatures without a name" if unsigned else "")]
    return replace(thread, format="talk", notes=(*notes, *thread.notes))

