"""The learned plain-text reader: each boundary and parent signal on small hand-made texts."""

from __future__ import annotations

import time

import pytest

from argmap.read import cues, learn, parents, read_text
from argmap.read import text as text_reader
from argmap.read.draft import Draft
from argmap.read.parents import choose_parents


def signals(text: str, prev: str = "The council wants a bus lane on Harbor Road.",
            **kw) -> dict[str, float]:
    args = dict(quote="", draft_quoted=False, pure_quote=False, prev_pure_quote=False,
                scrape_start=False, scrape_after=False, sim_prev=0.0, sim_draft=0.0,
                draft_paras=1, index=3)
    args.update(kw)
    return dict(zip(learn.BOUNDARY, learn.boundary_features(text, prev, **args), strict=True))


@pytest.mark.parametrize("text, prev, name", [
    ("Yeah, but the shops lose their parking.", "x", "reply opener"),
    ("But only at rush hour.", "x", "linked to the paragraph before"),
    ("- a loading bay at each corner", "A lane needs:", "list item"),
    ("Why do you think the shops would close?", "x", "asks 'you' a question"),
    ("A second point.", "TL;DR: buses first.", "follows a closer"),
    ("[deleted]", "x", "deleted"),
    ("Edit: fixed the numbers.", "x", "an edit note"),
    ("@harbor_tenant the lane is not free.", "x", "starts with @name"),
    ("OP is right about the buses.", "x", "mentions OP"),
    ("https://example.org/report.pdf", "x", "a bare link"),
    ("lol", "x", "very short (1-3 words)"),
    ("Is that so?", "Would you ride it?", "previous ends with '?'"),
    ("i dont think so tbh", "x", "writes 'i' in lower case"),
])
def test_each_boundary_signal_fires_on_its_own_cue(text, prev, name):
    assert signals(text, prev)[name] == 1.0
    assert signals("The lane would cost four million.", "The council met on Monday.")[name] == 0.0


def test_the_model_weighs_cues_the_way_a_reader_would():
    def p(text: str, prev: str, **kw) -> float:
        x = learn.boundary_features(text, prev, **{**dict(
            quote="", draft_quoted=False, pure_quote=False, prev_pure_quote=False,
            scrape_start=False, scrape_after=False, sim_prev=0.0, sim_draft=0.0,
            draft_paras=1, index=3), **kw})
        return learn.logit("boundary", x)

    prev = "The council wants a bus lane on Harbor Road because buses are slow."
    plain = p("Deliveries would have nowhere to stop.", prev)
    assert p("[deleted]", prev) > plain  # a deleted comment is a comment
    assert p("Edit: the lane is on the east side.", prev) < plain  # an edit continues
    assert p("- and a loading bay", "The plan needs:") < plain  # a list goes on
    assert p("Deliveries would have nowhere to stop.", prev, scrape_start=True) > plain
    assert p("Deliveries would have nowhere to stop.", prev, prev_pure_quote=True) < plain


def test_a_quote_of_an_earlier_paragraph_opens_a_new_comment_in_the_learned_reading():
    text = (
        "The council should put a bus lane on Harbor Road this year, buses crawl there.\n"
        "Only for twenty minutes a day, and the shops lose their deliveries for good.\n"
        "The council should put a bus lane on Harbor Road this year\n"
        "Which council though? The county runs the buses, not the city.\n"
    )
    paras, drafts, parents, _ = text_reader.analyse(text.splitlines(), mode="learned")
    quoting = next(k for k, d in enumerate(drafts) if 2 in d.paras)
    assert drafts[quoting].paras[0] == 2  # the repeated line opens the reply
    assert drafts[quoting].quotes[0][1] == 0
    assert parents[quoting][0] == 0 and "quotes c1" in parents[quoting][2]


def _draft(*own: str, quotes=(), opener=None, accept=False) -> Draft:
    return Draft(paras=[0], own=list(own), quotes=list(quotes), opener=opener, accept=accept,
                 opened_by="test")


def test_parent_signals_quote_take_up_and_confidence():
    drafts = [
        _draft("Harbor Road needs a bus lane; buses crawl behind parked delivery vans."),
        _draft("Cyclists would also like a protected lane on the bridge."),
        _draft("A painted lane on the bridge does nothing for cyclists in winter."),
        # quotes the root: answers it although two comments stand between
        _draft("Then the vans need loading bays first.",
               quotes=[("buses crawl behind parked delivery vans", 0)]),
    ]
    out = choose_parents(drafts)
    assert out[0] == (None, 1.0, "")
    assert out[3][0] == 0 and "quotes c1" in out[3][2]
    assert all(0 < conf <= 1 for _, conf, _ in out[1:])
    assert out[2][0] == 1  # the bridge reply follows the bridge comment


