"""Mailing-list threads pasted as text: messages under "From:" headers, "> " quotes.

    From: Jane Doe <jane@example.org>
    Date: Tue, 24 Nov 2026 09:12:03 +0100
    Subject: [Python-ideas] Walrus in comprehensions

    I'd like to propose …

    From: Bob Smith <bob@example.com>
    Subject: Re: [Python-ideas] Walrus in comprehensions

    On Tue, Nov 24, 2026 at 9:12 AM Jane Doe <jane@example.org> wrote:
    > I'd like to propose …
    I'm -1 on this.
    --
    Bob

Mailing lists hold some of the longest real debates (language design lists, standards
bodies), and a copy of an archive or a digest is how they reach argmap. Each message's
header block opens a comment by its sender; the header fields, the attribution line
("… wrote:"), a greeting, the signature and the list's footer are not the message's
words. Who a message answers comes from what it quotes (the first level of "> " lines,
matched to the message that said it) and from whom the attribution line or a greeting
names; messages pasted newest first (as a forwarded chain shows them) are put back in
the order they were written. The comments are then read as a copied page's are
(`markdown.read_blocks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parseaddr, parsedate_to_datetime
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read import markdown

__all__ = ["looks_like_mail", "read"]

# "From: Jane Doe <jane@example.org>", "From: jane@example.org (Jane Doe)", Outlook's
# "From: Jane Doe" and the other fields of a message's header block
_FIELD = re.compile(
    r"^\s*(?P<key>from|date|sent|to|cc|bcc|subject|reply-to|message-id|in-reply-to|"
    r"references|newsgroups|organization|organisation|list-id|importance):\s*(?P<value>.*)$",
    re.IGNORECASE)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*(?:original message|forwarded message)\s*-{2,}\s*$",
                       re.IGNORECASE)
# "On Tue, Nov 24, 2026 at 9:12 AM Jane Doe <jane@example.org> wrote:", "Jane Doe
# wrote:", "Quoting Jane Doe (2026-11-24):"; a long attribution wraps onto a second line
_WROTE = re.compile(r"^(?:on\s.{0,160}|.{0,100}?)\b(?:wrote|writes|said)\s*:\s*$"
                    r"|^quoting\s.{1,100}:\s*$", re.IGNORECASE)
_GREETING = re.compile(r"^(?:hi|hello|hey|dear|morning|afternoon)\b(?P<who>[^.!?]{0,40}?)[,!:]?$",
                       re.IGNORECASE)
_CLOSING = re.compile(
    r"^(?:thanks?(?: you)?|many thanks|cheers|best|best regards|regards|kind regards|"
    r"warm regards|all the best|sincerely|yours|ttyl|hth)\b[\w ,.!-]{0,40}$", re.IGNORECASE)
_SIGNATURE = re.compile(r"^\s*--\s*$|^\s*_{10,}\s*$")  # "-- " or a list footer's rule
_SUBJECT_TAGS = re.compile(r"^(?:\s*(?:re|fwd?|aw|sv)\s*:\s*|\s*\[[^\]]{1,40}\]\s*)+",
                           re.IGNORECASE)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_QUOTE = re.compile(r"^\s*((?:>\s?)+)(.*)$")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")


@dataclass
class _Message:
    author: str
    address: str
    date: datetime | None
    subject: str
    lines: list[str] = field(default_factory=list)


# Gmail's web page, copied: "Maya Ortiz <maya@example.com>" over "Fri, Mar 14, 7:02 PM
# (3 days ago)" over "to parents-room4" (or "to me, Ben"), read as the fields they are
_GMAIL_FROM = re.compile(
    r"^\s*(?P<name>[^<>:]{1,60}?)\s*<(?P<addr>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>\s*$")
_GMAIL_DATE = re.compile(
    r"^\s*(?P<date>.{0,40}\d{1,2}:\d{2}(?:\s?[AP]M)?)\s*(?:\([^)]{1,30}\))?\s*$", re.IGNORECASE)
# the recipients: "to me", "to parents-room4", "to Ravi, council, me" (not "to be honest…")
_GMAIL_TO = re.compile(r"^\s*to\s+(?:me|[\w.@'’-]+(?:\s[\w.'’-]+)?)(?:,\s*(?:me|[\w.@'’-]+"
                       r"(?:\s[\w.'’-]+)?))*\s*$")
# Outlook on the web: the sender's name over "To: …" over "Tue 3/12/2024 8:47 AM" (the
# initials in place of a picture above the name)
_OUTLOOK_DATE = re.compile(r"^\s*(?:mon|tue|wed|thu|fri|sat|sun)\w*\s+\d{1,2}/\d{1,2}/\d{2,4}\s+"
                           r"\d{1,2}:\d{2}(?:\s*[AP]M)?\s*$", re.IGNORECASE)
_INITIALS = re.compile(r"^\s*[A-Z]{1,3}\s*$")


def _gmail_fields(lines: list[str]) -> list[str]:
    """Gmail's three header lines of a message, or Outlook on the web's, as "From:" and
    "Date:" fields."""
    out, i = [], 0
    while i < len(lines):
        m = _GMAIL_FROM.match(lines[i])
        d = _GMAIL_DATE.match(lines[i + 1]) if m and i + 1 < len(lines) else None
        if m and d:
            out += [f"From: {m.group('name')} <{m.group('addr')}>", f"Date: {d.group('date')}"]
            i += 3 if i + 2 < len(lines) and _GMAIL_TO.match(lines[i + 2]) else 2
            continue
        # a sender Gmail shows by name alone: then its date ("Mon, Mar 11, 2:15 PM (2 days
        # ago)") and the "to …" line must follow
        if (i + 2 < len(lines) and re.fullmatch(r"\s*[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){1,3}\s*",
                                                lines[i])
                and (d := _GMAIL_DATE.match(lines[i + 1])) and _GMAIL_TO.match(lines[i + 2])
                and re.search(r"\bago\)|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
                              lines[i + 1])):
            out += [f"From: {lines[i].strip()}", f"Date: {d.group('date')}"]
            i += 3
            continue
        if (i + 2 < len(lines) and lines[i].strip() and ":" not in lines[i]
                and len(lines[i].split()) <= 4 and lines[i + 1].lower().startswith("to:")
                and _OUTLOOK_DATE.match(lines[i + 2])):
            if out and _INITIALS.match(out[-1]):
                out.pop()
            out += [f"From: {lines[i].strip()}", lines[i + 1].strip(),
                    f"Date: {lines[i + 2].strip()}"]
            i += 3
            continue
        out.append(lines[i])
        i += 1
    return out


def _headers(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) of each message's header block: a run of header fields holding one
    "From:" and at least one other field (a sentence starting "From:" is no header)."""
    blocks, i = [], 0
    while i < len(lines):
        j = i
        while j < len(lines) and _FIELD.match(lines[j]):
            j += 1
        keys = [_FIELD.match(ln).group("key").lower() for ln in lines[i:j]]
        if keys.count("from") == 1 and len(keys) >= 2:
            start = i - 1 if i and _ORIGINAL.match(lines[i - 1]) else i
            blocks.append((start, j))
        i = max(j, i + 1)
    return blocks


