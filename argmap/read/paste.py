"""A plain-text paste as people make it: copied from a forum page, furniture and all.

A copy of a thread page brings the page's buttons, counters and times ("Reply",
"3 points · 5 hours ago") as lines of their own, and a header line before each comment:
the author's name alone (new Reddit), or a name, a time and links ("jsmith 5 hours ago
| parent | next [–]" on Hacker News). The buttons and counters are left out (a note
says how many lines went); headers open comments by their authors, as Markdown author
lines do, and where Hacker News's links say how deep a comment sits, the parent choice
keeps to what they allow. What remains is read by the plain-text reader
(`argmap.read.text`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read import cues, markdown, parents, stackexchange
from argmap.read import text as text_reader
from argmap.read.chat import (
    CHAT_MARK,
    DAY,
    GONE,
    IRC_EVENT,
    REACTIONS,
    SPEAKER,
    SYSTEM,
    UNNAMED,
    captions,
    names_over_words,
    speakers_split,
)
from argmap.read.quotes import key
from argmap.words import is_deleted, shorten

__all__ = ["read", "header_lines", "looks_like_page_copy"]

# A user name alone on a line, as a copied forum page shows it: Reddit-style names with
# "_" or digits, a "u/" prefix, or an "@handle" (YouTube, X); a lone ordinary word may
# be a reply ("Exactly"). A Mastodon handle names its server too ("@jane@mastodon.social"),
# and Lemmy's and Kbin's name it without the "@" ("baker_tom@lemmy.ml").
_SERVER_NAME = r"[A-Za-z][\w.-]{1,29}@[\w-]+(?:\.[\w-]+)+"
_NAME_LINE = re.compile(
    # (an issue's key, "PAY-2291" or "ENG-1542", is no user name)
    r"^(?!(?-i:[A-Z][A-Z0-9]{1,9})-\d{1,6}$)"
    r"(?:/?u/[\w-]{3,30}|@[\w.]{2,30}(?:@[\w-]+(?:\.[\w-]+)+)?|(?=[\w-]*[_\d])[A-Za-z][\w-]{2,29}"
    rf"|{_SERVER_NAME}|\[deleted account\])$")
# A person's display name: two or three capitalised words ("Jane Park", "Mary-Ann de
# Vries" is three), as newsletters and social pages show it above a comment's date.
# (a capital beyond ASCII too: "Åsa Lind", "Émile Roy")
_UP = "A-ZÀ-ÖØ-Þ"
_PERSON = re.compile(
    rf"[{_UP}][\w'’.-]{{0,20}}(?:\s(?:[a-z]{{1,3}}\s)?[{_UP}][\w'’.-]{{0,20}}){{1,2}}")
# what a deleted account's name line becomes where a separator or a time follows it
# (new Reddit: "[deleted]", "·", "5 hr. ago"): its comment keeps its place
DELETED_ACCOUNT = "[deleted account]"
# A name and a time, then the page's links: "jsmith 5 hours ago | parent | next [–]"
# (Hacker News), "jsmith_22 · 5 hr. ago", "[–] jsmith_22 12 points 5 hours ago (2
# children)" (old Reddit), "jsmith — Today at 5:32 PM" (Discord), "jsmith commented Nov
# 28, 2026" (GitHub), "guido" over "Nov 28" (Discourse: joined first); a story's byline: "42
# points by NAME 6 hours ago | hide | past | 31 comments", "Posted by u/NAME 6 hr. ago";
# a blog's or a scrape's "Comment by NAME on March 3, 2026", "NAME on March 3, 2026 at
# 10:02 am said:". A time is what makes a line a header here, so any name will do.
_CLOCK, _MONTH, _TIME = cues.CLOCK, cues.MONTH, cues.TIME
# (a day is no name: "Tue 3/12/2024 8:47 AM" in Outlook, "Mon 7:02 PM" in Signal;
# nor is a recording's or a transcript's heading)
_NOT_NAME = (r"(?!(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|today|yesterday|recording"
             r"|transcript)(?:day)?\b)(?!\d{1,3}[hm]\s)")  # nor a length: "12m 40s"
_HEADER = re.compile(
    r"^(?:\[[–+-]\d*\]\s*)?(?P<by>(?:\d+\s+points?\s+|posted\s+)by\s+)?"
    r"(?:(?:comment|reply|response|answer)\s+(?:by|from)\s+)?(?:/?u/|@)?"
    # (a verb before a time is no name: "Posted March 12, 2024", "Edited 1h ago")
    r"(?:(?!(?:posted|edited|updated|commented|replied|answered|asked|joined|modified)\s)"
    rf"{_NOT_NAME}(?P<name>\w[\w.-]{{1,29}}(?:@[\w-]+(?:\.[\w-]+)+)?)(?:\s*[·•—–]\s*|\s+)"
    r"(?:(?:commented|replied|posted)\s+)?"
    # (an emoji after a display name: "Ravi ✨ — Today at 8:02 AM")
    r"|(?P<spaced>[A-Za-z0-9][\w.-]{0,29}(?:\s[\w.-]{1,29}){1,2}|[A-Za-z0-9][\w.-]{0,29}(?=\s"
    r"[^\w\s]{1,4}\s+[—–]))(?:\s[^\w\s]{1,4})?\s+[—–]\s+"
    # a byline's full name: "Posted by Zoë Müller Mar 12, 2023" (Stack Exchange, rewritten)
    r"|(?<=by\s)(?P<byname>[A-Z][\w'’.-]{0,20}(?:\s[A-Z][\w'’.-]{0,20}){1,2})\s+"
    # a person's name, a dot, a date: "Jane Park · Nov 28" (newsletters, social pages)
    rf"|{_NOT_NAME}(?P<person>[A-Z][\w'’.-]{{0,20}}(?:\s[A-Z][\w'’.-]{{0,20}}){{1,2}})\s+[·•]\s+)"
    r"(?:-?\d+\s+points?\s*[·•]?\s*)?"
    rf"{_TIME}(?:\s*\[(?:flagged|dead|duplicate|edited)\])*"
    r"(?P<links>(?:\s*\|[^|]*)*)\s*(?:\[(?:[–-]|\+\d*)\])?"
    r"(?:\s*\(\d+\s+child(?:ren)?\))?(?:\s+(?:said|says|wrote))?:?$", re.IGNORECASE)
# An issue tracker's comment header: "Oksana Hrytsenko added a comment - 11/Mar/24 9:14
# AM" (Jira), "Dmitri Kowalski commented 2 hours ago" (Azure DevOps), "dkowalski added a
# comment.Mar 1 2024, 11:20 AM" (Phabricator), "#3 Updated by Hannah Schultz 10 days
# ago" (Redmine): a name of up to four words, the verb, then when (a digit in it)
_WHEN = (rf"(?=[^|]{{0,45}}$)(?=\d|(?i:yesterday|today|just now|an?\s|{_MONTH}))"
         r"[\w/:,.() ]+?")
_TRACKER = re.compile(
    rf"^(?:#\d{{1,5}}\s+(?i:updated)\s+by\s+(?P<rname>[\w'’.@-]+(?:\s[\w'’.-]+){{0,3}}?)\s+{_WHEN}"
    rf"|(?P<name>[\w'’.@-]+(?:\s[\w'’.-]+){{0,3}}?)\s+(?i:added\s+a\s+comment|left\s+a\s+comment"
    rf"|commented)\s*[-–—.·]?\s*{_WHEN})(?:\s*[-–]\s*(?i:edited))?$")
# Other sites' headers over a comment: Goodreads's "message 2: by Marcus (new)",
# Everything2's "(idea) by marlowe_k Mon Mar 03 2025 at 10:02:14", Trustpilot's "Reply
# from Greenleaf Meal Kits" over a company's answer to the review above
_SITE_HEADER = re.compile(
    r"^(?:message \d{1,5}: by (?P<gname>\S.{0,40}?)(?: \([^)]{1,20}\))?"
    r"|\((?:idea|thing|person|place|opinion|review|fiction|poetry|log|event|essay|definition"
    r"|how-to|recipe|dream|lede|personal)\) by (?P<ename>\S.{0,40}?) [A-Z][a-z]{2} [A-Z][a-z]{2}"
    r" \d{1,2} \d{4} at \d{1,2}:\d{2}(?::\d{2})?"
    r"|Reply from (?P<tname>[A-Z][^.!?]{1,60}))$")
# An issue's own words stand under "Description", between the page's fields above and
# its sections below; who opened it, in a field ("Reporter:", "Authored By") or a byline
# ("Added by Hannah Schultz 12 days ago. Updated 3 days ago.")
_SECTIONS = {"attachments", "activity", "discussion", "comments", "history", "work log",
             "issue links", "linked issues", "sub-tasks", "subtasks", "referenced files",
             "event timeline", "related issues", "development", "people", "dates", "planning",
             "details", "add a comment", "associated revisions", "linked work items"}
_OPENER_FIELD = re.compile(r"^(?:reporter|authored by|created by|author|opened by):?$",
                           re.IGNORECASE)
_ADDED_BY = re.compile(rf"^(?:added|created|opened|reported)\s+by\s+(?P<name>[\w'’.@-]+"
                       rf"(?:\s[\w'’.-]+){{0,3}}?)\s+(?={_WHEN}|[\d.])", re.IGNORECASE)
POST_MARK = "[post by] "  # the opening post's author, where a tracker's page names them
# Old Reddit's header where the one above falls short: the submitter's "[S]" (a
# moderator's "[M]") run into the name, a flair, "[score hidden]", an edit's "*":
# "[–]jsmith_22[S] Economist 12 points 5 hours ago* (2 children)".
_OLD_REDDIT = re.compile(
    r"^\[[–+-]\]\s*(?P<name>[\w-]{2,30}|\[deleted\])(?:\s*\[[^\]\s]{1,3}\])*"
    r"(?:\s+[^|\s][^|]{0,40}?)?\s+(?:-?\d+\s+(?:points?|puntos?|punkte?|punti|punto|pontos?)"
    r"|\[score hidden\])\s+"
    rf"{_TIME}\s*\*?(?:\s*\(\d+\s+child(?:ren)?\))?(?:\s*-\s*stickied comment)?$", re.IGNORECASE)
# old Reddit's byline under the post's title: "submitted 3 hours ago by jsmith_22 to r/x"
# (Lemmy's: "submitted 5 hours ago by jo@lemmy.world to transit@lemmy.world")
_SUBMITTED = re.compile(
    rf"^submitted\s+{_TIME}\s*\*?\s+by\s+(?:/?u/)?(?P<name>[\w-]{{2,30}}(?:@[\w.-]+)?)"
    r"(?:\s*\[[^\]\s]{1,3}\])*(?:\s+to\s+(?:/?r/\w+|[\w-]+@[\w.-]+))?$", re.IGNORECASE)
# The links under an old Reddit comment, spaced or run together as a copy gives them
# ("permalinkembedsaveparentreportreply"): "parent" is there on every reply and on no
# top-level comment, so the row says which comments answer the post. Kept as a mark
# until the headers are known.
_OLD_LINKS = re.compile(
    r"^(?=.*(?:permalink|enlace permanente|link permanente))(?!\s*permalink\s*$)"
    # (Jira's "Permalink" alone is no Reddit row; old Reddit in Spanish: "enlace
    # permanenteguardarpadrereportardar premioresponder")
    r"(?:(?:enlace permanente|link permanente|guardar|salva|padre|genitore|reportar|segnala"
    r"|dar premio|responder|rispondi|compartir|condividi|ocultar"
    r"|permalink|embed|save|unsave|parent|report|give award|award"
    r"|reply|edit|delete|source|context|full comments(?:\s*\(\d+\))?"
    r"|(?:disable|enable) inbox replies|share|block user|mark unread)\s*)+$", re.IGNORECASE)
LINKS_MARK = "[links] "
_TILDES_LINKS = re.compile(r"^link(?:\s+parent)?$", re.IGNORECASE)
_LINK_DOMAIN = re.compile(r"\s*\((?:self\.\w+|[\w-]+(?:\.[\w-]+)+)\)\s*$")


# "Edited 1h ago" after a comment's time: when, not who
_EDITED = re.compile(rf"^\(?\s*(?:last\s+)?(?:edited|updated)(?:\s+{_TIME})?\s*\)?$", re.IGNORECASE)


def _timed_header(s: str) -> bool:
    """A header line that carries a time (a page's own, never said by a person)."""
    return not _EDITED.match(s) and bool(
        _HEADER.match(s) or _OLD_REDDIT.match(s) or _SUBMITTED.match(s))


LEVEL_MARK = "[level] "  # new Reddit's "level 2", kept until the headers are found
# Disqus names whom a reply answers under its author ("Rob Chen", "Jane Miller", "2
# hours ago"): kept as a mark under the joined header until the headers are found
REPLY_TO_MARK = "[to] "
_LEVEL = re.compile(r"^level\s+(\d{1,2})$", re.IGNORECASE)
# A LessWrong / Alignment Forum comment header as a copy gives it: the fold mark, the
# name (or "[name][3]"), the age, then karma run together ("[-]habryka12dΩ440",
# "[-]Daniel Kokotajlo12dΩ220", "[-][Martin Vlach][30]1y1"); the mark may stand on the
# line before.
_FOLD_HEADER = re.compile(
    r"^\[[-+–]\]\s*(?:\[(?P<lname>[^\]]{1,40})\](?:\[\d+\])?|(?P<name>[^\[\]\s].{0,40}?))"
    # (an edited comment's "*" after its age; the EA Forum's agreement votes, "✓ 9✗ 2")
    r"\s*\d{1,2}(?:mo|[smhdwy])\*?\s*(?:Ω\s*-?\d+)?\s*(?:-?\d+\s*){0,2}"
    r"(?:✓\s*\d+\s*)?(?:✗\s*\d+\s*)?$")
_FOLD = re.compile(r"^\[[-+–]\]$")
# Slack, Teams and Telegram copies: "John Smith  10:02 AM" (a name, then the time
# alone), "[10:02 AM] John Smith", "John Smith, [24.11.2026 10:02]"; Google Chat's "John
# Smith, 10:02 AM"; a Discord export's or a Teams chat's "[3/14/2025 10:02 AM] jsmith";
# a meeting transcript's "[John Smith] 10:02:11" or "John Smith   0:03"; the message
# follows. A name here is capitalised words, or one word with "_", "." or a digit, so
# "Lunch at 12:30" is no header (after a dated time in brackets, any handle).
# (a number may end a name of two words or more: "Wen Li 2"; "Room 4" is a place)
_CAPS = rf"[{_UP}][\w.'’-]{{0,29}}"
_CLOCK_NAME = (rf"{_NOT_NAME}(?:{_CAPS}(?:\s{_CAPS}){{1,2}}\s\d[\w.]{{0,3}}"
               rf"|{_CAPS}(?:\s{_CAPS}){{0,2}}"
               r"|(?=[\w.-]*[_\d.])[A-Za-z][\w.-]{1,29})")
_CLOCK_CASED = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[aApP]\.?[mM]\.?)?"
_CLOCK_DATE = r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+"
_CLOCK_HEADER = re.compile(
    rf"^(?:(?P<name>{_CLOCK_NAME})\s+{_CLOCK_CASED}"
    rf"|(?P<comma>{_CLOCK_NAME}),\s+{_CLOCK_CASED}(?:,\s*(?i:edited))?"
    rf"|\[{_CLOCK_CASED}\]\s+(?P<after>{_CLOCK_NAME})"
    rf"|\[{_CLOCK_DATE}{_CLOCK_CASED}\]\s+(?P<dated>{_CLOCK_NAME}|[\w.-]{{2,32}}):?"
    rf"|\[(?P<zoom>{_CLOCK_NAME})\]\s+{_CLOCK_CASED}"
    # Telegram's copy: "Jane Doe, [24.11.2026 10:02]"
    rf"|(?P<tg>{_CLOCK_NAME}),\s*\[\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}},?\s+{_CLOCK_CASED}\])$")


