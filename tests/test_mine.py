"""Units, roles and relations on hand-built threads, with the real spaCy pipeline."""

from __future__ import annotations

import pytest

from argmap.mine import main_claim, match_quote, mine_relations, split_units, unit_role
from argmap.model import Comment, Quote, Thread, Unit
from argmap.stance import CueClassifier, StanceResult


@pytest.fixture(scope="module")
def nlp(models):
    return models.nlp


def units_of(nlp, *texts: str) -> list[Unit]:
    thread = Thread("t", "t.txt", "text", tuple(Comment(f"c{i}", t) for i, t in enumerate(texts)))
    return list(split_units(thread, nlp))


def test_concession_then_claim_is_split_into_two_units(nlp):
    u = units_of(
        nlp,
        "I agree that many humans would do so, but the only reason they "
        "would do so is self-preservation.",
    )
    assert [x.role for x in u] == ["concession", "claim"]
    assert u[0].text == "I agree that many humans would do so"
    assert u[1].text.startswith("but the only reason")


def test_a_verbless_lead_in_is_not_the_comments_point(nlp):
    """"Case in point." opens the comment, the next sentence says something: that is
    the claim (a lead-in was listed as a crux). Alone, a verbless reply stays a claim."""
    u = units_of(nlp, "Case in point. Confession makes people admit they were wrong.",
                 "No objection.")
    assert [(x.text, x.role) for x in u] == [
        ("Case in point.", "premise"),
        ("Confession makes people admit they were wrong.", "claim"),
        ("No objection.", "claim"),
    ]


def test_a_role_label_is_where_a_point_stands_not_part_of_it(nlp):
    texts = ("Counterpoint: most city air pollution comes from heating, not cars.",
             "Point: Cleaner air would cut asthma cases among children.",
             "**Con:** deliveries need roads.")
    u = units_of(nlp, *texts)
    assert [x.text for x in u] == ["most city air pollution comes from heating, not cars.",
                                   "Cleaner air would cut asthma cases among children.",
                                   "deliveries need roads."]
    for x in u:  # offsets still point into the comment's own text
        assert texts[int(x.comment_id[1:])][x.start:x.end] == x.text


def test_bullets_quote_marks_and_title_bars_are_not_part_of_a_unit(nlp):
    texts = ("* Do you get matching on your 401(k)? If not, stop contributing.",
             "Should cities ban cars? | Urban planning explained",
             "- Buses are faster.\n\n• Streets are quieter.",
             "-1. Nobody asked for this.")
    u = units_of(nlp, *texts)
    assert [x.text for x in u] == [
        "Do you get matching on your 401(k)?", "If not, stop contributing.",
        "Should cities ban cars?", "Urban planning explained",
        "Buses are faster.", "Streets are quieter.", "-1.", "Nobody asked for this."]
    for x in u:
        assert texts[int(x.comment_id[1:])][x.start:x.end] == x.text


def test_a_markdown_table_or_rule_is_markup_not_claims(nlp):
    """Rows of a price table were units ("| Car | $251 |"); the comment keeps the table,
    its units are the prose around it, with offsets into the comment's text."""
    texts = ("Here is my monthly budget.\n\n|Item|Price|\n|---|---|\n|Car loan|$251|\n"
             "|Bus pass|$90|\n\nThe car costs far more than the bus.",
             "A car saves time.\n\nItem | Hours\n--- | ---\nBus | 10\nCar | 5\n\n"
             "Pipes | in prose | stay when no delimiter row follows.\n---\nA rule is no table.")
    u = units_of(nlp, *texts)
    assert [x.text for x in u] == [
        "Here is my monthly budget.", "The car costs far more than the bus.",
        "A car saves time.", "Pipes | in prose | stay when no delimiter row follows.",
        "A rule is no table."]
    for x in u:
        assert texts[int(x.comment_id[1:])][x.start:x.end] == x.text


def test_a_plain_but_sentence_is_not_split(nlp):
    u = units_of(nlp, "The model read the emails but it never sent one.")
    assert len(u) == 1 and u[0].role == "claim"


def test_because_clause_becomes_a_premise_of_its_claim(nlp):
    u = units_of(
        nlp, "The model blackmails the engineer because the scenario leaves no other option."
    )
    assert [x.role for x in u] == ["claim", "premise"]
    assert u[1].text.startswith("because")


def test_leading_since_clause_is_a_premise(nlp):
    u = units_of(nlp, "Since the model was told to stop, it should have stopped.")
    assert [x.role for x in u] == ["premise", "claim"]


def test_unit_spans_point_into_the_comment_text(nlp):
    text = "Fair enough, but the test is unrealistic. Which users though?"
    for x in units_of(nlp, text):
        assert text[x.start : x.end] == x.text


