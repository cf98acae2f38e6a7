"""Every input format, detected and read; broken files answered with one clear line."""

from __future__ import annotations

import codecs
import csv
import json
import re
import subprocess
import sys

import pytest

from argmap.errors import ArgmapError
from argmap.read import FORMATS, read_text, read_thread
from argmap.read.detect import detect_format
from tests.conftest import FIXTURES, ROOT
from tests.test_read_text import assert_well_formed

READ = FIXTURES / "read"


@pytest.mark.parametrize(
    "name, fmt",
    [("plain-openers.txt", "text"), ("markdown-rules.md", "markdown"),
     ("markdown-headings.md", "markdown"),
     ("records.json", "json"), ("records.jsonl", "jsonl"), ("reddit.json", "reddit"),
     ("hn.json", "hackernews"), ("lesswrong.json", "lesswrong"), ("kialo.txt", "kialo"),
     ("saved-page.html", "html"), ("saved-hn.html", "html")],
)
def test_format_is_detected_and_the_thread_is_well_formed(name, fmt):
    path = READ / name
    assert detect_format(path.read_text(encoding="utf-8"), str(path)) == fmt
    t = read_thread(path)
    assert t.format == fmt
    assert_well_formed(t)
    assert all(c.text.strip() for c in t.comments)


def test_a_saved_web_page_is_read_by_its_authors_nesting_and_quotes():
    """A page saved from the browser: markup, scripts and buttons are no comments or
    units; each author element opens a comment; a reply nested inside a comment
    answers it; a blockquote is a quote of what it repeats."""
    t = read_thread(READ / "saved-page.html")
    assert t.title == "Should our town close Main Street to cars? & more"
    assert [c.author for c in t.comments] == [None, "shop_owner_42", "cyclist-ann",
                                             "<b>night&bus</b>"]
    parent = {c.id: c.parent_id for c in t.comments}
    assert parent == {"c1": None, "c2": "c1", "c3": "c2", "c4": "c1"}
    assert t.comments[2].parent_evidence == "nested under it in the page"
    assert [q.text for q in t.comments[2].quotes] == ["would simply stop coming"]
    text = "\n".join(c.text for c in t.comments)
    for junk in ("<", "tracking", "Reply", "Share", "permalink", "hours ago", "Log in"):
        assert junk not in text.replace("<b>night", "")
    assert t.comments[0].text.startswith("Should our town close Main Street")
    # a page that never closes its author elements loses no text
    sloppy = ("<html><body><div class='comment'><span class='author'>ann<p>Cities should ban "
              "cars.<div class='comment'><span class=author>bo</span><p>I disagree with that.")
    t = read_text(sloppy, source="sloppy.html")
    assert [(c.author, c.text) for c in t.comments] == [
        ("ann", "Cities should ban cars."), ("bo", "I disagree with that.")]
    # list items left open do not make every later comment look nested in the one before
    flat = "<html><body><ul>" + "".join(
        f"<li><span class=author>{n}</span><p>Point {k} about cars in town." for k, n in
        enumerate(["ann", "bo", "cy", "di"])) + "</ul></body></html>"
    t = read_text(flat, source="flat-list.html")
    assert not any(c.parent_evidence == "nested under it in the page" for c in t.comments)


COPIED_PAGE = """Should towns close their high streets to cars on Saturdays?
mayor_pat
3 points · 5 hours ago
The council wants to close the high street to cars on Saturdays. Shops are split on it.
Reply
Share
grocer_dan
2 points · 2 hours ago
Most of my Saturday trade arrives by car, so a closure would cost me.
Reply
walker_li
1 point · 1 hour ago
Towns that tried it saw more people on foot, and people on foot stop at the grocer.
"""


# A social page: a name over the words, then the buttons and the age under them.
SOCIAL_PAGE = """Town Hall News
Should the town close the high street to cars? Tell us below.
Like
Share
Most relevant
Maria Lopez
Yes! The high street is unbearable with all the traffic.
Like
Reply
2h
Tom Becker
Absolutely not. My shop depends on customers who drive in.
Like
Reply
1h
Ana Silva
What about people who cannot walk far?
Like
Reply
30m
"""
# A newsletter's comments: a name over a date, the words, then the buttons.
NEWSLETTER_PAGE = """Why towns should close high streets to cars
Jane Park
Nov 28
Great essay, but you skip over the cost for people who live far out.
Like (12)
Reply
Share
Sam Ortiz
Nov 28
The essay does address that in the section on shuttles.
Like (3)
Reply
Share
Lee Wong
Nov 29
I agree completely. Our town did this and it worked.
Like
Reply
"""


@pytest.mark.parametrize(("page", "authors"), [
    (SOCIAL_PAGE, ["Town Hall News", "Maria Lopez", "Tom Becker", "Ana Silva"]),
    (NEWSLETTER_PAGE, [None, "Jane Park", "Sam Ortiz", "Lee Wong"]),
], ids=["social", "newsletter"])
def test_a_page_that_names_people_by_their_display_names(page, authors):
    """Neither page marks a name with "_" or a digit: a time after a name, or the page's
    buttons under each comment, say these lines are people. Before, "Reply" over "2h"
    was taken for a name, and every name, button and date was a comment."""
    t = read_text(page, source="page.txt")
    assert [c.author for c in t.comments] == authors
    text = "\n".join(c.text for c in t.comments)
    assert not any(w in text for w in ("Like", "Reply", "Share", "Nov 28", "2h"))
    assert t.comments[1].text.startswith(("Yes! The high street", "Great essay"))


def test_display_names_need_a_page_around_them():
    # three short capitalised lines in a plain paste are headings, not people
    text = ("Step One\nClose the street on Saturdays only.\nStep Two\nWatch what the shops "
            "say.\nStep Three\nDecide in the spring.\n")
    assert all(c.author is None for c in read_text(text, source="plan.txt").comments)


def test_a_copied_forum_page_loses_its_buttons_and_keeps_its_authors():
    """Copied from the browser, a page brings its buttons, counters and user names as
    lines: the buttons and counters go (and a note says so), each name opens a comment."""
    t = read_text(COPIED_PAGE, source="copied.txt")
    assert [c.author for c in t.comments] == [None, "mayor_pat", "grocer_dan", "walker_li"]
    assert t.comments[2].text.startswith("Most of my Saturday trade")
    text = "\n".join(c.text for c in t.comments)
    assert "Reply" not in text and "points" not in text and "ago" not in text
    assert any(n.startswith("left out 6 line(s) of page furniture") for n in t.notes)
    # said, not shown by the page: kept
    t = read_text("Ban cars from the centre.\nNext?\n42\nReply to this, please: why?\n",
                  source="said.txt")
    assert "Next?" in " ".join(c.text for c in t.comments) and not t.notes
    # one-word replies are not author names
    t = read_text("Ban cars.\nExactly\nNonsense\nAgreed\n", source="short.txt")
    assert all(c.author is None for c in t.comments)


HN_COPY = (READ / "hn-copy.txt").read_text(encoding="utf-8")


def test_a_copied_hacker_news_page_is_read_by_its_headers_and_their_links():
    """Copied from the browser, a Hacker News page loses its indentation but keeps each
    comment's header: the name opens the comment, and the links say how deep it sits
    ("parent" on a reply, "root" below the second level), which the parent choice keeps
    to; the story's byline names the post's author and opens nothing."""
    t = read_text(HN_COPY, source="hn-copy.txt")
    assert [c.author for c in t.comments] == [
        "mayor_pat", "grocer_dan", "walker_li", "grocer_dan", "bus_rider", "cyclist99",
        "mayor_pat"]
    assert t.comments[0].text.startswith("Ask HN: Should the city close Harbor Road")
    # the fourth answers c3 or c4 (both below the top level), never the post or c2
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2", "c3", "c3", "c1", "c6"]
    assert "top-level comment" in t.comments[5].parent_evidence
    assert any(n.endswith("the page's links (parent, root, prev) place 6 replies")
               for n in t.notes)
    assert t.comments[5].parent_confidence == 1.0  # the page says so: one candidate
    text = "\n".join(c.text for c in t.comments)
    for junk in ("hours ago", "| parent", "[–]", "points by", "reply"):
        assert junk not in text
    # a flagged comment's header keeps its place and its links
    flagged = HN_COPY.replace("bus_rider 4 hours ago |", "bus_rider 4 hours ago [flagged] [dead] |")
    assert [c.parent_id for c in read_text(flagged, source="f.txt").comments] == [
        None, "c1", "c2", "c3", "c3", "c1", "c6"]
    # without the links (a forum whose headers are a name and a time) the reading decides
    plain = re.sub(r" \|.*", "", re.sub(r"^87 points.*\n", "", HN_COPY, flags=re.M))
    t = read_text(plain, source="forum-copy.txt")
    assert [c.author for c in t.comments][1:] == ["grocer_dan", "walker_li", "grocer_dan",
                                                  "bus_rider", "cyclist99", "mayor_pat"]
    assert not any("header" in (c.parent_evidence or "") for c in t.comments)


def test_a_copied_new_reddit_page_drops_its_separators_and_keeps_the_posters_name():
    page = ("r/transit\nPosted by u/mayor_pat 6 hr. ago\n"
            "Should the city close Harbor Road to cars?\n87\nShare\n"
            "grocer_dan\n·\n5 hr. ago\nMost of my trade drives in from the hills.\nReply\n"
            "walker_li\n·\n5 hr. ago\nFootfall on Mill Street rose after it closed.\nReply\n"
            "grocer_dan\n·\n4 hr. ago\nMill Street has a car park at each end.\nReply\n")
    t = read_text(page, source="reddit-copy.txt")
    assert [c.author for c in t.comments] == ["mayor_pat", "grocer_dan", "walker_li",
                                             "grocer_dan"]
    text = "\n".join(c.text for c in t.comments)
    assert "·" not in text and "Posted by" not in text and "hr. ago" not in text
    assert "r/transit" not in text
    # a reply that names a community said it: kept
    t = read_text(page.replace("Mill Street has a car park at each end.", "r/transit"),
                  source="reddit-copy.txt")
    assert t.comments[-1].text == "r/transit"


def test_a_copy_of_todays_reddit_names_the_poster_and_drops_tags_and_menus():
    """Today's Reddit puts the community and the post's age above its author
    ("r/transit", "•", "3 hr. ago", "mayor_pat"), a tag between a name and its time
    ("OP", "Top 1% Commenter"), an edit's time ("Edited 1h ago"), and a sort menu over the
    comments ("Sort by:" over "Best")."""
    page = ("r/transit\n•\n3 hr. ago\nmayor_pat\nShould the city close Harbor Road to cars?\n"
            "Through traffic passes the school.\nUpvote\n87\nDownvote\n31\nGo to comments\n"
            "Share\nSort by:\nBest\nSearch Comments\n"
            "grocer_dan\n•\n2h ago\n•\nEdited 1h ago\n"
            "Most of my trade drives in from the hills.\n"
            "Upvote\n12\nDownvote\nReply\nAward\nShare\n"
            "mayor_pat\nOP\n•\n2h ago\nThe hill villages get an express bus.\n"
            "Upvote\n5\nDownvote\nReply\nAward\nShare\n"
            "walker_li\nTop 1% Commenter\n•\n1h ago\n"
            "Footfall on Mill Street rose after it closed.\n"
            "Upvote\n3\nDownvote\nReply\nAward\nShare\n")
    t = read_text(page, source="reddit-copy.txt")
    assert [c.author for c in t.comments] == ["mayor_pat", "grocer_dan", "mayor_pat",
                                             "walker_li"]
    assert t.comments[0].text.startswith("Should the city close Harbor Road")
    text = "\n".join(c.text for c in t.comments)
    for junk in ("r/transit", "Best", "OP", "Sort by", "Search Comments", "Go to comments",
                 "Upvote", "•", "Edited", "Top 1%"):
        assert junk not in text
    # the poster answering the one who answered them: the author rule places it
    assert t.comments[2].parent_id == "c2"


def test_a_page_that_states_depths_is_read_by_them():
    """A Hacker-News-like page is a flat table whose rows state their indent
    (indent="1"): the stated depth, not the markup's nesting, says who answers whom;
    the post's author, above the comment tree, states none."""
    t = read_thread(READ / "saved-hn.html")
    assert [c.author for c in t.comments] == [None, "mayor_pat", "grocer_dan", "walker_li",
                                             "bus_rider"]
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2", "c3", "c2"]
    text = "\n".join(c.text for c in t.comments)
    for junk in ("points", "hours ago", "next", "reply", "[–]", "hide"):
        assert junk not in text


def test_a_page_without_authors_reads_as_a_paste_and_a_map_page_is_refused(tmp_path):
    page = ("<html><body><p>Cities should ban cars from their centres.</p>"
            "<p>I disagree, deliveries still need vans &amp; lorries.</p>"
            "<p>Exactly, and night buses too.</p></body></html>")
    t = read_text(page, source="flat.html")
    assert t.format == "html" and len(t.comments) >= 2
    assert "vans & lorries" in " ".join(c.text for c in t.comments)
    assert not any("<" in c.text for c in t.comments)
    # argmap's own map pages are output: refused by name, skipped in a folder
    built = tmp_path / "built.html"
    built.write_text('<!DOCTYPE html><html><head><meta name="generator" content="argmap">'
                     "<title>x</title></head><body><p>A map.</p></body></html>")
    with pytest.raises(ArgmapError, match="map page argmap wrote"):
        read_thread(built)
    (tmp_path / "thread.txt").write_text("Ban cars.\nI disagree.\n")
    # a folder built into itself holds its maps: a page from before the generator tag
    # (known by its title) and the map JSON are not read back as threads
    (tmp_path / "old.html").write_text("<!DOCTYPE html><html><head><title>thread — argmap"
                                       "</title></head><body><p>x</p></body></html>")
    (tmp_path / "thread.json").write_text('{\n "schema_version": 1,\n "title": "thread"}')
    (tmp_path / "records.json").write_text('[{"id": 1, "text": "Ban cars."}]')
    (tmp_path / "table.csv").write_text("id,text\n1,Ban cars.\n")
    from argmap.read import thread_files

    assert [f.name for f in thread_files([tmp_path])] == ["records.json", "table.csv",
                                                          "thread.txt"]


def test_detection_reads_content_not_just_the_name(tmp_path):
    src = (READ / "reddit.json").read_text(encoding="utf-8")
    disguised = tmp_path / "thread.txt"
    disguised.write_text(src, encoding="utf-8")
    assert read_thread(disguised).format == "reddit"
    assert read_thread(disguised, fmt="text").format == "text"  # --format overrides


def test_markdown_authors_quotes_and_reply_hints():
    t = read_thread(READ / "markdown-rules.md")
    assert t.title == "Should libraries lend tools?"
    assert [c.author for c in t.comments] == ["maria", "tom", "maria", "lee"]
    tom = t.comments[1]
    assert tom.quotes[0].text == "Most people need a drill twice a year"
    assert tom.quotes[0].source_comment_id == "c1" and tom.parent_id == "c1"
    assert not tom.text.startswith(">")
    assert t.comments[2].parent_id == "c2" and "replies to tom" in t.comments[2].parent_evidence
    h = read_thread(READ / "markdown-headings.md")
    assert [c.author for c in h.comments] == ["ana", "ben", "cho"]
    assert h.comments[1].quotes and h.comments[1].parent_id == "c1"


def test_json_records_keep_ids_authors_times_and_strip_html():
    t = read_thread(READ / "records.json")
    assert [(c.id, c.parent_id, c.author) for c in t.comments] == [
        ("1", None, "ada"), ("2", "1", "bo"), ("3", "2", "ada"), ("4", "1", "cy")]
    assert t.comments[2].text == "Permits solve that.\n\nMost historic centres already issue them."
    assert t.comments[0].created == "2024-01-01T10:00:00Z"
    jl = read_thread(READ / "records.jsonl")
    assert jl.comments[1].quotes[0].source_comment_id == "a"
    assert jl.comments[1].text.startswith("Reading at home")


def test_answers_nested_inside_a_comment_hang_under_it():
    # scrapers often export a tree: a comment's answers inside it, no parent ids.
    # These replies were silently dropped before.
    doc = {"title": "Car ban", "comments": [
        {"id": "a", "author": "ann", "text": "Ban cars from the centre.", "replies": [
            {"id": "b", "author": "bob", "body": "Shops would lose customers.", "children": [
                {"author": "ann", "text": "Shops did fine in Oslo."}]},
            {"id": "c", "text": "Buses need the space.", "parent_id": "a"}]},
        {"id": "d", "text": "Also: noise.", "comments": [{"id": "e", "text": "Quieter, yes."}]},
    ]}
    t = read_text(json.dumps(doc), source="tree.json")
    assert t.title == "Car ban"
    assert [(c.id, c.parent_id) for c in t.comments] == [
        ("a", None), ("b", "a"), ("r3", "b"), ("c", "a"), ("d", None), ("e", "d")]
    assert t.comments[2].author == "ann" and t.comments[2].text == "Shops did fine in Oslo."
    # a comment's own parent id wins over where it sits; a bad nested item is named
    moved = [{"id": "a", "text": "Root."}, {"id": "b", "text": "Two.", "replies": [
        {"id": "c", "parent_id": "a", "text": "To the root."}]}]
    got = {c.id: c.parent_id for c in read_text(json.dumps(moved), source="t.json").comments}
    assert got == {"a": None, "b": None, "c": "a"}
    # ids beside the answers (an API's child ids) are no comments; the answers stay
    mixed = [{"id": "a", "text": "x", "children": [7, {"id": "b", "text": "y"}, 8]}]
    assert [(c.id, c.parent_id) for c in read_text(json.dumps(mixed), source="t.json").comments] \
        == [("a", None), ("b", "a")]
    deep = {"id": "0", "text": "Root."}
    node = deep
    for i in range(1, 300):  # as deep as Python's JSON parser goes (two levels a reply)
        node["replies"] = [{"id": str(i), "text": f"Reply {i}."}]
        node = node["replies"][0]
    t = read_text(json.dumps([deep]), source="deep.json")
    assert len(t.comments) == 300 and t.comments[-1].parent_id == "298"