def _clock_name(m: re.Match) -> str:
    """Who a chat header (`_CLOCK_HEADER`) names."""
    return next(n for n in m.group("name", "comma", "after", "dated", "zoom", "tg") if n)


# In a copied page, a timestamp alone on a line ("5h", "3 hr.", "Nov 28", "Nov 28, 2026")
# and the links under a post ("Show replies"); a display name above an "@handle".
_STAMP = re.compile(
    r"^(?:\d{1,2}\s?(?:s|m|h|d|w|y|mo|mins?|hrs?|secs?)\.?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?"
    # X's stamp under a post shown whole: "7:02 PM · Mar 14, 2025"
    rf"|{_CLOCK_CASED}\s*·\s*{_MONTH}\s+\d{{1,2}},\s+\d{{4}}"
    r"|show (?:more )?replies|show this thread|show more|views)$", re.IGNORECASE)
_CAP = rf"(?:[{_UP}\W][\w'’.-]*|\W+)"
_DISPLAY_NAME = re.compile(rf"^(?!.*[.!?:,;]$){_CAP}(?:\s+{_CAP}){{0,3}}$")
# A badge a page prints on the line under a comment's header: the writer's role
# (GitHub's "Member", "Author", "Contributor"; a forum's "Moderator"), never words of
# the comment. Only there: "Author" alone elsewhere may answer "Who wrote it?".
_BADGE = re.compile(
    r"^(?:member|author|owner|contributor|collaborator|maintainer|first-time contributor"
    r"|moderator|mod|admin|administrator|staff|op|original poster|verified|sponsor"
    r"|top contributor|top fan|maker|hunter)$", re.IGNORECASE)
_STORY_LINKS = {"hide", "past", "favorite", "discuss", "comments"}
_NAVIGATION = {"parent", "prev", "next", "root"}
# a separator alone on a line, as pages put between a name and a time ("·")
_DOTS = re.compile(r"^[\s·•|]+$")


