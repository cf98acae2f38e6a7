"""Copies of classic forum pages (phpBB, XenForo, vBulletin, Simple Machines, MyBB,
Discuz!, Slashdot): post headers, member blocks, quotes.

    Post by janedoe » Tue Nov 24, 2026 10:02 am          (phpBB)
    janedoe wrote: ↑Tue Nov 24, 2026 10:02 am             (a quote follows, unmarked)

    Jane Doe / Well-known member / Joined / Mar 3, 2019 / Messages / 1,234 / … / #5
    Bob Smith said: / (the quote) / Click to expand...     (XenForo)

    Old 12-01-2026, 10:02 AM #1 / janedoe / Senior Member / Join Date: Mar 2019 /
    Posts: 1,234 / (the post) / Reply With Quote          (vBulletin)
    Quote: / Originally Posted by janedoe / (the quote, unmarked)

Debate forums run on these engines, and a copy of a thread page keeps each post's
header but turns a quote into plain lines. Each header opens a comment by its author;
the member's title, join date and counters are no words. A XenForo quote ends at
"Click to expand..."; a phpBB quote has no end mark in a copy, so it runs while its
lines repeat what the quoted author wrote. Quotes then give the parents, as a
Markdown thread's do (`markdown.read_blocks`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read import cues, markdown

__all__ = ["looks_like_forum_copy", "read"]

# (in the board's language: "Beitrag von NAME »", "par NAME »", "Messaggio da NAME »")
_PHPBB_POST = re.compile(r"^(?:Post\s*by|by|Beitrag\s+von|von|par|Messaggio\s+da|da|por|door)\s+"
                         r"(?P<name>\S.{0,40}?)\s+»\s+\S.*\d{1,2}:\d{2}.*$", re.IGNORECASE)
_PHPBB_QUOTE = re.compile(r"^(?P<name>\S.{0,40}?)\s+(?:wrote:|hat geschrieben:|a écrit\s?:"
                          r"|ha scritto:|escribió:|escreveu:|schreef:)\s*(?:↑.*)?$"
                          # Simple Machines: "Quote from: marta_k on March 12, 2024, …"
                          r"|^Quote from:\s+(?P<smf>\S.{0,40}?)\s+on\s+\S.{0,60}$"
                          # MyBB: "(03-12-2024, 09:14 AM)marta_k Wrote:"
                          r"|^\([^)]{4,40}\)\s*(?P<mybb>\S.{0,40}?)\s+Wrote:$")
# Simple Machines (SMF): "« Reply #2 on: March 12, 2024, 11:45:10 AM »" under the
# post's subject, under the member block (name, rank, stars, "Posts: 57"); "Logged"
# under the words, the signature under that
_SMF_POST = re.compile(r"^«\s*(?:Reply\s+#\d{1,6}\s+)?on:\s+\S.{0,60}»$", re.IGNORECASE)
_SMF_END = re.compile(r"^Logged$")
# MyBB: the member block (name, rank, "Posts:", "Threads:", "Joined:", "Reputation:")
# over "#2" over "03-12-2024, 10:02 AM"; "Find" and "Reply" under the words
_MYBB_INLINE = re.compile(r"^\([^)]{4,40}\)\s*\S.{0,40}?\s+(?P<wrote>Wrote:)", re.IGNORECASE)
_MYBB_DATE = re.compile(r"^\d{2}-\d{2}-\d{4},\s+\d{1,2}:\d{2}\s*[AP]M$", re.IGNORECASE)
_SUBJECT = re.compile(r"^Re:\s+\S")
_XF_POSTNO = re.compile(r"^#\d{1,6}$")
_XF_QUOTE = re.compile(r"^(?P<name>\S.{0,40}?)\s+said:$")
# vBulletin: "Old 12-01-2026, 10:02 AM #1" ("Today, 09:15 PM #4") over the poster's
# name; the member's title and "Join Date: …", "Posts: …" lines under it
_VB_POST = re.compile(r"^(?:Old\s+)?(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|Today|Yesterday),?\s+"
                      r"\d{1,2}:\d{2}(?:\s*[AP]M)?\s+#\d{1,6}$", re.IGNORECASE)
_VB_STAT = re.compile(r"^(?:join date|posts|location|age|gender|thanks|thanked|rep power"
                      r"|reputation|blog entries|mentioned|tagged|quoted|real name"
                      r"|threads)\s*:?\s+\S.{0,60}$", re.IGNORECASE)
_VB_QUOTE = re.compile(r"^Originally Posted by\s+(?P<name>\S.{0,40}?)$", re.IGNORECASE)
# a post's buttons as a forum copy gives them ("Like Reply Report", "+Quote")
_BUTTONS = re.compile(r"^(?:(?:like|reply|report|quote|\+\s?quote|multi-?quote|share|bookmark|"
                      r"react|top|reply with quote"
                      # (a board in French, German, Spanish or Italian)
                      r"|citer|zitieren|citar|cita|répondre|antworten|responder|rispondi"
                      r"|signaler|melden|reportar|segnala)\s*[·|]?\s*)+$", re.IGNORECASE)
_LAST_EDITED = re.compile(r"^Last edited(?: by .{1,40})?:?\s.{0,40}$", re.IGNORECASE)
_XF_EXPAND = re.compile(r"^Click to (?:expand|shrink)\.{0,3}$", re.IGNORECASE)
_XF_STATS = frozenset({"joined", "messages", "reaction score", "points", "location",
                       "age", "gender", "posts", "likes", "trophy points", "website"})
# Slashdot: "TITLE (Score:5, Insightful)" over "by NAME ( 1234567 ) on Tuesday March 12,
# 2024 @08:42PM (#64310001)" (the year only on older stories' pages); a reply's title is
# its parent's with "Re:" before it, and the story's "Posted by NAME on DATE from the … dept."
_SD_BY = re.compile(r"^by\s+(?P<name>\S.{0,40}?)\s*(?:\(\s*\d{1,9}\s*\))?\s*(?:<[^<>\s]{1,80}>\s*)?"
                    r"(?:writes:\s*)?on\s+[A-Z][a-z]+day\b[^()]{0,40}@\s?\d{1,2}:\d{2}\s*[AP]M"
                    r"\s*\(#\d{1,12}\)(?:\s+(?:Homepage|Journal))*$", re.IGNORECASE)
_SD_TITLE = re.compile(r"^(?P<title>.*?)\s*\(Score:\s*-?\d(?:,\s*[\w ]{1,20})?\)$")
_SD_STORY = re.compile(r"^Posted by\s+(?P<name>\S.{0,40}?)\s+on\s+[A-Z][a-z]+day\b.*$")
# a comment under the reader's threshold, its title and byline on one line, no words
_SD_FOLDED = re.compile(r"^.{0,160}\sby\s.{1,60}\(Score:\s*-?\d\)\s.{0,60}"
                        r"@\s?\d{1,2}:\d{2}\s*[AP]M$")
# the comments' controls and each comment's links ("[ Reply to This | Parent ]", the
# poster's homepage and journal line, "1 reply beneath your current threshold.")
_SD_CONTROLS = re.compile(r"^(?:sort by:?|threshold:?.*|-?\d:\s*\d[\d,]*\s+comments?|\d[\d,]*\s+"
                          r"comments?|display options|oldest first|newest first|highest scores"
                          r" first|oldest|newest|share|read the \d[\d,]* comments?|loading\W*"
                          r"|related links|top of the:.*|working\W*|parent|flag as inappropriate"
                          r"|reply to this|\[\s*reply to this\b.*\]|\(\s*https?://.*\)"
                          r"|\d+ repl(?:y|ies) beneath your current threshold\.?"
                          r"|from the .{1,120} dept\.?|homepage|journal|homepage journal)$",
                          re.IGNORECASE)
# where the story's summary ends: the page's controls ("[ Reply to This | … ]", "… | Top |
# 340 comments | Search Discussion", "The Fine Print: …")
_SD_SUMMARY_END = re.compile(r"^(?:\[.*\]|.*\s\|\s.*|threshold:.*|the fine print:.*|sort by:?)$",
                             re.IGNORECASE)
# Discuz!: the member block (name, "name Offline", counters) over "Posted on 2024-3-12
# 09:14:07 | Show all posts" ("发表于 …"); the floor ("Sofa", "5#", "沙发") and the post's
# buttons ("Reply" "Support" "Oppose" "Report") around the words
_DZ_POSTED = re.compile(r"^(?:楼主\s*\|?\s*)?(?:Posted on|发表于)\s+\d{4}-\d{1,2}-\d{1,2}\s+"
                        r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*\|.*)?$", re.IGNORECASE)
_DZ_MEMBER = re.compile(r"^(?P<name>\S.{0,40}?)\s+(?:Online|Offline|当前离线|当前在线)$",
                        re.IGNORECASE)
_DZ_QUOTE = re.compile(r"^(?P<name>\S.{0,40}?)\s+(?:posted on|发表于)\s+\d{4}-\d{1,2}-\d{1,2}"
                       r"\s+\d{1,2}:\d{2}(?::\d{2})?$", re.IGNORECASE)
_DZ_BUTTONS = re.compile(r"^(?:(?:reply|support|oppose|report|回复|使用道具|举报|分享到:?"
                         r"|(?:收藏|分享|支持|反对){1,2})(?:\s+|$))+$", re.IGNORECASE)
# what Discuz! shows for a banned or deleted member's post
_DZ_GONE = re.compile(r"^(?:提示:\s*作者被禁止或删除\s*内容自动屏蔽"
                      r"|Prompt:\s*Author is banned or deleted.{0,40})$", re.IGNORECASE)
_DZ_FLOOR = re.compile(r"^(?:\d{1,5}#|#\d{1,5}|sofa|bench|floor|楼主|沙发|板凳|地板|地下室)$",
                       re.IGNORECASE)
_COPY_LINK = re.compile(r"\s*\[(?:copy link|复制链接)\]$", re.IGNORECASE)
_DATE = re.compile(r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4}|"
                   r"\d{4}-\d{2}-\d{2}|\d[\d,.]*[kKmM]?|Today at .*|Yesterday at .*)$")


def looks_like_forum_copy(text: str) -> bool:
    """Two or more phpBB, vBulletin or SMF post headers, or XenForo member blocks
    ("Joined" … "#N")."""
    lines = [ln.strip() for ln in text.splitlines()[:20000]]
    php = sum(bool(_PHPBB_POST.match(ln)) for ln in lines)
    vb = sum(bool(_VB_POST.match(ln)) for ln in lines)
    xf = sum(bool(_XF_POSTNO.match(ln)) for ln in lines)
    joined = sum(ln.lower() == "joined" for ln in lines)
    smf = sum(bool(_SMF_POST.match(ln)) for ln in lines)
    return php >= 2 or vb >= 2 or smf >= 2 or _mybb_heads(lines) >= 2 or (
        xf >= 2 and joined >= 2) or _engine(lines) is not None


def _engine(lines: list[str]) -> str | None:
    """Slashdot or Discuz!, told by two of their post headers."""
    if sum(bool(_SD_BY.match(ln)) for ln in lines) >= 2:
        return "Slashdot"
    if sum(bool(_DZ_POSTED.match(ln)) and any(_DZ_MEMBER.match(x) for x in lines[max(0, i - 14):i])
           for i, ln in enumerate(lines)) >= 2:
        return "Discuz!"
    return None


def _mybb_heads(lines: list[str]) -> int:
    return sum(bool(_XF_POSTNO.match(a) and _MYBB_DATE.match(b))
               for a, b in zip(lines, lines[1:], strict=False))


# a member with no picture is shown by a letter or two ("M", "LW"), copied on its line
_AVATAR = re.compile(r"^[A-Z0-9]{1,2}$")


def _xenforo_posts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first post and each post (author, lines) of a XenForo copy."""
    starts: list[tuple[int, int, str]] = []  # (header start, body start, author)
    for j, ln in enumerate(lines):
        if ln.lower() != "joined":
            continue
        # the name is just above the member's title ("Well-known member"), or above
        # "Joined" itself when the member has none
        titled = j >= 2 and len(lines[j - 1].split()) <= 4 and not re.search(r"[.!?:]$",
                                                                            lines[j - 1])
        if titled and _AVATAR.match(lines[j - 2]):
            titled = False  # the letter in the place of a picture, then the name
        name_at = j - 2 if titled else j - 1
        end = next((k + 1 for k in range(j, min(j + 20, len(lines)))
                    if _XF_POSTNO.match(lines[k])), None)
        if name_at < 0 or end is None:
            continue
        avatar = name_at and _AVATAR.match(lines[name_at - 1])
        starts.append((name_at - 1 if avatar else name_at, end, lines[name_at]))
    posts = []
    for n, (_, body, name) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        posts.append((name, lines[body:stop]))
    return (lines[:starts[0][0]] if starts else lines), posts


