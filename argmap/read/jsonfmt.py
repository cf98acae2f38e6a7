"""JSON and JSON Lines threads, including the shapes the big forums export.

- plain records: one object per comment with `id`, `parent_id` (or `parent`),
  `author`, `text` (or `body`), optional `created`; as a list, under a
  `comments` key (an outer title and body are the opening post), or one per line
  (JSON Lines); answers nested in a comment's `replies`, `children` or `comments`
  list hang under it; the field names of yt-dlp, Discourse, Mastodon, Telegram,
  Discord exports and the Hacker News item and search APIs are read too
  (`PARENT_KEYS`, `AUTHOR_KEYS`, ...), and the views APIs wrap a comment in (Bluesky,
  Lemmy, X, Stack Exchange, YouTube, Matrix: `unwrap`), pages of answers (`nodes`,
  `data`) and GraphQL wrappers; comments that name no parent at all are placed when
  they talk to each other (`argmap.read.flat`);
- Reddit: the `.json` of a thread page (`kind`/`data`/`children`/`replies`);
- Hacker News: an Algolia item tree (`children` nesting, HTML `text`);
- LessWrong / Alignment Forum: a GraphQL comments result (`_id`,
  `parentCommentId`, `user.displayName` or `author`, `contents.markdown` or
  `htmlBody`).

HTML bodies are turned into text with BeautifulSoup, never with regexes.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from argmap import escape
from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read.flat import looks_like_conversation, place_unlinked
from argmap.read.tree import Record, build_thread, html_to_text

__all__ = ["author_of", "first_field", "parse_json", "read_json", "read_jsonl", "records_from",
           "shape_of", "text_of", "unwrap",
           "TEXT_KEYS", "ID_KEYS", "PARENT_KEYS", "AUTHOR_KEYS", "TIME_KEYS"]


def parse_json(text: str, source: str) -> Any:
    """The JSON value of a file, or an ArgmapError naming the line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArgmapError(
            f"{source}: not valid JSON at line {exc.lineno} column {exc.colno} ({exc.msg}); "
            "fix the file or pass --format text"
        ) from exc


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


# The fields that hold a comment's words, plain first, then HTML ones.
TEXT_KEYS = ("full_text", "text", "body", "content", "markdown", "comment_plain",
             "comment_text", "message", "selftext", "story_text", "description", "comment",
             "textOriginal")
HTML_KEYS = ("htmlBody", "body_html", "html", "cooked", "textDisplay")


def text_of(obj: dict[str, Any]) -> str:
    """A comment's text from the first body field present; HTML is parsed. A list of
    pieces (Telegram's export: plain strings and `{"type": "link", "text": ...}`) is
    joined."""
    for k in TEXT_KEYS:
        v = obj.get(k)
        if isinstance(v, list) and v and all(isinstance(x, (str, dict)) for x in v):
            v = "".join(x if isinstance(x, str) else str(x.get("text") or "") for x in v)
        if isinstance(v, str):
            return html_to_text(v) if _looks_html(v) else v
    for k in HTML_KEYS:
        v = obj.get(k)
        if isinstance(v, str):
            return html_to_text(v)
    return ""


def _looks_html(s: str) -> bool:
    tags = ("<p>", "<p ", "<br", "<a ", "<i>", "<blockquote", "<pre")
    return any(tag in s.lower() for tag in tags)


# The field names common exports give a comment's parts, first found wins: plain
# records, scrapers (yt-dlp: `parent: "root"`), Hacker News's item API (`by`), Algolia
# search hits (`objectID`, `comment_text`), Discourse (`username`, `cooked`,
# `reply_to_post_number`), Mastodon (`account`, `in_reply_to_id`), Telegram (`from`,
# `reply_to_message_id`), Discord exports (`content`, `reference.messageId`).
ID_KEYS = ("id", "_id", "objectID", "uri", "ts", "short_id", "event_id")
PARENT_KEYS = ("parent_id", "parent", "parentCommentId", "in_reply_to_id", "inReplyTo",
               "reply_to_message_id", "in_reply_to", "in_reply_to_status_id_str",
               "in_reply_to_status_id", "thread_ts", "parentId", "parent_comment")
