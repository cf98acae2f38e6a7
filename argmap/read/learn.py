"""Signals and learned weights for the plain-text reader's two decisions.

1. *Does a new comment start at this paragraph?* (`boundary_features`)
2. *Which of the previous comment and its ancestors does a comment answer?*
   (`parent_features`; depth-first order allows nothing else)

Each signal is a general conversational move measured on a paragraph or a pair of
comments: a quote of earlier text, a reply opener, address ("you", "OP", "@name"),
a discourse link to the paragraph before ("But", "These"), a closer, a list
continuation, length, shared rare words, depth. The weights are logistic
regressions fitted on the tuning part of the development set (`argmap.read.fit`)
and shipped as `reader_model.json`: numbers and feature names, no text.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from argmap.read import cues
from argmap.words import is_deleted

__all__ = ["BOUNDARY", "PARENT", "boundary_features", "parent_features", "model",
           "logit", "explain", "Bag", "bag", "cosine", "MODEL_PATH"]

MODEL_PATH = Path(__file__).with_name("reader_model.json")

_STOP = frozenset(
    "about above after again also because been before being below between both could does "
    "doing down during each from further have having here into just more most other over "
    "same should some such than that their theirs them then there these they this those "
    "through under until very what when where which while will with would your yours "
    "think like really things thing even much many only well make made".split()
)

Bag = dict[str, float]

# Names say what a signal means; `explain` turns the strongest ones into evidence.
BOUNDARY = (
    "quotes an earlier comment", "quotes a comment this one already quotes",
    "is a whole quote", "follows a whole quote", "reply opener", "linked to the paragraph before",
    "follows a closer", "asks 'you' a question", "a run only one scrape has starts",
    "follows a run only one scrape has", "length (log words)", "previous length (log words)",
    "previous ends with '?'", "previous has no final punctuation", "list item",
    "follows a list item", "starts lower case", "says 'you'", "says 'I'", "mentions OP",
    "starts with @name", "shares words with the paragraph before",
    "shares words with the comment so far", "comment so far (log paragraphs)",
    "deleted", "follows a deleted comment", "an edit note", "second paragraph of the file",
    "a bare link", "very short (1-3 words)", "previous very short",
    "same first word as the paragraph before", "the comment so far is the opening post",
    "opening post so far (log paragraphs)", "case of the first letter differs from before",
    "final punctuation differs from before", "writes 'i' in lower case",
    "previous writes 'i' in lower case", "emoticon or 'lol'", "bias",
)

PARENT = (
    "the previous comment", "steps up the chain (log)", "the opening post",
    "depth of the candidate (log)", "quoted by the reply", "the reply quotes another comment",
    "shares rare words", "shares the most rare words", "shares more words than the previous",
    "reply opener, previous comment", "reply opener, opening post",
    "accepts the candidate's offer", "restates the candidate's words",
    "mentions OP, opening post", "candidate asks a question, previous comment",
    "says 'you', previous comment", "replies so far to the candidate (log)",
    "candidate length (log words)", "reply length (log words)", "candidate deleted",
    "sure the candidate starts a comment", "the previous may be a piece of this candidate",
    "bias",
)

# With an embedder the parent model has three more signals (the "parent_meaning"
# model): how close in meaning the reply is to the candidate, by the bundled
# embedder's cosine of the two comments. Rare words miss a reply that says the same
# thing in other words ("customers could not park" after "parking is impossible")
# (held out, Reddit parents +0.02, RumourEval Reddit +0.07; docs/reading.md).
PARENT_MEANING = (
    "close in meaning", "closer in meaning than the previous", "the closest in meaning",
)


def meaning_features(cos: list[float], r: int) -> list[float]:
    """The `PARENT_MEANING` signals of candidate `r`, from each candidate's cosine."""
    return [cos[r], cos[r] - cos[0], float(cos[r] >= max(cos))]


# Turn-taking, in the model a build reads with (after `PARENT_MEANING`): a reply that
# opens on a reaction ("Yeah", "Thanks", "Oh", "But") answers the comment just before
# it (64 % of Coarse Discourse tuning replies that could answer another, against 38 %),
# and a comment holding a question anywhere, not only at its end, gets answered
# next (63 %).
PARENT_TURN = (
    "reply opens on a reaction, previous comment", "candidate holds a question, previous comment",
    "candidate holds a question, an ancestor",
)


def turn_features(rank: int, reacts: bool, cand_asks: bool) -> list[float]:
    """The `PARENT_TURN` signals of the candidate at `rank` (0: the previous comment)."""
    prev = rank == 0
    return [float(reacts and prev), float(cand_asks and prev), float(cand_asks and not prev)]


# A comment's length so far counts up to this many paragraphs: real comments are
# rarely longer, and past the training range the (negative) weight would otherwise
# glue every later paragraph of a long paste into one comment.
DRAFT_CAP = 12


def _tokens(text: str) -> list[str]:
    return [w[:6] for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower()) if w not in _STOP]


def bag(text: str, idf: dict[str, float] | None = None) -> Bag:
    """A unit-length tf-idf bag of crude stems (words cut to six letters)."""
    c = Counter(_tokens(text))
    v = {w: n * (idf.get(w, 1.0) if idf else 1.0) for w, n in c.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {w: x / norm for w, x in v.items()}


def idf_of(texts: list[str]) -> dict[str, float]:
    """Inverse document frequency of stems over a thread's texts (rare words weigh more)."""
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(_tokens(t)))
    n = len(texts)
    return {w: math.log(1 + n / d) for w, d in df.items()}


def cosine(a: Bag, b: Bag) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