# Other exports people have (shapes as their tools write them; texts our own).
OTHER_EXPORTS = {
    "yt-dlp": {"id": "v1", "title": "Should cities ban cars?", "uploader": "StreetsTV",
               "description": "Cities should ban private cars from their centres.",
               "comments": [
                   {"id": "c1", "parent": "root", "author": "@ann", "text": "You forget vans."},
                   {"id": "c1.r", "parent": "c1", "author": "@bob", "text": "Vans get permits."},
                   {"id": "c2", "parent": "root", "author": "@cy", "text": "My city did it."}]},
    "discourse": {"title": "Tabs or spaces?", "post_stream": {"posts": [
        {"id": 501, "post_number": 1, "username": "ann", "cooked": "<p>Tabs <b>help</b>.</p>",
         "reply_to_post_number": None},
        {"id": 502, "post_number": 2, "username": "bob", "cooked": "<p>Spaces look the same.</p>",
         "reply_to_post_number": 1},
        {"id": 503, "post_number": 3, "username": "cy", "cooked": "<p>Not in my editor.</p>",
         "reply_to_post_number": 2},
        {"id": 504, "post_number": 4, "username": "dee", "cooked": "<p>Use both.</p>",
         "reply_to_post_number": None}]}},
    "mastodon": {"ancestors": [{"id": "1", "content": "<p>Cities should ban cars.</p>",
                                "in_reply_to_id": None, "account": {"acct": "ann@x.social"}}],
                 "descendants": [{"id": "2", "content": "<p>Shops would suffer.</p>",
                                  "in_reply_to_id": "1", "account": {"acct": "bob"}}]},
    "hn-items": [{"id": 9, "by": "pg1", "type": "story", "title": "Remote work", "text": "Discuss.",
                  "kids": [10]},
                 {"id": 10, "by": "tz", "parent": 9, "text": "It works for us.", "time": 17e8}],
    "algolia-hits": {"hits": [
        {"objectID": "11", "comment_text": "Remote work <i>killed</i> our culture.",
         "author": "pg1", "parent_id": 10},
        {"objectID": "12", "comment_text": "Bad managers did.", "author": "tz", "parent_id": 11}]},
    "telegram": {"name": "Street group", "type": "private_group", "messages": [
        {"id": 1, "type": "message", "from": "Ann", "text": "Close the high street to cars."},
        {"id": 2, "type": "message", "from": "Bob", "reply_to_message_id": 1,
         "text": ["No: ", {"type": "bold", "text": "shops"}, " need the traffic."]}]},
    "discord": {"guild": {"name": "Town"}, "channel": {"name": "debate"}, "messages": [
        {"id": "71", "content": "Close the high street to cars.", "author": {"name": "ann"}},
        {"id": "72", "content": "Shops need the traffic.", "author": {"name": "bob"},
         "reference": {"messageId": "71"}}]},
    "bluesky": {"thread": {
        "$type": "app.bsky.feed.defs#threadViewPost",
        "post": {"uri": "at://a/p/1", "author": {"handle": "ann.bsky.social"},
                 "record": {"text": "Close the high street to cars.",
                            "createdAt": "2026-11-01T10:00:00Z"}},
        "replies": [
            {"post": {"uri": "at://b/p/2", "author": {"handle": "bob.bsky.social",
                                                       "displayName": "Bob"},
                      "record": {"text": "Shops need the traffic.",
                                 "reply": {"parent": {"uri": "at://a/p/1"}}}},
             "parent": {"post": {"uri": "at://a/p/1"}},  # a view of the post above: no id
             "replies": [{"post": {"uri": "at://a/p/3", "author": {"handle": "ann.bsky.social"},
                                   "record": {"text": "Footfall rose in Ghent."}}}]}]}},
    "x-v2": {"data": [
        {"id": "1", "text": "Close the high street to cars.", "author_id": "10"},
        {"id": "2", "text": "@ann Shops need the traffic.", "author_id": "11",
         "referenced_tweets": [{"type": "replied_to", "id": "1"}]},
        {"id": "3", "text": "@bob Footfall rose in Ghent.", "author_id": "10",
         "referenced_tweets": [{"type": "quoted", "id": "9"}, {"type": "replied_to", "id": "2"}]}],
        "includes": {"users": [{"id": "10", "username": "ann"}, {"id": "11", "username": "bob"}]}},
    "lemmy": {"comments": [
        {"comment": {"id": 101, "content": "Close the high street to cars.", "path": "0.101"},
         "creator": {"name": "ann"}, "post": {"id": 9, "name": "High street"}},
        {"comment": {"id": 102, "content": "Shops need the traffic.", "path": "0.101.102"},
         "creator": {"name": "bob"}},
        {"comment": {"id": 103, "content": "Footfall rose in Ghent.", "path": "0.101.102.103"},
         "creator": {"name": "ann"}}]},
    "x-v1.1": [  # the research datasets' tweets: `full_text`, `in_reply_to_status_id_str`
        {"id": 1001, "id_str": "1001", "full_text": "Close the high street to cars.",
         "user": {"screen_name": "ann", "name": "Ann Lee"}, "in_reply_to_status_id_str": None},
        {"id": 1002, "id_str": "1002", "full_text": "@ann Shops need the traffic.",
         "user": {"screen_name": "bob", "name": "Bob"}, "in_reply_to_status_id_str": "1001",
         "in_reply_to_status_id": 1001}],
    "slack": [  # a channel export: a thread's replies name its first message's `ts`
        {"type": "message", "user": "U1", "user_profile": {"display_name": "ann"},
         "text": "Close the high street to cars.", "ts": "17.1", "thread_ts": "17.1"},
        {"type": "message", "user": "U2", "user_profile": {"display_name": "", "real_name": "Bob"},
         "text": "Shops need the traffic.", "ts": "17.2", "thread_ts": "17.1"},
        {"type": "message", "user": "U3", "user_profile": {"display_name": "cy"},
         "text": "Unrelated: the build is red.", "ts": "17.3"}],
    "stackexchange-api": {"items": [
        {"question_id": 4, "title": "High street?", "body": "<p>Close it to cars?</p>",
         "owner": {"display_name": "zed"}},
        {"answer_id": 5, "question_id": 4, "body": "<p>Yes, close it.</p>",
         "owner": {"display_name": "ann"}},
        {"answer_id": 6, "question_id": 4, "body": "<p>No: shops need it.</p>",
         "owner": {"display_name": "bob"}},
        {"comment_id": 7, "post_id": 6, "body": "Footfall rose in Ghent.",
         "owner": {"display_name": "ann"}}]},
    "youtube-api": {"kind": "youtube#commentThreadListResponse", "items": [
        {"id": "T1", "snippet": {"topLevelComment": {"id": "C1", "snippet": {
            "textOriginal": "Close the high street to cars.", "authorDisplayName": "@ann"}}},
         "replies": {"comments": [{"id": "C1.R1", "snippet": {
             "textDisplay": "Shops <b>need</b> the traffic.", "authorDisplayName": "@bob",
             "parentId": "C1"}}]}},
        {"id": "T2", "snippet": {"topLevelComment": {"id": "C2", "snippet": {
            "textOriginal": "Buses run faster.", "authorDisplayName": "@cy"}}}}]},
    "facebook-graph": {"data": [
        {"id": "1_1", "message": "Close the high street to cars.", "from": {"name": "Ann"},
         "comments": {"data": [{"id": "1_2", "message": "Shops need the traffic.",
                                "from": {"name": "Bob"}}], "paging": {}}},
        {"id": "1_3", "message": "Buses run faster.", "from": {"name": "Cy"}}]},
    "disqus-api": {"code": 0, "response": [
        {"id": "501", "parent": None, "message": "<p>Close the high street to cars.</p>",
         "author": {"name": "Ann", "username": "ann"}},
        {"id": "502", "parent": 501, "message": "<p>Shops need the traffic.</p>",
         "author": {"name": "Bob", "username": "bob"}}]},
    "lobsters": {"short_id": "s1", "title": "High street", "description": "<p>Close it?</p>",
                 "submitter_user": "zed", "comments": [
                     {"short_id": "c1", "comment": "<p>Yes, <i>close</i> it.</p>",
                      "comment_plain": "Yes, close it.", "commenting_user": "ann",
                      "parent_comment": None},
                     {"short_id": "c2", "comment": "<p>No.</p>", "comment_plain": "No.",
                      "commenting_user": "bob", "parent_comment": "c1"}]},
    "github-graphql": {"data": {"repository": {"discussion": {
        "id": "D1", "title": "High street", "body": "Close it to cars?",
        "author": {"login": "zed"}, "comments": {"nodes": [
            {"id": "DC1", "body": "Yes, close it.", "author": {"login": "ann"},
             "replies": {"nodes": [{"id": "DC2", "body": "Shops need the traffic.",
                                    "author": {"login": "bob"}}]}}]}}}}},
    "matrix": {"room_name": "Town", "messages": [
        {"type": "m.room.message", "event_id": "$a", "sender": "@ann:matrix.org",
         "origin_server_ts": 1700000000000, "content": {"msgtype": "m.text",
                                                       "body": "Close the high street."}},
        {"type": "m.room.message", "event_id": "$b", "sender": "@bob:matrix.org",
         "origin_server_ts": 1700000100000, "content": {
             "msgtype": "m.text", "body": "Shops need the traffic.",
             "m.relates_to": {"m.in_reply_to": {"event_id": "$a"}}}}]},
}
OTHER_TREES = {
    "matrix": [("$a", None, "@ann:matrix.org"), ("$b", "$a", "@bob:matrix.org")],
    "disqus-api": [("501", None, "Ann"), ("502", "501", "Bob")],
    "lobsters": [("s1", None, "zed"), ("c1", "s1", "ann"), ("c2", "c1", "bob")],
    "github-graphql": [("D1", None, "zed"), ("DC1", "D1", "ann"), ("DC2", "DC1", "bob")],
    "youtube-api": [("C1", None, "@ann"), ("C1.R1", "C1", "@bob"), ("C2", None, "@cy")],
    "facebook-graph": [("1_1", None, "Ann"), ("1_2", "1_1", "Bob"), ("1_3", None, "Cy")],
    "x-v1.1": [("1001", None, "ann"), ("1002", "1001", "bob")],
    "slack": [("17.1", None, "ann"), ("17.2", "17.1", "Bob"), ("17.3", None, "cy")],
    "stackexchange-api": [("4", None, "zed"), ("5", "4", "ann"), ("6", "4", "bob"),
                          ("7", "6", "ann")],
    "bluesky": [("at://a/p/1", None, "ann.bsky.social"),
                ("at://b/p/2", "at://a/p/1", "bob.bsky.social"),
                ("at://a/p/3", "at://b/p/2", "ann.bsky.social")],
    "x-v2": [("1", None, "ann"), ("2", "1", "bob"), ("3", "2", "ann")],
    "lemmy": [("101", None, "ann"), ("102", "101", "bob"), ("103", "102", "ann")],
    "yt-dlp": [("v1", None, "StreetsTV"), ("c1", "v1", "@ann"), ("c1.r", "c1", "@bob"),
               ("c2", "v1", "@cy")],
    "discourse": [("501", None, "ann"), ("502", "501", "bob"), ("503", "502", "cy"),
                  ("504", "501", "dee")],
    "mastodon": [("1", None, "ann@x.social"), ("2", "1", "bob")],
    "hn-items": [("9", None, "pg1"), ("10", "9", "tz")],
    "algolia-hits": [("11", None, "pg1"), ("12", "11", "tz")],
    "telegram": [("1", None, "Ann"), ("2", "1", "Bob")],
    "discord": [("71", None, "ann"), ("72", "71", "bob")],
}


@pytest.mark.parametrize("name", sorted(OTHER_EXPORTS))
def test_other_common_exports_keep_every_comment_its_parent_and_author(name):
    t = read_text(json.dumps(OTHER_EXPORTS[name]), source=f"{name}.json")
    assert [(c.id, c.parent_id, c.author) for c in t.comments] == OTHER_TREES[name]
    assert all(c.text.strip() and "<" not in c.text for c in t.comments)
    if name == "telegram":  # formatted text comes in pieces
        assert t.comments[1].text == "No: shops need the traffic."
    if name == "stackexchange-api":  # the question's title is the opening post's
        assert t.comments[0].text == "High street?\n\nClose it to cars?"
    if name == "yt-dlp":  # the video is the opening post, its description the body
        assert t.title == "Should cities ban cars?"
        assert t.comments[0].text.endswith("ban private cars from their centres.")


def test_comments_that_name_no_parent_are_placed_when_they_answer_each_other(tmp_path):
    # A GitHub issue's comments as its API lists them: who said what, in order, no parents.
    issue = [
        {"id": 11, "user": {"login": "ann"}, "created_at": "2026-11-01T10:00:00Z",
         "body": "We should drop Python 3.9 in the next release; it blocks the new syntax."},
        {"id": 12, "user": {"login": "bob"}, "created_at": "2026-11-01T10:05:00Z",
         "body": "I disagree: half our users are still on 3.9, says last year's survey."},
        {"id": 13, "user": {"login": "ann"}, "created_at": "2026-11-01T10:09:00Z",
         "body": "> half our users are still on 3.9\n\nThe download stats say 12 % now."},
        {"id": 14, "user": {"login": "cy"}, "created_at": "2026-11-01T10:19:00Z",
         "body": "@bob that survey predates 3.9's end of life."},
    ]
    t = read_text(json.dumps(issue), source="issue.json")
    got = {c.id: c.parent_id for c in t.comments}
    assert got == {"11": None, "12": "11", "13": "12", "14": "12"}
    by = {c.id: c for c in t.comments}
    assert "quotes 12 (bob)" in by["13"].parent_evidence
    assert "replies to bob" in by["14"].parent_evidence
    assert all(0 < c.parent_confidence <= 1 for c in t.comments if c.parent_id)
    assert any("no comment names the one it answers" in n for n in t.notes)
    # Listed newest first, as some APIs do: placed in the order they were written.
    newest_first = read_text(json.dumps(issue[::-1]), source="issue.json")
    assert {c.id: c.parent_id for c in newest_first.comments} == got
    # The same comments as a table: the same placement.
    rows = ["id,author,text"] + [
        f'{c["id"]},{c["user"]["login"]},"{c["body"]}"' for c in issue]
    table = tmp_path / "issue.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert {c.id: c.parent_id for c in read_thread(table).comments} == got


def test_a_post_wrapped_in_a_data_object_keeps_its_words_and_comments():
    doc = {"data": {"id": "p1", "title": "High street", "body": "Close it to cars?",
                    "author": "zed", "comments": [
                        {"id": "c1", "text": "Yes.", "author": "ann"},
                        {"id": "c2", "parent_id": "c1", "text": "No.", "author": "bob"}]}}
    t = read_text(json.dumps(doc), source="d.json")
    assert t.title == "High street"
    assert [(c.id, c.parent_id, c.author) for c in t.comments] == [
        ("p1", None, "zed"), ("c1", "p1", "ann"), ("c2", "c1", "bob")]


def test_a_list_of_standalone_comments_stays_unlinked():
    # Survey answers, or arguments collected one by one: nobody answers anybody, and a
    # chain of replies would invent rebuttals.
    answers = [{"id": str(k), "author": f"r{k}", "text": t} for k, t in enumerate(
        ["Make buses free for everyone under 25.", "We need bike lanes on the main roads.",
         "Parking in the centre costs far too much."])]
    t = read_text(json.dumps(answers), source="survey.json")
    assert [c.parent_id for c in t.comments] == [None, None, None] and not t.notes


def test_whether_comments_without_parents_talk_to_each_other():
    from argmap.read.flat import looks_like_conversation
    from argmap.read.tree import Record

    def recs(texts, authors=None):
        return [Record(id=str(k), text=t, author=(authors or [None] * len(texts))[k])
                for k, t in enumerate(texts)]

    statements = [f"Point {k}: the {w} should change." for k, w in enumerate(
        ["bus timetable", "parking price", "bike lane", "school route", "market day",
         "river path", "night tram", "bridge toll", "park lighting", "tax rate"])]
    assert not looks_like_conversation(recs(statements))
    # one answer in ten that says "you" is a survey's, not a conversation
    one = statements[:9] + ["If you ride a bike, the lanes are too narrow."]
    assert not looks_like_conversation(recs(one))
    # three in ten that talk to someone, or open as replies do, are one
    talk = statements[:7] + ["You are wrong about the toll.", "Agreed, the tram matters.",
                             "Yes, but who pays?"]
    assert looks_like_conversation(recs(talk))
    # someone speaking again after another, even saying nothing of the kind
    assert looks_like_conversation(recs(statements[:3], ["ann", "bob", "ann"]))
    assert not looks_like_conversation(recs(statements[:3], ["ann", "ann", "bob"]))


def test_replies_that_open_with_at_names_of_no_known_author_answer_the_post():
    # An X conversation listed in time order, no authors: most replies answer the post,
    # so a reply's "@name" must still count as the thread's style after it is read off.
    # Each reply takes up the words of the one before, which in a forum would keep it
    # on the conversation.
    posts = [{"id": "1", "text": "The council will close the river bridge for two years."}] + [
        {"id": str(k), "text": f"@user{k} {t}"} for k, t in enumerate(
            ["I think two years without the bridge will wreck the shops by the river.",
             "You are right that the shops by the river will not survive two years of detours.",
             "I bet detours for two years mean the buses will be late every day.",
             "Late buses every day for two years, and nobody asked you or me.",
             "Nobody asked me about the bridge, as usual."], 2)]
    t = read_text(json.dumps(posts), source="x.json")
    assert [c.parent_id for c in t.comments[1:]] == ["1"] * 5