AUTHOR_KEYS = ("author", "username", "user_profile", "user", "by", "account", "from",
               "creator", "owner", "authorDisplayName", "commenting_user",
               "submitter_user", "sender", "author_name")
# An account's handle first where it has one beside a display name (X's `screen_name`,
# Bluesky's `handle`): replies "@" it, and it never changes within a thread.
NAME_KEYS = ("screen_name", "handle", "name", "username", "acct", "display_name", "displayName",
             "real_name", "login")
TIME_KEYS = ("created", "created_at", "created_utc", "createdAt", "postedAt", "time",
             "timestamp", "date", "published", "creation_date", "publishedAt",
             "created_time", "origin_server_ts")
# Where a comment's answers sit inside it, and where a file keeps its comments.
NESTED_KEYS = ("replies", "children", "comments")
LIST_KEYS = ("comments", "posts", "hits", "items", "replies", "children", "messages", "data",
             "response")
# A parent named this way is the opening post itself (yt-dlp writes "root").
ROOT_NAMES = ("root",)


def first_field(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The value of the first of `keys` that `obj` fills."""
    return next((obj[k] for k in keys if obj.get(k) not in (None, "")), None)


def author_of(obj: dict[str, Any]) -> str | None:
    """Who wrote a comment object: a name field, or the name inside an account object."""
    who = first_field(obj, AUTHOR_KEYS)
    if isinstance(who, dict):
        who = first_field(who, NAME_KEYS)
    if isinstance(who, int) and not isinstance(who, bool):  # an account number
        who = str(who)
    return who if isinstance(who, str) else None


def _comment_list(data: Any) -> list[Any] | None:
    """The comments of a JSON value: the value itself, or the list under one of the
    keys exports use (Discourse nests it in `post_stream`; a Mastodon context is its
    `ancestors` then its `descendants`)."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("ancestors"), list) or isinstance(data.get("descendants"), list):
        return [*(data.get("ancestors") or []), *(data.get("descendants") or [])]
    if isinstance(data.get("post_stream"), dict):
        return _comment_list(data["post_stream"])
    if isinstance(data.get("thread"), dict):  # Bluesky: one post view, its replies nested
        return [data["thread"]]
    return next((page for k in LIST_KEYS if (page := _page(data.get(k))) is not None), None)


# Where an API pages a list: Facebook's Graph API `{"data": [...]}`, YouTube's replies
# `{"comments": [...]}`, GraphQL connections `{"nodes": [...]}`.
PAGE_KEYS = ("data", "comments", "nodes")


def _page(value: Any) -> list[Any] | None:
    """A list, or the list a page object holds (an object with words of its own is a
    post around its comments, not a page: `_thread_object` steps into it)."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and not text_of(value):
        return next((value[k] for k in PAGE_KEYS if isinstance(value.get(k), list)), None)
    return None


def _thread_object(data: Any) -> Any:
    """The object holding the thread, inside the wrappers a GraphQL answer puts around
    it (`{"data": {"repository": {"discussion": {...}}}}`): each level with no comments
    and no words of its own, and one object inside, is stepped into."""
    for _ in range(8):
        if not isinstance(data, dict) or _comment_list(data) is not None or text_of(data):
            return data
        inner = [v for v in data.values() if isinstance(v, dict)]
        if len(inner) != 1:
            return data
        data = inner[0]
    return data


def unwrap(obj: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A comment object as the plain records are, from the views some APIs wrap it in.

    Bluesky's thread view holds a `post` whose `record` has the words and names the post
    it answers (`reply.parent.uri`); Lemmy's comment view holds a `comment` (its `path`
    of ids ends with the comment answered, then its own) beside its `creator`; an X
    (Twitter) v2 post names the post it replies to in `referenced_tweets` and its author
    by id; Stack Exchange's API gives a question, its answers (`question_id`) and their
    comments (`post_id`), each under its own id field; YouTube's Data API keeps a
    comment's words in its `snippet`, and a thread's first comment in the thread's
    `snippet.topLevelComment`; a Matrix event keeps them in its `content`, with the event
    it answers under `m.relates_to`. A parent given as a whole object (Bluesky's view of
    the post above) is no id.
    """
    out = obj
    inner = next((obj[k] for k in ("comment", "post", "snippet")
                  if isinstance(obj.get(k), dict)), None)
    if inner is not None and not text_of(obj):
        top = inner.get("topLevelComment")
        if isinstance(top, dict):
            inner = {**top, **(top.get("snippet") if isinstance(top.get("snippet"), dict) else {})}
        record = inner.get("record") if isinstance(inner.get("record"), dict) else {}
        out = {k: v for k, v in obj.items() if k in NESTED_KEYS or k in ("creator", "id")}
        out.update(inner)
        out.update(record)
        reply = record.get("reply")
        if isinstance(reply, dict) and isinstance(reply.get("parent"), dict):
            out["parent_id"] = reply["parent"].get("uri")
        path = str(inner.get("path") or "").split(".")
        if len(path) >= 2:  # Lemmy: "0.<parent>.<own>"; "0.<own>" answers the post
            out["parent_id"] = path[-2] if len(path) > 2 else "root"
    if "answer_id" in out or "comment_id" in out:  # Stack Exchange's API: an answer or comment
        out = {**out, "id": out.get("comment_id") or out.get("answer_id"),
               "parent_id": out.get("post_id") if "comment_id" in out else out.get("question_id")}
    elif "question_id" in out and "id" not in out:  # ... and its question, titled
        title = out.get("title") if isinstance(out.get("title"), str) else ""
        out = {**out, "id": out["question_id"], "text": f"{title}\n\n{text_of(out)}".strip()}
    content = out.get("content")
    if isinstance(content, dict) and not text_of(out):  # Matrix: an event's `content`
        rel = content.get("m.relates_to")
        to = rel.get("m.in_reply_to") if isinstance(rel, dict) else None
        out = {**out, **content, "id": out.get("event_id", out.get("id"))}
        if isinstance(to, dict) and to.get("event_id"):
            out["parent_id"] = to["event_id"]
    refs = out.get("referenced_tweets")
    if isinstance(refs, list):
        to = next((r.get("id") for r in refs
                   if isinstance(r, dict) and r.get("type") == "replied_to"), None)
        if to is not None:
            out = {**out, "parent_id": to}
    if "author_id" in out and not author_of(out):
        out = {**out, "author": names.get(str(out["author_id"]), str(out["author_id"]))}
    if any(isinstance(out.get(k), dict) for k in PARENT_KEYS):
        out = {k: v for k, v in out.items() if not (k in PARENT_KEYS and isinstance(v, dict))}
    return out


def _no_text_field(records: list[Record], items: list[Any], source: str,
                   post: Record | None) -> None:
    """Refuse, saying which fields there are, a file whose comments keep their words in
    a field the reader does not know ("every comment is empty" would be untrue)."""
    if any(r.text.strip() for r in records if r is not post):
        return
    first = next((o for o in items if isinstance(o, dict)), None)
    if first is None or any(k in first for k in TEXT_KEYS + HTML_KEYS):
        return
    fields = ", ".join(escape.term(str(k))[:30] for k in list(first)[:12])
    raise ArgmapError(f"{source}: no comment text found: the comments' fields are {fields}; "
                      f"argmap reads the words from one of {', '.join(TEXT_KEYS[:6])}, … "
                      "(rename that field)")


_FULLNAME = re.compile(r"^t([1-6])_(\w+)$")


def _reddit_fullnames(records: list[Record], post: Record | None) -> None:
    """Parents as Reddit names them in scraped tables and arrays (PRAW, Pushshift):
    `t1_<id>` is the comment `<id>`, `t3_<id>` the post, which such files often leave
    out (its replies are then the top-level comments)."""
    ids = {r.id for r in records}
    for r in records:
        m = _FULLNAME.match(r.parent or "") if r.parent not in ids else None
        if m and m.group(2) in ids:
            r.parent = m.group(2)
        elif m and m.group(1) == "3":
            r.parent = post.id if post else None


def user_names(data: Any) -> dict[str, str]:
    """Author id -> name, where a file lists its users apart (X's `includes.users`)."""
    users = data.get("includes", {}).get("users") if isinstance(data, dict) else None
    if not isinstance(users, list) or not isinstance(data.get("includes"), dict):
        return {}
    return {str(u["id"]): str(u.get("username") or u.get("name") or u["id"])
            for u in users if isinstance(u, dict) and u.get("id") is not None}


def records_from(items: list[Any], source: str, post: Record | None = None,
                 embedder: Any | None = None, fmt: str = "file",
                 notes: list[str] | None = None,
                 names: dict[str, str] | None = None) -> list[Record]:
    """Plain records, flat or nested: a comment's `replies` (or `children`, `comments`)
    are its answers, so nesting gives the parent where a record names none. Walked with
    a stack, in reading order, so a deep thread cannot exhaust Python's recursion.

    `post` is the opening post when the file's outer object is one (a title and a body
    around its comments): comments that name no parent, or "root", answer it.

    Where no comment names a parent at all (a GitHub issue's comments, a table of
    messages) and the comments read as a conversation, the first is the opening post
    and the others are placed by what they say (`flat.place_unlinked`; `embedder` lets
    that read their meaning too); a note in `notes` says so. `names` maps the author
    ids a file gives to names (X's `includes.users`).
    """
    records: list[Record] = [post] if post else []
    stack: list[tuple[Any, str | None, str]] = [
        (obj, None, str(n + 1)) for n, obj in reversed(list(enumerate(items)))]
    numbered: dict[str, str] = {}  # Discourse: post number -> id
    answers_number: list[tuple[Record, str]] = []  # records whose parent is a post number
    stated = False  # did any comment say what it answers (a field, nesting, a number)?
    while stack:
        obj, outer, where = stack.pop()
        if not isinstance(obj, dict):
            raise ArgmapError(f"{source}: comment {where} is not a JSON object; "
                              "expected objects with id, parent_id, author, text")
        obj = unwrap(obj, names or {})
        cid = _str(first_field(obj, ID_KEYS)) or f"r{len(records) + 1}"
        ref = obj.get("reference")  # a Discord export names the message answered here
        parent = (_str(first_field(obj, PARENT_KEYS))
                  or (_str(ref.get("messageId")) if isinstance(ref, dict) else None) or outer)
        stated = stated or parent is not None or "post_number" in obj
        if parent in ROOT_NAMES or parent == cid:  # a Slack thread's first message names itself
            parent = None
        record = Record(id=cid, text=text_of(obj), parent=parent, author=author_of(obj),
                        created=_str(first_field(obj, TIME_KEYS)))
        if "post_number" in obj:  # Discourse: posts answer post numbers, or the topic
            numbered[str(obj["post_number"])] = cid
            if parent is None and str(obj["post_number"]) != "1":
                answers_number.append((record, str(obj.get("reply_to_post_number") or 1)))
        if record.parent is None and post:
            record.parent = post.id
        records.append(record)
        for key in NESTED_KEYS:
            inner = _page(obj.get(key))  # a list, or a page of answers (`PAGE_KEYS`)
            if isinstance(inner, list):  # ids in it (an API's child ids) are no comments
                stack.extend((o, cid, f"{where}.{key}[{i + 1}]")
                             for i, o in reversed(list(enumerate(inner))) if isinstance(o, dict))
    for record, number in answers_number:
        record.parent = numbered.get(number, record.parent)
    _no_text_field(records, items, source, post)
    _reddit_fullnames(records, post)
    if not stated and looks_like_conversation(records):
        for r in records:
            r.parent = None
        placed = place_unlinked(records, source, embedder, fmt)
        if placed and notes is not None:
            notes.append(f"no comment names the one it answers: {placed} placed by their "
                         "quotes, names and wording (dashed arrows where unsure)")
    return records


def _opening_post(data: Any) -> Record | None:
    """The outer object as the opening post, when it has words of its own beside its
    comments (a video and its description, a post and its body)."""
    if not isinstance(data, dict):
        return None
    body = text_of(data)
    if not body.strip():
        return None
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    return Record(id=_str(first_field(data, ID_KEYS)) or "post",
                  text=f"{title}\n\n{body}".strip(), author=author_of(data) or
                  _str(data.get("uploader") if isinstance(data.get("uploader"), str) else None),
                  created=_str(first_field(data, TIME_KEYS)))


def _reddit(data: Any) -> tuple[list[Record], str, list[str]]:
    listings = data if isinstance(data, list) else [data]
    records: list[Record] = []
    title, more = "", 0

    def walk(children: list[Any]) -> None:
        nonlocal title, more
        for child in children:
            if not isinstance(child, dict):
                continue
            kind, d = child.get("kind"), child.get("data") or {}
            if kind == "more":
                # "count" is every hidden comment, replies included; "children" only
                # the ids of the first level
                count = d.get("count")
                more += (count if isinstance(count, int) and not isinstance(count, bool)
                         and count > 0 else len(d.get("children") or []) or 1)
                continue
            if kind == "t3":
                title = d.get("title") or ""
                body = d.get("selftext") or ""
                records.append(Record(id=d.get("name") or f"t3_{d.get('id')}",
                                      text=f"{title}\n\n{body}".strip(),
                                      author=_str(d.get("author")),
                                      created=_str(d.get("created_utc"))))
            elif kind == "t1":
                # Reddit escapes &, < and > in the Markdown body.
                text = html.unescape(d["body"]) if isinstance(d.get("body"), str) else None
                if text is None and d.get("body_html"):
                    text = html_to_text(d["body_html"])
                records.append(Record(id=d.get("name") or f"t1_{d.get('id')}", text=text or "",
                                      parent=_str(d.get("parent_id")), author=_str(d.get("author")),
                                      created=_str(d.get("created_utc"))))
                replies = d.get("replies")
                if isinstance(replies, dict):
                    walk((replies.get("data") or {}).get("children") or [])
            elif kind == "Listing":
                walk(d.get("children") or [])

    walk(listings)
    notes = [f"{more} comment(s) were collapsed behind 'load more' in the export and are missing"] \
        if more else []
    return records, title, notes


def _hn(item: dict[str, Any]) -> tuple[list[Record], str]:
    records: list[Record] = []
    stack: list[tuple[dict[str, Any], str | None]] = [(item, None)]
    while stack:
        node, parent = stack.pop()
        cid = str(node.get("id") or node.get("objectID") or f"hn{len(records) + 1}")
        text = html_to_text(node.get("text") or "") if node.get("text") else ""
        if node.get("title"):
            text = f"{node['title']}\n\n{text}".strip()
        records.append(Record(id=cid, text=text, parent=parent, author=_str(node.get("author")),
                              created=_str(node.get("created_at"))))
        stack.extend((c, cid) for c in reversed(node.get("children") or []) if isinstance(c, dict))
    return records, str(item.get("title") or "")


def _lesswrong_results(data: Any) -> list[dict[str, Any]] | None:
    """The list of comment objects in a LessWrong GraphQL answer, wherever it sits."""
    if isinstance(data, list) and data and all(isinstance(x, dict) and "_id" in x for x in data):
        return data
    if isinstance(data, dict):
        for v in data.values():
            found = _lesswrong_results(v)
            if found is not None:
                return found
    return None


def _lesswrong(results: list[dict[str, Any]]) -> list[Record]:
    records = []
    for obj in results:
        contents = obj.get("contents") or {}
        if contents.get("markdown"):
            text = contents["markdown"]
        elif contents.get("html") or obj.get("htmlBody"):
            text = html_to_text(contents.get("html") or obj.get("htmlBody"))
        else:
            text = ""
        user = obj.get("user") or {}
        author = user.get("displayName") or user.get("username") or obj.get("author")
        records.append(Record(id=str(obj["_id"]), text=text,
                              parent=_str(obj.get("parentCommentId")), author=_str(author),
                              created=_str(obj.get("postedAt"))))
    return records


def shape_of(data: Any) -> str:
    """Which export this JSON value is: reddit, hackernews, lesswrong or json."""
    first = data[0] if isinstance(data, list) and data else data
    if isinstance(first, dict) and first.get("kind") in ("Listing", "t1", "t3"):
        return "reddit"
    if isinstance(data, dict) and "children" in data and ("author" in data or "story_id" in data
                                                          or "objectID" in data):
        return "hackernews"
    if _lesswrong_results(data) is not None:
        return "lesswrong"
    return "json"


def _refuse_error_response(data: Any, source: str) -> None:
    """An API's error saved in place of its answer (`{"error": …}`, `{"errors": […]}`,
    as Reddit, X, GitHub and Graph APIs send them) is named as such, with its message."""
    if not isinstance(data, dict):
        return
    err = data.get("error", data.get("errors"))
    if not err:
        return
    if isinstance(err, list) and err:
        err = err[0]
    said = (text_of(err) if isinstance(err, dict) else "") or str(
        data.get("message") or data.get("error_description") or err)
    raise ArgmapError(f"{source}: an error response from an API, not a thread"
                      + (f" (\"{escape.term(said)[:120]}\")" if said else "")
                      + "; fetch the thread again")


def read_json(text: str, source: str, shape: str | None = None,
              embedder: Any | None = None) -> Thread:
    """Read a JSON thread of any supported shape."""
    data = parse_json(text, source)
    shape = shape or shape_of(data)
    notes: list[str] = []
    title = ""
    try:
        if shape == "reddit":
            records, title, notes = _reddit(data)
        elif shape == "hackernews":
            if not isinstance(data, dict):
                raise ArgmapError(
                    f"{source}: a Hacker News export is one item object with children"
                )
            records, title = _hn(data)
        elif shape == "lesswrong":
            results = _lesswrong_results(data)
            if results is None:
                raise ArgmapError(f"{source}: no LessWrong comment objects (with _id) found")
            records = _lesswrong(results)
        else:
            data = _thread_object(data)
            items = _comment_list(data)
            if items is None:
                _refuse_error_response(data, source)
                raise ArgmapError(f"{source}: expected a list of comments (or a 'comments' list)")
            records = records_from(items, source, _opening_post(data), embedder=embedder,
                                   fmt="JSON file", notes=notes, names=user_names(data))
            if isinstance(data, dict) and isinstance(data.get("title"), str):
                title = data["title"]
    except (AttributeError, TypeError, KeyError) as exc:
        raise ArgmapError(f"{source}: unexpected {shape} JSON structure ({exc}); "
                          "pass --format to choose another reader") from exc
    return build_thread(records, source=source, fmt=shape, title=title,
                        notes=notes)


def read_jsonl(text: str, source: str, embedder: Any | None = None) -> Thread:
    """Read JSON Lines: one comment object a line."""
    items = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ArgmapError(f"{source}: line {n} is not valid JSON ({exc.msg}); "
                              "JSON Lines needs one object a line") from exc
    notes: list[str] = []
    records = records_from(items, source, embedder=embedder, fmt="JSON Lines file", notes=notes)
    return build_thread(records, source=source, fmt="jsonl", notes=notes)
