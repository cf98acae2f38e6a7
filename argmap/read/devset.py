"""Development set for the plain-text reader: real reply trees, flattened as a person pastes them.

A plain-text paste of a thread page is the tree read depth first, one paragraph a
line, with no authors and no marks of who answers whom. Given a thread whose tree is
known (coarse-discourse Reddit threads, RumourEval Reddit and Twitter threads, from
`../shared/data`), `flatten` writes that text and remembers, for every paragraph,
the true comment it belongs to, so the reader's output can be scored paragraph by
paragraph. Variants make the pastes people really produce: quoted lines kept (the
`>` lost) or dropped, replies that open by quoting their parent, hard-wrapped lines,
the thread scraped twice with a comment missing from each copy, deleted comments.

The texts stay in `../shared/data`; nothing here is written into the repository.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import random
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Node", "Tree", "Flat", "load_coarse", "load_rumoureval", "load_portal", "flatten",
           "is_heldout", "SOURCES", "SPACED_SOURCES", "source_trees", "DATA", "LONG_FORM",
           "hand_written"]

# ../shared/data beside the repository; ARGMAP_DEVDATA points elsewhere.
DATA = Path(os.environ.get("ARGMAP_DEVDATA")
            or Path(__file__).resolve().parents[3] / "shared" / "data")
DELETED = "[deleted]"
# Long-form threads written for argmap (not real threads: no long-form forum thread is
# in ../shared/data), one folder a style; read by `bench.longform`, never fitted on.
LONG_FORM = Path(__file__).resolve().parents[2] / "bench" / "longform"


@dataclass
class Node:
    id: str
    parent: str | None
    text: str
    author: str | None = None  # where the source keeps it (Coarse Discourse)


@dataclass
class Tree:
    """A thread in depth-first reading order, root first."""

    id: str
    nodes: list[Node]


@dataclass
class Flat:
    """A flattened thread: the text, and per paragraph line the true comment id."""

    text: str
    lines: list[str]  # the paragraphs, in the order written (all copies)
    labels: list[str]  # true comment id of each line
    parent: dict[str, str | None]  # true parent of each comment present
    opening: dict[str, int] = field(default_factory=dict)  # comment -> index of its first line


def is_heldout(thread_id: str) -> bool:
    """Held-out part of the development set: 40 % of threads by a hash of their id."""
    return int(hashlib.md5(thread_id.encode()).hexdigest(), 16) % 10 < 4


_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")


def _rendered(line: str) -> str:
    """What a browser shows of a Markdown line: links as their text, no emphasis marks."""
    line = _LINK.sub(r"\1", line)
    line = re.sub(r"(\*\*|__|~~)", "", line)
    line = line.replace("&gt;", ">").replace("&amp;", "&").replace("&lt;", "<")
    return line.strip()


def load_coarse(path: Path | None = None) -> list[Tree]:
    """Coarse-discourse threads (root text is title, blank line, body)."""
    path = path or DATA / "coarse-discourse" / "threads.jsonl"
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)
            nodes = [Node(c["id"], c["parent_id"], c["text"], c.get("author"))
                     for c in t["comments"]]
            out.append(Tree(t["thread_id"], nodes))
    return out


def _dfs(root: Node, nodes: list[Node], key) -> list[Node]:
    kids: dict[str, list[Node]] = {}
    for n in nodes:
        kids.setdefault(n.parent or "", []).append(n)
    order, stack = [], [root]
    while stack:
        n = stack.pop()
        order.append(n)
        stack.extend(sorted(kids.get(n.id, []), key=key, reverse=True))
    return order


def load_rumoureval(platform: str, path: Path | None = None) -> list[Tree]:
    """RumourEval threads of one platform whose every reply's parent is known."""
    path = path or DATA / "rumoureval" / "pairs.jsonl"
    rows: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["platform"] == platform:
                rows.setdefault(r["thread_id"], []).append(r)
    out = []
    for tid, rs in rows.items():
        root_text = next((r["target"] for r in rs if r["depth"] == 1), None)
        if root_text is None:
            continue
        rank = {}
        nodes = [Node(tid, None, root_text)]
        for n, r in enumerate(rs):
            rid = r["id"].rsplit(":", 1)[-1]
            rank[rid] = n
            nodes.append(Node(rid, r["parent_id"], r["text"]))
        ids = {n.id for n in nodes}
        if any(n.parent not in ids for n in nodes[1:]):
            continue
        # Tweet ids grow with time; Reddit replies keep the file's order.
        def key(n: Node, rank: dict[str, int] = rank) -> tuple[int, int]:
            if platform == "twitter" and n.id.isdigit():
                return (int(n.id), 0)
            return (0, rank.get(n.id, 0))
        out.append(Tree(tid, _dfs(nodes[0], nodes, key)))
    return out