def _smf_posts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first post and each post (author, lines) of an SMF copy: the
    name is the member block's first line (over the rank and its stars, or two over
    "Posts: N"); the post runs from its header to "Logged"."""
    heads = [i for i, ln in enumerate(lines) if _SMF_POST.match(ln)]
    starts, posts = [], []
    for i in heads:
        above = range(i - 1, max(-1, i - 9), -1)
        stars = next((j for j in above if re.fullmatch(r"\*{1,6}", lines[j])), None)
        count = next((j for j in above if _MEMBER_STAT.match(lines[j])), None)
        name = stars - 2 if stars is not None else count - 2 if count is not None else None
        if name is None or name < 0:
            continue
        end = next((k for k in range(i + 1, len(lines)) if _SMF_END.match(lines[k])
                    or _SMF_POST.match(lines[k])), len(lines))
        body = [ln for ln in lines[i + 1:end] if not _BUTTONS.match(ln)]
        starts.append(name)
        posts.append((lines[name], body))
    return (lines[:starts[0]] if starts else lines), posts


def _quote_split(line: str) -> list[str]:
    """A quote's first line may follow its "(DATE)NAME Wrote:" on the same line."""
    m = _MYBB_INLINE.match(line)
    rest = line[m.end("wrote"):].strip() if m else ""
    return [line[:m.end("wrote")], rest] if m and rest else [line]


