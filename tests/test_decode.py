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


@pytest.mark.parametrize("text,encoding", [
    ("Привет, это сообщение о налогах. Я не согласен с автором, потому что налоги "
     "слишком высоки, а услуги хуже.\n" * 2, "cp1251"),
    ("Das stimmt so nicht. Die Straßenbahn fährt öfter als gedacht, und größere Busse "
     "wären besser.\n" * 2, "latin-1"),
    ("Café crème: naïve façade — “quoted” words, déjà vu.\n" * 2, "cp1252"),
], ids=["cyrillic-1251", "german-latin1", "french-1252"])
def test_legacy_encodings_are_detected_not_guessed_as_western(text, encoding):
    assert decode_bytes(text.encode(encoding), "old.txt") == text
