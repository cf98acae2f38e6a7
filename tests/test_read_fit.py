"""The fit tool's margin choice, on two hand-made sources (no shared data needed)."""

from __future__ import annotations

import json

from argmap.read import devset, fit, learn
from argmap.read.text import PARENT_STYLES
from tests.test_read_learned import PAGE as LIST_PAGE

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
