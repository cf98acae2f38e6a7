"""Chat logs, chat copies and meeting transcripts: who speaks on each line.

A log names its speaker at the start of each line ("alice: …", "[10:02] <jsmith> …",
WhatsApp's "24/11/2026, 10:02 - Jane Park: …"), captions name theirs in each cue
(WebVTT's "<v Jane Park>"). `speakers_split` and `captions` turn both into one header
line per turn (`CHAT_MARK` + the speaker) over the words, which `paste` then reads as it
reads a copied page's headers; the other patterns are the lines a chat shows between
what is said (days, joins, reactions, deleted messages), left out where headers were
found.
"""

from __future__ import annotations

import re
from collections import Counter

from argmap.read import cues

__all__ = ["CHAT_MARK", "SPEAKER", "speakers_split", "captions", "speaker", "DAY", "SYSTEM",
           "IRC_EVENT", "GONE", "REACTIONS"]

# A chat log or transcript: "alice: I think …" lines, the speaker before a colon. Words
# that label a line rather than name a speaker are not names.
# A log line may open with its time or date ("[10:02]", "(10:02:33 AM)", "[2026-11-24
# 10:02]", WhatsApp's "24/11/2026, 10:02 - "), and IRC writes the speaker "<jsmith>"
# (some logs and dumps "[jsmith]").
STAMP_PREFIX = (r"(?:[\[(]?(?:\d{4}-\d{2}-\d{2}[ T]|\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+"
                rf"|(?i:{cues.MONTH})\s+\d{{1,2}}\s+)?"
                r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[aApP]\.?[mM]\.?)?[\])]?\s*(?:-\s+)?)?")
SPEAKER = re.compile(
    rf"^{STAMP_PREFIX}(?:<[ @+%~&]?(?P<nick>[\w.|`^-]{{1,30}})>"
    # weechat's columns: the time, the nick, the words
    r"|[@+%~&]?(?P<tnick>(?=[\w.|`^-]*\w)[\w.|`^-]{1,30})(?=\t)"
    r"|\[(?!deleted\]|removed\])(?P<bnick>[\w.|`^-]{2,30})\]"
    r"|(?P<name>[\w.@-]{2,30}|[A-Z][\w.-]{1,20}(?: [A-Z][\w.-]{0,20}| \d[\w.]{0,3}){1,2}):)"
    r"\s+(?P<text>\S.*)$")

CHAT_MARK = "[chat] "  # a speaker's line, split in two: "[chat] alice", then the text


# A meeting's captions (WebVTT, SubRip): "WEBVTT", each cue's number and its timing
# ("00:00:01.200 --> 00:00:06.900"), the speaker as "Name: " or "<v Name>"
CUE_TIME = re.compile(
    r"^\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}\s+-->\s+\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}\b.*$")
VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+(?P<name>[^>]{1,60})>(?P<text>.*?)(?:</v>)?$")


def captions(lines: list[str]) -> tuple[list[str], list[str]]:
    """A caption file as a chat log: one "Name: words" line per turn, a speaker's cues in
    a row joined; the cue numbers and timings left out."""
    timings = [i for i, ln in enumerate(lines) if CUE_TIME.match(ln.strip())]
    if len(timings) < 3 and not (lines and lines[0].strip().startswith("WEBVTT")):
        return lines, []
    numbers = {i - 1 for i in timings if i and lines[i - 1].strip().isdigit()}
    out: list[str] = []
    current = None  # who spoke the cue before
    for i, ln in enumerate(lines):
        s = ln.strip()
        if i in numbers or i in timings or s.startswith(("WEBVTT", "NOTE ")) or not s:
            continue
        if m := VOICE.match(s):
            s = f"{m.group('name').strip()}: {m.group('text').strip()}"
        said = SPEAKER.match(s)
        if said and speaker(said) == current and out:
            out[-1] += " " + said.group("text")  # the same speaker's next cue
        elif said:  # a caption names its speaker: a turn, whoever speaks how often
            out += [CHAT_MARK + speaker(said), said.group("text")]
            current = speaker(said)
        elif not out:
            out.append(s)
        else:
            out[-1] += " " + s  # a cue that names nobody goes on with the one before
    return out, [lines[i] for i in sorted(numbers | set(timings))]


# What a chat export writes for a turn with no words: WhatsApp's "<Media omitted>",
# "image omitted", "This message was deleted", a missed call, an attachment's name
NO_WORDS = re.compile(
    r"^\W*(?:<media omitted>|(?:image|video|audio|sticker|gif|document|contact card)"
    r" omitted|this message was deleted|you deleted this message|<attached: [^>]{1,200}>"
    r"|missed (?:voice|video) call)\W*$", re.IGNORECASE)


