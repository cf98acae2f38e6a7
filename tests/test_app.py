"""The Streamlit app, driven as a user would with AppTest, on the sample debate."""

from __future__ import annotations

import re
import shutil
import urllib.parse
from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from argmap import appdata
from argmap.analytics import cruxes, grounded_labelling
from argmap.debate_view import unsure_note
from argmap.model import read_map, write_map
from tests.builders import tiny_map
from tests.conftest import FIXTURES, ROOT, SAMPLE

pytestmark = pytest.mark.slow


def start(monkeypatch, folder, params: dict | None = None) -> AppTest:
    monkeypatch.setenv("ARGMAP_MAPS", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


@pytest.fixture
def sample(sample_build):
    out, result = sample_build
    return out, result.map


@pytest.fixture
def app(sample, monkeypatch):
    return start(monkeypatch, sample[0])


@pytest.fixture
def own_maps(sample_build, tmp_path):
    """A private copy of the built maps, for tests that add a debate."""
    out, _ = sample_build
    dst = tmp_path / "maps"
    dst.mkdir()
    for p in out.iterdir():
        if p.is_file() and not p.name.startswith("embeddings"):
            shutil.copy(p, dst / p.name)
    return dst


def shown_count(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if c.value.startswith("Showing"))
    return int(re.match(r"Showing (\d+) of", caption).group(1))


def url(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return value if isinstance(value, list) else [value]


def texts(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown).replace("\\", "")


def test_sidebar_lists_the_debate_with_its_counts_and_build_date(app, sample):
    assert not app.exception
    _, amap = sample
    radio = app.sidebar.radio(key="debate")
    assert radio.value == SAMPLE.stem
    assert app.title[0].value == amap.thread.title
    sidebar_text = str(radio.proto.options) + str(radio.proto)
    assert f"{len(amap.thread.comments)} comments" in sidebar_text
    assert f"{len(amap.units)} units" in sidebar_text
    assert amap.meta["built_at"][:10] in sidebar_text


def test_map_view_draws_the_graph(app, sample):
    frames = app.get("iframe")
    assert frames, "the map view shows no graph"
    html = frames[0].proto.srcdoc
    assert "new vis.Network" in html and sample[1].units[0].id in html
    assert shown_count(app) == len(sample[1].units)


def test_filters_really_change_the_map(app, sample):
    _, amap = sample
    app.sidebar.multiselect(key="role").set_value(["question"]).run()
    expected = appdata.filter_map(amap, roles=("question",))
    assert shown_count(app) == len(expected.units) < len(amap.units)
    app.sidebar.multiselect(key="role").set_value([]).run()
    app.sidebar.slider(key="conf").set_value(0.9).run()
    caption = next(c.value for c in app.caption if c.value.startswith("Showing"))
    strong = sum(r.confidence >= 0.9 for r in amap.relations)
    assert f"and {strong} of {len(amap.relations)} relations" in caption
    app.sidebar.slider(key="conf").set_value(0.0).run()
    centre = amap.relations[0].target
    app.sidebar.selectbox(key="focus").set_value(centre).run()
    near = appdata.filter_map(amap, focus=centre, hops=1)
    assert shown_count(app) == len(near.units) < len(amap.units)
    assert url(app, "focus") == [centre]
    app.sidebar.selectbox(key="focus").set_value("").run()
    app.sidebar.toggle(key="cruxes").set_value(True).run()
    found = cruxes(amap, top=10)
    assert found, "the sample debate has attacks, so it has cruxes"
    keep = appdata.crux_view(amap, [c.unit_id for c in found])
    assert shown_count(app) == len(keep) < len(amap.units)
    assert url(app, "cruxes") == ["True"]


def test_switching_back_to_a_view_answers_from_the_cache(app, monkeypatch):
    """A view seen once is never filtered and drawn again (its speed is measured in
    bench/, not asserted here): switching filters back and forth, or going to Themes
    and back to the map, renders nothing new."""
    import argmap.render

    drawn = []
    real = argmap.render.render_html
    monkeypatch.setattr(argmap.render, "render_html",
                        lambda *a, **k: drawn.append(1) or real(*a, **k))
    app.sidebar.multiselect(key="role").set_value(["claim"]).run()
    app.sidebar.multiselect(key="role").set_value([]).run()
    first = len(drawn)
    assert first >= 1  # a new view is drawn: the counter sees the app's renders
    app.sidebar.multiselect(key="role").set_value(["claim"]).run()
    app.radio(key="view").set_value("Themes").run()
    app.radio(key="view").set_value("Map").run()
    assert len(drawn) == first and not app.exception


def test_unit_page_shows_edges_and_follows_them(app, sample):
    _, amap = sample
    r = next(r for r in amap.relations if r.kind in ("attack", "support"))
    app.radio(key="view").set_value("Unit").run()
    app.selectbox(key="unit").set_value(r.source).run()
    assert not app.exception
    src = next(u for u in amap.units if u.id == r.source)
    assert src.text[:30] in texts(app)
    # the sample names no authors: a unit is named by its comment, never "unknown"
    options = app.selectbox(key="unit").options
    assert options[0].startswith("c1: ") and not any(o.startswith("unknown") for o in options)
    assert "What it answers" in " ".join(s.value for s in app.subheader)
    said = appdata.md_escape(next(u.text for u in amap.units if u.id == r.target))
    # the edge names the other unit by its author and words, not by its id
    assert any(m.value.startswith(f"**{r.kind}**") and said in m.value
               and r.target not in m.value for m in app.markdown)
    open_target = next(
        b for b in app.button if b.key.startswith("open-What it answers")
    )
    open_target.click().run()
    assert app.selectbox(key="unit").value == r.target
    label = grounded_labelling(amap)[r.target]
    alerts = [*app.success, *app.error, *app.warning]
    assert [a.value for a in alerts] == [appdata.STANDING[label]]
    app.button(key="to_map").click().run()
    assert app.radio(key="view").value == "Map"
    assert app.sidebar.selectbox(key="focus").value == r.target


def test_themes_table_chart_and_filter(app, sample):
    _, amap = sample
    app.radio(key="view").set_value("Themes").run()
    assert not app.exception
    df = app.dataframe[0].value
    assert list(df["theme"]) == [t.label for t in amap.themes]
    assert list(df["units"]) == [len(t.unit_ids) for t in amap.themes]
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")
    theme = amap.themes[1]
    app.selectbox(key="theme_pick").set_value(theme.id).run()
    # what the theme says: its own claims, each a button away from its unit page
    assert any(s.value.startswith("What “") for s in app.subheader)
    said = " ".join(m.value for m in app.markdown)
    points = appdata.theme_points(amap, theme.id)
    assert points and all(appdata.md_escape(p["text"])[:30] in said for p in points)
    assert all(p["unit"] in theme.unit_ids for p in points)
    app.button(key="theme_go").click().run()
    assert app.radio(key="view").value == "Map"
    assert shown_count(app) == len(theme.unit_ids)
    assert url(app, "theme") == [theme.id]


def test_search_finds_claims_and_opens_them(app, sample, monkeypatch):
    app.radio(key="view").set_value("Search").run()
    app.text_input(key="q").input("self-preservation as a motive").run()
    assert not app.exception
    assert "self-preservation" in texts(app).lower()
    # each hit carries a link that reopens the app on that unit
    query = re.search(r"\]\(\?([^)]+)\)", texts(app)).group(1)
    params = dict(urllib.parse.parse_qsl(query))
    linked = start(monkeypatch, sample[0], params)
    assert linked.radio(key="view").value == "Unit"
    assert linked.selectbox(key="unit").value == params["unit"]
    # each hit shows its context: what it answers and what answers it, from the index
    context = " ".join(c.value for c in app.caption)
    assert "supports: but the only reason they would do so is self-preservation" in context
    # the sample names no authors: no hit says "unknown"
    hits = [m.value for m in app.markdown if "[share link](" in m.value]
    assert hits and not any("unknown" in m for m in hits)
    assert any(" · in an attacking reply · " in m for m in hits)
    app.number_input(key="top").set_value(3).run()
    assert len([m for m in app.markdown if "[share link](" in m.value]) == 3
    app.selectbox(key="s_role").set_value("question").run()
    roles = [m.value for m in app.markdown if "[share link](" in m.value]
    assert roles and all(" · question · " in m for m in roles)
    app.button(key="hit-0").click().run()
    assert app.radio(key="view").value == "Unit"
    assert app.selectbox(key="unit").value


def test_search_reranks_only_when_asked(app, sample):
    from argmap import store

    query = "self-preservation as a motive"
    app.radio(key="view").set_value("Search").run()
    app.text_input(key="q").input(query).run()
    app.number_input(key="top").set_value(5).run()

    def first_hit() -> str:
        return next(m.value for m in app.markdown if m.value.startswith(">"))

    def quoted(hits) -> str:
        from argmap import appdata

        return appdata.md_quote(store.close_hits(hits)[0].text)

    fused = store.search_maps(sample[0], query, top=5)
    reranked = store.search_maps(sample[0], query, top=5, rerank=True)
    assert [h.unit_id for h in fused] != [h.unit_id for h in reranked]  # the choice matters
    assert first_hit() == quoted(fused)
    app.checkbox(key="s_rerank").check().run()
    assert not app.exception
    assert first_hit() == quoted(reranked)


def test_search_says_when_nothing_is_close(app):
    app.radio(key="view").set_value("Search").run()
    app.text_input(key="q").input("quantum chromodynamics gluon").run()
    assert not app.exception
    assert any("No close match" in i.value for i in app.info)
    assert len(app.divider) >= 1 and any("[share link](" in m.value for m in app.markdown)
    app.text_input(key="q").input("self-preservation as a motive").run()
    assert not any("No close match" in i.value for i in app.info)


def test_a_link_reopens_the_same_view(sample, monkeypatch):
    _, amap = sample
    theme = amap.themes[0]
    at = start(monkeypatch, sample[0], {"view": "Map", "theme": theme.id, "role": "claim"})
    assert not at.exception
    assert at.sidebar.multiselect(key="theme").value == [theme.id]
    expected = appdata.filter_map(amap, themes=(theme.id,), roles=("claim",))
    assert shown_count(at) == len(expected.units)
    at = start(monkeypatch, sample[0], {"view": "Search", "q": "realism of the scenario"})
    assert at.text_input(key="q").value == "realism of the scenario"
    assert any(m.value.startswith("> ") for m in at.markdown)
    at = start(monkeypatch, sample[0], {"debate": "no-such-debate", "view": "Nope"})
    assert not at.exception and at.radio(key="view").value == "Map"


def test_export_offers_the_page_and_every_format(app):
    from argmap.export import EXPORTERS

    app.radio(key="view").set_value("Export").run()
    keys = {b.key for b in app.get("download_button")}
    assert {"dl_html", "dl_view"} | {f"dl_{fmt}" for fmt in EXPORTERS} <= keys
    for button in app.get("download_button"):
        button.click().run()
        assert not app.exception
    app.checkbox(key="dl_filtered").check().run()
    assert not app.exception and len(app.get("download_button")) >= len(EXPORTERS) + 2


def test_map_lists_the_cruxes_and_opens_one(app, sample):
    _, amap = sample
    found = cruxes(amap, top=10)
    crux_lines = [m.value for m in app.markdown if m.value.startswith("**1.**")]
    said = appdata.md_escape(next(u.text for u in amap.units if u.id == found[0].unit_id))
    # the crux is named by its words and its author, not by its id
    assert crux_lines and said in crux_lines[0] and found[0].unit_id not in crux_lines[0]
    app.button(key="crux-0").click().run()
    assert app.radio(key="view").value == "Unit"
    assert app.selectbox(key="unit").value == found[0].unit_id
    assert any("A crux of this debate" in i.value for i in app.info)


def test_upload_a_good_file_builds_and_lists_it(own_maps, monkeypatch):
    at = start(monkeypatch, own_maps)
    data = (FIXTURES / "small-thread.jsonl").read_bytes()
    at.sidebar.file_uploader(key="upload").upload("Car free centres.jsonl", data)
    at.sidebar.button(key="build").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.sidebar.radio(key="debate").value == "car-free-centres"
    assert "car-free-centres" in at.sidebar.radio(key="debate").options
    assert (own_maps / "car-free-centres.json").exists()
    amap = read_map(own_maps / "car-free-centres.json")
    assert len(amap.thread.comments) == 8
    # authors came with the file, so the map can be filtered by author
    authors = at.sidebar.multiselect(key="author")
    assert authors.options == ["ines", "maya", "raj", "tom"]
    authors.set_value(["tom"]).run()
    toms = appdata.filter_map(amap, authors=("tom",))
    assert shown_count(at) == len(toms.units) < len(amap.units)
    # the new debate is searchable beside the old one
    at.radio(key="view").set_value("Search").run()
    at.text_input(key="q").input("buses and cycle lanes into the centre").run()
    assert "car" in texts(at).lower() and "bus" in texts(at).lower()


def test_upload_a_bad_file_says_why_and_harms_nothing(own_maps, monkeypatch):
    before = {p.name: p.read_bytes() for p in own_maps.iterdir() if p.suffix in (".json", ".html")}
    at = start(monkeypatch, own_maps)
    at.sidebar.file_uploader(key="upload").upload("photo.txt", bytes(range(256)) * 40)
    at.sidebar.button(key="build").click().run()
    assert not at.exception
    assert at.error and "photo.txt" in at.error[0].value
    at.sidebar.file_uploader(key="upload").clear()
    paste_and_build(at, "   ")
    assert not at.exception and at.error
    after = {p.name: p.read_bytes() for p in own_maps.iterdir() if p.suffix in (".json", ".html")}
    assert after == before
    assert at.sidebar.radio(key="debate").options == [SAMPLE.stem]



def paste_and_build(at, text: str) -> None:
    """What a person does with a thread they copied: paste it, press build."""
    at.sidebar.text_area(key="paste").input(text).run()
    at.sidebar.button(key="build").click().run()

def test_paste_a_thread_builds_it(own_maps, monkeypatch):
    at = start(monkeypatch, own_maps)
    paste_and_build(at, (FIXTURES / "small-thread.txt").read_text())
    assert not at.exception and not at.error
    assert at.sidebar.radio(key="debate").value == "pasted"
    assert shown_count(at) > 0


def test_paste_a_copied_forum_page_keeps_its_authors_and_replies(own_maps, monkeypatch):
    """Ctrl+A on a Hacker News page, pasted: the headers name the authors (the map can be
    filtered by them) and their links say who answers whom."""
    at = start(monkeypatch, own_maps)
    page = (FIXTURES / "read" / "hn-copy.txt").read_text(encoding="utf-8")
    paste_and_build(at, page)
    assert not at.exception and not at.error
    assert at.sidebar.multiselect(key="author").options == [
        "bus_rider", "cyclist99", "grocer_dan", "mayor_pat", "walker_li"]
    amap = read_map(own_maps / "pasted.json")
    assert [c.parent_id for c in amap.thread.comments] == [None, "c1", "c2", "c3", "c3",
                                                          "c1", "c6"]


def test_paste_a_mailing_list_thread_keeps_its_senders_and_quotes(own_maps, monkeypatch):
    """A digest pasted as it is: senders name the authors, quotes say who answers whom,
    and the headers and signatures are not mapped as claims."""
    at = start(monkeypatch, own_maps)
    digest = (FIXTURES / "read" / "mail-digest.txt").read_text(encoding="utf-8")
    paste_and_build(at, digest)
    assert not at.exception and not at.error
    assert at.sidebar.multiselect(key="author").options == [
        "Bob Smith", "Carol White", "Jane Doe"]
    amap = read_map(own_maps / "pasted.json")
    assert [c.parent_id for c in amap.thread.comments] == [None, "c1", "c2", "c2"]
    assert not any("From:" in u.text or "wrote:" in u.text for u in amap.units)


def test_paste_an_outline_keeps_its_indentation(own_maps, monkeypatch):
    """An argument outline typed or copied as a nested list: the paste box keeps its
    indentation, so each bullet is a comment under the one it is indented under."""
    at = start(monkeypatch, own_maps)
    paste_and_build(at, (FIXTURES / "read" / "outline.txt").read_text(encoding="utf-8"))
    assert not at.exception and not at.error
    amap = read_map(own_maps / "pasted.json")
    assert [c.parent_id for c in amap.thread.comments] == [None, "c1", "c2", "c3", "c2",
                                                          "c1", "c6"]


def test_app_without_maps_says_how_to_build(tmp_path, monkeypatch):
    at = start(monkeypatch, tmp_path)
    assert not at.exception
    assert "make maps" in at.info[0].value


def test_thread_text_cannot_inject_links_or_html(tmp_path, monkeypatch):
    evil = "[click](http://evil.example) <img src=x onerror=alert(1)> **loud**"
    amap = tiny_map()
    amap = replace(amap, thread=replace(amap.thread, title=evil),
                   units=(replace(amap.units[0], text=evil), *amap.units[1:]))
    write_map(amap, tmp_path / "evil.json")
    at = start(monkeypatch, tmp_path, {"view": "Unit", "unit": amap.units[0].id})
    assert not at.exception
    shown = [at.title[0].value, *(m.value for m in at.markdown)]
    shown.extend(at.sidebar.radio(key="debate").proto.options)
    assert sum("evil.example" in s for s in shown) >= 3  # title, sidebar, unit text
    for s in shown:  # every markdown-active character from the thread is backslash-escaped
        assert not re.search(r"(?<!\\)\[click|(?<!\\)<img|(?<!\\)\*\*loud", s), s


def test_a_map_from_another_version_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    write_map(tiny_map(), tmp_path / "old.json")
    doc = (tmp_path / "old.json").read_text().replace('"schema_version": 1', '"schema_version": 99')
    (tmp_path / "old.json").write_text(doc)
    at = start(monkeypatch, tmp_path)
    assert not at.exception
    assert at.error and "schema_version 99" in at.error[0].value.replace("\\", "")


def test_unit_page_shows_where_else_the_claim_was_made(tmp_path, monkeypatch):
    from argmap.batch import plan_jobs, run_jobs
    from argmap.link import link_claims
    from argmap.settings import Settings

    dump = FIXTURES / "corpus" / "forum-dump.jsonl"
    settings = Settings()
    run_jobs(plan_jobs([dump], tmp_path, settings), tmp_path, settings)
    claim = next(c for c in link_claims(tmp_path) if c.debates >= 2)
    here, there = claim.occurrences[0], claim.occurrences[1]
    at = start(monkeypatch, tmp_path, {"debate": here.debate, "view": "Unit",
                                       "unit": here.unit_id})
    assert not at.exception
    assert any(s.value.startswith(f"Made in {claim.debates} debates") for s in at.subheader)
    assert any(there.debate in m.value for m in at.markdown)
    open_there = next(b for b in at.button if b.key == "elsewhere-0")
    at = open_there.click().run()
    assert not at.exception
    assert at.session_state["debate"] == there.debate and at.session_state["unit"] == there.unit_id


def test_uploading_the_same_thread_again_updates_its_map_not_a_copy(own_maps, monkeypatch):
    at = start(monkeypatch, own_maps)
    data = (FIXTURES / "small-thread.jsonl").read_bytes()
    for _ in range(2):
        at.sidebar.file_uploader(key="upload").upload("Car free centres.jsonl", data)
        at.sidebar.button(key="build").click().run()
        assert not at.exception and not at.error
    names = at.sidebar.radio(key="debate").options
    assert sorted(names) == sorted([SAMPLE.stem, "car-free-centres"])
    assert not (own_maps / "car-free-centres-2.json").exists()
    assert len(list((own_maps / appdata.UPLOAD_DIR).iterdir())) == 1


def test_a_failed_upload_says_why_in_plain_sight(own_maps, monkeypatch):
    at = start(monkeypatch, own_maps)
    at.sidebar.file_uploader(key="upload").upload("empty.txt", b"")
    at.sidebar.button(key="build").click().run()
    assert not at.exception
    # the reason is an error element of its own, not only a label on a collapsed box
    assert at.error and "empty.txt" in at.error[0].value
    assert not any("empty.txt" in s.label for s in at.sidebar.status)


def test_the_app_opens_on_the_debate_built_last(own_maps, monkeypatch):
    newer = tiny_map()
    write_map(newer, own_maps / "zzz-newest.json")  # last alphabetically, and built last
    at = start(monkeypatch, own_maps)
    assert at.sidebar.radio(key="debate").value == "zzz-newest"
    at = start(monkeypatch, own_maps, {"debate": SAMPLE.stem})
    assert at.sidebar.radio(key="debate").value == SAMPLE.stem


def test_showing_a_map_loads_no_model_library(sample_build):
    """A fresh process shows the sample's map without importing torch, spaCy or the embedder:
    those take seconds to load and are needed only to build or to search."""
    import json
    import os
    import subprocess
    import sys

    out, _ = sample_build
    code = (
        "import sys, json\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=120).run()\n"
        "assert not at.exception, at.exception\n"
        "print(json.dumps([[c.value for c in at.caption], sorted(m for m in "
        "('torch', 'spacy', 'sentence_transformers', 'transformers') if m in sys.modules)]))\n"
    )
    env = {**os.environ, "ARGMAP_MAPS": str(out)}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    captions, heavy = json.loads(res.stdout.strip().splitlines()[-1])
    assert any(c.startswith("Showing") for c in captions), captions  # the map was drawn
    assert heavy == []


def test_a_reading_warning_stored_in_the_map_is_shown_once(tmp_path, monkeypatch):
    amap = tiny_map()
    warning = ("this looks like German: argmap's models read English; "
               "stance and themes will be unreliable")
    write_map(replace(amap, meta={**amap.meta, "warnings": [warning]}), tmp_path / "de.json")
    at = start(monkeypatch, tmp_path)
    assert not at.exception
    assert [w.value for w in at.warning if "looks like" in w.value] == [
        appdata.md_escape(warning)]


def test_cruxes_of_a_map_with_unsure_placements_say_they_may_be_misread(tmp_path, monkeypatch):
    amap = tiny_map()
    sure = start(monkeypatch, _written(tmp_path / "sure", amap))
    assert not sure.exception
    assert not [c for c in sure.caption if "unsure who answers whom" in c.value]
    assert any(m.value.startswith("**1.**") and "_ann_" in m.value for m in sure.markdown)
    # a paste: no authors, and one reply argmap could not place
    comments = tuple(replace(c, author=None, parent_confidence=0.2 if c.id == "c2" else None)
                     for c in amap.thread.comments)
    unsure = replace(amap, thread=replace(amap.thread, comments=comments))
    at = start(monkeypatch, _written(tmp_path / "unsure", unsure))
    assert not at.exception
    assert [c.value for c in at.caption if "unsure who answers whom" in c.value] == [
        unsure_note(unsure)]
    crux_lines = [m.value for m in at.markdown if m.value.startswith("**1.**")]
    assert crux_lines and "unknown" not in crux_lines[0]  # nobody named: no "· unknown"


def _written(folder, amap):
    folder.mkdir()
    write_map(amap, folder / "tiny.json")
    return folder