def test_reddit_listing_tree_with_escaped_quote_deleted_and_collapsed_comments():
    t = read_thread(READ / "reddit.json")
    assert t.title.startswith("CMV: Tipping")
    assert [c.id for c in t.comments] == ["t3_p1", "t1_c1", "t1_c2"]
    assert t.comments[1].quotes[0].text == "Tips make pay unpredictable"
    notes = " ".join(t.notes)
    assert "2 comment(s) were collapsed" in notes and "1 comment(s) have no text" in notes


def test_reddit_load_more_counts_every_hidden_comment_not_only_the_first_level():
    post = {"kind": "t3", "data": {"id": "p1", "title": "Ban cars?", "selftext": "Yes."}}
    reply = {"kind": "t1", "data": {"id": "c1", "parent_id": "t3_p1", "body": "No.",
                                    "replies": ""}}
    more = [{"kind": "more", "data": {"count": 12, "children": ["a", "b"]}},
            {"kind": "more", "data": {"children": ["c"]}}]  # no count: its ids
    listing = [{"kind": "Listing", "data": {"children": [post]}},
               {"kind": "Listing", "data": {"children": [reply, *more]}}]
    t = read_text(json.dumps(listing), source="r.json")
    assert any(n.startswith("13 comment(s) were collapsed") for n in t.notes), t.notes


def test_hacker_news_tree_html_and_italic_quote():
    t = read_thread(READ / "hn.json")
    assert [(c.id, c.parent_id) for c in t.comments] == [
        ("100", None), ("101", "100"), ("103", "101"), ("102", "100")]
    reply = t.comments[2]
    assert reply.text == "Not at my company & not at my last two either."
    assert reply.quotes[0].source_comment_id == "101"


def test_lesswrong_graphql_result_with_markdown_and_html_bodies():
    t = read_thread(READ / "lesswrong.json")
    assert [c.author for c in t.comments] == ["Quinn", "Rae", "Sol"]
    assert t.comments[1].text == "Calibration is a kind of insight — about yourself."
    assert t.comments[1].quotes[0].source_comment_id == "aaa"


def test_kialo_pro_con_become_full_confidence_stances_and_links_become_quotes():
    t = read_thread(READ / "kialo.txt")
    assert t.title == "Should voting be compulsory?"
    by_id = {c.id: c for c in t.comments}
    assert by_id["1"].parent_id is None and by_id["1"].stance is None
    assert (by_id["1.1"].stance, by_id["1.1"].stance_confidence) == ("support", 1.0)
    assert (by_id["1.2"].stance, by_id["1.2"].parent_id) == ("attack", "1")
    assert by_id["1.1.1"].text.endswith("adds noise, not information.")
    link = by_id["1.2.1"]
    assert link.text == by_id["1.1.1"].text
    assert link.quotes[0].source_comment_id == "1.1.1" and link.stance == "support"


def test_a_numbered_outline_without_sides_answers_its_question():
    # written out by hand or exported from notes: the numbers say what each point
    # answers, the first line is the question, and the stances are left to the model
    t = read_thread(READ / "numbered-outline.txt")
    assert detect_format((READ / "numbered-outline.txt").read_text(), "x.txt") == "kialo"
    parent = {c.id: c.parent_id for c in t.comments}
    assert parent == {"0": None, "1": "0", "1.1": "1", "1.1.1": "1.1", "1.2": "1",
                      "2": "0", "2.1": "2", "2.2": "2"}
    by_id = {c.id: c for c in t.comments}
    assert by_id["0"].text.startswith("Should cities ban")
    assert by_id["2"].parent_evidence == "numbered under the question"
    assert all(c.stance is None for c in t.comments)
    assert by_id["2.2"].quotes[0].source_comment_id == "1.2"
    assert "a numbered outline: its numbers say what each point answers" in t.notes


@pytest.mark.parametrize("text", [
    # a comment that numbers its points nests none
    "I think the ban is wrong.\n1. Shops lose trade.\n2. Buses are full.\n3. Vans need"
    " access.\nThat is my view.\n",
    # figures at the start of lines are no outline: no "3" above "3.5"
    "Budget talk\n3.5 million people ride the bus.\n2.1 billion was spent.\n1.2 new lines"
    " open.\nThat is a lot.\n",
])
def test_numbered_lines_that_are_no_outline_stay_text(text):
    assert detect_format(text, "x.txt") == "text"


# --- broken structure --------------------------------------------------------


def records(*rows):
    return json.dumps([dict(zip(("id", "parent_id", "text"), r, strict=True)) for r in rows])


@pytest.mark.parametrize(
    "rows, note",
    [
        ([(1, None, "root"), (2, 3, "b"), (3, 2, "c")], "cycle"),
        ([(1, None, "root"), (2, 1, "b"), (2, 1, "again")], "shared an id"),
        ([(1, None, "root"), (2, 9, "b"), (3, 8, "c")], "2 comment(s) reply to a comment not in"),
        ([(1, None, "root"), (2, 1, ""), (3, 2, "c")], "have no text"),
        ([(1, 2, "a"), (2, 1, "b")], "no comment is an opening post"),
    ],
    ids=["cycle", "duplicate-ids", "missing-parents", "empty-text", "no-root"],
)
def test_broken_json_threads_are_repaired_with_one_note(rows, note):
    t = read_text(records(*rows), source="t.json")
    assert_well_formed(t)
    matching = [n for n in t.notes if note in n]
    assert len(matching) == 1, t.notes
    assert {c.parent_id for c in t.comments} - {None} <= {c.id for c in t.comments}


def test_reply_to_deleted_comment_climbs_to_its_parent():
    t = read_text(records((1, None, "root"), (2, 1, "[deleted]"), (3, 2, "orphan reply")),
                  source="t.json")
    assert [(c.id, c.parent_id) for c in t.comments] == [("1", None), ("3", "1")]


@pytest.mark.parametrize(
    "text, fmt, message",
    [
        ('{"comments": [1, 2', "json", "not valid JSON at line 1"),
        ('{"a": 1}\n{"b": \n', "jsonl", "line 2 is not valid JSON"),
        ("[1, 2]", "json", "not a JSON object"),
        ("[]", "json", "no comments"),
        ('{"comments": "x"}', "json", "expected a list of comments"),
        ("[" * 100000 + "]" * 100000, "json", "nests too deeply"),
        ('[{"id": 1, "text": ""}]', "json", "every comment"),
        ('{"errors": [{"message": "Rate limit exceeded", "code": 88}]}', "json",
         'an error response from an API, not a thread \\("Rate limit exceeded"\\)'),
        ('{"error": 429, "message": "Too Many Requests"}', "json",
         'an error response from an API, not a thread \\("Too Many Requests"\\)'),
        ('[{"id": 1, "comment_body": "Ban cars."}, {"id": 2, "comment_body": "No."}]', "json",
         "no comment text found: the comments' fields are id, comment_body"),
        ("not a kialo file\nnor this\n1. Pro: x", "kialo", "before the first numbered claim"),
        ("{}", "hackernews", "empty"),
    ],
)
def test_bad_structured_input_is_a_clear_error(text, fmt, message):
    with pytest.raises(ArgmapError, match=message) as exc:
        read_text(text, source="bad.json", fmt=fmt)
    assert str(exc.value).startswith("bad.json:")


# --- bytes, sizes, encodings -------------------------------------------------

SAMPLE_MD = "**zoë**: Café owners say “no” — mostly.\n\n---\n\n**ian**: Fair enough, but why?\n"


@pytest.mark.parametrize(
    "encode",
    [lambda s: s.encode("utf-8"), lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
     lambda s: s.encode("utf-16"), lambda s: s.encode("cp1252")],
    ids=["utf8", "utf8-bom", "utf16-bom", "windows-1252"],
)
def test_encodings_read_to_the_same_thread(tmp_path, encode):
    path = tmp_path / "t.md"
    path.write_bytes(encode(SAMPLE_MD))
    t = read_thread(path)
    assert [c.author for c in t.comments] == ["zoë", "ian"]
    assert t.comments[0].text == "Café owners say “no” — mostly."


def test_undecodable_bytes_are_reported_with_their_offset(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"A fine first line.\nthen \x81\x8d broken")
    with pytest.raises(ArgmapError, match=r"t.txt: .*byte 24"):
        read_thread(path)


