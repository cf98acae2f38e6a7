"""Mailing-list threads pasted as text: headers, attributions, quotes, signatures."""

from __future__ import annotations

import pytest

from argmap.errors import ArgmapError
from argmap.read import detect_format, mail, read_text
from tests.conftest import FIXTURES

DIGEST = (FIXTURES / "read" / "mail-digest.txt").read_text("utf-8")
CHAIN = (FIXTURES / "read" / "mail-chain.txt").read_text("utf-8")


def _by_id(thread):
    return {c.id: c for c in thread.comments}


def test_a_digest_is_one_comment_per_message_by_its_sender():
    assert detect_format(DIGEST, "thread.txt") == "mail"
    t = read_text(DIGEST, source="thread.txt")
    assert [c.author for c in t.comments] == ["Jane Doe", "Bob Smith", "Carol White", "Jane Doe"]
    assert t.title == "Make the walrus operator legal in comprehensions' iterable"
    words = " ".join(c.text for c in t.comments)
    # headers, attribution lines, greetings, signatures and sign-offs are no words of it
    for furniture in ("From:", "Subject:", "wrote:", "Hi all", "\n--", "Bob\n"):
        assert furniture not in words
    assert not any(c.text.strip().endswith("Jane") for c in t.comments)


def test_quotes_say_who_is_answered_even_off_the_depth_first_path():
    t = _by_id(read_text(DIGEST, source="thread.txt"))
    assert t["c2"].parent_id == "c1" and t["c3"].parent_id == "c2"
    # Jane's second message quotes Bob (c2), not Carol's message just before it
    assert t["c4"].parent_id == "c2"
    assert "quotes c2" in t["c4"].parent_evidence
    assert t["c4"].quotes[0].source_comment_id == "c2"


def test_a_chain_pasted_newest_first_is_read_oldest_first_and_signed():
    t = read_text(CHAIN, source="chain.txt")
    assert t.format == "mail" and "newest first" in t.notes[0]
    assert [c.author for c in t.comments] == ["Alice Green", "Bob Jones", "Alice Green"]
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2"]
    assert t.comments[0].text.startswith("The draft budget")  # the oldest message
    assert "Regards" not in t.comments[2].text and "Original Message" not in t.comments[2].text


ATTRIBUTION_ONLY = """\
From: Ann Lee <ann@example.org>
Date: Mon, 23 Nov 2026 08:00:00 +0000
Subject: Four-day week

A four-day week keeps output level and cuts sick days.

From: Raj Patel <raj@example.org>
Date: Mon, 23 Nov 2026 09:00:00 +0000
Subject: Re: Four-day week

Hospitals cannot close on Fridays.

From: Mia Wong <mia@example.org>
Date: Mon, 23 Nov 2026 10:00:00 +0000
Subject: Re: Four-day week

Shift rotas solve that; nurses already work four long days.

From: Tom Berg <tom@example.org>
Date: Mon, 23 Nov 2026 11:00:00 +0000
Subject: Re: Four-day week

On Mon, 23 Nov 2026 at 08:00, Ann Lee <ann@example.org> wrote:

Which studies measured output, and over how long?
"""


def test_an_attribution_without_quotes_names_the_message_answered():
    t = _by_id(read_text(ATTRIBUTION_ONLY, source="a.txt"))
    # Tom answers Ann's post, not Mia's message just before his
    assert t["c4"].parent_id == "c1"
    assert "replies to Ann Lee" in t["c4"].parent_evidence
    assert "wrote:" not in t["c4"].text


def test_a_greeting_names_who_is_answered():
    text = ATTRIBUTION_ONLY.replace(
        "On Mon, 23 Nov 2026 at 08:00, Ann Lee <ann@example.org> wrote:", "Hi Raj,")
    t = _by_id(read_text(text, source="g.txt"))
    assert t["c4"].parent_id == "c2" and not t["c4"].text.startswith("Hi")


