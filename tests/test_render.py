"""The HTML map: offline, comment text never becomes markup, cruxes and status shown,
options honoured, large maps grouped — checked in the page data and in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from argmap.model import Relation
from argmap.render import RenderOptions, graph_data, render_html, safe_json
from tests.builders import pair_map
from tests.test_analytics import crux_map

EVIL = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def evil_map():
    """Hostile text in a unit, an author, an edge's evidence and a theme label."""
    amap = pair_map()
    units = (replace(amap.units[0], text=EVIL + " cats rule"), amap.units[1])
    comments = (amap.thread.comments[0],
                replace(amap.thread.comments[1], author='<b onmouseover="alert(3)">bo</b>'))
    rels = (replace(amap.relations[0], evidence="<svg onload=alert(4)>"),)
    themes = (replace(amap.themes[0], label="<i>pets</i>"),)
    return replace(amap, units=units, relations=rels, themes=themes,
                   thread=replace(amap.thread, comments=comments))


def test_hostile_comment_text_is_escaped():
    page = render_html(evil_map())
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "<svg onload" not in page and "<b onmouseover" not in page and "<i>pets" not in page
    assert "\\u003c/script\\u003e" in page
    assert "&lt;i&gt;pets&lt;/i&gt;" in page  # the legend, through Jinja's autoescape
    assert "“&lt;/script&gt;&lt;script&gt;alert(1)" in page  # a theme's quote, escaped too


def test_page_needs_no_network():
    page = render_html(pair_map())
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=", page)
    assert "@import" not in page


def test_safe_json_cannot_close_a_script():
    assert "</" not in safe_json({"a": "</script>"})
    assert "<!--" not in safe_json(["<!--"])


def test_tooltip_carries_text_author_role_theme_stance_and_evidence():
    data = graph_data(pair_map())
    tip = next(n for n in data["nodes"] if n["id"] == "c2.u1")["title"]
    for part in ("No, dogs are.", "author: bo", "role: claim", "theme: pets",
                 "stance of its comment: attack", "attack → c1.u1 (0.90): cue: no"):
        assert part in tip
    edge = data["edges"][0]
    assert edge["title"] == "attack (0.90): cue: no" and edge["color"]["color"] == "#c62828"


def test_cruxes_are_emphasised_and_rebutted_units_marked():
    data = graph_data(crux_map())
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["c1.u1"]["label"].startswith("★ ")
    assert by_id["c1.u1"]["borderWidth"] == 4 and by_id["c1.u1"]["font"]["size"] > 14
    assert not by_id["c8.u1"]["label"].startswith("★")
    assert by_id["c1.u1"]["shapeProperties"]["borderDashes"]  # out: dashed border
    assert by_id["c8.u1"]["shapeProperties"]["borderDashes"] is False  # stands
    assert data["cruxes"][0]["id"] == "c1.u1"
    assert "c1.u1" in {u["id"] for u in data["standing"]["out"]}
    assert "c8.u1" in {u["id"] for u in data["standing"]["in"]}
    t1 = next(t for t in data["legend"] if t["id"] == "t1")
    assert t1["out"] >= 1
    # the legend says what a theme says: its most answered claim (c1.u1, the crux)
    amap = crux_map()
    assert t1["says"] == next(u.text for u in amap.units if u.id == "c1.u1")
    card = data["cards"]["c1.u1"]
    assert card["crux"] and card["status"].startswith("rebutted")


def test_show_subset_focus_and_highlight_options():
    keep = frozenset({"c1.u1", "c2.u1", "c3.u1"})
    opts = RenderOptions(show=keep, focus="c2.u1", highlight=frozenset({"c3.u1"}))
    data = graph_data(crux_map(), opts)
    assert {n["id"] for n in data["nodes"]} == keep
    assert all(e["from"] in keep and e["to"] in keep for e in data["edges"])
    assert len(data["edges"]) == 2
    assert next(n for n in data["nodes"] if n["id"] == "c3.u1")["borderWidth"] == 5
    page = render_html(crux_map(), opts)
    assert '"focus": "c2.u1"' in page
    assert '"focus": null' in render_html(crux_map(), RenderOptions(focus="c9.u9"))