def test_size_limit_names_the_file_and_the_option(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(ArgmapError, match="big.txt.*over the .* limit.*--max-mb"):
        read_thread(path, max_bytes=1000)
    assert read_thread(path, max_bytes=10_000).comments


def test_cli_max_mb_and_format_choices(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    run = [sys.executable, "-m", "argmap", "build", str(path), "--out", str(tmp_path / "m")]
    proc = subprocess.run([*run, "--max-mb", "0.001"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and "big.txt" in proc.stderr and "--max-mb" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = subprocess.run([*run, "--format", "yaml"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and all(f in proc.stderr for f in FORMATS)


def test_markdown_without_separators_is_split_at_its_quotes():
    text = (
        "Cities should plant more trees on residential streets.\n"
        "Shade cuts summer temperatures by several degrees.\n\n"
        "> Shade cuts summer temperatures by several degrees\n\n"
        "Only where the trees are mature, which takes twenty years.\n"
    )
    t = read_text(text, source="trees.md")
    assert t.format == "markdown"
    assert [(c.id, c.parent_id) for c in t.comments] == [("c1", None), ("c2", "c1")]
    assert t.comments[1].quotes[0].text == "Shade cuts summer temperatures by several degrees"
    assert t.comments[1].text.startswith("Only where")


def test_markdown_first_comment_quoting_the_post_keeps_the_quote_without_a_source():
    text = "**ann**:\n> the post said this much\n\nI doubt it.\n\n---\n\n**bo**: Why?\n"
    t = read_text(text, source="q.md")
    assert t.comments[0].quotes[0].text == "the post said this much"
    assert t.comments[0].quotes[0].source_comment_id is None
    assert t.comments[0].text == "I doubt it." and t.comments[1].parent_id == "c1"


def test_siblings_are_ordered_by_time_numbers_as_numbers():
    rows = [{"id": "r", "text": "root"}, {"id": "late", "parent_id": "r", "text": "late",
             "created": 1000}, {"id": "early", "parent_id": "r", "text": "early", "created": 999}]
    t = read_text(json.dumps(rows), source="t.json")
    assert [c.id for c in t.comments] == ["r", "early", "late"]


def test_a_paste_of_one_paragraph_a_line_with_markup_inside_comments_stays_plain_text():
    """Reddit comments carry "> quotes", "**tl;dr**:" and "---" of their own; in a paste
    without blank lines that markup must not route the thread to the Markdown reader,
    which joins lines into paragraphs (a 20,000-line paste became 23 comments)."""
    chat = [f"Reply number {i} says the bus lanes on street {i} are {'good' if i % 2 else 'bad'}."
            for i in range(120)]
    chat[10] = "> Reply number 3 says the bus lanes on street 3 are good."
    chat[40] = "**tl;dr**: buses first, bikes later."
    chat[70] = "---"
    text = "\n".join(chat) + "\n"
    assert detect_format(text, "thread.txt") == "text"
    t = read_text(text, source="thread.txt")
    assert t.format == "text" and len(t.comments) > 60
    # the same markup in Markdown paragraphs, or frequent separators, is still Markdown
    assert detect_format("\n\n".join(chat), "thread.txt") == "markdown"
    ruled = "\n".join(f"{line}\n---" for line in chat[:20])
    assert detect_format(ruled, "thread.txt") == "markdown"


@pytest.mark.parametrize("name,page", [
    ("old reddit", "Close Harbor Road to cars?\n"
     "[–] grocer_dan 12 points 5 hours ago (1 child)\nMy trade drives in from the hills.\n"
     "[–] walker_li 9 points 4 hours ago\nFootfall on Mill Street rose.\n"
     "[–] grocer_dan 3 points 2 hours ago\nMill Street has a car park.\n"),
    ("discord", "Close Harbor Road to cars?\n"
     "grocer dan — Today at 5:32 PM\nMy trade drives in from the hills.\n"
     "walker.li — Today at 5:40 PM\nFootfall on Mill Street rose.\n"
     "grocer.dan — 11/28/2026 6:02 PM\nMill Street has a car park.\n"),
    ("youtube", "Close Harbor Road to cars?\n"
     "@grocer_dan\n3 days ago\nMy trade drives in from the hills.\n12\nReply\n"
     "@walker.li\n2 days ago\nFootfall on Mill Street rose.\nReply\n"
     "@grocer_dan\n1 day ago\nMill Street has a car park.\nReply\n"),
])
def test_other_copied_pages_open_comments_by_their_headers(name, page):
    t = read_text(page, source=f"{name}.txt")
    assert [c.text for c in t.comments] == [
        "Close Harbor Road to cars?", "My trade drives in from the hills.",
        "Footfall on Mill Street rose.", "Mill Street has a car park."], name
    assert t.comments[2].author in ("walker_li", "walker.li")



def test_a_reply_opening_with_a_speakers_whole_name_answers_that_speaker():
    """Facebook and LinkedIn copy a tagged reply as the plain name ("Tom Becker
    electric ones…"): it answers Tom's comment, not the post, and the name is no
    claim. A one-word name that can open a sentence is no tag."""
    page = ("Should our town ban leaf blowers?\n"
            "Maria Gonzalez\nThe noise starts at 7am every Saturday.\nLike\nReply\n2h\n"
            "Tom Becker\nRakes take all day on a big lot.\nLike\nReply\n1h\n"
            "Sandra Li\nGas blowers pollute more than a car.\nLike\nReply\n1h\n"
            "Maria Gonzalez\nTom Becker electric ones are quiet enough.\nLike\nReply\n45m\n")
    t = read_text(page, source="facebook.txt")
    maria = t.comments[4]
    assert maria.author == "Maria Gonzalez"
    assert maria.parent_id == t.comments[2].id  # Tom's comment, two comments up
    assert "replies to Tom Becker" in maria.parent_evidence
    assert maria.text == "electric ones are quiet enough."
    # "sam makes…": a one-word name can be a sentence's subject, so nothing is cut
    log = ("[10:01] <sam> the noise is the worst part of it\n"
           "[10:02] <lee> gas ones are the loud ones anyway\n"
           "[10:02] <sam> electric ones whine too\n"
           "[10:03] <kim> sam makes a fair point about the noise\n"
           "[10:04] <lee> whine is better than a roar\n")
    kim = read_text(log, source="chat.txt").comments[3]
    assert kim.author == "kim" and kim.text.startswith("sam makes")


STACK_EXCHANGE = """Should a team use tabs or spaces for Python?
Asked 3 years ago
Modified 1 year ago
Viewed 12k times
14
Mixing them breaks our builds. Which one should we standardise on?
python
coding-style
Share
Improve this question
Follow
edited Mar 5, 2023 at 09:00
mod_kim
asked Mar 3, 2023 at 10:12
dev_anna
1,204
5 silver badges
Do you mean new code only, or the whole repository? – Jo Park Mar 3, 2023 at 10:15
Add a comment
2 Answers
Sorted by:
Highest score (default)
31
Four spaces: PEP 8 says so and every formatter enforces it.
Share
Improve this answer
Follow
answered Mar 3, 2023 at 10:20
greybeard42
22.1k
Black decides for you anyway. – tool_fan Mar 3, 2023 at 11:02
7
Tabs let each reader pick the width their screen reader needs.
Share
Improve this answer
Follow
answered Mar 4, 2023 at 08:15
a11y_sam
3,310
"""


def test_a_copied_stack_exchange_page_is_signed_under_each_post():
    """Stack Exchange signs a post under its words ("answered …", the name, the
    reputation) and a comment at its line's end ("– tool_fan Mar 3…"): the question is
    the post, answers answer it, comments answer the post they sit under; counts,
    buttons, tags and the editor's signature are left out."""
    t = read_text(STACK_EXCHANGE, source="se.txt")
    assert [(c.author, c.parent_id) for c in t.comments] == [
        ("dev_anna", None), ("Jo Park", "c1"), ("greybeard42", "c1"), ("tool_fan", "c3"),
        ("a11y_sam", "c1")]
    assert t.comments[0].text == ("Should a team use tabs or spaces for Python?\n\n"
                                  "Mixing them breaks our builds. Which one should we "
                                  "standardise on?")
    assert t.comments[3].text == "Black decides for you anyway."
    said = " ".join(c.text for c in t.comments)
    for furniture in ("Improve this", "asked", "answered", "22.1k", "badges", "mod_kim",
                      "Sorted by", "coding-style"):
        assert furniture not in said
    assert any("left out" in n and "Viewed 12k times" in n for n in t.notes)
    # "asked" in a comment's words and no page buttons: no Stack Exchange page
    plain = read_text("Who asked?\nasked Mar 3, 2023\nNobody did.\n", source="x.txt")
    assert "asked Mar 3, 2023" in " ".join(c.text for c in plain.comments)


DISQUS = """42 Comments
Login
Sort by Best
Join the discussion…
Jane Miller
3 hours ago
The new bridge toll only applies at rush hour.
12
Reply
Share ›
Avatar
Rob Chen
Jane Miller
2 hours ago
Rush hour is 6 to 10, most of the morning for shift workers.
Reply
Share ›
Avatar
Priya N
Rob Chen
an hour ago
Shift workers get the resident discount.
Reply
Peter Olsen
2 hours ago
Tolls never go away once they start.
3
Reply
"""


def test_a_copied_disqus_thread_reads_whom_each_reply_names():
    """Disqus shows the name a reply answers under its author's ("Rob Chen", "Jane
    Miller", "2 hours ago"): the reply answers that person; a comment that names
    nobody is top-level; "an hour ago" is a time; avatars and menus are furniture."""
    t = read_text(DISQUS, source="disqus.txt")
    assert [(c.author, c.parent_id) for c in t.comments] == [
        ("Jane Miller", None), ("Rob Chen", "c1"), ("Priya N", "c2"), ("Peter Olsen", "c1")]
    assert "replies to Rob Chen" in t.comments[2].parent_evidence
    assert "top-level" in t.comments[3].parent_evidence
    said = " ".join(c.text for c in t.comments)
    assert not any(w in said for w in ("Avatar", "Sort by", "Join the", "Jane Miller"))
    # in a paste without a page's headers a lone "Avatar" may be an answer
    film = read_text("Which film made 3D worth it?\nAvatar\nGravity, for the space scenes.\n",
                     source="films.txt")
    assert "Avatar" in [c.text for c in film.comments]


def test_a_copied_lemmy_thread_names_people_with_their_server():
    """Lemmy and Kbin name a person with their server and no "@" ("baker_tom@lemmy.ml"),
    over the comment's age; the post's byline names its author the same way."""
    page = ("Cities should ban cars from downtown\n"
            "submitted 5 hours ago by urbanist@lemmy.world to transit@lemmy.world\n"
            "Downtown streets are for people.\n12 comments\n"
            "baker_tom@lemmy.ml\n4 hours ago\nMy bakery lost a third of its customers.\n"
            "link\nfedilink\n"
            "anna_r@feddit.de\n3 hours ago\nWas that the summer of the roadworks?\n"
            "link\nfedilink\n")
    t = read_text(page, source="lemmy.txt")
    assert [c.author for c in t.comments] == [
        "urbanist@lemmy.world", "baker_tom@lemmy.ml", "anna_r@feddit.de"]
    assert t.comments[0].text == ("Cities should ban cars from downtown\n\n"
                                  "Downtown streets are for people.")
    assert [c.text for c in t.comments[1:]] == [
        "My bakery lost a third of its customers.", "Was that the summer of the roadworks?"]


def test_who_liked_or_answered_a_comment_is_furniture_but_words_about_liking_are_not():
    """Substack and LinkedIn list under a comment who liked it and who answered it
    ("Liked by Jane Park and 3 others", "1 reply by Jane Park"): the page's, not said."""
    page = ("Jane Park\nNov 28\nThe gain came from fewer meetings.\n"
            "Liked by Scott Alexander and 3 others\nReply\nShare\n"
            "Rob Chen\nNov 29\nFewer meetings came with remote work.\n"
            "1 reply by Jane Park\nReply\n"
            "Maria Lopez\nNov 29\nLiked by many, hated by some: that is the office.\n"
            "Reply\n")
    t = read_text(page, source="substack.txt")
    assert [c.text for c in t.comments] == [
        "The gain came from fewer meetings.", "Fewer meetings came with remote work.",
        "Liked by many, hated by some: that is the office."]
    assert any("Liked by Scott Alexander and 3 others" in n for n in t.notes)


@pytest.mark.parametrize("name,page,gone", [
    # LinkedIn: the connection's degree and the person's headline between name and age
    ("linkedin", "Remote work killed junior training. Agree?\n"
     "Jane Park\nJane Park\n• 2nd\nHead of Product at Acme\n3d\n"
     "Juniors learn by overhearing.\nLike\nReply\n12 Reactions\n"
     "Rob Chen\n• 3rd+\nEngineering Manager | Mentor\n2d\n"
     "Mentoring works over video if you schedule it.\nLike\nReply\n"
     "Maria Lopez\n• Author\nFounder at Tinyco\n1d\n"
     "Rob Chen scheduling is the part nobody does.\nLike\nReply\n",
     # 3 degrees, 3 headlines, 3 "Like", 3 "Reply", "12 Reactions"
     ("left out 13 line(s)", "Engineering Manager | Mentor")),
    # Quora: what the person is beside the answer's age, under the name
    ("quora", "Remote work killed junior training. Agree?\n"
     "Jane Park\nFormer high school teacher · 2y\nJuniors learn by overhearing.\n"
     "Upvote · 34\nShare\n"
     "Rob Chen\nParent of three · 1y\nMentoring works over video if you schedule it.\n"
     "Upvote · 12\n"
     "Maria Lopez\nEconomist · 3y\nRob Chen scheduling is the part nobody does.\n",
     ("Former high school teacher", "Economist")),
])
def test_pages_that_describe_a_person_under_the_name_keep_the_name_and_drop_the_rest(
        name, page, gone):
    """LinkedIn ("Rob Chen", "• 3rd+", "Engineering Manager", "2d") and Quora ("Jane
    Park", "Former teacher · 2y") describe a person between the name and the age: one
    header; what describes the person goes, with the page's counters."""
    t = read_text(page, source=f"{name}.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        (None, "Remote work killed junior training. Agree?"),
        ("Jane Park", "Juniors learn by overhearing."),
        ("Rob Chen", "Mentoring works over video if you schedule it."),
        ("Maria Lopez", "scheduling is the part nobody does.")], name
    assert t.comments[3].parent_id == t.comments[2].id  # she names Rob Chen
    assert any(all(g in n for g in gone) for n in t.notes), t.notes


OLD_REDDIT = """Should the city close Harbor Road to cars? (self.transit)
submitted 6 hours ago * by mayor_pat to r/transit
Harbor Road carries through traffic past the school; close it to cars on weekdays.
87 comments share save hide report
all 4 comments
sorted by: best
[–]grocer_dan Shop owner 12 points 5 hours ago* (1 child)
Most of my trade drives in from the hills, and they will not come by bus.
permalinkembedsavereportgive awardreply
[–]mayor_pat[S] [score hidden] 4 hours ago
The hill villages get a new express bus in the same plan.
permalinkembedsaveparentreportgive awardreply
[–]walker_li 9 points 4 hours ago
Footfall on Mill Street rose after it closed to cars.
permalink embed save report give award reply
[–]bus_rider 2 points 3 hours ago
Mill Street is not Harbor Road; it had no through traffic.
permalink embed save parent report give award reply
"""


def test_a_copied_old_reddit_page_is_read_by_its_headers_and_the_links_under_each_comment():
    """Old Reddit's copy: "[S]" run into the submitter's name, a flair, "[score hidden]",
    an edit's "*"; under each comment its links, run together or spaced, with "parent"
    on every reply and on no top-level comment: they say which comments answer the
    post, where a flat copy otherwise leaves it to the words."""
    t = read_text(OLD_REDDIT, source="old-reddit.txt")
    assert [c.author for c in t.comments] == ["mayor_pat", "grocer_dan", "mayor_pat",
                                             "walker_li", "bus_rider"]
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2", "c1", "c4"]
    assert "no 'parent' link" in t.comments[3].parent_evidence
    assert "a 'parent' link" in t.comments[4].parent_evidence
    text = "\n".join(c.text for c in t.comments)
    for junk in ("permalink", "points", "sorted by", "all 4 comments", "[S]", "submitted",
                 "self.transit"):
        assert junk not in text
    assert t.comments[0].text.startswith("Should the city close Harbor Road to cars?\n")
    # without the links the words decide: the last reply, which names Mill Street, is
    # free to answer walker_li or anyone before; with them, a top-level comment that
    # the words pull elsewhere still answers the post
    swapped = OLD_REDDIT.replace("permalink embed save parent report give award reply",
                                 "permalink embed save report give award reply")
    assert read_text(swapped, source="old-reddit.txt").comments[4].parent_id == "c1"


def test_a_copied_lesswrong_page_opens_comments_at_its_fold_headers():
    """A LessWrong copy runs name, age and karma together after the fold mark
    ("[-]Buck2yΩ9"), sometimes with the mark on the line before; the votes and "Reply"
    go, the quote says whom the second reply answers."""
    page = ("Should labs publish their model evaluations?\n"
            "Labs run dangerous-capability evaluations before release; publish them.\n"
            "[-]\nBuck2yΩ9\n117\n"
            "I strongly disagree. Publishing the exact failures hands out a recipe.\nReply\n"
            "[-]Jane Example2y12\n> Publishing the exact failures hands out a recipe.\n"
            "The recipes are public already; the evidence is not.\nReply\n"
            "[-][Martin Vlach][30]1y1\n0\nEven a summary table would help.\nReply\n")
    t = read_text(page, source="lw-copy.txt")
    assert [c.author for c in t.comments] == [None, "Buck", "Jane Example", "Martin Vlach"]
    assert t.comments[2].parent_id == "c2" and "quotes c2" in t.comments[2].parent_evidence
    text = "\n".join(c.text for c in t.comments)
    for junk in ("[-]", "117", "Reply", "Ω"):
        assert junk not in text


def test_a_copied_x_thread_reads_handles_replying_to_and_drops_names_times_counts():
    """A copy of an X (Twitter) thread: display name, "@handle", "·", a time, "Replying
    to @someone", the text, then counts. The handle opens the comment, "Replying to"
    says whom it answers; display names, times and counts go."""
    page = ("Mayor Pat\n@mayor_pat\n·\nNov 28\nHarbor Road should close to cars.\n"
            "Jane Doe\n@grocer_dan\n·\n5h\nReplying to @mayor_pat\n"
            "My trade drives in from the hills.\n12\n3\n45\n"
            "Walker Li\n@walker_li\n·\n4h\nReplying to @mayor_pat\n"
            "Footfall on Mill Street rose after it closed.\nShow replies\n"
            "Jane Doe\n@grocer_dan\n·\n3h\nReplying to @walker_li\n"
            "Mill Street has a car park at each end.\n")
    t = read_text(page, source="x-copy.txt")
    assert [c.author for c in t.comments] == ["mayor_pat", "grocer_dan", "walker_li",
                                             "grocer_dan"]
    assert [c.parent_id for c in t.comments] == [None, "c1", "c1", "c3"]
    assert [c.text for c in t.comments][1:] == [
        "My trade drives in from the hills.", "Footfall on Mill Street rose after it closed.",
        "Mill Street has a car park at each end."]


def test_a_deleted_account_in_a_copied_reddit_page_keeps_its_comment_apart():
    """New Reddit shows a deleted account as "[deleted]" over "·" and a time; its
    comment ("[removed]") stays a comment of its own, and deleted accounts are nobody
    in particular (not one author who never answers themselves)."""
    page = ("Close Harbor Road to cars?\ngrocer_dan\n·\n5 hr. ago\nMy trade drives in.\n"
            "Reply\n[deleted]\n·\n5 hr. ago\n[removed]\nReply\nwalker_li\n·\n4 hr. ago\n"
            "Footfall on Mill Street rose.\nReply\n[deleted]\n·\n3 hr. ago\n"
            "Mill Street has a car park.\n")
    t = read_text(page, source="deleted.txt")
    assert [c.text for c in t.comments] == [
        "Close Harbor Road to cars?", "My trade drives in.", "[removed]",
        "Footfall on Mill Street rose.", "Mill Street has a car park."]
    assert t.comments[2].author == t.comments[4].author == "[deleted account]"


@pytest.mark.parametrize("name,page", [
    ("github", "Close Harbor Road to cars? #12\n"
     "grocer_dan commented Nov 28, 2026\nMy trade drives in from the hills.\n"
     "walker_li commented Nov 28, 2026\nFootfall on Mill Street rose.\n"
     "grocer_dan commented 5 hours ago\nMill Street has a car park.\n"),
    ("discourse", "Close Harbor Road to cars?\n"
     "grocer\nNov 28\nMy trade drives in from the hills.\n"
     "walker\nNov 28\nFootfall on Mill Street rose.\n"
     "grocer\n5h\nMill Street has a car park.\n"),
])
def test_copied_issue_and_forum_pages_open_comments_at_name_and_date(name, page):
    t = read_text(page, source=f"{name}.txt")
    assert [c.text for c in t.comments][1:] == [
        "My trade drives in from the hills.", "Footfall on Mill Street rose.",
        "Mill Street has a car park."], name
    assert [c.author for c in t.comments][1:3] in (["grocer_dan", "walker_li"],
                                                   ["grocer", "walker"])


def test_a_role_badge_under_a_header_is_the_pages_not_the_comments():
    """GitHub prints "Member" or "Author" on the line under a comment's header; left
    in, it opened the comment's words, so an "@name" reply after it went unread."""
    page = ("Close Harbor Road to cars? #12\n"
            "grocer_dan commented Nov 28, 2026\nMy trade drives in from the hills.\n"
            "walker_li commented Nov 28, 2026\nMember\nFootfall on Mill Street rose.\n"
            "bus_rider commented Nov 29, 2026\nThe 14 bus is full by eight.\n"
            "grocer_dan commented Nov 29, 2026\nAuthor\n"
            "@walker_li Mill Street has a car park at each end.\n")
    t = read_text(page, source="issue.txt")
    assert [c.text for c in t.comments][1:] == [
        "My trade drives in from the hills.", "Footfall on Mill Street rose.",
        "The 14 bus is full by eight.", "Mill Street has a car park at each end."]
    assert t.comments[4].parent_id == t.comments[2].id  # names walker_li
    # said in a comment, not under a header, the word stays
    said = page.replace("The 14 bus is full by eight.", "Who wrote the plan?\nAuthor")
    assert "Author" in read_text(said, source="issue.txt").comments[3].text


def test_a_copied_youtube_thread_keeps_an_edited_comment_and_drops_the_pin():
    """YouTube marks an edit on the time line ("1 day ago (edited)") and a pinned
    comment over its handle ("Pinned by @CityTalks"). The edit mark hid the header,
    so the comment was glued to the one before; the pin became the opening post."""
    page = ("Pinned by @CityTalks\n@CityTalks\n3 days ago\n"
            "Do you think car-free weekends would work in your town?\n312\nReply\n"
            "@walker_li\n2 days ago\nWorked in my town. The market doubled.\n45\nReply\n"
            "@grocer_dan\n2 days ago (edited)\n"
            "@walker_li Your town has a ring road. Ours does not.\n12\nReply\n")
    t = read_text(page, source="youtube.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("CityTalks", "Do you think car-free weekends would work in your town?"),
        ("walker_li", "Worked in my town. The market doubled."),
        ("grocer_dan", "Your town has a ring road. Ours does not.")]
    assert t.comments[2].parent_id == t.comments[1].id


FACEBOOK = """Harbor Road Residents Group
Should the council close Harbor Road to cars on weekends?
Like
Comment
Share
Jane Park
Yes please. My kids could cycle to the park.
Like · Reply · 3h
Rob Chen
Author
Jane Park the shops on Harbor Road will lose their Saturday trade.
Like · Reply · 2h · Edited
Maria Lopez
Rob Chen footfall on Mill Street went up when it closed.
Like · Reply · 2h
View 2 more replies
Tom Baker
What about deliveries to the bakery?
3h Like Reply
"""


def test_a_copied_facebook_thread_reads_the_name_above_and_the_time_below():
    """Facebook puts the author above a comment and its age in the buttons under it
    ("Like · Reply · 3h"); read as a paste, every line was a comment of its own."""
    t = read_text(FACEBOOK, source="group.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        (None, "Harbor Road Residents Group\n\n"
               "Should the council close Harbor Road to cars on weekends?"),
        ("Jane Park", "Yes please. My kids could cycle to the park."),
        ("Rob Chen", "the shops on Harbor Road will lose their Saturday trade."),
        ("Maria Lopez", "footfall on Mill Street went up when it closed."),
        ("Tom Baker", "What about deliveries to the bakery?")]
    assert t.comments[2].parent_id == t.comments[1].id  # he names Jane Park
    assert t.comments[3].parent_id == t.comments[2].id
    # one row of buttons with a time is no layout yet: nothing is rewritten
    from argmap.read.paste import _footers_to_headers

    one = FACEBOOK.splitlines()[:8]
    assert _footers_to_headers(one) == (one, [])
    assert _footers_to_headers(FACEBOOK.splitlines())[1] == [
        "Like · Reply · 3h", "Like · Reply · 2h · Edited", "Like · Reply · 2h", "3h Like Reply"]


@pytest.mark.parametrize("stamp", ["12/03/2026, 10:02 - ", "[12/03/2026, 10:02:11] "])
def test_a_whatsapp_export_keeps_its_speakers_and_leaves_out_turns_with_no_words(stamp):
    """Android and iPhone exports; a photo ("<Media omitted>", "image omitted") or a
    deleted message is a turn that says nothing: it was a comment of its own."""
    log = "".join(f"{stamp}{who}: {said}\n" for who, said in [
        ("Jane Park", "Car-free Saturdays start next month."),
        ("Rob Chen", "That will kill my Saturday trade."),
        ("Jane Park", "The park-and-ride is free on Saturdays."),
        ("Maria Lopez", "<Media omitted>"), ("Maria Lopez", "\u200eimage omitted"),
        ("Rob Chen", "This message was deleted"),
        ("Maria Lopez", "Footfall on Mill Street went up when it closed.")])
    t = read_text(log, source="chat.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("Jane Park", "Car-free Saturdays start next month."),
        ("Rob Chen", "That will kill my Saturday trade."),
        ("Jane Park", "The park-and-ride is free on Saturdays."),
        ("Maria Lopez", "Footfall on Mill Street went up when it closed.")]
    assert any("left out 3 line(s)" in n for n in t.notes), t.notes


def test_a_copied_bluesky_thread_reads_the_post_with_its_time_below_and_dotted_ages():
    """Bluesky shows the post's time under its words ("December 1, 2026 at 9:02 PM")
    and each reply's age after a dot on its own line ("· 3h"); both stayed in the
    words, and the post lost its author once the replies' headers were read."""
    page = ("Jane Park\n@janepark.bsky.social\nCar-free Saturdays start next month.\n"
            "December 1, 2026 at 9:02 PM\n12 reposts\n40 likes\n"
            "Rob Chen\n@robchen.bsky.social\n· 3h\nThat will kill my Saturday trade.\n4\n2\n"
            "Maria Lopez\n@marialopez.bsky.social\n· 2h\n"
            "Footfall on Mill Street went up when it closed.\n1\n"
            "Tom Baker\n@tombaker.bsky.social\n· 1h\nWhat about deliveries?\n")
    t = read_text(page, source="bsky.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("janepark.bsky.social", "Car-free Saturdays start next month."),
        ("robchen.bsky.social", "That will kill my Saturday trade."),
        ("marialopez.bsky.social", "Footfall on Mill Street went up when it closed."),
        ("tombaker.bsky.social", "What about deliveries?")]


def test_a_copied_discourse_topic_reads_its_quotes_and_not_its_category_as_a_person():
    """Discourse prints the topic's category over the first post's name ("Town
    Planning" over "grocer_dan"), read as the author with grocer_dan as the person
    answered; and a quote as "NAME:" over the quoted words, unmarked."""
    page = ("Should Harbor Road go car-free on Saturdays?\nTown Planning\n"
            "grocer_dan\nDec 1\nHalf my customers drive in from the hills, so I expect "
            "to lose trade.\n3\nwalker_li\nDec 1\ngrocer_dan:\n"
            "Half my customers drive in from the hills\n"
            "The park-and-ride at the depot is free on Saturdays.\n1 Reply\n"
            "bus_rider\nDec 2\nFootfall on Mill Street went up.\n")
    t = read_text(page, source="discourse.txt")
    assert [c.author for c in t.comments] == [None, "grocer_dan", "walker_li", "bus_rider"]
    walker = t.comments[2]
    assert walker.text == "The park-and-ride at the depot is free on Saturdays."
    assert [q.text for q in walker.quotes] == ["Half my customers drive in from the hills"]
    assert walker.parent_id == t.comments[1].id and "quotes c2" in walker.parent_evidence
    # a name and a colon over words nobody said before are that person's own words
    own = page.replace("Half my customers drive in from the hills\nThe park", "Buses are\nThe park")
    assert "Buses are" in read_text(own, source="discourse.txt").comments[2].text


def test_a_copied_instagram_thread_reads_the_handle_above_and_the_age_below():
    """Instagram: the handle, the words, the age alone ("2d"), then "12 likes" and
    "Reply". Read as a paste, handles and ages were comments of their own."""
    page = ("cityofharbor\nCar-free Saturdays start next month! What do you think?\n2d\n"
            "grocer_dan\nThat will kill my Saturday trade.\n2d\n12 likes\nReply\n"
            "walker.li\n@grocer_dan footfall on Mill Street went up.\n1d\n4 likes\nReply\n"
            "View replies (2)\nbus_rider22\nBuses would finally run on time.\n1d\nReply\n")
    t = read_text(page, source="insta.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("cityofharbor", "Car-free Saturdays start next month! What do you think?"),
        ("grocer_dan", "That will kill my Saturday trade."),
        ("walker.li", "footfall on Mill Street went up."),
        ("bus_rider22", "Buses would finally run on time.")]
    assert t.comments[2].parent_id == t.comments[1].id
    # ages alone under words that no handle opens are no layout: nothing rewritten
    from argmap.read.paste import _footers_to_headers

    told = ["The vote was on Monday.", "Nov 28", "Buses ran late all week.", "Nov 29",
            "Shops stayed open.", "Nov 30"]
    assert _footers_to_headers(told) == (told, [])


def test_a_chat_log_opens_a_comment_per_turn_and_labels_are_not_speakers():
    log = ("alice: Harbor Road should close to cars next spring.\n"
           "bob: Shops would lose the drivers from the hills.\n"
           "alice: Footfall on Mill Street rose after it closed.\n"
           "bob: Mill Street has a car park at each end.\n"
           "carol: The bridge needs a bike lane either way.\n")
    t = read_text(log, source="chat.txt")
    assert [c.author for c in t.comments] == ["alice", "bob", "alice", "bob", "carol"]
    assert [c.parent_id for c in t.comments][:4] == [None, "c1", "c2", "c3"]
    assert "answers back" in t.comments[2].parent_evidence
    # "Edit:" and "Note:" label lines; they name nobody
    notes = ("Harbor Road should close.\nNote: the vote is in May.\nEdit: typo.\n"
             "Note: buses first.\nEdit: link.\n")
    assert all(c.author is None for c in read_text(notes, source="n.txt").comments)
    page = ("Ban cars from the centre?\n"
            "Argument: buses run faster once cars are gone from the road.\n"
            "Counter-argument: shops need the drivers from the hills.\n"
            "Argument: footfall rose on Mill Street after it closed.\n"
            "Counter-argument: Mill Street has a car park at each end.\n")
    assert all(c.author is None for c in read_text(page, source="p.txt").comments)


def test_a_markdown_reply_quoting_a_comment_off_the_depth_first_path_answers_it():
    text = """**ann**: Cities should ban cars from their centres to cut pollution.

---

**raj**: Delivery vans would still need to come in every morning.

---

**mia** (replying to ann): Pollution fell by a fifth in the centres that tried it.

---

**tom**:

> Delivery vans would still need to come in every morning

Small shops cannot take deliveries at night, so the vans would come anyway.
"""
    t = read_text(text, source="log.md")
    assert t.comments[2].parent_id == "c1"  # mia answers ann, so raj is off tom's path
    assert t.comments[3].parent_id == "c2"
    assert "quotes c2" in t.comments[3].parent_evidence


def test_a_copied_mastodon_thread_is_read_by_its_handles_and_mentions():
    text = (FIXTURES / "read" / "mastodon-copy.txt").read_text("utf-8")
    t = read_text(text, source="m.txt")
    assert [c.author for c in t.comments] == [
        "jane@mastodon.social", "bob@fosstodon.org", "carol@mastodon.social",
        "jane@mastodon.social"]
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2", "c3"]
    # display names and ages are the page's; the leading mention is no claim
    assert t.comments[1].text == "The shops would lose the drivers from the villages."
    assert not any(c.text in ("Jane Doe", "5h") for c in t.comments)


def test_new_reddit_level_marks_place_every_reply():
    """The 2018 redesign copied a "level N" line above each comment: its depth."""
    text = (FIXTURES / "read" / "reddit-levels-copy.txt").read_text("utf-8")
    t = read_text(text, source="r.txt")
    assert [c.author for c in t.comments] == [
        "mayor_pat", "grocer_dan", "walker_li", "grocer_dan", "tram_fan", "cyclist99",
        "mayor_pat"]
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2", "c3", "c2", "c1", "c6"]
    assert t.comments[3].parent_evidence == "the page marks it level 3: it answers c3"
    assert not any("level" in c.text for c in t.comments)


def test_level_lines_without_headers_are_furniture():
    t = read_text("Cars should go.\nlevel 1\nNo, buses first.\nlevel 2\nWhy?\n", source="x.txt")
    assert not any(c.text.startswith("level") or "[level]" in c.text for c in t.comments)


# --- comment tables ----------------------------------------------------------


@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_a_comment_table_reads_like_its_json_export(tmp_path, sep):
    rows = [["ID", "Parent ID", "Author", "Body"],
            ["1", "", "ann", "Cities should ban cars from the centre."],
            ["2", "1", "bob", f"No{sep} shops would lose customers.\n\nAnd vans?"],
            ["3", "2", "ann", 'Oslo\'s shops did fine; "look it up".']]
    path = tmp_path / ("thread.tsv" if sep == "\t" else "thread.csv")
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=sep).writerows(rows)
    t = read_thread(path)
    records = [{"id": r[0], "parent_id": r[1] or None, "author": r[2], "body": r[3]}
               for r in rows[1:]]
    j = read_text(json.dumps(records), source="thread.json")
    assert t.format == "csv"
    assert [(c.id, c.parent_id, c.author, c.text) for c in t.comments] == \
        [(c.id, c.parent_id, c.author, c.text) for c in j.comments]
    assert t.comments[1].text == f"No{sep} shops would lose customers.\n\nAnd vans?"
    # the content decides for a file not named .csv; prose is not taken for a table
    assert detect_format(path.read_text(encoding="utf-8"), "paste.txt") == "csv"
    assert detect_format("Message, then text follows\nMore.", "paste.txt") == "text"


def test_a_scraped_reddit_table_keeps_its_tree_under_reddits_names_for_parents(tmp_path):
    # PRAW or Pushshift written to CSV: parents are "t1_<comment>" or "t3_<post>", and
    # the post itself is often not in the file.
    path = tmp_path / "reddit.csv"
    path.write_text("id,parent_id,link_id,author,body\n"
                    "p1x,t3_post9,t3_post9,ann,Cities should ban cars.\n"
                    "q2y,t1_p1x,t3_post9,bob,Shops would lose customers.\n"
                    "r3z,t1_q2y,t3_post9,ann,Footfall rose in Ghent.\n"
                    "s4w,t3_post9,t3_post9,cy,Buses would run on time.\n", encoding="utf-8")
    t = read_thread(path)
    assert [(c.id, c.parent_id) for c in t.comments] == [
        ("p1x", None), ("q2y", "p1x"), ("r3z", "q2y"), ("s4w", None)]
    assert not t.notes  # nothing was missing: no repair to report
    # with the post in the file, its replies hang under it
    post = {"id": "post9", "title": "Car-free centres?", "body": "Should they?",
            "comments": [{"id": "p1x", "parent_id": "t3_post9", "body": "Yes."},
                         {"id": "q2y", "parent_id": "t1_p1x", "body": "No."}]}
    j = read_text(json.dumps(post), source="post.json")
    assert [(c.id, c.parent_id) for c in j.comments] == [
        ("post9", None), ("p1x", "post9"), ("q2y", "p1x")]


@pytest.mark.parametrize(
    "table, message",
    [
        ("id,author\n1,ann\n", "no column of comment text"),
        ('id,text\n1,"never closed\n', "not a readable table at line"),
        ("id,text\n1,ok\n2,a,b,c\n", "line 3 has 4 cells for 2 columns"),
    ],
)
def test_a_broken_table_is_one_clear_error(table, message):
    with pytest.raises(ArgmapError, match=message):
        read_text(table, source="t.csv", fmt="csv")


def test_nested_parents_is_the_nearest_earlier_comment_less_deep():
    import random

    from argmap.read.tree import nested_parents

    rng = random.Random(0)
    depths = [0]
    for _ in range(400):
        depths.append(rng.randint(1, depths[-1] + 1))
    want = [next((j for j in range(i - 1, -1, -1) if depths[j] < d), None)
            for i, d in enumerate(depths)]
    assert nested_parents(depths) == want
    assert nested_parents([0] + [1] * 50_000)[-1] == 0  # a long flat run stays cheap
    assert nested_parents([2, 2, 2]) is None  # one depth says nothing


_BLOG_POST = ("Should our town make buses free?\n\n"
              "Collecting fares costs more than the fares bring in.\n\n")
_BLOG_COMMENTS = [("Rob Chen", "March 3, 2026 at 10:02 am",
                   "Free buses in Tallinn did not cut car use much."),
                  ("Jane Park", "March 3, 2026 at 11:15 am",
                   "Walkers riding is still a win on rainy days."),
                  ("Mia Kowalski", "March 4, 2026 at 8:40 am",
                   "Frequency matters more than price.")]


@pytest.mark.parametrize("says", ["", " says:"])
def test_a_copied_blog_comment_section_reads_its_names_and_leaves_out_its_form(says):
    """A WordPress comment section: the name (or "Rob Chen says:") over the date, a
    "Reply" link, the heading over the comments and the form under them. The form was
    read as the last comment's words, its "Δ" (a hidden field) as a delta awarded, and
    with "says:" every date stayed in the words."""
    page = (_BLOG_POST + "3 thoughts on “Should our town make buses free?”\n\n"
            + "".join(f"{who}{says}\n{when}\n\n{said}\n\nReply\n\n"
                      for who, when, said in _BLOG_COMMENTS)
            + "Leave a Reply Cancel reply\nYour email address will not be published. "
            "Required fields are marked *\nComment *\nName *\nEmail *\nWebsite\n"
            "Save my name, email, and website in this browser for the next time I comment."
            "\nPost Comment\nΔ\n")
    t = read_text(page, source="blog.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        (None, "Should our town make buses free?\n\n"
               "Collecting fares costs more than the fares bring in."),
        *[(who, said) for who, _, said in _BLOG_COMMENTS]]
    # alone in a paste, "Website" and "Δ" are said; only beside the form are they its own
    kept = "\n\n".join(c.text for c in read_text("Website\n\nΔ\n", source="x.txt").comments)
    assert kept == "Website\n\nΔ"


def test_comment_by_name_on_a_date_opens_a_comment_by_that_name():
    """A scrape or an old blog names each comment above it: "Comment by NAME on DATE"
    (the post: "Posted by NAME on DATE"). Each such line was a comment of its own."""
    text = ("Should our town make buses free?\n\nPosted by harbor_tenant on March 3, 2026\n\n"
            "Collecting fares costs more than the fares bring in.\n\n"
            + "".join(f"Comment by {who} on {when}\n\n{said}\n\n"
                      for who, when, said in [
                          ("rob_chen", "March 3, 2026", "Tallinn saw little change."),
                          ("mia_k", "March 4, 2026", "Frequency matters more."),
                          ("rob_chen", "March 4, 2026", "Agreed with mia_k on that.")]))
    t = read_text(text, source="dump.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("harbor_tenant", "Should our town make buses free?\n\n"
                          "Collecting fares costs more than the fares bring in."),
        ("rob_chen", "Tallinn saw little change."), ("mia_k", "Frequency matters more."),
        ("rob_chen", "Agreed with mia_k on that.")]


def test_comments_signed_under_their_words_are_read_by_their_signatures():
    """"— rob_chen" under a comment, as guest books and hand-made dumps sign: the
    signatures stayed in the words and no comment had an author."""
    signed = [("harbor_tenant", "Collecting fares costs more than they bring in."),
              ("rob_chen", "Tallinn saw little change in car use."),
              ("Jane Park", "Walkers riding is still a win on rainy days."),
              ("rob_chen", "Frequency matters more than price.")]
    t = read_text("".join(f"{said}\n-- {who}\n\n" for who, said in signed), source="s.txt")
    assert [(c.author, c.text) for c in t.comments] == signed
    # a list of single words under dashes is no signature: it stays words
    items = "Options:\n\n— cost\n\n— speed\n\n— comfort\n"
    assert all(c.author is None for c in read_text(items, source="l.txt").comments)


def test_a_log_that_brackets_its_speakers_is_a_chat():
    """"[rob_chen] words": some logs and dumps bracket the speaker as IRC angles it."""
    turns = [("harbor_tenant", "Collecting fares costs more than they bring in."),
             ("rob_chen", "Tallinn saw little change in car use."),
             ("harbor_tenant", "Walkers riding is still a win on rainy days."),
             ("rob_chen", "Frequency matters more than price.")]
    t = read_text("".join(f"[{who}] {said}\n" for who, said in turns), source="log.txt")
    assert [(c.author, c.text) for c in t.comments] == turns
    # Reddit's "[deleted]" before words names nobody
    gone = "".join(f"[deleted] {said}\n" for _, said in turns)
    assert all(c.author is None for c in read_text(gone, source="d.txt").comments)


def test_a_copied_page_leaves_out_the_sites_menus_above_and_footer_below():
    """Today's Reddit copied whole: "Skip to main content", the community's links and
    "Log In" above the post were read as the opening post, the real post hung under it,
    and the footer's links were the last comment's words."""
    page = "\n".join([
        "Skip to main content", "r/transit", "Search in r/transit", "Log In",
        "r/transit", "•", "6 hr. ago", "harbor_tenant",
        "Should buses be free?", "Collecting fares costs more than the fares bring in.",
        "142", "Share", "Sort by:", "Best", "Search Comments",
        "rob_chen", "•", "5 hr. ago", "Tallinn saw little change in car use.", "Reply",
        "mia_k", "•", "4 hr. ago", "Frequency matters more than price.", "Reply",
        "jo_walker", "•", "3 hr. ago", "Free fares helped my mother get to the clinic.",
        "Reply", "Related Answers Section", "Reddit Rules", "Privacy Policy",
        "User Agreement", "Reddit, Inc. © 2026. All rights reserved."])
    t = read_text(page, source="reddit.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("harbor_tenant", "Should buses be free?\n\n"
                          "Collecting fares costs more than the fares bring in."),
        ("rob_chen", "Tallinn saw little change in car use."),
        ("mia_k", "Frequency matters more than price."),
        ("jo_walker", "Free fares helped my mother get to the clinic.")]
    assert all(c.parent_id for c in t.comments[1:])
    # one or two short lines above the first header may be all a post says: kept
    short = read_text("Bus fares\n\nfree or not\n\nrob_chen · 3h\n\nFree.\n\n"
                      "mia_k · 2h\n\nNot free.\n\njo_walker · 1h\n\nMaybe.", source="s.txt")
    assert short.comments[0].text == "Bus fares\n\nfree or not"


_CHAT = [("Lena Brooks", "10:02 AM", "Should standup be written? Half the team is abroad."),
         ("Omar Haddad", "10:04 AM", "Written updates get skimmed."),
         ("Lena Brooks", "10:05 AM", "That is a process problem, not a format problem."),
         ("Chris Yoon", "10:11 AM", "We tried it last year for three weeks."),
         ("Omar Haddad", "10:12 AM", "+1")]


def test_a_chat_copied_with_the_time_under_each_name_is_read_by_its_speakers():
    """Mattermost, Google Chat, Element, Zulip and a Teams channel copy the name on one
    line and the time alone under it; every line was a comment with no author. The
    day between messages, who joined, reactions and "(edited)" are the chat's."""
    lines = ["Today", "Dev Patel joined the channel"]
    for who, when, said in _CHAT:
        lines += [who, when, said + (" (edited)" if who == "Chris Yoon" else "")]
        lines += ["👍 2"] if who == "Lena Brooks" else []
    t = read_text("\n".join(lines), source="chat.txt")
    assert [(c.author, c.text) for c in t.comments] == [(w, s) for w, _, s in _CHAT]
    furniture = t.notes[0]
    for line in ("Today", "Dev Patel joined the channel", "👍 2"):
        assert line in furniture, furniture


def test_a_chat_reply_mark_gives_the_parent_and_its_quote_is_no_words_of_its_own():
    """Element's "In reply to NAME" with the message it answers shown again, Telegram's
    "[In reply to NAME]": the mark was words and the parent was guessed."""
    element = "\n".join([
        "Maya Ortiz", "19:02", "Should the school ban phones at lunch?",
        "Ben Ford", "19:05", "A ban is overkill, kids need to reach their parents.",
        "Priya Nair", "19:06", "Lunch is the only hour they talk face to face.",
        "Tom Hale", "19:08", "The office phone is there for that.",
        "Ben Ford", "19:09", "In reply to Maya Ortiz", "Should the school ban phones at lunch?",
        "Only if the office phone is open after school."])
    t = read_text(element, source="room.txt")
    ben = t.comments[4]
    assert (ben.author, ben.text, ben.parent_id) == (
        "Ben Ford", "Only if the office phone is open after school.", "c1")
    telegram = "\n\n".join(f"{who}, [14.03.2025 19:0{k}]\n{said}" for k, (who, said) in enumerate([
        ("Maya Ortiz", "Should the school ban phones at lunch?"),
        ("Ben Ford", "A ban is overkill."), ("Priya Nair", "Lunch is for talking."),
        ("Tom Hale", "Lockers cost money."),
        ("Maya Ortiz", "[In reply to Priya Nair]\nThey talk on the bus anyway.")]))
    last = read_text(telegram, source="tg.txt").comments[-1]
    assert (last.text, last.parent_id) == ("They talk on the bus anyway.", "c3")


def test_a_tag_after_a_name_is_the_pages_and_an_underscore_ending_a_name_is_the_names():
    """Reddit's phone site prints "marta_k OP · 5h": one person was two authors.
    "ben_ford_" lost its last "_" (read as Markdown's emphasis), so two people merged."""
    page = ("marta_k · 6h\nShould the library open on Sundays?\n"
            "ben_ford_ · 5h\nA seventh day means overtime.\n"
            "ben_ford · 5h\nNot if Monday mornings move.\n"
            "marta_k OP · 4h\nMonday mornings are empty anyway.\n")
    t = read_text(page, source="m.txt")
    assert [c.author for c in t.comments] == ["marta_k", "ben_ford_", "ben_ford", "marta_k"]


def test_a_copied_x_conversation_reads_replying_to_lists_and_quote_posts():
    """X's "Replying to @priya_n @ben_ford and @maya" names the post answered first; a
    quote post shows the quoted post, under its author's header, above its own words.
    The list stayed in the words, and the quote became a comment by the quoted author."""
    def post(name: str, handle: str, when: str, body: str) -> str:
        return f"{name}\n@{handle}\n·\n{when}\n{body}\n3\n12\n1.2K\n"

    page = ("Post\nSee new posts\nConversation\n"
            "Maya Ortiz\n@maya\nShould schools ban phones at lunch?\n7:02 PM · Mar 14, 2025\n"
            "12.4K\n Views\n48\n"
            + post("Ben Ford", "ben_ford_", "Mar 14", "Replying to @maya\nA ban is overkill.")
            + post("Priya Nair", "priya_n", "Mar 14",
                   "Replying to @ben_ford_ and @maya\nThat is what the office phone is for.")
            + post("Tom Hale", "tomhale", "Mar 14",
                   "Replying to @priya_n @ben_ford_ and @maya\nThe office closes at 3:30.")
            + post("Dana Cole", "danacole", "Mar 15",
                   "Quote\nMaya Ortiz\n@maya\n·\nMar 14\nShould schools ban phones at lunch?\n"
                   "Every generation panics about the new thing."))
    t = read_text(page, source="x.txt")
    assert [(c.author, c.text, c.parent_id) for c in t.comments] == [
        ("maya", "Should schools ban phones at lunch?", None),
        ("ben_ford_", "A ban is overkill.", "c1"),
        ("priya_n", "That is what the office phone is for.", "c2"),
        ("tomhale", "The office closes at 3:30.", "c3"),
        ("danacole", "Every generation panics about the new thing.", "c1")]


def test_a_mastodon_mention_names_the_handle_on_its_own_server():
    """"@benford" answers "benford@fosstodon.org": the mention matched nobody, so the
    reply was hung by guesswork."""
    page = "".join(f"{name}\n@{handle}\n{body}\nMar 14\n" for name, handle, body in [
        ("Maya Ortiz", "maya@mastodon.social", "Should schools ban phones at lunch?"),
        ("Ben Ford", "benford@fosstodon.org", "@maya A ban is overkill."),
        ("Priya Nair", "priya@mastodon.social", "@benford @maya the office phone is for that."),
        ("Tom Hale", "tomhale@hachyderm.io", "@priya @benford it closes at 3:30."),
        ("Dana Cole", "dana@mastodon.social", "@benford kids managed before phones.")])
    t = read_text(page, source="m.txt")
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2", "c3", "c2"]


def test_a_news_sites_comments_answer_the_article_and_name_whom_they_answer():
    """The Guardian's "MartaK" over "Oldbookworm" over "12 Mar 2024 9:40" (the name
    answered under the author's), the NYT's "Ann Oldham" over "Ohio" over "March 12" (where
    she lives, no one answered); with the article not copied, the comments' heading stands
    for it. Every line was a comment of its own under the first."""
    guardian = ("comments (214)\nSign in or create your Guardian account to join the "
                "discussion.\nSort by\nOldest\n"
                "Oldbookworm\n12 Mar 2024 9:14\nA seventh day means overtime.\nReply\nShare\n48\n"
                "MartaK\nOldbookworm\n12 Mar 2024 9:40\nNot if the Monday hours move.\nReply\n31\n"
                "PeteInRiverside\n12 Mar 2024 10:15\nGuardian Pick\nSundays were our busiest.\n"
                "Reply\n105\nShow 2 more replies\n"
                "© 2024 Guardian News & Media Limited or its affiliated companies.\n")
    g = read_text(guardian, source="g.txt")
    assert [(c.author, c.text, c.parent_id) for c in g.comments] == [
        (None, "comments (214)", None),
        ("Oldbookworm", "A seventh day means overtime.", "c1"),
        ("MartaK", "Not if the Monday hours move.", "c2"),
        ("PeteInRiverside", "Sundays were our busiest.", "c1")]
    nyt = "Comments 482\nReader Picks\nAll\nShare your thoughts.\n" + "".join(
        f"{who}\n{where}\nMarch 12\n{said}\nReply\n7 Recommend\nShare\nFlag\n"
        for who, where, said in [("Pete Alvarez", "Riverside, CA", "Sundays were our busiest."),
                                 ("Ann Oldham", "Ohio", "A seventh day means overtime."),
                                 ("Lin Wei", "Portland, OR", "@Pete Alvarez Busiest by visits?")])
    n = read_text(nyt, source="n.txt")
    assert [(c.author, c.text) for c in n.comments] == [
        (None, "Comments 482"), ("Pete Alvarez", "Sundays were our busiest."),
        ("Ann Oldham", "A seventh day means overtime."), ("Lin Wei", "Busiest by visits?")]
    assert n.comments[3].parent_id == "c2"


def test_a_discourse_copy_showing_full_names_keeps_each_posters_username():
    """Discourse may show the username over the full name, and over whom a reply answers:
    the username was left in the words above, and one person had two names."""
    page = ("Should the library open on Sundays?\n"
            "marta_k\nMarta Kowalski\nMar 12\nSunday is the only day parents can come.\nReply\n"
            "old_bookworm\nRalph Oldham\nMar 12\nA seventh day means overtime.\n1 Reply\nReply\n"
            "pete_planner\nPete Alvarez\nMar 12\nMove the Monday hours instead.\nReply\n"
            "marta_k\nMarta Kowalski\nold_bookworm\nMar 12\nNot if the hours move.\nReply\n")
    t = read_text(page, source="d.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        (None, "Should the library open on Sundays?"),
        ("marta_k", "Sunday is the only day parents can come."),
        ("old_bookworm", "A seventh day means overtime."),
        ("pete_planner", "Move the Monday hours instead."),
        ("marta_k", "Not if the hours move.")]
    assert t.comments[4].parent_id == "c3"


def test_badges_beside_a_name_and_who_reacted_are_the_pages():
    """Threads' "Author" between a name and its age, Facebook's "Top fan" under a name and
    "Author" over one, "All reactions:" over "Ben Ford, Priya Nair and 46 others", and
    LinkedIn's post age "1d •": each was read as a name or as words."""
    threads = ("mayaortiz\n14h\nShould schools ban phones at lunch?\n112\n"
               "benford_\n13h\nA ban is overkill.\n24\n"
               "priya_n\n13h\nThe office phone is for that.\n9\n"
               "mayaortiz\nAuthor\n11h\nI only mean lunch.\n2\n")
    assert [c.author for c in read_text(threads, source="t.txt").comments] == [
        "mayaortiz", "benford_", "priya_n", "mayaortiz"]
    facebook = ("Maya Ortiz\nAdmin\n · \n14h\n · \nShould the school ban phones at lunch?\n"
                "All reactions:\nBen Ford, Priya Nair and 46 others\n32 comments\nLike\nComment\n"
                "Share\nBen Ford\nTop fan\nA ban is overkill.\n13h\nLike\nReply\n12\n"
                "Author\nMaya Ortiz\nBen Ford I only mean lunch.\n13h\nLike\nReply\n"
                "Priya Nair\nThe office phone is for that.\n12h\nLike\nReply\n")
    assert [(c.author, c.text) for c in read_text(facebook, source="f.txt").comments] == [
        ("Maya Ortiz", "Should the school ban phones at lunch?"),
        ("Ben Ford", "A ban is overkill."), ("Maya Ortiz", "I only mean lunch."),
        ("Priya Nair", "The office phone is for that.")]
    linkedin = ("Maya Ortiz\nMaya Ortiz\n • 2nd\nHead of Product at Brightpath\n1d • \n"
                "Should schools ban phones at lunch?\nBen Ford and 86 others\n24 comments\n"
                "Ben Ford\n • 3rd+\nOperations Manager\n1d\nA ban is overkill.\nLike\nReply\n"
                "Priya Nair\n • 2nd\nTeacher\n20h\nLunch without phones is louder.\nLike\nReply\n")
    assert [(c.author, c.text) for c in read_text(linkedin, source="l.txt").comments] == [
        ("Maya Ortiz", "Should schools ban phones at lunch?"),
        ("Ben Ford", "A ban is overkill."), ("Priya Nair", "Lunch without phones is louder.")]


def test_a_stack_exchange_copy_with_its_counts_run_together_and_at_replies():
    """Copied from some browsers the reputation and badges run together ("1,20344
    silver badges1212 bronze badges"): the question's comments were glued to the next
    answer under its author. "@name …" under that person's comment answers it."""
    page = STACK_EXCHANGE.replace("1,204\n5 silver badges",
                                  "1,20344 silver badges1212 bronze badges")
    page = page.replace("22.1k", "22.1k22 gold badges3131 silver badges")
    page = page.replace("Add a comment\n2 Answers",
                        "@Jo Park New code only, for now. – dev_anna Mar 3, 2023 at 10:17\n"
                        "Add a comment\n2 Answers")
    t = read_text(page, source="se.txt")
    assert [(c.author, c.parent_id) for c in t.comments] == [
        ("dev_anna", None), ("Jo Park", "c1"), ("dev_anna", "c2"), ("greybeard42", "c1"),
        ("tool_fan", "c4"), ("a11y_sam", "c1")]
    assert "badges" not in " ".join(c.text for c in t.comments)


def test_a_hacker_news_copy_spaced_by_blank_lines_keeps_its_byline_and_title():
    """With blank lines between comments, the menu, title and byline above them (three
    lines with no blank between) were joined as one wrapped paragraph: the post lost its
    author and the menu became words."""
    page = ("Hacker News new | past | comments | ask | show | jobs | submit\tlogin\n"
            "Why small libraries should open on weekends (gazette.example)\n"
            "118 points by marta_k 6 hours ago | hide | past | favorite | 5 comments\n\n"
            + "".join(f"{who} {h} hours ago | {links}next [–]\n\n{said}\n\nreply\n\n"
                      for who, h, links, said in [
                          ("oldbookworm", 5, "", "A seventh day means overtime."),
                          ("marta_k", 4, "parent | ", "Not if the Monday hours move."),
                          ("pete_planner", 3, "", "Sundays were our busiest hours.")])
            + "Guidelines | FAQ | Lists | API | Security | Legal | Apply to YC | Contact\n")
    t = read_text(page, source="hn.txt")
    assert [(c.author, c.text, c.parent_id) for c in t.comments] == [
        ("marta_k", "Why small libraries should open on weekends (gazette.example)", None),
        ("oldbookworm", "A seventh day means overtime.", "c1"),
        ("marta_k", "Not if the Monday hours move.", "c2"),
        ("pete_planner", "Sundays were our busiest hours.", "c1")]


def _telegram_message(n: int, name: str | None, text: str, reply_to: int | None = None) -> str:
    """One message of a Telegram Desktop HTML export, as the app writes it."""
    who = (f'<div class="pull_left userpic_wrap"><div class="userpic"><div class="initials">'
           f'{name[:1]}</div></div></div>' if name else "")
    return (f'<div class="message default clearfix{"" if name else " joined"}" '
            f'id="message{n}">{who}<div class="body"><div class="pull_right date details" '
            f'title="14.03.2025 19:0{n % 10}:11">19:0{n % 10}</div>'
            + (f'<div class="from_name">{name}</div>' if name else "")
            + (f'<div class="reply_to details">In reply to <a href="#go_to_message{reply_to}" '
               f'onclick="return GoToMessage({reply_to})">this message</a></div>'
               if reply_to else "")
            + f'<div class="text">{text}</div></div></div>')


def test_a_telegram_html_export_reads_senders_and_the_messages_replies_point_to():
    """Telegram Desktop exports a chat as HTML by default: the initials in place of a
    picture, the dates and "joined" lines were comments of their own (7 messages became
    28 comments with no author), and "In reply to this message" was lost."""
    page = ('<html><head><title>Exported Data</title></head><body><div class="history">'
            '<div class="message service" id="message-1"><div class="body details">'
            '14 March 2025</div></div>'
            + _telegram_message(302, "Maya Ortiz", "Should the school ban phones at lunch?")
            + _telegram_message(303, "Ben Ford", "A ban is overkill.")
            + _telegram_message(304, None, "Kids need to reach their parents.")
            + _telegram_message(305, "Priya Nair", "Lunch is for talking.")
            + _telegram_message(306, "Maya Ortiz", "Only the late bus worries me.", reply_to=303)
            + "</div></body></html>")
    t = read_text(page, source="messages.html")
    assert [(c.author, c.text) for c in t.comments] == [
        ("Maya Ortiz", "Should the school ban phones at lunch?"),
        ("Ben Ford", "A ban is overkill.\n\nKids need to reach their parents."),
        ("Priya Nair", "Lunch is for talking."),
        ("Maya Ortiz", "Only the late bus worries me.")]
    assert t.comments[3].parent_id == "c2"


def test_a_tildes_copy_reads_link_parent_as_a_reply_and_leaves_its_menus_out():
    """Tildes prints "Link Parent" under a reply's header and "Link" under a top-level
    comment's: the row was dropped and a new top-level comment hung under the reply
    before it; the sort menu between the post and the comments was the post's words."""
    def comment(who: str, link: str, said: str) -> str:
        return f"−\n{who}\nMar 12, 2024\n{link}\n{said}\nVote (4)\nReply\nBookmark\n"

    page = ("Tildes\n~talk\nLog in\nRegister\nShould the library open on Sundays?\n"
            "The council votes next month on Sunday hours.\nPosted by marta_k\n5 comments\n"
            "Votes\n12\nComments\nSort by\nRelevance\nVotes\nNewest\nActivity\nView\nAll\n"
            "Collapse replies\n"
            + comment("oldbookworm", "Link", "A seventh day means overtime.")
            + comment("marta_k", "Link Parent", "Not if the Monday hours move.")
            + comment("pete_the_planner", "Link", "Sundays were our busiest hours.")
            + comment("lin_wei", "(edited )\nLink Parent", "Busy with borrowing, or wifi?"))
    t = read_text(page, source="tildes.txt")
    assert [(c.author, c.text, c.parent_id) for c in t.comments] == [
        (None, "Should the library open on Sundays?\n\n"
               "The council votes next month on Sunday hours.", None),
        ("oldbookworm", "A seventh day means overtime.", "c1"),
        ("marta_k", "Not if the Monday hours move.", "c2"),
        ("pete_the_planner", "Sundays were our busiest hours.", "c1"),
        ("lin_wei", "Busy with borrowing, or wifi?", "c4")]


def test_a_copy_of_a_kialo_discussion_page_reads_as_its_export():
    """A Kialo page copied whole: "Thesis" over the thesis, its claims under "Pros" and
    "Cons" with the count of claims under each. Every line had been a comment answering
    the site's name; now the sides are the authors' own, as in an export."""
    page = ("Kialo\nExplore\nLog In\nSign Up\nShould libraries open on Sundays?\nTags\n"
            "Libraries\nThesis\nLibraries should open on Sundays.\nPros\n"
            "Sunday is the only day many parents can come.\n3\n"
            "Moving the Monday hours would cost nothing.\n1\nCons\n"
            "A seventh day means paying staff overtime.\n4\nShare\nDiscussion Info\n"
            "Participants 14\n")
    t = read_text(page, source="kialo.txt")
    assert t.title == "Should libraries open on Sundays?"
    assert [(c.text, c.parent_id, c.stance) for c in t.comments] == [
        ("Libraries should open on Sundays.", None, None),
        ("Sunday is the only day many parents can come.", "1", "support"),
        ("Moving the Monday hours would cost nothing.", "1", "support"),
        ("A seventh day means paying staff overtime.", "1", "attack")]


def test_a_copied_steam_discussion_reads_its_posts_and_quotes():
    """Steam prints the name over "Mar 12, 2024 @ 9:14am" and "Originally posted by
    NAME:" over a quote; the "@" hid the time, so every post merged with the one before."""
    def post(who: str, when: str, body: str, n: int) -> str:
        return f"{who}\nMar 12, 2024 @ {when}\n{body}\n" + (f"#{n}\n" if n else "")

    page = ("STORE\nCOMMUNITY\nABOUT\nSUPPORT\nHarbor Sim > General Discussions > Topic Details\n"
            + post("marta_k", "9:14am", "Should the library open on Sundays?\n"
                   "Sunday is the only day my citizens can study.", 0)
            + "Showing 1-3 of 3 comments\n"
            + post("oldbookworm", "10:02am", "Originally posted by marta_k:\n"
                   "Sunday is the only day my citizens can study.\nIt costs upkeep every week.", 1)
            + post("pete", "11:45am", "Move the Monday hours to Sunday.", 2)
            + post("marta_k", "1:30pm", "That costs nothing extra.\n"
                   "Last edited by marta_k; Mar 12, 2024 @ 1:33pm", 3)
            + "Showing 1-3 of 3 comments\nPer page: 15 30 50\n")
    t = read_text(page, source="steam.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("marta_k", "Should the library open on Sundays?\n\n"
                    "Sunday is the only day my citizens can study."),
        ("oldbookworm", "It costs upkeep every week."),
        ("pete", "Move the Monday hours to Sunday."), ("marta_k", "That costs nothing extra.")]
    assert t.comments[1].parent_id == "c1"


