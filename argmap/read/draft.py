"""A comment as the plain-text reader assembles it: cut by `text`, placed by `parents`."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Draft"]


@dataclass
class Draft:
    """A comment being assembled from paragraphs."""

    paras: list[int] = field(default_factory=list)
    own: list[str] = field(default_factory=list)
    quotes: list[tuple[str, int]] = field(default_factory=list)  # (quoted text, comment index)
    copies: frozenset[int] = frozenset()
    opened_by: str = ""  # why this comment starts here
    accept: bool = False
    opener: str | None = None
    open_p: float = 1.0  # the boundary model's probability that a comment starts here
    addressed: bool = False  # opened with "@name", which a reader with names took off
