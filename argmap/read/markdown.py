"""Markdown threads: comments between horizontal rules or headings, `>` quotes.

    # Should cities ban cars?
    **alice**: Cities should ban cars from their centres.
    ---
    **bob** wrote:
    > Cities should ban cars
    Deliveries still need vans.

An author is taken from a `**name**:` / `**name** wrote:` / `name wrote:` line or
a short heading; a `>` block is a quote of the comment whose text it repeats (the
previous comment when it repeats none). Parents come from quotes, then from
"replying to NAME" hints, then from the plain text reader's rules (openers, offers,
shared words). A Markdown file with `>` quotes but no separators is read as plain
text whose quote paragraphs are known.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Comment, Quote, Thread
from argmap.read import cues
from argmap.read import text as text_reader
from argmap.read.draft import Draft
from argmap.read.parents import QUOTE_CONFIDENCE, choose_parents, comment_vectors
from argmap.read.quotes import QuoteIndex
from argmap.read.tree import nested_parents, split_quotes

__all__ = ["read", "read_blocks", "looks_like_markdown", "author_line",
           "author_name"]

_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
# An author: Reddit-style names with `_`, `-`, digits and an optional `u/` prefix.
_NAME = r"(?:/?u/)?[\w.@-]{1,40}"
_AUTHOR = re.compile(
    r"^\s*(?:\*\*(?P<a>[^*\n]{1,40}?)\*\*|__(?P<a2>[^\n]{1,40}?)__)\s*"
    r"(?:\((?P<r>[^)]*)\))?\s*(?:wrote|said|writes|says)?\s*:\s*(?P<rest>.*)$"
    rf"|^\s*(?P<b>{_NAME}(?:\s{_NAME})?)\s+(?:wrote|said|writes|says)\s*:\s*(?P<rest2>.*)$",
    re.IGNORECASE,
)
_REPLYING = re.compile(rf"(?:replying|in reply|reply)\s+to\s+@?({_NAME})", re.IGNORECASE)
# "Replying to NAME:" or "@NAME" opening a comment's own text: who it answers.
_LEAD_HINT = re.compile(
    rf"^\s*(?:(?:replying|in reply|reply)\s+to\s+@?(?P<a>{_NAME})\s*[:,.\-—]?"
    rf"|@(?P<b>{_NAME})[:,]?)\s*",
    re.IGNORECASE,
)
_REPLYING_ALL = re.compile(r"^\s*(?:replying|in reply|reply)\s+to\s+@?([^()\n]{1,60}?)\s*$",
                           re.IGNORECASE)
_ADDRESSED = re.compile(r"^\s*([\w.|`^-]{2,30})[:,]\s+")
_BY = re.compile(r"^(?:comment|reply|answer|post)\s+(?:by|from)\s+", re.IGNORECASE)


# In a paste of one paragraph a line, at least one separator per this many lines for
# the separators to be the thread's structure rather than markup inside its comments.
LINES_PER_MARK = 40


def looks_like_markdown(text: str) -> bool:
    """Quote marks, rules, headings or author lines at the start of lines.

    Comments carry markdown of their own ("> quoted", "**tl;dr**:", "---"). In text
    written with blank lines between paragraphs that is Markdown; in a paste of one
    paragraph a line (no blank lines) it is plain text unless rules, headings or author
    lines come often enough to separate comments: the Markdown reader would join the
    lines into paragraphs, and a 20,000-line paste of Reddit threads became 23 comments.
    """
    lines = text.splitlines()
    body = [ln for ln in lines if ln.strip()]
    quoted = sum(bool(re.match(r"^\s*>", ln)) for ln in body)
    marks = sum(bool(_RULE.match(ln) or _HEADING.match(ln) or _AUTHOR.match(ln)) for ln in body)
    if len(body) == len(lines):  # no blank line: one paragraph a line
        return marks >= 2 and marks * LINES_PER_MARK >= len(body)
    return quoted >= 1 or marks >= 2


_QUOTE_MARKS = re.compile(r"^\s*((?:>\s?)+)")


def _quote_depth(line: str) -> int:
    m = _QUOTE_MARKS.match(line)
    return m.group(1).count(">") if m else 0


def _unquote(line: str, depth: int) -> str:
    """The line without its first `depth` quote marks."""
    for _ in range(depth):
        line = re.sub(r"^\s*>\s?", "", line, count=1)
    return line


def _nested_author(line: str) -> int:
    """How deep a quoted author line sits ("> > **bob**:" is 2), else 0: an export that
    nests each reply in its parent's blockquote, name first. A label is no author
    ("> **Edit**: …")."""
    depth = _quote_depth(line)
    m = _AUTHOR.match(_unquote(line, depth)) if depth else None
    name = m and _name(m.group("a") or m.group("a2") or m.group("b"))
    return depth if name and name.lower().rstrip(".") not in cues.LABELS else 0


def _nests_replies(lines: list[str]) -> bool:
    """Replies sit in their parent's blockquote: two quoted author lines, or one alone
    on its line ("> **bob** (5 points):"), not a quoted "**name**: words" once."""
    found = [ln for ln in lines if _nested_author(ln)]
    alone = any(not (m := _AUTHOR.match(_unquote(ln, _quote_depth(ln))))
                or not (m.group("rest") or m.group("rest2") or "").strip() for ln in found)
    return len(found) >= 2 or (len(found) == 1 and alone)


def _blocks(text: str) -> tuple[str, list[tuple[str | None, list[str]]], list[int] | None]:
    """The title, the comment blocks ((heading or None, lines) between separators), and
    how deep each block is nested where replies sit in their parent's blockquote
    (`_nested_author`; None where no author line is quoted)."""
    title = ""
    lines_in = text.splitlines()
    nested = _nests_replies(lines_in)
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    depth = [0]  # per block, its blockquote depth
    open_at: dict[int, int] = {0: 0}  # blockquote depth -> the latest block opened there
    for ln in lines_in:
        if nested and (k := _nested_author(ln)):
            blocks.append((None, [_unquote(ln, k)]))
            depth.append(k)
            open_at = {d: b for d, b in open_at.items() if d < k} | {k: len(blocks) - 1}
            continue
        if nested and (q := _quote_depth(ln)):
            # the words of a nested reply (deeper marks: its own quotes), or of one it
            # sits in, after its replies
            owner = open_at.get(q, len(blocks) - 1) if q < depth[-1] else len(blocks) - 1
            blocks[owner][1].append(_unquote(ln, depth[owner]))
            continue
        h = _HEADING.match(ln)
        if h and h.group(1) == "#" and not title and not any(b[1] for b in blocks):
            title = h.group(2)
            continue
        if _RULE.match(ln):
            blocks.append((None, []))
        elif _AUTHOR.match(ln) and "".join(blocks[-1][1]).strip() and not _quiet(blocks[-1]):
            blocks.append((None, [ln]))  # an author line opens the next comment
        elif h:
            blocks.append((h.group(2), []))
        else:
            owner = len(blocks) - 1
            if nested and depth[-1] and ln.strip():  # words after a comment's nested replies
                owner = open_at.get(0, owner)
            blocks[owner][1].append(ln)
        if nested and len(depth) < len(blocks):
            depth.append(0)
            open_at = {0: len(blocks) - 1}
    keep = [i for i, (_, lines) in enumerate(blocks) if "".join(lines).strip()]
    return (title, [blocks[i] for i in keep],
            [depth[i] for i in keep] if nested else None)


def _quiet(block: tuple[str | None, list[str]]) -> bool:
    """A block that holds only its heading's author line so far (nothing to close)."""
    lines = [ln for ln in block[1] if ln.strip()]
    return block[0] is not None and not lines