def test_a_reply_taking_up_rare_words_of_an_ancestor_goes_back_to_it():
    drafts = [
        _draft("Harbor Road needs a bus lane; buses crawl behind parked delivery vans."),
        _draft("Delivery vans could unload in the side streets before seven."),
        _draft("Side streets are residential and nobody wants engines at six."),
        _draft("Forget the side streets: parking fines on Harbor Road would clear the lane."),
    ]
    x_prev, x_root = (learn.parent_features(
        rank=r, is_root=p == 0, depth=d, quoted=False, quotes_other=False, sim=s,
        best_sim=0.4, prev_sim=0.1, opener=False, accepts=False, echoes=False,
        mentions_op=False, asks=False, says_you=False, children=1, cand_words=12,
        reply_words=12, cand_deleted=False) for r, p, d, s in ((0, 2, 2, 0.1), (2, 0, 0, 0.4)))
    assert learn.logit("parent", x_root) > learn.logit("parent", x_prev)
    assert choose_parents(drafts)[3][2]  # evidence in words


def test_a_reply_in_other_words_follows_the_comment_it_takes_up(models):
    """Rare words miss a reply that says the same thing in other words; its meaning
    does not (the embedder's vectors, as every build gives them)."""
    drafts = [_draft(t) for t in (
        "Should our town replace the old library with a parking garage?",
        "Parking downtown is impossible on weekends and the shops suffer.",
        "Half the stores on Main Street closed because customers could not park.",
    )]
    vectors = parents.comment_vectors(drafts, models.reader_embedder)
    assert vectors is not None and len(vectors) == 3
    by_words = choose_parents(drafts)
    by_meaning = choose_parents(drafts, vectors=vectors)
    assert by_words[2][0] == 0  # nothing shared: a new point to the opening post
    assert by_meaning[2][0] == 1 and "meaning 0.6" in by_meaning[2][2]
    assert by_meaning[1][0] == 0  # the first reply has no other choice
    assert parents.comment_vectors(drafts, None) is None


@pytest.mark.parametrize("text, word", [
    ("Yeah, that is what I found too.", "Yeah"), ("Thanks for the link!", "Thanks"),
    ("Oh, I had not heard that.", "Oh"), ("But the buses stop at nine.", "But"),
    ("**So** what happens on Sundays?", "So"), ("That's the real issue.", "That's"),
    ("Thatcher closed the line in 1985.", None), ("Butter prices rose.", None),
    ("The buses stop at nine.", None), ("Because the lane is empty.", None),
    ("No-one rides it at night.", None),
])
def test_a_reaction_is_the_opening_word_of_a_turn(text, word):
    assert cues.reacts(text) == word


def test_a_turn_that_reacts_or_answers_a_question_follows_the_comment_before(models):
    """The meaning model's turn-taking signals (`learn.PARENT_TURN`): a reply opening
    on a reaction, and one after a comment holding a question, answer that comment."""
    def read(*texts: str) -> list[tuple[int | None, float, str]]:
        drafts = [_draft(t) for t in texts]
        vectors = parents.comment_vectors(drafts, models.reader_embedder)
        return choose_parents(drafts, vectors=vectors)

    car = "Is a used electric car with 80,000 miles on it a sensible first car?"
    dealer = ("Battery health matters far more than mileage on those, and most dealers "
              "can print a capacity report.")
    plain = read(car, dealer, "I had no idea such a report existed. I will ask at the weekend.")
    oh = read(car, dealer, "Oh, I had no idea such a report existed. I will ask at the weekend.")
    assert plain[2][0] == oh[2][0] == 1
    assert oh[2][1] > plain[2][1] + 0.04  # surer, as the calibration states it
    assert "opens on 'Oh'" in oh[2][2] and "opens on" not in plain[2][2]
    asked = read(car, "Where do you live? Winters change the answer a lot.",
                 "Northern Sweden, so it gets properly cold for months.")
    assert asked[2][0] == 1 and "c2 asks a question" in asked[2][2]
    # a reaction is no quote: a reply taking up the post's own words still answers it
    garage = "Should our town replace the old library with a parking garage?"
    room = "The library's reading room is the only quiet place students have after school."
    but = read(garage, room, "But the town centre needs parking more than it needs a library.")
    flat = read(garage, room, "The town centre needs parking more than it needs a library.")
    assert but[2][0] == flat[2][0] == 0 and but[2][1] < flat[2][1]


