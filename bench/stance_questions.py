"""Stance toward a debate asked as a question: "Should we ban X?" instead of "We should ban X".

    python -m bench.stance_questions [--data ../shared/data] [--per-set 1500]

Threads often open with the question they debate. The held-out (test-topic) pairs of
the three motion sets are scored three ways, on the pairs whose claim can be recast
("We should X" -> "Should we X?", "This house would X" -> "Should we X?", "X should Y"
-> "Should X Y?"): toward the claim as written, toward the question read as it is,
and toward the question read as its motion (`argmap.stance.motion`, what a build and
`argmap stance` do). Support-vs-attack macro-F1, the shipped classifier, fp32.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from argmap.stance.eval import _test_rows, macro_f1

__all__ = ["as_question", "main"]

SETS = ("argkp", "claim-stance", "perspectrum")
_HOUSE_WOULD = re.compile(r"^This house would\s+", re.I)
_HOUSE_BELIEVES = re.compile(r"^This house believes(?: that)?\s+", re.I)
_MODAL = re.compile(r"\b(should|must)\b(?!\s+not\b)", re.I)


def as_question(claim: str) -> str | None:
    """The claim asked as a "Should ...?" question, or None when it has no such modal."""
    c = _HOUSE_BELIEVES.sub("", claim.strip().rstrip("."))
    if _HOUSE_WOULD.match(c):
        return "Should we " + c[_HOUSE_WOULD.match(c).end():] + "?"
    m = _MODAL.search(c)
    if not m or m.start() == 0:
        return None
    subject = c[: m.start()].strip()
    first = subject.split()[0]
    if first in ("We", "You", "They", "It") or (first[:1].isupper() and first[1:2].islower()
                                                and first.lower() in ("the", "a", "an", "all")):
        subject = subject[0].lower() + subject[1:]
    return f"{m.group(1).capitalize()} {subject} {c[m.end():].strip()}?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.stance_questions", description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--per-set", type=int, default=1500)
    args = ap.parse_args(argv)
    from argmap.settings import DEFAULT_SPACY, load_spacy
    from argmap.stance import HybridClassifier

    clf = HybridClassifier(precision="fp32")
    clf.nlp = load_spacy(DEFAULT_SPACY)
    print("| set (test topics) | pairs | claim as written | question read as it is "
          "| question read as its motion |")
    print("|---|---:|---:|---:|---:|")
    for name in SETS:
        rows, _ = _test_rows(args.data, name, args.per_set, 0)
        rows = [r for r in rows if r["label"] in ("support", "attack") and as_question(r["target"])]
        gold = [r["label"] for r in rows]
        written = [r["target"] for r in rows]
        asked = [as_question(t) for t in written]
        scores = []
        for targets, motions in ((written, True), (asked, False), (asked, True)):
            clf.read_motions = motions
            pred = [x.stance for x in clf.predict(
                [(t, r["text"]) for t, r in zip(targets, rows, strict=True)])]
            scores.append(macro_f1(gold, pred, ("support", "attack")))
        print(f"| {name} | {len(rows)} | " + " | ".join(f"{s:.3f}" for s in scores) + " |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