def _name(raw: str) -> str:
    """An author name without markup or a `u/` prefix."""
    name = raw.strip().strip("*").strip()
    if re.fullmatch(r"(_+)[^_].*?\1", name):  # "__bob__" is markup; "ben_ford_" a name
        name = name.strip("_").strip()
    return re.sub(r"^/?u/", "", name)


def _as_plain_text(text: str) -> str:
    """A separator-less Markdown thread as one paragraph a line, `>` marks dropped."""
    paras, cur, cur_quote = [], [], False
    for ln in text.splitlines() + [""]:
        is_quote = bool(re.match(r"^\s*>", ln))
        body = re.sub(r"^\s*>\s?", "", ln).strip()
        if not body or is_quote != cur_quote:
            if cur:
                paras.append(" ".join(cur))
            cur = []
        if body:
            cur.append(body)
        cur_quote = is_quote
    return "\n".join(paras)


def read(text: str, source: str, embedder: Any | None = None) -> Thread:
    """Read a Markdown thread."""
    title, blocks, depths = _blocks(text)
    if not blocks:
        raise ArgmapError(f"{source}: the thread is empty (no text to map)")
    if depths is not None:
        return _read_nested(blocks, depths, source, title, embedder)
    if len(blocks) == 1:
        # A nested list (an argument outline, as note-taking tools export one) says
        # who answers whom by its indentation; a heading over it is its root.
        outline = re.sub(r"^\s*#+\s+", "", text.lstrip("\n"), count=1)
        if text_reader.layout(outline).depths is not None:
            thread = text_reader.read(outline, source, embedder)
            return replace(thread, format="markdown", title=title or thread.title)
        # Its `>` marks say where replies start, so the explicit-cue reading fits.
        thread = text_reader.read(_as_plain_text(text), source, embedder, mode="cues")
        return replace(thread, format="markdown", title=title or thread.title)
    return read_blocks(blocks, source, title, embedder=embedder)


