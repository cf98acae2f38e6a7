"""Cheap offline checks that a thread is something argmap can map: English, and enough of it.

argmap's sentence splitter, stance model and theme labels read English. A thread in
another language still builds, but its stance and themes are unreliable, and the
reader should be told once, plainly. Detection needs no model: the script of the
letters (Chinese has no spaces, so word statistics would fail on it) and, for
Latin script, which language's most common function words the text uses.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections import Counter
from functools import cache

from argmap.model import Thread

__all__ = ["guess_language", "warnings_for", "stop_words", "MIN_PARAGRAPHS"]

MIN_PARAGRAPHS = 3  # fewer paragraphs than this is not a debate to map

# The most frequent function words of each language, minus words shared with English.
_STOPWORDS = {
    "English": "the and of to is that it for was with on are this not be have you but they "
               "what would there their which about can if or will do an by from",
    "German": "der die das und ist nicht ich sie es ein eine zu den mit auf für sich dem des "
              "auch wir aber wie noch nur oder wenn kein sind hat bei",
    "French": "le la les et est que une des pas pour qui dans ce il sur du au avec mais nous "
              "vous sont ou ne se plus cette elle je",
    "Spanish": "el la los las que es una por con para del se lo pero más como está hay muy "
               "sin sobre también yo porque esto ser",
    "Italian": "il che di una per non sono della con del gli anche ma come questo più ci "
               "alla io hanno essere perché nel",
    "Dutch": "de het een van en is dat niet op te zijn voor met die ook maar er wat als bij "
             "nog geen wel dan hij",
    "Portuguese": "o que de não uma para com os se mais como mas dos ao das isso está também "
                  "pelo ele você muito",
}
_WORDS = {lang: frozenset(ws.split()) for lang, ws in _STOPWORDS.items()}
# spaCy ships a stop-word list per language with the package itself (no model, no network)
_SPACY_CODES = {"German": "de", "French": "fr", "Spanish": "es", "Italian": "it",
                "Dutch": "nl", "Portuguese": "pt"}


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The function words of `lang` ("der", "die", "nicht" for German), empty for English
    and for languages without a list. The English pipeline tags "die" and "nicht" as
    words of content, so a German thread's themes were keyed "die, das, der, nicht"."""
    code = _SPACY_CODES.get(lang)
    if code is None:
        return frozenset()
    return frozenset(importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS)

_SCRIPTS = (  # (unicode name prefix, language named in the warning)
    ("CJK", "Chinese"), ("HIRAGANA", "Japanese"), ("KATAKANA", "Japanese"),
    ("HANGUL", "Korean"), ("CYRILLIC", "Russian or another Cyrillic-script language"),
    ("ARABIC", "Arabic"), ("GREEK", "Greek"), ("HEBREW", "Hebrew"),
    ("DEVANAGARI", "Hindi"), ("THAI", "Thai"),
)


_LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.I)


@cache
def _script(ch: str) -> str | None:
    if ch < "\u0370":  # Latin letters (and their accents): no script to name
        return None
    name = unicodedata.name(ch, "")
    for prefix, lang in _SCRIPTS:
        if name.startswith(prefix):
            return lang
    return None


def guess_language(text: str, sample: int = 20000) -> str:
    """The language a text looks like ("English" when unsure); reads at most `sample` chars."""
    # links are no language: "https://example.com/a" once read as Portuguese
    text = _LINK.sub(" ", text[:sample])
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "English"
    scripts = Counter(_script(ch) for ch in letters)
    other = [(n, lang) for lang, n in scripts.items() if lang]
    if other:
        n, lang = max(other)
        if n >= 0.3 * len(letters):
            if lang == "Chinese" and (scripts["Japanese"] > 0.05 * len(letters)):
                return "Japanese"
            return lang
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    if not tokens:
        return "English"
    hits = {lang: sum(t in words for t in tokens) for lang, words in _WORDS.items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "English"))
    enough = hits[best] >= 0.08 * len(tokens) and hits[best] > 1.5 * hits["English"]
    if best != "English" and enough:
        return best
    return "English"


def warnings_for(thread: Thread, units: int | None = None) -> list[str]:
    """One line per reason the map will mislead: not English, too little text, or (given
    the number of `units` mined) no claim at all."""
    out = []
    text = "\n\n".join(c.text for c in thread.comments)
    lang = guess_language(text)
    if lang != "English":
        out.append(f"this looks like {lang}: argmap's models read English; "
                   "stance and themes will be unreliable")
    paras = sum(len([p for p in re.split(r"\n\s*\n", c.text) if p.strip()]) or 1
                for c in thread.comments)
    if paras < MIN_PARAGRAPHS:
        out.append(f"{paras} paragraph{'s' if paras != 1 else ''}: "
                   "too little to map as a debate")
    if units == 0:
        out.append("no claims found: nothing in these comments reads as a sentence")
    return out
