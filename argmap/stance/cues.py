"""Stance from words alone: the cue-list baseline and the curated lexicon.

`CueClassifier` is the first-sentence baseline (a short list of markers) every model
must beat; `cue_signal` is the curated lexicon plus discourse structure —
concession-then-contrast ("I agree that X, but Y" attacks), a reply that opens on a
contrast, negation of the target's own words — which the hybrid adds to the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from argmap.stance.base import StanceResult
from argmap.words import COUNTER_LABELS, LABEL_END

__all__ = ["CueClassifier", "CueSignal", "cue_signal", "LexiconClassifier", "is_question",
           "opens_with_thanks", "contrast_clause", "model_reading"]

_ATTACK = [
    r"\bi (?:strongly |completely |totally )?disagree\b",
    r"\byeah,? but\b",
    r"^\s*but\b",
    r"^\s*no[,.!]",
    r"\bthat'?s (?:not|wrong)\b",
    r"\bi don'?t think\b",
    r"\bnot (?:true|really|necessarily|quite)\b",
    r"\bhowever\b",
    r"\bwrong\b",
    r"\bisn'?t\b|\baren'?t\b",
    r"\bmissed\b",
]
_SUPPORT = [
    r"\bi (?:completely |totally |fully )?agree\b(?!.*\bbut\b)",
    r"\bexpanding (?:mildly )?on this\b",
    r"\bexactly\b",
    r"\bwell said\b",
    r"^\s*yes\b",
    r"\bgood point\b",
    r"\bto add to\b",
]
_ATTACK_RE = [re.compile(p, re.I) for p in _ATTACK]
_SUPPORT_RE = [re.compile(p, re.I) for p in _SUPPORT]


class CueClassifier:
    """Cue-phrase stance: the first sentence's discourse markers decide (the baseline)."""

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        return [self._one(reply) for _, reply in pairs]

    def _one(self, reply: str) -> StanceResult:
        head = (reply or "")[:300]
        for rx in _ATTACK_RE:
            m = rx.search(head)
            if m:
                return StanceResult("attack", 0.6, f"cue: “{m.group(0).strip()}”")
        for rx in _SUPPORT_RE:
            m = rx.search(head)
            if m:
                return StanceResult("support", 0.6, f"cue: “{m.group(0).strip()}”")
        return StanceResult("neutral", 0.4, "no stance cue")


# --- the curated lexicon and discourse structure -------------------------------

_OPEN = r"(?:^|[.!?]\s+|\n)\s*"  # the start of the reply or of one of its sentences
# An opening vote on a proposal ("Oppose.", "Strong support"): its strength, and the
# words after "support" / "oppose" that make it a noun or a verb of a sentence instead
_STRENGTH = r"(?:strong(?:ly)?\s+|weak\s+)?"
_NOT_A_VERB = (r"\b(?!\s+(?:for|of|from|is|was|has|had|would|will|can|could|should|and|or|to"
               r"|groups?)\b)")
_CONCEDE = (
    r"(?:i (?:\w+ )?(?:agree|accept|grant|understand|see|get|know)\b|fair enough|sure|true|granted|"
    r"admittedly|of course|ok(?:ay)?|yes|yeah|yep|right|maybe|perhaps|i "
    r"think that'?s (?:true|right)|"
    r"that'?s (?:true|fair|right)|it'?s true|you(?:'re| are) right|point taken|"
    # praise or an acknowledged point before the objection ("Great video, but…",
    # "Good point, but…", "Interesting idea, but…"): the same concession, politer
    r"(?:that'?s |this is |a )?(?:very |really )?(?:good|great|fair|valid|nice|"
    r"interesting|excellent|solid|cool|neat|lovely) (?:\w+ )?(?:point|points|video|post|"
    r"idea|article|argument|question|take|piece|read|write-?up|work|summary|thought|essay"
    r"|comment|answer|reply|thread|analysis|explanation|story|book|talk|paper|study"
    r"|suggestion|observation)s?|"
    r"well (?:said|put)|(?:nice|interesting|i see your point|i hear you))"
)
_CONTRAST = r"(?:but|however|though|although|yet|that said|still|on the other hand)"