def _read_nested(blocks: list[tuple[str | None, list[str]]], depths: list[int], source: str,
                 title: str, embedder: Any | None) -> Thread:
    """A thread whose replies sit in their parent's blockquote: each is placed under the
    nearest comment before it that is nested less deep (top-level comments, not
    quoted, answer the post above them)."""
    first_is_post = not _AUTHOR.match(next(ln for ln in blocks[0][1] if ln.strip()))
    tree_depths = [0 if (k == 0 and first_is_post) else d + 1 for k, d in enumerate(depths)]
    nested = nested_parents(tree_depths) or []
    fixed = {k: (p, text_reader.INDENT_CONFIDENCE,  # a parent the layout states
                 f"nested in c{p + 1}'s blockquote" if depths[k]
                 else "a top-level comment (in no blockquote): it answers the post")
             for k, p in enumerate(nested) if k and p is not None}
    thread = read_blocks(blocks, source, title, embedder=embedder, fixed=fixed)
    note = f"replies nested in blockquotes: {len(fixed)} placed by their nesting"
    return replace(thread, notes=(note, *thread.notes))


def author_name(name: str | None, strip: str = "*") -> str:
    """A name as an author line can hold it: a "*" would end the line's bold name (and
    a bracket the "(replying to …)" after it), so they go; at most 40 characters."""
    return " ".join(re.sub(f"[{re.escape(strip)}]+", " ", name or "").split())[:40]


def author_line(name: str | None, replying_to: str | None = None) -> str:
    """The author line a reader writes for a comment it found ("**Jane Doe** (replying
    to Bob):"); no name is "unknown"."""
    to = author_name(replying_to, "*()")
    return f"**{author_name(name) or 'unknown'}**" + (f" (replying to {to})" if to else "") + ":"


def _tagged(own: str, spoken: set[str], author: str | None) -> re.Match | None:
    """The whole name of an earlier speaker opening a comment with no "@" or colon,
    as Facebook, LinkedIn and Instagram copy a tagged reply ("Tom Becker electric ones
    are quiet enough"). Only names that cannot be a sentence's first word count: two
    or three words, or one with a digit or "_" ("phonefan_99"); written exactly as the
    speaker's own header writes it, never the comment's own `author`, and followed by
    more words; an "@" before it is part of the match ("@Rob Chen")."""
    at = "@" if own.startswith("@") else ""
    words = own[len(at):].split(maxsplit=3)
    for n in (3, 2, 1):
        name = " ".join(words[:n]).rstrip(",:;")
        if (len(words) > n and name in spoken and name != author
                and (n > 1 or re.search(r"[\d_]", name))):
            return re.match(rf"{at}({re.escape(name)})[,:;]?\s*", own)
    return None


def _hint_name(hint: re.Match | None) -> str | None:
    return _name(next(g for g in hint.groups() if g)) if hint else None


def _short_quote_source(q: str, said_by: list[str], authors: list[str | None],
                        named: str | None) -> tuple[int, bool] | None:
    """The one earlier comment that says a quote too short for the quote index (a
    post's three-word title, say), among the named author's comments when the reply
    names one; None when none or several say it. `said_by` holds each earlier
    comment's words in lower case, one space apart; only the last 500 are read."""
    key = " ".join(q.lower().split())
    if len(key.split()) < 2:
        return None
    start = max(0, len(said_by) - 500)
    said = [j for j in range(start, len(said_by)) if key in said_by[j]]
    if named:
        said = [j for j in said if (authors[j] or "").lower() == named.lower()] or said
    return (said[0], True) if len(said) == 1 else None