def test_a_list_that_rewrites_senders_does_not_merge_them_by_its_address():
    text = (ATTRIBUTION_ONLY.replace("Raj Patel <raj@example.org>",
                                     "Raj Patel via Work <list@example.org>")
            .replace("Mia Wong <mia@example.org>", "Mia Wong via Work <list@example.org>")
            .replace("Ann Lee <ann@example.org> wrote:", "<list@example.org> wrote:"))
    t = read_text(text, source="v.txt")
    assert [c.author for c in t.comments] == ["Ann Lee", "Raj Patel", "Mia Wong", "Tom Berg"]
    # the list's address names nobody, so no "replies to" evidence is made up from it
    assert "replies to" not in (t.comments[3].parent_evidence or "")


def test_markup_in_a_sender_name_stays_a_name():
    text = ATTRIBUTION_ONLY.replace("From: Ann Lee <ann@example.org>",
                                    'From: "**Ann** (admin)" <ann@example.org>')
    t = read_text(text, source="m.txt")
    assert t.comments[0].author == "Ann"  # a note after the name ("(admin)") is no name
    assert t.comments[0].text.startswith("A four-day week")


def test_prose_that_mentions_from_is_not_mail():
    text = ("From: the committee's point of view, the budget is fine.\n"
            "Subject: to review, of course.\n\nI disagree with that reading.\n")
    assert not mail.looks_like_mail("I think so.\nFrom: my side, no.\n")
    assert detect_format("Cars should go.\n\nNo, buses first.\n", "x.txt") == "text"
    with pytest.raises(ArgmapError, match="no message headers"):
        mail.read("Cars should go.\n", "x.txt")
    assert not mail.looks_like_mail(text)  # one header-like pair and no attribution


def test_hard_wrapped_mail_is_unwrapped_and_deeper_quotes_left_out():
    text = """\
From: Ann Lee <ann@example.org>
Date: Mon, 23 Nov 2026 08:00:00 +0000
Subject: Four-day week

A four-day week keeps output level and cuts sick days, as the trials in
six countries found over two years of measurement.

From: Raj Patel <raj@example.org>
Date: Mon, 23 Nov 2026 09:00:00 +0000
Subject: Re: Four-day week

Ann Lee wrote:
> A four-day week keeps output level and cuts sick days, as the trials in
> six countries found
>> an older message quoted by Ann

Those trials picked firms that volunteered, so
they tell us little about the rest.
"""
    t = read_text(text, source="w.txt")
    assert t.comments[0].text.count("\n") == 0  # one paragraph, not two lines
    assert t.comments[1].text == ("Those trials picked firms that volunteered, so they tell "
                                  "us little about the rest.")
    (q,) = t.comments[1].quotes
    assert q.source_comment_id == "c1" and "older message" not in q.text


def test_a_top_posted_reply_keeps_the_quote_below_its_signature():
    text = ATTRIBUTION_ONLY.replace(
        "On Mon, 23 Nov 2026 at 08:00, Ann Lee <ann@example.org> wrote:\n\n"
        "Which studies measured output, and over how long?\n",
        "Which studies measured output, and over how long?\n\n-- \nTom Berg\nAnalyst, "
        "Example Ltd\n\nOn Mon, 23 Nov 2026 at 09:00, Raj Patel <raj@example.org> wrote:\n"
        "> Hospitals cannot close on Fridays.\n")
    t = _by_id(read_text(text, source="t.txt"))
    assert t["c4"].parent_id == "c2" and t["c4"].quotes[0].source_comment_id == "c2"
    assert "Analyst" not in t["c4"].text and "Tom Berg" not in t["c4"].text


def test_an_email_quoted_inside_a_thread_does_not_make_it_mail():
    text = ("Our office should move to a four-day week.\n"
            "It worked at my last job.\n"
            "Output stayed level and people were happier.\n"
            "Fewer people called in sick on Mondays.\n"
            "The clients never noticed.\n"
            "Here is what our manager sent last year:\n"
            "From: Sam Boss <sam@example.com>\n"
            "Subject: Fridays\n"
            "We are not changing the schedule.\n"
            "As she wrote: nothing is decided.\n"
            "She wrote:\n"
            "That was a year ago; the numbers are in now.\n")
    assert not mail.looks_like_mail(text)
    assert detect_format(text, "t.txt") != "mail"