def header_lines(lines: list[str], people: bool = False
                 ) -> dict[int, tuple[str, int | None, bool | None]]:
    """The lines that open comments, when a paste has them: line -> (author, level,
    first reply).

    Headers with a time are taken when there are three, or one with a page's links or
    under a story's byline (then a bare name is a comment's words). Bare names are taken
    when there are at least three, of two people or more, each followed by something
    said (not another name, not the end). The level is what Hacker News's
    links say once the indentation is lost: no "parent" link on a top-level comment (1),
    "parent" on a reply to one (2), "root" and "parent" deeper (3); None where the page
    has no such links. Without a "prev" link a comment is its parent's first reply. A
    story's byline under its title gets level 0: it names the post's author and opens
    nothing.

    `people`: the paste is known to be a page's copy (its buttons were found), so a
    person's display name alone on a line ("Maria Lopez") may be a bare name too.
    """
    timed: dict[int, tuple[str, set[str], bool]] = {}  # line -> (name, links, byline)
    bare: dict[int, tuple[str, set[str], bool]] = {}
    for i, ln in enumerate(lines):
        s = ln.strip()
        if m := _FOLD_HEADER.match(s):
            timed[i] = ((m.group("lname") or m.group("name")).strip(), {"fold"}, False)
        elif m := _OLD_REDDIT.match(s):
            timed[i] = (m.group("name"), set(), False)
        elif m := _SUBMITTED.match(s):
            timed[i] = (m.group("name"), set(), True)
        elif _EDITED.match(s):
            continue
        elif m := _HEADER.match(s):
            words = {re.sub(r"^\d+\s+", "", w.strip(" []–-+").lower())
                     for w in m.group("links").split("|")} - {""}
            byline = bool(words & _STORY_LINKS and "parent" not in words) or (
                bool(m.group("by")) and i <= 2 and not timed and not bare)
            who = m.group("name") or m.group("spaced") or m.group("person") or m.group("byname")
            # a tag after the name is the page's ("marta_k OP · 5h" on Reddit's phone site)
            timed[i] = (_TAG_AFTER.sub("", who) or who, words, byline)
        elif (m := _CLOCK_HEADER.match(s)) and not SPEAKER.match(s):
            timed[i] = (_clock_name(m), {"clock", "comma"} if m.group("comma") else {"clock"},
                        False)
        elif s.startswith(POST_MARK):  # only ever made over an issue's description
            timed[i] = (s.removeprefix(POST_MARK), set(), True)
        elif m := _TRACKER.match(s):
            timed[i] = (m.group("name") or m.group("rname"), set(), False)
        elif m := _SITE_HEADER.match(s):
            timed[i] = (m.group("gname") or m.group("ename") or m.group("tname"), set(), False)
        elif s == DELETED_ACCOUNT:  # only ever made where a time follows
            timed[i] = (s, set(), False)
        elif s.startswith(CHAT_MARK):  # only ever made for a chat log's speakers
            timed[i] = (s.removeprefix(CHAT_MARK), set(), False)
        elif _NAME_LINE.match(s) or (people and _PERSON.fullmatch(s)):
            bare[i] = (s.removeprefix("/").removeprefix("u/").removeprefix("@"), set(), False)
    said = [i for i, (_, _, byline) in timed.items() if not byline]
    # Google Chat's "Name, 10:02 AM" where a page has two of them or more: once, it is
    # a place and a time said in a message ("Leeds Station, 10:15 AM")
    commas = [i for i in timed if "comma" in timed[i][1]]
    if len(commas) < 2:
        for i in commas:
            del timed[i]
        said = [i for i in said if i not in commas]
    clocks = [i for i in said if "clock" in timed[i][1]]
    if clocks and (len(clocks) < 3 or max(Counter(timed[i][0] for i in clocks).values()) < 2
                   ) and not _people_talking(lines, clocks, [timed[i][0] for i in clocks]):
        for i in clocks:  # a few "Name 10:02" lines, nobody twice: a schedule, not a chat
            del timed[i]
        said = [i for i in said if i not in clocks]
    navigated = any(timed[i][1] & _NAVIGATION for i in said)
    marked = navigated or any("fold" in timed[i][1] for i in said)
    if said and (marked or len(said) >= 3 or len(said) < len(timed)):
        found = timed  # a page's own headers: a comment may have lost its words
        # the post's author by name alone above its words, its time below them (Bluesky
        # shows a post so, its replies with the time above): the bare name opens it
        first = min(timed)
        before = [i for i in bare if i < first and i + 1 < first and i + 1 not in bare]
        if before:
            found = {**timed, before[-1]: bare[before[-1]]}
    else:
        found = {**bare, **timed}  # bare names, and the few timed headers among them
        said = [i for i, (_, _, byline) in found.items() if not byline]
        if (len(said) < 3 or len({found[i][0] for i in said}) < 2
                or any(i + 1 >= len(lines) or i + 1 in said for i in said)):
            return {}
    return {i: (name, 0 if byline else None if not navigated
                else 3 if "root" in words else 2 if "parent" in words else 1,
                None if byline or not navigated else "prev" not in words)
            for i, (name, words, byline) in sorted(found.items())}


def _people_talking(lines: list[str], heads: list[int], names: list[str]) -> bool:
    """Name-and-clock headers where nobody speaks twice are a chat still when three
    people or more, each named as a person is ("Jane Park", "rob_chen"), talk to each
    other: one names another ("@Rob Chen"), or every header has a chat's form: "Name
    10:02 AM" with two spaces and a 12-hour clock (Slack), "[10:02 AM] Name" (Teams). A
    schedule's "Talks 10:00" names no person."""
    if len(heads) < 3 or not all(_PERSON.fullmatch(n) or _NAME_LINE.match(n) for n in names):
        return False
    return all(re.search(r"\S {2,}\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\.?$", lines[i])
               or re.match(r"^\s*\[\d{1,2}:\d{2}[^\]]*\]\s+\S", lines[i]) for i in heads
               ) or any(f"@{n}" in ln for ln in lines for n in names)


def looks_like_page_copy(text: str) -> bool:
    """A copied forum page whose comment headers carry a time ("NAME 5 hours ago |
    parent"): read as such even where its comments hold Markdown of their own."""
    lines, _ = _page_lines(text)
    timed = [i for i, ln in enumerate(lines)
             if _timed_header(ln.strip()) or _FOLD_HEADER.match(ln.strip())
             or _TRACKER.match(ln.strip()) or _SITE_HEADER.match(ln.strip())]
    return bool(timed) and bool(set(timed) & set(header_lines(lines)))  # cheap test first


def read(text: str, source: str, embedder: Any | None = None, mode: str = "auto") -> Thread:
    """Read a plain-text paste: page furniture out, comment headers in, then the reader."""
    lines, signed = _page_lines(text)
    if not lines:
        raise ArgmapError(f"{source}: the thread is empty (no text to map)")
    # Tildes: "Link Parent" under a reply's header, "Link" under a top-level comment's
    tildes = sum(bool(_TILDES_LINKS.match(ln.strip())) for ln in lines) >= 2 and any(
        ln.strip().lower() == "link parent" for ln in lines)
    if tildes:  # the name over the links is a comment's header, with or without a time
        lines = [f"{CHAT_MARK}{ln.strip()}" if i + 1 < len(lines)
                 and _TILDES_LINKS.match(lines[i + 1].strip())
                 and re.fullmatch(r"[\w.-]{2,30}", ln.strip()) else ln
                 for i, ln in enumerate(lines)]
    # new Reddit's "level 2" above a comment's name: kept as a mark until the headers
    # are known (then it says how deep the comment sits), else it is furniture
    lines = [f"{LEVEL_MARK}{m.group(1)}" if (m := _LEVEL.match(ln.strip()))
             else f"{LINKS_MARK}{ln.strip()}" if _OLD_LINKS.match(ln.strip())
             or tildes and _TILDES_LINKS.match(ln.strip()) else ln
             for ln in lines]
    lines, furniture = _without_furniture(lines, page=False)
    furniture = signed + furniture
    headers = header_lines(lines)
    # three buttons or more ("Reply", "Like"): a page for sure, where "Maria Lopez"
    # alone over her words is her name
    people = not headers and sum(bool(_BUTTON.fullmatch(f.strip())) for f in furniture) >= 3
    if people:
        headers = header_lines(lines, people=True)
    if headers:  # a page's own lines: a number alone is a count too ("12")
        # and an edit mark after a message's words, "(edited)", is the page's, not said
        lines = [_EDIT_MARK.sub("", ln) or ln for ln in lines]
        lines, more = _without_furniture(lines, page=True)
        furniture += more
        headers = header_lines(lines, people=people)
        lines, more = _page_edges(lines, headers)
        if more:
            furniture += more
            headers = header_lines(lines, people=people)
        # old Reddit's title ends with where the post links: "(self.transit)", "(i.redd.it)"
        for i in headers:
            if i and _SUBMITTED.match(lines[i].strip()):
                lines[i - 1] = _LINK_DOMAIN.sub("", lines[i - 1])
    if not headers:
        furniture += [ln.replace(LEVEL_MARK, "level ").removeprefix(LINKS_MARK)
                      for ln in lines if ln.startswith((LEVEL_MARK, LINKS_MARK))]
        lines = [ln.removeprefix(REPLY_TO_MARK) for ln in lines
                 if not ln.startswith((LEVEL_MARK, LINKS_MARK))]
    said = ([f"left out {len(furniture)} line(s) of page furniture (buttons, counters, "
             f"times: {shorten(', '.join(repr(f) for f in dict.fromkeys(furniture)), 80)})"]
            if furniture else [])
    if headers:
        thread, repeats = _without_repeats(_by_headers(lines, headers, source, embedder))
        if repeats:
            said.append(f"{repeats} comment(s) copied twice read once (the page pasted twice, "
                        "or scrolled over twice)")
        opened = sum(level != 0 for _, level, _ in headers.values())
        placed = sum(bool(level) for _, level, _ in headers.values())
        rows = sum(ln.startswith(LINKS_MARK) for ln in lines)
        how = (f"; the page's links (parent, root, prev) place {placed} replies" if placed
               else f"; the links under {rows} comments ('parent' or none) say which "
               "answer the post" if rows else "")
        if any(c.author == UNNAMED for c in thread.comments):  # a bubble the copy names nobody for
            thread = replace(thread, comments=tuple(replace(c, author=None) if c.author == UNNAMED
                                                    else c for c in thread.comments))
        return replace(thread, format="text", title=Path(source).stem,
                       notes=(*said, f"{opened} author lines open comments{how}",
                              *thread.notes))
    if not furniture:
        return text_reader.read(text, source, embedder, mode)
    thread = text_reader.read("\n".join(lines), source, embedder, mode)
    return replace(thread, notes=(*said, *thread.notes))


REPEAT_WORDS = 5  # a comment this long, by the same author in the same words, is one


def _without_repeats(thread: Thread) -> tuple[Thread, int]:
    """The thread with each comment that repeats an earlier one (same author, same words,
    five words or more: a page pasted twice, or copied in two scrolls that overlap; two
    such repeats at least) read once: its replies answer the first copy; the comments
    numbered again in order."""
    first: dict[tuple[str | None, str], str] = {}
    same: dict[str, str] = {}  # a repeat's id -> the first copy's id
    for c in thread.comments:
        words = " ".join(c.text.lower().split())
        if c.author and len(words.split()) >= REPEAT_WORDS:
            if (c.author, words) in first:
                same[c.id] = first[c.author, words]
            else:
                first[c.author, words] = c.id
    if len(same) < 2:  # one message said twice may be said twice; a page copied twice
        return thread, 0  # repeats its comments in a run
    kept = [c for c in thread.comments if c.id not in same]
    new_id = {c.id: f"c{k + 1}" for k, c in enumerate(kept)}

    def moved(cid: str | None) -> str | None:
        return None if cid is None else new_id.get(same.get(cid, cid))

    comments = tuple(replace(c, id=new_id[c.id], position=k, parent_id=moved(c.parent_id),
                             quotes=tuple(replace(q, source_comment_id=moved(q.source_comment_id))
                                          for q in c.quotes))
                     for k, c in enumerate(kept))
    return replace(thread, comments=comments), len(same)