def speakers_split(lines: list[str]) -> tuple[list[str], list[str]]:
    """A chat log ("alice: …" on most lines; two speakers or more each speaking more
    than once, or at least five turns by three speakers or more) as a header line per
    turn; any other text as it is. Then the turns that say nothing (`NO_WORDS`)."""
    turns = [m for ln in lines if (m := SPEAKER.match(ln.strip()))
             and speaker(m).lower().rstrip(".") not in cues.LABELS
             and not cues.role(ln)]  # "Counter-argument: …" names a role, not a speaker
    # a bracketed word is a tag ("[Serious]", "[Troubleshooting]", a title copied twice),
    # not a nick, unless two of them speak twice or more
    bracketed = Counter(m.group("bnick") for m in turns if m.group("bnick"))
    talking = {n for n, k in bracketed.items() if k >= 2}
    turns = [m for m in turns if not m.group("bnick")
             or len(talking) >= 2 and m.group("bnick") in talking]
    said = Counter(speaker(m) for m in turns)
    # a forum thread told as "name: words" may have everyone speak once (held out, 181
    # of 267 Reddit threads read so instead of 104; no development flattening more)
    repeated = sum(n >= 2 for n in said.values()) >= 2
    if (len(turns) < 3 or len(turns) < 0.4 * len(lines) or len(said) < 2
            or len(said) > 30 or not (repeated or (len(said) >= 3 and len(turns) >= 5))):
        return lines, []
    out: list[str] = []
    empty: list[str] = []
    for ln in lines:
        m = SPEAKER.match(ln.strip())
        if m and speaker(m) in said and NO_WORDS.match(m.group("text")):
            empty.append(ln)  # a photo or a deleted message: a turn with nothing said
            continue
        if m and speaker(m) in said:
            out += [CHAT_MARK + speaker(m), m.group("text")]
        else:
            out.append(ln)
    return out, empty


def speaker(m: re.Match) -> str:
    return m.group("nick") or m.group("bnick") or m.group("tnick") or m.group("name")


# A chat's own lines between messages, where headers were found: the day ("Today",
# "Friday, March 14th", "Fri, Mar 14"), who joined or left, and reactions under a
# message ("👍", "👍 4", "❤️ 2 😂 1").
DAY = re.compile(
    rf"^(?:today|yesterday|(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
    rf"\.?,?(?:\s+(?:{cues.MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{cues.MONTH}))?"
    rf"(?:,?\s+\d{{4}})?))$", re.IGNORECASE)
SYSTEM = re.compile(
    rf"^{STAMP_PREFIX}(?:[*\-<>!]{{1,4}}\s*)?(?!(?:i|we|he|she|they|you|it|everyone|everybody|nobody)\s)"
    # (a where, or "has": "Priya left." in a chat is something said)
    r"(?:[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,2}|[\w.-]*[_\d@][\w.@-]*)\s+"
    r"(?:(?:has\s+)?(?:joined|left)(?:\s+(?:the\s+)?(?:room|channel|group|chat|conversation"
    r"|server|#[\w-]+)|\s+using this group's invite link)|has\s+(?:joined|left)"
    r"|(?:started|stopped) transcription)\.?$"
    # Slack's under its header: "joined #team-process."
    r"|^(?:has\s+)?(?:joined|left)\s+(?:the\s+(?:room|channel|group)|#[\w-]+)\.?$",
    re.IGNORECASE)
# what an IRC client logs between what is said: joins, quits, new nicks, the log's own
# opening ("-!- tomhale [~tom@host] has joined #parents", "--> tomhale has joined")
IRC_EVENT = re.compile(
    rf"^{STAMP_PREFIX}(?:(?:-!-|\*{{1,3}}|-->|<--|--)\s+\S.*\b(?:has joined|has left|has quit"
    r"|joined|left|quit|is now known as)\b.*"
    r"|-{3}\s+(?:log (?:opened|closed)|day changed)\b.*|\*{4}\s+(?:begin|ending)\s+logging\b.*"
    # an action ("* ben_f shrugs") where the log times it
    r"|(?<=\d\d[\])]|\d\d\s)\s*\*\s+\S.*)$", re.IGNORECASE)
# what a chat shows where a message was deleted
GONE = re.compile(r"^(?:this message (?:has been|was) deleted|message deleted(?: by its author)?"
                   r"|\(message deleted\)|you deleted this message)\.?$", re.IGNORECASE)
REACTIONS = re.compile(r"^(?:[^\w\s.,!?'\"()\[\]+-]{1,8}\s*(?:\d+\s*)?)+$")
