"""Copies of phpBB, XenForo and vBulletin thread pages: post headers, member blocks,
quotes."""

from __future__ import annotations

import pytest

from argmap.errors import ArgmapError
from argmap.read import detect_format, forum, read_text
from tests.conftest import FIXTURES

XENFORO = (FIXTURES / "read" / "forum-xenforo.txt").read_text("utf-8")
PHPBB = (FIXTURES / "read" / "forum-phpbb.txt").read_text("utf-8")
VBULLETIN = (FIXTURES / "read" / "forum-vbulletin.txt").read_text("utf-8")


def test_a_xenforo_copy_is_a_comment_per_post_with_its_quotes():
    assert detect_format(XENFORO, "page.txt") == "forum"
    t = read_text(XENFORO, source="page.txt")
    assert t.title == "Should the city ban cars from the centre?"
    assert [c.author for c in t.comments] == ["Jane Doe", "Bob Smith", "Carol White"]
    menus = read_text("Forums\nWhat's new\n" + XENFORO, source="page.txt")
    assert "left out 2 line(s) above the first post" in menus.notes[0]
    assert menus.title == t.title
    words = " ".join(c.text for c in t.comments)
    for furniture in ("Joined", "Messages", "Reaction score", "member", "#2", "said:",
                      "Click to expand", "1,234", "Nov 24, 2026", "Last edited", "Like"):
        assert furniture not in words
    bob, carol = t.comments[1], t.comments[2]
    assert bob.text.startswith("It would also empty the shops")
    assert bob.quotes[0].text == "A ban on private cars would fix both."
    assert (bob.parent_id, carol.parent_id) == ("c1", "c2")


def test_a_phpbb_quote_runs_while_it_repeats_the_quoted_post():
    assert detect_format(PHPBB, "page.txt") == "forum"
    t = read_text(PHPBB, source="page.txt")
    assert [c.author for c in t.comments] == ["janedoe", "bobsmith", "carolw"]
    bob = t.comments[1]
    assert [q.text for q in bob.quotes] == ["A ban on private cars would fix both."]
    assert bob.quotes[0].source_comment_id == "c1" and bob.parent_id == "c1"
    # the quote ends where the words stop repeating Jane's; "Re: …" subjects go
    assert bob.text == ("It would also empty the shops. Half their customers drive in "
                        "from the villages.")
    assert "Re:" not in " ".join(c.text for c in t.comments)


def test_a_vbulletin_copy_drops_the_member_blocks_and_reads_its_quotes():
    """vBulletin prints "Old DATE, TIME #N" over the poster's name, a member title and
    "Join Date:"/"Posts:" under it, and "Quote:" / "Originally Posted by NAME" over a
    quote; read as a paste, all of it was words and the quote went unseen."""
    assert detect_format(VBULLETIN, "page.txt") == "forum"
    t = read_text(VBULLETIN, source="page.txt")
    assert t.title == "Should the city ban cars from the centre?"
    assert [c.author for c in t.comments] == ["janedoe", "bobsmith", "carolw"]
    words = " ".join(c.text for c in t.comments)
    for furniture in ("Old", "#2", "Senior Member", "Join Date", "Posts:", "Location",
                      "Quote:", "Originally Posted", "Reply With Quote", "1,234"):
        assert furniture not in words
    bob = t.comments[1]
    assert bob.text == "It would also empty the shops. Half the customers drive in from the hills."
    assert [q.text for q in bob.quotes] == ["A ban on private cars would fix both."]
    assert bob.parent_id == "c1" and t.comments[2].text.startswith("Footfall")
    assert "3 vBulletin posts" in t.notes[0]


def test_one_post_header_is_no_forum_and_a_headerless_text_is_refused():
    assert not forum.looks_like_forum_copy("Post by ann » Tue Nov 24, 2026 10:02 am\nHi.\n")
    with pytest.raises(ArgmapError, match="no forum post headers"):
        forum.read("Just some words.\n", "x.txt")


