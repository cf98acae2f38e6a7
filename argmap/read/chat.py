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

__all__ = ["CHAT_MARK", "UNNAMED", "SPEAKER", "speakers_split", "captions", "names_over_words",
           "speaker", "DAY", "SYSTEM", "IRC_EVENT", "GONE", "REACTIONS"]

# A chat log or transcript: "alice: I think …" lines, the speaker before a colon. Words
# that label a line rather than name a speaker are not names.
# A log line may open with its time or date ("[10:02]", "(10:02:33 AM)", "[2026-11-24
# 10:02]", WhatsApp's "24/11/2026, 10:02 - "), and IRC writes the speaker "<jsmith>"
# (some logs and dumps "[jsmith]").
STAMP_PREFIX = (r"(?:[\[(]?(?:\d{4}-\d{2}-\d{2}[ T]|\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+"
                # (a French, German, Spanish or Italian export: "12/03/2024 à 19:02")
                r"(?:(?:à|um|a las|alle|às)\s+)?"
                rf"|(?i:{cues.MONTH})\s+\d{{1,2}}\s+)?"
                r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[aApP]\.?\s?[mM]\.?)?"
                # WhatsApp Web's copy puts the date after the time: "[19:02, 04/03/2024]"
                r"(?:,\s*\d{1,2}[/.]\d{1,2}[/.]\d{2,4})?[\])]?\s*(?:-\s+)?)?")
SPEAKER = re.compile(
    rf"^{STAMP_PREFIX}(?:<[ @+%~&]?(?P<nick>[\w.|`^-]{{1,30}})>"
    # weechat's columns: the time, the nick, the words
    r"|[@+%~&]?(?P<tnick>(?=[\w.|`^-]*\w)[\w.|`^-]{1,30})(?=\t)"
    # LINE's saved chat: "19:02<TAB>Kaito Mori<TAB>words"
    r"|(?P<tname>[A-Z][\w.'-]{0,20}(?: [\w.'-]{1,20}){1,3})(?=\t)"
    # KakaoTalk's copy: "[Minji Park] [7:02 PM] words"
    r"|\[(?P<kname>[^\[\]\d][^\[\]]{0,39})\]\s+\[\d{1,2}:\d{2}(?:\s?[aApP][mM])?\]"
    # a phone number where the sender is no contact (WhatsApp: "+44 7700 900123:")
    r"|(?P<phone>\+\d[\d ]{6,18}\d):"
    r"|\[(?!deleted\]|removed\])(?P<bnick>[\w.|`^-]{2,30})\]"
    r"|(?P<name>[\w.@-]{2,30}|[A-ZÀ-ÖØ-Þ][\w.-]{1,20}(?: [A-ZÀ-ÖØ-Þ][\w.-]{0,20}"
    r"| \d[\w.]{0,3}){1,2}):)"
    r"\s+(?P<text>\S.*)$")

CHAT_MARK = "[chat] "  # a speaker's line, split in two: "[chat] alice", then the text
UNNAMED = "[no name shown]"  # a chat bubble's sender where the copy shows none


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
    r"|missed (?:voice|video) call|\[(?:sticker|photo|photos|video|file|album|emoticon)\])\W*$",
    re.IGNORECASE)


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
    for i, ln in enumerate(lines):
        m = SPEAKER.match(ln.strip())
        if m and speaker(m) in said and NO_WORDS.match(m.group("text")):
            empty.append(ln)  # a photo or a deleted message: a turn with nothing said
            continue
        if (r := _PREVIEW_ABOVE.match(ln.strip())) and i + 1 < len(lines) and (
                (n := SPEAKER.match(lines[i + 1].strip()))
                and n.group("text").startswith("@" + r.group("handle"))):
            empty.append(ln)  # Twitch's preview of what the turn below answers by "@name"
            continue
        if not m and (stamp := _STAMPED.match(ln.strip())) and stamp.group(1).strip():
            empty.append(ln)  # the app's note in the log ("… created group", "… encrypted")
            continue
        if m and speaker(m) in said:
            out.append(CHAT_MARK + speaker(m))
            # Skype: the quoted turn with its own time ("[04/03/2024 19:09] Mei Chen: …"),
            # then "<<< reply"; a turn that opens "maya_o: …" addresses someone
            quoted = re.match(r"\[\d", m.group("text")) and SPEAKER.match(m.group("text"))
            if quoted and speaker(quoted) in said:
                out += [f"> {quoted.group('text')}", ""]
            else:
                out.append(m.group("text"))
        else:
            out.append(re.sub(r"^<<<\s+", "", ln))
    return out, empty


# a log line with its time but nobody speaking: the app's own note ("12.03.24, 18:55 -
# Sandra Vogel hat die Gruppe erstellt", "… Messages and calls are end-to-end encrypted")
_STAMPED = re.compile(rf"^({STAMP_PREFIX})\S")
# Twitch shows what a reply answers above it: "Replying to @kayleeplays: banning them…"
_PREVIEW_ABOVE = re.compile(r"^Replying to @(?P<handle>[\w.]{1,30}):\s+\S.*$")


