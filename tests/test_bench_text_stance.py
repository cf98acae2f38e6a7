"""The pasted-text stance measurement: each wrong edge is blamed on one cause."""

from __future__ import annotations

import pytest

from bench.text_stance import Edge, summarise


def test_each_confident_edge_is_true_or_has_one_cause():
    edges = [
        Edge("attack", 0.9, 0.8, True, True, "attack"),     # true
        Edge("support", 0.7, 0.3, False, False, None),      # a fragment of a comment
        Edge("attack", 0.8, 0.6, True, False, "attack"),    # right stance, wrong parent
        Edge("support", 0.65, 0.9, True, True, "neutral"),  # right parent, wrong stance
        Edge("attack", 0.4, 0.9, True, True, "attack"),     # true but not confident
        Edge("neutral", 0.9, 0.9, True, True, "neutral"),   # neutral: no edge drawn
    ]
    s = summarise(edges, 0.6)
    assert (s["replies"], s["support/attack"], s["confident"]) == (6, 5, 4)
    assert (s["confident true"], s["on a fragment"], s["wrong parent"], s["wrong stance"]) \
        == (1, 1, 1, 1)
    assert s["placed right"] == 4
    # true edges: 0.9 and 0.4 stance confidence among 0.7, 0.8, 0.65
    assert s["AUC stance confidence"] == pytest.approx(0.5)
    assert s["AUC parent confidence"] == pytest.approx(4.5 / 6)  # one tie at 0.9


def test_no_auc_without_both_outcomes():
    s = summarise([Edge("attack", 0.9, 0.8, True, True, "support")], 0.6)
    assert s["AUC product"] is None and s["confident true"] == 0
