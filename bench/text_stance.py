"""How many of the support / attack edges in a map of a pasted thread are true.

    python -m bench.text_stance [--part heldout|tune] [--limit N] [--given] [--source portal]

Each Coarse Discourse thread of the development set (`argmap.read.devset`, held-out
part by default) is flattened to the plain text a person pastes, read back by the
plain-text reader, cut into units and given stances exactly as `argmap build` does
(`mine.split_units`, `mine.mine_relations`). A support / attack edge is **true** when
the reply opens a real comment, hangs under the comment holding its real parent, and
the real reply's annotated act says the same (agreement / appreciation: support;
disagreement / negative reaction: attack; see `../shared/data/coarse-discourse`).

It prints, for the edges argmap draws confident (stance confidence at or above
`STANCE_THRESHOLD`, the ones grounded labelling and the cruxes count), how many are
true and why the others are not (a fragment of a comment, a wrong parent, a wrong
stance), and how well each confidence ranks true edges above false ones (ROC AUC):
the stance confidence, the reader's `parent_confidence`, and their product. About
five minutes for the 267 held-out threads on two cores. `--given` maps the same
threads with their real reply tree (as a JSON export gives it), to tell what the
reading costs from what the stance model costs. `--source portal` does the same on
the debate-portal pages made from PERSPECTRUM (a claim and its perspectives, each
labelled support or attack toward the claim).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass

from sklearn.metrics import roc_auc_score

__all__ = ["Edge", "summarise", "collect", "main"]


@dataclass(frozen=True)
class Edge:
    """One reply of a pasted thread as argmap mapped it, and the truth behind it."""

    stance: str  # argmap's: support / attack / neutral
    stance_confidence: float
    parent_confidence: float
    opens: bool  # the reply starts where a real comment starts (else: a fragment)
    parent_right: bool  # ... and hangs under the comment holding its real parent
    label: str | None  # the real reply's stance from its annotated act

    @property
    def true(self) -> bool:
        return self.opens and self.parent_right and self.label == self.stance


def _auc(truth: list[bool], score: list[float]) -> float | None:
    return roc_auc_score(truth, score) if 0 < sum(truth) < len(truth) else None


def summarise(edges: list[Edge], threshold: float) -> dict:
    """The figures `main` prints, from mapped replies alone (no models needed)."""
    sa = [e for e in edges if e.stance in ("support", "attack")]
    drawn = [e for e in sa if e.stance_confidence >= threshold]
    truth = [e.true for e in sa]
    return {
        "replies": len(edges),
        "placed right": sum(e.opens and e.parent_right for e in edges),
        "support/attack": len(sa),
        "confident": len(drawn),
        "confident true": sum(e.true for e in drawn),
        "on a fragment": sum(not e.opens for e in drawn),
        "wrong parent": sum(e.opens and not e.parent_right for e in drawn),
        "wrong stance": sum(e.opens and e.parent_right and not e.true for e in drawn),
        "AUC stance confidence": _auc(truth, [e.stance_confidence for e in sa]),
        "AUC parent confidence": _auc(truth, [e.parent_confidence for e in sa]),
        "AUC product": _auc(truth, [e.stance_confidence * e.parent_confidence for e in sa]),
    }


def _labels(source: str, trees: list) -> dict[str, str]:
    """True comment id -> its stance toward its parent, from the source's pairs."""
    from argmap.read import devset

    name = "coarse-discourse" if source == "coarse" else "perspectrum"
    labels: dict[str, str] = {}
    by_text: dict[tuple[str, str], str] = {}
    with open(devset.DATA / name / "pairs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            pair = json.loads(line)
            labels[pair["id"].split(":", 1)[-1]] = pair["label"]
            by_text.setdefault((pair["topic"], " ".join(pair["text"].split())), pair["label"])
    if source == "portal":  # page comments are numbered per claim: match them by text
        labels = {n.id: by_text[(t.id, n.text)] for t in trees for n in t.nodes[1:]
                  if (t.id, n.text) in by_text}
    return labels


def _given_judge(labels: dict[str, str]):
    """A reply of the real tree: placed right by construction; its label by id."""
    return lambda _k, c: (True, True, labels.get(c.id))


def _pasted_judge(flat, labels: dict[str, str], paras: list, drafts: list):
    """(opens a real comment, under its real parent, the real label) of argmap's
    comment k, from the paragraphs each of argmap's comments holds (`paras` and
    `drafts`: the reader's own cut of the same text, as `text.analyse` gives it)."""
    from argmap.read.eval import truth_of

    truth = truth_of([p.text for p in paras], flat)
    comment_of = {i: k for k, d in enumerate(drafts) for i in d.paras}
    opening: dict[str, int] = {}
    for p, lab in enumerate(truth):
        opening.setdefault(lab, p)
    first = {k: min(d.paras) for k, d in enumerate(drafts)}

    def judge(k: int, c) -> tuple[bool, bool, str | None]:
        real = truth[first[k]]
        opens = opening[real] == first[k]
        real_parent = flat.parent.get(real)
        right = (opens and real_parent in opening
                 and int(c.parent_id[1:]) - 1 == comment_of[opening[real_parent]])
        return opens, bool(right), labels.get(real) if opens else None
    return judge


def collect(part: str = "heldout", limit: int | None = None, given: bool = False,
            source: str = "coarse") -> list[Edge]:
    """Map every thread of one part of the development set and judge each reply."""
    from argmap import mine
    from argmap.read import devset, read_text
    from argmap.read.text import analyse, paragraphs, read
    from argmap.settings import Models, Settings

    models = Models(Settings())
    trees = [t for t in devset.source_trees(source)
             if devset.is_heldout(t.id) == (part == "heldout")][:limit]
    labels = _labels(source, trees)
    edges: list[Edge] = []
    for tree in trees:
        if given:
            thread = read_text(json.dumps({"comments": [
                {"id": n.id, "parent_id": n.parent, "text": n.text} for n in tree.nodes]}),
                source=f"{tree.id}.json", fmt="json")
            judge = _given_judge(labels)
        else:
            flat = devset.flatten(tree)
            # the reader gets the embedder, as `argmap build` gives it
            thread = read(flat.text, f"{tree.id}.txt", models.reader_embedder)
            judge = _pasted_judge(flat, labels,
                                  *analyse(paragraphs(flat.text), models.reader_embedder)[:2])
        units = mine.split_units(thread, models.nlp)
        comments, _ = mine.mine_relations(thread, units, models.classifier)
        edges.extend(Edge(c.stance, c.stance_confidence or 0.0,
                          1.0 if c.parent_confidence is None else c.parent_confidence,
                          *judge(k, c))
                     for k, c in enumerate(comments)
                     if c.parent_id is not None and c.stance is not None)
    return edges


def main(argv: list[str] | None = None) -> int:
    from argmap.settings import STANCE_THRESHOLD

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--part", choices=("heldout", "tune"), default="heldout")
    p.add_argument("--limit", type=int, default=None, help="threads (default: all)")
    p.add_argument("--given", action="store_true",
                   help="map the real reply trees instead of the pasted text")
    p.add_argument("--source", choices=("coarse", "portal"), default="coarse",
                   help="Coarse Discourse threads or debate-portal pages")
    args = p.parse_args(argv)
    s = summarise(collect(args.part, args.limit, args.given, args.source), STANCE_THRESHOLD)
    n = max(s["confident"], 1)
    print(f"{s['replies']} replies, {s['placed right']} placed right; "
          f"{s['support/attack']} support/attack edges, {s['confident']} confident "
          f"(stance >= {STANCE_THRESHOLD})")
    for k in ("confident true", "on a fragment", "wrong parent", "wrong stance"):
        print(f"  {k:15s} {s[k]:5d}  {s[k] / n:.3f}")
    for k in ("AUC stance confidence", "AUC parent confidence", "AUC product"):
        v = s[k]
        print(f"{k}: {'-' if v is None else f'{v:.3f}'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
