"""Every export's structure, the AIF round trip, and `argmap export`."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import networkx as nx
import pytest

from argmap.cli import main
from argmap.escape import md_report
from argmap.export import AIF_NODE_TYPES, export_map, to_aif, to_argdown, to_markdown
from argmap.model import map_from_dict, write_map
from argmap.read import aif as aif_reader
from argmap.read import read_text
from argmap.read.detect import detect_format
from tests.test_analytics import crux_map

EVIL = '<script>alert(1)</script> [x]: #tag *b* <img src=x onerror="alert(2)"> // c'


def full_map():
    """The crux map plus reply and quote edges, stances and one hostile unit text."""
    amap = crux_map()
    extra = (
        ("c2.u1", "c1.u1", "reply"), ("c2.u1", "c1.u1", "quote"), ("c6.u1", "c5.u1", "reply"),
    )
    from argmap.model import Relation

    rels = amap.relations + tuple(Relation(s, t, k, 0.7, f"{k} evidence") for s, t, k in extra)
    units = tuple(replace(u, text=EVIL) if u.id == "c4.u1" else u for u in amap.units)
    comments = tuple(
        replace(c, parent_id="c1", stance="attack") if c.id in ("c2", "c3", "c4") else c
        for c in amap.thread.comments
    )
    return replace(amap, units=units, relations=rels,
                   thread=replace(amap.thread, comments=comments))


def test_json_export_is_the_native_map():
    amap = full_map()
    assert map_from_dict(json.loads(export_map(amap, "json"))) == amap


def test_graphml_parses_back_with_typed_attributes():
    amap = full_map()
    text = export_map(amap, "graphml")
    g = nx.parse_graphml(text, force_multigraph=True)
    assert set(g.nodes) == {u.id for u in amap.units}
    assert g.number_of_edges() == len(amap.relations)
    node = g.nodes["c1.u1"]
    assert isinstance(node["crux_score"], float) and node["crux_score"] > 0
    assert node["is_crux"] is True and g.nodes["c8.u1"]["is_crux"] is False
    assert isinstance(node["start"], int)
    assert node["status"] == "out" and node["author"] == "ann"
    kinds = sorted(d["kind"] for *_, d in g.edges(data=True))
    assert kinds == sorted(r.kind for r in amap.relations)
    assert all(isinstance(d["confidence"], float) for *_, d in g.edges(data=True))
    for t in ("string", "double", "boolean", "long"):
        assert f'attr.type="{t}"' in text or (t == "long" and 'attr.type="int"' in text)


def validate_aif(doc: dict) -> None:
    """The structure AIFdb documents: typed nodes, edges between existing nodes, scheme
    nodes between I-nodes, anchors from L to I, transitions between L-nodes."""
    nodes = {n["nodeID"]: n for n in doc["nodes"]}
    assert len(nodes) == len(doc["nodes"]), "nodeIDs are unique"
    assert {n["type"] for n in doc["nodes"]} <= set(AIF_NODE_TYPES)
    assert all(isinstance(n["text"], str) for n in doc["nodes"])
    ins: dict[str, list] = {}
    outs: dict[str, list] = {}
    for e in doc["edges"]:
        assert e["fromID"] in nodes and e["toID"] in nodes
        outs.setdefault(e["fromID"], []).append(nodes[e["toID"]]["type"])
        ins.setdefault(e["toID"], []).append(nodes[e["fromID"]]["type"])
    for nid, n in nodes.items():
        t = n["type"]
        if t in ("RA", "CA", "MA"):
            assert ins.get(nid) and set(ins[nid]) == {"I"}, f"{t} {nid} needs I-node premises"
            assert outs.get(nid) == ["I"], f"{t} {nid} has one I-node conclusion"
        elif t == "YA":
            assert ins.get(nid) == ["L"] and outs.get(nid) == ["I"]
        elif t == "TA":
            assert ins.get(nid) == ["L"] and outs.get(nid) == ["L"]
        elif t == "I":
            # I-nodes never link to each other directly
            assert "I" not in outs.get(nid, [])
    for loc in doc["locutions"]:
        assert nodes[loc["nodeID"]]["type"] == "L"
    people = {p["participantID"] for p in doc["participants"]}
    assert all(loc["personID"] in people for loc in doc["locutions"] if "personID" in loc)


def test_aif_has_the_documented_node_and_edge_types():
    amap = full_map()
    doc = json.loads(export_map(amap, "aif"))
    validate_aif(doc)
    count = lambda t: sum(n["type"] == t for n in doc["nodes"])  # noqa: E731
    assert count("I") == count("L") == count("YA") == len(amap.units)
    assert count("RA") == sum(r.kind == "support" for r in amap.relations)
    assert count("CA") == sum(r.kind == "attack" for r in amap.relations)
    assert count("TA") == sum(r.kind == "reply" for r in amap.relations)
    assert count("MA") == sum(r.kind == "quote" for r in amap.relations)
    assert {p["firstname"] for p in doc["participants"]} == {"ann", "bo", "cy", "di"}


def test_aif_round_trip_keeps_units_relations_and_thread():
    amap = full_map()
    text = export_map(amap, "aif")
    back = aif_reader.read_map(text, "x.json")
    assert back.units == amap.units
    assert back.relations == amap.relations
    assert [(t.id, t.label, t.unit_ids) for t in back.themes] == \
        [(t.id, t.label, t.unit_ids) for t in amap.themes]
    for c0, c1 in zip(amap.thread.comments, back.thread.comments, strict=True):
        assert (c0.id, c0.author, c0.parent_id, c0.stance) == \
            (c1.id, c1.author, c1.parent_id, c1.stance)
    # exporting what we read gives the same document
    assert json.loads(export_map(back, "aif"))["nodes"] == json.loads(text)["nodes"]


def test_aif_is_detected_and_read_as_a_thread():
    text = export_map(full_map(), "aif")
    assert detect_format(text, "m.json") == "aif"
    thread = read_text(text, source="m.json")
    assert thread.format == "aif" and len(thread.comments) == 8
    assert next(c for c in thread.comments if c.id == "c2").parent_id == "c1"


def test_plain_aif_without_dialogue_layer_reads_premises_as_replies():
    doc = {
        "nodes": [
            {"nodeID": "1", "text": "We should tax sugar.", "type": "I"},
            {"nodeID": "2", "text": "It cuts obesity.", "type": "I"},
            {"nodeID": "3", "text": "It hurts the poor most.", "type": "I"},
            {"nodeID": "4", "text": "Default Inference", "type": "RA"},
            {"nodeID": "5", "text": "Default Conflict", "type": "CA"},
        ],
        "edges": [
            {"edgeID": "1", "fromID": "2", "toID": "4"},
            {"edgeID": "2", "fromID": "4", "toID": "1"},
            {"edgeID": "3", "fromID": "3", "toID": "5"},
            {"edgeID": "4", "fromID": "5", "toID": "1"},
        ],
        "locutions": [], "participants": [],
    }
    amap = aif_reader.read_map(json.dumps(doc), "ova.json")
    assert [(r.source, r.target, r.kind) for r in amap.relations] == [
        ("c2.u1", "c1.u1", "support"), ("c3.u1", "c1.u1", "attack"),
    ]
    parents = {c.id: (c.parent_id, c.stance) for c in amap.thread.comments}
    assert parents == {"c1": (None, None), "c2": ("c1", "support"), "c3": ("c1", "attack")}
    # OVA3 wraps the same document under "AIF", with integer ids
    for n in doc["nodes"]:
        n["nodeID"] = int(n["nodeID"])
    ova = json.dumps({"AIF": doc, "OVA": {"firstname": "", "nodes": []}})
    assert detect_format(ova, "ova3.json") == "aif"
    assert aif_reader.read_map(ova, "ova3.json").relations == amap.relations


@pytest.mark.parametrize("bad, problem", [
    ("{not json", "not valid JSON"),
    ('{"nodes": 3, "edges": []}', "not AIF JSON"),
    ('{"nodes": [{"text": "x"}], "edges": []}', "without nodeID"),
    ('{"nodes": [], "edges": []}', "no I-nodes"),
])
def test_bad_aif_is_one_clear_error(bad, problem):
    from argmap.errors import ArgmapError

    with pytest.raises(ArgmapError, match=problem) as info:
        aif_reader.read_map(bad, "bad.json")
    assert str(info.value).startswith("bad.json: ")


def _argdown_body(amap, uid: str) -> str:
    from argmap.escape import argdown
    return argdown(next(u.text for u in amap.units if u.id == uid))


def _unescaped(text: str) -> str:
    return re.sub(r"\\.", "", text)


def test_argdown_defines_each_statement_once_and_relates_them():
    amap = full_map()
    text = to_argdown(amap)
    defs = re.findall(r"^\[((?:[^\]\\]|\\.)+)\]: (.*)$", text, re.M)
    # one definition per unit, titled by the claim's first words (never our ids), unique
    assert len(defs) == len(amap.units) == len({d[0] for d in defs})
    assert not any(d[0] == u.id for u in amap.units for d in defs)
    first = {u.id: " ".join(u.text.split()[:2]) for u in amap.units}
    assert all(any(d[0].startswith(_unescaped(first[u.id])[:3]) for d in defs)
               for u in amap.units if u.text[:1].isalnum())
    # statement text never carries live Argdown syntax
    for _, body in defs:
        assert not re.search(r"[\[\]<>@#*_/{}]", _unescaped(body)), body
    plus = re.findall(r"^  \+ \[(.+)\]$", text, re.M)
    minus = re.findall(r"^  - \[(.+)\]$", text, re.M)
    assert len(plus) == sum(r.kind == "support" for r in amap.relations)
    assert len(minus) == sum(r.kind == "attack" for r in amap.relations)
    # each relation block opens with a reference to the target statement
    c1 = next(d[0] for d in defs if d[1] == _argdown_body(amap, "c1.u1"))
    block = re.search(r"^\[" + re.escape(c1) + r"\]\n((?:  [-+] .*\n)+)", text, re.M)
    assert block and block.group(1).count("- [") == 3
    assert "# label t1" in text and "# Relations" in text


def test_markdown_report_has_its_sections_and_no_live_html():
    amap = full_map()
    md = to_markdown(amap)
    for heading in ("## Themes", "## Cruxes", "## What stands", "## Authors", "## The thread"):
        assert heading in md
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;" in md
    top = next(u for u in amap.units if u.id == "c1.u1")
    # the top crux first, by its words and its author, not by its id
    assert re.search(r"^1\. " + re.escape(md_report(top.text)) + r" \(\*\*ann\*\*", md, re.M)
    assert "**c1.u1**" not in md
    # what each theme says, in its own most answered claims, escaped like the rest
    from argmap.analytics import theme_points

    t = amap.themes[0]
    first = theme_points(amap, t.id, n=1)[0]["text"]
    assert f"- **{md_report(t.label)}**: “{md_report(first)}”" in md
    # the outline nests a reply under its parent, naming authors
    assert re.search(r"^- \*\*ann\*\*\n(?:.*\n)*?  - \*\*bo\*\* \(attack\)", md, re.M)


def test_markdown_report_of_a_paste_without_authors_says_so_once():
    amap = full_map()
    comments = tuple(replace(c, author=None) for c in amap.thread.comments)
    md = to_markdown(replace(amap, thread=replace(amap.thread, comments=comments)))
    assert "unknown" not in md and "The thread names no authors." in md
    assert "| author |" not in md
    # the outline names comments by their ids instead, nested as before
    assert re.search(r"^- \*\*c1\*\*\n(?:.*\n)*?  - \*\*c2\*\* \(attack\)", md, re.M)
    top = next(u for u in amap.units if u.id == "c1.u1")
    assert re.search(r"^1\. " + re.escape(md_report(top.text)) + r" \(score ", md, re.M)


def test_cli_export_writes_each_format(tmp_path, capsys):
    path = tmp_path / "m.json"
    write_map(full_map(), path)
    for fmt in ("json", "graphml", "aif", "argdown", "markdown"):
        out = tmp_path / f"out.{fmt}"
        assert main(["export", str(path), "--to", fmt, "--out", str(out)]) == 0
        assert out.read_text() == export_map(full_map(), fmt)
    assert main(["export", str(path), "--to", "argdown"]) == 0
    assert capsys.readouterr().out == to_argdown(full_map())
    validate_aif(to_aif(full_map()))


def test_download_names_the_file_and_media_type():
    from argmap.export import EXPORTERS, download

    amap = full_map()
    names = set()
    for fmt in EXPORTERS:
        name, media, text = download(amap, fmt)
        assert name.startswith(amap.name) and media and text == export_map(amap, fmt)
        names.add(name)
    assert len(names) == len(EXPORTERS)


def test_cli_export_refuses_bad_input_in_one_line(tmp_path, capsys):
    path = tmp_path / "m.json"
    write_map(full_map(), path)
    assert main(["export", str(path), "--to", "pdf"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown format" in err and "graphml" in err
    assert main(["export", str(tmp_path / "nope.json"), "--to", "json"]) == 2
    assert "no such map file" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{}")
    assert main(["export", str(tmp_path / "bad.json"), "--to", "json"]) == 2
    assert "not an argmap map" in capsys.readouterr().err


@pytest.mark.slow
def test_every_export_of_the_built_sample_holds_together(sample_build, tmp_path):
    _, result = sample_build
    amap = result.map
    doc = to_aif(amap)
    validate_aif(doc)
    back = aif_reader.read_map(json.dumps(doc), "sample.aif.json")
    assert back.units == amap.units and back.relations == amap.relations
    g = nx.parse_graphml(export_map(amap, "graphml"), force_multigraph=True)
    assert g.number_of_nodes() == len(amap.units)
    assert g.number_of_edges() == len(amap.relations)
    text = to_argdown(amap)
    assert len(re.findall(r"^\[[^\]]+\]: ", text, re.M)) == len(amap.units)
    md = to_markdown(amap)
    assert md.count("\n- **") + md.count("\n  - **") >= 1 and "## Cruxes" in md


def test_every_format_has_one_label_suffix_and_media_type():
    """The app's buttons and `download()` read these tables: no second copy to drift."""
    from argmap import export

    assert set(export.EXPORTERS) == set(export.LABELS) == set(export.SUFFIXES) \
        == set(export.MEDIA_TYPES)
    assert export.MEDIA_TYPES["graphml"] == "application/graphml+xml"