def looks_like_mail(text: str) -> bool:
    """At least one message header block, and a second one or a quote's attribution.

    One header block under more than a few lines of other text is an email someone
    quoted in a thread, not a mail thread: reading it as one would leave the text
    above it out."""
    lines = _gmail_fields(text.splitlines())
    blocks = _headers(lines)
    if len(blocks) != 1:
        return len(blocks) >= 2
    above = sum(bool(ln.strip()) for ln in lines[:blocks[0][0]])
    chained = bool(_ORIGINAL.match(lines[blocks[0][0]]))
    return (above <= 5 or chained) and any(_WROTE.match(ln.strip()) for ln in lines)


def _sender(value: str) -> tuple[str, str]:
    """(display name, address) of a From: value; the address's local part names a
    sender who gave no name."""
    name, addr = parseaddr(value)
    if "@" not in value:  # Outlook's "From: Bob Jones"
        name, addr = value.strip(), ""
    # a list that rewrites senders ("Jane Doe via Python-ideas <list@…>"): the
    # address is the list's, shared by everyone
    name = re.sub(r"\s+via\s+\S.*$", "", name or "", flags=re.IGNORECASE)
    name = re.sub(r"\s*\(.*?\)\s*$", "", name).strip().strip("'\"") if name else ""
    if not name:
        name = addr.split("@")[0] if "@" in addr else ""
    # as its author line will show it, so that lookups by name match
    return markdown.author_name(name) or "unknown", addr.lower()


def _date(value: str) -> datetime | None:
    try:
        d = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        d = None
    if d is None:  # Outlook: "Tuesday, November 24, 2026 9:12 AM"
        for fmt in ("%A, %B %d, %Y %I:%M %p", "%A, %d %B %Y %H:%M", "%B %d, %Y %I:%M %p"):
            try:
                d = datetime.strptime(value.strip(), fmt)
                break
            except ValueError:
                continue
    if d is not None and d.tzinfo is not None:  # zones differ between senders
        d = d.astimezone(UTC).replace(tzinfo=None)
    return d