ROLES = [
    ("Which users though?", "question"),
    ("Isn't that exactly what we asked it to do?", "claim"),  # rhetorical
    ("See this thread for details.", "meta"),
    ("https://example.org/post/1", "meta"),
    ("TL;DR", "meta"),
    ("TL;DR: the scenario is unrealistic.", "claim"),
    ("Fair enough as far as realism goes.", "concession"),
    ("For example, a human would do the same.", "premise"),
    # a question that puts a motion up for debate is what replies are for or against
    ("Should our town ban cars from the centre?", "claim"),
    ("CMV: Should voting be compulsory?", "claim"),
    ("Ask HN: Should startups stop using Slack?", "claim"),
    ("Do you think the voting age should be 16?", "claim"),
    # a choice or a request for information is still a question
    ("Should I buy the red one or the blue one?", "question"),
    ("Does anyone know when the council votes?", "question"),
]


def test_roles_of_single_sentences():
    assert [(text, unit_role(text)) for text, _ in ROLES] == ROLES


def test_a_debate_asked_as_a_question_is_the_claim_its_replies_answer(nlp):
    """A thread that opens "Should our town ban cars?" is about that motion: its
    replies' stances point at it, not at the post's next sentence ("The council votes
    in May…" was drawn as attacked and listed as the debate's crux)."""
    post = Comment("a", "Should our town ban cars from the centre? The council votes in May "
                        "and I want to hear from people who live here.")
    reply = Comment("b", "Shops in the centre would lose half their customers.", parent_id="a")
    thread = Thread("t", "t.txt", "text", (post, reply))
    units = split_units(thread, nlp)
    assert main_claim([u for u in units if u.comment_id == "a"]).text.startswith("Should our town")
    _, rels = mine_relations(thread, units, _Always("attack"))
    (attack,) = [r for r in rels if r.kind == "attack"]
    assert attack.target == "a.u1"


def test_first_assertion_is_the_claim_and_later_ones_its_premises(nlp):
    u = units_of(nlp, "Models should refuse. They were told not to do it. So the test is fair.")
    assert [x.role for x in u] == ["claim", "premise", "claim"]
    assert main_claim(u).text == "So the test is fair."
    # "So far as I can tell" hedges; it draws no conclusion (it was the sample's main point)
    u = units_of(nlp, "Models should refuse. So far as I can tell, nobody tested that.")
    assert [x.role for x in u] == ["claim", "premise"]
    assert main_claim(u).text == "Models should refuse."
    # "As a nurse, ..." says who speaks and "As a result" concludes: neither gives a reason
    u = units_of(nlp, "As a nurse, I see long night shifts harm patients. Staff get tired. "
                      "As a result, mistakes go up.")
    assert [x.role for x in u] == ["claim", "premise", "claim"]
    assert main_claim(u).text == "As a result, mistakes go up."


def test_match_quote_finds_the_quoted_unit_even_when_partial():
    src = [
        Unit("a.u1", "a", "Models are safe."),
        Unit("a.u2", "a", "LLMs should never subvert their users in any case."),
    ]
    unit, score = match_quote("LLMs should never subvert their users", src)
    assert unit.id == "a.u2" and score > 0.5
    assert match_quote("something else entirely", src)[0] is None


class _Always:
    def __init__(self, stance):
        self.stance = stance
        self.seen = []

    def predict(self, pairs):
        self.seen.extend(pairs)
        return [StanceResult(self.stance, 0.8, "fixed") for _ in pairs]


def test_quote_relation_and_stance_target_is_the_quoted_unit(nlp):
    parent = Comment("a", "Scenarios are realistic enough. LLMs should never subvert their users.")
    reply = Comment(
        "b",
        "Which users though? There are many of them.",
        parent_id="a",
        quotes=(Quote("LLMs should never subvert their users", "a"),),
    )
    thread = Thread("t", "t.txt", "text", (parent, reply))
    units = split_units(thread, nlp)
    clf = _Always("attack")
    comments, rels = mine_relations(thread, units, clf)
    quote = [r for r in rels if r.kind == "quote"]
    attack = [r for r in rels if r.kind == "attack"]
    assert len(quote) == 1 and quote[0].target == "a.u2" and "subvert" in quote[0].evidence
    assert len(attack) == 1 and attack[0].target == "a.u2"
    assert "quoted" in attack[0].evidence
    assert clf.seen == [("LLMs should never subvert their users", reply.text)]
    assert comments[1].stance == "attack" and comments[1].stance_confidence == 0.8


def test_without_a_quote_the_target_is_the_parents_closest_unit(nlp):
    parent = Comment(
        "a", "The scenario is unrealistic. Blackmail is never acceptable for an assistant."
    )
    reply = Comment(
        "b", "Blackmail can be acceptable for an assistant when lives are at stake.", parent_id="a"
    )
    thread = Thread("t", "t.txt", "text", (parent, reply))
    _, rels = mine_relations(thread, split_units(thread, nlp), CueClassifier())
    reply_edge = [r for r in rels if r.kind == "reply"]
    assert reply_edge[0].target == "a.u2"


def test_premises_support_their_claim_inside_the_comment(nlp):
    c = Comment("a", "The test is unfair because the model had no other option.")
    thread = Thread("t", "t.txt", "text", (c,))
    units = split_units(thread, nlp)
    _, rels = mine_relations(thread, units, CueClassifier())
    assert [(r.source, r.target, r.kind) for r in rels] == [("a.u2", "a.u1", "support")]


