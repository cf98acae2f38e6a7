"""Stance of a reply toward what it answers: support, attack or neutral.

The classifier is a swappable component: anything with `predict(pairs)` returning
`StanceResult`s, where a pair is (target, reply). Three ship here:

- `CueClassifier`: the first-sentence cue baseline (a short list of markers);
- `LexiconCues` (`cue_signal`): a curated lexicon plus discourse structure —
  concession-then-contrast ("I agree that X, but Y" attacks), a reply that opens
  on a contrast, and negation of the target's own words;
- `HybridClassifier`: the fine-tuned cross-encoder (`argmap.stance_model`) reading
  the pair together, moved by the cues where they speak. It is the default when its
  weights are present.

A support/attack pair answered `neutral` is a miss for a reader, so the hybrid always
commits; `neutral` is reserved for a reply with no words in it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

__all__ = [
    "StanceResult",
    "StanceClassifier",
    "CueClassifier",
    "CueSignal",
    "cue_signal",
    "LexiconClassifier",
    "HybridClassifier",
    "COMBINER_FEATURES",
    "combiner_features",
    "load_combiner",
    "default_classifier",
    "classify_jsonl",
]


@dataclass(frozen=True)
class StanceResult:
    stance: str
    confidence: float
    evidence: str


class StanceClassifier(Protocol):
    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """Stance of each (target, reply) pair."""
        ...


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
_CONCEDE = (
    r"(?:i (?:\w+ )?(?:agree|accept|grant|understand|see|get|know)\b|fair enough|sure|true|granted|"
    r"admittedly|of course|ok(?:ay)?|yes|yeah|yep|right|maybe|perhaps|i "
    r"think that'?s (?:true|right)|"
    r"that'?s (?:true|fair|right)|it'?s true|you(?:'re| are) right|point taken)"
)
_CONTRAST = r"(?:but|however|though|although|yet|that said|still|on the other hand)"

# (pattern, strength) — strength in (0, 1]; positive patterns attack when `attack`.
_RULES: list[tuple[str, str, float]] = [
    # Concession then contrast: ground granted, then taken back.
    ("attack", _OPEN + _CONCEDE + r"[^.!?]{0,200}?[,;:.-]?\s*\b" + _CONTRAST + r"\b", 0.9),
    ("attack", r"\bi (?:\w+ )?(?:disagree|doubt|object)\b", 0.95),
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
        r"fallacy|strawman|straw man|hoax|debunked)\b",
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
    ("support", r"\bi (?:\w+ )?(?:agree|concur)\b|\bagreed\b", 0.85),
    ("support", _OPEN + r"(?:exactly|precisely|absolutely|indeed|agreed|this[.!]|\+1)", 0.8),
    (
        "support",
        r"\b(?:well said|well put|good point|great point|excellent point|"
        r"this is (?:so |very )?(?:true|right|correct)|so true|spot on)\b",
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
    (
        "support",
        r"\b(?:confirmed|confirms|makes sense|good (?:post|summary|argument)|thanks? for)\b",
        0.6,
    ),
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
            w = weight if m.start() < opening_end else weight * _LATER_CUE
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


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


COMBINER_FEATURES = ("model_logit", "cue", "negates_target", "concession", "log_length")


def combiner_features(p_model: float, sig: CueSignal, reply: str) -> list[float]:
    """What the learned combiner reads: the model's log-odds, the cue, and the reply's shape."""
    return [
        _logit(p_model),
        sig.score,
        1.0 if sig.kind == "negation" else 0.0,
        1.0 if sig.kind == "concession" else 0.0,
        math.log1p(len((reply or "").split())) / 5.0,
    ]


def load_combiner(folder: Path | None = None) -> dict | None:
    """The combiner weights shipped beside the model (`combiner.json`), or None."""
    from argmap.stance_model import MODEL_DIR

    path = (folder or MODEL_DIR) / "combiner.json"
    if not path.exists():
        return None
    spec = json.loads(path.read_text())
    if tuple(spec.get("features", ())) != COMBINER_FEATURES:
        return None  # written for other features: fall back to the fixed cue weight
    return spec


class HybridClassifier:
    """The cross-encoder's P(attack) combined with the cues in log-odds, thresholded at 1/2.

    With a `combiner` (a logistic regression fitted on dev topics by
    `argmap.stance_train`, shipped as `combiner.json`) the log-odds are its weighted
    sum of `COMBINER_FEATURES`; without one, `cue_weight` log-odds per full-strength
    cue are added to the model's (cues alone are precise but rare; the model covers
    the rest). Both are measured in `argmap.stance_eval`.
    """

    def __init__(
        self,
        model=None,
        cue_weight: float = 2.5,
        batch_size: int = 32,
        combiner: dict | None | str = "shipped",
    ):
        self._model = model
        self.cue_weight = cue_weight
        self.batch_size = batch_size
        self.combiner = load_combiner() if combiner == "shipped" else combiner

    def _z(self, p_model: float, sig: CueSignal, reply: str) -> float:
        if self.combiner:
            feats = combiner_features(p_model, sig, reply)
            w = self.combiner["weights"]
            return self.combiner["bias"] + sum(a * b for a, b in zip(w, feats, strict=True))
        return _logit(p_model) + self.cue_weight * sig.score

    @property
    def model(self):
        if self._model is None:
            from argmap.stance_model import load_cross_encoder

            self._model = load_cross_encoder()
        return self._model

    def attack_probability(
        self, pairs: Sequence[tuple[str, str]]
    ) -> list[tuple[float, float, CueSignal]]:
        """(model P(attack), combined P(attack), cue signal) for each pair."""
        probs = self.model.predict_attack(pairs, batch_size=self.batch_size) if pairs else []
        out = []
        for (target, reply), p in zip(pairs, probs, strict=True):
            sig = cue_signal(target, reply)
            z = min(max(self._z(float(p), sig, reply), -30.0), 30.0)
            out.append((float(p), 1 / (1 + math.exp(-z)), sig))
        return out

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        pairs = [((t or "")[:4000], (r or "")[:4000]) for t, r in pairs]
        live = [i for i, (_, r) in enumerate(pairs) if any(ch.isalnum() for ch in r)]
        scored = dict(zip(live, self.attack_probability([pairs[i] for i in live]), strict=True))
        out = []
        for i in range(len(pairs)):
            if i not in scored:
                out.append(StanceResult("neutral", 0.0, "empty reply"))
                continue
            p_model, p, sig = scored[i]
            stance = "attack" if p >= 0.5 else "support"
            why = f"cross-encoder P(attack)={p_model:.2f}"
            if sig.score:
                why = f"{sig.evidence}; {why}"
            out.append(StanceResult(stance, round(max(p, 1 - p), 3), why))
        return out


def default_classifier() -> StanceClassifier:
    """The hybrid classifier when its trained weights ship, else the cue baseline."""
    from argmap.stance_model import MODEL_DIR

    if (MODEL_DIR / "weights.safetensors").exists():
        return HybridClassifier()
    return CueClassifier()


def _read_pairs(path: Path) -> list[dict]:
    from argmap.errors import ArgmapError

    if not path.exists():
        raise ArgmapError(f"{path}: no such file; give a JSONL file of {{id, target, text}} lines")
    rows = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ArgmapError(
                    f"{path}:{n}: not JSON ({exc.msg}); "
                    'each line must be {"id", "target", "text"}'
                ) from exc
            if not isinstance(row, dict):
                raise ArgmapError(f"{path}:{n}: expected a JSON object with id, target, text")
            rows.append(row)
    return rows


def classify_jsonl(path: Path, classifier: StanceClassifier | None = None) -> Iterable[dict]:
    """`argmap stance`: read {id, target, text} lines, yield {id, stance, confidence} lines."""
    rows = _read_pairs(path)
    classifier = classifier or default_classifier()
    pairs = [(str(r.get("target") or ""), str(r.get("text") or "")) for r in rows]
    results = classifier.predict(pairs)
    for n, (row, res) in enumerate(zip(rows, results, strict=True), 1):
        yield {
            "id": row.get("id", n),
            "stance": res.stance,
            "confidence": res.confidence,
            "evidence": res.evidence,
        }
