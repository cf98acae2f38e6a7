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
the baselines, and a copy of a new-Reddit page (each comment under its author's name,
"·" and its age; no links), a chat log and a mailing-list digest (`mail_copy`: "From:"
headers, attribution lines, the parent's words quoted, or not) are read the same way.
The names are the real authors' (a
deleted one is made up from the comment id; `--made-up-names` makes up every name, so
no two comments share an author); texts stay in `../shared/data`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter

__all__ = ["hn_copy", "score", "main"]


def real_authors(trees) -> dict[str, str]:
    """Comment id -> its author's name as the data keeps it (deleted accounts and names
    no page would show left out, so they get made-up ones)."""
    return {n.id: n.author for t in trees for n in t.nodes
            if re.fullmatch(r"\w[\w-]{1,29}", n.author or "")}


def hn_copy(tree, links: bool = True, authors: dict[str, str] | None = None) -> str:
    """The text of a copied Hacker News page showing `tree` (root first, depth first),
    with the real authors where given (else names made up from the comment ids)."""
    authors = authors or {}
    from argmap.read import devset

    parent = {n.id: n.parent for n in tree.nodes}
    depth: dict[str, int] = {}
    seen_child: Counter[str] = Counter()
    kids = Counter(p for p in parent.values() if p)
    root = tree.nodes[0]
    title, *body = devset._paragraphs(root.text, True) or ["(untitled)"]
    poster = authors.get(root.id, f"poster_{root.id[-4:]}")
    out = [title, f"{len(tree.nodes) * 3} points by {poster} 6 hours ago"
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
        header = f"{authors.get(n.id, f'user_{n.id[-5:]}')} {2 + len(out) % 5} hours ago"
        if links:
            header += "".join(f" | {w}" for w in nav) + " [–]"
        out += [header, *(devset._paragraphs(n.text, True) or [devset.DELETED]), "reply"]
    return "\n".join(out) + "\n"


def reddit_copy(tree, authors: dict[str, str] | None = None, levels: bool = False) -> str:
    """The text of a copied new-Reddit page: each comment under its author's name, "·"
    and its age, then "Reply" and "Share"; no links, no indentation. With `levels`, the
    "level N" line the 2018 redesign put above each comment (its depth) too."""
    from argmap.read import devset

    authors = authors or {}
    root = tree.nodes[0]
    title, *body = devset._paragraphs(root.text, True) or ["(untitled)"]
    out = [f"Posted by u/{authors.get(root.id, 'poster_' + root.id[-4:])} 6 hr. ago", title,
           *body, f"{len(tree.nodes) * 3}", "Share"]
    depth = {root.id: 0}
    for n in tree.nodes[1:]:
        depth[n.id] = depth.get(n.parent or "", 0) + 1
        out += [f"level {depth[n.id]}"] if levels else []
        out += [authors.get(n.id, f"user_{n.id[-5:]}"), "·", f"{2 + len(out) % 5} hr. ago",
                *(devset._paragraphs(n.text, True) or [devset.DELETED]), "Reply", "Share"]
    return "\n".join(out) + "\n"


def old_reddit_copy(tree, authors: dict[str, str] | None = None) -> str:
    """The text of a copied old-Reddit page: the byline under the title, the bar over
    the comments, each comment under "[–]NAME 12 points 5 hours ago" and over its links
    run together as a copy gives them, "parent" among them on every reply."""
    from argmap.read import devset

    authors = authors or {}
    root = tree.nodes[0]
    title, *body = devset._paragraphs(root.text, True) or ["(untitled)"]
    n_replies = len(tree.nodes) - 1
    out = [title, f"submitted 6 hours ago by {authors.get(root.id, 'poster_' + root.id[-4:])}",
           *body, f"{n_replies} comments share save hide report", f"all {n_replies} comments",
           "sorted by: best"]
    for n in tree.nodes[1:]:
        reply = n.parent not in (None, root.id)
        out += [f"[–]{authors.get(n.id, f'user_{n.id[-5:]}')} {2 + len(out) % 9} points "
                f"{2 + len(out) % 5} hours ago",
                *(devset._paragraphs(n.text, True) or [devset.DELETED]),
                "permalinkembedsave" + ("parent" if reply else "") + "reportgive awardreply"]
    return "\n".join(out) + "\n"


def chat_copy(tree, authors: dict[str, str] | None = None) -> str:
    """The thread as a chat log: "name: words" opening each comment, no links."""
    from argmap.read import devset

    authors = authors or {}
    out = []
    for n in tree.nodes:
        paras = devset._paragraphs(n.text, True) or [devset.DELETED]
        out += [f"{authors.get(n.id, 'user_' + n.id[-5:])}: {paras[0]}", *paras[1:]]
    return "\n".join(out) + "\n"


def mail_copy(tree, authors: dict[str, str] | None = None, quoting: str = "inline") -> str:
    """The thread as a pasted mailing-list digest: each message under its "From:",
    "Date:" and "Subject:" headers, the reply's attribution line ("On …, NAME <…>
    wrote:") and the parent's words quoted: its first paragraph above the reply
    (`quoting="inline"`), all of it below the reply with what it quoted one level
    deeper (`"bottom"`, as mail programs top-post), or none (`"none"`: the attribution
    alone). Each message is signed with the sender's name after "-- "."""
    from argmap.read import devset

    authors = authors or {}

    def who(n) -> str:
        return authors.get(n.id, f"user_{n.id[-5:]}")

    words = {n.id: devset._paragraphs(n.text, True) or [devset.DELETED] for n in tree.nodes}
    byid = {n.id: n for n in tree.nodes}
    root = tree.nodes[0]
    subject = words[root.id][0][:80]
    out: list[str] = []
    for k, n in enumerate(tree.nodes):
        minute = 10 + k
        out += [f"From: {who(n)} <{who(n).lower()}@example.org>",
                f"Date: Tue, 24 Nov 2026 {minute // 60 + 9:02d}:{minute % 60:02d}:00 +0000",
                f"Subject: {'Re: ' if k else ''}[debate] {subject}", ""]
        body = words[n.id]
        par = byid.get(n.parent or "", root) if k else None
        if par is not None and quoting != "none":
            said = f"On Tue, 24 Nov 2026, {who(par)} <{who(par).lower()}@example.org> wrote:"
            if quoting == "inline":
                out += [said, f"> {words[par.id][0]}", "", *[x for p in body for x in (p, "")]]
            else:
                out += [*[x for p in body for x in (p, "")], said,
                        *[f"> {p}\n>" for p in words[par.id]], ""]
        elif par is not None:
            out += [f"On Tue, 24 Nov 2026, {who(par)} wrote:", "",
                    *[x for p in body for x in (p, "")]]
        else:
            out += [x for p in body for x in (p, "")]
        out += ["-- ", who(n), ""]
    return "\n".join(out) + "\n"


def score(tree, links: bool = True, embedder=None, authors: dict[str, str] | None = None,
          style: str = "hn") -> Counter:
    """Replies, parents right, the chain's, and whether every comment was found."""
    from argmap.read import read_text

    if style == "hn":
        text = hn_copy(tree, links, authors)
    elif style == "reddit-levels":
        text = reddit_copy(tree, authors, levels=True)
    elif style.startswith("mail"):
        text = mail_copy(tree, authors, style.removeprefix("mail-"))
    else:
        text = {"reddit": reddit_copy, "chat": chat_copy,
                "old-reddit": old_reddit_copy}[style](tree, authors)
    t = read_text(text, source="copy.txt", embedder=embedder)
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
        s["sure"] += (t.comments[k].parent_confidence or 0) >= 0.95
        s["sure right"] += (got is not None and mine[got] == true
                            and (t.comments[k].parent_confidence or 0) >= 0.95)
    return s


def main(argv: list[str] | None = None) -> int:
    from argmap.read import devset

    ap = argparse.ArgumentParser(prog="python -m bench.hn_copy",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("heldout", "tune"), default="heldout")
    ap.add_argument("--limit", type=int, default=None, help="threads")
    ap.add_argument("--made-up-names", action="store_true",
                    help="names made up from the comment ids, not the real authors")
    ap.add_argument("--only", default=None, metavar="WORDS",
                    help="only the copies whose name holds WORDS (e.g. 'old Reddit')")
    ap.add_argument("--no-embed", action="store_true",
                    help="read without the embedding model (a build always gives it)")
    args = ap.parse_args(argv)
    if not devset.DATA.exists():
        print(f"no development data at {devset.DATA}", file=sys.stderr)
        return 1
    trees = [t for t in devset.load_coarse()
             if devset.is_heldout(t.id) == (args.part == "heldout") and len(t.nodes) > 1]
    trees = trees[:args.limit]
    authors = None if args.made_up_names else real_authors(trees)
    embedder = None
    if not args.no_embed:
        from argmap.settings import Models, Settings
        embedder = Models(Settings()).reader_embedder
    print("| copy | threads | replies | parents right | chain parents | drawn sure (≥ 0.95) "
          "| sure and right |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, links, style in (("Hacker News, with the links", True, "hn"),
                               ("Hacker News, name and time only", False, "hn"),
                               ("new Reddit (name, ·, age)", False, "reddit"),
                               ("new Reddit with its 'level N' lines", False, "reddit-levels"),
                               ("old Reddit (header, links under each comment)", False,
                                "old-reddit"),
                               ("a chat log (name: words)", False, "chat"),
                               ("mail, parent's opening quoted above", False, "mail-inline"),
                               ("mail, parent quoted below (top-posted)", False, "mail-bottom"),
                               ("mail, attribution line only", False, "mail-none")):
        if args.only and args.only.lower() not in name.lower():
            continue
        s: Counter = Counter()
        for t in trees:
            s.update(score(t, links, embedder, authors, style))
        n = max(s["replies"], 1)
        print(f"| {name} | {s['threads']} "
              f"({s['misread threads']} misread) | {s['replies']} | {s['right'] / n:.3f} | "
              f"{s['chain'] / n:.3f} | {s['sure'] / n:.3f} | "
              f"{s['sure right'] / max(s['sure'], 1):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