def test_a_copy_of_gmails_page_is_one_comment_per_message_by_its_sender():
    """Gmail shows a message's sender as "Name <address>" over its date and "to …":
    there is no "From:" field, and the thread was read as Markdown, 2 comments with no
    authors holding every header and quote."""
    def message(name: str, addr: str, when: str, body: str) -> str:
        return f"{name} <{addr}>\n{when} (3 days ago)\nto parents-room4\n\n{body}\n\n"

    page = ("Phone policy at lunch\nInbox\n\n"
            + message("Maya Ortiz", "maya@example.com", "Fri, Mar 14, 7:02 PM",
                      "Hi all,\n\nShould the school ban phones at lunch?\n\nMaya")
            + message("Ben Ford", "ben@example.net", "Fri, Mar 14, 7:45 PM",
                      "A ban is overkill. Kids need to reach their parents.\n\nBen\n\n"
                      "On Fri, Mar 14, 2025 at 7:02 PM Maya Ortiz <maya@example.com> wrote:\n"
                      "> Should the school ban phones at lunch?")
            + message("Priya Nair", "priya@example.org", "Sat, Mar 15, 8:10 AM",
                      "That is what the office phone is for.\n\n"
                      "On Fri, Mar 14, 2025 at 7:45 PM Ben Ford <ben@example.net> wrote:\n"
                      "> A ban is overkill. Kids need to reach their parents."))
    assert detect_format(page, "mail.txt") == "mail"
    t = read_text(page, source="mail.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("Maya Ortiz", "Should the school ban phones at lunch?"),
        ("Ben Ford", "A ban is overkill. Kids need to reach their parents."),
        ("Priya Nair", "That is what the office phone is for.")]
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2"]
    assert t.title == "Phone policy at lunch"


def test_a_copy_of_outlook_on_the_web_is_one_comment_per_message_without_its_quotes():
    """Outlook on the web shows the sender's initials and name over "To: …" over "Tue
    3/12/2024 8:47 AM"; a reply quotes the message it answers under a "From:/Sent:"
    block. Read before as 32 comments with no author (the day was taken for a name)."""
    def message(initials: str, name: str, to: str, when: str, body: str) -> str:
        return f"{initials}\n{name}\nTo: {to}\n{when}\n{body}\nReply\nForward\n"

    page = ("Outlook\nInbox\nFour-day week consultation\n"
            + message("KP", "Kieran Price", "Staff Forum", "Tue 3/12/2024 8:47 AM",
                      "A four-day week would help retention.")
            + message("MB", "Mia Bergström", "Kieran Price; Staff Forum", "Tue 3/12/2024 10:05 AM",
                      "I disagree: longer days push out parents.\n\nGet Outlook for iOS\n"
                      "From: Kieran Price <k.price@school.example>\n"
                      "Sent: Tuesday, March 12, 2024 8:47 AM\nTo: Staff Forum\n"
                      "Subject: Four-day week consultation\n\n"
                      "A four-day week would help retention.")
            + message("OB", "Olu Bakare", "Staff Forum", "Tue 3/12/2024 1:30 PM",
                      "Mia has a point. Could we survey parents?"))
    assert detect_format(page, "mail.txt") == "mail"
    t = read_text(page, source="mail.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("Kieran Price", "A four-day week would help retention."),
        ("Mia Bergström", "I disagree: longer days push out parents."),
        ("Olu Bakare", "Mia has a point. Could we survey parents?")]


def test_a_gmail_sender_shown_by_name_alone_opens_a_message():
    """Gmail may show a sender by name only ("Jo Whitfield" over the date and "to …"):
    Jo's message was glued to the one before."""
    page = ("Ravi Patel <ravi@example.org>\nMon, Mar 11, 9:02 AM (2 days ago)\nto council\n\n"
            "The scooter boxes are full by 8am.\n\n"
            "Jo Whitfield\nMon, Mar 11, 2:15 PM (2 days ago)\nto Ravi, council\n\n"
            "Please not the disabled bays.\n")
    t = read_text(page, source="mail.txt")
    assert [(c.author, c.text) for c in t.comments] == [
        ("Ravi Patel", "The scooter boxes are full by 8am."),
        ("Jo Whitfield", "Please not the disabled bays.")]
