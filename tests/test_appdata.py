"""The app's plain-data helpers, on a tiny map written out by hand."""

from __future__ import annotations

import json

import pytest

from argmap import appdata
from argmap.errors import ArgmapError
from argmap.model import ArgumentMap, write_map
from tests.builders import tiny_map


def ids(amap: ArgumentMap) -> list[str]:
    return [u.id for u in amap.units]


def test_empty_filter_keeps_the_whole_map():
    amap = tiny_map()
    assert appdata.filter_map(amap) == amap


def test_theme_filter_keeps_its_units_and_the_edges_between_them():
    sub = appdata.filter_map(tiny_map(), themes=("t1",))
    assert ids(sub) == ["a", "c"]
    assert sub.relations == ()  # a and c are not linked directly
    assert [t.id for t in sub.themes] == ["t1"]


def test_role_author_kind_and_confidence_filters_combine():
    amap = tiny_map()
    assert ids(appdata.filter_map(amap, roles=("question",))) == ["d"]
    assert ids(appdata.filter_map(amap, authors=("ann",))) == ["a", "d"]
    sub = appdata.filter_map(amap, kinds=("attack", "support"))
    assert [(r.source, r.target) for r in sub.relations] == [("b", "a"), ("c", "b")]
    sub = appdata.filter_map(amap, min_confidence=0.5)
    assert [(r.source, r.target) for r in sub.relations] == [("b", "a")]


def test_focus_keeps_the_neighbourhood_within_hops():
    amap = tiny_map()
    assert sorted(ids(appdata.filter_map(amap, focus="a", hops=1))) == ["a", "b", "d"]
    assert sorted(ids(appdata.filter_map(amap, focus="a", hops=2))) == ["a", "b", "c", "d"]
    # a weak edge filtered out also cuts the neighbourhood
    assert sorted(ids(appdata.filter_map(amap, focus="c", hops=3, min_confidence=0.5))) == ["c"]


def test_unit_details_lists_what_it_answers_and_what_answers_it():
    d = appdata.unit_details(tiny_map(), "b")
    assert d["author"] == "bob" and d["theme"] == "shops / buses" and d["stance"] == "attack"
    assert [(e["kind"], e["unit"]) for e in d["answers"]] == [("attack", "a")]
    assert [(e["kind"], e["unit"], e["evidence"]) for e in d["answered_by"]] == [
        ("support", "c", "because")
    ]
    with pytest.raises(KeyError):
        appdata.unit_details(tiny_map(), "nope")


def test_theme_table_counts_units_and_stance_mix():
    rows = {r["id"]: r for r in appdata.theme_table(tiny_map())}
    assert rows["t1"]["units"] == 2 and rows["t1"]["support"] == 1 and rows["t1"]["neutral"] == 1
    assert rows["t2"]["attack"] == 1 and rows["t2"]["neutral"] == 1


def test_theme_points_say_what_a_theme_says_most_answered_first():
    amap = tiny_map()
    labels = {"a": "out", "b": "in"}
    t1 = appdata.theme_points(amap, "t1", labels)
    # t1 holds the claim "a" (attacked by c2) and a premise: the claim comes first
    assert [(p["unit"], p["answered"], p["status"], p["side"], p["author"]) for p in t1] == [
        ("a", 1, "rebutted", "opening post", "ann"), ("c", 0, "stands", "supporting reply", "cy")]
    t2 = appdata.theme_points(amap, "t2", labels, n=1)
    assert [(p["unit"], p["answered"], p["side"]) for p in t2] == [("b", 1, "attacking reply")]
    assert appdata.theme_points(amap, "nope") == []


def test_markdown_escape_makes_links_and_html_inert():
    out = appdata.md_escape("see [x](http://evil) ![i](http://img) <b>hi</b> *bold*")
    assert "[x](" not in out and "![" not in out and "<b>" not in out and "*bold*" not in out


def test_upload_name_is_safe_and_never_replaces_a_built_map():
    assert appdata.upload_name("../../My Thread!.txt", set()) == "my-thread"
    assert appdata.upload_name("a.txt", {"a", "a-2"}) == "a-3"
    assert appdata.upload_name("", set()) == "pasted"


def test_list_debates_reads_meta_and_skips_unreadable_files(tmp_path):
    write_map(tiny_map(), tmp_path / "tiny.json")
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "other.json").write_text(json.dumps({"hello": 1}))
    [info] = appdata.list_debates(tmp_path)
    assert (info.name, info.title, info.comments, info.units) == ("tiny", "Tiny", 4, 4)
    assert info.built == "2026-01-02 03:04"
    assert appdata.list_debates(tmp_path / "missing") == []


def test_bad_upload_names_the_users_file_and_writes_nothing(tmp_path):
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(ArgmapError, match="notes.txt"):
        appdata.build_upload(b"   \n  ", "notes.txt", tmp_path, None, None)
    with pytest.raises(ArgmapError, match="blob.txt"):
        appdata.build_upload(bytes(range(256)) * 20, "blob.txt", tmp_path, None, None)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_markdown_quote_keeps_every_line_inside_the_quote():
    out = appdata.md_quote("- a list?\n1. numbered\n# heading")
    assert out.splitlines() == ["> \\- a list?", "> 1\\. numbered", "> \\# heading"]


def test_bad_upload_into_a_new_folder_leaves_no_folder(tmp_path):
    with pytest.raises(ArgmapError, match="empty"):
        appdata.build_upload(b"", "x.md", tmp_path / "new", None, None)
    assert not (tmp_path / "new").exists()


def test_crux_view_keeps_cruxes_and_their_direct_attackers_and_supporters():
    assert appdata.crux_view(tiny_map(), ["a"]) == {"a", "b"}  # d only replies to a
    assert appdata.crux_view(tiny_map(), ["b"]) == {"b", "c"}
    assert appdata.crux_view(tiny_map(), []) == frozenset()


def test_theme_table_counts_grounded_labels_when_given():
    from argmap.analytics import grounded_labelling

    amap = tiny_map()
    labels = grounded_labelling(amap)
    rows = {r["id"]: r for r in appdata.theme_table(amap, labels)}
    for t in amap.themes:
        row = rows[t.id]
        assert row["stands"] + row["rebutted"] + row["undecided"] == len(t.unit_ids)
        assert row["stands"] == sum(labels[i] == "in" for i in t.unit_ids)


def test_neighbourhood_counts_hops_in_either_direction():
    from argmap.appdata import neighbourhood
    from argmap.model import Relation

    rels = (Relation("a", "b", "attack"), Relation("c", "b", "support"),
            Relation("c", "d", "reply"), Relation("e", "f", "reply"))
    assert neighbourhood(rels, "a", 0) == {"a"}
    assert neighbourhood(rels, "a", 1) == {"a", "b"}
    assert neighbourhood(rels, "a", 2) == {"a", "b", "c"}
    assert neighbourhood(rels, "a", 9) == {"a", "b", "c", "d"}
    assert neighbourhood(rels, "z", 2) == {"z"}  # a unit with no edges is its own neighbourhood


def test_claims_group_through_chains_of_close_pairs():
    from argmap.link import _groups

    assert _groups(6, [(3, 4, 0.9), (0, 2, 0.95), (2, 5, 0.91)]) == [[0, 2, 5], [3, 4]]
    assert _groups(3, []) == []