def _messages(lines: list[str], blocks: list[tuple[int, int]]) -> tuple[list[str], list[_Message]]:
    """The lines before the first header, and the messages."""
    out = []
    for n, (start, end) in enumerate(blocks):
        fields: dict[str, str] = {}
        for ln in lines[start:end]:
            if m := _FIELD.match(ln):
                fields.setdefault(m.group("key").lower(), m.group("value").strip())
        name, addr = _sender(fields.get("from", ""))
        nxt = blocks[n + 1][0] if n + 1 < len(blocks) else len(lines)
        out.append(_Message(name, addr, _date(fields.get("date") or fields.get("sent") or ""),
                            fields.get("subject", ""), lines[end:nxt]))
    return lines[:blocks[0][0]], out


class _Senders:
    """The senders seen so far, looked up by address, full name or first name (a
    digest of thousands of messages has a few hundred senders: each lookup scans those,
    never every earlier message)."""

    def __init__(self) -> None:
        self.by_address: dict[str, str] = {}
        self.names: dict[str, str] = {}  # lower-case name -> name
        self.firsts: dict[str, str] = {}

    def add(self, msg: _Message) -> None:
        if msg.address:  # an address two names share (a list's own) names nobody
            was = self.by_address.setdefault(msg.address, msg.author)
            if was != msg.author:
                self.by_address[msg.address] = ""
        self.names[msg.author.lower()] = msg.author
        first = msg.author.split()[0].lower() if msg.author.split() else ""
        if len(first) > 2:
            self.firsts[first] = msg.author

    def named_in(self, text: str) -> str | None:
        """The sender an attribution or greeting names: by address, then by full name,
        then by first name (the longest name found wins)."""
        low = text.lower()
        for addr in _ADDRESS.findall(low):
            if self.by_address.get(addr):
                return self.by_address[addr]
        words = set(re.findall(r"[\w.'-]+", low))
        for table in (self.names, self.firsts):
            found = [n for n in table if n.split()[0] in words
                     and re.search(rf"(?<![\w.-]){re.escape(n)}(?![\w-])", low)]
            if found:
                return table[max(found, key=len)]
        return None


def _body(msg: _Message, senders: _Senders) -> tuple[list[str], str | None]:
    """A message's words as paragraphs (quotes as "> " paragraphs, first level only),
    and the sender it names as the one it answers."""
    lines: list[str] = []
    signed = False  # inside the signature or the list's footer: no words of the debate
    for ln in msg.lines:
        if _ORIGINAL.match(ln):
            break
        if _SIGNATURE.match(ln):
            signed = True
        elif signed and (_WROTE.match(ln.strip()) or ln.lower().startswith("on ")):
            signed = False  # a top-posted reply: the quoted message follows the signature
        if not signed:
            lines.append(ln)
    named: str | None = None
    kept: list[str] = []
    for i, ln in enumerate(lines):
        s = ln.strip()
        wrote = _WROTE.match(s) or (
            # an attribution wrapped over two lines: "On Tue, … Jane Doe" / "<jane@…> wrote:"
            i + 1 < len(lines) and s.lower().startswith("on ")
            and _WROTE.match(lines[i + 1].strip()) and len(s) < 120)
        if wrote:
            named = named or senders.named_in(
                s + " " + (lines[i + 1] if i + 1 < len(lines) else ""))
            if not _WROTE.match(s):
                lines[i + 1] = ""
            continue
        kept.append(ln)
    # a greeting first ("Hi Bob,") names who is answered; a closing and the sender's
    # name last are no words of the debate
    own = [i for i, ln in enumerate(kept) if ln.strip() and not _QUOTE.match(ln)]
    if own and (g := _GREETING.match(kept[own[0]].strip())):
        named = named or (senders.named_in(g.group("who")) if g.group("who").strip()
                          else None)
        kept[own[0]] = ""
    first_name = msg.author.split()[0].lower() if msg.author.split() else ""
    for i in reversed(own[1:] if own else []):
        s = kept[i].strip().rstrip(",.!")
        if len(s.split()) > 4 or not (_CLOSING.match(s) or s.lower() in (
                msg.author.lower(), first_name) or s.lower().lstrip("-~ ") == first_name):
            break
        kept[i] = ""
    return _paragraphs(kept), named