def _mybb_posts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first post and each post (author, lines) of a MyBB copy: the
    name is two lines over the first member detail (over the rank)."""
    heads = [i for i, (a, b) in enumerate(zip(lines, lines[1:], strict=False))
             if _XF_POSTNO.match(a) and _MYBB_DATE.match(b)]
    starts, names = [], []
    for i in heads:
        top = i
        while top - 1 >= 0 and _MEMBER_STAT.match(lines[top - 1]) and i - top < 8:
            top -= 1
        if top == i or top < 2:
            continue
        starts.append((top - 2, i + 2))
        names.append(lines[top - 2])
    posts = []
    for n, (_, body) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        words = [ln for ln in lines[body:stop] if not _BUTTONS.match(ln) and ln.lower() != "find"]
        posts.append((names[n], [x for ln in words for x in _quote_split(ln)]))
    return (lines[:starts[0][0]] if starts else lines), posts


# what a forum prints of a member beside each post: "Posts: 1045", "Joined: Wed Aug 19,
# 2015 7:41 pm", "Location: Harbor Town"
_MEMBER_STAT = re.compile(
    r"^(?:posts|joined|location|contact|reputation|threads|karma|rank|gender|age|website"
    r"|member since|messages|reaction score|points|likes received|solutions"
    # (a board in French, German, Spanish or Italian)
    r"|inscription|localisation|beiträge|registriert|wohnort|mensajes|registrado|ubicación"
    r"|messaggi|iscritto|località|messaggi)\s*:.*$",
    re.IGNORECASE)


def _without_member(body: list[str], name: str) -> list[str]:
    """A post's lines without, at their end, the next poster's name and details."""
    for k in range(len(body) - 1, max(-1, len(body) - 12), -1):
        if body[k] == name and all(_MEMBER_STAT.match(x) or len(x.split()) <= 3
                                   for x in body[k + 1:]):
            return body[:k]
    return body


def _phpbb_posts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first post and each post (author, lines) of a phpBB copy."""
    heads = [i for i, ln in enumerate(lines) if _PHPBB_POST.match(ln)]
    posts = []
    for n, i in enumerate(heads):
        stop = heads[n + 1] if n + 1 < len(heads) else len(lines)
        body = lines[i + 1:stop]
        while body and n + 1 < len(heads) and _BUTTONS.match(body[-1]):
            body = body[:-1]  # the next post's buttons over its header ("Quote", "Citer")
        if body and _SUBJECT.match(body[-1]) and n + 1 < len(heads):
            body = body[:-1]  # the next post's "Re: subject" line
        if n + 1 < len(heads):  # prosilver puts the next poster's details above his post
            body = _without_member(body, _PHPBB_POST.match(lines[stop]).group("name"))
        posts.append((_PHPBB_POST.match(lines[i]).group("name"), body))
    before = lines[:heads[0]] if heads else lines
    return before, posts