def _page_lines(text: str) -> tuple[list[str], list[str]]:
    """The paste's paragraphs, with a page's headers that span two lines joined and a
    chat log's speakers split from their words; and the lines left out on the way (a
    Stack Exchange page's counts and buttons, what LinkedIn and Quora say of a person)."""
    lines, dropped = text_reader.paragraphs(text), []
    if stack := stackexchange.rewrite(lines):
        lines, dropped = stack
    lines = _replying_joined(lines)
    lines, cues_left = captions(lines)
    dropped += cues_left
    lines, described = _people_described(lines)
    lines, members = _posted_under_member(lines)
    described += members
    lines, bubbles = names_over_words(lines)
    lines, footers = _footers_to_headers(lines)
    lines, flairs = _without_flairs(lines)
    described += flairs
    lines, empty = speakers_split(_named_quotes(_names_over_times(_deleted_accounts(
        _fold_marks_joined(_subreddit_byline(_signed(lines)))))))
    lines, fields = _tracker_post(lines)
    lines, dated = _post_byline(lines)
    return lines, dropped + described + bubbles + footers + empty + fields + dated


_BY_NAME = re.compile(r"^by\s+(?P<name>[\w'’.-]+(?:\s[\w'’.-]+){0,3})$", re.IGNORECASE)
_POST_DATE = re.compile(rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}"
                        rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})$", re.IGNORECASE)


def _post_byline(lines: list[str]) -> tuple[list[str], list[str]]:
    """LessWrong, the EA Forum and the Alignment Forum print the post's author as "by
    NAME" over its date, above its words: on such a page (its comments' fold headers
    found), the byline names the post's author; the date goes."""
    folds = [i for i, ln in enumerate(lines) if _FOLD_HEADER.match(ln.strip())]
    if len(folds) < 2:
        return lines, []
    # (the reading time may stand between: "by NAME" / "2 min read" / "3rd Jan 2025")
    dated = [i for i in range(min(folds[0], 40)) if _POST_DATE.match(lines[i].strip())]
    at = next((i for i in range(min(folds[0], 40)) if _BY_NAME.match(lines[i].strip())
               and any(i < d <= i + 2 for d in dated)), None)
    if at is None:
        return lines, []
    date = next(d for d in dated if at < d <= at + 2)
    name = _BY_NAME.match(lines[at].strip()).group("name")
    return ([*lines[:at], POST_MARK + name, *(ln for i, ln in enumerate(lines[at + 1:], at + 1)
                                                if i != date)], [lines[date]])


def _tracker_post(lines: list[str]) -> tuple[list[str], list[str]]:
    """An issue tracker's page with its comments' headers (`_TRACKER`, or any timed
    header): the issue's title and description as the opening post, by whoever the page
    says opened it; the menus, fields and sections between it and the first comment
    left out."""
    heads = [i for i, ln in enumerate(lines) if _TRACKER.match(ln.strip())
             or _timed_header(ln.strip())]
    # (the page's fields above it may hold a header of their own: "Authored By" / a name
    # / a date, joined as one)
    at = next((i for i, ln in enumerate(lines) if ln.strip().lower() == "description"
               and sum(h > i for h in heads) >= 2), None)
    if at is None:
        return lines, []
    first = next(h for h in heads if h > at)
    end = next((i for i in range(at + 1, first) if lines[i].strip().lower() in _SECTIONS), first)
    if end == at + 1 or any(len(ln.split()) > 10 and "comment" not in ln.lower()
                            for ln in lines[end:first]):
        return lines, []  # a heading over nothing, or words that are no section's
    # (the name may have been joined with the date under it: "praman · Mar 1 2024")
    author = next((who for i in range(len(lines) - 1) if _OPENER_FIELD.match(lines[i].strip())
                   and re.fullmatch(r"[\w'’.@-]+(?:\s[\w'’.-]+){0,3}",
                                    who := lines[i + 1].strip().split(" · ")[0])), None)
    author = author or next((m.group("name") for ln in lines[:at]
                             if (m := _ADDED_BY.match(ln.strip()))), None)
    # the title: the longest line of three words or more above the fields that is
    # no field ("Type: Bug"), no button ("Edit Related Tasks…") and no byline
    title = max((i for i in range(at) if len(lines[i].split()) >= 3 and ":" not in lines[i]
                 and not re.search(r"(?:\.\.\.|…)\s*$", lines[i])
                 and not _ADDED_BY.match(lines[i].strip()) and not cues.menu_like(lines[i])),
                key=lambda i: (len(lines[i].split()), i), default=None)
    post = (([POST_MARK + author] if author else []) + ([lines[title]] if title is not None else [])
            + lines[at + 1:end])
    above = [ln for i, ln in enumerate(lines[:at + 1]) if i != title]
    return post + lines[first:], above + lines[end:first]


# "Replying to", and as German, French, Spanish, Italian, Portuguese pages say it
_REPLYING = (r"replying to|en réponse à|en respuesta a|antwort an|als antwort an|in risposta a"
             r"|em resposta a")
_REPLYING_WORDS = rf"(?i:{_REPLYING})"


def _replying_joined(lines: list[str]) -> list[str]:
    """X's "Replying to" with each handle, and each "and", on a line of its own, as the
    one line the page shows ("Replying to @priya_r_88 and @GreenvaleCouncil")."""
    out: list[str] = []
    for ln in lines:
        s = ln.strip()
        if out and re.fullmatch(_REPLYING_WORDS + r"(?:\s+@[\w.]{1,30}|\s+(?:and|et|y|und|e),?)*",
                                out[-1]) and (
                re.fullmatch(r"@[\w.]{1,30}|and|et|y|und|e|,|and \d+ others?", s)):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(ln)
    return out


# Invision Community prints the poster's name over their group, post count and
# details, then "Posted March 12, 2024" over the post: read as one header, "NAME · TIME"
_POSTED = re.compile(rf"^posted\s+(?P<time>{_TIME})(?:\s*\(edited\))?$", re.IGNORECASE)
_MEMBER_LINE = re.compile(r"^(?:[\d.,]+k?\s+posts?|[A-Z][\w-]*(?:\s[A-Z]?[\w-]+){0,2}"
                          r"|[A-Z][\w ]{0,20}:\s*\S.{0,60})$")


def _posted_under_member(lines: list[str]) -> tuple[list[str], list[str]]:
    """Each "Posted TIME" line with the member block above it as one header line; the
    block's details left out."""
    posted = [i for i, ln in enumerate(lines) if _POSTED.match(ln.strip())]
    if len(posted) < 2:
        return lines, []
    out, left, start = [], [], 0
    def name_like(s: str) -> bool:
        return bool(re.fullmatch(r"[\w.-]{2,30}", s) or _PERSON.fullmatch(s)) and not (
            cues.page_furniture(s) or s.lower() in ("quote", "multiquote"))

    for i in posted:
        # the name, the group ("Members"), "87 posts", maybe "Location: …", "Posted …"
        count = next((j for j in range(i - 1, max(start, i - 5) - 1, -1)
                      if re.fullmatch(r"[\d.,]+k?\s+posts?", lines[j].strip(), re.I)), None)
        top = i  # else the member lines run up from the "Posted" line, the name above them
        while top - 1 >= max(start, i - 6) and _MEMBER_LINE.match(lines[top - 1].strip()):
            top -= 1
        name = (count - 2 if count is not None and count - 2 >= start
                and name_like(lines[count - 2].strip())
                else top - 1 if top - 1 >= start and name_like(lines[top - 1].strip())
                else top if top < i and name_like(lines[top].strip()) else None)
        if name is None:
            continue
        out += lines[start:name]
        out.append(f"{lines[name].strip()} · {_POSTED.match(lines[i].strip()).group('time')}")
        left += lines[name + 1:i]
        start = i + 1
    return out + lines[start:], left


# A comment signed under its words, as blogs, guest books and hand-made dumps sign
# them: "— rob_chen", "-- Jane Park", "~ mia_k".
# "--" and "~" sign off; a dash is a list's bullet or a quote's credit ("— Bradbury")
# as often, so after one only a user name counts ("— rob_chen", "— @rob")
_HANDLE_NAME = r"(?:/?u/|@)?(?=[\w.-]*[_\d])[A-Za-z][\w.-]{1,29}(?<!\.)|(?:/?u/|@)[\w.-]{2,30}"
_SIGNATURE = re.compile(
    rf"^\s*(?:(?:--|~)\s*(?P<name>{_HANDLE_NAME}|[{_UP}][\w'’-]{{1,20}}|{_PERSON.pattern})"
    rf"|[—–]\s*(?P<handle>{_HANDLE_NAME}))\s*$")


# MetaFilter's byline under each comment: "posted by pallid_rook at 10:09 AM on March 3
# [21 favorites]", under the post "posted by wren_at_dusk (9 comments total) 6 users
# marked this as a favorite"
_POSTED_UNDER = re.compile(
    r"^posted by (?P<name>\S.{0,40}?) (?:at \d{1,2}:\d{2}\s?[AP]M on [A-Z][a-z]{2,8}\.? \d{1,2}"
    r"(?:,? \d{4})?(?:\s*\[(?:\d+ favorites?|\+\]\s*\[!)\])*"
    # (Ask MetaFilter: "posted by sparrowgrass to Home & Garden (7 answers total)")
    r"|(?:to [^()]{1,40} )?\(\d+ (?:comments?|answers?) total\)"
    r"(?: \d+ users? marked this as a favorite)?)\s*$"
    # Amazon's questions and answers: "By Kevin R. on March 5, 2024" under an answer (a
    # "SELLER" badge after a shop's name), "asked on March 1, 2024" under the question
    r"|^(?:By (?P<amazon>\S.{0,40}?)(?: SELLER| MANUFACTURER)?|(?P<asked>asked)) on "
    r"[A-Z][a-z]{2,8} \d{1,2}, \d{4}$")