def _unwrapped(lines: list[str]) -> list[str]:
    """Paragraphs of one's own words: blank-line blocks, a block's lines joined when
    they break mid-sentence (mail is hard-wrapped at about 72 columns)."""
    out: list[str] = []
    for block in "\n".join(lines).split("\n\n"):
        rows = [ln.strip() for ln in block.splitlines() if ln.strip()]
        inner = rows[:-1]
        if inner and sum(not _SENTENCE_END.search(ln) for ln in inner) >= 0.6 * len(inner):
            out.append(" ".join(rows))
        else:
            out.extend(rows)
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """Own words and first-level quotes as paragraphs, hard-wrapped lines joined; deeper
    quotes (what the quoted message itself quoted) left out."""
    out: list[str] = []
    run: list[str] = []
    kind = ""

    def flush() -> None:
        if run:
            out.extend(["> " + " ".join(run)] if kind == "quote" else _unwrapped(run))
        run.clear()

    for ln in lines:
        q = _QUOTE.match(ln)
        if q:
            depth = q.group(1).count(">")
            now = "quote" if depth == 1 else "deep"
            body = q.group(2).strip()
        else:
            now, body = ("own" if ln.strip() else "blank"), ln.rstrip()
        if now == "blank":
            if kind == "own":
                run.append("")  # a paragraph break inside one's own words
            continue
        if now != kind or (now == "quote" and not body):
            flush()
            kind = now
        if now == "deep":
            continue
        if body:
            run.append(body)
    flush()
    return [p for p in out if p.strip() and p.strip() != ">"]


_BUTTON = re.compile(r"^\s*(?:reply|reply all|forward|get outlook for \w+)\s*$", re.IGNORECASE)


def _without_repeats(msgs: list[_Message]) -> tuple[list[_Message], int]:
    """The messages without a mail program's buttons ("Reply all", "Forward"), and
    without those that only repeat an earlier message of the same sender (a reply
    quotes the message it answers under its own "From:" block): how many those were."""
    def words(m: _Message) -> str:
        return " ".join(" ".join(ln for ln in m.lines if ln.strip()).split()).lower()

    out: list[_Message] = []
    for m in msgs:
        m.lines = [ln for ln in m.lines if not _BUTTON.match(ln)]
        said = words(m)
        # (a quoted original runs long; a short "Agreed." said twice is said twice)
        if len(said.split()) >= 6 and any(e.author == m.author and said in words(e) for e in out):
            continue
        out.append(m)
    return out, len(msgs) - len(out)


def read(text: str, source: str, embedder: Any | None = None) -> Thread:
    """Read a pasted mailing-list thread, one comment per message."""
    lines = _gmail_fields(text.splitlines())
    blocks = _headers(lines)
    if not blocks:
        raise ArgmapError(f"{source}: no message headers ('From:' with 'Date:' or "
                          "'Subject:') found")
    before, msgs = _messages(lines, blocks)
    msgs, repeated = _without_repeats(msgs)
    dated = [m.date for m in msgs]
    newest_first = (len(msgs) > 1 and all(dated)
                    and all(a >= b for a, b in zip(dated, dated[1:], strict=False))
                    and dated[0] > dated[-1])
    # a reply chain as a mail program quotes it: the newest message's own words sit
    # above the first quoted header ("-----Original Message-----"), under no header
    chained = newest_first or (bool(_ORIGINAL.match(lines[blocks[0][0]]))
                               and any(len(ln.split()) >= 6 for ln in before))
    if chained and any(ln.strip() for ln in before):
        msgs.insert(0, _Message("unknown", "", None, msgs[0].subject, before))
        before = []
    if chained:
        msgs.reverse()
    subject = next((m.subject for m in msgs if m.subject), "")
    # no subject field (a copy of Gmail's page): the subject heads the page instead
    title = _SUBJECT_TAGS.sub("", subject).strip() or next(
        (ln.strip() for ln in before if ln.strip()), "")
    everyone = _Senders()
    for msg in msgs:
        everyone.add(msg)
    for msg in msgs:  # a message under no header is signed by its sender ("Regards, Alice")
        if msg.author == "unknown":
            tail = [ln.strip() for ln in msg.lines if ln.strip()][-2:]
            signed = [everyone.named_in(ln) for ln in tail if len(ln.split()) <= 3]
            msg.author = next((n for n in reversed(signed) if n), "unknown")
    blocks_out: list[tuple[str | None, list[str]]] = []
    senders = _Senders()
    for msg in msgs:
        paras, named = _body(msg, senders)
        senders.add(msg)
        blocks_out.append((None, [markdown.author_line(msg.author, named),
                                  *[x for p in paras for x in (p, "")]]))
    thread = markdown.read_blocks(blocks_out, source, title, embedder=embedder)
    left = sum(bool(ln.strip()) for ln in before)
    notes = [f"{len(msgs)} messages read from their headers"
             + (f"; {repeated} quoted again under a reply, read once" if repeated else "")
             + ("; pasted newest first, read oldest first" if newest_first else "")
             + (f"; left out {left} line(s) above the first message" if left else "")]
    return replace(thread, format="mail", notes=(*notes, *thread.notes))
