"""Pick a reader from a file's name and first characters."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from argmap.model import Thread
from argmap.read import aif as aif_reader
from argmap.read import forum, html, jsonfmt, kialo, mail, markdown, paste, table, wikitalk

__all__ = ["READERS", "detect_format"]

Reader = Callable[..., Thread]


def _ignore_embedder(fn: Callable[[str, str], Thread]) -> Reader:
    def reader(text: str, source: str, embedder: Any | None = None) -> Thread:
        return fn(text, source)

    reader.__doc__ = fn.__doc__
    return reader


# Every reader is called as reader(text, source, embedder=None); only the readers
# that must guess comment boundaries or parents use the embedder.
READERS: dict[str, Reader] = {
    "text": paste.read,
    "mail": mail.read,
    "talk": wikitalk.read,
    "forum": forum.read,
    "aif": _ignore_embedder(aif_reader.read),
    "markdown": markdown.read,
    "json": partial(jsonfmt.read_json, shape="json"),
    "jsonl": jsonfmt.read_jsonl,
    "reddit": _ignore_embedder(partial(jsonfmt.read_json, shape="reddit")),
    "hackernews": _ignore_embedder(partial(jsonfmt.read_json, shape="hackernews")),
    "lesswrong": _ignore_embedder(partial(jsonfmt.read_json, shape="lesswrong")),
    "kialo": kialo.read,
    "csv": table.read,
    "html": html.read,
}


def _is_jsonl(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
    if len(lines) < 2 or not all(ln.lstrip().startswith("{") for ln in lines):
        return False
    try:
        for ln in lines:
            json.loads(ln)
    except json.JSONDecodeError:
        return False
    return True


def detect_format(text: str, source: str) -> str:
    """The format name for this text; plain text when nothing more specific fits.

    The file name suggests, the content decides: a `.txt` holding JSON is JSON,
    and JSON's shape (Reddit, Hacker News, LessWrong or plain records) is read
    from its keys.
    """
    if aif_reader.looks_like(text):
        return "aif"
    suffix = Path(source).suffix.lower()
    head = text.lstrip()[:1]
    if head == "<" and html.looks_like_html(text, source):
        return "html"
    if suffix in (".jsonl", ".ndjson") or (head == "{" and _is_jsonl(text)):
        return "jsonl"
    if suffix == ".json" or head in ("{", "["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            if suffix == ".json":
                return "json"  # the JSON reader reports where the file is broken
        else:
            return jsonfmt.shape_of(data)
    if suffix in (".csv", ".tsv") or table.looks_like_table(text):
        return "csv"  # one comment a row, under a header row of column names
    if kialo.looks_like_kialo(text):
        return "kialo"
    if suffix not in (".md", ".markdown") and wikitalk.looks_like_talk_page(text):
        return "talk"  # a wiki talk page: comments end in "NAME (talk) … (UTC)"
    if suffix not in (".md", ".markdown") and forum.looks_like_forum_copy(text):
        return "forum"  # a copied phpBB or XenForo page: post headers, member blocks
    if suffix not in (".md", ".markdown") and mail.looks_like_mail(text):
        return "mail"  # a pasted mailing-list thread: "From:" headers, "> " quotes
    if suffix not in (".md", ".markdown") and paste.looks_like_page_copy(text):
        return "text"  # a copied forum page: its comment headers, not its markup, say who
    if suffix in (".md", ".markdown") or markdown.looks_like_markdown(text):
        return "markdown"
    return "text"