def test_a_member_title_between_name_and_date_is_no_author():
    """XenForo without member statistics prints "Zoë Müller" / "Well-known member" /
    "Mar 12, 2024" / "#2": the title was read as the author ("Member"), and a post
    merged with the one before; "Click to expand..." and "Reactions: …" were words."""
    page = ("Four-day school week\nThread starter Hamish_G Start date Mar 12, 2024\n"
            "Hamish_G\nMember\nMar 12, 2024\n#1\nThe paper is thin on childcare.\n"
            "Zoë Müller\nWell-known member\nMar 12, 2024\n#2\nHamish_G said:\n"
            "The paper is thin on childcare.\nClick to expand...\nIt is thin on everything.\n"
            "Reactions: Hamish_G and Dora\n"
            "dora.lee\nNew member\nMar 13, 2024\n#3\nThe numbers are in the appendix.\n")
    t = read_text(page, source="xf.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        (None, "Four-day school week"), ("Hamish_G", "The paper is thin on childcare."),
        ("Zoë Müller", "It is thin on everything."),
        ("dora.lee", "The numbers are in the appendix.")]


def test_an_invision_quote_button_is_no_poster_and_a_quote_may_name_anyone():
    """The "Quote" button under each Invision post was read as the next poster's name,
    and "On …, Zoë Müller said:" was no quote (a name with letters beyond ASCII)."""
    def post(name: str, group: str, count: str, body: str) -> str:
        return f"{name}\n{group}\n{count}\nPosted March 12, 2024\n{body}\nQuote\n"

    page = (post("Rosalind_K", "Members", "87 posts", "The survey closes this week.")
            + post("Zoë Müller", "Members", "412 posts", "Leaning no, for the youngest.")
            + post("Bartholomew99", "Advanced Member", "1.2k posts",
                   "On 3/12/2024 at 9:15 PM, Zoë Müller said:\nLeaning no, for the youngest.\n"
                   "Some districts only lengthen the day for older grades."))
    t = read_text(page, source="ips.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("Rosalind_K", "The survey closes this week."),
        ("Zoë Müller", "Leaning no, for the youngest."),
        ("Bartholomew99", "Some districts only lengthen the day for older grades.")]
    assert t.comments[2].parent_id == "c2"


