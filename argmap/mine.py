"""Argument mining: comments into units with roles, and relations between them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from argmap.model import Comment, Relation, Thread, Unit
from argmap.stance import StanceClassifier

__all__ = ["split_units", "mine_relations"]

_URL = re.compile(r"https?://|www\.", re.I)
_META = re.compile(r"^\s*(?:see (?:this|also)|edit:|tl;?dr:?\s*$|thanks\b|cheers\b)", re.I)


def _role(sentence: str, index: int) -> str:
    if _URL.search(sentence) or _META.search(sentence):
        return "meta"
    if sentence.rstrip().endswith("?"):
        return "question"
    if re.match(r"^\s*(?:fair enough|i agree that|granted|admittedly)\b", sentence, re.I):
        return "concession"
    return "claim" if index == 0 else "premise"


def split_units(thread: Thread, nlp) -> tuple[Unit, ...]:
    """One unit per sentence of each comment, with a role from surface cues."""
    units: list[Unit] = []
    texts = [c.text for c in thread.comments]
    for comment, doc in zip(thread.comments, nlp.pipe(texts, batch_size=64), strict=True):
        k = 0
        for sent in doc.sents:
            text = sent.text.strip()
            if not any(ch.isalnum() for ch in text):
                continue
            units.append(
                Unit(
                    id=f"{comment.id}.u{k + 1}",
                    comment_id=comment.id,
                    text=text,
                    start=sent.start_char,
                    end=sent.end_char,
                    role=_role(text, k),
                )
            )
            k += 1
    return tuple(units)


def _main_unit(units: Iterable[Unit]) -> Unit | None:
    units = list(units)
    for u in units:
        if u.role == "claim":
            return u
    return units[0] if units else None


def mine_relations(
    thread: Thread, units: tuple[Unit, ...], classifier: StanceClassifier
) -> tuple[tuple[Comment, ...], tuple[Relation, ...]]:
    """Stance on every reply, a reply edge between comments' main units, premise supports."""
    by_comment: dict[str, list[Unit]] = {}
    for u in units:
        by_comment.setdefault(u.comment_id, []).append(u)
    ids = {c.id for c in thread.comments}
    replies = [c for c in thread.comments if c.parent_id in ids]
    parents = {c.id: c for c in thread.comments}
    results = classifier.predict([(parents[c.parent_id].text, c.text) for c in replies])
    stance_of = dict(zip((c.id for c in replies), results, strict=True))

    relations: list[Relation] = []
    comments: list[Comment] = []
    for c in thread.comments:
        own = by_comment.get(c.id, [])
        main = _main_unit(own)
        for u in own:
            if u.role == "premise" and main is not None and u.id != main.id:
                relations.append(Relation(u.id, main.id, "support", 0.5, "premise of the claim"))
        res = stance_of.get(c.id)
        if res is None:
            comments.append(c)
            continue
        comments.append(replace(c, stance=res.stance, stance_confidence=res.confidence))
        target = _main_unit(by_comment.get(c.parent_id, []))
        if main is None or target is None:
            continue
        relations.append(
            Relation(main.id, target.id, "reply", c.parent_confidence or 1.0, c.parent_evidence or "")
        )
        if res.stance in ("support", "attack"):
            relations.append(Relation(main.id, target.id, res.stance, res.confidence, res.evidence))
    return tuple(comments), tuple(relations)
