"""Grounded semantics on textbook frameworks, bipolar supports, cruxes and summaries."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analytics import (
    Crux,
    attack_depth,
    bipolar_attacks,
    cruxes,
    grounded_labelling,
    grounded_labelling_graph,
    summaries,
)
from argmap.model import ArgumentMap, Comment, Relation, Theme, Thread, Unit


def af(edges, nodes=()) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return g


def labels_of(edges, nodes=()) -> dict:
    return grounded_labelling_graph(af(edges, nodes))


def test_chain_alternates_from_the_unattacked_end():
    assert labels_of([("a", "b"), ("b", "c"), ("c", "d")]) == {
        "a": "in", "b": "out", "c": "in", "d": "out",
    }


def test_unattacked_argument_is_in():
    assert labels_of([], nodes=["x"]) == {"x": "in"}


def test_odd_cycle_is_undecided():
    assert set(labels_of([("a", "b"), ("b", "c"), ("c", "a")]).values()) == {"undecided"}


def test_mutual_attack_is_undecided_in_grounded():
    assert labels_of([("a", "b"), ("b", "a")]) == {"a": "undecided", "b": "undecided"}


def test_reinstatement_defender_brings_the_attacked_back():
    # c attacks b, b attacks a: a is reinstated by its defender c.
    assert labels_of([("b", "a"), ("c", "b")]) == {"a": "in", "b": "out", "c": "in"}


def test_reinstatement_against_two_attackers_needs_both_defeated():
    edges = [("b1", "a"), ("b2", "a"), ("c", "b1")]
    assert labels_of(edges)["a"] == "out"
    assert labels_of([*edges, ("d", "b2")])["a"] == "in"


def test_self_attacker_is_undecided_and_so_is_its_target():
    assert labels_of([("a", "a"), ("a", "b")]) == {"a": "undecided", "b": "undecided"}


def test_floating_defeat_stays_undecided_under_grounded():
    lab = labels_of([("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")])
    assert lab == dict.fromkeys("abcd", "undecided")


def test_odd_cycle_attacking_outward_is_undecided_but_a_defender_settles_it():
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
    assert labels_of(edges)["d"] == "undecided"
    lab = labels_of([*edges, ("e", "c")])
    assert lab["c"] == "out" and lab["d"] == "in" and lab["e"] == "in"


def _grounded_by_fixpoint(g: nx.DiGraph) -> set:
    """The definition itself: iterate the characteristic function from the empty set."""
    s: set = set()
    while True:
        attacked_by_s = {b for a in s for b in g.successors(a)}
        nxt = {x for x in g if set(g.predecessors(x)) <= attacked_by_s}
        if nxt == s:
            return s
        s = nxt


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=20),
)))
def test_labelling_matches_the_fixpoint_definition(case):
    n, edges = case
    g = af(edges, nodes=range(n))
    lab = grounded_labelling_graph(g)
    ins = {x for x, v in lab.items() if v == "in"}
    assert ins == _grounded_by_fixpoint(g)
    outs = {x for x, v in lab.items() if v == "out"}
    assert outs == {b for a in ins for b in g.successors(a)}


def test_supported_attack_makes_the_supporter_an_attacker():
    g = bipolar_attacks(af([("x", "b")]), af([("a", "x")]), "supported")
    assert g.has_edge("a", "b") and g.edges["a", "b"]["derived"] == "supported"
    assert not bipolar_attacks(af([("x", "b")]), af([("a", "x")]), "secondary").has_edge("a", "b")


def test_secondary_attack_reaches_what_the_attacked_supports_through_a_chain():
    g = bipolar_attacks(af([("a", "p")]), af([("p", "q"), ("q", "c")]), "secondary")
    assert g.has_edge("a", "q") and g.has_edge("a", "c")
    assert g.edges["a", "c"]["derived"] == "secondary"
    assert not bipolar_attacks(af([("a", "p")]), af([("p", "c")]), "none").has_edge("a", "c")


def test_unknown_support_mode_is_refused():
    with pytest.raises(ValueError, match="support mode"):
        bipolar_attacks(af([]), af([]), "deductive-ish")


def test_attack_depth_counts_the_longest_rebuttal_chain():
    d = attack_depth(af([("b", "a"), ("c", "b"), ("d", "c"), ("x", "a")]))
    assert d == {"a": 3, "b": 2, "c": 1, "d": 0, "x": 0}
    assert attack_depth(af([("a", "b"), ("b", "a"), ("b", "c")]))["c"] == 2


# --- on argument maps -------------------------------------------------------------

def make_map(units, relations, authors=None, themes=()) -> ArgumentMap:
    """Units 'cN.uK' with comments cN; `authors` maps comment id to author."""
    authors = authors or {}
    cids = sorted({u.split(".")[0] for u in units}, key=lambda c: int(c[1:]))
    comments = tuple(Comment(c, f"text of {c}", author=authors.get(c), position=i)
                     for i, c in enumerate(cids))
    us = tuple(Unit(u, u.split(".")[0], f"unit {u}",
                    theme_id=next((t for t, ids in themes if u in ids), None)) for u in units)
    rels = tuple(Relation(s, t, k, 0.8, "test") for s, t, k in relations)
    ths = tuple(Theme(t, f"label {t}", (), tuple(ids)) for t, ids in themes)
    return ArgumentMap(Thread("t", "t.txt", "text", comments), us, rels, ths, {})


def test_map_labelling_ignores_reply_and_quote_edges():
    amap = make_map(["c1.u1", "c2.u1"], [("c2.u1", "c1.u1", "reply"), ("c2.u1", "c1.u1", "quote")])
    assert grounded_labelling(amap) == {"c1.u1": "in", "c2.u1": "in"}


def test_unanswered_attack_on_a_premise_brings_down_its_claim():
    # c1.u2 is a premise supporting claim c1.u1; c2.u1 attacks the premise.
    amap = make_map(
        ["c1.u1", "c1.u2", "c2.u1"],
        [("c1.u2", "c1.u1", "support"), ("c2.u1", "c1.u2", "attack")],
    )
    assert grounded_labelling(amap) == {"c1.u1": "out", "c1.u2": "out", "c2.u1": "in"}
    assert grounded_labelling(amap, support="none")["c1.u1"] == "in"


def test_answered_rebuttal_reinstates_the_claim_on_a_map():
    amap = make_map(
        ["c1.u1", "c2.u1", "c3.u1"],
        [("c2.u1", "c1.u1", "attack"), ("c3.u1", "c2.u1", "attack"), ("c3.u1", "c2.u1", "reply")],
    )
    assert grounded_labelling(amap) == {"c1.u1": "in", "c2.u1": "out", "c3.u1": "in"}


def crux_map() -> ArgumentMap:
    units = ["c1.u1", "c2.u1", "c3.u1", "c4.u1", "c5.u1", "c6.u1", "c7.u1", "c8.u1"]
    rels = [
        # c1.u1 attacked by three replies from three authors
        ("c2.u1", "c1.u1", "attack"), ("c3.u1", "c1.u1", "attack"), ("c4.u1", "c1.u1", "attack"),
        # c5.u1 is the root of a chain c8 -> c7 -> c6 -> c5
        ("c6.u1", "c5.u1", "attack"), ("c7.u1", "c6.u1", "attack"), ("c8.u1", "c7.u1", "attack"),
        ("c6.u1", "c2.u1", "support"),
    ]
    authors = {"c1": "ann", "c2": "bo", "c3": "cy", "c4": "di", "c5": "ann", "c6": "bo",
               "c7": "ann", "c8": "bo"}
    themes = [("t1", ["c1.u1", "c2.u1", "c3.u1", "c4.u1"]), ("t2", ["c5.u1", "c6.u1", "c7.u1"])]
    return make_map(units, rels, authors, themes)


def test_cruxes_rank_the_most_attacked_first_and_say_why():
    found = cruxes(crux_map())
    assert all(isinstance(c, Crux) for c in found)
    assert found[0].unit_id == "c1.u1"
    assert "attacked by 3 units" in found[0].reasons
    assert "from 3 different authors" in found[0].reasons
    chain_root = next(c for c in found if c.unit_id == "c5.u1")
    assert "root of a rebuttal chain 3 deep" in chain_root.reasons
    assert found[0].score > chain_root.score > next(c for c in found if c.unit_id == "c7.u1").score
    # units nobody attacked are not cruxes
    assert {c.unit_id for c in found}.isdisjoint({"c2.u1", "c3.u1", "c4.u1", "c8.u1"})
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_a_unit_that_makes_no_point_is_no_crux():
    """'Nope.' (role meta) answered by an attack is an exchange, not a crux; the claim
    it answered still is one."""
    amap = make_map(["c1.u1", "c2.u1", "c3.u1"],
                    [("c2.u1", "c1.u1", "attack"), ("c3.u1", "c2.u1", "attack")])
    assert {c.unit_id for c in cruxes(amap)} == {"c1.u1", "c2.u1"}
    units = tuple(replace(u, role="meta") if u.id == "c2.u1" else u for u in amap.units)
    assert [c.unit_id for c in cruxes(replace(amap, units=units))] == ["c1.u1"]


def test_cruxes_top_limits_and_is_deterministic():
    assert len(cruxes(crux_map(), top=2)) == 2
    assert cruxes(crux_map()) == cruxes(crux_map())


def test_summaries_count_per_theme_and_per_author():
    s = summaries(crux_map())
    t1 = next(r for r in s["themes"] if r["theme_id"] == "t1")
    assert t1["units"] == 4 and t1["attacks_received"] == 3 and t1["attacks_made"] == 3
    assert t1["supports_received"] == 1
    assert t1["in"] + t1["out"] + t1["undecided"] == 4
    none = next(r for r in s["themes"] if r["theme_id"] == "(no theme)")
    assert none["units"] == 1  # c8.u1
    ann = next(r for r in s["authors"] if r["author"] == "ann")
    assert ann["units"] == 3 and ann["comments"] == 3
    assert ann["attacks_received"] == 5  # c1 by three, c5 by c6, c7 by c8
    bo = next(r for r in s["authors"] if r["author"] == "bo")
    assert bo["attacks_made"] == 3 and bo["supports_made"] == 1
    assert sum(r["units"] for r in s["authors"]) == 8


def test_every_front_end_says_a_grounded_label_in_the_same_words():
    """Page, app and Markdown report read one vocabulary (analytics.LABEL_WORDS)."""
    import html

    from argmap import appdata, export
    from argmap.analytics import LABEL_MEANINGS, LABEL_WORDS, label_sentence
    from argmap.render import render_html
    from tests.builders import tiny_map

    amap = tiny_map()
    page = html.unescape(render_html(amap))
    report = export.to_markdown(amap)
    for label in LABEL_WORDS:
        sentence = label_sentence(label)
        assert sentence.startswith(LABEL_WORDS[label].capitalize())
        assert LABEL_MEANINGS[label] in sentence
        assert appdata.STANDING[label] == sentence
        assert sentence in page
    assert f"### {label_sentence('out')[:-1]} (" in report
