"""Who answers whom in a copied Hacker News page, on real reply trees.

    python -m bench.hn_copy [--part heldout|tune] [--limit N]

A copy of a Hacker News thread page keeps each comment's header ("NAME 5 hours ago |
root | parent | prev | next [–]") but loses the indentation. The development set has
no Hacker News threads, so each Coarse Discourse thread (`argmap.read.devset`,
held-out part by default: real Reddit reply trees) is written out as such a copy: the
title, the story's byline, each comment in depth-first order under a header whose
links follow Hacker News's rules (no "parent" on a top-level comment, "root" below the
second level, "prev" on any reply but a parent's first), and "reply" after it. Each
copy is read by `argmap.read.read_text`, as a pasted file is, and the parents are
compared with the real ones. The same copies without the links (a name and a time
only, as many forums show) and the naive "each comment answers the one before it" are
the baselines. Names are made up from the comment ids; texts stay in `../shared/data`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

__all__ = ["hn_copy", "score", "main"]


def hn_copy(tree, links: bool = True) -> str:
    """The text of a copied Hacker News page showing `tree` (root first, depth first)."""
    from argmap.read import devset

    parent = {n.id: n.parent for n in tree.nodes}
    depth: dict[str, int] = {}
    seen_child: Counter[str] = Counter()
    kids = Counter(p for p in parent.values() if p)
    root = tree.nodes[0]
    title, *body = devset._paragraphs(root.text, True) or ["(untitled)"]
    out = [title, f"{len(tree.nodes) * 3} points by poster_{root.id[-4:]} 6 hours ago"
           + (f" | hide | past | favorite | {len(tree.nodes) - 1} comments" if links else ""),
           *body]
    for n in tree.nodes[1:]:
        p = n.parent if n.parent in parent else root.id
        depth[n.id] = 1 if p == root.id else depth.get(p, 1) + 1
        seen_child[p] += 1
        nav = []
        if depth[n.id] >= 3:
            nav.append("root")
        if depth[n.id] >= 2:
            nav.append("parent")
        if seen_child[p] > 1:
            nav.append("prev")
        if seen_child[p] < (kids[p] if p != root.id else kids[root.id]):
            nav.append("next")
        header = f"user_{n.id[-5:]} {2 + len(out) % 5} hours ago"
        if links:
            header += "".join(f" | {w}" for w in nav) + " [–]"
        out += [header, *(devset._paragraphs(n.text, True) or [devset.DELETED]), "reply"]
    return "\n".join(out) + "\n"


def score(tree, links: bool = True, embedder=None) -> Counter:
    """Replies, parents right, the chain's, and whether every comment was found."""
    from argmap.read import read_text

    t = read_text(hn_copy(tree, links), source="hn-copy.txt", embedder=embedder)
    ids = [n.id for n in tree.nodes]
    pos = {c: i for i, c in enumerate(ids)}
    s: Counter = Counter(threads=1)
    if len(t.comments) != len(ids):
        s["misread threads"] += 1
        return s
    mine = {c.id: k for k, c in enumerate(t.comments)}
    for k, n in enumerate(tree.nodes[1:], 1):
        true = pos.get(n.parent or "", 0)
        got = t.comments[k].parent_id
        s["replies"] += 1
        s["right"] += got is not None and mine[got] == true
        s["chain"] += true == k - 1
        s["sure"] += (t.comments[k].parent_confidence or 0) >= 0.99
        s["sure right"] += (got is not None and mine[got] == true
                            and (t.comments[k].parent_confidence or 0) >= 0.99)
    return s


def main(argv: list[str] | None = None) -> int:
    from argmap.read import devset

    ap = argparse.ArgumentParser(prog="python -m bench.hn_copy",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("heldout", "tune"), default="heldout")
    ap.add_argument("--limit", type=int, default=None, help="threads")
    ap.add_argument("--no-embed", action="store_true",
                    help="read without the embedding model (a build always gives it)")
    args = ap.parse_args(argv)
    if not devset.DATA.exists():
        print(f"no development data at {devset.DATA}", file=sys.stderr)
        return 1
    trees = [t for t in devset.load_coarse()
             if devset.is_heldout(t.id) == (args.part == "heldout") and len(t.nodes) > 1]
    trees = trees[:args.limit]
    embedder = None
    if not args.no_embed:
        from argmap.settings import Models, Settings
        embedder = Models(Settings()).embedder
    print("| copy | threads | replies | parents right | chain parents | drawn sure (1.0) "
          "| sure and right |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for links in (True, False):
        s: Counter = Counter()
        for t in trees:
            s.update(score(t, links, embedder))
        n = max(s["replies"], 1)
        print(f"| {'with the links' if links else 'name and time only'} | {s['threads']} "
              f"({s['misread threads']} misread) | {s['replies']} | {s['right'] / n:.3f} | "
              f"{s['chain'] / n:.3f} | {s['sure'] / n:.3f} | "
              f"{s['sure right'] / max(s['sure'], 1):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