def test_a_comments_meaning_is_the_mean_of_its_opening_sentences(models):
    """Whole sentences, so that a build, which embeds each sentence as a unit, encodes
    them once; the opening only (about MEANING_CHARS), and never nothing."""
    import numpy as np

    long = "A sentence of sixty characters or so, about the bus lane here. " * 5
    d = _draft("Buses are late. Vans block the lane! Fix it?")
    assert parents._meaning_sentences(d) == ["Buses are late.", "Vans block the lane!",
                                                 "Fix it?"]
    cut = parents._meaning_sentences(_draft(long))
    assert 1 <= len(cut) < 5 and sum(map(len, cut)) <= parents.MEANING_CHARS
    assert len(parents._meaning_sentences(_draft("x" * 500))[0]) == parents.MEANING_CHARS
    (v,) = parents.comment_vectors([d], models.reader_embedder, fitting=True)
    parts = models.reader_embedder.encode(parents._meaning_sentences(d), normalize_embeddings=True)
    mean = parts.mean(axis=0)
    assert np.allclose(v, mean / np.linalg.norm(mean), atol=1e-5)


def test_parent_evidence_names_the_reason_and_confidence_is_low_when_torn():
    t = read_text(
        "Harbor Road needs a bus lane.\n"
        "Buses crawl behind parked delivery vans every morning.\n"
        "Yeah, but the vans have nowhere else to go.\n"
    )
    for c in t.comments[1:]:
        assert c.parent_evidence and 0 < c.parent_confidence <= 1


def test_long_form_threads_keep_the_explicit_cue_reading(monkeypatch):
    monkeypatch.setattr(text_reader, "LONG_FORM_PARAGRAPHS", 5)  # a short fixture
    monkeypatch.setattr(text_reader, "LONG_FORM_WORDS", 30)
    lines = [
        "Congestion charging treats road space as a scarce good, and pricing it is the only "
        "fair way to allocate it when demand at peak times outstrips what the network carries.",
        "It follows that the charge should vary by hour, high at eight in the morning and "
        "nothing at all at night, so that drivers who can shift their trips are paid to do so.",
        "Yeah, but a charge by the hour hurts shift workers most, who cannot choose their hours "
        "and often live where no night bus runs, so the fair price is not fair to them at all.",
        "And the cameras that enforce it record every journey, which is a cost of its own that "
        "the scheme's promoters rarely count when they compare it with widening the ring road.",
        "I agree that shift workers lose out, but a discount for them is easy to design, and "
        "the money raised can pay for exactly the night buses that the outer estates lack.",
    ]
    paras, drafts, _, _ = text_reader.analyse(lines)
    assert [d.paras for d in drafts] == [[0, 1], [2, 3], [4]]
    _, learned, _, _ = text_reader.analyse(lines, mode="learned")
    assert len(learned) >= len(drafts)  # the chat-trained model splits more


def test_the_embedding_model_is_loaded_once_a_thread_and_only_when_needed(models):
    """The model is a loader the reader calls at most once, and not for a thread too
    short to need it (one reply: its parent is the post)."""
    from tests.conftest import SAMPLE

    loads: list[int] = []

    def loader():
        loads.append(1)
        return models.reader_embedder

    assert len(text_reader.read("A post about the bus lane.\nI like it.", "two.txt",
                                loader).comments) == 2
    assert loads == []
    chat = "\n".join(f"Short reply number {i} about the bus lane." for i in range(40))
    assert len(text_reader.read(chat, "chat.txt", loader).comments) > 1
    assert loads == [1]  # the parent choice reads each comment's meaning
    sample = text_reader.read(SAMPLE.read_text("utf-8"), SAMPLE.name, loader)
    assert loads == [1, 1] and len(sample.comments) == 11


def test_reading_is_near_linear_in_paragraphs():
    words = "bus lane city cost shop delivery tram bike road park tax rent flat noise".split()
    def text(n: int) -> str:
        return "\n".join(" ".join(words[(i * 7 + k) % len(words)] for k in range(12)) + f" {i}."
                         for i in range(n))
    t0 = time.process_time()  # this process's CPU: other jobs on the machine do not count
    read_text(text(500))
    small = time.process_time() - t0
    t0 = time.process_time()
    read_text(text(4000))
    big = time.process_time() - t0
    assert big < 8 * small * 2.5  # 8 times the paragraphs, far from 64 times the work


# --- the prior toward the previous comment -------------------------------------

# A forum exchange: two replies that share no words with anything. The model alone
# sends them to the opening post (its "most replies answer the post" prior); the
# fitted margin keeps them on the conversation, which is what a reader sees.
CHAIN = [
    "Harbor Road needs a bus lane; buses crawl behind parked delivery vans every morning.",
    "The vans could unload in the side streets before seven instead.",
    "Side streets are residential, and nobody there wants diesel engines at six.",
    "That is simply not true.",
    "Prove it then.",
]


