"""Bytes to text: BOMs, UTF-8, UTF-16, Windows-1252; binary files refused by name."""

from __future__ import annotations

import codecs

from argmap.errors import ArgmapError

DEFAULT_MAX_BYTES = 50_000_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
        raise ArgmapError(f"{source}: looks like a binary file (NUL bytes), not a thread")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        # Windows-1252 is what most non-UTF-8 forum exports are; accept it only when
        # the bytes decode cleanly and read as text.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ArgmapError(
                f"{source}: not valid UTF-8 at byte {utf8_error.start} and not Windows-1252; "
                "convert the file to UTF-8"
            ) from utf8_error
        printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
        if printable < 0.95 * len(text):
            raise ArgmapError(
                f"{source}: undecodable bytes (first at byte {utf8_error.start}); "
                "is this a binary file?"
            ) from utf8_error
        return text
