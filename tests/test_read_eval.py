"""The reader's development-set tools on a tiny hand-made tree: flattening and scoring."""

from __future__ import annotations

import json

from argmap.read import devset, read_text
from argmap.read import eval as reader_eval
from argmap.read.eval import score_thread

# root (2 paragraphs) -> a (2 paragraphs) -> b ; root -> c
TREE = devset.Tree("t1", [
    devset.Node("r", None,
                "Should Harbor Road get a bus lane?\n\nBuses crawl there every morning."),
    devset.Node("a", "r", "Yes, and soon.\n\n> Buses crawl there\n\nThe vans are the problem."),
    devset.Node("b", "a", "Which vans though?"),
    devset.Node("c", "r", "[deleted]"),
])


def test_flatten_writes_depth_first_paragraphs_and_remembers_their_comments():
    flat = devset.flatten(TREE)
    assert flat.lines == ["Should Harbor Road get a bus lane?", "Buses crawl there every morning.",
                          "Yes, and soon.", "Buses crawl there", "The vans are the problem.",
                          "Which vans though?", "[deleted]"]
    assert flat.labels == ["r", "r", "a", "a", "a", "b", "c"]
    assert flat.text == "\n".join(flat.lines) + "\n"
    assert devset.flatten(TREE, quotes=False).lines[3] == "The vans are the problem."


def test_flatten_variants():
    wrapped = devset.flatten(TREE, wrap=20).text
    assert "\n\n" in wrapped and max(len(ln) for ln in wrapped.splitlines()) <= 20
    twice = devset.flatten(TREE, twice=True)
    assert twice.lines.count(twice.lines[0]) == 2  # the thread starts again
    assert len(twice.lines) < 2 * len(devset.flatten(TREE).lines)  # each copy lacks a leaf
    deleted = devset.flatten(TREE, delete=1.0)
    assert deleted.lines[2:] == ["[deleted]"] * 3
    quoting = devset.flatten(TREE, quote_parent=1.0, quotes=False)
    assert quoting.lines[2] in quoting.lines[:2]  # a's reply opens by quoting the root
    assert quoting.labels[2] == "a"


def test_flatten_lays_out_comments_and_the_reader_takes_the_layout_back():
    spaced = devset.flatten(TREE, spaced=1).text
    assert spaced.startswith("Should Harbor Road get a bus lane?\nBuses crawl there every "
                             "morning.\n\nYes, and soon.\n")
    assert "\n\n\n" in devset.flatten(TREE, spaced=2).text
    indented = devset.flatten(TREE, indent=4).text.splitlines()
    assert indented[2] == "    Yes, and soon." and indented[5] == "        Which vans though?"
    outline = devset.flatten(TREE, indent=2, bullets=True).text.splitlines()
    assert outline[2:6] == ["- Yes, and soon.", "  Buses crawl there",
                            "  The vans are the problem.", "  - Which vans though?"]
    # spacing says where every comment starts; an outline also what each answers
    s = reader_eval._read_flat(devset.flatten(TREE, spaced=2), None)
    assert (s.split_right, s.fragments) == (4, 0)
    s = reader_eval._read_flat(devset.flatten(TREE, indent=2, bullets=True), None)
    assert (s.split_right, s.fragments, s.parents_right) == (4, 0, 3)
    # plain indentation places every reply under what it answers; whether a paragraph
    # at the same depth goes on or opens a sibling is still the model's guess
    s = reader_eval._read_flat(devset.flatten(TREE, indent=4), None)
    assert s.split_right == 4
    thread = read_text(devset.flatten(TREE, indent=4).text, source="indented.txt")
    by_id = {c.id: c for c in thread.comments}
    which = next(c for c in thread.comments if c.text == "Which vans though?")
    assert "The vans are the problem." in by_id[which.parent_id].text  # the nearest less deep
    assert by_id[thread.comments[-1].parent_id].parent_id is None  # [deleted] under the post


def test_scorer_counts_split_right_fragments_and_parents():
    truth = ["r", "r", "a", "a", "b", "c"]
    true_parent = {"r": None, "a": "r", "b": "a", "c": "r"}
    # perfect reading
    s = score_thread(truth, [0, 0, 1, 1, 2, 3], [None, 0, 1, 0], true_parent)
    assert (s.comments, s.split_right, s.found, s.fragments) == (4, 4, 4, 0)
    assert (s.replies, s.parents_right, s.chain_right) == (3, 3, 2)
    # a cut in two (one fragment), b merged into c: b and c are wrong, a still counts
    s = score_thread(truth, [0, 0, 1, 2, 3, 3], [None, 0, 1, 0], true_parent)
    assert s.split_right == 2 and s.fragments == 1 and s.found == 4
    # b starts no comment of its own; c's parent is right only if it holds r's opening
    assert s.parents_right == 1
    row = s.row()
    assert row["every-para fragments"] == (6 - 4) / 6 and row["chain parents"] == 2 / 3