def load_portal(path: Path | None = None) -> list[Tree]:
    """Debate-portal pages from PERSPECTRUM: a claim, then its perspectives, each one
    paragraph and a comment of its own under the claim (as a point list on a debate
    site). Nothing links one perspective to the next, which a reader trained only on
    conversations takes for one comment going on."""
    path = path or DATA / "perspectrum" / "pairs.jsonl"
    pages: dict[str, tuple[str, dict[str, None]]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            _, seen = pages.setdefault(r["topic"], (r["target"], {}))
            seen.setdefault(" ".join(r["text"].split()), None)
    out = []
    for topic, (claim, seen) in pages.items():
        texts = [t for t in seen if t][:12]
        if len(texts) < 2:
            continue
        nodes = [Node(topic, None, claim)]
        nodes += [Node(f"{topic}-{k}", topic, t) for k, t in enumerate(texts)]
        out.append(Tree(topic, nodes))
    return out


def _paragraphs(text: str, quotes: bool) -> list[str]:
    """A comment's lines as a page copy shows them; `>` quoted lines kept unmarked or dropped."""
    out = []
    for ln in text.splitlines():
        ln = ln.strip()
        quoted = ln.startswith(">") or ln.startswith("&gt;")
        if quoted:
            if not quotes:
                continue
            ln = re.sub(r"^(?:>|&gt;|\s)+", "", ln)
        ln = _rendered(ln)
        if ln:
            out.append(ln)
    return out


def flatten(tree: Tree, *, quotes: bool = True, quote_parent: float = 0.0, wrap: int = 0,
            twice: bool = False, delete: float = 0.0, spaced: int = 0, indent: int = 0,
            bullets: bool = False, seed: int = 0) -> Flat:
    """The plain text a person gets by copying the thread page, and the truth behind it.

    quotes: keep `>` quoted lines (without the mark) or drop them.
    quote_parent: share of replies that open by quoting a sentence of their parent.
    wrap: hard-wrap lines at this width, paragraphs separated by blank lines.
    twice: the thread twice, each copy lacking one (different) leaf comment.
    delete: share of replies shown as "[deleted]" (their replies stay).
    spaced: blank lines between comments (1: a comment's paragraphs one a line, a
      blank line after each comment; 2: one blank line between paragraphs, two
      between comments), as some pastes and exports space them.
    indent: spaces a reply is indented beyond what it answers (0: none), as text
      exports and terminal readers lay out a tree.
    bullets: with `indent`, each reply's first paragraph is a "- " bullet and its other
      paragraphs sit under the bullet's words (a Markdown outline).
    """
    rng = random.Random(f"{tree.id}:{seed}")
    parent = {n.id: n.parent for n in tree.nodes}
    text_of = {n.id: n.text for n in tree.nodes}
    paras: dict[str, list[str]] = {}
    for n in tree.nodes:
        body = n.text
        if n.parent is not None and delete and rng.random() < delete:
            body = DELETED
        ps = _paragraphs(body, quotes) if body.strip() else [DELETED]
        if n.parent is not None and quote_parent and rng.random() < quote_parent:
            src = [s for p in _paragraphs(text_of[n.parent], False)
                   for s in re.split(r"(?<=[.!?])\s+", p) if len(s.split()) >= 6]
            if src:
                ps = [rng.choice(src)] + ps
        paras[n.id] = ps or [DELETED]
    order = [n.id for n in tree.nodes]
    copies = [order]
    if twice:
        has_kids = {p for p in parent.values() if p}
        leaves = [c for c in order[1:] if c not in has_kids]
        drop = rng.sample(leaves, 2) if len(leaves) >= 2 else []
        copies = [[c for c in order if not drop or c != drop[0]],
                  [c for c in order if not drop or c != drop[1]]]
    lines: list[str] = []
    labels: list[str] = []
    opening: dict[str, int] = {}
    for copy in copies:
        for cid in copy:
            opening.setdefault(cid, len(lines))
            for p in paras[cid]:
                lines.append(p)
                labels.append(cid)
    if indent:
        depth: dict[str, int] = {}
        for n in tree.nodes:
            depth[n.id] = depth.get(n.parent, -1) + 1 if n.parent in depth else 0
        lines_out = []
        for k, (c, p) in enumerate(zip(labels, lines, strict=True)):
            pad = " " * indent * max(depth[c] - bullets, 0)
            if bullets and depth[c]:
                opens = k == 0 or labels[k - 1] != c
                pad, p = (pad + "- ", p) if opens else (pad + "  ", p)
            lines_out.append(pad + p)
        text = "\n".join(lines_out) + "\n"
    elif spaced:
        inside, between = ("\n", "\n\n") if spaced == 1 else ("\n\n", "\n\n\n")
        text = "".join((between if k and labels[k] != labels[k - 1] else inside if k else "") + p
                       for k, p in enumerate(lines)) + "\n"
    elif wrap:
        text = "\n\n".join("\n".join(textwrap.wrap(p, wrap)) or p for p in lines) + "\n"
    else:
        text = "\n".join(lines) + "\n"
    return Flat(text, lines, labels, parent, opening)


# name -> (loader, flatten options); "every source" in the table means these.
SOURCES: dict[str, tuple[str, dict]] = {
    "reddit plain": ("coarse", {}),
    "reddit no quotes": ("coarse", {"quotes": False}),
    "reddit quoting parent": ("coarse", {"quote_parent": 0.3}),
    "reddit hard-wrapped": ("coarse", {"wrap": 72}),
    "reddit scraped twice": ("coarse", {"twice": True}),
    "reddit deleted": ("coarse", {"delete": 0.1}),
    "rumoureval reddit": ("reddit", {}),
    "rumoureval twitter": ("twitter", {}),
    "debate portal": ("portal", {}),
}
# Pastes whose spacing marks the comments (`text.layout_breaks`): scored beside the
# sources above, not fitted on (the spacing, not the boundary model, decides there)
# and not in their "overall".
SPACED_SOURCES: dict[str, tuple[str, dict]] = {
    "reddit, blank line between comments": ("coarse", {"spaced": 1}),
    "reddit, two blank lines between comments": ("coarse", {"spaced": 2}),
    "rumoureval reddit, blank line between comments": ("reddit", {"spaced": 1}),
    "reddit, replies indented": ("coarse", {"indent": 4}),
    "rumoureval reddit, replies indented": ("reddit", {"indent": 4}),
    "reddit, an outline of bullets": ("coarse", {"indent": 2, "bullets": True}),
}


def source_trees(kind: str) -> list[Tree]:
    """The trees of one kind of source ("coarse", "reddit", "twitter", "portal")."""
    if kind == "coarse":
        return load_coarse()
    if kind == "portal":
        return load_portal()
    return load_rumoureval(kind)


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def hand_written(folder: Path) -> list[tuple[str, Flat]]:
    """The threads of one `LONG_FORM` folder as flattened pastes with their truth.

    Each NAME.txt is a paste (one paragraph a line, no authors, depth first); NAME.expect
    .json lists its comments in order, each with its first and last words and the index
    of the comment it answers. A comment opens at the first line after the one before
    that starts with its words where the line above ends with the previous comment's
    last words (a reply may quote a sentence that also opens a line of its parent).
    """
    out = []
    for path in sorted(Path(folder).glob("*.txt")):
        want = json.loads(path.with_suffix(".expect.json").read_text("utf-8"))["comments"]
        lines = [ln.strip() for ln in path.read_text("utf-8").splitlines() if ln.strip()]
        first: list[int] = []
        for k, c in enumerate(want):
            start = _norm(c["start"])
            lo = first[-1] + 1 if first else 0
            first.append(next(
                i for i in range(lo, len(lines)) if _norm(lines[i]).startswith(start)
                and (k == 0 or _norm(lines[i - 1]).endswith(_norm(want[k - 1]["end"])))))
        labels = [f"t{bisect.bisect_right(first, i) - 1}" for i in range(len(lines))]
        parent = {f"t{k}": None if c["parent"] is None else f"t{c['parent']}"
                  for k, c in enumerate(want)}
        out.append((path.stem, Flat(text="\n".join(lines), lines=lines, labels=labels,
                                    parent=parent,
                                    opening={f"t{k}": f for k, f in enumerate(first)})))
    return out
