"""Argument mining: comments into units with roles, and relations between them.

A unit is a sentence, or a clause when one sentence makes two moves: "I agree that
X, but Y" is a concession and a claim; "X, because Y" is a claim and its premise.
Roles come from the unit's discourse markers and its place in the comment. Between
comments, each reply gets a stance toward the unit it answers: the unit it quotes,
else the parent's unit it shares most words with, else the parent's main claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from argmap.model import Comment, Relation, Thread, Unit
from argmap.read.cues import role_prefix
from argmap.stance import StanceClassifier, StanceResult
from argmap.stance.motion import asks_motion
from argmap.words import STOP_WORDS, is_deleted

__all__ = [
    "split_units",
    "split_units_with_docs",
    "mine_relations",
    "clause_spans",
    "unit_role",
    "main_claim",
    "match_quote",
]

_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
_META = re.compile(
    r"^\s*(?:see (?:this|also|here|my|the)\b|edit\s*\d*:|update:|source:|link:|"
    r"(?:thanks|thank you|cheers|regards|best|hope this helps)\b[^.?!]{0,30}[.!]*\s*$|"
    r"tl;?\s?dr\s*:?\s*$|p\.?s\.?\s*:?\s*$|\[?deleted\]?\s*$)",
    re.I,
)
# A reply opener or reaction on its own ("Please do!", "This.", "Yeah, but", "lol"): it
# carries the stance (read from the whole comment), never the comment's point.
_OPENER = re.compile(
    r"^\s*(?:please do|(?:\^+\s*)?this|yes|yeah|yep|yup|no|nope|nah|agreed|exactly|absolutely|"
    r"indeed|true|correct|right|sure|ok(?:ay)?|well said|well put|(?:good|great|fair) point|"
    r"same|\+1|lol|lmao|haha+|wow|hmm+|interesting|thanks?(?: you)?(?: so much)?|cheers|"
    r"(?:yeah|yes|well|ok(?:ay)?|sure),? but|but|so|edit|update|op here|came here to say this)"
    r"\s*[.!?,:;…\-–—]*\s*$",
    re.I,
)
_MARKUP = re.compile(r"[*_~`>#|\[\]()\-=+.:;,!?\s]+")
# A Markdown table: its delimiter row ("|---|:--:|"), and rows with a pipe at each end or
# two pipes or more beside a delimiter row ("Car | $251 | monthly").
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_BREAK = re.compile(r"^\s*([-*_])\s*(?:\1\s*){2,}$")  # a thematic break: "---", "* * *"
_TLDR = re.compile(r"^\s*tl;?\s?dr\s*[:\-–—]\s*\S", re.I)
# List bullets, quote marks and title separators before a unit's words ("* Do you get
# matching?", "| Urban planning explained"): markup, not part of the claim; a vote
# ("-1") keeps its sign.
_LEAD_MARK = re.compile(r"^(?:[|•·*>–—]|-(?!\d))+\s*")
_CONCESSION = re.compile(
    r"^\s*(?:fair enough|i (?:\w+ )?(?:agree|accept|grant|concede)\b|granted|admittedly|"
    r"of course|sure\b|true\b|it'?s true|you(?:'re| are) right|i (?:see|get|understand) "
    r"(?:your|the|that|what)|yes\b|yeah\b|ok(?:ay)?\b|i know\b|while\b|although\b|even though\b)",
    re.I,
)
_CONTRAST_WORDS = frozenset({"but", "however", "yet", "though"})
_REASON_WORDS = frozenset({"because", "since"})
# A sentence that opens on "As" rarely gives a reason: in the development texts it was
# "As far as", "As long as", "As I said", "As a nurse", "As a result"; so "as" is no cue.
_PREMISE_OPEN = re.compile(
    r"^\s*(?:because|since|for example|for instance|e\.g\.|after all|given that|this is because|"
    r"the reason|that'?s because)",
    re.I,
)
_CONCLUSION_OPEN = re.compile(
    # "So far as I can tell", "so long as", "so-called" open no conclusion
    r"^\s*(?:so\b(?![\s-]+(?:far|long|much|many|called|to\s+speak|too)\b)|therefore|thus|"
    r"hence|consequently|as a result|in short|in summary|overall|my point is|"
    r"the point is|in conclusion|that'?s why)",
    re.I,
)
_RHETORICAL = re.compile(
    r"^\s*(?:isn'?t|aren'?t|doesn'?t|don'?t|didn'?t|wouldn'?t|shouldn'?t|won'?t|can'?t|"
    r"who (?:would|could|cares)|why would (?:anyone|you)|how (?:could|can) (?:anyone|you)|"
    r"is it really|do you really|what else)\b|,\s*(?:right|no|isn'?t it|don'?t you think)\?\s*$",
    re.I,
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]+")
_STOP = STOP_WORDS


def clause_spans(sent) -> list[tuple[int, int, str | None]]:
    """Split one spaCy sentence into (start_char, end_char, role hint) clauses.

    Two splits, both only where the parse says each side is a clause of its own:
    a concession then a contrast ("Fair enough, but X") gives ("concession", None);
    a claim then its reason ("X, because Y") gives (None, "premise").
    """
    start, end = sent.start_char, sent.end_char
    text = sent.text
    for tok in sent:
        low = tok.lower_
        if low in _CONTRAST_WORDS and tok.i > sent.start + 1:
            left = text[: tok.idx - start].rstrip(" ,;:-–—")
            if _CONCESSION.match(left) and _has_verb_after(sent, tok):
                return [(start, start + len(left), "concession"), (tok.idx, end, None)]
        if low in _REASON_WORDS and tok.i == sent.start and tok.head.dep_ == "advcl":
            sub = list(tok.head.subtree)
            cut = sub[-1].i + 1
            if sub[0].i == tok.i and cut < sent.end - 2:
                rest = sent.doc[cut].idx
                left = text[: rest - start].rstrip(" ,;:-–—")
                right = text[rest - start :].lstrip(" ,;:-–—")
                if len(_WORD.findall(right.lower())) >= 2:
                    return [(start, start + len(left), "premise"), (end - len(right), end, None)]
        if (
            low in _REASON_WORDS
            and tok.dep_ == "mark"
            and tok.i > sent.start + 2
            and tok.head.dep_ == "advcl"
            and tok.head.i > tok.i
        ):
            sub = list(tok.head.subtree)
            if sub[0].i == tok.i and sub[-1].i >= sent.end - 2:
                left = text[: tok.idx - start].rstrip(" ,;:-–—")
                if len(_WORD.findall(left.lower())) >= 3:
                    return [(start, start + len(left), None), (tok.idx, end, "premise")]
    return [(start, end, None)]


def _has_verb_after(sent, tok) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in sent if t.i > tok.i)


def prose_only(text: str) -> str:
    """The text with its Markdown tables and thematic breaks blanked out (same length,
    newlines kept).

    A table is data, not an argument: parsed as prose, each row of a price breakdown
    became a claim ("| Car | $251 |") and a 3,000-row table 2,096 units; a "---" line
    opened the unit after it. The comment keeps them; only the units skip them, and
    offsets stay valid.
    """
    if "|" not in text and "\n" not in text:
        return text
    lines = text.split("\n")
    rules = [bool(_TABLE_RULE.match(ln)) and "|" in ln for ln in lines]
    table = [False] * len(lines)
    for i, ln in enumerate(lines):
        if rules[i] or _TABLE_ROW.match(ln) or _BREAK.match(ln):
            table[i] = True
    # rows without outer pipes count only in a table: the header line just above a
    # delimiter row, and the piped lines after it
    for i, rule in enumerate(rules):
        if not rule:
            continue
        if i and "|" in lines[i - 1]:
            table[i - 1] = True
        j = i + 1
        while j < len(lines) and "|" in lines[j] and lines[j].strip():
            table[j] = True
            j += 1
    if not any(table):
        return text
    return "\n".join(" " * len(ln) if t else ln for ln, t in zip(lines, table, strict=True))


def unit_role(text: str, hint: str | None = None) -> str:
    """The role a unit's own words give it; `claim` is decided later from the comment."""
    if hint:
        return hint
    if _TLDR.match(text):
        return "claim"  # the TL;DR's content is the comment's point
    # openers, reactions, bare markup and single symbols ("Δ", "**", "1.") are never a point
    if _OPENER.match(text) or sum(ch.isalnum() for ch in _MARKUP.sub("", text)) <= 1:
        return "meta"
    if _META.match(text) or (_URL.search(text) and len(_URL.sub("", text).split()) <= 4):
        return "meta"
    if text.rstrip().endswith("?"):
        # "Should the city ban cars?" puts a position up for debate: replies are for or
        # against it, so it is a claim (the motion), as a rhetorical question is
        return "claim" if _RHETORICAL.search(text) or asks_motion(text) else "question"
    if _CONCESSION.match(text) and not re.search(r"\b(?:but|however)\b", text, re.I):
        return "concession"
    if _PREMISE_OPEN.match(text):
        return "premise"
    return "claim"