def test_a_forum_reply_with_no_cue_answers_the_previous_comment_not_the_opening_post():
    drafts = [_draft(t) for t in CHAIN]
    margin, _ = parents.parent_prior()
    assert margin["forum"] > 0  # the shipped model keeps the previous comment unless shown else
    assert parents.thread_style(drafts) == "forum"
    with_prior = choose_parents(drafts)
    assert [p for p, _, _ in with_prior] == [None, 0, 1, 2, 3]
    without = choose_parents(drafts, margin={})
    assert [p for p, _, _ in without] == [None, 0, 1, 0, 0]  # the prior makes the difference
    assert "c1 scores" in with_prior[3][2] and "needed to leave the previous comment" in \
        with_prior[3][2]
    assert with_prior[3][1] < 0.5  # torn: drawn as unsure


# A conversation written here as a chain of cue-less replies, with two new topics
# (turns 11 and 20) that answer the opening post.
RIVERSIDE = [
    "The city wants to close the riverside road to cars every weekend.",
    "Weekend closures worked in other towns because they had buses running late.",
    "Our buses stop at nine, so people leaving restaurants would be stranded.",
    "Then extend the evening service first and close the road after that.",
    "Extending service costs money the council says it does not have.",
    "Parking fees from the new garage could pay for two extra drivers.",
    "That garage is half empty, the fees barely cover its own staff.",
    "Half empty on weekdays maybe, on Saturdays it is full by noon.",
    "Full by noon because the market is there, not because of the riverside.",
    "The market moved to the riverside last spring, so it is the same crowd.",
    "Fair, I had not heard it moved.",
    "Cyclists would love a quiet road along the water regardless.",
    "Cyclists already have the towpath on the other bank.",
    "The towpath floods every winter and nobody repairs it.",
    "Repairing the towpath would be cheaper than any closure scheme.",
    "Cheaper, but it does nothing for families walking with prams.",
    "Prams fit on the pavement, it is wide there.",
    "Wide near the bridge, narrow for the whole stretch past the mill.",
    "The mill stretch could be widened when the old wall is rebuilt next year.",
    "Rebuilding was postponed twice, I would not count on it.",
    "Shop owners on the embankment worry about deliveries.",
    "Deliveries could happen before ten on Saturday mornings.",
    "Bakeries deliver at five, the rest could adjust easily.",
    "The florist said she cannot adjust, her van comes at eleven.",
    "One florist should not decide a policy for a whole district.",
    "She is one of twelve businesses that signed the letter.",
    "Twelve out of how many on the embankment?",
    "Around forty, last time I counted the storefronts.",
]


def test_unsure_choices_do_not_pile_replies_onto_the_opening_post(monkeypatch):
    """"Replies so far" counts only sure choices: counting every unsure lean toward
    the post made the post look ever more answered, and a long conversation sank
    into it."""
    truth = [None, *range(len(RIVERSIDE) - 1)]
    truth[11] = truth[20] = 0

    def read() -> tuple[int, int]:
        _, drafts, parents, _ = text_reader.analyse(RIVERSIDE)
        assert len(drafts) == len(RIVERSIDE)
        got = [p for p, _, _ in parents]
        return (sum(g == t for g, t in zip(got[1:], truth[1:], strict=True)),
                got.count(0))

    right, on_post = read()
    monkeypatch.setattr(parents, "COUNTED_CONFIDENCE", 0.0)  # every choice counts
    right_all, on_post_all = read()
    assert right >= 20 and right > right_all
    assert on_post < on_post_all


def test_a_reading_that_found_no_names_counts_choices_as_a_plain_paste_does():
    """The readers that look for authors (Markdown, mail, page copies) pass a list of
    names; where it names nobody no author rule can fire, so unsure choices must not
    count as replies, as in a plain paste (with them counted, this conversation sinks
    into the post: the test above)."""
    _, drafts, plain, _ = text_reader.analyse(RIVERSIDE)
    nobody = choose_parents(drafts, authors=[None] * len(drafts))
    assert [p for p, _, _ in nobody] == [p for p, _, _ in plain]
    # a list that does name people still takes the author-aware reading (here two
    # people taking turns: nobody answers themselves, whoever was answered answers back)
    named = choose_parents(drafts, authors=[f"user_{k % 2}" for k in range(len(drafts))])
    assert [p for p, _, _ in named] != [p for p, _, _ in plain]


def test_a_quote_still_leaves_the_previous_comment_despite_the_prior():
    drafts = [_draft(t) for t in CHAIN]
    drafts.append(_draft("Then the buses need their own signals too.",
                         quotes=[("buses crawl behind parked delivery vans", 0)]))
    out = choose_parents(drafts)
    assert out[5][0] == 0 and "quotes c1" in out[5][2]