def test_a_prosilver_copy_leaves_each_posters_details_and_the_footer_out():
    """phpBB's prosilver style prints the poster's name, "Posts:" and "Joined:" above
    "Post by …", so a copy put each of them at the end of the post before; the links
    and "Powered by phpBB" under the last post were its words too."""
    member = {"janedoe": ["janedoe", "Posts: 213", "Joined: Mon Jan 04, 2021 3:10 pm"],
              "bobsmith": ["bobsmith", "Site Admin", "Posts: 1045",
                           "Joined: Wed Aug 19, 2015 7:41 pm", "Location: Harbor Town"],
              "carolw": ["carolw", "Posts: 57", "Joined: Sat Feb 02, 2019 11:20 am"]}
    page = "\n".join([
        "Board index", "Town Talk", "Should the city ban cars from the centre?",
        *member["janedoe"], "Should the city ban cars from the centre?",
        "Post by janedoe » Tue Nov 24, 2026 10:02 am", "The air in the centre is bad.", "Top",
        *member["bobsmith"], "Re: Should the city ban cars from the centre?",
        "Post by bobsmith » Tue Nov 24, 2026 11:15 am", "A ban would empty the shops.", "Top",
        *member["carolw"], "Re: Should the city ban cars from the centre?",
        "Post by carolw » Tue Nov 24, 2026 12:40 pm", "The survey says a quarter drive in.",
        "Top", "Return to “Town Talk”", "Jump to",
        "Powered by phpBB® Forum Software © phpBB Limited", "Privacy | Terms"])
    t = read_text(page, source="page.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("janedoe", "The air in the centre is bad."),
        ("bobsmith", "A ban would empty the shops."),
        ("carolw", "The survey says a quarter drive in.")]
    assert "left out 5 line(s) under the last (its footer)" in t.notes[0]


def test_an_invision_copy_reads_the_member_over_posted_and_its_said_quotes():
    """Invision Community prints the poster's name over their group and post count,
    then "Posted March 12, 2024": every author was "Posted", and "On …, NAME said:"
    quotes were the reply's own words."""
    def post(name: str, group: str, count: str, body: str) -> str:
        return (f"{name}\n{group}\n{count}\nPosted March 12, 2024\n{body}\n"
                "Link to comment\nShare on other sites\nMore sharing options...\n")

    page = ("Existing user? Sign In\nSign Up\nBrowse\nForums\nActivity\n"
            "Riverside → Town Talk → Should the library open on Sundays?\n"
            "Should the library open on Sundays?\n"
            "By marta_k, March 12, 2024 in Town Talk\nRecommended Posts\n"
            + post("marta_k", "Members", "213 posts", "Sunday is the only day parents can come.")
            + post("oldbookworm", "Members", "1k posts",
                   "On 3/12/2024 at 9:14 AM, marta_k said:\n"
                   "Sunday is the only day parents can come.\nA seventh day means overtime.")
            + post("Pete Alvarez", "Newbie", "5 posts", "Move the Monday hours instead.")
            + post("marta_k", "Members", "213 posts",
                   "1 hour ago, oldbookworm said:\nA seventh day means overtime.\n"
                   "Not if the Monday hours move."))
    t = read_text(page, source="ips.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        (None, "Should the library open on Sundays?"),
        ("marta_k", "Sunday is the only day parents can come."),
        ("oldbookworm", "A seventh day means overtime."),
        ("Pete Alvarez", "Move the Monday hours instead."),
        ("marta_k", "Not if the Monday hours move.")]
    assert (t.comments[2].parent_id, t.comments[4].parent_id) == ("c2", "c3")


def test_a_xenforo_copy_without_pictures_or_titles_keeps_its_posters_names():
    """A member with no picture is a letter copied on its own line ("M"); with no title
    either, the letter was taken for the name. "Reactions:" and who reacted were words,
    and "Thread starter … Start date …" became the title."""
    def post(name: str, n: int, body: str) -> str:
        return (f"{name[0].upper()}\n{name}\nJoined\nJan 4, 2021\nMessages\n213\n"
                f"Mar 12, 2024\n#{n}\n{body}\n")

    page = ("Should the library open on Sundays?\n"
            "Thread starter marta_k Start date Mar 12, 2024\n"
            + post("marta_k", 1, "Sunday is the only day parents can come.\nReactions:\n"
                                 "pete_planner and Lin Wei")
            + post("oldbookworm", 2, "A seventh day means overtime.\nReport\nReply")
            + "You must log in or register to reply here.\n"
              "Community platform by XenForo® © 2010-2024 XenForo Ltd.\n")
    t = read_text(page, source="xf.txt")
    assert t.title == "Should the library open on Sundays?"
    assert [(c.author, c.text) for c in t.comments] == [
        ("marta_k", "Sunday is the only day parents can come."),
        ("oldbookworm", "A seventh day means overtime.")]