_DELTA = r"(?:^|\s)[\u0394\u2206](?=[\s.!,;:)]|$)|!delta\b"

# (pattern, strength) — strength in (0, 1]; positive patterns attack when `attack`.
_RULES: list[tuple[str, str, float]] = [
    # Concession then contrast: ground granted, then taken back.
    ("attack", _OPEN + _CONCEDE + r"[^.!?]{0,200}?[,;:.-]?\s*\b" + _CONTRAST + r"\b", 0.9),
    ("attack", r"\bi (?:\w+ )?(?:disagree|doubt|object)\b", 0.95),
    # a bare verdict: "Disagree.", "Hard disagree.", "Strongly disagree, ..."
    ("attack", _OPEN + r"(?:hard|strong(?:ly)?|totally|completely|respectfully|very much)?"
     r"\s*disagree(?:d)?\b", 0.9),
    (
        "attack",
        r"\bi (?:do not|don'?t|can'?t|cannot) (?:really )?(?:agree|buy|accept|see how|believe)\b",
        0.9,
    ),
    (
        "attack",
        r"\b(?:not|isn'?t|is not|that'?s not) (?:true|right|correct|accurate|the case|how)\b",
        0.85,
    ),
    ("attack", r"\byou(?:'re| are) (?:wrong|mistaken|missing|confusing|conflating)\b", 0.9),
    # Words of dismissal: often stance, sometimes only content ("a false answer").
    (
        "attack",
        r"\b(?:wrong|incorrect|untrue|nonsense|bullshit|misleading|absurd|ridiculous|"
        r"fallacy|strawman|straw man|hoax|debunked|(?:that'?s|this is) a (?:bit of a )?stretch)\b",
        0.6,
    ),
    ("attack", r"\b(?:false|fake|myth)\b", 0.45),
    (
        "attack",
        _OPEN + r"(?:no|nope|nah|wrong|not really|not quite|not necessarily|hardly)\b",
        0.85,
    ),
    (
        "attack",
        _OPEN + r"(?:but|however|actually|on the contrary|in fact|except|then again)\b",
        0.7,
    ),
    (
        "attack",
        r"\b(?:i don'?t think|i do not think|i doubt|i'm not (?:sure|convinced)|"
        r"not convinced|unconvinced|skeptical|sceptical)\b",
        0.75,
    ),
    (
        "attack",
        r"\b(?:doesn'?t|does not|don'?t|do not) (?:follow|hold|work|mean|make sense|prove|show)\b",
        0.75,
    ),
    ("attack", r"\b(?:the problem|the issue|the flaw) (?:with|is)\b", 0.65),
    (
        "attack",
        r"\bthough\?|\bi'?m (?:\w+ ){0,2}(?:dissatisfied|unsatisfied|"
        r"unconvinced|skeptical|sceptical)\b",
        0.65,
    ),
    (
        "attack",
        r"\byou(?:'ve| have)? (?:missed|ignored|overlooked)\b|\b(?:that|this) "
        r"(?:assumes|ignores)\b",
        0.7,
    ),
    ("attack", r"\b(?:citation needed|source\?|proof\?|evidence\?)", 0.7),
    # a vote as requests for comment cast it, first in the reply: "Oppose.", "Strong
    # support", "Support the 2019 photo" (never "Support for it is falling")
    ("attack", r"^\W{0,3}" + _STRENGTH + "oppose" + _NOT_A_VERB, 0.85),
    ("support", r"^\W{0,3}" + _STRENGTH + "support" + _NOT_A_VERB, 0.85),
    # a vote as mailing lists and issue trackers cast it: "-1", "I'm -1 on this"
    ("attack", _OPEN + r"(?:i'?m |i am )?[-−]1(?![\d.,]\d)(?:\W|$)", 0.8),
    ("support", r"\bi'?m \+1\b|\bi am \+1\b", 0.8),
    ("support", r"\bi (?:\w+ )?(?:agree|concur)\b|\bagreed\b", 0.85),
    ("support", _OPEN + r"(?:exactly|precisely|absolutely|indeed|agreed|this[.!]|\+1)", 0.8),
    (
        "support",
        r"\b(?:well said|well put|good point|great point|excellent point|"
        r"this is (?:so |very )?(?:true|right|correct)|so true|spot on)\b"
        r"(?![^.!?]{0,200}\b(?:but|however)\b)",
        0.8,
    ),
    (
        "support",
        _OPEN + r"(?:yes|yeah|yep|true|right|correct|same)\b(?![^.!?]{0,200}\b(?:but|however)\b)",
        0.75,
    ),
    (
        "support",
        r"\b(?:expanding (?:\w+ )?on|to add to|building on|adding to|in "
        r"addition|furthermore|moreover|"
        r"also worth|another (?:example|reason)|to expand)\b",
        0.65,
    ),
    ("support", r"\byou(?:'re| are) (?:right|correct|spot on)\b", 0.85),
    ("support", r"\b(?:couldn'?t|could not|can'?t|cannot) (?:have )?(?:said|put) (?:it|this|that) "
     r"(?:any )?better\b|\b(?:couldn'?t|could not) agree more\b|^\W{0,3}hard agree\b", 0.85),
    # "Fair point, and ..." grants the point; with a contrast after it, the first
    # rule (concession then contrast) has already said attack.
    ("support", _OPEN + r"(?:fair point|good catch)\b(?![^.!?]{0,200}\b(?:but|however)\b)", 0.6),
    # Someone else's disagreement reported as the reply's own argument.
    # (the word before names who, for the evidence: "economist disagrees", not "to
    # disagrees")
    ("attack", r"\b(?:(?!(?:to|that|who|which|and|but|or|it|i|also|all)\b)\w+ )?"
     r"(?:disagrees|would disagree|dispute[sd]?|contradicts?)\b", 0.7),
    (
        "support",
        r"\b(?:confirmed|confirms|makes sense|good (?:post|summary|argument))\b",
        0.6,
    ),
    # A delta, as r/changemyview awards it ("Δ", "!delta"): the writer says the comment
    # answered changed their view, the strongest agreement a debate forum records
    # (it counts in full wherever it stands: it is often the reply's last word)
    ("support", _DELTA, 0.95),
    # A role the reply names itself, as debate pages and structured pastes do
    # ("Counterpoint: ...", "**Con:** ...", "Pro - ..."): the writer's own label.
    ("attack", rf"^\W{{0,3}}(?:{COUNTER_LABELS}|cons?){LABEL_END}", 0.95),
    ("support", rf"^\W{{0,3}}(?:pros?|supporting (?:point|argument)|in support){LABEL_END}", 0.9),
]
_RULES_RE = [(side, re.compile(p, re.I), w) for side, p, w in _RULES]
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_LATER_CUE = 0.7  # weight of a cue found after the reply's opening sentence