TWEETS = [
    "Breaking: the bridge is closed after a crack was found in the deck.",
    "@anna source? nothing on the council website yet",
    "@ben my cousin drives over it daily and saw police there this morning",
    "@carl fake, the photo is from 2019",
    "@dora hope nobody was hurt",
]


def test_replies_that_address_someone_get_their_own_prior_toward_the_post():
    drafts = [_draft(t) for t in TWEETS]
    assert parents.thread_style(drafts) == "address"
    assert parents.thread_style([_draft(t) for t in CHAIN]) == "forum"
    margin, _ = parents.parent_prior()
    assert margin["address"] < margin["forum"]  # on Twitter most replies answer the post
    out = choose_parents(drafts)
    as_forum = choose_parents(drafts, margin={"address": margin["forum"]})
    assert [p for p, _, _ in out[1:]] == [0, 0, 0, 0]
    assert all(a[1] > b[1] for a, b in zip(out[2:], as_forum[2:], strict=True))


def test_a_likely_fragment_is_passed_over_for_the_comment_it_is_part_of():
    drafts = [_draft(t) for t in CHAIN[:3]]
    # c3 was cut off c2 with a low boundary probability: a piece of c2, not a comment
    drafts[1].open_p, drafts[2].open_p = 0.9, 0.2
    drafts.append(_draft("Before seven is far too early for most shops."))
    out = choose_parents(drafts, fragment_p=0.5)
    assert out[3][0] == 1 and "c3 looks like a piece of c2" in out[3][2]
    assert choose_parents(drafts, fragment_p=0.0)[3][0] != 1  # without the skip it misses c2
    assert choose_parents(drafts, fragment_p=0.1)[3][0] != 1  # a sure comment is never skipped


def test_a_long_run_of_likely_fragments_still_finds_a_parent():
    drafts = [_draft("Harbor Road needs a bus lane.")]
    drafts += [_draft(f"Point {i} about the lane.") for i in range(100)]
    for d in drafts[1:]:
        d.open_p = 0.2  # all pieces: each is passed over, yet every one gets an earlier parent
    out = choose_parents(drafts, fragment_p=0.5)
    assert len(out) == 101 and all(p is not None and p < k for k, (p, _, _) in
                                   enumerate(out[1:], 1))


def test_a_long_comment_does_not_swallow_every_paragraph_after_it():
    """Past its training range the comment-so-far length stops pushing against a boundary:
    a 40-paragraph list once glued the rest of a 20,000-paragraph paste into one comment."""
    name = "comment so far (log paragraphs)"
    assert signals("x", draft_paras=4)[name] < signals("x", draft_paras=learn.DRAFT_CAP)[name]
    assert signals("x", draft_paras=500)[name] == signals("x", draft_paras=learn.DRAFT_CAP)[name]


def test_a_likely_piece_of_the_comment_before_is_no_confident_reply():
    """The confidence of a reply edge is the chance that a comment starts there at all
    times the parent's share: a paragraph the boundary model barely split off is drawn
    unsure and says it may belong to the comment before."""
    lines = [
        "The council should put a bus lane on Harbor Road this year, the buses crawl "
        "there every morning.",
        "I run the bakery on Harbor Road and a lane would take the only loading bay we have.",
        "Deliveries come at seven, exactly when the buses are busiest.",
        "Why not move the deliveries to the afternoon? Most shops on Main Street did that.",
    ]
    _, drafts, parents, _ = text_reader.analyse(lines, mode="learned")
    unsure = [k for k, d in enumerate(drafts[1:], 1) if d.open_p < 0.5]
    assert unsure, [d.open_p for d in drafts]  # the shop owner's objection, here
    for k, d in enumerate(drafts[1:], 1):
        _, conf, why = parents[k]
        assert conf <= round(d.open_p, 2) + 1e-9
        assert ("may be a piece of" in why) == (d.open_p < 0.5), why
    k = unsure[0]
    assert parents[k][1] < 0.5 and f"may be a piece of c{k}" in parents[k][2]


PAGE = [  # a debate portal's page: a claim, then standalone arguments, nobody says I or you
    "Cities should ban private cars from their centres.",
    "Car-free centres cut air pollution where people walk.",
    "Air pollution from buses would replace the pollution from cars in the centre.",
    "Shops in car-free centres lose customers who drive in from the suburbs.",
    "Delivery vans still need access, so the centre is never free of engines.",
    "Delivery access at night keeps shops supplied without daytime traffic.",
]