def test_a_simple_machines_copy_is_a_comment_per_post_with_its_quotes():
    """SMF prints the member block (name, rank, stars, "Posts: N") over the subject and
    "« Reply #N on: DATE »", the words, then "Logged" and the signature; "Quote from:
    NAME on DATE" quotes. None of it was read: 5 comments with no author, the stars
    read as Markdown."""
    def post(name: str, rank: str, n: int, body: str, sig: str = "") -> str:
        head = "« on: March 12, 2024, 09:14:07 AM »" if n == 0 else (
            f"« Reply #{n} on: March 12, 2024, 1{n}:02:44 AM »")
        subject = "Should the library open?" if n == 0 else "Re: Should the library open?"
        return (f"{name}\n{rank}\n***\nPosts: 213\n{subject}\n{head}\nQuote\n{body}\n"
                f"Logged\n{sig}\n" if sig else
                f"{name}\n{rank}\n***\nPosts: 213\n{subject}\n{head}\nQuote\n{body}\nLogged\n")

    page = ("Riverside Forum\nHome\nHelp\nSearch\n"
            "Riverside Forum » General » Should the library open?\n"
            "Author Topic: Should the library open?  (Read 312 times)\n"
            + post("marta_k", "Full Member", 0, "Sunday is the only day parents can come.")
            + post("oldbookworm", "Hero Member", 1,
                   "Quote from: marta_k on March 12, 2024, 09:14:07 AM\n"
                   "Sunday is the only day parents can come.\nA seventh day means overtime.",
                   "Support your local bookshop.")
            + post("Pete Alvarez", "Newbie", 2, "Move the Monday hours instead."))
    assert detect_format(page, "smf.txt") == "forum"
    t = read_text(page, source="smf.txt")
    assert t.title == "Should the library open?"
    assert [(c.author, c.text) for c in t.comments] == [
        ("marta_k", "Sunday is the only day parents can come."),
        ("oldbookworm", "A seventh day means overtime."),
        ("Pete Alvarez", "Move the Monday hours instead.")]
    assert t.comments[1].quotes[0].source_comment_id == "c1"


def test_a_mybb_copy_is_a_comment_per_post_without_member_details_or_signatures():
    """MyBB prints the member block (name, rank, "Posts:", "Joined:") over "#N" and the
    date, "(date)NAME Wrote:" over a quote, a signature under the words: names without
    "_" were not seen, posts merged and every detail was read as words."""
    def post(name: str, n: int, body: str, sig: str = "") -> str:
        return (f"{name}\nPosting Freak\nPosts: 1,045\nThreads: 88\nJoined: Aug 2015\n"
                f"Reputation: 37\n#{n}\n03-12-2024, 1{n}:02 AM\n{body}\n{sig}Find\nReply\n")

    page = ("Riverside Forums\nSearch\nMember List\nShould the library open on Sundays?\n"
            + post("marta_k", 1, "Sunday is the only day parents can come.")
            + post("oldbookworm", 2, "(03-12-2024, 11:02 AM)marta_k Wrote:\n"
                   "Sunday is the only day parents can come.\nA seventh day means overtime.",
                   "Reading is dreaming.\n")
            + post("Pete Alvarez", 3, "Move the Monday hours instead.")
            + post("oldbookworm", 4, "Fair point.", "Reading is dreaming.\n")
            + "Powered By MyBB, © 2002-2024 MyBB Group.\n")
    assert detect_format(page, "mybb.txt") == "forum"
    t = read_text(page, source="mybb.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("marta_k", "Sunday is the only day parents can come."),
        ("oldbookworm", "A seventh day means overtime."),
        ("Pete Alvarez", "Move the Monday hours instead."), ("oldbookworm", "Fair point.")]
    assert t.comments[1].quotes[0].source_comment_id == "c1"


def test_a_mybb_quote_may_begin_on_its_attribution_line():
    """"(03-12-2024, 10:40 AM)Yiannis_7 Wrote: Sensible. On Saturdays…" on one line: the
    quote stayed in the reply's words."""
    def post(name: str, n: int, body: str) -> str:
        return (f"{name}\nMember\nPosts: 45\nThreads: 2\nJoined: Aug 2015\nReputation: 3\n"
                f"#{n}\n03-12-2024, 1{n}:40 AM\n{body}\nFind\nReply\n")

    page = (post("Fionnuala Byrne", 1, "Ban scooters on market days?")
            + post("Yiannis_7", 2, "Sensible. You can barely walk there.")
            + post("Fionnuala Byrne", 3, "(03-12-2024, 11:40 AM)Yiannis_7 Wrote: Sensible. "
                   "You can barely walk there.\nBut then they ride on the side streets."))
    t = read_text(page, source="mybb.txt")
    assert [(c.author, c.text, c.parent_id) for c in t.comments][2] == (
        "Fionnuala Byrne", "But then they ride on the side streets.", "c2")