_NEG = re.compile(
    r"\b(?:not|no|never|n't|cannot|can't|won't|isn't|aren't|doesn't|don't|didn't|"
    r"wasn't|weren't|nobody|nothing|none)\b",
    re.I,
)
_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset(
    "the a an and or of to in on at for with is are was were be been being "
    "it this that these those "
    "i you he she we they my your our their its as by from so if then than "
    "there here what which who "
    "would could should will can do does did have has had not no never just very really about more "
    "most some any all one also only even".split()
)


@dataclass(frozen=True)
class CueSignal:
    """What the cues say: `score` in [-1, 1] (negative support, positive attack), and why."""

    score: float
    evidence: str
    kind: str = ""  # "concession", "negation" / "antonym" (of the target's words), "lexicon"


def _stem(word: str) -> str:
    return word[:5]


def _negated_target_words(target: str, reply: str) -> str | None:
    """A content word of the target that the reply negates (and the target does not)."""
    target_l, reply_l = target.lower(), reply.lower()
    if _NEG.search(target_l[:400]):
        return None
    tstems = {_stem(w) for w in _WORD.findall(target_l) if w not in _STOP and len(w) > 2}
    for m in _NEG.finditer(reply_l[:600]):
        window = _WORD.findall(reply_l[m.end() : m.end() + 40])[:3]
        for w in window:
            if w not in _STOP and len(w) > 2 and _stem(w) in tstems:
                return f"{m.group(0)} {w}"
    return None