def test_a_list_of_impersonal_arguments_answers_the_claim():
    drafts = [_draft(t) for t in PAGE]
    assert parents.thread_style(drafts) == "list"
    margin, _ = parents.parent_prior()
    assert margin["list"] < margin["forum"]
    assert [p for p, _, _ in choose_parents(drafts)[1:]] == [0, 0, 0, 0, 0]
    # read as a conversation, take-up of words would hang some on the argument before
    as_forum = choose_parents(drafts, margin={"list": margin["forum"]})
    assert [p for p, _, _ in as_forum[1:]] != [0, 0, 0, 0, 0]
    # people talking to each other are a forum, and so is a list too short to tell
    talk = PAGE[:3] + ["I drive in every week and you would lose me as a customer."] + PAGE[4:]
    assert parents.thread_style([_draft(t) for t in talk]) == "forum"
    assert parents.thread_style(drafts[:5]) == "forum"
    # "I" and "you" are English: a German conversation is no list of arguments
    german = ["Die Stadt sollte Autos aus der Innenstadt verbannen.",
              "Ich fahre jeden Tag in die Stadt und das ist nicht einfach.",
              "Du kannst doch mit dem Bus fahren, der ist schnell genug.",
              "Der Bus ist am Abend leider nicht pünktlich, das weiß ich.",
              "Dann musst du eben früher los, so machen wir das auch.",
              "Das ist für mich keine Lösung, wenn die Arbeit spät endet."]
    assert parents.thread_style([_draft(t) for t in german]) == "forum"


LABELLED_PAGE = """Cities should ban private cars from their centres.

Point: Cleaner air in the centre would cut asthma cases among children.

Counterpoint: Most city air pollution now comes from heating and industry, not cars.

Point: Streets without cars are safer for people on foot and on bikes.

**Rebuttal:** Accidents simply move to the ring roads where traffic is diverted.

Point: Shops gain when people walk past them instead of driving by.

Objection - shops that rely on customers with heavy purchases will lose trade.
"""


def test_a_page_of_labelled_points_and_counterpoints_keeps_its_structure():
    t = read_text(LABELLED_PAGE, source="page.txt")
    assert len(t.comments) == 7  # each labelled paragraph is a comment of its own
    parent = {c.id: c.parent_id for c in t.comments}
    assert [parent[c] for c in ("c2", "c4", "c6")] == ["c1", "c1", "c1"]
    assert [parent[c] for c in ("c3", "c5", "c7")] == ["c2", "c4", "c6"]
    by_id = {c.id: c for c in t.comments}
    assert "labelled 'Counterpoint': answers the point before it" in by_id["c3"].parent_evidence
    assert by_id["c2"].parent_evidence.startswith("new comment (labelled 'Point')")


UNLABELLED_PAGE = "\n".join([
    'This house would ban smoking in all public places, including bars and restaurants.',
    'Second-hand smoke harms people who never chose to smoke. Bar staff breathe it for '
    'whole shifts, and surveys of hospitality workers find more lung disease than in other '
    'trades.',
    'However, nobody is forced to work in a bar that allows smoking. Staff can choose '
    'smoke-free venues, and modern ventilation removes most of the smoke.',
    'A ban makes smoking less visible and less normal, so fewer young people take it up. '
    'When teenagers stop seeing adults smoke over every pint, the habit looks less '
    'grown-up.',
    'This argument assumes that visibility drives uptake. Teenagers start smoking because '
    'of friends and family, and they rarely sit in bars.',
    'Smokers remain free to smoke at home and in the open air; the ban only asks them to '
    'step outside for a few minutes while others eat and drink.',
    'While that sounds modest, in winter stepping outside is a real burden for elderly and '
    'disabled smokers, and the smoke simply moves to the doorway.',
]) + "\n"


def test_an_unlabelled_counterpoint_answers_the_point_before_it():
    """A page of impersonal arguments whose counterpoints carry no label but open on a
    rebuttal: each counterpoint answers its point (the chain would misplace every
    point after the first; the list reading alone, every counterpoint)."""
    t = read_text(UNLABELLED_PAGE, source="page.txt")
    assert len(t.comments) == 7
    parent = {c.id: c.parent_id for c in t.comments}
    assert [parent[c] for c in ("c2", "c4", "c6")] == ["c1", "c1", "c1"]
    assert [parent[c] for c in ("c3", "c5", "c7")] == ["c2", "c4", "c6"]
    why = {c.id: c.parent_evidence for c in t.comments}
    assert "opens with 'However': a rebuttal of the point before it" in why["c3"]
    assert "opens with 'This argument assumes'" in why["c5"]
    # in a conversation the same words are no rebuttal cue ("But" there as often goes
    # on the writer's own comment): the forum reading decides
    talk = UNLABELLED_PAGE.replace("nobody is forced", "I think nobody is forced").replace(
        "Teenagers start", "You know teenagers start")
    t = read_text(talk, source="talk.txt")
    assert not any("a rebuttal of the point" in (c.parent_evidence or "") for c in t.comments)
    from argmap.read import cues

    assert cues.rebuts("While that sounds modest, it is a burden.") == "While that sounds modest"
    assert cues.rebuts("No, people are entitled to free speech.") is None
    assert cues.rebuts("Smokers remain free to smoke at home.") is None


