"""Score the plain-text reader on real threads whose reply tree is known.

    python -m argmap.read.eval            # held-out threads, every source
    python -m argmap.read.eval --part tune --limit 50

Each thread of the development set (`devset`) is flattened to the text a person
would paste, read back with `text.analyse`, and compared with the truth paragraph
by paragraph. Per source it prints:

- **split right**: true comments found as comments of their own (no other true
  comment shares any argmap comment holding part of them; a comment cut in two
  still counts here, and shows up as a fragment instead);
- **fragments**: argmap comments that hold no true comment's opening paragraph
  (over-splitting);
- **parents right**: true replies whose opening starts an argmap comment whose
  parent holds the opening of the true parent;
- two baselines: *every paragraph a comment* (split right and fragments) and
  *each comment answers the previous one*, on the true comments (parents);

and a second table on how sure the reply edges are: every argmap comment after the
first is an edge, right when it opens a true comment and hangs under the comment
holding that comment's true parent (a fragment's edge is wrong); its
`parent_confidence` against that: mean, expected calibration error over ten bins,
Brier score, and the share drawn unsure (below 0.5).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from argmap.read import devset
from argmap.read.quotes import key
from argmap.read.text import analyse, layout

__all__ = ["Score", "score_thread", "edge_outcomes", "truth_of", "comments_of", "read_flat",
           "evaluate", "table", "edge_table", "main"]


@dataclass
class Score:
    """Counts for one thread or a sum of threads."""

    threads: int = 0
    comments: int = 0  # true comments present in the text
    split_right: int = 0
    found: int = 0  # argmap comments
    fragments: int = 0
    replies: int = 0  # true comments with a parent
    parents_right: int = 0
    paras: int = 0  # paragraphs (the every-paragraph baseline's comments)
    chain_right: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    edges: int = 0  # reply edges scored (argmap comments after the first)
    edges_right: int = 0
    confidence: float = 0.0  # sum of their parent confidences
    brier: float = 0.0  # sum of squared errors of those confidences
    unsure: int = 0  # edges drawn unsure (confidence below 0.5)
    # per tenth of confidence: [edges, sum of confidence, edges right]
    bins: list[list[float]] = field(default_factory=lambda: [[0, 0.0, 0] for _ in range(10)])

    def add(self, o: Score) -> None:
        for f in ("threads", "comments", "split_right", "found", "fragments", "replies",
                  "parents_right", "paras", "chain_right", "edges", "edges_right",
                  "confidence", "brier", "unsure"):
            setattr(self, f, getattr(self, f) + getattr(o, f))
        for mine, theirs in zip(self.bins, o.bins, strict=True):
            for i in range(3):
                mine[i] += theirs[i]

    def edge_row(self) -> dict[str, float]:
        n = self.edges or 1
        return {
            "right": self.edges_right / n,
            "mean confidence": self.confidence / n,
            "ECE": sum(abs(c - r) for _, c, r in self.bins) / n,
            "Brier": self.brier / n,
            "drawn unsure": self.unsure / n,
        }

    def row(self) -> dict[str, float]:
        def r(a: int, b: int) -> float:
            return a / b if b else 0.0
        return {
            "split right": r(self.split_right, self.comments),
            "fragments": r(self.fragments, self.found),
            "parents right": r(self.parents_right, self.replies),
            "every-para split": 1.0 if self.comments else 0.0,
            "every-para fragments": r(self.paras - self.comments, self.paras),
            "chain parents": r(self.chain_right, self.replies),
        }


def truth_of(merged: list[str], flat: devset.Flat) -> list[str]:
    """The true comment of each paragraph the reader saw (after merging copies).

    Paragraphs are matched by their key; a key shared by several comments ("Yup",
    "[deleted]") is handed out in reading order. A paragraph the reader cut
    differently (a wrapped line read as its own paragraph) takes the comment of
    the line it is part of.
    """
    by_key: dict[str, list[str]] = defaultdict(list)
    for ln, lab in zip(flat.lines, flat.labels, strict=True):
        k = key(ln)
        if lab not in by_key[k]:
            by_key[k].append(lab)
    line_keys = [key(ln) for ln in flat.lines]
    used: dict[str, int] = defaultdict(int)
    out: list[str] = []
    for text in merged:
        k = key(text)
        labs = by_key.get(k)
        if labs:
            out.append(labs[min(used[k], len(labs) - 1)])
            used[k] += 1
            continue
        hit = next((flat.labels[i] for i, lk in enumerate(line_keys) if k and k in lk), None)
        out.append(hit or (out[-1] if out else flat.labels[0]))
    return out


def score_thread(truth: list[str], comment_of: list[int], parent_of: list[int | None],
                 true_parent: dict[str, str | None],
                 confidence: list[float] | None = None) -> Score:
    """Score one thread from per-paragraph truth and prediction.

    truth[p]: the true comment of paragraph p; comment_of[p]: the argmap comment
    of p; parent_of[a]: the parent (an argmap comment index) of argmap comment a;
    confidence[a]: its parent confidence (edges are scored when given).
    """
    s = Score(threads=1, paras=len(truth))
    opening: dict[str, int] = {}
    for p, t in enumerate(truth):
        opening.setdefault(t, p)
    labels_in: dict[int, set[str]] = defaultdict(set)
    first_para: dict[int, int] = {}
    for p, a in enumerate(comment_of):
        labels_in[a].add(truth[p])
        first_para.setdefault(a, p)
    holders: dict[str, set[int]] = defaultdict(set)
    for p, t in enumerate(truth):
        holders[t].add(comment_of[p])
    s.comments = len(opening)
    s.split_right = sum(all(labels_in[a] == {t} for a in holders[t]) for t in opening)
    openings = set(opening.values())
    s.found = len(labels_in)
    s.fragments = sum(not any(p in openings for p, x in enumerate(comment_of) if x == a)
                      for a in labels_in)
    order = sorted(opening, key=opening.get)
    prev_of = {t: order[i - 1] for i, t in enumerate(order) if i}
    for t in order:
        parent = true_parent.get(t)
        if parent is None or parent not in opening:
            continue
        s.replies += 1
        s.chain_right += prev_of.get(t) == parent
        a = comment_of[opening[t]]
        if first_para[a] == opening[t] and parent_of[a] is not None:
            s.parents_right += parent_of[a] == comment_of[opening[parent]]
    if confidence is None:
        return s
    for a, right in edge_outcomes(truth, comment_of, parent_of, true_parent).items():
        c = confidence[a]
        s.edges += 1
        s.edges_right += right
        s.confidence += c
        s.brier += (c - right) ** 2
        s.unsure += c < 0.5
        b = s.bins[min(int(c * 10), 9)]
        b[0] += 1
        b[1] += c
        b[2] += right
    return s


def edge_outcomes(truth: list[str], comment_of: list[int], parent_of: list[int | None],
                  true_parent: dict[str, str | None]) -> dict[int, bool]:
    """Whether each reply edge is right: argmap comment a (after the first) opens a
    true comment and hangs under the comment holding its true parent's opening; a
    fragment's edge is wrong. Edges to the opening post's place, or to a comment not
    in the text, are left out."""
    opening: dict[str, int] = {}
    for p, t in enumerate(truth):
        opening.setdefault(t, p)
    first_para: dict[int, int] = {}
    for p, a in enumerate(comment_of):
        first_para.setdefault(a, p)
    out: dict[int, bool] = {}
    for a in sorted(first_para)[1:]:
        t = truth[first_para[a]]
        opens = opening[t] == first_para[a]
        parent = true_parent.get(t)
        if opens and (parent is None or parent not in opening):
            continue  # the opening post, or a reply to a comment not in the text
        out[a] = opens and parent_of[a] == comment_of[opening[parent]]
    return out


def comments_of(drafts: list, n_paras: int) -> list[int]:
    """The argmap comment of each paragraph."""
    out = [0] * n_paras
    for k, d in enumerate(drafts):
        for i in d.paras:
            out[i] = k
    return out


def read_flat(flat: devset.Flat, embedder: Any | None, shares: list | None = None,
              mode: str = "auto"
              ) -> tuple[list[str], list[int], list[tuple[int | None, float, str]]]:
    """Read a flattened thread as a build reads a paste: each paragraph's true comment,
    its argmap comment, and the parents (`shares` and `mode` as `text.analyse` takes them)."""
    laid = layout(flat.text)
    paras, drafts, parents, _ = analyse(laid.lines, embedder, mode, starts=laid.starts,
                                        depths=laid.depths, shares=shares)
    return (truth_of([p.text for p in paras], flat), comments_of(drafts, len(paras)),
            parents)


def _read_flat(flat: devset.Flat, embedder: Any | None, mode: str = "auto") -> Score:
    truth, comment_of, parents = read_flat(flat, embedder, mode=mode)
    return score_thread(truth, comment_of, [p for p, _, _ in parents], flat.parent,
                        [c for _, c, _ in parents])


def evaluate(part: str = "heldout", limit: int | None = None, sources: list[str] | None = None,
             embedder: Any | None = None) -> dict[str, Score]:
    """Scores per source, "overall" over `devset.SOURCES`, then the spaced pastes
    (`devset.SPACED_SOURCES`), on one part of the development set."""
    results: dict[str, Score] = {}
    total = Score()
    cache: dict[str, list[devset.Tree]] = {}
    for group in (devset.SOURCES, devset.SPACED_SOURCES):
        for name, (kind, opts) in group.items():
            if sources and name not in sources:
                continue
            trees = cache.setdefault(kind, devset.source_trees(kind))
            pick = [t for t in trees if devset.is_heldout(t.id) == (part == "heldout")]
            s = Score()
            for t in pick[:limit]:
                s.add(_read_flat(devset.flatten(t, **opts), embedder))
            results[name] = s
            if group is devset.SOURCES:
                total.add(s)
        if group is devset.SOURCES and total.threads:
            results["overall"] = total
    return results


def table(results: dict[str, Score]) -> str:
    """A Markdown table of the scores."""
    cols = ["split right", "fragments", "parents right", "every-para split",
            "every-para fragments", "chain parents"]
    out = ["| source | threads | comments | " + " | ".join(cols) + " |",
           "|---|---:|---:|" + "---:|" * len(cols)]
    for name, s in results.items():
        row = s.row()
        out.append(f"| {name} | {s.threads} | {s.comments} | "
                   + " | ".join(f"{row[c]:.3f}" if c == "parents right" else f"{row[c]:.2f}"
                                for c in cols) + " |")
    return "\n".join(out)


def edge_table(results: dict[str, Score]) -> str:
    """A Markdown table of how sure the reply edges are, against how often right."""
    cols = ["right", "mean confidence", "ECE", "Brier", "drawn unsure"]
    out = ["| source | edges | " + " | ".join(cols) + " |", "|---|---:|" + "---:|" * len(cols)]
    for name, s in results.items():
        row = s.edge_row()
        out.append(f"| {name} | {s.edges} | " + " | ".join(f"{row[c]:.3f}" for c in cols) + " |")
    return "\n".join(out)


def build_embedder(no_embed: bool = False) -> Any | None:
    """The embedder a build reads with (None with `no_embed`: the words-only models)."""
    if no_embed:
        return None
    from argmap.settings import Models, Settings
    return Models(Settings()).reader_embedder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m argmap.read.eval",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("heldout", "tune"), default="heldout")
    ap.add_argument("--limit", type=int, default=None, help="threads per source")
    ap.add_argument("--source", action="append", help="only this source (repeatable)")
    ap.add_argument("--no-embed", action="store_true",
                    help="read without the embedding model (a build always gives it)")
    args = ap.parse_args(argv)
    if not devset.DATA.exists():
        print(f"no development data at {devset.DATA}", file=sys.stderr)
        return 1
    results = evaluate(args.part, args.limit, args.source, build_embedder(args.no_embed))
    print(table(results))
    print()
    print(edge_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