def test_a_tildes_copy_without_times_opens_a_comment_at_each_name_over_its_links():
    """Tildes may show no time by a name: the name over "Link" / "Link Parent" opens it."""
    comments = "".join(f"{who}\n{link}\n{said}\nVote (5)\nReply\nBookmark\n"
                       for who, link, said in [
        ("oriel", "Link", "The roads here are dangerous."),
        ("larkspur", "Link Parent", "Until has a way of becoming forever."),
        ("Zoe_M", "Link", "In my city it was allowed under 10 km/h.")])
    t = read_text("~town\nShould scooters ride on sidewalks?\n" + comments, source="t.txt")
    assert [(c.author, c.parent_id) for c in t.comments] == [
        (None, None), ("oriel", "c1"), ("larkspur", "c2"), ("Zoe_M", "c1")]


def test_a_stack_exchange_copy_without_comments_or_with_signatures_on_three_lines():
    """A question with two answers and no comment was too few headers to be a page: every
    line became a comment, the asker's two-word name was lost; a comment signed over
    three lines ("Why not split it? –", "dora_k", "Mar 12, 2023 at 10:01") shifted every
    author by one."""
    def answer(score: int, body: str, when: str, who: str, rep: str, comment: str = "") -> str:
        return (f"{score}\n{body}\nShare\nImprove this answer\nFollow\nanswered {when}\n{who}\n"
                f"{rep}\n{comment}")

    head = ("Dog park or playground?\nAsked 2 years ago\nViewed 2k times\n12\n"
            "Our town has one lot and $60k.\nurban-planning\nShare\nImprove this question\n"
            "Follow\nasked Mar 12, 2023 at 9:14\nZoë Müller\n1,2341126\n")
    answers = ("2 Answers\nSorted by:\n"
               + answer(9, "Count users first.", "Mar 12, 2023 at 11:02", "Lars Pettersen",
                        "23.4k33 gold badges5454 silver badges")
               + answer(3, "Ask who will maintain it.", "Mar 12, 2023 at 15:40", "k.ito",
                        "8861313 bronze badges")
               + "Your Answer\n")
    plain = read_text(head + answers, source="se.txt")
    assert [(c.author, c.parent_id) for c in plain.comments] == [
        ("Zoë Müller", None), ("Lars Pettersen", "c1"), ("k.ito", "c1")]
    signed = head + ("Why not split the lot? – \ndora_k\n Mar 12, 2023 at 10:01\n"
                     "@dora_k it is too small for both. – \nZoë Müller\n Mar 12, 2023 at 10:20\n")
    t = read_text(signed + answers, source="se.txt")
    assert [(c.author, c.text, c.parent_id) for c in t.comments][1:3] == [
        ("dora_k", "Why not split the lot?", "c1"),
        ("Zoë Müller", "it is too small for both.", "c2")]