def _roles(raw: list[tuple[str, str | None]], verbs: list[bool] | None = None) -> list[str]:
    """Roles for a comment's units: its main point(s) are claims, the rest premises.

    verbs[i]: unit i has a verb. "Case in point." or "Secular." before the sentence
    that says something is a lead-in, not the comment's point (it was listed as a crux).
    """
    roles = [unit_role(t, h) for t, h in raw]
    claims = [i for i, r in enumerate(roles) if r == "claim"]
    if not claims:
        return roles
    said = [i for i in claims if verbs is None or verbs[i]]
    # The main points: the first assertion, whatever follows a concession, and any
    # unit that opens on a conclusion marker; other assertions give reasons.
    main = {said[0] if said else claims[0]}
    for i, r in enumerate(roles):
        if r == "claim" and (
            _CONCLUSION_OPEN.match(raw[i][0])
            or _TLDR.match(raw[i][0])
            or (i > 0 and roles[i - 1] == "concession")
        ):
            main.add(i)
    return [("premise" if r == "claim" and i not in main else r) for i, r in enumerate(roles)]


def split_units(thread: Thread, nlp) -> tuple[Unit, ...]:
    """Units of every comment (sentences, split into clauses where needed), with roles."""
    return split_units_with_docs(thread, nlp)[0]