def _vbulletin_posts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first post and each post (author, lines) of a vBulletin copy:
    the name under each header, the member's title and stats under the name left out."""
    heads = [i for i, ln in enumerate(lines) if _VB_POST.match(ln) and i + 1 < len(lines)]
    posts = []
    for n, i in enumerate(heads):
        stop = heads[n + 1] if n + 1 < len(heads) else len(lines)
        body = lines[i + 2:stop]
        stats = [k for k, ln in enumerate(body[:8]) if _VB_STAT.match(ln)]
        if stats:  # the title above the first stat line, the stats up to the last
            body = body[stats[-1] + 1:]
        posts.append((lines[i + 1], body))
    return (lines[:heads[0]] if heads else lines), posts


def _slashdot_posts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first comment and each comment (author, lines) of a Slashdot
    copy, the story's summary first under its poster; each comment's title ("Re:…")
    stays its first line, for `_slashdot_parents`."""
    lines = [ln for ln in lines if not _SD_FOLDED.match(ln)]
    heads = [i for i, ln in enumerate(lines) if _SD_BY.match(ln)]
    starts = [i - 1 if i and _SD_TITLE.match(lines[i - 1]) else i for i in heads]
    posts = []
    for n, (top, i) in enumerate(zip(starts, heads, strict=True)):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = lines[i + 1:stop]
        body = body[:next((k for k, ln in enumerate(body) if ln.lower() == "related links"),
                          len(body))]
        if n + 1 == len(heads):  # the page's login box and footer under the last comment
            words = [k for k, ln in enumerate(body) if not _SD_CONTROLS.match(ln)]
            footer = cues.page_footer(body, words[0] + 1 if words else 0)
            body = body[:footer.start] if footer else body
        title = _SD_TITLE.match(lines[top]).group("title") if top < i else ""
        posts.append((_SD_BY.match(lines[i]).group("name"),
                      [f"[title] {title}", *(ln for ln in body if not _SD_CONTROLS.match(ln))]))
    before = lines[:starts[0]] if starts else lines
    story = next((k for k, ln in enumerate(before) if _SD_STORY.match(ln)), None)
    if story is not None:
        after = [ln for ln in before[story + 1:]
                 if not re.match(r"^from the .{1,120} dept\.?$", ln)]
        end = next((k for k, ln in enumerate(after) if _SD_SUMMARY_END.match(ln)), len(after))
        summary = [ln for ln in after[:end] if not _SD_CONTROLS.match(ln)
                   and not cues.page_furniture(ln, numbers=True)]
        if summary:
            head = re.sub(r"\s*\([\w.-]+\.[a-z]{2,}\)\s*\d*$|\s+\d+$", "",
                          before[story - 1]) if story else ""
            posts.insert(0, (_SD_STORY.match(before[story]).group("name"),
                             ["[story]", *summary]))
            before = before[:story - 1] + [head] if head else before[:story]
    return before, posts


def _slashdot_depths(raw: list[str]) -> list[int] | None:
    """How far each comment's title stands in from the left, where the copy kept the
    nested view's indentation (else None)."""
    raw = [ln for ln in raw if not _SD_FOLDED.match(ln.strip())]
    heads = [i for i, ln in enumerate(raw) if _SD_BY.match(ln.strip())]
    tops = [i - 1 if i and _SD_TITLE.match(raw[i - 1].strip()) else i for i in heads]
    depths = [len(raw[i]) - len(raw[i].lstrip()) for i in tops]
    return depths if len(set(depths)) > 1 else None


