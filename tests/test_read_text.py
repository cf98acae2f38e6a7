"""Plain text dumps: quotes, comment boundaries, parents and duplicate scrapes."""

from __future__ import annotations

import textwrap

import pytest

from argmap.model import Thread
from argmap.read import cues, read_text, read_thread
from argmap.read import text as text_reader
from argmap.read.quotes import QuoteIndex
from argmap.read.scrapes import merge_copies, split_copies
from tests.conftest import FIXTURES, SAMPLE

READ = FIXTURES / "read"


def cue_read(text: str, embedder=None) -> Thread:
    """The explicit-cue reading (what long-form forum threads get)."""
    return text_reader.read(text, "<text>", embedder, mode="cues")


def first(text: str, n: int = 3) -> str:
    return " ".join(text.split()[:n])


def tree(thread: Thread) -> dict[str, str | None]:
    """first words of each comment -> first words of its parent."""
    by_id = {c.id: c for c in thread.comments}
    return {
        first(c.text): first(by_id[c.parent_id].text) if c.parent_id else None
        for c in thread.comments
    }


def depth(thread: Thread) -> int:
    parent = {c.id: c.parent_id for c in thread.comments}

    def d(cid: str | None) -> int:
        return 0 if parent[cid] is None else 1 + d(parent[cid])

    return max(d(c.id) for c in thread.comments)


def assert_well_formed(thread: Thread) -> None:
    ids = [c.id for c in thread.comments]
    assert len(ids) == len(set(ids))
    seen: set[str] = set()
    for c in thread.comments:
        if c.parent_id is not None:
            assert c.parent_id in seen, "a parent comes before its replies"
            assert 0 < c.parent_confidence <= 1 and c.parent_evidence
        seen.add(c.id)


# --- the sample debate -------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Thread:
    return read_thread(SAMPLE)


def test_sample_reconstructs_to_eleven_comments_three_levels_deep(sample):
    assert_well_formed(sample)
    assert len(sample.comments) == 11
    assert sum(c.parent_id is None for c in sample.comments) == 1
    assert depth(sample) == 3


def test_sample_tree_is_what_a_careful_reader_finds(sample):
    assert tree(sample) == {
        "Fair enough as": None,
        "Personally, I think": "Fair enough as",
        "Which users though?": "Personally, I think",
        "The model should": "Which users though?",
        "Please do! I": "Personally, I think",
        "Refusals are not": "Please do! I",
        "I agree that": "Fair enough as",
        "How much do": "I agree that",
        "Expanding mildly on": "Fair enough as",
        "If you think": "Expanding mildly on",
        "Yeah, but research": "If you think",
    }