def test_an_x_replying_to_list_spread_over_lines_is_one_mark():
    """X may copy "Replying to", each handle and each "and" on lines of their own: the
    rest of the list stayed in the reply's words."""
    page = ("Greenvale Council\n@greenvale\nShould the scooter pilot go on?\n"
            "10:02 AM · Mar 14, 2025\nRelevant\nView quotes\n"
            "Priya Raman\n@priya_r\n·\nMar 14\nReplying to\n@greenvale\nYes, with fewer scooters.\n"
            "Tom Åkesson\n@tomak\n·\nMar 14\nReplying to\n@priya_r\nand\n@greenvale\n"
            "Fewer scooters means more driving.\n")
    t = read_text(page, source="x.txt")
    assert [(c.author, c.text, c.parent_id) for c in t.comments] == [
        ("greenvale", "Should the scooter pilot go on?", None),
        ("priya_r", "Yes, with fewer scooters.", "c1"),
        ("tomak", "Fewer scooters means more driving.", "c2")]


def test_badges_and_menus_of_product_hunt_and_github_discussions_are_the_pages():
    """Product Hunt's "Maker" / "Hunter" under a name, GitHub Discussions' "comment
    options", reaction counts and the sign-up line were read as comments' words."""
    hunt = "".join(f"{who}\n{badge}{said}\nUpvote (8)\nShare\n5d ago\n" for who, badge, said in [
        ("Aurelio Bassi", "Maker\n", "We built LeashLoop for dog parks."),
        ("Priyanka Deshmukh", "", "Will it show how busy a park is?"),
        ("Jonas Weber", "Hunter\n", "Do people book a dog park at all?")])
    t = read_text("LeashLoop\nFind and book dog parks\n" + hunt, source="ph.txt")
    assert [c.text for c in t.comments if c.author] == [
        "We built LeashLoop for dog parks.", "Will it show how busy a park is?",
        "Do people book a dog park at all?"]
    gh = "".join(f"{who} commented Mar 3, 2026\n{said}\n3 You reacted with thumbs up emoji\n"
                 "comment options\n" for who, said in [
                     ("hannah-li", "Should we run a scooter class?"),
                     ("bdoyle42", "Yes, and bikes too."), ("marisol-v", "Check the insurance.")])
    g = read_text(gh + "Sign up for free to join this conversation on GitHub.\n", source="g.txt")
    assert [c.text for c in g.comments] == [
        "Should we run a scooter class?", "Yes, and bikes too.", "Check the insurance."]


def test_a_hacker_news_threads_page_spaced_by_blank_lines_keeps_its_first_header():
    """A user's "threads" page: the menu and the first comment's header ("tallpine 3 hours
    ago | parent | context | next [–] | on: …") with no blank line between were joined
    as one wrapped paragraph, and the first comment lost its author."""
    page = ("Hacker News new | threads | past | comments | ask | show | jobs | submit\ttallpine\n"
            "tallpine 3 hours ago | parent | context | next [–] | on: City replaces parking\n\n"
            "The docks take one car space per ten scooters.\n\nreply\n\n"
            "haskhask 2 hours ago | parent | next [–]\n\nOnly if people use them.\n\nreply\n\n"
            "tallpine 2 hours ago | parent | next [–]\n\nStill more trips than one car.\n\nreply\n")
    t = read_text(page, source="hn.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("tallpine", "The docks take one car space per ten scooters."),
        ("haskhask", "Only if people use them."), ("tallpine", "Still more trips than one car.")]


_ORDINARY = {
    # dash bullets and a dash interview are no signatures
    "bullets": ("Electric buses for the town?\n\nFor:\n– Quieter\n– Cleaner\nAgainst:\n"
                "– Expensive\n– Range\n– Charging\n\nThe range worry is old news."),
    "credits": ("Three quotes for the debate.\n\n“Well begun is half done.”\n— Aristotle\n"
                "“Haste makes waste.”\n— Franklin\n“Act now.”\n— Nobody\n\nI side with Franklin."),
    # a timeline with day-first dates names nobody
    "timeline": ("The consultation timeline.\n\nConsultation 12 March 2024\nVote 1 April 2024\n"
                 "Closure 30 April 2024\n\nThat is too fast for a school change."),
    # a chat whose turns say words a page also shows
    "chat": ("ann: Should the book club move to Thursdays?\nben: Relevant question.\n"
             "cy: Priya left.\nann: Quote\nben: Monday\nben: Wednesday\ncy: Reactions: mixed.\n"
             "ann: I can do any of these:\nMonday\nWednesday\nSaturday\nben: Saturday it is.\n"
             "cy: In reply to your question, Thursday.\nann: Short list to end:\nOak\nAsh\nElm\n"
             "Powered by volunteers\n© 2024 Book Club"),
    # names over days and lines that open on "to": no mail page
    "mailish": ("Should the choir sing in summer?\n\nAnn Lee\nTue 10:30\nto be honest I'd rest.\n\n"
                "Bob Hart\nWed 18:45\nto me a concert is the best way to recruit singers.\n"),
    # a post whose options sit above the first comment's header
    "options": ("Which parking scheme should our street choose?\nResident permits\n"
                "Pay and display\nNo change\nmarta_k · 5h\nResident permits, surely.\n"
                "dan_van · 4h\n"
                "Permits cost £80 a year.\nmarta_k · 3h\nStill cheaper than paying to park.\n"
                "lee_r · 2h\nMy list of streets:\nMill Road\nHigh Street\nStation Road"),
    # a page's buttons named in a list, a reply quoted after a colon, a day alone
    "buttons": ("We showed Grandma the three buttons under every post:\nLike\nReply\nShare\n"
                "She still only uses stickers.\n\nThe sponsor only wrote back:\nGefällt mir\n\n"
                "Gestern\nEs hat den ganzen Tag geregnet."),
}


@pytest.mark.parametrize("name", sorted(_ORDINARY))
def test_ordinary_text_that_looks_like_a_page_keeps_every_word(name):
    """What a copied page or chat shows around its comments (a dash before a name, a
    day-first date, "Relevant", "Quote", a day, a list of short lines, "© 2024") is also
    what people write. Read as the page's, a bullet list became authors, a chat turn or
    a post's options were left out, the end of a last comment was taken for a footer."""
    text = _ORDINARY[name]
    t = read_text(text, source=f"{name}.txt")
    said = " ".join(f"{c.author or ''} {c.text}" for c in t.comments)
    words = set(re.findall(r"[A-Za-zÄÖÜäöü£©][\w'’.£-]*", text)) - {"ann", "ben", "cy"}
    assert {w for w in words if w not in said} <= {"In", "reply", "to", "your"}, t.notes
    if name in ("bullets", "credits", "timeline"):
        assert all(c.author is None for c in t.comments)


def test_a_footer_is_the_sites_menu_after_the_last_comment_but_a_list_it_opens_is_said():
    """A page's last lines with no footer mark ("About / Tags / Filter / Moderation Log")
    are its menu; a list the last comment opens with ":" stays its words even above a
    footer with a mark."""
    comments = "".join(f"{who} · {h}h\n{said}\n" for who, h, said in [
        ("marta_k", 5, "Sundays would help parents."), ("oldbookworm", 4, "Overtime costs."),
        ("pete_p", 3, "Streets near the library:\nMill Road\nHigh Street\nStation Road")])
    menu = read_text(comments + "About\nTags\nFilter\nModeration Log\n", source="l.txt")
    assert menu.comments[-1].text == ("Streets near the library:\n\nMill Road\n\nHigh Street"
                                      "\n\nStation Road")
    marked = read_text(comments + "Privacy | Terms | Contact\n© 2026 Riverside Forum\n",
                       source="m.txt")
    assert marked.comments[-1].text == menu.comments[-1].text


JIRA = """Projects
Issues
Boards
OPS-12 / Rotate service account keys every 90 days
Edit
Comment
Details
Type:\tImprovement
Priority:\tMajor
Description
Thirty keys in production are older than a year. I propose a 90-day limit for them.
Attachments
Activity
Permalink
Oksana Hrytsenko added a comment - 11/Mar/24 9:14 AM
A hard disable will break the on-prem batch jobs. Can we have an exemption list?
Permalink
Lucas Ferreira added a comment - 11/Mar/24 10:02 AM
Exemption lists are how we got three-year-old keys in the first place.
Permalink
Grace Okafor added a comment - 11/Mar/24 1:45 PM - edited
Exemptions with an end date worked for the TLS deprecation. I'd alert first, then disable.
People
Reporter:
Samir Haddad
"""


def test_an_issue_trackers_comment_headers_and_its_description():
    """Jira, Azure DevOps, Phabricator and Redmine head each comment "NAME added a
    comment - DATE" (or "commented 2 hours ago", "#3 Updated by NAME 10 days ago"): read
    as a paste every line was a comment; the issue's description is the post, by its
    reporter."""
    t = read_text(JIRA, source="issue.txt")
    assert [c.author for c in t.comments] == ["Samir Haddad", "Oksana Hrytsenko",
                                              "Lucas Ferreira", "Grace Okafor"]
    # the title over the description, the fields and buttons between them left out
    assert t.comments[0].text.startswith("OPS-12 / Rotate service account keys every 90 days\n\n"
                                         "Thirty keys in production")
    words = " ".join(c.text for c in t.comments)
    for furniture in ("Permalink", "added a comment", "Attachments", "Priority", "Boards"):
        assert furniture not in words
    redmine = ("Description\nMake PostgreSQL the default database.\nHistory\n"
               "#1 Updated by Olu Adeyemi 11 days ago\nSQLite needs no setup at all.\n"
               "#2 Updated by Rahul Mehta 10 days ago\nCategory set to Database\n"
               "Olu Adeyemi wrote in #note-1:\nSQLite needs no setup at all.\n"
               "Neither does the Postgres container.\n"
               "#3 Updated by Grace Okafor 7 days ago\nWAL mode first, then decide.\n")
    t = read_text(redmine, source="issue.txt")
    assert [c.author for c in t.comments] == [None, "Olu Adeyemi", "Rahul Mehta", "Grace Okafor"]
    rahul = t.comments[2]
    assert rahul.text == "Neither does the Postgres container." and rahul.parent_id == "c2"


