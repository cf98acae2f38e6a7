"""A saved web page (File > Save page as…): its visible text, read as a plain-text paste.

A saved thread page is the same depth-first run of paragraphs a copy-and-paste gives,
wrapped in markup; read as text, the tags became units ("<div class=…>") and a theme
was named "div". Here the page's block elements (paragraphs, list items, quotes,
headings, table rows) become one paragraph a line, scripts, styles and the head are
dropped, entities are decoded, and the page's buttons and counters ("Reply", "Share",
"12 points") are left out. Where the page marks who wrote what (an element of class
"author", "username", "hnuser", …), each author opens a comment and a blockquote is a
quote, as in a Markdown thread; otherwise the plain-text reader finds comments and
parents as it does for any paste. Nothing is fetched: links and images stay unopened.

`tree.html_to_text` stays the converter for one comment's HTML body (JSON exports);
a whole page needs what it does not track: authors, nesting depth, scripts, menus.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read import markdown
from argmap.read import text as text_reader
from argmap.read.cues import page_furniture
from argmap.read.tree import nested_parents

__all__ = ["looks_like_html", "is_argmap_page", "read"]

_BLOCK = frozenset({
    "p", "div", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "table", "section", "article", "header", "footer", "aside", "main", "br", "hr",
    "dd", "dt", "dl", "figcaption", "details", "summary", "form",
})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe",
                   "object", "canvas", "button", "select", "textarea", "nav"})
_START = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_TAGS = re.compile(r"<(?:p|div|span|body|br|a|li|table)\b[^>]*>", re.I)
_OURS = re.compile(r'<meta\s+name="generator"\s+content="argmap"|<title>[^<]* — argmap</title>',
                   re.I)


def is_argmap_page(text: str) -> bool:
    """A map page argmap wrote (its generator tag): output, never a thread to read."""
    return bool(_OURS.search(text[:2000]))


def looks_like_html(text: str, source: str = "") -> bool:
    """An HTML document, or a file named .html/.htm that holds tags."""
    head = text.lstrip()[:2000]
    if _START.match(head):
        return True
    return source.lower().endswith((".html", ".htm")) and len(_TAGS.findall(head)) >= 2


# Elements pages nest comments in and close (<li>, <td>, <p> are often left open, and
# would make every later comment look deeper): their depth says who answers whom.
_NEST = frozenset({"div", "section", "article", "ul", "ol", "blockquote", "details",
                   "main", "aside", "table", "dl"})
# Attributes in which a page states a comment's depth (Hacker News: indent="2").
_LEVEL_ATTRS = ("depth", "data-depth", "indent", "data-indent", "level", "data-level",
                "aria-level")
_AUTHOR_CLASS = re.compile(r"\b(?:author|username|user-?name|hnuser|commenter|byline|from_name)\b",
                           re.I)
# Elements whose text is the page's, not said: a picture's initials, a date, a chat's
# service line ("Tom Hale joined group"); and the mark over a reply that links to the
# message it answers (a Telegram export: class "reply_to", href "#go_to_message302")
_SKIP_CLASS = re.compile(r"\b(?:initials|userpic|service|date|reactions?)\b")
_REPLY_CLASS = re.compile(r"\breply_to\b")
_GO_TO = re.compile(r"^#go_to_message(\d+)$")
_MESSAGE_ID = re.compile(r"^message(\d+)$")
_AUTHOR_MARK = "\0author:"
_REPLY_MARK = "\0replying to:"


def _is_author(tag: str, attrs: dict[str, str]) -> bool:
    """An element that names who wrote the comment: class "author", "hnuser", …"""
    if tag not in ("a", "span", "div", "strong", "b", "p", "cite"):
        return False
    return bool(_AUTHOR_CLASS.search(attrs.get("class", "")) or attrs.get("rel") == "author"
                or attrs.get("itemprop") == "author")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.skip = 0
        self.quote = 0
        self.author: list[str] | None = None  # the text of an author element being read
        self.author_depth = 0
        self.nest = 0  # open nesting elements (`_NEST`, and custom elements "x-y")
        self.depths: list[int] = []  # nesting at each author element, in order
        self.levels: list[int | None] = []  # the depth the page states there, if it does
        self.level: int | None = None
        self.at = 0
        self.title: list[str] = []
        self.in_title = False
        self.skipped: list = []  # [tag, open count] of an element skipped by its class
        self.replying = False  # inside a reply's link to the message it answers
        self.message: str | None = None  # the id of the chat message being read
        self.said_by: dict[str, str] = {}  # message id -> its sender
        self.last_name: str | None = None

    def _flush(self) -> None:
        line = " ".join("".join(self.cur).split())
        if line:
            self.lines.append(("> " if self.quote else "") + line)
        self.cur = []

    def _named(self, name: str) -> None:
        name = " ".join(name.split()).strip("*:@ ")
        if name and len(name) <= 40:
            self.lines.append(_AUTHOR_MARK + name)
            self.last_name = name
            if self.message:
                self.said_by[self.message] = name
            self.depths.append(self.at)
            self.levels.append(self.level)
        elif name:  # too long for a name: what it says is text
            self.cur.append(name)
        self.level = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NEST or "-" in tag:
            self.nest += 1
        if self.author is not None and tag in _BLOCK:
            # a block inside a name: the page never closed it (<span class=author>a<p>…)
            self._named("".join(self.author))
            self.author = None
        if self.author is not None:
            self.author_depth += 1
            return
        a = {k: v or "" for k, v in attrs}
        if self.skipped:
            self.skipped[1] += tag == self.skipped[0]
            go = _GO_TO.match(a.get("href", "")) if self.replying and tag == "a" else None
            if go and go.group(1) in self.said_by:
                self.lines.append(_REPLY_MARK + self.said_by[go.group(1)])
            return
        if m := _MESSAGE_ID.match(a.get("id", "")):
            self.message = m.group(1)  # a message with no sender shown is the last sender's
            if self.last_name:
                self.said_by[self.message] = self.last_name
        if _SKIP_CLASS.search(a.get("class", "")):
            self._flush()
            self.skipped = [tag, 1]
            return
        if _REPLY_CLASS.search(a.get("class", "")):
            self._flush()
            self.replying = True
            self.skipped = [tag, 1]
            return
        for key in _LEVEL_ATTRS:  # a depth the page states: indent="2", depth="1"
            if a.get(key, "").strip().isdigit():
                self.level = int(a[key])
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP:
            self.skip += 1
        elif not self.skip and "-" in tag and a.get("author"):
            self._flush()  # a comment element naming its author: <x-comment author="…">
            self.at = self.nest
            self._named(a["author"])
        elif not self.skip and _is_author(tag, a):
            self._flush()
            self.author, self.author_depth = [], 1
            self.at = self.nest
        elif tag in _BLOCK:
            self._flush()
            self.quote += tag == "blockquote"
        elif tag in ("td", "th"):
            self.cur.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK and self.author is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _NEST or "-" in tag:
            self.nest = max(0, self.nest - 1)
        if self.skipped:
            self.skipped[1] -= tag == self.skipped[0]
            if self.skipped[1] <= 0:
                self.skipped, self.replying = [], False
            return
        if self.author is not None:
            self.author_depth -= 1
            if self.author_depth <= 0:
                self._named("".join(self.author))
                self.author = None
            return
        if tag == "title":
            self.in_title = False
        elif tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self._flush()
            if tag == "blockquote":
                self.quote = max(0, self.quote - 1)

    def handle_data(self, data: str) -> None:
        if self.skipped:
            return
        if self.in_title:
            self.title.append(data)
        elif self.author is not None:
            self.author.append(data)
        elif not self.skip:
            self.cur.append(data)


def _rule_only(line: str) -> bool:
    """Separators and bullets alone ("|", "·", "—"): layout, where an emoji is said."""
    return all(unicodedata.category(ch)[0] in "PZ" or unicodedata.category(ch) == "Sm"
               for ch in line)


def _parse(html: str) -> tuple[str, list[str], list[int]]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._flush()
    lines = [ln for ln in parser.lines
             if not page_furniture(ln.lstrip("> ")) and not _rule_only(ln)]
    # where the page states depths, an author without one (the post's, above the
    # comment tree) stands above them all
    stated = sum(v is not None for v in parser.levels) >= max(2, len(parser.levels) // 2)
    depths = [-1 if v is None else v for v in parser.levels] if stated else parser.depths
    return " ".join("".join(parser.title).split()), lines, depths


def _as_text(lines: list[str]) -> str:
    """One paragraph a line, authors and quote marks left out, as a copy of the page
    gives them."""
    return "\n".join(ln.lstrip("> ") for ln in lines if not ln.startswith(_AUTHOR_MARK))


def _as_markdown(lines: list[str]) -> str:
    """Each author element opens a comment ("**name**:", "**name** (replying to …):"
    where the reply's link names the message answered), a blockquote is a `>` quote."""
    out: list[str] = []
    for ln in lines:
        if ln.startswith(_AUTHOR_MARK):
            out.append(markdown.author_line(ln[len(_AUTHOR_MARK):].replace("*", "")))
        elif ln.startswith(_REPLY_MARK) and out and out[-1].endswith("**:"):
            out[-1] = markdown.author_line(out[-1][2:-3], replying_to=ln[len(_REPLY_MARK):])
        else:
            out.append(ln.removeprefix(_REPLY_MARK))
    return "\n\n".join(out)


def read(text: str, source: str, embedder: Any | None = None) -> Thread:
    """Read a saved HTML page of a thread: by its author elements where it marks at
    least two (each opens a comment, as in a Markdown thread), else as a plain paste."""
    if is_argmap_page(text):
        raise ArgmapError(f"{source}: this is a map page argmap wrote, not a thread; "
                          "build from the thread file it came from")
    title, lines, depths = _parse(text)
    if not lines:
        raise ArgmapError(f"{source}: this HTML page has no visible text to map")
    if len(depths) < 2:
        thread = text_reader.read(_as_text(lines), source, embedder)
        return replace(thread, format="html", title=title or thread.title)
    thread = markdown.read(_as_markdown(lines), source, embedder)
    parents = nested_parents(depths)
    # the Markdown reader makes one comment per author, after any text before the first
    lead = len(thread.comments) - len(depths)
    if parents is not None and lead in (0, 1):
        comments = list(thread.comments)
        for i, p in enumerate(parents):
            k = i + lead
            if k == 0:
                continue
            target = p + lead if p is not None else 0
            named = (comments[k].parent_evidence or "").startswith("says it replies to")
            if target != k and not named:  # (a reply's own link to what it answers stays)
                comments[k] = replace(comments[k], parent_id=comments[target].id,
                                      parent_confidence=0.95,
                                      parent_evidence="nested under it in the page")
        thread = replace(thread, comments=tuple(comments))
    return replace(thread, format="html", title=title or thread.title)
