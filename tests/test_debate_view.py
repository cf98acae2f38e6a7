"""The debate view: one readable box per comment, laid out as the reply tree, edges by
stance (support green, attack red, neutral grey, doubt pale and dashed), themes as the
border never the fill; checked in the data and in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from argmap.debate_view import STANCE_EDGES, debate_data, edge_style, unsure_note
from argmap.mine import main_claim, unit_role
from argmap.model import ArgumentMap, Comment, Relation, Thread, Unit
from argmap.render import RenderOptions, render_html
from tests.builders import pair_map

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def chain_map(n: int, fan: int = 1, stance: str = "attack", conf: float = 0.9) -> ArgumentMap:
    """A thread of `n` comments: c0 the root, each next one replying `fan` levels up."""
    comments, units = [], []
    for i in range(n):
        parent = None if i == 0 else f"c{max(0, (i - 1) // fan)}"
        comments.append(Comment(f"c{i}", f"Point number {i} about the buses.", author=f"user_{i}",
                                parent_id=parent, position=i,
                                stance=stance if parent else None,
                                stance_confidence=conf if parent else None))
        units.append(Unit(f"c{i}.u1", f"c{i}", f"Point number {i} about the buses.", 0, 30))
    thread = Thread("t", "t.txt", "text", tuple(comments))
    return ArgumentMap(thread, tuple(units), (), (), {"debate": "t"})


def test_one_node_per_comment_with_its_main_claim_author_and_depth():
    amap = pair_map()
    data = debate_data(amap)
    assert [n["id"] for n in data["nodes"]] == ["c1", "c2"]
    levels = {n["id"]: n["level"] for n in data["nodes"]}
    assert levels == {"c1": 0, "c2": 1}
    c2 = next(n for n in data["nodes"] if n["id"] == "c2")
    assert c2["label"].startswith("No, dogs are.") and c2["label"].endswith("— bo")
    assert c2["font"]["size"] >= 12
    # one reply edge, from the reply to what it answers, red for an attack
    (edge,) = data["edges"]
    assert (edge["from"], edge["to"]) == ("c2", "c1")
    assert edge["color"]["color"] == STANCE_EDGES["attack"]["color"] and not edge["dashes"]
    assert data["cards"]["c2"]["stance_evidence"] == "cue: no"


def test_a_thread_without_authors_does_not_print_unknown_on_every_box():
    amap = chain_map(3)
    anonymous = replace(amap, thread=replace(amap.thread, comments=tuple(
        replace(c, author=None) for c in amap.thread.comments)))
    assert all("—" not in n["label"] for n in debate_data(anonymous)["nodes"])
    # one known author is enough to show who wrote what, "unknown" for the rest
    some = replace(amap, thread=replace(amap.thread, comments=(
        anonymous.thread.comments[0], *amap.thread.comments[1:])))
    labels = [n["label"] for n in debate_data(some)["nodes"]]
    assert labels[0].endswith("— unknown") and labels[1].endswith("— user_1")


def test_long_claims_wrap_up_to_about_120_characters():
    amap = pair_map()
    long = "word " * 60
    units = (amap.units[0], replace(amap.units[1], text=long.strip()))
    label = next(n for n in debate_data(replace(amap, units=units))["nodes"]
                 if n["id"] == "c2")["label"]
    first_line = label.split("\n")[0]
    assert 100 <= len(first_line) <= 120 and first_line.endswith("…")


def test_edges_by_stance_neutral_grey_and_doubt_pale_and_dashed():
    assert edge_style("support", 0.95)["color"] == STANCE_EDGES["support"]["color"]
    neutral = edge_style("neutral", 0.9)
    assert neutral["color"] == STANCE_EDGES["neutral"]["color"] and not neutral["uncertain"]
    doubt = edge_style("attack", 0.52)
    assert doubt["uncertain"] and doubt["dashes"] and doubt["opacity"] < 0.6
    data = debate_data(chain_map(3, conf=0.52))
    assert all(e["dashes"] for e in data["edges"])
    assert data["cards"]["c1"]["uncertain"] is True
    assert all("uncertain attack" in e["title"] for e in data["edges"])


def test_theme_is_the_border_never_the_fill():
    page = render_html(pair_map())
    debate = json.loads(re.search(r"const DEBATE = (\{.*?\});\n", page).group(1))
    for n in debate["nodes"]:
        assert n["color"]["background"] in ("#ffffff", "#fffdf2")
        assert n["color"]["border"] not in (STANCE_EDGES["attack"]["color"],
                                            STANCE_EDGES["support"]["color"])


def test_large_threads_start_with_deep_subtrees_collapsed_and_say_so():
    amap = chain_map(300, fan=3)  # a ternary tree of 300 comments
    data = debate_data(amap, max_open=200)
    closed = set(data["collapsed"])
    assert closed, "a 300-comment thread should start partly collapsed"
    parent = {c.id: c.parent_id for c in amap.thread.comments}

    def visible(cid):
        p = parent[cid]
        while p:
            if p in closed:
                return False
            p = parent[p]
        return True

    shown = [c.id for c in amap.thread.comments if visible(c.id)]
    assert 50 <= len(shown) <= 200
    for cid in closed:
        label = next(n["label"] for n in data["nodes"] if n["id"] == cid)
        assert re.search(r"\[\+\d+ repl(y|ies): click\]", label)
    small = debate_data(chain_map(20, fan=3), max_open=200)
    assert small["collapsed"] == []


def test_a_deep_thread_does_not_hit_the_recursion_limit():
    data = debate_data(chain_map(5000, fan=1), max_open=200)
    assert max(n["level"] for n in data["nodes"]) == 4999
    assert data["collapsed"]


def test_show_keeps_comments_with_a_shown_unit_and_reparents_to_what_is_shown():
    amap = chain_map(4)
    data = debate_data(amap, show=frozenset({"c0.u1", "c2.u1"}))
    assert [n["id"] for n in data["nodes"]] == ["c0", "c2"]
    assert data["edges"] == []  # c2's parent c1 is not shown: no edge to a missing node


@pytest.mark.parametrize("text", ["Please do!", "This.", "Yeah, but", "Δ", "**", "lol", "+1"])
def test_reply_openers_markup_and_symbols_are_never_a_point(text):
    assert unit_role(text) == "meta"


def test_main_claim_skips_the_opener():
    units = [Unit("c.u1", "c", "Please do!", role=unit_role("Please do!")),
             Unit("c.u2", "c", "I strongly disagree with the plan.",
                  role=unit_role("I strongly disagree with the plan."))]
    assert main_claim(units).id == "c.u2"
    assert unit_role("Refusals are not subversion.") == "claim"


def test_the_page_opens_on_the_debate_view_and_can_open_on_units():
    page = render_html(pair_map())
    assert '"view": "debate"' in page
    assert '"view": "units"' in render_html(pair_map(), RenderOptions(view="units"))
    focused = render_html(pair_map(), RenderOptions(focus="c2.u1"))
    assert '"focusComment": "c2"' in focused


# --- in a real browser --------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make test`, which installs it")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM,
                               args=["--no-sandbox", "--disable-gpu",
                                     "--disable-background-networking"])
        yield b
        b.close()


def open_page(browser, tmp_path, amap, options=None, width=1400):
    path = tmp_path / "map.html"
    path.write_text(render_html(amap, options), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_function("window.argmapSettled", timeout=15_000)
    return page, errors


LABEL_PX = """() => { const n = window.argmapDebate;
  const size = n.body.nodes[n.body.nodeIndices[0]].options.font.size;
  return size * n.getScale(); }"""


@pytest.mark.slow
@pytest.mark.parametrize("n", [11, 150])
def test_in_chromium_labels_are_readable_at_the_default_zoom(browser, tmp_path, n):
    page, errors = open_page(browser, tmp_path, chain_map(n, fan=3))
    try:
        assert page.evaluate(LABEL_PX) >= 12
        assert page.is_visible("#debate canvas") and not page.is_visible("#graph")
        assert errors == []
    finally:
        page.close()


@pytest.mark.slow
def test_in_chromium_a_click_shows_the_comment_and_opens_a_collapsed_subtree(browser, tmp_path):
    amap = chain_map(300, fan=3)
    closed = debate_data(amap)["collapsed"]
    page, errors = open_page(browser, tmp_path, amap)
    try:
        shown = page.evaluate("window.argmapDebate.body.nodeIndices.length")
        assert shown < 300
        page.evaluate(f"window.argmapFocusComment('{closed[0]}')")
        page.evaluate(f"""() => {{ const n = window.argmapDebate;
            n.body.emitter.emit('click', {{ nodes: ['{closed[0]}'], edges: [] }}); }}""")
        assert page.evaluate("window.argmapDebate.body.nodeIndices.length") > shown
        assert "Point number" in page.inner_text("#card")
        assert errors == []
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.parametrize("order", [("#layout", "#group"), ("#group", "#layout")])
def test_in_chromium_tree_and_group_work_in_either_order(browser, tmp_path, order):
    from tests.test_analytics import crux_map

    page, errors = open_page(browser, tmp_path, crux_map())
    try:
        page.click("#view-units")
        page.wait_for_function("window.argmapNetwork")
        for button in order:
            page.click(button)
            page.wait_for_timeout(300)
        assert errors == [], errors
        # both themes collapsed, whatever the order
        assert page.evaluate("window.argmapNetwork.isCluster('theme:t1')")
        assert page.evaluate("window.argmapNetwork.isCluster('theme:t2')")
        page.click("#group")  # expand again, still in the tree
        page.wait_for_timeout(300)
        assert page.evaluate("window.argmapNetwork.body.nodes['theme:t1'] === undefined")
        page.click("#view-debate")
        assert page.is_visible("#debate canvas")
        assert errors == [], errors
    finally:
        page.close()


def test_neutral_replies_draw_grey_in_the_page():
    amap = pair_map()
    comments = (amap.thread.comments[0],
                replace(amap.thread.comments[1], stance="neutral", stance_confidence=0.8))
    amap = replace(amap, thread=replace(amap.thread, comments=comments),
                   relations=(Relation("c2.u1", "c1.u1", "reply", 1.0, ""),))
    (edge,) = debate_data(amap)["edges"]
    assert edge["color"]["color"] == STANCE_EDGES["neutral"]["color"]


def test_an_unsure_reply_is_dotted_and_the_legend_says_what_dotted_means():
    from argmap.render import render_html

    sure = pair_map()
    assert "dotted: argmap is unsure" not in render_html(sure)  # a JSON thread: parents known
    assert unsure_note(sure) == "" and 'id="unsure-note"' not in render_html(sure)
    comments = (sure.thread.comments[0],
                replace(sure.thread.comments[1], parent_confidence=0.2,
                        parent_evidence="may be a piece of c1"))
    unsure = replace(sure, thread=replace(sure.thread, comments=comments))
    (edge,) = debate_data(unsure)["edges"]
    assert edge["dashes"] == [2, 4] and "reply target uncertain" in edge["title"]
    page = render_html(unsure)
    assert "dotted: argmap is unsure who this answers" in page
    # the cruxes say they may rest on a misplaced reply
    assert unsure_note(unsure).startswith("argmap is unsure who answers whom for 1 of 2 comments")
    assert f'<span id="unsure-note">{unsure_note(unsure)}</span>' in page


def test_a_paste_whose_replies_are_mostly_unsure_says_how_to_let_argmap_read_them():
    sure = pair_map()
    comments = (sure.thread.comments[0],
                replace(sure.thread.comments[1], parent_confidence=0.2))
    unsure = replace(sure, thread=replace(sure.thread, comments=comments))
    assert "indent each reply under what it answers" in unsure_note(unsure)
    # a JSON thread or a Markdown file: the hint is not about them
    for fmt in ("json", "markdown"):
        other = replace(unsure, thread=replace(unsure.thread, format=fmt))
        assert unsure_note(other).endswith("may be a misreading.")
    # one unsure reply among many sure ones: no hint
    many = (comments[0], *(replace(comments[1], id=f"r{k}", parent_confidence=0.9)
                           for k in range(3)), comments[1])
    mostly = replace(unsure, thread=replace(unsure.thread, comments=many))
    assert unsure_note(mostly).endswith("may be a misreading.")


@pytest.mark.slow
def test_in_chromium_hostile_text_in_the_debate_view_stays_text(browser, tmp_path):
    from tests.test_render import EVIL, evil_map

    page, errors = open_page(browser, tmp_path, evil_map())
    try:
        page.evaluate("window.argmapFocusComment('c1')")
        card = page.inner_text("#card")
        assert EVIL[:30] in card and "cats rule" in card
        page.evaluate("window.argmapFocusComment('c2')")
        assert '<b onmouseover="alert(3)">bo</b>' in page.inner_text("#card")
        assert page.evaluate("document.querySelectorAll('#card img, #card b, #card i').length") == 0
        assert errors == []
    finally:
        page.close()


def _debate_direction(page_html: str) -> str:
    options = json.loads(re.search(r"const DEBATE_OPTIONS = (\{.*?\});\n", page_html).group(1))
    return options["layout"]["hierarchical"]["direction"]


def test_a_wide_shallow_thread_reads_left_to_right():
    """29 replies to the opening post made one row about 9,000 px wide; left to right
    they stack in a column, as a forum lists them. Deep or narrow threads stay top down."""
    from argmap.render import reads_sideways

    assert _debate_direction(render_html(chain_map(30, fan=100))) == "LR"
    assert _debate_direction(render_html(chain_map(30, fan=1))) == "UD"  # a chain
    assert _debate_direction(render_html(chain_map(9, fan=100))) == "UD"  # 8 replies
    assert reads_sideways([0] + [1] * 9) and not reads_sideways([0] + [1] * 8)
    assert not reads_sideways([0, 1, 2, 3, 4] + [5] * 11)  # 11 wide, 6 deep: top down
    assert not reads_sideways([])


@pytest.mark.slow
def test_in_chromium_a_wide_thread_opens_on_its_opening_post_amid_a_column(browser, tmp_path):
    page, errors = open_page(browser, tmp_path, chain_map(30, fan=100))
    try:
        assert page.evaluate(LABEL_PX) >= 12
        where = page.evaluate("""() => { const n = window.argmapDebate;
          const p = n.getPositions(); const d = n.canvasToDOM(p["c0"]);
          const box = document.getElementById("debate").getBoundingClientRect();
          const xs = new Set(Object.keys(p).filter((k) => k !== "c0").map((k) => p[k].x));
          return {x: d.x, y: d.y, w: box.width, h: box.height, columns: xs.size,
                  right: Object.keys(p).every((k) => k === "c0" || p[k].x > p["c0"].x)}; }""")
        assert 0 < where["x"] < where["w"] / 2 and 0 < where["y"] < where["h"], where
        assert where["columns"] == 1 and where["right"], where
        assert errors == []
    finally:
        page.close()


@pytest.mark.slow
def test_in_chromium_a_tree_too_big_to_fit_says_how_to_see_the_rest(browser, tmp_path):
    big, errors = open_page(browser, tmp_path, chain_map(150, fan=3))
    try:
        assert "drag to see more" in big.inner_text("#status")
        assert abs(big.evaluate("window.argmapDebate.getScale()") - 0.8) < 1e-6
        assert errors == []
    finally:
        big.close()
    small, errors = open_page(browser, tmp_path, chain_map(4, fan=1))
    try:
        assert "drag to see more" not in small.inner_text("#status")
        assert small.evaluate("window.argmapDebate.getScale()") >= 0.8
    finally:
        small.close()
    # a few comments side by side in a narrow frame (the app's column): cut too, so said
    narrow, errors = open_page(browser, tmp_path, chain_map(11, fan=5), width=700)
    try:
        assert narrow.evaluate("window.argmapDebate.getScale()") == pytest.approx(0.8)
        assert "drag to see more" in narrow.inner_text("#status")
    finally:
        narrow.close()


ROOT_BOX = """() => { const n = window.argmapDebate;
  const b = n.getBoundingBox("c0");
  const tl = n.canvasToDOM({x: b.left, y: b.top}), br = n.canvasToDOM({x: b.right, y: b.bottom});
  const box = document.getElementById("debate").getBoundingClientRect();
  return {left: tl.x, top: tl.y, right: br.x, bottom: br.y, w: box.width, h: box.height}; }"""


@pytest.mark.slow
@pytest.mark.parametrize("fan", [100, 3], ids=["left-to-right", "top-down"])
def test_in_chromium_a_long_opening_post_opens_whole_not_cut_at_the_edge(browser, tmp_path, fan):
    """The partial opening view places the post from its centre: a long post (a wide,
    wrapped box) must still open whole, neither edge off screen, in either direction."""
    amap = chain_map(150, fan=fan)
    long = "Why the city should close the whole of the old town to cars, and what it costs " * 2
    comments = (replace(amap.thread.comments[0], text=long), *amap.thread.comments[1:])
    units = (replace(amap.units[0], text=long), *amap.units[1:])
    amap = replace(amap, thread=replace(amap.thread, comments=comments), units=units)
    page, errors = open_page(browser, tmp_path, amap)
    try:
        assert "drag to see more" in page.inner_text("#status")  # the partial opening view
        box = page.evaluate(ROOT_BOX)
        assert box["left"] >= 0 and box["top"] >= 0, box
        assert box["right"] <= box["w"] and box["bottom"] <= box["h"], box
        assert errors == []
    finally:
        page.close()