_LIST = re.compile(r"^(?:[-*•]\s|\d+[.)]\s|\(?[a-z0-9]\)\s)")
_YOU = re.compile(r"\byou(?:r|rs|'re|'ve|'d|'ll)?\b", re.I)
_I = re.compile(r"(?:^|\s)I(?:'m|'ve|'d|'ll)?\s")
_OP = re.compile(r"\bOP\b|\bOP's\b|\boriginal poster\b")
_EDIT = re.compile(r"^(?:edit|eta|update|p\.?s\.?|ps)\b\s*\d*\s*[:\-]", re.I)
_URL = re.compile(r"^\S*(?:https?://|www\.)\S*$")
_LOWER_I = re.compile(r"(?:^|\s)i(?:'m|m|'ve|'d|'ll)?\s")
_EMOTE = re.compile(r"[:;]-?[)(DPp]|\blol\b|\bhaha|\blmao\b|[\U0001F600-\U0001F64F]", re.I)
_END = re.compile(r"[.!?:;\"”’)\]]$")


def _log_words(text: str) -> float:
    return math.log1p(len(text.split()))


def boundary_features(
    text: str, prev: str, *, quote: str, draft_quoted: bool, pure_quote: bool,
    prev_pure_quote: bool, scrape_start: bool, scrape_after: bool, sim_prev: float,
    sim_draft: float, draft_paras: int, index: int, in_root: bool = False,
) -> list[float]:
    """The signals for "a new comment starts at `text`" (in `BOUNDARY` order).

    quote: "" or the quoted part the paragraph opens with; draft_quoted: the comment
    so far already quotes the same comment (a point-by-point reply goes on).
    """
    t = text.strip()
    words = t.split()
    prev_words = prev.split()
    first = cues._first_sentence(t)
    return [
        float(bool(quote) and not draft_quoted),
        float(bool(quote) and draft_quoted),
        float(pure_quote),
        float(prev_pure_quote),
        float(bool(cues.opener(t))),
        float(bool(cues.binds(t, prev))),
        float(bool(cues.closes(prev))),
        float(bool(cues.asks_you(t))),
        float(scrape_start),
        float(scrape_after),
        _log_words(t),
        _log_words(prev),
        float(prev.rstrip().endswith("?")),
        float(not _END.search(prev.rstrip())),
        float(bool(_LIST.match(t))),
        float(bool(_LIST.match(prev.strip()))),
        float(t[:1].islower()),
        float(bool(_YOU.search(first))),
        float(bool(_I.search(" " + first))),
        float(bool(_OP.search(t))),
        float(t.startswith("@")),
        sim_prev,
        sim_draft,
        math.log1p(min(draft_paras, DRAFT_CAP)),
        float(is_deleted(t)),
        float(is_deleted(prev)),
        float(bool(_EDIT.match(t))),
        float(index == 1),
        float(bool(_URL.match(t))),
        float(len(words) <= 3),
        float(len(prev_words) <= 3),
        float(bool(words and prev_words and words[0].lower() == prev_words[0].lower())),
        float(in_root),
        math.log1p(min(draft_paras, DRAFT_CAP)) if in_root else 0.0,
        float(t[:1].islower() != prev.strip()[:1].islower()),
        float(bool(_END.search(t)) != bool(_END.search(prev.rstrip()))),
        float(bool(_LOWER_I.search(t))),
        float(bool(_LOWER_I.search(prev))),
        float(bool(_EMOTE.search(t))),
        1.0,
    ]


def parent_features(
    *, rank: int, is_root: bool, depth: int, quoted: bool, quotes_other: bool, sim: float,
    best_sim: float, prev_sim: float, opener: bool, accepts: bool, echoes: bool,
    mentions_op: bool, asks: bool, says_you: bool, children: int, cand_words: int,
    reply_words: int, cand_deleted: bool, cand_open_p: float = 1.0, prev_open_p: float = 1.0,
) -> list[float]:
    """The signals for "the reply answers this candidate" (in `PARENT` order)."""
    prev = rank == 0
    return [
        float(prev), math.log1p(rank), float(is_root), math.log1p(depth), float(quoted),
        float(quotes_other), sim, float(sim >= best_sim and sim > 0), sim - prev_sim,
        float(opener and prev), float(opener and is_root), float(accepts), float(echoes),
        float(mentions_op and is_root), float(asks and prev), float(says_you and prev),
        math.log1p(children), math.log1p(cand_words), math.log1p(reply_words),
        float(cand_deleted), cand_open_p, (1.0 - prev_open_p) * (rank == 1), 1.0,
    ]


@lru_cache(maxsize=1)
def model() -> dict:
    """The shipped weights: {"boundary": {...}, "parent": {...}} (empty when absent)."""
    if not MODEL_PATH.exists():
        return {}
    return json.loads(MODEL_PATH.read_text("utf-8"))


def parent_part(with_meaning: bool) -> str:
    """Which fitted parent model reads a thread: with meaning signals when there are
    vectors and the model was fitted with them, else the one without."""
    return "parent_meaning" if with_meaning and "parent_meaning" in model() else "parent"


def logit(part: str, x: list[float]) -> float:
    """The model's score (log-odds) for one feature vector."""
    w = model()[part]["coef"]
    return sum(a * b for a, b in zip(w, x, strict=True))


def explain(part: str, x: list[float], names: tuple[str, ...], n: int = 2,
            sign: int = 1) -> list[str]:
    """The `n` signals that pushed the score most in direction `sign`, in words."""
    w = model()[part]["coef"]
    contrib = sorted(((sign * a * b, name) for a, b, name in zip(w, x, names, strict=True)
                      if name != "bias" and sign * a * b > 0.05), reverse=True)
    return [name for _, name in contrib[:n]]