def read_blocks(blocks: list[tuple[str | None, list[str]]], source: str, title: str = "",
                places: list[tuple[int, bool | None] | None] | None = None,
                embedder: Any | None = None,
                fixed: dict[int, tuple[int, float, str]] | None = None) -> Thread:
    """A thread from its comments' blocks of lines: (heading or None, lines), the first
    line maybe an author line. A copied page's headers give the blocks directly
    (`paste.read`), so a line of a comment that looks like Markdown structure ("---",
    "# heading") stays text. `places`, one per author line in order, says where each
    comment sits when those headers tell it (`paste.header_lines`). With `embedder`
    the parent choice also reads what each comment means, as a plain paste's does.
    `fixed` holds parents the source states (a talk page's indentation): they win
    over what quotes and names say."""
    drafts: list[Draft] = []
    authors: list[str | None] = []
    hints: list[str | None] = []
    found_quotes: list[set[int]] = []  # per comment, the comments its quotes were found in
    flat: list[str] = []  # per comment, its own words in lower case (short quotes look here)
    spoken: set[str] = set()  # the names of those who have spoken so far, as written
    index = QuoteIndex()
    for k, (heading, lines) in enumerate(blocks):
        author = None
        if heading and len(heading.split()) <= 4:
            author = _name(_BY.sub("", heading)) or None
        first = next(i for i, ln in enumerate(lines) if ln.strip())
        m = _AUTHOR.match(lines[first])
        hint = _REPLYING.search(heading or "")
        if m:
            author = _name(m.group("a") or m.group("a2") or m.group("b"))
            # "(replying to Jane Doe)": the whole name, as a mail's sender has it
            hint = hint or _REPLYING_ALL.match(m.group("r") or "") or _REPLYING.search(
                m.group("r") or "")
            lines = lines[:first] + [m.group("rest") or m.group("rest2") or ""] + lines[first + 1:]
        own, quoted = split_quotes("\n".join(lines))
        # "@Rob Chen": a speaker's whole name after the "@" (Slack, Teams), before
        # "@Rob" alone is taken for a handle
        lead = (_tagged(own, spoken, author) if own.startswith("@") else None
                ) or _LEAD_HINT.match(own)
        if not lead and (said := _ADDRESSED.match(own)) and said.group(1).lower() in {
                a.lower() for a in authors if a}:
            lead = said  # "mwong: the stats say…", as chat logs address someone who spoke
        if not lead:
            lead = _tagged(own, spoken, author)
        if lead:
            hint = hint or lead
            own = own[lead.end():].strip()
        d = Draft(paras=[k], own=[own] if own else [], opened_by="comment break",
                              addressed=bool(lead and lead.group(0).lstrip().startswith("@")))
        sources = set()
        named_now = _hint_name(hint)
        for q in quoted:
            found = index.source_of(q) or _short_quote_source(q, flat, authors, named_now)
            # A quote of nothing in the file quotes the comment above (or, for the
            # first comment, something outside the thread: no source).
            d.quotes.append((q, found[0] if found else (k - 1 if k else None)))
            if found:
                sources.add(found[0])
        found_quotes.append(sources)
        first_words = own or ""
        d.opener = cues.opener(first_words)
        d.accept = cues.accepts_offer(first_words)
        if own:
            index.add(k, own)
        flat.append(" ".join(own.lower().split()))
        drafts.append(d)
        authors.append(author)
        hints.append(named_now)
        if author and not author.startswith("["):
            spoken.add(author)
    # the comments after any text before the first author line, as `html.read` aligns
    lead = len(drafts) - len(places) if places else -1
    per_comment = [None] * lead + list(places) if places and lead in (0, 1) else None
    if per_comment is not None:
        per_comment[0] = None  # the post
    # What a comment says of itself decides: the one comment its quotes were found in
    # (even off the depth-first path: a mailing list or a Markdown log runs in the
    # order things were said), else the latest comment of the person it names.
    stated, fixed = fixed or {}, {}
    latest: dict[str, int] = {}  # author -> their latest comment so far
    for k, named in enumerate(hints):
        quoted = sorted(c for c in found_quotes[k] if c < k)
        earlier = latest.get(named.lower()) if named else None
        if k and len(quoted) == 1:
            fixed[k] = (quoted[0], QUOTE_CONFIDENCE,
                        f"comment break; quotes c{quoted[0] + 1}")
        elif k and earlier is not None and not quoted:
            fixed[k] = (earlier, 0.9, f"says it replies to {named}")
        if authors[k]:
            latest[authors[k].lower()] = k
            # "@benford" names "benford@fosstodon.org": a handle on its own server
            latest[authors[k].lower().split("@")[0]] = k
    fixed.update(stated)
    parents = choose_parents(
        drafts, places=per_comment, vectors=comment_vectors(drafts, embedder),
        authors=[a.lower() if a and not a.startswith("[") else None for a in authors],
        fixed=fixed)
    comments = []
    for k, d in enumerate(drafts):
        parent, conf, evidence = parents[k]
        comments.append(Comment(
            id=f"c{k + 1}", text="\n\n".join(d.own) or "\n\n".join(q for q, _ in d.quotes),
            author=authors[k], parent_id=None if parent is None else f"c{parent + 1}",
            position=k,
            quotes=tuple(Quote(text=q, source_comment_id=None if c is None else f"c{c + 1}")
                         for q, c in d.quotes),
            parent_confidence=None if parent is None else conf,
            parent_evidence=None if parent is None else evidence,
        ))
    return Thread(title=title or source.rsplit("/", 1)[-1].rsplit(".", 1)[0], source=source,
                  format="markdown", comments=tuple(comments))