def test_large_maps_get_fixed_positions_and_start_grouped():
    small = render_html(crux_map())
    assert '"group": false' in small
    data = graph_data(crux_map(), RenderOptions(large=3))
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])
    page = render_html(crux_map(), RenderOptions(large=3))
    assert '"group": true' in page
    options = json.loads(re.search(r"const OPTIONS = (\{.*?\});\n", page).group(1))
    assert options["physics"]["enabled"] is False


def test_hierarchical_layout_puts_replies_below_their_parent():
    amap = crux_map()
    comments = tuple(replace(c, parent_id="c1") if c.id != "c1" else c
                     for c in amap.thread.comments)
    amap = replace(amap, thread=replace(amap.thread, comments=comments))
    levels = {n["id"]: n["level"] for n in graph_data(amap)["nodes"]}
    assert levels["c1.u1"] == 0 and levels["c2.u1"] == 2
    page = render_html(amap, RenderOptions(layout="hierarchical"))
    options = json.loads(re.search(r"const OPTIONS = (\{.*?\});\n", page).group(1))
    assert options["layout"]["hierarchical"]["enabled"] is True


# --- in a real browser --------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def open_page(browser, tmp_path, amap, options=None, budget_ms=10_000):
    """The page opened on its unit view (the debate view has tests of its own)."""
    path = tmp_path / "map.html"
    options = replace(options or RenderOptions(), view="units")
    path.write_text(render_html(amap, options), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("window.argmapSettled", timeout=budget_ms)
    return page, dialogs, requests


def node_point(page, node_id):
    return page.evaluate(
        """(id) => { const n = window.argmapNetwork; const p = n.getPositions([id])[id];
        const d = n.canvasToDOM(p);
        const r = document.getElementById('graph').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y]; }""", node_id)


@pytest.mark.slow
def test_in_chromium_hostile_text_shows_as_text(browser, tmp_path):
    page, dialogs, requests = open_page(browser, tmp_path, evil_map())
    try:
        assert all(u.startswith("file:") for u in requests), requests
        x, y = node_point(page, "c1.u1")
        page.mouse.move(x, y)
        page.wait_for_selector(".vis-tooltip", state="visible", timeout=3000)
        tip = page.evaluate("document.querySelector('.vis-tooltip').innerText")
        assert "<script>alert(1)</script>" in tip and 'onerror="alert(2)"' in tip
        # innerText turns newlines into <br>; nothing else may become an element
        tags = page.evaluate(
            "[...document.querySelector('.vis-tooltip').children].map(c => c.tagName)")
        assert set(tags) <= {"BR"}
        page.mouse.click(x, y)
        card = page.inner_text("#card")
        assert "<script>alert(1)</script>" in card and "cats rule" in card
        x2, y2 = node_point(page, "c2.u1")
        page.mouse.click(x2, y2)
        card = page.inner_text("#card")
        assert '<b onmouseover="alert(3)">bo</b>' in card and "<svg onload=alert(4)>" in card
        assert page.evaluate("document.querySelectorAll('img, svg [onload], b, i').length") == 0
        assert page.evaluate("document.scripts.length") == 2  # vis-network and ours
        page.wait_for_timeout(300)
        assert dialogs == []
    finally:
        page.close()


@pytest.mark.slow
def test_in_chromium_an_empty_view_still_settles_and_says_so(browser, tmp_path):
    page, dialogs, _ = open_page(browser, tmp_path, crux_map(), RenderOptions(show=frozenset()))
    try:
        assert page.inner_text("#status") == "No units to show."
    finally:
        page.close()


@pytest.mark.slow
def test_in_chromium_search_finds_and_focuses_a_unit(browser, tmp_path):
    amap = crux_map()
    units = tuple(replace(u, text="The scenario is unrealistic and contrived.")
                  if u.id == "c6.u1" else u for u in amap.units)
    page, dialogs, _ = open_page(browser, tmp_path, replace(amap, units=units))
    try:
        page.fill("#search", "UNREALISTIC and")
        assert page.is_visible("#hits")
        assert "unrealistic and contrived" in page.inner_text("#hits")
        page.press("#search", "Enter")
        assert page.evaluate("window.argmapNetwork.getSelectedNodes()") == ["c6.u1"]
        assert "The scenario is unrealistic and contrived." in page.inner_text("#card")
        page.fill("#search", "no such words anywhere")
        assert "No unit contains" in page.inner_text("#hits")
        # unticking a theme hides its units; focusing one of them brings the theme back
        page.uncheck("#themes input[data-theme='t2']")
        assert not page.evaluate("window.argmapNetwork.body.nodeIndices.includes('c5.u1')")
        assert page.evaluate("window.argmapNetwork.body.nodeIndices.includes('c1.u1')")
        page.evaluate("window.argmapFocus('c5.u1')")
        assert page.is_checked("#themes input[data-theme='t2']")
        assert page.evaluate("window.argmapNetwork.body.nodeIndices.includes('c5.u1')")
        # a crux in the side list focuses its node too
        page.click(".cruxes li[data-id='c1.u1']")
        assert page.evaluate("window.argmapNetwork.getSelectedNodes()") == ["c1.u1"]
    finally:
        page.close()


@pytest.mark.slow
def test_in_chromium_a_large_map_settles_grouped_and_opens(browser, tmp_path):
    from tests.builders import synthetic_map

    amap = synthetic_map(600)
    page, _, _ = open_page(browser, tmp_path, amap, budget_ms=10_000)
    try:
        assert page.evaluate("window.argmapSettled") < 10_000
        assert page.evaluate("window.argmapNetwork.isCluster('theme:t1')")
        node = next(n for n in graph_data(amap)["nodes"] if n["id"] == "c1.u1")
        group = "theme:" + node["theme"]
        assert page.evaluate("window.argmapNetwork.clustering.findNode('c1.u1')[0]") == group
        centre = page.evaluate(f"window.argmapNetwork.getPositions(['{group}'])")[group]
        page.evaluate("window.argmapFocus('c1.u1')")  # opens the group that holds it
        assert page.evaluate("window.argmapNetwork.clustering.findNode('c1.u1')") == ["c1.u1"]
        after = page.evaluate("window.argmapNetwork.getPositions(['c1.u1'])")["c1.u1"]
        # it goes back to its laid-out place, not onto the group's centre
        assert abs(after["x"] - node["x"]) < 1 and abs(after["y"] - node["y"]) < 1
        assert (round(centre["x"]), round(centre["y"])) != (round(after["x"]), round(after["y"]))
    finally:
        page.close()


def test_a_reply_under_an_attack_is_not_drawn_but_stays_on_the_card():
    amap = pair_map()
    amap = replace(amap, relations=amap.relations + (
        Relation("c2.u1", "c1.u1", "reply", 0.95, "quotes c1"),
        Relation("c2.u1", "c1.u1", "quote", 0.9, "verbatim"),
    ))
    data = graph_data(amap)
    assert sorted(e["kind"] for e in data["edges"]) == ["attack", "quote"]
    assert any(ln["kind"] == "reply" and ln["evidence"] == "quotes c1"
               for ln in data["cards"]["c2.u1"]["links"])
    assert "3 relations" in render_html(amap)


def test_relation_to_a_missing_unit_is_skipped():
    amap = pair_map()
    amap = replace(amap, relations=amap.relations + (Relation("c2.u1", "gone", "support"),))
    assert len(graph_data(amap)["edges"]) == 1


def test_the_page_shows_the_maps_warnings_escaped():
    amap = pair_map()
    assert 'id="warnings"' not in render_html(amap)
    warned = replace(amap, meta={**amap.meta, "warnings": [
        "this looks like German: argmap's models read English; stance and themes will be "
        "unreliable", "<b>2</b> paragraphs: too little to map as a debate"]})
    html = render_html(warned)
    box = html[html.index('id="warnings"'):html.index('id="howto"')]
    assert "this looks like German" in box
    assert "&lt;b&gt;2&lt;/b&gt; paragraphs" in box and "<b>2</b>" not in box