_HELPFUL = re.compile(r"^\d[\d,]* (?:of \d[\d,]* )?(?:people |person )?found this helpful\.?"
                      r"(?: Do you\?)?$", re.IGNORECASE)


def _signed(lines: list[str]) -> list[str]:
    """A paste whose comments are signed under their words (three signatures or more,
    by two people or more) as one header line over each comment instead."""
    signed = {i: (m.groupdict().get("name") or m.groupdict().get("handle")
                  or m.groupdict().get("amazon") or UNNAMED)
              .removeprefix("/").removeprefix("u/").removeprefix("@")
              for i, ln in enumerate(lines)
              if (m := _SIGNATURE.match(ln) or _POSTED_UNDER.match(ln.strip()))
              and not (i and re.search(r"[”\"’']\W?$", lines[i - 1].strip()))}  # a quote's credit
    if len(signed) < 3 or len(set(signed.values())) < 2:
        return lines
    # Amazon's "Yes" / "No" buttons under "… found this helpful. Do you?"
    lines = [ln for i, ln in enumerate(lines)
             if not (ln.strip() in ("Yes", "No") and i and (
                 _HELPFUL.match(lines[i - 1].strip()) or i > 1 and lines[i - 1].strip() == "Yes"
                 and _HELPFUL.match(lines[i - 2].strip())))]
    signed = {i: (m.groupdict().get("name") or m.groupdict().get("handle")
                  or m.groupdict().get("amazon") or UNNAMED)
              .removeprefix("/").removeprefix("u/").removeprefix("@")
              for i, ln in enumerate(lines)
              if (m := _SIGNATURE.match(ln) or _POSTED_UNDER.match(ln.strip()))
              and not (i and re.search(r"[”\"’']\W?$", lines[i - 1].strip()))}
    out: list[str] = []
    start = 0
    for i in sorted(signed):
        out += [CHAT_MARK + signed[i], *lines[start:i]]
        start = i + 1
    return out + lines[start:]


# Discourse copies a quote as the quoted person's name and a colon on a line of its
# own, then the quoted words without a mark: "grocer_dan:" / "Half my customers drive
# in from the hills" / the reply; Zulip as "@Ben Ford said:"; Teams as "Lena Brooks
# 3/14/2025 10:05 AM".
_QUOTED_BY = re.compile(
    # (Invision: "On 3/12/2024 at 9:14 AM, marta_k said:", "1 hour ago, marta_k said:")
    # (Phabricator: "In T4821#131220, @dkowalski wrote:"; Redmine: "NAME wrote in #note-1:")
    rf"^(?:(?i:on)\s+[^,]{{4,40}},\s+|(?i:{_TIME}),\s+|(?i:originally posted by)\s+"
    r"|In\s+[A-Z]?\d*[\w-]*#\d+,\s+)?(?:@)?"
    rf"(?P<name>[\w.-]{{2,30}}|{_PERSON.pattern})(?:(?:\s+(?:said|wrote)(?:\s+in\s+#[\w-]+)?)?:"
    rf"|\s+(?P<at>(?:{_CLOCK_DATE})?{_CLOCK_CASED}))$")


_QUOTED_INLINE = re.compile(r'^(?P<name>[\w.-]{2,30}|[A-Z][\w.-]*(?: [A-Z][\w.-]*){1,2}) wrote: '
                            r'["“](?P<words>[^"”]{3,400})["”]$')


def _named_quotes(lines: list[str]) -> list[str]:
    """A "NAME:" line (NAME on a line of its own, or in a header, earlier) over lines
    that repeat earlier words: those lines as "> " quotes, the name line gone."""
    out: list[str] = []
    names: set[str] = set()  # lines that are a name, and the first word of headers
    i = 0
    while i < len(lines):
        if (q := _QUOTED_INLINE.match(lines[i].strip())) and q.group("name") in names and (
                key(q.group("words")) in " ".join(key(ln) for ln in out)):
            out += [f"> {q.group('words')}", ""]  # Goodreads: 'Anna wrote: "…"' over the reply
            i += 1
            continue
        m = _QUOTED_BY.match(lines[i].strip())
        # a quote's name with its time stands right under the header of the reply
        if m and m.group("at") and not (out and _CLOCK_HEADER.match(out[-1].strip())):
            m = None
        if m and i + 1 < len(lines) and m.group("name") in names:
            said = " " + " \n ".join(key(ln) for ln in out) + " "  # only where one is named
            k = i + 1
            while k < len(lines) and key(lines[k]) and f" {key(lines[k])} " in said:
                k += 1
            if k > i + 1:
                out += [f"> {ln.strip()}" for ln in lines[i + 1:k]]
                i = k
                continue
        s = lines[i].strip()
        names.add(s)
        if h := _CLOCK_HEADER.match(s):  # "Ben Ford  7:05 PM", as a chat's header is joined
            names.add(_clock_name(h))
        names.add(s.split(" · ")[0])  # "Zoë Müller · March 12, 2024"
        if t := _SITE_HEADER.match(s):
            names.add(t.group("gname") or t.group("ename") or t.group("tname"))
        if t := _TRACKER.match(s):
            names.add(t.group("name") or t.group("rname"))
        if " " in s:
            names.add(s.lstrip("@").split(" ", 1)[0])
        out.append(lines[i])
        i += 1
    return out


# Facebook prints who wrote a comment above it and its age in the row of buttons under
# it: "Jane Park" / the words / "Like · Reply · 3h" (or "3h Like Reply", "Like · Reply ·
# 2h · Edited"). With two such rows or more, each becomes a header over its comment.
# "Like" and "Reply", and the same buttons in German, French, Spanish, Italian, Portuguese
_LIKE_REPLY = (r"like|reply|gefällt mir|antworten|j'aime|répondre|me gusta|responder|mi piace"
               r"|rispondi|curtir")
_ROW_BUTTON = (rf"(?:{_LIKE_REPLY}|share|love|react|see translation|hide|report|teilen"
               r"|bearbeitet|modifié|editado)")
_FOOTER = re.compile(
    rf"^(?:{_ROW_BUTTON}\s*[·•]?\s*)*(?P<time>{_TIME})(?:\s*[·•]?\s*(?:{_ROW_BUTTON}|edited))*$",
    re.IGNORECASE)


def _footers_to_headers(lines: list[str]) -> tuple[list[str], list[str]]:
    """Comments whose author stands above the words and whose time stands below them,
    rewritten as "Name · 3h" headers over the words; the rows with the times left out.
    The time is in a row of buttons (Facebook: "Like · Reply · 3h"), or, where no such
    rows are, alone on a line (Instagram: "grocer_dan" / words / "2d" / "12 likes"),
    and then every block's author must be a handle ("cityofharbor", "walker.li"). A
    block's author is its first line after the row before (the last name-like line
    before the first row, where the post stands above it)."""
    times = {i: m.group("time") for i, ln in enumerate(lines) if (m := _FOOTER.match(ln.strip()))
             and re.search(rf"\b(?:{_LIKE_REPLY})\b", ln, re.IGNORECASE)
             and m.group(0).strip() != m.group("time")}
    handles = len(times) < 2
    if handles:
        times = {i: t for i, ln in enumerate(lines) if i > 0 and (t := _bare_time(ln))}
    rows = sorted(times)
    if len(rows) < 2:
        return lines, []

    def name_like(s: str) -> bool:
        s = s.strip()
        if cues.page_furniture(s):
            return False
        if handles:
            return bool(_HANDLE.fullmatch(s))
        return bool(_PERSON.fullmatch(s) or _NAME_LINE.match(s))

    out: list[str] = []
    start = 0
    for n, r in enumerate(rows):
        block = lines[start:r]
        if n == 0:
            at = max((i for i, ln in enumerate(block[:-1]) if name_like(ln)), default=None)
        else:
            firsts = [i for i, ln in enumerate(block)
                      if not cues.page_furniture(ln.strip(), numbers=True)]
            at = firsts[0] if firsts and firsts[0] < len(block) - 1 and name_like(
                block[firsts[0]]) else None
        if at is None:
            return lines, []  # a block without its author: not this layout
        out += [*block[:at], f"{block[at].strip()} · {times[r]}", *block[at + 1:]]
        start = r + 1
    out += lines[start:]
    return out, [lines[r] for r in rows]


# a handle as Instagram and TikTok show it: lower case, digits, "." and "_"
_HANDLE = re.compile(r"@?[a-z0-9][a-z0-9._]{1,29}")


# Today's Reddit over a post: the community, "•", the post's age, then its author
# ("r/transit", "•", "3 hr. ago", "mayor_pat"); a person's tag between a name and its
# time ("OP", "MOD") says who they are, not what they said.
_COMMUNITY = re.compile(r"^(?:/?r/\w{2,21}|~[\w.]{2,30})$")  # a subreddit, a Tildes group
_TAG_AFTER = re.compile(r"\s+(?:OP|MOD|Mod|Admin|ADMIN)$")
_TAG = re.compile(r"^(?:OP|MOD|Mod|Admin|ADMIN|Author|Creator|Top \d{1,2}% (?:Commenter|Poster)"
                  # a forum member's title between the name and the date (XenForo)
                  r"|(?i:(?:(?:well-known|new|active|senior|junior|full|hero|staff|registered"
                  r"|premium|verified)\s+)?member|moderator|administrator|staff|newbie))$")