def _slashdot_parents(posts: list[tuple[str, list[str]]], depths: list[int] | None = None
                      ) -> dict[int, tuple[int, float, str]]:
    """Parents from the nested view's indentation where a copy kept it (the comment
    above that stands less far in), else from the titles: a comment whose title has no
    "Re:" answers the story; "Re:TITLE" the latest comment so far of that title or its
    "Re:" (in a copy of the nested page that is the one above it in its branch), else
    the one before."""
    story = bool(posts) and posts[0][1][:1] == ["[story]"]
    fixed: dict[int, tuple[int, float, str]] = {}
    if depths is not None:
        shift = 1 if story else 0
        for n, d in enumerate(depths):
            up = next((m for m in range(n - 1, -1, -1) if depths[m] < d), None)
            if up is not None:
                fixed[n + shift] = (up + shift, 0.95, f"indented under c{up + shift + 1}")
            elif story:
                fixed[n + shift] = (0, 0.95, "not indented: answers the story")
        return fixed
    titles: list[str] = []
    for k, (_, body) in enumerate(posts):
        title = body[0][len("[title] "):] if body[:1] and body[0].startswith("[title] ") else ""
        base = re.sub(r"^(?:Re:\s*)+", "", title, flags=re.IGNORECASE).strip().lower()
        titles.append(base)
        if k == 0:
            continue
        if not re.match(r"^Re:", title, re.IGNORECASE):
            if story:
                fixed[k] = (0, 0.9, "a new title: answers the story")
            continue
        same = next((j for j in range(k - 1, 0 if story else -1, -1)
                     if base and titles[j] == base), None)
        if same is not None:
            fixed[k] = (same, 0.6, f"'Re:' the title of c{same + 1}")
        else:
            fixed[k] = (k - 1, 0.5, "'Re:' a title not shown: the comment before")
    return fixed


