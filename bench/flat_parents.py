"""How well argmap places comments whose file names no parent (a flat JSON list).

A GitHub issue's comments, an X search result or a table of messages say who wrote
what, in order, but not who answers whom. `jsonfmt.records_from` then places them
(`argmap.read.flat`). This scores that placement on the held-out development threads
(`argmap.read.devset`), each written as a JSON list without parent fields:

- *coarse-discourse*: Reddit threads in reading order (depth first), with authors;
- *rumoureval twitter*: X conversations in the order they were posted (tweet ids grow
  with time), no authors, replies opening with the "@names" the platform adds.

Parents right = share of replies whose chosen parent is the true one. Baselines: each
comment answers the one before it in the file (chain) and each answers the first (star).

    python -m bench.flat_parents            # about 2 minutes
    python -m bench.flat_parents --no-embed # the words-only parent model
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from argmap.read import devset
from argmap.read.eval import build_embedder
from argmap.read.jsonfmt import read_json


def _records(tree: devset.Tree, kind: str) -> list[dict[str, Any]]:
    nodes = list(tree.nodes)
    if kind == "twitter":  # a flat export lists posts in time order, not depth first
        nodes = [nodes[0], *sorted(nodes[1:], key=lambda n: int(n.id) if n.id.isdigit() else 0)]
    return [{"id": n.id, "text": n.text, **({"author": n.author} if n.author else {})}
            for n in nodes if n.text.strip() and n.text.strip() not in ("[deleted]", "[removed]")]


def score(kind: str, embedder: Any | None, limit: int | None = None) -> dict[str, float]:
    """Parents right, and both baselines, over the held-out trees of one source."""
    trees = [t for t in devset.source_trees(kind) if devset.is_heldout(t.id)][:limit]
    n = right = chain = star = placed = threads = 0
    pn = pright = pchain = pstar = 0  # the same, over the threads argmap placed
    for t in trees:
        items = _records(t, kind)
        if len(items) < 3:
            continue
        truth = {nd.id: nd.parent for nd in t.nodes}
        alive = {it["id"] for it in items}
        thread = read_json(json.dumps(items), f"{t.id}.json", shape="json", embedder=embedder)
        got = {c.id: c.parent_id for c in thread.comments}
        threads += 1
        placed += bool(thread.notes)
        for k, it in enumerate(items[1:], 1):
            true = truth.get(it["id"])
            if true not in alive:
                continue
            hit = (got.get(it["id"]) == true, items[k - 1]["id"] == true, items[0]["id"] == true)
            n, right, chain, star = n + 1, right + hit[0], chain + hit[1], star + hit[2]
            if thread.notes:
                pn, pright, pchain, pstar = pn + 1, pright + hit[0], pchain + hit[1], pstar + hit[2]
    return {"threads": threads, "placed threads": placed, "replies": n,
            "parents right": right / max(n, 1), "chain": chain / max(n, 1),
            "star": star / max(n, 1), "placed replies": pn, "placed right": pright / max(pn, 1),
            "placed chain": pchain / max(pn, 1), "placed star": pstar / max(pn, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.flat_parents", description=__doc__)
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--limit", type=int, default=None, help="threads per source")
    args = ap.parse_args(argv)
    if not devset.DATA.exists():
        print(f"no development data at {devset.DATA}", file=sys.stderr)
        return 1
    embedder = build_embedder(args.no_embed)
    print("| source (held out) | threads | replies | parents right | chain | star |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, name in (("coarse", "coarse-discourse, reading order, authors"),
                       ("twitter", "rumoureval twitter, time order, @names")):
        s = score(kind, embedder, args.limit)
        print(f"| {name} | {s['threads']} | {s['replies']} | "
              f"**{s['parents right']:.3f}** | {s['chain']:.3f} | {s['star']:.3f} |")
        print(f"| {name}: the threads read as conversations, placed | {s['placed threads']} | "
              f"{s['placed replies']} | **{s['placed right']:.3f}** | {s['placed chain']:.3f} | "
              f"{s['placed star']:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