def _subreddit_byline(lines: list[str]) -> list[str]:
    """The community, age and author over a post, made one byline ("Posted by u/NAME
    3 hr. ago"), as the page's older layout shows it; the community's name above a
    byline goes (a reply that names one, "r/AskHistorians", stays: it is said)."""
    s = [ln.strip() for ln in lines[:5]]
    k = 2 if len(s) > 2 and _DOTS.match(s[1]) else 1
    if not s or not _COMMUNITY.match(s[0]):
        return lines
    if (len(s) > k + 1 and re.fullmatch(_TIME, s[k], re.IGNORECASE)
            and re.fullmatch(r"(?:/?u/)?[\w-]{3,30}", s[k + 1]) and not _STAMP.match(s[k + 1])):
        return [f"Posted by u/{s[k + 1].removeprefix('/').removeprefix('u/')} {s[k]}",
                *lines[k + 2:]]
    if len(s) > 1 and re.match(r"posted by\s", s[1], re.IGNORECASE):
        return lines[1:]
    return lines


# LinkedIn's header: the name, the connection's degree ("• 2nd", "• 3rd+", "Author"), a
# headline ("Head of Product at Acme", maybe two lines), then the age ("3d")
_DEGREE = re.compile(r"^[•·]?\s*(?:1st|2nd|3rd\+?|Author|Premium|Verified)$")
# Quora's: the name, then what the person is and the age on one line ("Former
# teacher · 2y")
_CREDENTIAL = re.compile(rf"^(?P<cred>[^·•\n]{{2,80}}?)\s+[·•]\s+(?P<time>{_TIME})$",
                         re.IGNORECASE)


def _people_described(lines: list[str]) -> tuple[list[str], list[str]]:
    """LinkedIn's name, degree, headline and age, made one header ("Jane Park · 3d"),
    and Quora's name over "credential · age"; the degree, headline and credential
    describe the person, so they go (the second list). The name may be there twice
    (the picture's text above it)."""
    out: list[str] = []
    gone: list[str] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if _DEGREE.match(s) and out and _PERSON.fullmatch(out[-1].strip()):
            ahead = [ln.strip(" •·🌐\t") for ln in lines[i + 1:i + 4]]  # the post's "1d • 🌐"
            at = next((j for j, a in enumerate(ahead)
                       if re.fullmatch(_TIME, a, re.IGNORECASE)), None)
            if at is not None:
                name = out.pop().strip()
                if out and out[-1].strip() == name:
                    out.pop()
                out.append(f"{name} · {ahead[at]}")
                gone += [s, *ahead[:at]]
                i += at + 2
                continue
        cred = _CREDENTIAL.match(s) if out and _PERSON.fullmatch(out[-1].strip()) else None
        if cred:
            out[-1] = f"{out[-1].strip()} · {cred.group('time')}"
            gone.append(cred.group("cred"))
        else:
            out.append(lines[i])
        i += 1
    return out, gone


# A page's buttons under each comment: where three or more were copied, the paste is a
# page for sure, and a person's name alone on a line may open a comment.
_BUTTON = re.compile(r"(?:reply|like|share|comment)(?:\s*\(\d+\))?", re.IGNORECASE)


# an edit marked on the time line itself: "1 day ago (edited)" (YouTube), "2h · Edited"
_EDIT_MARK = re.compile(r"\s*(?:\((?:edited|modifié|bearbeitet)\)|[·•]\s*edited"
                        r"|<this message was edited>)$", re.IGNORECASE)


def _bare_time(s: str) -> str:
    """The time of a line that is a time and nothing else, without what a page puts
    around it: a dot before ("· 3h", Bluesky), an edit mark after; else ""."""
    t = _EDIT_MARK.sub("", re.sub(r"^[·•]\s*", "", s.strip()))
    return t if re.fullmatch(_TIME, t, re.IGNORECASE) else ""


def _time_alone(s: str) -> bool:
    """A line that is a time and nothing else (`_bare_time`)."""
    return bool(_bare_time(s))


# a clock alone under a name, maybe after a day (Mattermost, Google Chat, Element,
# Zulip, a Teams channel: "Lena Brooks" / "10:02 AM" or "3/14 10:02 AM"): a chat's
# header in two lines, joined as Slack copies it and read under the same rule
_CLOCK_ALONE = re.compile(
    rf"^(?:\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?,?\s+)?(?P<clock>{_CLOCK_CASED})"
    rf"(?:\s+(?i:{_MONTH})\s+\d{{1,2}}(?:,\s*\d{{4}})?)?$")  # Google Docs: "10:14 AM Mar 5"
# where a commenter lives, under the name (NYT): "Riverside, CA", "Portland, OR"
_PLACE = r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}"
_LOCATION = re.compile(rf"^{_PLACE},\s*{_PLACE}$")
_SAYS = re.compile(r"\s+(?:says|said|wrote):?$", re.IGNORECASE)


def _names_over_times(lines: list[str]) -> list[str]:
    """A user name alone on a line with a time alone on the next, maybe a "·" between
    ("guido", "Nov 28" on Discourse; "Seradin", "·", "5 hr. ago" on new Reddit; "Jane
    Park", "Nov 28" on a newsletter), joined into one header line: a name needs no "_"
    or digit when a time follows it. A button ("Reply" over "2h") is no name. Two names
    over a time are Disqus's author and the person the reply answers ("Rob Chen",
    "Jane Miller", "2 hours ago")."""
    out: list[str] = []
    joined = False  # a header made already: the first comment answers nobody by name
    seen: set[str] = set()  # the names of the headers made so far
    for ln in lines:
        if (len(out) >= 2 and _time_alone(ln) and _LOCATION.match(out[-1].strip())
                and _PERSON.fullmatch(out[-2].strip())):
            out.pop()  # where the writer lives, between name and time (NYT: "Riverside, CA")
        dots = len(out) >= 2 and bool(_DOTS.match(out[-1]))
        if (len(out) >= 2 + dots and _TAG.match(out[-1 - dots].strip())
                and _time_alone(ln)):
            del out[-1 - dots]  # "mayor_pat", "OP", "•", "2h ago": the tag goes
        prev = out[-2 if dots else -1].strip() if out else ""
        if (m := _CLOCK_ALONE.match(ln.strip())) and out and _EDITED.match(prev):
            out.pop()  # Zulip's "EDITED" over the time of a message by the same person
            continue
        if (m := _CLOCK_ALONE.match(ln.strip())) and out and not dots and re.fullmatch(
                _CLOCK_NAME, prev) and not cues.page_furniture(prev):
            out[-1] = f"{prev}  {m.group('clock')}"  # Slack's header, as Slack copies it
            continue
        if _time_alone(ln) and (said := _SAYS.sub("", prev)) != prev:
            prev = said  # a blog's "Rob Chen says:" over "March 3, 2026 at 10:02 am"
        if ((re.fullmatch(r"(?:/?u/|@)?\w[\w.-]{1,29}", prev) or _PERSON.fullmatch(prev)
             or re.fullmatch(_SERVER_NAME, prev)) and re.match(_NOT_NAME, prev)
                and not _STAMP.match(prev) and not cues.page_furniture(prev)
                and _time_alone(ln)):
            if dots:
                out.pop()
            ln = _bare_time(ln)  # when, not who: the header keeps the time
            out[-1] = f"{prev} · {ln.strip()}"
            by = out[-2].strip() if len(out) >= 2 else ""
            # (X's display name over its "@handle" is one person; over a page's first
            # header a line is the forum's category, "Town Planning", not an author)
            if (joined and by != prev and not prev.startswith("@")
                    and (_PERSON.fullmatch(by) or _NAME_LINE.match(by)
                         or prev in seen and re.fullmatch(r"[A-Za-z][\w.-]{1,29}", by))
                    and not cues.page_furniture(by) and not cues.CHROME.match(by)):
                # the second name answered is someone who spoke; else it says where the
                # writer lives ("Ohio"), not whom they answer
                user = out[-3].strip() if len(out) >= 3 else ""
                if user in seen and _NAME_LINE.match(user) and _PERSON.fullmatch(by):
                    out.pop(-3)  # Discourse: the username over the full name, then whom
                    by = user
                out[-2:] = ([f"{by} · {ln.strip()}", f"{REPLY_TO_MARK}{prev}"] if prev in seen
                            else [f"{by} · {ln.strip()}"])
                prev = by
            elif (not joined and _NAME_LINE.match(by) and "_" in by and _PERSON.fullmatch(prev)
                  and not prev.startswith("@")):
                out[-2:] = [f"{by} · {ln.strip()}"]  # Discourse: "marta_k" over "Marta Kowalski"
                prev = by
            joined = True
            seen.add(prev)
        else:
            out.append(ln)
    return out


def _without_flairs(lines: list[str]) -> tuple[list[str], list[str]]:
    """Reddit's user flair between a user name and the "•" before its age ("legroom_lou"
    / "6'4\" and suffering" / "•" / "5h ago"), left out so that the name and the age
    make the comment's header again. Only before a dot: a line under a name over a bare
    age is a comment's words on Instagram."""
    out: list[str] = []
    flairs: list[str] = []
    for i, ln in enumerate(lines):
        s = ln.strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        dotted = bool(_DOTS.match(nxt)) and i + 2 < len(lines) and _time_alone(lines[i + 2]) or (
            nxt[:1] in "·•" and _time_alone(nxt))
        if (i and _NAME_LINE.match(lines[i - 1].strip()) and dotted and 0 < len(s.split()) <= 6
                and not s.startswith("@") and not _NAME_LINE.match(s) and not _TAG.match(s)
                and not _time_alone(s) and not re.search(r"[.!?]$", s)):
            flairs.append(ln)
            continue
        out.append(ln)
    return out, flairs