SLASHDOT = """Slashdot
Stories
Nickname:
Password:
Ferry Service To Go Electric By 2030 (example.org) 88
Posted by editorbot on Monday May 4, 2026 @09:15AM from the quiet-hull dept.
A regional ferry operator will replace its diesel boats with battery ones within four years.
Sort by:
Oldest First
Threshold:
-1: 88 comments
Charging at the docks is the hard part (Score:5, Insightful)
by harbor_tenant ( 1234567 ) on Monday May 4, 2026 @09:40AM (#65000001)
The boats are easy. Each dock needs a grid connection the size of a small town's.
Re:Charging at the docks is the hard part (Score:4, Interesting)
by Anonymous Coward on Monday May 4, 2026 @09:58AM (#65000020)
Batteries on shore charge slowly all night and fast into the boat. No new grid line needed.
Re: (Score:2)
by harbor_tenant ( 1234567 ) on Monday May 4, 2026 @10:12AM (#65000041)
Shore batteries cost as much as the boat. That is the whole budget again.
Diesel is cheaper for now (Score:3)
by Vera Holm ( 7654321 ) on Monday May 4, 2026 @10:01AM (#65000030) Homepage Journal
Fuel is a third of their costs today and falling. The switch pays only if fuel rises.
Related Links
Top of the: day, week, month.
"""


def test_a_slashdot_copy_is_read_by_its_bylines_and_titles():
    """Slashdot puts each comment's title and score over "by NAME ( uid ) on DAY … (#id)";
    read as a paste, every line was a comment of its own and nobody had a name."""
    assert detect_format(SLASHDOT, "page.txt") == "forum"
    t = read_text(SLASHDOT, source="page.txt")
    assert t.title == "Ferry Service To Go Electric By 2030"
    assert [c.author for c in t.comments] == ["editorbot", "harbor_tenant", "Anonymous Coward",
                                              "harbor_tenant", "Vera Holm"]
    assert t.comments[0].text.startswith("A regional ferry operator")
    # a new title answers the story; "Re:TITLE" the comment of that title, "Re:" the one above
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2", "c3", "c1"]
    words = " ".join(c.text for c in t.comments)
    for furniture in ("Score:", "(#", "Homepage", "Oldest First", "Related Links", "Top of the",
                      "Threshold", "Re:"):
        assert furniture not in words


DISCUZ = """Riverside BBS
Forum
Riverside BBS » Forum › Town Talk › Should the pool stay open in winter?
View: 312|Reply: 3
Should the pool stay open in winter? [Copy link]
lane_swimmer
lane_swimmer Online
12
Threads
480
Credits
Rank: 3
Send PM
Posted on 2026-5-4 09:14:07 | Show all posts |Read mode
Heating the outdoor pool all winter costs less than people think, and the club has no other.
Reply
Support
Oppose
Report
Sofa
budget_hawk
budget_hawk Offline
88
Threads
3210
Credits
Rank: 5
Send PM
Posted on 2026-5-4 10:02:44 | Show all posts
lane_swimmer posted on 2026-5-4 09:14
Heating the outdoor pool all winter costs less than people think
The gas bill last January was forty thousand. That is not less than people think.
Numbers first, feelings later.
Reply
Support
Oppose
Report
Bench
river_kid
river_kid Offline
3
Threads
90
Credits
Rank: 1
Send PM
Posted on 2026-5-4 11:45:10 | Show all posts
Cover the pool at night and the bill halves. Other towns do it.
Reply
Support
Oppose
Report
4#
budget_hawk
budget_hawk Offline
88
Threads
3210
Credits
Rank: 5
Send PM
Posted on 2026-5-4 12:05:31 | Show all posts
Prompt: Author is banned or deleted, content automatically blocked
Reply
Support
Oppose
Report
5#
You need to log in before you can reply Login | Register
Powered by Discuz! X3.5
"""


def test_a_discuz_copy_is_a_comment_per_post_with_its_quotes():
    """Discuz! boards print a member block ("NAME Offline", counters) over "Posted on DATE";
    a floor ("Sofa", "4#") and the buttons sit around each post's words."""
    assert detect_format(DISCUZ, "page.txt") == "forum"
    t = read_text(DISCUZ, source="page.txt")
    assert t.title == "Should the pool stay open in winter?"
    assert [c.author for c in t.comments][:3] == ["lane_swimmer", "budget_hawk", "river_kid"]
    hawk = t.comments[1]
    assert hawk.text.startswith("The gas bill last January was forty thousand. That is not less")
    assert [q.text for q in hawk.quotes] == ["Heating the outdoor pool all winter costs less than "
                                             "people think"]
    assert hawk.parent_id == "c1"
    words = " ".join(c.text for c in t.comments)
    for furniture in ("Online", "Offline", "Credits", "Posted on", "Sofa", "4#", "Support",
                      "Oppose", "Show all posts", "Powered by", "banned"):
        assert furniture not in words


def test_a_page_that_mentions_discuz_dates_without_member_blocks_is_no_board():
    text = ("We met twice.\nPosted on 2026-5-4 09:14:07\nThe first time it rained.\n"
            "Posted on 2026-5-5 10:00:00\nThe second time it did not.\n")
    assert detect_format(text, "notes.txt") != "forum"