METAFILTER = """MetaFilter
Log in
The great clock debate returns
March 3, 2025 10:02 AM   Subscribe
The state passed a bill to stay on permanent daylight saving time.
posted by wren_at_dusk (9 comments total) 6 users marked this as a favorite

I would take either permanent option over switching twice a year.
posted by pallid_rook at 10:09 AM on March 3 [21 favorites]

Permanent daylight time means the sun rises after 8:30 in December here.
posted by Countess Marigold at 10:16 AM on March 3 [14 favorites]

Schools can start later, which the district already studied.
posted by tubafrog at 10:24 AM on March 3 [3 favorites]
"""


def test_a_metafilter_page_is_read_by_the_bylines_under_its_comments():
    """MetaFilter signs each comment under its words ("posted by NAME at TIME on DATE
    [N favorites]"); read as a paste, each byline was an authorless comment."""
    t = read_text(METAFILTER, source="mefi.txt")
    assert [c.author for c in t.comments] == ["wren_at_dusk", "pallid_rook",
                                              "Countess Marigold", "tubafrog"]
    assert t.comments[1].text == "I would take either permanent option over switching twice a year."
    assert "posted by" not in " ".join(c.text for c in t.comments)


def test_other_sites_comment_headers():
    """Everything2's writeup headers, Trustpilot's "Reply from COMPANY" and Coral's "Show
    All Replies" between comments (a button, never the next comment's author)."""
    e2 = ("(idea) by marlowe_k Mon Mar 03 2025 at 10:02:14\nA four-day week keeps the pay.\n"
          "(opinion) by Pseudo_Gecko Mon Mar 03 2025 at 14:27:51\nTrials were volunteers.\n"
          "(idea) by tenderloin Tue Mar 04 2025 at 08:11:40\nHospitals cannot close on Friday.\n")
    t = read_text(e2, source="e2.txt")
    assert [c.author for c in t.comments] == ["marlowe_k", "Pseudo_Gecko", "tenderloin"]
    coral = ("MarisolQ\n2 hours ago\nScooters block the curb cuts every week.\nReply\nShare\n"
             "Ben Ode\n1 hour ago\nFine the companies, not the riders.\nReply\nShare\n"
             "Show All Replies\nTed Lowe\n3 hours ago\nParking them in racks fixed it in Oslo.\n"
             "Reply\nShare\n")
    t = read_text(coral, source="coral.txt")
    assert [c.author for c in t.comments] == ["MarisolQ", "Ben Ode", "Ted Lowe"]
    assert "Show All Replies" not in " ".join(c.text for c in t.comments)


def test_a_goodreads_discussion_is_read_by_its_message_headers_and_quotes():
    text = ("message 1: by Anna (new)\nMar 01, 2025 06:42PM\n"
            "The chapter on the second pilot had real numbers though.\nreply | flag *\n"
            "message 2: by Marcus (new)\nMar 01, 2025 07:10PM\n"
            'Anna wrote: "The chapter on the second pilot had real numbers though."\n'
            "It had numbers for 140 people in one town during a boom.\nreply | flag *\n"
            "message 3: by Devika (new)\nMar 02, 2025 09:15AM\n"
            "She skips the pilots that found nothing.\nreply | flag *\n")
    t = read_text(text, source="review.txt")
    assert [c.author for c in t.comments] == ["Anna", "Marcus", "Devika"]
    marcus = t.comments[1]
    assert marcus.text == "It had numbers for 140 people in one town during a boom."
    assert marcus.parent_id == "c1" and marcus.quotes[0].source_comment_id == "c1"


def test_amazon_answers_are_signed_under_their_words():
    text = ("Question:\nIs this kettle worth it over the basic one?\nasked on March 1, 2024\n"
            "Showing 1-3 of 3 answers\n"
            "Only if you drink green tea. Boiling water makes it bitter.\n"
            "By Mei-Lin on March 3, 2024\n42 of 44 found this helpful. Do you?\nYes\nNo\nReport\n"
            "No. I use the boil button almost every time.\nBy Kevin R. on March 5, 2024\n"
            "17 of 25 found this helpful. Do you?\nYes\nNo\nReport\n"
            "Pour-over coffee at 93 degrees is less bitter, so yes for coffee people.\n"
            "By Adaeze O. on March 9, 2024\n")
    t = read_text(text, source="qa.txt")
    assert [c.author for c in t.comments] == [None, "Mei-Lin", "Kevin R.", "Adaeze O."]
    assert t.comments[2].text == "No. I use the boil button almost every time."
    words = " ".join(c.text for c in t.comments)
    assert "found this helpful" not in words and "By Kevin" not in words


def test_an_issue_page_with_names_over_ages_keeps_its_description_as_the_post():
    """Jira Cloud and Linear head comments with the name over an age ("2 hours ago");
    the issue's key ("PAY-2291") over the title is no author, and the description is
    the post, without the page's menus and fields."""
    text = ("Projects\n/\nPayments\n/\nPAY-2291\nMove sessions from Redis to Postgres\nAdd\n"
            "Description\nWe lost 1,400 carts in the last failover. Move sessions to Postgres.\n"
            "Linked work items\nActivity\nAll\nComments\n"
            "Mei Tanaka\n2 hours ago\nFix Redis persistence first and revisit next quarter.\n"
            "Edit\nDelete\n"
            "Rahul Mehta\n5 hours ago\nPostgres handles 2k reads a second on this instance.\n"
            "Edit\nDelete\n"
            "Anika Bose\nYesterday at 4:51 PM\nThe failover loss was eviction, not Redis itself.\n"
            "Reporter\nAnika Bose\n")
    t = read_text(text, source="issue.txt")
    assert [c.author for c in t.comments] == ["Anika Bose", "Mei Tanaka", "Rahul Mehta",
                                              "Anika Bose"]
    assert t.comments[0].text == ("Move sessions from Redis to Postgres\n\n"
                                  "We lost 1,400 carts in the last failover. "
                                  "Move sessions to Postgres.")


def test_a_page_pasted_twice_is_read_once():
    """A copy pasted twice (or copied in two scrolls that overlap) repeats each comment
    under its header: the same author in the same words is one comment, and a reply to
    the repeat answers the first copy."""
    page = ("jsmith 5 hours ago | parent | next [–]\n"
            "Congestion pricing worked in Stockholm within a year of the trial.\n"
            "mwong 4 hours ago | parent | next [–]\n"
            "Stockholm has a metro that can take the drivers it prices off the road.\n")
    more = ("akumar 3 hours ago | parent | next [–]\n"
            "So does this city, once the new line opens in the spring.\n")
    t = read_text(page + page + more, source="page.txt")
    assert [c.author for c in t.comments] == ["jsmith", "mwong", "akumar"]
    assert [c.id for c in t.comments] == ["c1", "c2", "c3"]
    assert all(c.parent_id in (None, "c1", "c2") for c in t.comments)
    assert any("copied twice read once" in n for n in t.notes)
    # a person who says the same short thing twice said it twice
    chat = ("alice: yes\nbob: Should we move the meeting to Friday?\nalice: yes\n"
            "bob: Then Friday at ten it is, in the big room.\n")
    assert [c.text for c in read_text(chat, source="chat.txt").comments].count("yes") == 2


def test_a_page_whose_interface_speaks_another_language():
    """The same layouts with the site's words in German, French or Italian: "vor 5 Std.",
    "il y a 3 h", "8 ore fa" are times, "Antworten" and "Teilen" buttons, "par NAME »" a
    phpBB post's header and "NAME a écrit :" its quote."""
    reddit = ("radweg_rita · vor 5 Std.\nCycle lanes on the ring road would fix the school run.\n"
              "Antworten\nTeilen\n"
              "stau_stefan · vor 4 Std.\nThe ring road is the only way into town for deliveries.\n"
              "Antworten\nTeilen\n"
              "radweg_rita · vor 3 Std.\nDeliveries come before eight, the lanes matter after.\n"
              "Antworten\nTeilen\n")
    t = read_text(reddit, source="page.txt")
    assert [c.author for c in t.comments] == ["radweg_rita", "stau_stefan", "radweg_rita"]
    assert not any(w in " ".join(c.text for c in t.comments) for w in ("Antworten", "vor 5"))
    phpbb = ("par Abeille_Noire » mar. 12 mars 2024 10:02\n"
             "La mairie veut plafonner le nombre de ruches par quartier.\n"
             "par Rucher_Plateau » mar. 12 mars 2024 11:18\n"
             "Abeille_Noire a écrit : ↑mar. 12 mars 2024 10:02\n"
             "La mairie veut plafonner le nombre de ruches par quartier.\n"
             "Un plafond sans comptage des ruches existantes ne sert à rien.\n"
             "Guepier_Bleu\nMessages : 97\nInscription : ven. 2 oct. 2020 09:12\n"
             "Re: Faut-il limiter les ruches ?\nCiter\n"
             "par Guepier_Bleu » mar. 12 mars 2024 15:30\n"
             "Le frelon asiatique tue plus d'abeilles que les ruches voisines.\n")
    t = read_text(phpbb, source="page.txt")
    assert [c.author for c in t.comments] == ["Abeille_Noire", "Rucher_Plateau", "Guepier_Bleu"]
    assert t.comments[1].text == "Un plafond sans comptage des ruches existantes ne sert à rien."
    assert t.comments[1].quotes[0].source_comment_id == "c1"


def test_a_localised_whatsapp_export_keeps_its_speakers_and_drops_the_apps_notes():
    text = ("12.03.24, 18:55 - Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.\n"
            "12.03.24, 18:55 - Sandra Vogel hat die Gruppe „Klassenfahrt“ erstellt\n"
            "12.03.24, 19:02 - Sandra Vogel: Sollen wir ein Handyverbot unterstützen?\n"
            "12.03.24, 19:05 - Jana Öztürk: Ja, drei Tage ohne Handy tun allen gut.\n"
            "12.03.24, 19:09 - Markus Brenner: Nein, ich will meine Tochter abends erreichen.\n"
            "12.03.24, 19:12 - Jana Öztürk: Die Lehrer haben doch ein Telefon dabei.\n"
            "12.03.24, 19:15 - Sandra Vogel: Dann gebe ich weiter: Verbot, Lehrertelefon.\n")
    t = read_text(text, source="chat.txt")
    assert [c.author for c in t.comments] == ["Sandra Vogel", "Jana Öztürk", "Markus Brenner",
                                              "Jana Öztürk", "Sandra Vogel"]
    assert "verschlüsselt" not in " ".join(c.text for c in t.comments)


def test_a_description_tab_over_comments_takes_no_words():
    """GitHub shows "Description" as a tab over the issue's first comment: the rule that
    makes a tracker's description the post must not drop that comment's words."""
    text = ("Cache keys differ for the same file on Windows and Linux\n#4821\nDescription\n"
            "marta-k opened this issue on Mar 3, 2025 · 3 comments\nComments\n"
            "marta-k commented on Mar 3, 2025 •\nedited\n"
            "When the same repository is built on Windows and on Linux the keys differ for "
            "identical files.\n"
            "dkowal commented on Mar 3, 2025\nThanks, I can reproduce it on both runners.\n"
            "pbrennan commented on Mar 4, 2025\nNormalise the separators before hashing.\n")
    words = " ".join(c.text for c in read_text(text, source="issue.txt").comments)
    assert "When the same repository is built on Windows" in words


@pytest.mark.parametrize("header, author", [
    ("[-]Orrin Hale11d*62", "Orrin Hale"),  # LessWrong: an edited comment's "*"
    ("[-]Priya Raman3d18✓ 9✗ 2", "Priya Raman"),  # EA Forum: agreement votes
    ("[–]AutoModerator[M] 1 point 9 hours ago - stickied comment", "AutoModerator"),
    ("Ravi ✨ — Today at 8:02 AM", "Ravi"),  # Discord: an emoji in the display name
])
def test_a_comment_header_with_one_more_mark_still_opens_its_comment(header, author):
    """One mark more in a header had hidden the comment: its words went to the one above."""
    first, third = {
        "[-]": ("[-]Tamsin Vell12d40", "[-]Mira Lund10d12"),
        "[–]": ("[–]kestrel_99 12 points 10 hours ago", "[–]millpond_mo 3 points 8 hours ago"),
        "Ravi": ("Otto — Today at 7:58 AM", "Marisol — Today at 8:05 AM"),
    }[next(k for k in ("[-]", "[–]", "Ravi") if header.startswith(k))]
    text = "\n".join([first, "Counting the visitors is the only honest way to decide this.",
                      header, "A count in one month says nothing about the whole year.",
                      third, "Then count in two months, one in summer and one in winter."])
    t = read_text(text, source="page.txt")
    assert [c.author for c in t.comments][1] == author
    assert t.comments[1].text == "A count in one month says nothing about the whole year."


def test_old_reddit_and_facebook_in_spanish_and_german():
    old = ("[–]Tortilla_con_cebolla 87 puntos hace 6 horas\n"
           "Totalmente necesaria, el barrio ya es un parque temático.\n"
           "enlace permanenteguardarreportardar premioresponder\n"
           "[–]jordi_pedala 41 puntos hace 6 horas\n"
           "Algo sí, pero quitar todas las licencias de golpe es pasarse.\n"
           "enlace permanenteguardarpadrereportardar premioresponder\n"
           "[–]El_Gato_Fiscal 62 puntos hace 6 horas\n"
           "Ojo con pensar que los alquileres van a bajar.\n"
           "enlace permanenteguardarreportardar premioresponder\n")
    t = read_text(old, source="page.txt")
    assert [c.author for c in t.comments] == ["Tortilla_con_cebolla", "jordi_pedala",
                                              "El_Gato_Fiscal"]
    assert "enlace" not in " ".join(c.text for c in t.comments)
    assert t.comments[1].parent_id == "c1"  # its row has "padre": a reply
    facebook = ("Sabine Krüger\nEndlich, mein Sohn fährt da jeden Tag zur Schule.\n"
                "Gefällt mir · Antworten · 4 Std.\n38\n"
                "Jürgen Hessler\nUnd wo sollen die Anwohner und der Lieferverkehr hin?\n"
                "Gefällt mir · Antworten · 4 Std.\n11\nAlle 14 Antworten ansehen\n"
                "Petra Lindemann\nErst mal die Schlaglöcher in der Talstraße reparieren.\n"
                "Gefällt mir · Antworten · 2 Std.\n")
    t = read_text(facebook, source="page.txt")
    assert [c.author for c in t.comments] == ["Sabine Krüger", "Jürgen Hessler",
                                              "Petra Lindemann"]
    assert "Gefällt" not in " ".join(c.text for c in t.comments)


def test_a_lesswrong_posts_byline_names_its_author():
    """LessWrong, the EA Forum and the Alignment Forum print "by NAME" over the post's
    date: the post is that person's, not nobody's."""
    text = ("LESSWRONG\nPublishing negative results is underrated\nby Tamsin Vell\n"
            "2 min read\n12th Mar 2025\n"
            "Most papers report a method that worked. The failures live in lab notebooks.\n"
            "[-]Orrin Hale11d12\nNegative results are hard to review, though.\n"
            "[-]Devi Anand9d5✓ 3\nA short format with the code attached fixes most of that.\n")
    t = read_text(text, source="post.txt")
    assert [c.author for c in t.comments] == ["Tamsin Vell", "Orrin Hale", "Devi Anand"]
    assert "12th Mar 2025" not in t.comments[0].text
    assert "Most papers report a method that worked." in t.comments[0].text


def test_a_page_listing_the_newest_comment_first_is_read_oldest_first():
    """Azure DevOps, Jira ("Newest first") and a sort by "Newest" put the latest comment
    on top: read in that order, every reply came before what it answers."""
    text = ("Dmitri Kowalski commented 2 hours ago\n"
            "@Samir Haddad the collector can send to both backends during the trial.\n"
            "Samir Haddad commented 5 hours ago\n"
            "I am against dropping the vendor agent before .NET parity.\n"
            "Anika Bose commented yesterday\n"
            "Is a six-week migration worth it when most incidents stay in one service?\n"
            "Priya Raman commented 2 days ago\n"
            "We should move every service to OpenTelemetry this quarter.\n")
    t = read_text(text, source="item.txt")
    assert [c.author for c in t.comments] == ["Priya Raman", "Anika Bose", "Samir Haddad",
                                              "Dmitri Kowalski"]
    assert any("newest comment first" in n for n in t.notes)
    assert t.comments[3].parent_id == "c3"  # Dmitri answers Samir, who spoke before him
    # oldest first, or ages that go both ways, stay in the page's order
    mixed = text.replace("commented yesterday", "commented 1 hour ago")
    assert [c.author for c in read_text(mixed, source="item.txt").comments][0] == "Dmitri Kowalski"


def test_a_reddit_flair_between_a_name_and_its_age_hides_no_comment():
    text = ("aisle_seat_andy\n•\n6h ago\nRecline is there to be used. Pay for the seat, use it.\n"
            "Reply\nShare\n"
            "legroom_lou\n6'4\" and suffering\n•\n5h ago\n"
            "A quick look behind before you go back costs you nothing.\nReply\nShare\n"
            "window_wendy\n· 4h ago\nSlowly and not during meal service is all I ask.\n")
    t = read_text(text, source="page.txt")
    assert [c.author for c in t.comments] == ["aisle_seat_andy", "legroom_lou", "window_wendy"]
    assert t.comments[1].text == "A quick look behind before you go back costs you nothing."
    # a line under a name over a bare age is said (Instagram)
    insta = ("grocer_dan\nnice stall this week\n2d\n12 likes\nReply\n"
             "walker_li\nthe bread sold out by ten\n1d\n3 likes\nReply\n"
             "cityofharbor\nsame time next saturday\n20h\n")
    said = " ".join(c.text for c in read_text(insta, source="page.txt").comments)
    assert "nice stall this week" in said and "the bread sold out by ten" in said