def _discuz_posts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first post and each post (author, lines) of a Discuz! copy:
    the name is the member block's "NAME Offline" line (its picture's name above it),
    the words run from "Posted on" to the post's buttons."""
    heads = [i for i, ln in enumerate(lines) if _DZ_POSTED.match(ln)]
    starts, names = [], []
    for i in heads:
        at = next((j for j in range(i - 1, max(-1, i - 14), -1) if _DZ_MEMBER.match(lines[j])),
                  None)
        if at is None:
            continue
        name = _DZ_MEMBER.match(lines[at]).group("name")
        top = at - 1 if at and lines[at - 1] == name else at
        starts.append((top, i + 1))
        names.append(name)
    posts = []
    for n, (_, body) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        words = lines[body:stop]
        end = next((k for k, ln in enumerate(words) if _DZ_BUTTONS.match(ln)), len(words))
        words = ["[deleted]" if _DZ_GONE.match(ln) else ln for ln in words[:end]
                 if not _DZ_FLOOR.match(ln)]
        posts.append((names[n], [x for ln in words for x in _dz_quote(ln)]))
    before = lines[:starts[0][0]] if starts else lines
    # the thread's title carries "[Copy link]", or stands over it
    mark = next((k for k in range(len(before) - 1, -1, -1) if _COPY_LINK.search(" " + before[k])),
                None)
    if mark is not None:
        alone = _COPY_LINK.fullmatch(" " + before[mark]) is not None
        before = before[:mark] if alone else [*before[:mark], _COPY_LINK.sub("", before[mark])]
    return before, posts


