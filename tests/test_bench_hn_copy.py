"""The copied-Hacker-News measurement: a reply tree written out the way the page shows it."""

from __future__ import annotations

from argmap.read.devset import Node, Tree
from bench.hn_copy import hn_copy, mail_copy, old_reddit_copy, score

# post; a (top) -> b -> c, d (second reply to b); e (top) -> f
TREE = Tree("t3_demo", [
    Node("t3_demo", None, "Should the city close Harbor Road to cars?\n\nBuses first."),
    Node("t1_aaaaa", "t3_demo", "Shops would lose the drivers from the hills."),
    Node("t1_bbbbb", "t1_aaaaa", "Footfall on Mill Street rose after it closed."),
    Node("t1_ccccc", "t1_bbbbb", "Mill Street has a car park at each end."),
    Node("t1_ddddd", "t1_bbbbb", "And a tram stop."),
    Node("t1_eeeee", "t3_demo", "Who clears the snow from the bike lane?"),
    Node("t1_fffff", "t1_eeeee", "The crew that clears the bus lane."),
])


def test_headers_carry_the_links_the_page_shows():
    lines = hn_copy(TREE).splitlines()
    heads = [ln for ln in lines if " hours ago" in ln][1:]  # after the story's byline
    assert heads[0].endswith("ago | next [–]")                   # top level, first of two
    assert heads[1].endswith("ago | parent [–]")                 # b: a's only reply
    assert heads[2].endswith("ago | root | parent | next [–]")   # c: b's first reply
    assert heads[3].endswith("ago | root | parent | prev [–]")   # d: b's second
    assert heads[4].endswith("ago | prev [–]")                   # e: top level, second
    assert "|" not in "".join(ln for ln in hn_copy(TREE, links=False).splitlines()
                              if " hours ago" in ln)


def test_read_back_the_links_give_every_parent_and_the_chain_is_the_baseline():
    s = score(TREE)
    assert (s["replies"], s["right"], s["misread threads"]) == (6, 6, 0)
    assert s["chain"] == 4  # d and e do not answer the comment before them
    assert s["sure right"] == s["sure"] >= 5


def test_a_new_reddit_copy_is_found_comment_by_comment_even_with_plain_names():
    authors = {"t3_demo": "Mayor", "t1_aaaaa": "Grocer", "t1_bbbbb": "Walker",
               "t1_ccccc": "Grocer", "t1_ddddd": "Tram", "t1_eeeee": "Cyclist",
               "t1_fffff": "Mayor"}
    s = score(TREE, authors=authors, style="reddit")
    assert (s["replies"], s["misread threads"]) == (6, 0)  # every comment found
    assert s["right"] >= 2  # the two first replies; without links the rest is a reading


def test_a_mailing_list_digest_is_read_back_with_every_parent():
    authors = {"t3_demo": "Mayor", "t1_aaaaa": "Grocer", "t1_bbbbb": "Walker",
               "t1_ccccc": "Grocer", "t1_ddddd": "Tram", "t1_eeeee": "Cyclist",
               "t1_fffff": "Mayor"}
    text = mail_copy(TREE, authors, "inline")
    assert text.count("From: ") == 7 and "> Footfall on Mill Street" in text
    for quoting in ("inline", "bottom", "none"):  # quotes, or the attribution line alone
        s = score(TREE, authors=authors, style=f"mail-{quoting}")
        assert (s["replies"], s["right"], s["misread threads"]) == (6, 6, 0), quoting


def test_a_new_reddit_copy_with_level_lines_places_every_reply():
    s = score(TREE, style="reddit-levels")
    assert (s["replies"], s["right"], s["misread threads"]) == (6, 6, 0)


def test_an_old_reddit_copy_says_which_comments_answer_the_post():
    rows = [ln for ln in old_reddit_copy(TREE).splitlines() if ln.startswith("permalink")]
    assert ["parent" in r for r in rows] == [False, True, True, True, False, True]
    s = score(TREE, style="old-reddit")
    assert (s["replies"], s["misread threads"]) == (6, 0)
    # a and e answer the post, b and f the one comment each can: only c and d, deeper
    # in one branch, are left to the reading
    assert s["right"] >= 4 and s["sure right"] >= 4