def test_edge_confidence_is_scored_against_edges_that_are_right():
    truth = ["r", "r", "a", "a", "b", "c"]
    true_parent = {"r": None, "a": "r", "b": "a", "c": "r"}
    # a is cut in two: argmap comment 2 (a's second paragraph) is a fragment, its edge
    # wrong whatever it hangs on; 1 (a) and 3 (b + c, opening b) are right edges
    s = score_thread(truth, [0, 0, 1, 2, 3, 3], [None, 0, 1, 1], true_parent,
                     [1.0, 0.9, 0.2, 0.6])
    assert (s.edges, s.edges_right, s.unsure) == (3, 2, 1)
    row = s.edge_row()
    assert abs(row["mean confidence"] - (0.9 + 0.2 + 0.6) / 3) < 1e-9
    assert abs(row["Brier"] - (0.1 ** 2 + 0.2 ** 2 + 0.4 ** 2) / 3) < 1e-9
    assert abs(row["ECE"] - (0.1 + 0.2 + 0.4) / 3) < 1e-9  # one edge per bin here
    total = reader_eval.Score()
    total.add(s)
    total.add(s)
    assert total.edges == 6 and total.edge_row() == row
    assert "| 3 | 0.667 |" in reader_eval.edge_table({"x": s})


def test_truth_of_maps_merged_paragraphs_back_to_comments():
    flat = devset.flatten(TREE)
    assert reader_eval.truth_of(flat.lines, flat) == flat.labels
    # a wrapped line read as its own paragraph takes the comment of the line it is part of
    assert reader_eval.truth_of(["Should Harbor Road", "Which vans though?"], flat) == ["r", "b"]


def test_heldout_split_is_by_thread_and_stable():
    ids = [f"thread{i}" for i in range(200)]
    held = [i for i in ids if devset.is_heldout(i)]
    assert 50 < len(held) < 110
    assert held == [i for i in ids if devset.is_heldout(i)]


def test_a_debate_portal_page_is_a_claim_with_each_perspective_a_comment_under_it(tmp_path):
    rows = [{"topic": "claim-1", "target": "Cities should ban cars downtown.", "text": t}
            for t in ("Air gets cleaner.", "Shops lose customers who drive.",
                      "Air  gets cleaner.")]  # a repeat, spaced differently
    rows.append({"topic": "claim-2", "target": "One perspective only.", "text": "Too short."})
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    (page,) = devset.load_portal(path)  # a page needs two perspectives
    flat = devset.flatten(page)
    assert flat.lines == ["Cities should ban cars downtown.", "Air gets cleaner.",
                          "Shops lose customers who drive."]
    assert len(set(flat.labels)) == 3
    assert {flat.parent[c] for c in flat.labels[1:]} == {"claim-1"}


def test_edge_outcomes_says_which_reply_edges_are_right():
    truth = ["r", "r", "a", "a", "b", "c"]
    true_parent = {"r": None, "a": "r", "b": "a", "c": "r"}
    # a cut in two: its second paragraph (argmap comment 2) is a fragment, wrong
    # whatever it hangs on; b + c open at b, under a: right
    got = reader_eval.edge_outcomes(truth, [0, 0, 1, 2, 3, 3], [None, 0, 1, 1], true_parent)
    assert got == {1: True, 2: False, 3: True}
    # b hung on the post instead of a: wrong
    assert reader_eval.edge_outcomes(truth, [0, 0, 1, 1, 2, 3], [None, 0, 0, 0],
                                     true_parent) == {1: True, 2: False, 3: True}


def test_hand_written_threads_say_where_each_comment_opens_even_after_a_quote(tmp_path):
    # a reply that opens by quoting a sentence which also opens a line of its parent:
    # the line above the reply must end with the parent's last words
    (tmp_path / "t.txt").write_text(
        "Cars ruin the centre.\n"
        "Bus lanes speed up every route in town.\n"
        "Bus lanes speed up every route in town.\n"
        "Only where buses were stuck in traffic.\n"
        "Agreed on the cost, though.\n", encoding="utf-8")
    (tmp_path / "t.expect.json").write_text(json.dumps({"comments": [
        {"author": "", "parent": None, "start": "Cars ruin the", "end": "route in town."},
        {"author": "", "parent": 0, "start": "Bus lanes speed up", "end": "stuck in traffic."},
        {"author": "", "parent": 1, "start": "Agreed on the cost", "end": "cost, though."},
    ]}), encoding="utf-8")
    ((name, flat),) = devset.hand_written(tmp_path)
    assert name == "t"
    assert flat.labels == ["t0", "t0", "t1", "t1", "t2"]
    assert flat.parent == {"t0": None, "t1": "t0", "t2": "t1"}
    assert flat.opening == {"t0": 0, "t1": 2, "t2": 4}


def test_the_long_form_threads_in_the_repository_load_with_every_comment_placed():
    folders = sorted(p for p in devset.LONG_FORM.iterdir() if p.is_dir())
    assert len(folders) == 4
    for folder in folders:
        threads = devset.hand_written(folder)
        assert len(threads) == 8, folder.name
        for _name, flat in threads:
            order = sorted(flat.opening, key=flat.opening.get)
            assert flat.opening[order[0]] == 0 and len(flat.lines) == len(flat.labels)
            for k, c in enumerate(order):  # depth first: a parent comes before its replies
                assert flat.parent[c] is None or flat.parent[c] in order[:k]
