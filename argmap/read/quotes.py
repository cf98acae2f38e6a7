"""Finding unmarked quotes: text that repeats an earlier paragraph nearly verbatim.

A plain text dump loses the `>` a forum put in front of a quote, so the only sign
left is the repetition itself. Matching is done on a *key* of each text (lower case,
letters and digits only, single spaces), which makes curly vs straight quotes,
dashes, punctuation and whitespace irrelevant; an ellipsis in the quote splits it
into pieces that must appear in order in the source (a trimmed quote). Small edits
(a fixed typo) are tolerated by a fuzzy fallback on candidates that share a word
4-gram with the quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["key", "sentences", "QuoteIndex", "QuoteMatch", "MIN_QUOTE_WORDS"]

MIN_QUOTE_WORDS = 4  # shorter repeats ("I agree.") are too common to be quotes
MIN_QUOTE_CHARS = 20
FUZZY_RATIO = 0.85
FUZZY_CANDIDATES = 5  # sources sharing the most 4-grams that get the slow fuzzy check
MAX_LEADING_SENTENCES = 6  # a leading quote longer than this is quoted as a paragraph

_ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3}\]|\.{3,}|…")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def key(text: str) -> str:
    """The matching key of a text: case, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences with a simple rule (no model in the reader)."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def _pieces(text: str) -> list[str]:
    """The ellipsis-separated pieces of a quote, as keys."""
    return [k for k in (key(p) for p in _ELLIPSIS.split(text)) if k]


def _contains(pieces: list[str], source_key: str) -> bool:
    """True when every piece occurs in the source, in order, on word boundaries."""
    hay = f" {source_key} "
    at = 0
    for piece in pieces:
        found = hay.find(f" {piece} ", at)
        if found < 0:
            return False
        at = found + len(piece) + 1
    return True


def _grams(k: str, n: int = 4) -> set[str]:
    words = k.split()
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


@dataclass(frozen=True)
class QuoteMatch:
    """`quoted` repeats source `source`; `rest` is what the paragraph adds of its own."""

    quoted: str
    rest: str
    source: int
    exact: bool


# How many earlier paragraphs a 4-gram may occur in and still point at a quoted one.
MAX_SOURCES_PER_GRAM = 100


class QuoteIndex:
    """Earlier paragraphs that a later one may quote, indexed by word 4-grams."""

    def __init__(self) -> None:
        self._keys: dict[int, str] = {}
        self._grams: dict[str, set[int]] = defaultdict(set)

    def add(self, ident: int, text: str) -> None:
        """Make `text` (a paragraph's own words, quotes removed) quotable as `ident`."""
        k = key(text)
        if not k:
            return
        self._keys[ident] = k
        for g in _grams(k):
            self._grams[g].add(ident)

    def source_of(self, text: str) -> tuple[int, bool] | None:
        """The earliest indexed paragraph that `text` quotes, and whether exactly."""
        pieces = _pieces(text)
        joined = " ".join(pieces)
        if len(joined.split()) < MIN_QUOTE_WORDS or len(joined) < MIN_QUOTE_CHARS:
            return None
        grams = set().union(*(_grams(p) for p in pieces if len(p.split()) >= 4)) or _grams(joined)
        # A 4-gram in many earlier paragraphs is a template's ("Thanks for the update,
        # everyone"), not a quote's: counting its sources made a templated thread
        # quadratic. The full check below still reads every word.
        grams = {g for g in grams if len(self._grams.get(g, ())) <= MAX_SOURCES_PER_GRAM}
        if not grams:
            return None
        hits: Counter[int] = Counter()
        for g in grams:
            hits.update(self._grams.get(g, ()))
        # An exact quote contains every 4-gram; only those sources need the full check.
        for ident in sorted(i for i, h in hits.items() if h == len(grams)):
            if _contains(pieces, self._keys[ident]):
                return ident, True
        near = sorted((i for i, h in hits.items() if h >= 0.5 * len(grams)),
                      key=lambda i: (-hits[i], i))[:FUZZY_CANDIDATES]
        for ident in sorted(near):
            src = self._keys[ident]
            if len(joined) > 2 * len(src) + 20:
                continue
            # Word-level, counting only runs of 3+ words, so scattered common words
            # in a long source cannot add up to a false match.
            q, s = joined.split(), src.split()
            blocks = SequenceMatcher(None, q, s, autojunk=False).get_matching_blocks()
            if sum(b.size for b in blocks if b.size >= 3) >= FUZZY_RATIO * len(q):
                return ident, False
        return None

    def match(self, paragraph: str) -> QuoteMatch | None:
        """The quote a paragraph opens with: the whole of it, or its leading sentences."""
        whole = self.source_of(paragraph)
        if whole:
            return QuoteMatch(paragraph.strip(), "", whole[0], whole[1])
        sents = sentences(paragraph)
        for n in range(min(len(sents) - 1, MAX_LEADING_SENTENCES), 0, -1):
            head = " ".join(sents[:n])
            found = self.source_of(head)
            if found:
                return QuoteMatch(head, " ".join(sents[n:]), found[0], found[1])
        return None