def test_sample_is_not_shown_twice_and_keeps_both_unique_comments(sample):
    lines = [ln.strip() for ln in SAMPLE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    own = "\n".join(c.text for c in sample.comments)
    for ln in set(lines):  # every paragraph of either copy survives, as text or as quote
        quoted = any(q.text == ln for c in sample.comments for q in c.quotes)
        assert own.count(ln) == 1 or quoted, ln[:60]
    texts = [c.text for c in sample.comments]
    assert any(t.startswith("Refusals are not subversion") for t in texts)  # copy 2 only
    assert any(t.startswith("If you think you can do better") for t in texts)  # copy 1 only
    notes = " ".join(sample.notes)
    assert "merged 2 copies" in notes and "only in copy 2" in notes and "only in copy 1" in notes
    assert "quotes kept from copy 1 (4)" in notes


def test_sample_quotes_are_removed_from_the_reply_and_point_at_their_source(sample):
    by_first = {first(c.text): c for c in sample.comments}
    which = by_first["Which users though?"]
    assert [q.source_comment_id for q in which.quotes] == [by_first["Personally, I think"].id]
    assert which.quotes[0].text.startswith("Personally, I think (current) LLMs")
    assert not which.text.startswith("Personally")
    agree = by_first["I agree that"]  # quotes the middle of the root's second paragraph
    assert agree.quotes[0].text.startswith("Under nearly any other ethical system")
    assert agree.quotes[0].source_comment_id == sample.comments[0].id
    assert sum(len(c.quotes) for c in sample.comments) == 4


# --- other shapes ------------------------------------------------------------


def test_other_openers_offers_closers_and_word_take_up():
    t = cue_read((READ / "plain-openers.txt").read_text("utf-8"))
    assert_well_formed(t)
    assert tree(t) == {
        "A four-day work": None,
        "Only if managers": "A four-day work",  # quotes the root (curly quotes, ellipsis)
        "Which managers though?": "Only if managers",  # opener after a TL;DR
        "Sick days are": "A four-day work",  # after 'Overall,'; takes up 'sick days'
        "Looking forward to": "A four-day work",  # accepts the root's 'I plan to write up'
    }
    point_by_point = t.comments[1]
    assert len(point_by_point.quotes) == 2  # a second quote of the same comment: same reply
    assert "Productive at what, though?" in point_by_point.text
    assert "accepts the offer" in t.comments[4].parent_evidence
    assert "takes up" in t.comments[3].parent_evidence


def test_duplicated_dump_is_merged_with_quotes_from_the_copy_that_kept_them():
    t = cue_read((READ / "plain-duplicated.txt").read_text("utf-8"))
    assert_well_formed(t)
    firsts = [first(c.text) for c in t.comments]
    assert firsts == ["The city should", "That is because", "Yeah, but fixing",
                      "I agree that", "Has anyone asked"]
    assert t.comments[1].quotes[0].text == "Buses on Elm Street run half empty outside rush hour"
    assert t.comments[1].parent_id == "c1"
    assert t.notes[0].startswith("merged 2 copies of the thread (paragraphs 1-7, 8-13)")


def test_a_reply_quoting_the_opening_paragraph_is_not_a_second_copy():
    text = (
        "Remote work should be the default for software teams.\n"
        "Commutes waste hours that could go into the work itself.\n"
        "Remote work should be the default for software teams.\n"
        "Not for juniors, who learn most by sitting next to seniors.\n"
    )
    assert split_copies(text.splitlines()) == [(0, 4)]
    t = cue_read(text)
    assert len(t.comments) == 2 and t.notes == ()
    assert t.comments[1].quotes[0].source_comment_id == "c1"


def test_three_copies_merge_into_one_thread():
    base = ["Zoos should close their elephant houses.",
            "Elephants walk for miles a day and no enclosure allows it.",
            "Fair enough, but the big parks have enclosures of several hectares.",
            "Several hectares is still nothing next to a savanna range."]
    text = "\n".join(base + base[:3] + base)
    merged, notes = merge_copies(text.splitlines())
    assert [p.text for p in merged] == base
    assert "merged 3 copies" in notes[0]
    t = cue_read(text)
    # the paragraph copy 2 lacks is read as a whole comment that scrape dropped
    assert [first(c.text) for c in t.comments] == ["Zoos should close", "Fair enough, but",
                                                   "Several hectares is"]
    assert t.comments[2].parent_evidence.startswith("only in copy 1, 3 of the scrapes")


def test_single_copy_has_no_merge_note_and_naive_rules_do_not_split_lists():
    text = "A good bike lane has:\n- a kerb\n- lighting\nThese features cost little.\n"
    t = read_text(text)
    assert len(t.comments) == 1 and t.notes == ()


@pytest.mark.parametrize(
    "quote, source",
    [
        ("He said “it works” – mostly", 'He said "it works" - mostly, and then left.'),
        ("the first part … the last part of it", "the first part of it and the last part of it"),
        ("the  FIRST part of the sentence", "the first part of the sentence is here"),
        ("the first part of the sentnce is where the argument starts to go wrong for me",
         "So: the first part of the sentence is where the argument starts to go wrong for me."),
    ],
    ids=["curly-quotes-and-dashes", "ellipsis", "case-and-space", "typo"],
)
def test_near_verbatim_quotes_are_found(quote, source):
    index = QuoteIndex()
    index.add(7, source)
    assert index.source_of(quote) is not None


def test_short_or_unrelated_text_is_not_a_quote():
    index = QuoteIndex()
    index.add(0, "I agree. The first part of the sentence is here.")
    assert index.source_of("I agree.") is None
    assert index.source_of("A completely different sentence about trains.") is None


def test_a_template_many_comments_repeat_is_no_quote_but_a_rare_repeat_is():
    from argmap.read.quotes import MAX_SOURCES_PER_GRAM

    template = "Thanks for the update, everyone, this is really helpful to know."
    index = QuoteIndex()
    for k in range(3):
        index.add(k, template)
    assert index.source_of(template) == (0, True)
    for k in range(3, MAX_SOURCES_PER_GRAM + 1):
        index.add(k, template)
    assert index.source_of(template) is None  # a template: each gram is everywhere
    # a paragraph that also quotes rarer words still finds where those were written
    index.add(500, "The bridge closes in March for two whole years, the council says.")
    assert index.source_of(
        "the bridge closes in March for two whole years, the council says") == (500, True)


@pytest.mark.parametrize(
    "text, expected",
    [("Yeah, but that costs money.", True), ("I agree that it is cheap.", True),
     ("Which users though?", True), ("Please do! I'd read it.", True),
     ("Please do not forget the border checks.", False), ("(I agree with most of it.)", False),
     ("Expanding mildly on this point.", True), ("The model should refuse.", False)],
)
def test_reply_openers(text, expected):
    assert bool(cues.opener(text)) is expected


def test_links_bind_a_paragraph_to_the_one_before():
    assert cues.binds("But not always.", "x")
    assert cues.binds("I dislike the schemas above.", "x")
    assert cues.binds("The user who pays.", "A model has:")
    assert cues.binds("Suppose a user asks.", "A model has many users.") is None


def test_embedder_topic_shift_splits_an_unmarked_change_of_subject(models):
    text = (
        "Sourdough needs a starter that you feed with flour and water every day.\n"
        "The starter's wild yeast is what makes the bread rise and taste sour.\n"
        "The transfer window closes on Friday and the club still needs a striker.\n"
    )
    assert len(cue_read(text).comments) == 1  # rules alone see no boundary
    shifted = cue_read(text, embedder=models.reader_embedder)
    assert len(shifted.comments) == 2
    assert "topic shift" in shifted.comments[1].parent_evidence


def test_sample_tree_is_the_same_with_the_embedder(sample, models):
    with_embedder = read_thread(SAMPLE, embedder=models.reader_embedder)
    assert tree(with_embedder) == tree(sample)


def test_agreeing_that_something_replies_to_the_comment_whose_words_it_restates():
    text = (
        "Tenants should be allowed to keep pets in rented flats.\n"
        "Most damage pets cause is cheap to repair, and a deposit covers it.\n"
        "Which pets though?\n"
        "Cats and small dogs, mostly. Nobody is asking for a horse.\n"
        "I agree that most damage pets cause is cheap, but landlords also worry about noise.\n"
    )
    t = cue_read(text)
    assert [c.parent_id for c in t.comments] == [None, "c1", "c1"]
    assert "restates c1 ('most damage pets cause is cheap')" in t.comments[2].parent_evidence


def test_a_paragraph_edited_between_scrapes_is_kept_once():
    root = "Speed cameras should be installed outside every primary school in the city."
    edited = ("The evidence from other cities shows that drivers slow down for several hundred "
              "metres around each camera, not just at the camera itself.")
    typo = edited.replace("several hundred", "severl hundred")
    reply = "Yeah, but drivers learn where the cameras are and speed up again afterwards."
    merged, _ = merge_copies([root, edited, reply, root, typo, reply])
    assert [p.text for p in merged] == [root, edited, reply]


def test_hard_wrapped_paragraphs_are_joined_before_reading():
    text = (
        "Libraries should open on Sundays, when most people\n"
        "actually have time to visit them.\n\n"
        "Which people though? Families with young children\n"
        "are busy on Sundays too.\n"
    )
    t = read_text(text)
    assert [c.text for c in t.comments] == [
        "Libraries should open on Sundays, when most people actually have time to visit them.",
        "Which people though? Families with young children are busy on Sundays too.",
    ]


def test_a_page_copy_in_blocks_of_short_lines_is_not_taken_for_wrapped_text():
    # a copied video page groups each comment's name, age, words, likes and button in
    # one block: those lines end without a full stop, like wrapped lines, but are short
    text = (
        "Should cities ban cars?\n\n"
        "@ann_k\n2 days ago\nYou ignore delivery vans completely. How would a bakery cope?\n"
        "124\nReply\n\n"
        "@bob.the.builder\n1 day ago\nVans get permits in every city that did this.\n31\nReply\n\n"
        "@cy-42\n2 days ago\nMy city banned cars in the centre and it is lovely now.\n56\nReply\n"
    )
    t = read_text(text, source="video.txt")
    assert [(c.author, c.text) for c in t.comments[1:]] == [
        ("ann_k", "You ignore delivery vans completely. How would a bakery cope?"),
        ("bob.the.builder", "Vans get permits in every city that did this."),
        ("cy-42", "My city banned cars in the centre and it is lovely now.")]
    assert text_reader.paragraphs(text)[1:3] == ["@ann_k", "2 days ago"]


def test_a_note_on_thousands_of_copies_stays_one_short_line():
    _, notes = merge_copies(["ok", "fine"] * 5000)
    assert len(notes) == 1 and len(notes[0]) < 300, notes[0][:400]
    assert notes[0].startswith("merged 5000 copies") and "(4995 more)" in notes[0]
    _, two = merge_copies(["A point about buses and the cost of them all.", "ok"] * 2)
    assert two == ["merged 2 copies of the thread (paragraphs 1-2, 3-4) into 2 paragraphs: "
                   "2 in every copy, copy 1 alone has 0, copy 2 alone has 0"]


# --- a paste spaced by comment ------------------------------------------------

SPACED_OPENINGS = ["Should our town", "Housing, without a", "I disagree. The",
                   "But the housing", "Page 12 is", "Fair point about"]


def test_blank_lines_between_comments_mark_the_comments():
    # Without the blank lines the same twelve paragraphs read as twelve comments
    # (the reader cannot tell a Reddit-style paragraph from a reply); with them the
    # writer has said where each comment starts and ends.
    text = (READ / "spaced-by-comment.txt").read_text(encoding="utf-8")
    thread = read_text(text, source="spaced.txt")
    assert_well_formed(thread)
    assert [first(c.text) for c in thread.comments] == SPACED_OPENINGS
    assert thread.comments[4].text.count("\n\n") == 2  # its three paragraphs kept apart
    assert "blank lines mark the comments: 6 comments as spaced" in thread.notes
    flush = read_text(text.replace("\n\n", "\n"), source="flush.txt")
    assert len(flush.comments) != 6 and not any("blank lines" in n for n in flush.notes)


def test_two_blank_lines_between_comments_and_one_between_paragraphs():
    text = (READ / "spaced-by-comment.txt").read_text(encoding="utf-8")
    groups = [g.splitlines() for g in text.strip().split("\n\n")]
    wide = "\n\n\n".join("\n\n".join(g) for g in groups) + "\n"
    thread = read_text(wide, source="wide.txt")
    assert [first(c.text) for c in thread.comments] == SPACED_OPENINGS


@pytest.mark.parametrize("gaps, breaks", [
    ([0, 0, 0, 0, 0], None),  # one paragraph a line: nothing said
    ([0, 1, 1, 1, 1], None),  # one blank line everywhere: nothing said
    ([0, 0, 0, 1, 0, 0], None),  # two groups: a title and the rest, or sections
    ([0, 0, 1, 0, 1, 0], [True, False, True, False, True, False]),
    ([0, 1, 2, 1, 2, 2], [True, False, True, False, True, True]),  # two blanks apart
    ([0, 1, 2, 1, 1, 1, 1], None),  # one wider gap: two groups again
])
def test_layout_breaks_speak_only_when_the_spacing_varies(gaps, breaks):
    assert text_reader.layout_breaks(gaps) == breaks


def test_a_few_blank_lines_in_a_long_paste_are_not_comment_marks():
    gaps = [0] + [0] * 40 + [1] + [0] * 40 + [1] + [0] * 40
    assert text_reader.layout_breaks(gaps) is None  # 3 groups of 41 paragraphs


def test_windows_line_endings_keep_the_spacing():
    text = (READ / "spaced-by-comment.txt").read_text(encoding="utf-8")
    thread = read_text(text.replace("\n", "\r\n"), source="crlf.txt")
    assert [first(c.text) for c in thread.comments] == SPACED_OPENINGS


def test_long_lines_without_full_stops_are_paragraphs_not_a_hard_wrap():
    # Blank-line blocks whose inner lines mostly end mid-sentence look hard-wrapped,
    # but a wrap keeps its lines short; these run past 120 characters, so each line
    # is a paragraph and the blocks are comments.
    long = "and that is why the rail yard should stay a place where people can walk " * 2
    text = "\n\n".join("\n".join(f"{who} says {k} {long}".strip() for k in range(2))
                       for who in ("Ana", "Ben", "Cleo", "Dev")) + "\n"
    spaced = text_reader.spaced_paragraphs(text)
    assert len(spaced) == 8 and [g for _, g, _ in spaced] == [0, 0, 1, 0, 1, 0, 1, 0]
    assert [first(c.text, 1) for c in read_text(text, source="long.txt").comments] == [
        "Ana", "Ben", "Cleo", "Dev"]
    wrapped = "\n\n".join("\n".join(textwrap.wrap(p, 72)) for p, _, _ in spaced)
    assert len(text_reader.spaced_paragraphs(wrapped)) == 8  # the same text wrapped at 72


# --- a paste that indents replies under what they answer ---------------------


def _holding(thread: Thread, words: str) -> str:
    return next(c.id for c in thread.comments if words in c.text)


def test_replies_indented_under_what_they_answer_hang_there():
    thread = read_text((READ / "indented-replies.txt").read_text(encoding="utf-8"),
                       source="indented.txt")
    assert_well_formed(thread)
    parent = {c.id: c.parent_id for c in thread.comments}
    root = thread.comments[0]
    assert root.parent_id is None and "The council wants a ban" in root.text  # title + post
    oslo = _holding(thread, "Oslo did it")
    assert parent[_holding(thread, "Oslo is small")] == oslo
    assert parent[_holding(thread, "Nobody said overnight")] == _holding(thread, "Oslo is small")
    assert parent[_holding(thread, "Also, deaths")] == oslo
    assert parent[_holding(thread, "No. Shops")] == root.id
    which = next(c for c in thread.comments if c.text.startswith("Which shops?"))
    assert which.parent_id == _holding(thread, "No. Shops")
    assert "indented under" in which.parent_evidence and which.parent_confidence <= 0.95
    assert any(n.startswith("the indentation places") for n in thread.notes)


OUTLINE_TREE = {
    "Should cities ban": None,
    "Yes: streets without": "Should cities ban",
    "Oslo did it": "Yes: streets without",
    "Oslo is small": "Oslo did it",
    "Buses run faster": "Yes: streets without",
    "No: shops in": "Should cities ban",
    "Which shops? Most": "No: shops in",
}


@pytest.mark.parametrize("source", ["outline.txt", "outline.md"])
def test_an_indented_outline_is_one_comment_a_bullet(source):
    # A nested list, as note-taking tools export an argument outline: the bullets are
    # the comments (their marks gone), the lines under a bullet go with it, and the
    # indentation says what each answers. As Markdown it was one comment before.
    text = (READ / "outline.txt").read_text(encoding="utf-8")
    thread = read_text(text, source=source)
    assert_well_formed(thread)
    assert tree(thread) == OUTLINE_TREE
    no = next(c for c in thread.comments if c.text.startswith("No:"))
    assert "too heavy to carry" in no.text
    assert not any(c.text.startswith(("-", "*")) for c in thread.comments)
    assert "an indented outline: each of its 6 bullets is a comment" in thread.notes


def test_a_heading_over_a_markdown_outline_is_its_root():
    text = "# " + (READ / "outline.txt").read_text(encoding="utf-8")
    thread = read_text(text, source="outline.md")
    assert tree(thread) == OUTLINE_TREE and thread.title.startswith("Should cities ban")


@pytest.mark.parametrize("indents", [
    [0, 1, 1, 0, 1],  # stray single spaces are no depth
    [0, 4, 12, 4],  # two steps deeper at once: no reply tree is written so
    [4, 0, 0, 4, 4],  # the first paragraph indented
    [0, 0, 0, 4, 0],  # one indented paragraph (a code line, a quote)
])
def test_indentation_that_is_no_reply_tree_says_nothing(indents):
    lines = [f"paragraph {k}" for k in range(len(indents))]
    assert text_reader.indent_depths(lines, indents) == (None, None)


def test_indentation_depths_are_ranks_of_the_widths_used():
    lines = ["a", "b", "c", "d", "e"]
    assert text_reader.indent_depths(lines, [0, 2, 4, 2, 0]) == ([0, 1, 2, 1, 0], None)
    assert text_reader.indent_depths(lines, [0, 8, 16, 8, 8]) == ([0, 1, 2, 1, 1], None)
