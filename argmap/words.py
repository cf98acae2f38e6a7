"""English function words, one list for the pipeline's word overlaps and the search index.

Written out here because importing spaCy for its list costs seconds on every CLI
query. Two lists stay apart on purpose: the plain-text reader's (`argmap.read.learn`),
whose fitted weights were learnt with it, and the stance cues' (`argmap.stance.cues`),
which keeps the negations its cues need.
"""

from __future__ import annotations

__all__ = ["STOP_WORDS", "is_deleted", "shorten", "COUNTER_LABELS", "LABEL_END"]

STOP_WORDS = frozenset("""
a about above after again against all almost also am among an and any are as at be
because been before being below between both but by can could did do does doing done
down during each either else even ever every few for from further had has have having
he her here hers herself him himself his how however i if in into is it its itself just
least less may me might more most much must my myself neither no nor not now of off
often on once only or other others otherwise our ours ourselves out over own per
perhaps rather same several she should since so some such than that the their theirs
them themselves then there therefore these they this those though through thus to too
under until up upon us very via was we well were what whatever when whenever where
whether which while who whoever whom whose why will with within without would yet you
your yours yourself yourselves
""".split())


# What forums leave where a comment was: Reddit, Hacker News. Such a comment keeps its
# place in the tree but has no words to map.
_DELETED = frozenset({"[deleted]", "[removed]", "[removed by reddit]", "[deleted by user]",
                      "[dead]", "[flagged]"})


def is_deleted(text: str) -> bool:
    """True for a deleted or removed comment's placeholder ("[deleted]", "[ Removed by
    Reddit ]"), in any case and spacing."""
    t = text.strip().lower()
    if not t.startswith("[") or len(t) > 40:
        return False
    return "[" + " ".join(t.strip("[]").split()) + "]" in _DELETED


def shorten(text: str, n: int) -> str:
    """`text` on one line, cut to `n` characters with an ellipsis: labels, cards and
    messages that echo a reader's words stay short whatever was pasted."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# Labels a debate page or a structured paste puts before a reply ("Counterpoint: ...",
# "**Con:** ...", "Rebuttal - ..."), as regular-expression pieces: the plain-text reader
# cuts comments at them and the stance cues read their side. The counter labels answer
# the point before them.
COUNTER_LABELS = (r"counter[- ]?points?|counter[- ]?arguments?|rebuttals?|refutations?|"
                  r"objections?")
LABEL_END = r"\W{0,3}\s*[:\-–—]"  # markup, then a colon or a dash