def _dz_quote(line: str) -> list[str]:
    """A Discuz! quote's header ("NAME posted on DATE") as phpBB's ("NAME wrote:"); the
    post's "Reply 5# NAME" ("回复 5# NAME") as whom it answers; an edit notice goes."""
    if m := _DZ_QUOTE.match(line):
        return [f"{m.group('name')} wrote:"]
    if m := _DZ_REPLY.match(line):
        return [f"{_REPLY_HINT}{m.group('name')}", *([m.group("rest")] if m.group("rest") else [])]
    return [] if _DZ_EDITED.match(line) else [line]


# "Reply 5# Mrs.Okafor" (回复 5# …) opening a post: it answers that floor's poster
_DZ_REPLY = re.compile(r"^(?:Reply|回复)\s+\d{1,5}#\s+(?P<name>\S{1,40})(?:\s+(?P<rest>\S.*))?$")
_DZ_EDITED = re.compile(r"^(?:This post was last edited by .{1,40} at .{1,30}"
                        r"|本帖最后由 .{1,40} 于 .{1,30} 编辑)$")
_REPLY_HINT = "[replying to] "


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _with_quotes(body: list[str], said: dict[str, str]) -> list[str]:
    """A post's lines with its quotes as "> " lines: XenForo's up to "Click to expand",
    phpBB's while the lines repeat what the quoted author wrote (`said`: name -> their
    words so far)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        ln = body[i]
        if m := _XF_QUOTE.match(ln):
            end = next((k for k in range(i + 1, len(body)) if _XF_EXPAND.match(body[k])), None)
            if end is not None:
                out += [f"> {q}" for q in body[i + 1:end]] + [""]
                i = end + 1
                continue
        if (ln.lower() == "quote:" and i + 1 < len(body)
                and (m := _VB_QUOTE.match(body[i + 1]))):
            i += 1  # vBulletin: "Quote:" over "Originally Posted by NAME", as phpBB's
            ln = body[i]
            if m.group("name") not in said:
                i += 1
                continue
        else:
            m = _PHPBB_QUOTE.match(ln)
        who = m and (m.group("name") or m.groupdict().get("smf") or m.groupdict().get("mybb"))
        if who and who in said:
            source = _norm(said[who])
            k = i + 1
            while k < len(body) and _norm(body[k]) and _norm(body[k]) in source:
                k += 1
            if k > i + 1:
                out += [f"> {q}" for q in body[i + 1:k]] + [""]
                i = k
                continue
        if ln.lower() == "reactions:":  # who liked it, on the next line
            i += 2
            continue
        # dates, counters and the post's buttons ("Reply", "Report", "Like") are the page's
        if not (_DATE.match(ln) or _XF_EXPAND.match(ln) or _LAST_EDITED.match(ln)
                or _BUTTONS.match(ln) or cues.page_furniture(ln, numbers=True)):
            out += [ln, ""]
        i += 1
    return out


def _without_signatures(posts: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """The posts without their authors' signatures: a line that ends two or more posts
    of the same author ("Reading is dreaming with open eyes.")."""
    ends = Counter((name, body[-1]) for name, body in posts if len(body) > 1)
    return [(name, body[:-1] if len(body) > 1 and ends[name, body[-1]] >= 2 else body)
            for name, body in posts]


def read(text: str, source: str, embedder: Any | None = None) -> Thread:
    """Read a copied phpBB, XenForo or vBulletin thread page, one comment per post."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    special = _engine(lines)
    if special:
        depths = (_slashdot_depths([ln for ln in text.splitlines() if ln.strip()])
                  if special == "Slashdot" else None)
        return _read_board(lines, special, source, embedder, depths)
    xenforo = sum(bool(_XF_POSTNO.match(ln)) for ln in lines) >= 2
    vbulletin = not xenforo and sum(bool(_VB_POST.match(ln)) for ln in lines) >= 2
    smf = not (xenforo or vbulletin) and sum(bool(_SMF_POST.match(ln)) for ln in lines) >= 2
    mybb = not (vbulletin or smf) and _mybb_heads(lines) >= 2
    xenforo = xenforo and not mybb
    engine = ("MyBB" if mybb else "XenForo" if xenforo else "vBulletin" if vbulletin
              else "SMF" if smf else "phpBB")
    before, posts = (_mybb_posts if mybb else _xenforo_posts if xenforo
                     else _vbulletin_posts if vbulletin else _smf_posts if smf
                     else _phpbb_posts)(lines)
    if not posts:
        raise ArgmapError(f"{source}: no forum post headers found ('Post by NAME » DATE', "
                          "'DATE, TIME #N' or a member block ending in '#N')")
    # the thread's title stands just above its first post, under the page's menus
    title = next((ln for ln in reversed(before) if not _SUBJECT.match(ln)
                  and not ln.lower().startswith("thread starter")
                  and len(ln.split()) >= 3), next(iter(before), ""))
    # SMF's "Author Topic: Should the library open?  (Read 312 times)"
    title = re.sub(r"^Author\s+Topic:\s*|\s*\(Read \d[\d,]* times\)$", "", title)
    name, body = posts[-1]
    footer = cues.page_footer(body, 1)  # the page's links and footer under the last post
    posts[-1] = (name, body[:footer.start] if footer else body)
    posts = _without_signatures(posts)
    blocks = _blocks(posts)
    thread = markdown.read_blocks(blocks, source, title, embedder=embedder)
    left = len(before) - (1 if title else 0)
    notes = [f"{len(posts)} {engine} posts read from their headers"
             + (f"; left out {left} line(s) above the first post (the page's menus)"
                if left else "")
             + (f"; left out {len(footer)} line(s) under the last (its footer)"
                if footer else "")]
    return replace(thread, format="forum", notes=(*notes, *thread.notes))