def test_a_label_over_a_list_is_no_role():
    from argmap.read import cues

    assert cues.role("Cons:") is None and cues.role("Cons: slow") is None
    assert cues.role("Pro tip: walk more often than you drive.") is None
    assert cues.role("Counterpoint: most pollution comes from heating.") == ("Counterpoint", True)
    assert cues.role("Point: cleaner air cuts asthma cases.") == ("Point", False)


def test_a_likely_fragment_is_walked_through_to_the_comment_before_it():
    """A paragraph the boundary model doubts is most likely a piece of the comment
    before it, whatever parent it was given itself; the comment after it must still
    be able to answer that comment (as the parent model was fitted to)."""
    drafts = [
        _draft("Harbor Road needs a bus lane; buses crawl behind parked delivery vans."),
        _draft("Delivery vans could unload in the side streets before seven."),
        # a piece of c2 that itself quotes the post, so it is hung on the post
        _draft("As the post says, buses crawl behind parked delivery vans.",
               quotes=[("buses crawl behind parked delivery vans", 0)]),
        _draft("Unloading before seven wakes everyone in the side streets.",
               quotes=[("unload in the side streets before seven", 1)]),
    ]
    _, fragment_p = parents.parent_prior()
    drafts[2].open_p = fragment_p / 2
    out = choose_parents(drafts)
    assert out[2][0] == 0 and "may be a piece of c2" in out[2][2]
    assert out[3][0] == 1 and "quotes c2" in out[3][2]
    assert "c3 looks like a piece of c2" in out[3][2]


def test_who_wrote_what_answers_back_and_never_answers_itself():
    """Where a paste names its authors: whoever was answered answers back (96 % of such
    replies on real Reddit threads), and nobody answers their own comment (95.5 %)."""
    drafts = [
        _draft("Harbor Road needs a bus lane; buses crawl behind parked delivery vans."),
        _draft("Delivery vans could unload in the side streets before seven."),
        _draft("Side streets are residential and nobody wants engines at six.",
               quotes=[("unload in the side streets before seven", 1)]),
        _draft("A bus lane on Harbor Road with parked delivery vans in it is no bus lane."),
        _draft("Harbor Road buses crawl; a bus lane is the whole point of this post."),
    ]
    authors = ["mayor_pat", "grocer_dan", "walker_li", "grocer_dan", "mayor_pat"]
    blind = choose_parents(drafts)
    assert [p for p, _, _ in blind] == [None, 0, 1, 0, 0]  # the post's words win
    out = choose_parents(drafts, authors=authors)
    assert [p for p, _, _ in out] == [None, 0, 1, 2, 3]
    assert "c3 answered grocer_dan's c2, and grocer_dan answers back" in out[3][2]
    assert "not c1, which mayor_pat wrote" in out[4][2]
    assert all(conf <= parents.AUTHOR_RULE_CONFIDENCE for _, conf, _ in out[3:])


def test_an_edge_states_how_often_such_edges_are_right_and_chooses_the_same(models,
                                                                          monkeypatch):
    """The shipped calibration (`fit.py --calibrate`) changes what a reply edge's
    confidence says, never which parent is chosen, nor which choices count as sure."""
    texts = [
        "Should our town replace the old library with a parking garage?",
        "The library's reading room is the only quiet place students have after school.",
        "Oh, I did not know that. Is it open on weekends?",
        "Only on Saturdays, and the garage would close it for good.",
        "Parking in the centre is a nightmare on market days though.",
    ]
    drafts = [_draft(t) for t in texts]
    for k, d in enumerate(drafts):
        d.open_p = (1.0, 0.9, 0.6, 0.8, 0.45)[k]
    vectors = parents.comment_vectors(drafts, models.reader_embedder)
    part = learn.parent_part(True)
    cal = learn.model()[part].get("calibration")
    assert cal and set(cal) <= set(parents.PARENT_STYLES), "fit.py --calibrate not run"
    shares: list = []
    shown = choose_parents(drafts, vectors=vectors, shares=shares)
    shipped = learn.model()
    bare = {**shipped, part: {k: v for k, v in shipped[part].items() if k != "calibration"}}
    monkeypatch.setattr(learn, "model", lambda: bare)
    product = choose_parents(drafts, vectors=vectors)
    assert [p for p, _, _ in shown] == [p for p, _, _ in product]
    assert [w for _, _, w in shown] == [w for _, _, w in product]
    assert len(shares) == len(drafts) - 1
    for (_, conf, _), (_, plain, _), (share, open_p, style) in zip(shown[1:], product[1:],
                                                                   shares, strict=True):
        assert style == "forum" and plain == round(share * open_p, 2)
        assert conf == parents.edge_confidence(cal, style, share, open_p)
    # a reading that knows who wrote what is not what the calibration was fitted on
    monkeypatch.setattr(learn, "model", lambda: shipped)
    named = choose_parents(drafts, vectors=vectors, authors=[None, "ann", "bo", "ann", "cy"])
    assert all(c <= round(d.open_p, 2) for (_, c, _), d in zip(named[1:], drafts[1:],
                                                              strict=True))


