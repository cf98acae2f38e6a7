"""Bytes to text: BOMs, UTF-8, UTF-16, legacy encodings (charset-normalizer); binary refused."""

from __future__ import annotations

import codecs
from dataclasses import replace

from argmap.errors import ArgmapError
from argmap.escape import clean_text
from argmap.model import Comment, Thread

DEFAULT_MAX_BYTES = 50_000_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM (NULs at every other byte), else None."""
    head = data[:8192]
    even, odd = head[0::2], head[1::2]
    for encoding, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if len(zeros) and zeros.count(0) > 0.3 * len(zeros) and other.count(0) == 0:
            try:
                text = data[: len(data) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
            return text if printable >= 0.95 * len(text) else None
    return None


# Fewer non-ASCII bytes than this say too little for a detector to tell code pages
# apart: then only Windows-1252 (what most forum exports are) is tried.
_DETECT_MIN_BYTES = 8


def _legacy(data: bytes) -> str | None:
    """Text in a legacy code page, or None when none fits.

    With enough non-ASCII bytes, charset-normalizer decides (a Cyrillic Windows-1251
    export must not read as Windows-1252 mojibake); on short Western text its first
    guess is often a Baltic or Central European page, so Windows-1252 wins whenever it
    reads nearly as cleanly. The chosen page must decode the whole file.
    """
    encoding = "cp1252"
    if sum(b > 127 for b in data[:200_000]) >= _DETECT_MIN_BYTES:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data))  # best first
        best = next((m for m in matches if m.encoding == "cp1252"
                     and m.chaos <= matches[0].chaos + 0.15), matches[0] if matches else None)
        if best is None:
            return None
        encoding = best.encoding
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a thread file's bytes, or raise an ArgmapError saying why and where."""
    if not data.strip():
        raise ArgmapError(f"{source}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ArgmapError(
                    f"{source}: invalid {encoding} at byte {exc.start}: {exc.reason}"
                ) from exc
    if b"\x00" in data[:8192]:
        text = _bomless_utf16(data)
        if text is not None:
            return text
        raise ArgmapError(f"{source}: looks like a binary file (NUL bytes), not a thread")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text = _legacy(data)
        if text is None:
            raise ArgmapError(
                f"{source}: not valid UTF-8 at byte {utf8_error.start} and no other text "
                "encoding fits; convert the file to UTF-8"
            ) from utf8_error
        printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
        if printable < 0.95 * len(text):
            raise ArgmapError(
                f"{source}: undecodable bytes (first at byte {utf8_error.start}); "
                "is this a binary file?"
            ) from utf8_error
        return text


def _clean_opt(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def _clean_comment(c: Comment) -> Comment:
    return replace(
        c, id=clean_text(c.id), text=clean_text(c.text), author=_clean_opt(c.author),
        parent_id=_clean_opt(c.parent_id), created=_clean_opt(c.created),
        quotes=tuple(replace(q, text=clean_text(q.text),
                             source_comment_id=_clean_opt(q.source_comment_id))
                     for q in c.quotes),
    )


def clean_thread(thread: Thread) -> Thread:
    """The thread with control characters (all but tab and newline) and terminal escape
    sequences removed from every string, so no map, export or page ever holds them.

    Every reader's Thread passes through here (`read_text`): JSON can carry ESC or
    NUL as \\u escapes that no byte-level check sees."""
    return Thread(
        title=clean_text(thread.title), source=thread.source, format=thread.format,
        comments=tuple(_clean_comment(c) for c in thread.comments),
        notes=tuple(clean_text(n) for n in thread.notes),
    )


