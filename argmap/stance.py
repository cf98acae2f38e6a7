"""Stance of a reply toward what it answers: support, attack or neutral.

The classifier is a swappable component: anything with `predict(pairs)` returning
`StanceResult`s. This module's default reads discourse cues at the start of the
reply; it is the baseline a learned model must beat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["StanceResult", "StanceClassifier", "CueClassifier", "default_classifier"]


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
    """Cue-phrase stance: the first sentence's discourse markers decide."""

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


def default_classifier() -> StanceClassifier:
    return CueClassifier()