def _deleted_accounts(lines: list[str]) -> list[str]:
    """A "[deleted]" name line (followed by "·" or a time) told from a deleted text."""
    return [DELETED_ACCOUNT if is_deleted(ln) and i + 1 < len(lines) and (
        _DOTS.match(lines[i + 1]) or _STAMP.match(lines[i + 1].strip())
        or re.fullmatch(rf"(?:[·•]\s*)?{_TIME}", lines[i + 1].strip(), re.IGNORECASE)) else ln
        for i, ln in enumerate(lines)]


def _fold_marks_joined(lines: list[str]) -> list[str]:
    """A fold mark alone on a line ("[-]") joined to the header line after it."""
    out: list[str] = []
    for ln in lines:
        joined = out[-1].strip() + ln.strip() if out and _FOLD.match(out[-1].strip()) else ""
        if joined and _FOLD_HEADER.match(joined):
            out[-1] = joined
        else:
            out.append(ln)
    return out


# a tracker's record of a field's change among the comments (Redmine, Jira's history):
# "Category set to Database", "Status changed from New to In Progress"
_FIELD_CHANGE = re.compile(r"^[A-Z%][\w%/ -]{1,30}?\s+(?:set to\s.{1,60}|changed from\s.{1,60}?"
                           r"\s+to\s.{1,60}|deleted\s\(.{1,60}\))$")
_SORT_BY = re.compile(r"^sort(?:ed)?\s+by:?$", re.IGNORECASE)
_SORTS = {"best", "top", "new", "old", "hot", "controversial", "q&a", "oldest", "newest",
          "most helpful", "most recent", "top reviews",
          "random", "live"}


def _without_furniture(lines: list[str], page: bool) -> tuple[list[str], list[str]]:
    """The lines without the page's buttons, counters and times, and those left out.

    `page`: the paste is known to be a copied page (it has comment headers), so a number
    alone is a count, a short time alone a timestamp ("5h", "Nov 28"), and a short
    capitalised line just above an "@handle" the author's display name ("Jane Doe")."""
    shown = [(cues.page_furniture(ln, numbers=page) or bool(_DOTS.match(ln))
              or bool(_EDITED.match(ln.strip()))
              or page and (bool(_STAMP.match(ln.strip())) or _time_alone(ln)))
             and not _timed_header(ln.strip()) for ln in lines]  # "23553 4 hours ago | prev"
    if page:
        # a day or a reaction is the chat's where a message follows, else it is said
        # ("Monday" in a list of days, "👍" among a message's lines); a reaction's count
        # or a second reaction may come between: per line, whether the next line past
        # them opens a message (or none follows), found in one pass from the end
        opens_next = [True] * len(lines)
        for i in range(len(lines) - 2, -1, -1):
            nxt = lines[i + 1].strip()
            opens_next[i] = (opens_next[i + 1] if REACTIONS.match(nxt) or nxt.isdigit()
                             else _opens(nxt))
        for i, ln in enumerate(lines):  # a chat's day separators, joins and reactions
            s = ln.strip()
            before = opens_next[i]
            listed = bool(i and DAY.match(lines[i - 1].strip()))  # "Monday" / "Saturday"
            shown[i] = shown[i] or bool(SYSTEM.match(s) or GONE.match(s) or IRC_EVENT.match(s)
                                        or _FIELD_CHANGE.match(s)
                                        or before and REACTIONS.match(s)
                                        or before and not listed and DAY.match(s)
                                        and not (i + 1 < len(lines)
                                                 and DAY.match(lines[i + 1].strip())))
            if s.lower() == "quote" and i and _opens(lines[i - 1]):
                shown[i] = False  # a message that opens on the word is said
            if (SYSTEM.match(s) or GONE.match(s)) and i and _chat_header(lines[i - 1]) and (
                    before):
                shown[i - 1] = True  # a message that is only its deletion or a join: none
        for i in range(1, len(lines)):  # "bob commented on Mar 4" over "Member"
            prev = lines[i - 1].strip()
            after = lines[i + 1].strip() if i + 1 < len(lines) else ""
            # (Facebook's "Top fan" under a name, "Author" over one)
            shown[i] = shown[i] or (bool(_BADGE.match(lines[i].strip())) and (
                _timed_header(prev) or bool(_NAME_LINE.match(prev) or _PERSON.fullmatch(prev)
                                            or _PERSON.fullmatch(after))))
        for i in range(len(lines) - 1):
            after = lines[i + 1].strip()
            if after.startswith("@") and (_NAME_LINE.match(after) or _HEADER.match(after)):
                shown[i] = shown[i] or bool(_DISPLAY_NAME.match(lines[i].strip()))
    for i in range(1, len(lines)):  # "Sort by:" over "Best": the menu's choice
        shown[i] = shown[i] or (bool(_SORT_BY.match(lines[i - 1].strip()))
                                and lines[i].strip().lower() in _SORTS)
    _form_fields(lines, shown)
    _keep_sole_words(lines, shown)
    if not page:
        _keep_what_is_said(lines, shown)
    if all(shown):
        return lines, []  # nothing else to read: keep it all, the reader says what it finds
    return ([ln for ln, f in zip(lines, shown, strict=True) if not f],
            [ln for ln, f in zip(lines, shown, strict=True) if f])


def _keep_what_is_said(lines: list[str], furniture: list[bool]) -> None:
    """In a plain paste, words that look like a page's button are said where the text
    leads into them: a list under a line ending in ":" ("the buttons under every post:"
    / "Like" / "Reply"), a reply quoted after one ("she only wrote:" / "Gefällt mir").
    (A line the next one goes on from in lower case, "More" / "to come as people
    reply.", is said too, but so is "Follow" over a lower-case post on Tumblr or TikTok:
    not taken.)"""
    shown = list(furniture)
    for i in range(len(lines)):
        if not shown[i]:
            continue
        k = i - 1
        while k >= 0 and shown[k] and k >= i - 12:
            k -= 1  # the list runs on from the line that leads into it
        led = k >= 0 and lines[k].rstrip().endswith(":") and all(
            len(x.split()) <= 4 for x in lines[k + 1:i + 1])
        if led:
            furniture[i] = False


_FIELD = re.compile(r"^(?:website|url|name|e-?mail|comment|Δ|∆)(?:\s*\(required\))?$",
                    re.IGNORECASE)


def _form_fields(lines: list[str], furniture: list[bool]) -> None:
    """A blog's comment form: its bare fields ("Website"), and the "Δ" its hidden field
    copies as (not a delta awarded), where they touch the form's own lines."""
    form = [bool(cues.COMMENT_FORM.match(ln.strip())) for ln in lines]
    for i, ln in enumerate(lines):
        if _FIELD.match(ln.strip()) and (i and form[i - 1] or i + 1 < len(lines) and form[i + 1]):
            furniture[i] = form[i] = True


_COMMENTS_HEADING = re.compile(r"^(?:comments|responses|replies)\s*\(?\d[\d,]*\)?"
                               r"|\d[\d,]*\s+(?:comments|responses)|discussion about this post$",
                               re.IGNORECASE)
# the tabs over a page's comments ("All", "Newest"): the site's where they stand above
_TABS = {"all", "newest", "oldest", "top", "best", "latest", "popular", "recommended",
         "featured", "hot", "new", "trending", "cancel", "respond"}


def _page_edges(lines: list[str], headers: dict) -> tuple[list[str], list[str]]:
    """The lines without the site's menus above the first comment and footer under the
    last (`cues.CHROME`, `cues.page_footer`); and those left out."""
    if not headers:
        return lines, []
    first = min(headers)
    top = [i for i in range(first) if not lines[i].startswith((LEVEL_MARK, LINKS_MARK))]
    # the community's name above the post ("r/transit") is the site's there
    rest = [i for i in top if not _COMMUNITY.match(lines[i].strip())
            and not cues.CHROME.match(lines[i].strip()) and not cues.TOP_CHROME.match(lines[i])
            and not cues.NAV_LIST.match(lines[i]) and lines[i].strip().lower() not in _TABS]
    # a run of short lines is a menu where most of them are a menu's usual entries
    # ("Home", "Search", "Log in"); else they may be what the post says (a list of options)
    lead = next((n for n, i in enumerate(rest) if not cues.nav_like(lines[i])), len(rest))
    if lead >= 2 and sum(cues.menu_like(lines[i]) for i in rest[:lead]) * 2 >= lead:
        rest = rest[lead:]
    tail = next((n for n, i in enumerate(reversed(rest)) if not cues.nav_like(lines[i])), 0)
    if tail >= 2 and sum(cues.menu_like(lines[i]) for i in rest[-tail:]) * 2 >= tail:
        rest = rest[:-tail]  # the menus between the post and the first comment (Tildes)
    kept = rest
    # a page of comments on a post not copied (news, Medium, Substack): the heading over
    # them stays, as the post they all answer, or the first comment would be taken for it
    heading = next((i for i in top if _COMMENTS_HEADING.match(lines[i].strip())), None)
    if not kept and heading is not None:
        kept = [heading]
    cut = set(top) - set(kept)
    last = max(headers)
    if not _chat_header(lines[last]):  # a chat has no footer: its last words are said
        cut |= set(cues.page_footer(lines, last + 2))
    # the site's phrases between comments, unless a line is all a comment says
    sole = {i for i in range(len(lines)) if i - 1 in headers
            and (i + 1 >= len(lines) or i + 1 in headers)}
    cut |= {i for i, ln in enumerate(lines) if cues.CHROME.match(ln.strip())} - set(kept) - sole
    return ([ln for i, ln in enumerate(lines) if i not in cut],
            [ln for i, ln in enumerate(lines) if i in cut])


def _opens(line: str) -> bool:
    """A line that opens a message or a comment: a header, a name alone, a day."""
    s = line.strip()
    return bool(_timed_header(s) or _chat_header(s) or _NAME_LINE.match(s) or _PERSON.fullmatch(s)
                or SYSTEM.match(s) or GONE.match(s))


