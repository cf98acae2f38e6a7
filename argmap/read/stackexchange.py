"""A copied Stack Exchange page (Stack Overflow, Super User, …) in the layout the paste
reader knows.

Stack Exchange signs a post *under* its words ("answered Mar 3, 2023 at 10:20", the
name, the reputation), where forums put the name above; its comments end with their
signature on the same line ("Black decides for you. – tool_fan Mar 3, 2023 at
11:02"). Read as it is, the signature of one post became the header of the next and
"asked" an author. `rewrite` turns the page into what new Reddit's copy looks like:
the question is the post, each answer a "level 1" comment, each comment a "level 1"
(on the question) or "level 2" (on an answer) comment, so every parent is the one
the page shows. The page's counters, buttons and tags are left out.
"""

from __future__ import annotations

import re

from argmap.read.cues import TIME

__all__ = ["rewrite"]

_WHEN = rf"(?:{TIME}|yesterday|today)"
# "asked Mar 3, 2023 at 10:12": the post's signature, its author's name on the next
# line; in lower case ("Asked 3 years ago" over the question is the page's summary)
_SIGNATURE = re.compile(rf"^(?P<kind>(?-i:asked|answered|edited))\s+(?P<when>{_WHEN})$",
                        re.IGNORECASE)
# "… – tool_fan Mar 3, 2023 at 11:02": a comment and its signature on one line
_COMMENT = re.compile(
    rf"^(?P<text>.+?)\s+[–—-]\s+(?P<name>[\w.-]{{2,30}}(?:\s[\w.-]{{1,30}}){{0,2}}?)"
    rf"\s+(?P<when>{_WHEN})(?:\s*\*?)?$", re.IGNORECASE)
# reputation and badge counts under a name: "1,204", "22.1k", "5 silver badges", or run
# together as a copy may give them: "1,20344 silver badges1212 bronze badges"
_COUNT = re.compile(r"^(?:[\d,.]+[km]?|\d+\s+(?:gold|silver|bronze)\s+badges?"
                    r"|[\d,.]+[km]?(?:\s*\d+\s*(?:gold|silver|bronze)\s+badges?)+)$", re.IGNORECASE)
_FURNITURE = re.compile(
    r"^(?:share|follow|edit|flag|cite|improve this (?:question|answer)|add a comment"
    r"|show \d+ more comments?|\d+ answers?|sorted by:?|highest score \(default\)"
    r"|trending \(recent votes count more\)|date (?:modified|created) \([^)]*\)"
    r"|(?:asked|modified|viewed)\s.*|\d[\d,.]*[km]?|your answer|community wiki)$",
    re.IGNORECASE)
# a question's tags, one per line just above its buttons: "python", "coding-style"
_TAG = re.compile(r"^[a-z0-9][a-z0-9.+#-]{0,34}$")


def rewrite(lines: list[str]) -> tuple[list[str], list[str]] | None:
    """The page as a new-Reddit copy ("Posted by NAME WHEN", "level N", "NAME · WHEN"
    over each comment) and the lines left out, or None when `lines` is no Stack
    Exchange page: that needs a post signed "asked" or "answered" and the page's
    "Improve this …" button."""
    stripped = _signatures_joined([ln.strip() for ln in lines])
    if not (any(_SIGNATURE.match(s) and not s.lower().startswith("edited") for s in stripped)
            and any(s.lower().startswith("improve this") for s in stripped)):
        return None
    out: list[str] = []
    body: list[str] = []
    dropped: list[str] = []
    title: str | None = None
    posts = 0  # posts signed so far: the first is the question
    last_commenter: str | None = None  # who wrote the comment just read, under this post
    i = 0
    while i < len(stripped):
        s = stripped[i]
        sig = _SIGNATURE.match(s)
        if sig:
            name, j = _name_after(stripped, i + 1)
            dropped += [x for x in stripped[i:j] if x and x != name]
            i = j
            if sig.group("kind").lower() == "edited":
                continue  # the editor's signature, beside the author's
            text = _without_tags(body) if posts == 0 else body
            dropped += [x.strip() for x in body[len(text):]]
            if posts == 0:
                out += [f"Posted by {name or '[deleted]'} {sig.group('when')}",
                        *([title] if title else []), *text]
            else:
                out += ["level 1", f"{name or '[deleted]'} · {sig.group('when')}", *text]
            posts, body, last_commenter = posts + 1, [], None
            continue
        comment = _COMMENT.match(s) if posts else None
        if comment and not body:
            level = 1 if posts == 1 else 2
            # "@pete_planner …" right under pete_planner's comment answers that comment
            if last_commenter and comment.group("text").lower().startswith(
                    f"@{last_commenter.lower()}"):
                level += 1
            out += [f"level {level}",
                    f"{comment.group('name')} · {comment.group('when')}", comment.group("text")]
            last_commenter = comment.group("name")
        elif title is None and posts == 0 and s:
            title = s
        elif s and _FURNITURE.match(s):
            dropped.append(s)
        elif s:
            body.append(stripped[i])
        i += 1
    return (out + body, dropped) if posts else None


def _signatures_joined(stripped: list[str]) -> list[str]:
    """A comment whose signature a copy breaks over three lines ("Why not split it? –",
    "dora_k", "Mar 12, 2023 at 10:01") as the one line the page shows."""
    out: list[str] = []
    i = 0
    while i < len(stripped):
        s = stripped[i]
        if (re.search(r"\s[–—-]$", s) and i + 2 < len(stripped)
                and re.fullmatch(r"[\w.-]{2,30}(?:\s[\w.-]{1,30}){0,2}", stripped[i + 1])
                and re.fullmatch(_WHEN, stripped[i + 2], re.IGNORECASE)):
            out.append(f"{s} {stripped[i + 1]} {stripped[i + 2]}")
            i += 3
            continue
        out.append(s)
        i += 1
    return out


def _name_after(stripped: list[str], i: int) -> tuple[str | None, int]:
    """The name on the line after a signature, and the index past its counts."""
    while i < len(stripped) and not stripped[i]:
        i += 1
    name = None
    if i < len(stripped) and not _COUNT.match(stripped[i]) and not _SIGNATURE.match(stripped[i]):
        name, i = stripped[i], i + 1
    while i < len(stripped) and (not stripped[i] or _COUNT.match(stripped[i])):
        i += 1
    return name, i


def _without_tags(body: list[str]) -> list[str]:
    """The question's words without the tags listed under them."""
    end = len(body)
    while end > 1 and _TAG.match(body[end - 1].strip()) and len(body) - end < 5:
        end -= 1
    return body[:end]