def speaker(m: re.Match) -> str:
    return (m.group("nick") or m.group("bnick") or m.group("tnick") or m.group("tname")
            or m.group("kname") or m.group("phone") or m.group("name"))


# A chat's own lines between messages, where headers were found: the day ("Today",
# "Friday, March 14th", "Fri, Mar 14"), who joined or left, and reactions under a
# message ("👍", "👍 4", "❤️ 2 😂 1").
DAY = re.compile(
    # (KakaoTalk rules the day off: "--------------- Monday, March 4, 2024 ---------------")
    rf"^(?:[-=─—]{{3,}}\s*)?(?:today|yesterday|(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?"
    rf"|sun)(?:day)?\.?,?(?:\s+(?:{cues.MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{cues.MONTH}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}))?"
    rf"(?:,?\s+\d{{4}})?))(?:\s*[-=─—]{{3,}})?$", re.IGNORECASE)
SYSTEM = re.compile(
    rf"^{STAMP_PREFIX}(?:[*\-<>!]{{1,4}}\s*)?(?!(?:i|we|he|she|they|you|it|everyone|everybody|nobody)\s)"
    # (a where, or "has": "Priya left." in a chat is something said)
    r"(?:[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,2}|[\w.-]*[_\d@][\w.@-]*)\s+"
    r"(?:(?:has\s+)?(?:joined|left)(?:\s+(?:the\s+)?(?:room|channel|group|chat|conversation"
    r"|server|#[\w-]+)|\s+using this group's invite link)|has\s+(?:joined|left)"
    r"|(?:started|stopped) transcription)\.?$"
    # Slack's under its header: "joined #team-process."
    r"|^(?:has\s+)?(?:joined|left)\s+(?:the\s+(?:room|channel|group)|#[\w-]+)\.?$"
    # Twitch's notices among the turns: "BigDaveTTV subscribed with Prime. …"
    r"|^[\w.-]{2,30}\s+(?:subscribed (?:with Prime|at Tier \d)|is gifting \d+"
    r"|gifted a Tier \d)\b.*$"
    r"|^welcome to the chat room!$"
    # the head of LINE's saved chat: "[LINE] Chat history in Hillside Residents", "Saved on: …"
    r"|^\[LINE\]\s+chat history (?:in|with)\s.{1,80}$|^saved on:\s+\d.{0,30}$",
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
# (possessive: a line of "=" signs or dashes must not be tried every way it splits)
REACTIONS = re.compile(r"^(?:[^\w\s.,!?'\"()\[\]+-]{1,8}+\s*+(?:\d++\s*+)?)++$")


# Chat apps that print the sender's name over a message and its time under it (Signal,
# WhatsApp Web, Viber, LINE, Messenger, Instagram, Messages on the Mac): a copy is a
# name line, the words, then a clock ("Mon 7:02 PM", "19:02"), receipts ("Read 31",
# "Seen by Dana"), reactions and days between. A bubble with no name over it is the
# copier's own, or the same sender's next one.
_UNDER_CLOCK = re.compile(
    rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:{cues.MONTH}\s+\d{{1,2}},?\s+(?:at\s+)?"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?,?\s+)?\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?(?:\s*[·•]?\s*edited)?$",
    re.IGNORECASE)
_RECEIPT = re.compile(r"^(?:read(?:\s+\d[\d:]*(?:\s?[ap]m)?)?|delivered|sent|seen|edited"
                      r"|seen by\s.{1,120}|active (?:now|\d{1,2}\s?[mhd] ago)"
                      r"|\d{1,4} (?:participants|members)"
                      r"|type a message|message\.{0,3}|aa|[A-Z]{1,2})$", re.IGNORECASE)
_MEMBERS = re.compile(r"^[A-Z][\w'-]*(?:,\s+[A-Z][\w'-]*){2,}$")  # "Bea, Carlos, Sam, You"
_CALLED = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]{0,20}(?:\s[A-ZÀ-Þ][\w'’.-]{0,20}){0,2}"
                     r"|[a-z0-9][a-z0-9]*[._][a-z0-9._]{1,28})$")
_REPLIED = re.compile(r"^(?P<who>.{2,40}?) replied to (?P<whom>.{2,40})$")


# What a chat's messages said so far, to find the one a reply's card quotes in one
# look-up: each message's words, and each message by its runs of four words
Heard = tuple[dict[str, str], dict[tuple[str, ...], list[tuple[str, str]]]]


def _hear(heard: Heard, said: str, who: str) -> None:
    exact, runs = heard
    exact.setdefault(said, who)
    words = said.split()
    for k in range(len(words) - 3):
        found = runs.setdefault(tuple(words[k:k + 4]), [])
        if len(found) < 50:  # (a phrase everyone repeats tells no message apart)
            found.append((said, who))


def _heard_from(heard: Heard, quoted: str) -> str | None:
    """Who said these words (a whole message, or four words or more of one), else None."""
    exact, runs = heard
    if quoted in exact:
        return exact[quoted]
    words = quoted.split()
    if len(words) < 4:
        return None
    return next((who for said, who in runs.get(tuple(words[:4]), ())
                 if f" {quoted} " in f" {said} "), None)


def _said(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def names_over_words(lines: list[str]) -> tuple[list[str], list[str]]:
    """Such a chat as a header line per message (`CHAT_MARK` + the sender, `UNNAMED` for
    a bubble with no name) over its words, a reply's quoted message as a "> " line; the
    clocks, receipts, reactions and the app's lines above the conversation left out.
    Any other text as it is."""
    s = [ln.strip() for ln in lines]
    noise = [bool(_UNDER_CLOCK.match(x) or _RECEIPT.match(x) or REACTIONS.match(x) or x.isdigit()
                  or DAY.match(x) or _MEMBERS.match(x)) for x in s]
    # the chat's own marks: two clocks alone on their lines at least (a page's "edited"
    # or a badge's initials are no chat)
    marks = sum(bool(_UNDER_CLOCK.match(x)) for x in s)

    def called(i: int) -> bool:
        return not noise[i] and bool(_CALLED.match(s[i])) and not cues.page_furniture(s[i])

    def next_content(i: int) -> int | None:
        return next((j for j in range(i + 1, len(s)) if not noise[j]), None)

    said_of = [_said(x) for x in s]

    def card(i: int, earlier: Heard) -> bool:
        """Line `i` names the sender of a message quoted under it, as a reply's card
        shows it: a name over words an earlier line says."""
        return (i + 1 < len(s) and called(i) and not called(i + 1)
                and len(said_of[i + 1].split()) >= 3
                and _heard_from(earlier, said_of[i + 1]) is not None)

    turns: Counter[str] = Counter()
    under_clock = 0
    seen: Heard = ({}, {})  # every line so far
    for i in range(len(s)):
        if called(i):
            j = next_content(i)
            if j is not None and j == i + 1 and not s[j].startswith("@") and (
                    not called(j) or card(i + 1, seen)):
                turns[s[i]] += 1
            # "Name" over "10:02 AM" (maybe an "@handle" between): the time is the header's
            if i + 1 < len(s) and (_UNDER_CLOCK.match(s[i + 1]) or s[i + 1].startswith("@")
                                   and i + 2 < len(s) and _UNDER_CLOCK.match(s[i + 2])):
                under_clock += 1
        if len(said_of[i].split()) >= 3:
            _hear(seen, said_of[i], "")
    speakers = {n for n, k in turns.items() if k >= 2}
    if len(speakers) < 2 or sum(turns[n] for n in speakers) < 4 or marks < 2 or (
            under_clock >= sum(turns.values())):
        return lines, []
    first = next(i for i in range(len(s)) if s[i] in speakers and called(i))
    # the conversation opens under the app's day line ("Today", "Monday"), else with the
    # messages above the first regular sender's (someone who spoke once)
    start = max((i + 1 for i in range(first) if DAY.match(s[i])), default=None)
    if start is None:
        start = first
        while True:
            k = start - 1
            while k >= 0 and noise[k]:
                k -= 1
            if k >= 1 and not called(k) and called(k - 1):
                start = k - 1
            else:
                break
    out: list[str] = []
    dropped = list(lines[:start])
    history: Heard = ({}, {})  # each message line so far, by its sender ("": none named)
    sender: str | None = None  # the sender of the message being read
    fresh = True  # a clock or receipt since the last words: a new bubble starts
    named = False  # a header made and no words under it yet
    for i in range(start, len(s)):
        x = s[i]
        if noise[i]:
            dropped.append(lines[i])
            fresh = fresh or bool(_UNDER_CLOCK.match(x) or _RECEIPT.match(x))
            continue
        j = next_content(i)
        quote = _heard_from(history, said_of[j]) if j is not None and called(i) else None
        if (r := _REPLIED.match(x)) and (r.group("who") == "You" or _CALLED.match(r.group("who"))):
            sender = None if r.group("who") == "You" else r.group("who")
            out.append(CHAT_MARK + (sender or UNNAMED))
            named, fresh = True, False
            continue
        if called(i) and quote is not None:
            if named:
                dropped.append(lines[i])  # the quoted message's sender, on its card
                continue
            sender = None if x == quote else x  # a quote of one's own is someone else's card
            out.append(CHAT_MARK + (sender or UNNAMED))
            if sender is None:
                dropped.append(lines[i])
            named, fresh = True, False
            continue
        if called(i) and j == i + 1 and (not called(j) or card(j, history)):
            sender = x
            out.append(CHAT_MARK + x)
            named, fresh = True, False
            continue
        said = said_of[i]
        if len(said.split()) >= 3 and _heard_from(history, said) is not None:
            out += [f"> {x}", ""]  # the message a reply quotes, on its card
            continue
        if fresh and not named:
            sender = None
            out.append(CHAT_MARK + UNNAMED)
        out.append(lines[i])
        if len(said.split()) >= 3:
            _hear(history, said, sender or "")
        named, fresh = False, False
    return out, dropped
