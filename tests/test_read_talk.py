"""Wikipedia talk pages pasted as text: signed comments, indentation, markup."""

from __future__ import annotations

import pytest

from argmap.errors import ArgmapError
from argmap.read import detect_format, read_text, wikitalk
from argmap.stance.cues import cue_signal, model_reading
from tests.conftest import FIXTURES

SOURCE = (FIXTURES / "read" / "talk-wikitext.txt").read_text("utf-8")
RENDERED = (FIXTURES / "read" / "talk-rendered.txt").read_text("utf-8")
SIGNERS = ["Alpha Reader", "BetaEditor", "Alpha Reader", "BetaEditor", "Gamma42", "Delta Q"]


def test_the_page_source_gives_signers_and_parents_from_its_indentation():
    assert detect_format(SOURCE, "talk.txt") == "talk"
    t = read_text(SOURCE, source="talk.txt")
    assert t.title == "Infobox image"
    assert [c.author for c in t.comments] == SIGNERS
    assert [c.parent_id for c in t.comments] == [None, "c1", "c2", "c3", "c1", "c1"]
    assert t.comments[3].parent_evidence == "indented under c3 in the page's source"
    words = " ".join(c.text for c in t.comments)
    for markup in ("[[", "]]", "'''", "(UTC)", "(talk)", "::"):
        assert markup not in words
    assert t.comments[1].text.startswith("Oppose. The 2019 photo")
    assert t.comments[5].text.startswith("Comment: Both photos")  # a bold label keeps its break


def test_a_copy_of_the_rendered_page_keeps_signers_and_reads_the_parents():
    assert detect_format(RENDERED, "talk.txt") == "talk"
    t = read_text(RENDERED, source="talk.txt")
    assert [c.author for c in t.comments] == SIGNERS
    assert t.comments[0].text.endswith("he looks very different now.")
    assert "(talk)" not in " ".join(c.text for c in t.comments)
    # no indentation: the author rules and the reading place the exchange
    assert [c.parent_id for c in t.comments[:4]] == [None, "c1", "c2", "c3"]


def test_quote_templates_unsigned_comments_and_words_after_the_last_signature():
    text = ("== Merge? ==\n"
            "Merge the two articles; they cover one event. "
            "[[User:Ann|Ann]] ([[User talk:Ann|talk]]) 09:00, 1 December 2026 (UTC)\n"
            ":{{tq|they cover one event}} They cover two trials, a year apart. "
            "<small>—Preceding unsigned comment added by 192.0.2.7 (talk) "
            "10:00, 1 December 2026 (UTC)</small>\n"
            "::A third view nobody signed.\n")
    t = read_text(text, source="m.txt")
    assert [c.author for c in t.comments] == ["Ann", "192.0.2.7", "unknown"]
    second = t.comments[1]
    assert second.quotes[0].text == "they cover one event"
    assert second.quotes[0].source_comment_id == "c1"
    assert second.text == "They cover two trials, a year apart."
    assert t.comments[2].text == "A third view nobody signed."


def test_prose_that_names_a_date_is_no_talk_page():
    assert not wikitalk.looks_like_talk_page("We met at 17:32, 28 November 2026 (UTC).\n")
    with pytest.raises(ArgmapError, match="no signed comments"):
        wikitalk.read("Nothing here is signed.\n", "x.txt")


def test_an_opening_vote_is_a_cue_and_the_model_reads_it_in_words():
    target = "Should the infobox use the 2019 photo?"
    assert cue_signal(target, "Oppose. Its licence is unclear.").score > 0
    assert cue_signal(target, "Strong support, the old one is blurry.").score < 0
    assert cue_signal(target, "Support for the idea is falling.").score == 0
    assert model_reading("Oppose. Its licence is unclear.", cue_signal(target, "x")) == (
        "I disagree. Its licence is unclear.")
    assert model_reading("Support for it fell.", cue_signal(target, "x")) == "Support for it fell."