# A small curated list of opposites: a reply that answers the target's "safe" with
# "dangerous" is taking the other side. Measured on the train and dev topics (no test
# topic): on argkp it fires on ~3 % of pairs without another cue, 87 % of them attacks.
_OPPOSITES = [
    ("good", "bad"), ("safe", "dangerous"), ("safe", "unsafe"), ("increase", "decrease"),
    ("more", "less"), ("true", "false"), ("help", "harm"), ("helps", "harms"),
    ("benefit", "harm"), ("should", "shouldn't"), ("right", "wrong"), ("support", "oppose"),
    ("legal", "illegal"), ("effective", "ineffective"), ("fair", "unfair"),
    ("necessary", "unnecessary"), ("positive", "negative"), ("better", "worse"),
    ("protect", "endanger"), ("reduce", "increase"), ("real", "fake"),
    ("confirmed", "unconfirmed"), ("alive", "dead"), ("success", "failure"),
]
_OPPOSITE: dict[str, set[str]] = {}
for _a, _b in _OPPOSITES:
    _OPPOSITE.setdefault(_a, set()).add(_b)
    _OPPOSITE.setdefault(_b, set()).add(_a)


def _opposite_of_target_word(target: str, reply: str) -> str | None:
    """A word of the reply whose opposite the target uses (and the target does not negate)."""
    target_l = target.lower()
    if _NEG.search(target_l[:400]):
        return None
    twords = set(_WORD.findall(target_l[:1000]))
    rwords = _WORD.findall(reply.lower()[:600])
    seen = set(rwords)
    for w in rwords:
        if w in twords:
            continue
        for opp in sorted(_OPPOSITE.get(w, ())):
            # "good or bad" weighs both sides: only a word that replaces the target's counts
            if opp in twords and opp not in seen:
                return f"{opp} → {w}"
    return None


def contrast_clause(reply: str) -> str | None:
    """A concession-then-contrast reply without its granted part ("I agree that traffic
    is bad, but a ban would hurt every shop" -> "a ban would hurt every shop"), or None.
    The writer's position is what is left, before the concession and after its
    contrast; the granted part ("I agree that…") reads as agreement to a model, which
    then outvotes the cue (docs/stance.md).
    """
    m = _RULES_RE[0][1].search((reply or "").replace("\u2019", "'")[:700])
    if not m:
        return None
    before = reply[: m.start()].strip()
    before = before + "." if before and before[-1] not in ".!?" else before
    rest = reply[m.end():].lstrip(" ,;:-")
    if len(rest.split()) < 3:
        return None
    return f"{before} {rest}" if before else rest


# A vote as mailing lists and issue trackers cast it, in the words the model was
# trained on: it never saw "-1" and reads it as a number (support 0.40 on "-1").
_VOTE = re.compile(r"(?:(?<=^)|(?<=[.!?]\s)|(?<=\n))(\s*)(?:i'?m |i am )?([-−+])1\b(?![\d.,]\d)"
                   r"(?:\s+(?:on|to|for|from)\s+(?:this|that|it|me)\b)?", re.IGNORECASE)


