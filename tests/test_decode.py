"""Bytes to text: the encodings people's exports come in, and clear refusals."""

from __future__ import annotations

import codecs

import pytest

from argmap.errors import ArgmapError
from argmap.read.decode import decode_bytes

TEXT = "It’s “quoted” — café.\nSecond line."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1252"],
)
def test_common_encodings_decode_to_the_same_text(data):
    assert decode_bytes(data, "f.txt") == TEXT


def test_binary_is_refused_by_name():
    with pytest.raises(ArgmapError, match="f.bin.*binary"):
        decode_bytes(b"\x00\x01\x02garbage\x00" * 10, "f.bin")


def test_empty_is_refused():
    with pytest.raises(ArgmapError, match="empty"):
        decode_bytes(b"  \n ", "e.txt")
