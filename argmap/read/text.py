"""Plain text dumps: one paragraph a line, no authors, no comment boundaries.

The reader recovers the thread a careful human would see, in four steps:

1. **Copies.** If the file holds the thread more than once, merge the copies
   (`scrapes.merge_copies`): every paragraph once, each remembering its copies.
2. **Quotes.** A paragraph (or its leading sentences) that repeats an earlier
   paragraph nearly verbatim is a quote of that paragraph's comment
   (`quotes.QuoteIndex`).
3. **Boundaries.** A new comment starts at a paragraph that
   - opens with a quote (unless the current comment already quotes the same
     comment: a point-by-point reply), or
   - opens with a reply opener ("Yeah, but", "Please do!"; see `cues`), or
   - starts or ends a run of paragraphs only one scrape has (a dropped comment), or
   - follows a closer ("TL;DR", "Overall,") or opens with a direct question to
     "you" -- both only when the paragraph is not visibly linked to the one before
     ("But", "These users", "the schemas above", a list after a colon), or
   - (with an embedder) shares almost nothing with the comment so far, when not linked.
   The paragraph right after a quote is the reply's own words: it never opens
   another comment. Everything else continues the current comment.
4. **Parents.** Threads are scraped depth first, so a comment answers the previous
   comment or one of its ancestors. A comment that quotes replies to the quoted
   comment; one that accepts an offer ("Please do!") to the comment that made it;
   one that agrees or disagrees *that* something ("I agree that many humans would
   do so") to the ancestor whose words the clause repeats ("humans would do");
   one with a reply opener ("Yeah, but") to the previous comment; otherwise to the
   previous comment, unless an ancestor shares clearly more of its rare words.

Every decision is written into the comment's `parent_evidence`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Comment, Quote, Thread
from argmap.read import cues
from argmap.read.quotes import QuoteIndex, key
from argmap.read.scrapes import Para, merge_copies

__all__ = ["read", "paragraphs", "Draft", "choose_parents"]

# Cosine (all-MiniLM-L6-v2) to the comment so far below which an unlinked paragraph
# starts afresh. Kept low on purpose: in the sample debate continuations go down to
# 0.15 while true boundaries sit at 0.0-0.33, so similarity alone only catches a real
# change of subject; quotes and openers do the rest.
TOPIC_SHIFT = 0.08
MAX_ANCESTORS = 12  # how far up the reply chain a parent is looked for
TAKEUP_MARGIN = 1.6  # an ancestor must share this many times more than the previous comment

_STOP = frozenset(
    "about above after again also because been before being below between both could does "
    "doing down during each from further have having here into just more most other over "
    "same should some such than that their theirs them then there these they this those "
    "through under until very what when where which while will with would your yours "
    "think like really things thing even much many only well make made".split()
)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a dump: one a line, or blank-line blocks when lines are wrapped.

    Hard-wrapped text (email, some exports) breaks lines mid-sentence; when most
    line breaks inside blank-line-separated blocks fall after a non-final character,
    the block, not the line, is the paragraph.
    """
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    inner = [ln.rstrip() for b in blocks for ln in b.strip().splitlines()[:-1] if ln.strip()]
    if len(blocks) > 1 and inner:
        mid_sentence = sum(not re.search(r"[.!?:;\"”’)\]]$", ln) for ln in inner)
        if mid_sentence >= 0.6 * len(inner):
            return [" ".join(ln.strip() for ln in b.splitlines() if ln.strip()) for b in blocks]
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


@dataclass
class Draft:
    """A comment being assembled from paragraphs."""

    paras: list[int] = field(default_factory=list)
    own: list[str] = field(default_factory=list)
    quotes: list[tuple[str, int]] = field(default_factory=list)  # (quoted text, comment index)
    copies: frozenset[int] = frozenset()
    opened_by: str = ""  # why this comment starts here
    accept: bool = False
    opener: str | None = None


def _words(text: str) -> Counter[str]:
    """Content words cut to six letters: a crude stem ("volunteered" ~ "volunteer")."""
    return Counter(
        w[:6] for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower()) if w not in _STOP
    )