# An opening vote on a proposal ("Oppose.", "Strong support", "Support the photo"): the
# model, taught on chat replies, reads a bare "Support" after a question as neutral.
_RFC_VOTE = re.compile(r"^(\W{0,3})" + _STRENGTH + "(support|oppose)" + _NOT_A_VERB
                       + r"([.,:;!]?)", re.IGNORECASE)


def _vote_words(m: re.Match) -> str:
    """"Oppose." -> "I disagree.", "Support the photo" -> "I agree: the photo"."""
    said = "I agree" if m.group(2).lower() == "support" else "I disagree"
    return m.group(1) + said + (m.group(3) or ":")


def model_reading(reply: str, sig: CueSignal) -> str:
    """The reply as the stance model reads it: without the granted part of a
    concession, and with a vote ("-1", "I'm +1 on this", "Oppose.") in words."""
    read = (sig.kind == "concession" and contrast_clause(reply)) or reply
    read = _RFC_VOTE.sub(_vote_words, read, count=1)
    return _VOTE.sub(lambda m: m.group(1) + ("I agree" if m.group(2) == "+" else "I disagree"),
                     read)


def cue_signal(target: str, reply: str) -> CueSignal:
    """The lexicon and structure cues of a reply toward its target."""
    # Curly apostrophes ("don’t") are the norm in scraped text; the lexicon is straight.
    reply = (reply or "").replace("\u2019", "'")
    # Read ~400 characters, finishing the sentence the cut falls in, so that
    # "I agree that X, but Y" is never cut between its concession and its contrast.
    end = _SENTENCE_END.search(reply, 400)
    head = reply[: end.end() if end and end.start() < 700 else 400]
    target = (target or "").replace("\u2019", "'")
    # A reply states its stance up front: a cue in the opening sentence outweighs a
    # stronger-sounding one further on ("Expanding on this… But the real point…").
    opening = _SENTENCE_END.search(head, 8)
    opening_end = opening.end() if opening else len(head)
    best: tuple[float, str, int] = (0.0, "", -1)
    for k, (side, rx, weight) in enumerate(_RULES_RE):
        m = rx.search(head)
        if m:
            early = m.start() < opening_end or rx.pattern == _DELTA
            w = weight if early else weight * _LATER_CUE
            if w > abs(best[0]):
                best = (w if side == "attack" else -w, m.group(0).strip(), k)
    if best[0]:
        side = "attack" if best[0] > 0 else "support"
        kind = "concession" if best[2] == 0 else "lexicon"
        return CueSignal(best[0], f"{side} cue “{best[1][:60]}”", kind)
    neg = _negated_target_words(target, reply)
    if neg:
        return CueSignal(0.6, f"negates the target's words (“{neg}”)", "negation")
    opp = _opposite_of_target_word(target, reply)
    if opp:
        return CueSignal(0.5, f"answers the target's word with its opposite (“{opp}”)", "antonym")
    return CueSignal(0.0, "")


class LexiconClassifier:
    """The lexicon and structure cues alone; with no cue it commits to `default`."""

    def __init__(self, default: str = "attack"):
        self.default = default

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        out = []
        for target, reply in pairs:
            sig = cue_signal(target, reply)
            if sig.score:
                stance = "attack" if sig.score > 0 else "support"
                out.append(StanceResult(stance, round(0.5 + abs(sig.score) / 2, 3), sig.evidence))
            else:
                out.append(StanceResult(self.default, 0.5, "no cue; default"))
        return out


_QUESTION_OPEN = re.compile(r"^[^.!?\n]{0,300}\?")
_THANKS = re.compile(r"^\W*(?:thanks?|thank you|thx|cheers)\b", re.I)


def is_question(reply: str) -> bool:
    """The reply opens with a question (its first sentence ends in "?")."""
    return bool(_QUESTION_OPEN.match((reply or "").strip()))


def opens_with_thanks(reply: str) -> bool:
    return bool(_THANKS.match(reply or ""))
