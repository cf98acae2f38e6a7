"""Every string read from a thread is hostile until escaped for the place it goes.

One function per sink, so each caller says where a string is going and nothing
else has to know the rules:

- `clean_text`: at read time, control characters out (tab and newline stay), so
  the stored map itself is clean.
- `md`: Markdown the app renders (st.markdown): no HTML, images, links (bare URLs
  included), emphasis or code spans; `md_quote` for a block quote.
- `md_report`: one line of the exported Markdown report: as `md`, but one line.
- `html_text`, `safe_json`: HTML element text and JSON inside a <script>.
- `xml_text`: characters XML 1.0 allows, so any XML we write parses.
- `argdown`: one line of Argdown text with Argdown's syntax characters escaped.
- `term`: one line for the terminal: no escape sequences, no control characters.
"""

from __future__ import annotations

import html
import json
import re

__all__ = [
    "clean_text", "md", "md_quote", "md_report", "html_text", "safe_json", "xml_text",
    "argdown", "term",
]

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode
# line/paragraph separators and bidi overrides that reorder what a reader sees.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# ANSI/VT sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other ESC x.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x1b\x9d]\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[@-Z\\-_]"
)
# Characters XML 1.0 forbids anywhere, even as character references.
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#!|~${}()])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([-+=.)])", re.MULTILINE)
# What GFM turns into a link without brackets: scheme://, www., and e-mail @ and ':'.
_MD_AUTOLINK = re.compile(r"[:@]|(?<=[wW])\.")
_ARGDOWN_SPECIAL = re.compile(r"([\\\[\]<>@#*_/{}`])")


def clean_text(text: str) -> str:
    """Text as a map may store it: CRLF/CR to LF, control characters removed."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _ANSI.sub("", text))


def _unlink(m: re.Match) -> str:
    # Streamlit's renderer (remark-gfm) finds bare URLs and e-mail addresses in the text
    # *after* backslash escapes are resolved, so an escape alone does not stop them: an
    # invisible word joiner (U+2060) breaks "http://", "www." and "@host" apart too.
    return "\\@\u2060" if m.group(0) == "@" else "\u2060\\" + m.group(0)


def md(text: str) -> str:
    """Thread text made inert for st.markdown: no links, images, emphasis, code or HTML.

    `&`, `<` and `>` become entities (no tag, entity or block quote can form); every
    other Markdown punctuation mark is backslash-escaped (so a backtick can never
    close a code span), `:`, `@` and the dot after `www` are escaped and split by an
    invisible word joiner so GFM's bare URL and e-mail autolinks cannot form, and
    control characters are dropped.
    """
    text = html.escape(clean_text(str(text)), quote=False)  # & < > as entities: never a tag
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_AUTOLINK.sub(_unlink, text)
    return _MD_LINE_START.sub(r"\1\\\2", text)


def md_quote(text: str) -> str:
    """Thread text as an inert Markdown block quote, one `>` per line."""
    return "\n".join("> " + line for line in md(text).splitlines() or [""])


def md_report(text: str) -> str:
    """One line of an exported Markdown report: inert, whitespace folded."""
    return md(" ".join(str(text).split()))


def html_text(text: str) -> str:
    """Text for an HTML element or a quoted attribute."""
    return html.escape(clean_text(str(text)), quote=True)


def safe_json(value) -> str:
    """JSON that cannot close a <script> element or open a comment in HTML."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def xml_text(text: str) -> str:
    """Text an XML 1.0 document can hold (the serialiser escapes <, > and &)."""
    return _XML_BAD.sub("", str(text))


def argdown(text: str) -> str:
    """One line of Argdown text with every character Argdown reads as syntax escaped."""
    return _ARGDOWN_SPECIAL.sub(r"\\\1", " ".join(clean_text(str(text)).split()))


def term(text: str) -> str:
    """One line for a terminal: escape sequences and control characters removed."""
    return " ".join(clean_text(str(text)).split())