def _blocks(posts: list[tuple[str, list[str]]]) -> list[tuple[str | None, list[str]]]:
    """Each post as a Markdown block under its author line, its quotes as "> " lines and
    whom it says it answers (Discuz!'s "Reply 5# NAME") in that line."""
    said: dict[str, str] = {}  # name -> their words so far, to tell their quotes
    blocks: list[tuple[str | None, list[str]]] = []
    for name, body in posts:
        to = next((ln.removeprefix(_REPLY_HINT) for ln in body if ln.startswith(_REPLY_HINT)), None)
        own = _with_quotes([ln for ln in body if not ln.startswith(_REPLY_HINT)], said)
        said[name] = said.get(name, "") + " " + " ".join(x for x in own if not x.startswith(">"))
        blocks.append((None, [markdown.author_line(name, replying_to=to), *own]))
    return blocks


def _read_board(lines: list[str], engine: str, source: str, embedder: Any | None,
                depths: list[int] | None = None) -> Thread:
    """Read a copied Slashdot or Discuz! page: one comment per post, by its author; a
    Slashdot comment answers what its title says, a Discuz! post what it quotes."""
    before, posts = (_slashdot_posts if engine == "Slashdot" else _discuz_posts)(lines)
    if not posts:
        raise ArgmapError(f"{source}: no {engine} post headers found")
    fixed = _slashdot_parents(posts, depths) if engine == "Slashdot" else None
    title = before[-1] if before else ""
    posts = _without_signatures([(name, [ln for ln in body if ln != "[story]"
                                         and not ln.startswith("[title] ")])
                                 for name, body in posts])
    thread = markdown.read_blocks(_blocks(posts), source, title, embedder=embedder, fixed=fixed)
    left = max(len(before) - 1, 0)
    note = (f"{len(posts)} {engine} posts read from their headers"
            + (f"; left out {left} line(s) above the first post (the page's menus)" if left else "")
            + ("; the indentation gives the parents" if depths
               else "; the titles ('Re:…') give the parents" if fixed else ""))
    return replace(thread, format="forum", notes=(note, *thread.notes))