def test_a_markdown_table_stays_in_the_comment_that_posted_it():
    """Rows of a table (a parts list, a price table) go on one after another; the
    boundary model, reading each row as a short unpunctuated line, opened comments
    inside them."""
    lines = [
        "I want a quiet PC for photo editing, about 900 dollars. What would you change?",
        "Here is what I would buy:",
        "Type | Item | Price",
        ":--|:--|:--",
        "CPU | Ryzen 5 7600 | $199",
        "Cooler | Thermalright Peerless Assassin | $39",
        "Memory | 32 GB DDR5-6000 | $95",
        "Storage | 2 TB NVMe SSD | $110",
        "Case | Fractal North | $129",
        "| Total | $572",
        "Thanks! Is 32 GB really needed for Lightroom though?",
    ]
    paras, drafts, _, _ = text_reader.analyse(lines, mode="learned")
    table = next(d for d in drafts if 2 in d.paras)
    # its rows, and the line that introduces it
    assert set(range(1, 10)) <= set(table.paras), [d.paras for d in drafts]
    assert drafts[-1].paras == [10]  # the question after the table is a reply of its own


def test_a_list_stays_with_the_line_that_announces_it():
    """A line ending in ":" and the list under it are one comment; the boundary model
    opened a comment at the list, leaving "Three changes:" a box of its own."""
    lines = [
        "First PC build: a Ryzen 5, a B650 board, 32 GB and a 650 W supply. Any advice?",
        "Three changes:",
        "- drop the cooler, the stock one is enough without overclocking",
        "- a cheaper B650 board does the same job",
        "1) get a quieter case fan",
        "Thanks, I will drop the cooler but keep the board.",
    ]
    _, drafts, _, _ = text_reader.analyse(lines, mode="learned")
    listed = next(d for d in drafts if 1 in d.paras)
    assert {1, 2, 3, 4} <= set(listed.paras), [d.paras for d in drafts]
    assert drafts[-1].paras == [5]  # the thanks after it is a reply of its own
    # the same items with no line announcing them: the rule does not fire
    plain = [lines[0], "Here is my view.", *lines[2:]]
    _, drafts, _, _ = text_reader.analyse(plain, mode="learned")
    assert not any({1, 2} <= set(d.paras) for d in drafts)


def test_a_greeting_line_opens_the_comment_whose_body_follows():
    lines = [
        "Should our bakery stop selling bread in plastic bags?",
        "Hey everyone,",
        "I run a small bakery and paper bags cost us twice as much, but customers ask.",
        "Paper bags keep a crust crisp anyway, so switch and tell people why.",
    ]
    _, drafts, _, _ = text_reader.analyse(lines, mode="learned")
    assert [d.paras for d in drafts][1:] == [[1, 2], [3]], [d.paras for d in drafts]
    # a greeting with something said after it is a comment of its own
    said = [lines[0], "Hi, paper bags are fine.", *lines[2:]]
    _, drafts, _, _ = text_reader.analyse(said, mode="learned")
    assert not any({1, 2} <= set(d.paras) for d in drafts), [d.paras for d in drafts]


def test_the_answer_to_a_quoted_sentence_goes_on_in_the_comment_that_quoted_it():
    lines = [
        "Our library wants to stay open until midnight during exams. The extra staff "
        "would cost about forty thousand a year, paid from the book budget.",
        "paid from the book budget",
        "That is the part nobody on the board has explained to students.",
        "Why not ask the student union to split the cost with the library?",
    ]
    _, drafts, _, _ = text_reader.analyse(lines, mode="learned")
    assert [d.paras for d in drafts][:2] == [[0], [1, 2]], [d.paras for d in drafts]


def test_a_tweet_naming_someone_is_no_answer_to_the_quote_before_it():
    lines = [
        "Harbor Road will get a bus lane next spring, the council said today.",
        "RT @citynews: Harbor Road will get a bus lane next spring, the council said today.",
        "@citynews about time, the 14 bus crawls there every single morning.",
    ]
    _, drafts, _, _ = text_reader.analyse(lines, mode="learned")
    assert [d.paras for d in drafts] == [[0], [1], [2]], [d.paras for d in drafts]