def test_root_gets_no_stance_and_a_reply_to_a_missing_parent_is_left_alone(nlp):
    thread = Thread(
        "t",
        "t.txt",
        "text",
        (Comment("a", "Claim one."), Comment("b", "I disagree.", parent_id="zz")),
    )
    comments, rels = mine_relations(thread, split_units(thread, nlp), _Always("attack"))
    assert all(c.stance is None for c in comments)
    assert not [r for r in rels if r.kind in ("attack", "reply")]


@pytest.mark.slow
def test_sample_map_reads_concession_then_contrast_and_an_extension(sample_build):
    _, result = sample_build
    amap = result.map
    by_text = {c.text: c for c in amap.thread.comments}
    conceding = [c for t, c in by_text.items() if "I agree that many humans would do so, but" in t]
    extending = [c for t, c in by_text.items() if t.startswith("Expanding mildly on this")]
    assert conceding and extending
    assert all(c.stance == "attack" for c in conceding)
    # the extension ("Expanding mildly on this") is a known miss of the three-way model
    # (read as neutral); tests/test_stance_sample.py marks it and says when it comes right
    assert all(c.stance in ("support", "neutral") for c in extending)
    roles = {u.role for u in amap.units if u.comment_id == conceding[0].id}
    assert {"concession", "claim"} <= roles
    kinds = {r.kind for r in amap.relations}
    assert {"support", "attack", "reply"} <= kinds


def test_a_stance_the_source_states_is_kept_not_reclassified(nlp):
    from argmap.read import read_thread
    from tests.conftest import FIXTURES

    thread = read_thread(FIXTURES / "read" / "kialo.txt")
    units = split_units(thread, nlp)
    comments, relations = mine_relations(thread, units, CueClassifier())
    stated = {c.id: (c.stance, c.stance_confidence) for c in thread.comments if c.stance}
    kept = {c.id: (c.stance, c.stance_confidence) for c in comments if c.id in stated}
    assert kept == stated and ("attack", 1.0) in kept.values()
    assert any(r.kind == "attack" and r.confidence == 1.0 and "kialo" in r.evidence
               for r in relations)


def test_each_unit_comes_with_its_own_part_of_the_comments_parse(nlp):
    """Theme labels read these docs instead of parsing every unit again."""
    from argmap.mine import split_units_with_docs

    thread = Thread("t", "t.txt", "text", (
        Comment("c0", "I agree that remote work helps, but the office builds trust. "
                      "Self-preservation drives the model's choices."),
        Comment("c1", "Which users, though? The operator and the citizen differ."),
    ))
    units, docs = split_units_with_docs(thread, nlp)
    assert len(docs) == len(units) >= 4
    for u, d in zip(units, docs, strict=True):
        assert d.text.strip() == u.text
        assert d.has_annotation("DEP") and d.has_annotation("LEMMA")
    assert [t.lemma_ for t in docs[-1] if t.pos_ == "NOUN"] == ["operator", "citizen"]


def test_the_pipeline_and_the_search_index_share_one_stop_word_list():
    from argmap import index, mine, words

    assert mine._STOP is words.STOP_WORDS and index._STOP is words.STOP_WORDS
    assert {"the", "which", "would"} <= words.STOP_WORDS and "bus" not in words.STOP_WORDS


def test_a_deleted_comment_holds_its_place_and_no_claim(nlp):
    """Reddit and Hacker News leave "[deleted]" where a comment was: in a pasted thread
    eight of them once made a theme called "delete". The comment stays, its words are
    no unit, and a reply to it gets no stance (there is nothing to agree with)."""
    thread = Thread("t", "t.txt", "text", (
        Comment("c1", "Bus lanes speed up every route in the city."),
        Comment("c2", "[deleted]", parent_id="c1"),
        Comment("c3", "[ Removed by Reddit ]", parent_id="c1"),
        Comment("c4", "I disagree, that is simply wrong.", parent_id="c2"),
    ))
    units = split_units(thread, nlp)
    assert {u.comment_id for u in units} == {"c1", "c4"}
    comments, relations = mine_relations(thread, units, CueClassifier())
    assert [c.id for c in comments] == ["c1", "c2", "c3", "c4"]
    assert all(c.stance is None for c in comments), [(c.id, c.stance) for c in comments]
    assert not [r for r in relations if r.kind in ("support", "attack")
                and r.source.startswith("c4")]


def test_is_deleted_reads_every_placeholder_and_nothing_else():
    from argmap.words import is_deleted

    for text in ("[deleted]", " [Removed] ", "[ Removed by Reddit ]", "[deleted by user]",
                 "[dead]", "[flagged]"):
        assert is_deleted(text), text
    for text in ("[citation needed]", "deleted", "[deleted] but I remember what it said",
                 "I [deleted] my account", ""):
        assert not is_deleted(text), text