def _tfidf(drafts: list[Draft]) -> list[dict[str, float]]:
    bags = [_words(" ".join(d.own)) for d in drafts]
    df = Counter(w for b in bags for w in b)
    n = len(bags)
    vecs = []
    for b in bags:
        v = {w: c * math.log(1 + n / df[w]) for w, c in b.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return vecs


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def _copies(copies: frozenset[int]) -> str:
    return "copy " + ", ".join(str(c + 1) for c in sorted(copies))


def _segment(paras: list[Para], n_copies: int, embedder: Any | None) -> list[Draft]:
    """Group paragraphs into comments, finding quotes as we go."""
    index = QuoteIndex()
    comment_of: dict[int, int] = {}  # paragraph -> comment index
    drafts: list[Draft] = []
    vecs = None
    if embedder is not None and not hasattr(embedder, "encode"):
        embedder = embedder()  # a loader: the model is only loaded for a text thread
    if embedder is not None and len(paras) > 1:
        import numpy as np
        vecs = np.asarray(
            embedder.encode([p.text for p in paras], normalize_embeddings=True,
                            show_progress_bar=False)
        )
    prev_pure_quote = False
    for i, para in enumerate(paras):
        text = para.text
        match = index.match(text) if i else None
        source = comment_of[match.source] if match else None
        start, why = False, ""
        if not drafts:
            start, why = True, "first paragraph"
        elif match:
            cur = drafts[-1]
            if any(c == source for _, c in cur.quotes) and cur.paras and cur.quotes:
                start = False  # point-by-point reply quoting the same comment again
            else:
                start, why = True, f"quotes c{source + 1}"
        elif prev_pure_quote:
            start = False
        else:
            prev = paras[i - 1]
            only_here = n_copies > 1 and len(para.copies) < n_copies
            prev_only = n_copies > 1 and len(prev.copies) < n_copies
            op = cues.opener(text)
            link = cues.binds(text, prev.text)
            if op:
                start, why = True, f"opener {op!r}"
            elif only_here and para.copies != prev.copies:
                start, why = True, f"only in {_copies(para.copies)} of the scrapes"
            elif prev_only and not only_here and not link:
                start, why = True, f"after a comment only {_copies(prev.copies)} has"
            elif not link and cues.closes(prev.text):
                start, why = True, f"after closer {cues.closes(prev.text)!r}"
            elif not link and cues.asks_you(text):
                start, why = True, f"asks {cues.asks_you(text)!r}…"
            elif not link and vecs is not None:
                cur_vec = vecs[drafts[-1].paras].mean(axis=0)
                sim = float(vecs[i] @ cur_vec / (float((cur_vec**2).sum()) ** 0.5 or 1.0))
                if sim < TOPIC_SHIFT:
                    start, why = True, f"topic shift (similarity {sim:.2f})"
        if start:
            drafts.append(Draft(opened_by=why))
            d = drafts[-1]
            d.opener = cues.opener(match.rest if match else text)
            d.accept = cues.accepts_offer(match.rest if match and match.rest else text)
        d = drafts[-1]
        d.paras.append(i)
        d.copies = d.copies | para.copies
        comment_of[i] = len(drafts) - 1
        own = text
        if match:
            d.quotes.append((match.quoted, source))
            own = match.rest
            if start and match.rest:
                d.accept = cues.accepts_offer(match.rest)
        if own:
            d.own.append(own)
            index.add(i, own)
        prev_pure_quote = bool(match and not match.rest)
    return drafts


def choose_parents(drafts: list[Draft]) -> list[tuple[int | None, float, str]]:
    """Parent index, confidence and evidence for each comment (None for the root).

    Take-up is measured on shared words, not embeddings: a comment is usually
    closest in meaning to its own author's earlier comments, which says nothing
    about whom it answers, while repeating a rare word of the comment it answers
    ("refusals") is what a reply does.
    """
    tfidf = _tfidf(drafts)
    out: list[tuple[int | None, float, str]] = [(None, 1.0, "")]
    for k in range(1, len(drafts)):
        d = drafts[k]
        # Depth-first scrape order: the parent is the previous comment or an ancestor.
        path, node = [], k - 1
        while node is not None and len(path) < MAX_ANCESTORS:
            path.append(node)
            node = out[node][0]
        opened = d.opened_by
        if d.quotes:
            src = d.quotes[0][1]
            if src != k:
                out.append((src, 0.95, f"quotes c{src + 1}"))
                continue
        if d.accept:
            offering = next((p for p in path if cues.offer(" ".join(drafts[p].own))), None)
            if offering is not None:
                what = cues.offer(" ".join(drafts[offering].own))
                out.append((offering, 0.75, f"accepts the offer in c{offering + 1} ({what!r})"))
                continue

        clause = cues.restated(d.own[0]) if d.own else None
        if clause:
            echoes = [(len(e.split()), p, e) for p in path
                      if (e := _echo(clause, " ".join(drafts[p].own)))]
            if echoes:
                _, p, e = max(echoes, key=lambda x: (x[0], -path.index(x[1])))
                out.append((p, 0.7, f"{opened}; restates c{p + 1} ({e!r})"))
                continue

        def score(p: int, k: int = k) -> float:
            return _cos(tfidf[k], tfidf[p])

        prev = path[0]
        best = max(path[1:], key=score, default=None)
        measure = "shared words"
        # A reply opener ("Yeah, but") answers the turn just before it.
        if (best is not None and not d.opener
                and score(best) > max(0.1, TAKEUP_MARGIN * score(prev))):
            out.append((best, 0.5, f"{opened}; takes up c{best + 1}'s words "
                        f"({measure} {score(best):.2f} vs {score(prev):.2f} for c{prev + 1})"))
        else:
            conf = 0.7 if d.opener else 0.6
            out.append((prev, conf, f"{opened}; follows c{prev + 1} ({measure} {score(prev):.2f})"))
    return out


def _echo(clause: str, text: str) -> str | None:
    """The longest run of 3+ words the clause shares with the text, if it has a content word."""
    a, b = key(clause).split(), f" {key(text)} "
    for n in range(len(a), 2, -1):
        for i in range(len(a) - n + 1):
            run = a[i : i + n]
            if any(len(w) >= 4 and w not in _STOP for w in run) and f" {' '.join(run)} " in b:
                return " ".join(run)
    return None


def _first_words(text: str, n: int = 6) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def read(text: str, source: str, embedder: Any | None = None) -> Thread:
    """Read a plain text thread, reconstructing comments, quotes and reply structure."""
    lines = paragraphs(text)
    if not lines:
        raise ArgmapError(f"{source}: the thread is empty (no text to map)")
    paras, notes = merge_copies(lines)
    n_copies = max((max(p.copies) for p in paras), default=0) + 1
    drafts = _segment(paras, n_copies, embedder)
    parents = choose_parents(drafts)
    comments = []
    for k, (d, (parent, conf, evidence)) in enumerate(zip(drafts, parents, strict=True)):
        body = "\n\n".join(d.own) or "\n\n".join(q for q, _ in d.quotes)
        comments.append(
            Comment(
                id=f"c{k + 1}",
                text=body,
                parent_id=None if parent is None else f"c{parent + 1}",
                position=k,
                quotes=tuple(Quote(text=q, source_comment_id=f"c{c + 1}") for q, c in d.quotes),
                parent_confidence=None if parent is None else conf,
                parent_evidence=None if parent is None else evidence,
            )
        )
    if n_copies > 1:
        for k, d in enumerate(drafts):
            if len(d.copies) < n_copies:
                notes.append(
                    f"c{k + 1} ({_first_words(comments[k].text)!r}) is only in copy "
                    f"{', '.join(str(c + 1) for c in sorted(d.copies))}"
                )
        quote_copies = Counter(
            c + 1 for d in drafts for i in d.paras for c in paras[i].copies
            if _is_quote_para(d, paras[i].text)
        )
        if quote_copies:
            notes.append("quotes kept from " + ", ".join(
                f"copy {c} ({n})" for c, n in sorted(quote_copies.items())))
    return Thread(
        title=Path(source).stem, source=source, format="text",
        comments=tuple(comments), notes=tuple(notes),
    )


def _is_quote_para(d: Draft, text: str) -> bool:
    return any(text.strip().startswith(q) for q, _ in d.quotes)
