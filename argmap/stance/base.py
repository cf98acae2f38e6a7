"""What every stance classifier answers: the protocol and its result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["STANCES", "StanceResult", "StanceClassifier"]

STANCES = ("support", "attack", "neutral")


@dataclass(frozen=True)
class StanceResult:
    """One reply's stance, how sure (a calibrated probability), why, and P of each outcome."""

    stance: str
    confidence: float
    evidence: str
    probabilities: tuple[float, ...] | None = None  # (support, attack, neutral)


class StanceClassifier(Protocol):
    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """Stance of each (target, reply) pair."""
        ...