def split_units_with_docs(thread: Thread, nlp) -> tuple[tuple[Unit, ...], list]:
    """The units and, for each, its part of the comment's parse as a spaCy Doc.

    Theme labels need each unit's lemmas, tags and noun chunks; cutting them out of
    the parse made here costs a copy, where parsing every unit again cost about a
    tenth of a cold build (bench/notes.md).
    """
    units: list[Unit] = []
    unit_docs: list = []
    texts = [prose_only(c.text) for c in thread.comments]
    docs = nlp.pipe(texts, batch_size=64, disable=["ner"])  # entities are never read
    for comment, prose, doc in zip(thread.comments, texts, docs, strict=True):
        if is_deleted(comment.text):
            continue  # "[deleted]" holds a place in the thread, and no claim
        spans: list[tuple[int, int, str | None]] = []
        for sent in doc.sents:
            spans.extend(clause_spans(sent))
        kept = []
        for s, e, hint in spans:
            text = prose[s:e]
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if not kept:  # "Counterpoint: ..." - the label is where it stands, not a claim
                cut_off = role_prefix(text)
                lead, text = lead + cut_off, text[cut_off:]
            mark = _LEAD_MARK.match(text)
            if mark:
                lead, text = lead + mark.end(), text[mark.end():]
            if any(ch.isalnum() for ch in text):
                kept.append((s + lead, s + lead + len(text), text, hint))
        cut = [doc.char_span(s, e, alignment_mode="expand") for s, e, _, _ in kept]
        verbs = [span is None or any(t.pos_ in ("VERB", "AUX") for t in span) for span in cut]
        roles = _roles([(t, h) for _, _, t, h in kept], verbs)
        for k, ((s, e, text, _), role, span) in enumerate(zip(kept, roles, cut, strict=True)):
            units.append(Unit(f"{comment.id}.u{k + 1}", comment.id, text, s, e, role))
            unit_docs.append(span.as_doc() if span is not None else nlp.make_doc(text))
    return tuple(units), unit_docs


def main_claim(units: Iterable[Unit]) -> Unit | None:
    """A comment's main claim: a conclusion if it draws one, else its first claim."""
    units = list(units)
    claims = [u for u in units if u.role == "claim"]
    for u in claims:
        if _CONCLUSION_OPEN.match(u.text):
            return u
    if claims:
        return claims[0]
    for role in ("premise", "concession", "question"):
        for u in units:
            if u.role == role:
                return u
    return units[0] if units else None


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def match_quote(quote: str, units: Sequence[Unit]) -> tuple[Unit | None, float]:
    """The unit of the quoted comment that the quoted words come from, and how well."""
    best, score = None, 0.0
    q = " ".join(quote.lower().split())
    for u in units:
        t = " ".join(u.text.lower().split())
        if q and (q in t or t in q):
            s = min(len(q), len(t)) / max(len(q), len(t), 1) * 0.5 + 0.5
        else:
            m = SequenceMatcher(None, q, t, autojunk=False).find_longest_match(0, len(q), 0, len(t))
            s = m.size / max(1, min(len(q), len(t)))
        if s > score:
            best, score = u, s
    return (best, round(score, 3)) if score >= 0.3 else (None, round(score, 3))


