"""Pick a reader from a file's name and first characters."""

from __future__ import annotations

from collections.abc import Callable

from argmap.model import Thread
from argmap.read import aif as aif_reader
from argmap.read import text as text_reader

READERS: dict[str, Callable[[str, str], Thread]] = {
    "text": text_reader.read,
    "aif": aif_reader.read,
}


def detect_format(text: str, source: str) -> str:
    """The format name for this text; plain text when nothing more specific fits."""
    if aif_reader.looks_like(text):
        return "aif"
    return "text"
