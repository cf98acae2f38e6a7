"""The parent fits: as a choice among a reply's candidates (`fit._fit_choice`), and the
margin per thread style (`fit.fit_margins`).

The data are made here (groups of candidates with known signals, two hand-made
threads), so what the fit must learn is known; no development thread is needed.
"""

from __future__ import annotations

import json
import math
import random

from argmap.read import devset, fit, learn, parents
from argmap.read.parents import PARENT_STYLES
from tests.test_read_learned import PAGE as LIST_PAGE

NAMES = ("the previous comment", "takes up words", "reply length", "bias")


def _groups(n: int, seed: int = 0) -> list:
    """Replies with 2-4 candidates: the parent is the candidate that takes up the reply's
    words most (signal 1) four times in five, else the previous comment; the reply's
    length (signal 2) is the same for every candidate of a reply and says nothing."""
    rng = random.Random(seed)
    rows = []
    for g in range(n):
        k = rng.randint(2, 4)
        words = [rng.random() for _ in range(k)]
        length = rng.random() * 5
        parent = max(range(k), key=lambda i: words[i]) if rng.random() < 0.8 else 0
        for r in range(k):
            source = "a" if g % 2 else "b"
            rows.append(([float(r == 0), words[r], length, 1.0], r == parent, source, g))
    return rows


def test_the_choice_fit_learns_what_tells_candidates_apart():
    got = fit._fit_choice(_groups(600), NAMES)
    w = dict(zip(got["names"], got["coef"], strict=True))
    assert w["takes up words"] > 2.0  # the signal that picks the parent
    # what is equal for every candidate of a reply cannot choose between them
    assert abs(w["reply length"]) < 1e-3 and w["bias"] == 0.0
    assert got["fit"] == "choice" and got["positives"] == 600


def test_the_choice_fit_matches_how_often_replies_answer_the_previous_comment():
    rows = _groups(800, seed=1)
    got = fit._fit_choice(rows, NAMES)
    # a fitted choice probability: over the replies, the model's share for the previous
    # comment adds up to how many replies answer it (the fit's own moment condition;
    # a per-candidate regression, scored as a softmax, has no such property)
    expected, observed = 0.0, 0
    groups = sorted({r[3] for r in rows})
    for g in groups:
        cand = [r for r in rows if r[3] == g]
        z = [sum(a * b for a, b in zip(got["coef"], r[0], strict=True)) for r in cand]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        expected += e[0] / sum(e)
        observed += cand[0][1]
    assert abs(expected - observed) / len(groups) < 0.005
    assert 0.2 < observed / len(groups) < 0.6  # the data leave real doubt to fit


PAGE = devset.Tree("page", [devset.Node("r", None, LIST_PAGE[0])] + [
    devset.Node(f"a{i}", "r", t) for i, t in enumerate(LIST_PAGE[1:])])
CHAT = devset.Tree("chat", [
    devset.Node("r", None, "I think the harbour needs a bus lane."),
    devset.Node("b", "r", "You would lose the parking though, and I park there."),
    devset.Node("c", "b", "I doubt you need that spot, the garage has room."),
    devset.Node("d", "c", "The garage is full by eight, I checked on Monday."),
    devset.Node("e", "d", "Then you could come before eight like my neighbours do."),
    devset.Node("f", "e", "My shift starts at nine, so that does not help me."),
])


def test_margins_are_chosen_per_style_with_the_weights_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(devset, "SOURCES", {"page": ("page", {}), "chat": ("chat", {})})
    monkeypatch.setattr(devset, "source_trees", lambda kind: [PAGE if kind == "page" else CHAT])
    monkeypatch.setattr(devset, "is_heldout", lambda _id: False)
    shipped = json.loads(learn.MODEL_PATH.read_text("utf-8"))
    monkeypatch.setattr(learn, "MODEL_PATH", tmp_path / "reader_model.json")
    learn.MODEL_PATH.write_text(json.dumps(shipped), "utf-8")
    learn.model.cache_clear()
    try:
        found = fit.fit_margins(json.loads(json.dumps(shipped)))
        written = json.loads((tmp_path / "reader_model.json").read_text("utf-8"))
    finally:
        learn.model.cache_clear()  # the shipped model again for every later test
    margin = written["parent"]["margin"]
    assert set(margin) == set(PARENT_STYLES) and found["parent"]["margin"] == margin
    assert written["parent"]["coef"] == shipped["parent"]["coef"]  # weights kept
    assert written["boundary"] == shipped["boundary"]
    # the page's arguments answer the claim, the chat's replies the comment before
    assert margin["list"] < 0 < margin["forum"]


def test_the_edge_calibration_learns_how_often_edges_are_right_per_style():
    """Edges of "forum" threads are right as often as their share says, halved; those
    of "list" threads nearly always."""
    rng = random.Random(3)
    rows = []
    for source, style, n in (("a", "forum", 3000), ("b", "forum", 300), ("c", "list", 600)):
        for _ in range(n):
            share, open_p = rng.uniform(0.3, 1.0), rng.uniform(0.3, 1.0)
            right = rng.random() < (share / 2 if style == "forum" else 0.97)
            rows.append((source, share, open_p, style, right))
    cal = fit.calibrate_edges(rows)
    assert set(cal) == {"forum", "list"}  # no "address" rows: that style keeps the product
    assert cal["forum"][0] > 0.2 and abs(cal["forum"][1]) < 0.15  # the share says it
    forum = [parents.edge_confidence(cal, "forum", s, 0.7) for s in (0.4, 0.6, 0.9)]
    assert forum == sorted(forum) and 0.15 < forum[0] < forum[-1] < 0.55
    assert parents.edge_confidence(cal, "list", 0.5, 0.5) > 0.9
    assert parents.edge_confidence(cal, "address", 0.5, 0.8) == 0.4
    assert 0 < parents.edge_confidence(cal, "forum", 1.0, 1.0) < 1  # no infinite log-odds
