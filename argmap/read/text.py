"""Plain text dumps: one paragraph a line, no authors, no markup.

This first reader is deliberately naive: each non-empty line is one comment that
replies to the line before it.
"""

from __future__ import annotations

from pathlib import Path

from argmap.errors import ArgmapError
from argmap.model import Comment, Thread


def read(text: str, source: str) -> Thread:
    """Read a plain text thread."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise ArgmapError(f"{source}: the thread is empty (no text to map)")
    comments = []
    for i, line in enumerate(lines):
        comments.append(
            Comment(
                id=f"c{i + 1}",
                text=line,
                parent_id=f"c{i}" if i else None,
                position=i,
                parent_confidence=0.3 if i else None,
                parent_evidence="previous paragraph" if i else None,
            )
        )
    return Thread(title=Path(source).stem, source=source, format="text", comments=tuple(comments))