def _keep_sole_words(lines: list[str], furniture: list[bool]) -> None:
    """A comment whose only words look like a button ("6 points", "Share") said them:
    keep its first such line, so that its header still opens a comment."""
    heads = [i for i, ln in enumerate(lines) if _timed_header(ln.strip())
             or _FOLD_HEADER.match(ln.strip()) or _NAME_LINE.match(ln.strip())
             or _CLOCK_HEADER.match(ln.strip()) or ln.startswith(CHAT_MARK)]
    for i, j in zip(heads, [*heads[1:], len(lines)], strict=False):
        body = [n for n in range(i + 1, j) if not _DOTS.match(lines[n])]
        if body and all(furniture[n] for n in body) and not (
                SYSTEM.match(lines[body[0]].strip()) or GONE.match(lines[body[0]].strip())):
            furniture[body[0]] = False


# Discord copies the message a reply answers above the reply's header: "@benford A ban
# is overkill. Kids need…", the start of what benford said
_PREVIEW = re.compile(r"^@(?P<name>[\w.-]{2,32})\s+(?P<words>\S.*?)\s*(?:…|\.\.\.)?$")


def _previews(m: re.Match, said_by: dict[str, list[str]]) -> bool:
    """The preview's words open one of the named person's lines said so far."""
    words = m.group("words")
    return len(words) >= 8 and any(ln.startswith(words) for ln in said_by.get(m.group("name"), []))


# a chat's mark over a reply, right under its header: "In reply to Maya Ortiz"
# (Element), "[In reply to Priya Nair]" (Telegram), "Replying to @ben_ford" (X)
# Slack's and Mattermost's under a reply's header: "replied to a thread: Should we
# switch standup to…", the start of the message it answers
_THREAD_REPLY = re.compile(r"^replied to a thread:\s*(?P<words>.+?)\s*(?:…|\.\.\.)?$",
                           re.IGNORECASE)
# (X lists everyone in the conversation, the one answered first: "Replying to @ben_ford
# and @maya", "Replying to @a @b and 2 others")
_IN_REPLY = re.compile(
    rf"^\[?(?:in reply to|replied to|{_REPLYING})\s+(?:@(?P<handle>[\w.]{{1,30}})"
    r"(?:(?:,?\s+|\s+and\s+)@[\w.]{1,30})*(?:\s+and\s+\d+\s+others?)?"
    # (a name: a user name with "_", "." or a digit, or capitalised words)
    rf"|(?P<name>(?-i:(?=[\w.-]*[_\d.])[\w.-]{{2,30}}|[{_UP}][\w'’.-]*(?:\s[{_UP}][\w'’.-]*){{0,3}})))"
    r"\]?$",
    re.IGNORECASE)


def _chat_header(line: str) -> bool:
    """A chat's or a transcript's header: a speaker and a clock, no page links."""
    return line.startswith(CHAT_MARK) or bool(_CLOCK_HEADER.match(line.strip()))


def _by_headers(lines: list[str], headers: dict[int, tuple[str, int | None, bool | None]],
                source: str, embedder: Any | None) -> Thread:
    """The comments a paste's headers open, as Markdown author lines would (each line a
    paragraph); a story's byline names the post's author."""
    byline = next((i for i, (_, level, _) in headers.items() if level == 0), None)
    blocks: list[tuple[str | None, list[str]]] = [
        (None, [markdown.author_line(headers[byline][0])] if byline is not None else [])]
    places: list[tuple[int, bool | None] | None] = []
    depths: list[int | None] = [0]  # per block, the depth a "level N" mark gave it
    pending: int | None = None
    last = -1  # the line of the latest header
    answering: set[int] = set()  # comments whose header names whom they answer (Disqus)
    said: set[str] = set()  # the lines read so far, to tell a reply's quote of them
    said_by: dict[str, list[str]] = {}  # what each author said so far, line by line
    preview: str | None = None
    quoting = quoted_post = False
    opened: list[int] = []  # the header line of each comment's block, in order
    for i, ln in enumerate(lines):
        quoting = quoting and i > last + 1
        if i == byline:
            continue
        if ln.startswith(LEVEL_MARK):
            pending = int(ln.removeprefix(LEVEL_MARK))
        elif ln.startswith(REPLY_TO_MARK) and len(blocks) > 1:
            blocks[-1] = (None, [markdown.author_line(
                headers[last][0], replying_to=ln.removeprefix(REPLY_TO_MARK))])
            answering.add(len(places) - 1)
        elif i == last + 1 and (m := _THREAD_REPLY.match(ln.strip())):
            blocks[-1][1].extend([f"> {m.group('words')}", ""])  # the message it answers
        elif i == last + 1 and (m := _IN_REPLY.match(ln.strip())):
            blocks[-1] = (None, [markdown.author_line(
                headers[last][0], replying_to=m.group("handle") or m.group("name"))])
            quoting = True
        elif (i == last + 1 and ln.strip() == "Quote" and i + 1 in headers
              and i + 2 < len(lines) and lines[i + 2].strip() in said):
            quoted_post = True  # X: the post quoted follows, under its author's header
        elif quoted_post and i in headers:
            quoted_post, quoting = False, True
        elif quoting and ln.strip() in said:
            blocks[-1][1].extend([f"> {ln.strip()}", ""])  # the words it answers, shown again
        elif ln.startswith(LINKS_MARK):
            if places:  # the links under the comment just read: a reply, or not
                reply = any(w in ln.lower() for w in ("parent", "padre", "genitore"))
                places[-1] = (parents.SOME_REPLY, None) if reply else (1, None)
        elif (i + 1 in headers and (m := _PREVIEW.match(ln.strip()))
              and _previews(m, said_by)):
            preview = m.group("name")  # Discord: the message answered, over the reply
        # (a log's "name: words" lines stay turns of their own: one person may answer
        # their own words there, and `bench.hn_copy`'s chat logs lost replies when joined)
        elif (i in headers and last >= 0 and headers[i][0] == headers[last][0]
              and _CLOCK_HEADER.match(lines[i].strip()) and _CLOCK_HEADER.match(lines[last].strip())
              and preview is None
              and not (i + 1 < len(lines) and _IN_REPLY.match(lines[i + 1].strip()))):
            last = i  # one speaker again, nobody between: the same turn goes on
        elif i in headers and headers[i][1] != 0:
            name, level, first = headers[i]
            opened.append(i)
            blocks.append((None, [markdown.author_line(name, replying_to=preview)]))
            preview = None
            last = i
            places.append((level, bool(first)) if level else None)
            depths.append(pending)
            pending = None
        else:
            blocks[-1][1].extend([ln, ""])
            said.add(ln.strip())
            if last >= 0:
                said_by.setdefault(headers[last][0], []).append(ln.strip())
            quoting = False
    if answering:  # where headers name whom a reply answers, one that names nobody
        for k, place in enumerate(places):  # answers the post
            places[k] = place or ((parents.SOME_REPLY, None) if k in answering
                                  else (1, None))
    # a flat page that lists the newest comment first (an issue tracker, a sort by
    # "Newest"): read oldest first, so that a reply comes after what it answers
    newest_first = (not any(places) and not answering and all(d is None for d in depths[1:])
                    and _newest_first([_age(lines[i]) for i in opened]))
    if newest_first:
        blocks = [blocks[0], *reversed(blocks[1:])]
    if not any(x.strip() for x in blocks[0][1]):
        blocks, depths = blocks[1:], depths[1:]  # nothing before the first header: the post
    thread = markdown.read_blocks(blocks, source, places=places if any(places) else None,
                                  embedder=embedder, fixed=_level_parents(depths))
    if newest_first:
        thread = replace(thread, notes=("the page lists the newest comment first: read "
                                        "oldest first", *thread.notes))
    return thread


_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "mo": 2592000, "y": 31536000}
_AGE = re.compile(
    r"\b(?P<n>\d+|an?|one)\s*(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?"
    r"|wks?|months?|years?|yrs?|mo|[smhdwy])\.?\s+ago\b"
    r"|(?:^|[\s·•])(?P<n2>\d{1,2})(?P<unit2>mo|[smhdwy])$|(?P<yesterday>\byesterday\b)"
    r"|(?P<now>\b(?:just now|today)\b)", re.IGNORECASE)


def _age(header: str) -> float | None:
    """How long ago a header says its comment was written, in seconds (None: no age,
    or a date)."""
    m = _AGE.search(header.strip())
    if not m:
        return None
    if m.group("yesterday"):
        return 86400.0
    if m.group("now"):
        return 0.0
    n = m.group("n") or m.group("n2")
    unit = (m.group("unit") or m.group("unit2")).lower()
    key = "mo" if unit.startswith("mo") else unit[0]
    return (1.0 if not n[0].isdigit() else float(n)) * _SECONDS[key]


def _newest_first(ages: list[float | None]) -> bool:
    """Every comment's age known, four comments or more, each no younger than the one
    above it and most of them older (a reply as old as what it answers, to the hour,
    is no sign): the page lists the newest first."""
    pairs = list(zip(ages, ages[1:], strict=False))
    return (len(ages) >= 4 and all(a is not None for a in ages)
            and all(b >= a for a, b in pairs)
            and sum(b > a for a, b in pairs) >= max(2, (len(pairs) + 1) // 2))


def _level_parents(depths: list[int | None]) -> dict[int, tuple[int, float, str]]:
    """Parents from new Reddit's "level N" marks: a comment at level N answers the
    last comment before it at level N - 1 (level 1: the post)."""
    out: dict[int, tuple[int, float, str]] = {}
    last: dict[int, int] = {0: 0}  # depth -> the latest comment at it
    for k, d in enumerate(depths):
        if k and d is not None and d - 1 in last:
            p = last[d - 1]
            out[k] = (p, 0.95, f"the page marks it level {d}: it answers "
                      + ("the post" if p == 0 else f"c{p + 1}"))
        if k and d is not None:
            last[d] = k
            for deeper in [x for x in last if x > d]:
                del last[deeper]  # a new branch: the old one's deeper comments are done
    return out