def _closest(reply: Sequence[Unit], parent: Sequence[Unit]) -> tuple[Unit | None, float]:
    """The parent unit sharing most content words with the reply (Jaccard)."""
    words = set().union(*(_words(u.text) for u in reply)) if reply else set()
    best, score = None, 0.0
    for u in parent:
        if u.role == "meta":
            continue
        w = _words(u.text)
        s = len(words & w) / max(1, len(words | w))
        if s > score:
            best, score = u, s
    return best, round(score, 3)


def mine_relations(
    thread: Thread, units: tuple[Unit, ...], classifier: StanceClassifier
) -> tuple[tuple[Comment, ...], tuple[Relation, ...]]:
    """Stance on every reply toward its target unit; quote, reply and premise edges."""
    by_comment: dict[str, list[Unit]] = {}
    for u in units:
        by_comment.setdefault(u.comment_id, []).append(u)
    comments_by_id = {c.id: c for c in thread.comments}
    relations: list[Relation] = []

    # Targets first: the quoted unit, else the parent's closest unit, else its claim.
    plans: dict[str, tuple[Unit, str, str]] = {}
    for c in thread.comments:
        own = by_comment.get(c.id, [])
        main = main_claim(own)
        quoted: tuple[Unit, str, float] | None = None
        for q in c.quotes:
            src = by_comment.get(q.source_comment_id or "", [])
            unit, score = match_quote(q.text, src)
            if unit is None or main is None:
                continue
            relations.append(Relation(main.id, unit.id, "quote", score, f"quotes “{q.text[:200]}”"))
            # A quote of the parent beats a quote of an older comment as the target.
            if quoted is None or (
                q.source_comment_id == c.parent_id and quoted[0].comment_id != c.parent_id
            ):
                quoted = (unit, q.text, score)
        if c.parent_id not in comments_by_id or main is None:
            continue
        parent_units = by_comment.get(c.parent_id, [])
        if quoted is not None:
            plans[c.id] = (
                quoted[0],
                quoted[1],
                f"target: the quoted words (match {quoted[2]:.2f})",
            )
            continue
        near, sim = _closest(own, parent_units)
        claim = main_claim(parent_units)
        if near is not None and sim >= 0.12 and near is not claim:
            plans[c.id] = (
                near,
                comments_by_id[c.parent_id].text,
                f"target: the parent's closest unit (word overlap {sim:.2f})",
            )
        elif claim is not None:
            plans[c.id] = (
                claim,
                comments_by_id[c.parent_id].text,
                "target: the parent's main claim",
            )

    # A stance the source states (Kialo's Pro/Con) is a fact, not a guess: keep it.
    stated = {
        c.id: StanceResult(c.stance, c.stance_confidence or 1.0, f"stated in the {thread.format}")
        for c in thread.comments if c.id in plans and c.stance in ("support", "attack", "neutral")
    }
    replies = [c for c in thread.comments if c.id in plans and c.id not in stated]
    results = classifier.predict([(plans[c.id][1], c.text) for c in replies])
    stance_of = {**dict(zip((c.id for c in replies), results, strict=True)), **stated}

    comments: list[Comment] = []
    for c in thread.comments:
        own = by_comment.get(c.id, [])
        main = main_claim(own)
        for u in own:
            if u.role == "premise" and main is not None and u.id != main.id:
                relations.append(
                    Relation(u.id, main.id, "support", 0.6, "premise of the comment's claim")
                )
        res = stance_of.get(c.id)
        if res is None:
            comments.append(c)
            continue
        comments.append(replace(c, stance=res.stance, stance_confidence=res.confidence))
        target, _, why = plans[c.id]
        # A neutral reply (a question, an aside, thanks) is only a reply edge: it says
        # why it is neutral there, and weighs nothing in what stands.
        said = f"neutral ({res.confidence:.2f}): {res.evidence}" if res.stance == "neutral" else ""
        relations.append(
            Relation(
                main.id, target.id, "reply",
                1.0 if c.parent_confidence is None else c.parent_confidence,
                "; ".join(x for x in (c.parent_evidence or "", said) if x),
            )
        )
        if res.stance in ("support", "attack"):
            relations.append(
                Relation(main.id, target.id, res.stance, res.confidence, f"{res.evidence}; {why}")
            )
    return tuple(comments), tuple(relations)
