"""Hostile threads against every sink: nothing injected, nothing half-written, no traceback.

Strings a thread controls (ids, authors, titles, text, file names) carry HTML, Markdown
images and links, code-span breakers, terminal escapes and control characters. Each
sink is opened with its own parser where one exists (Markdown rendered by markdown-it,
GraphML by an XML parser, AIF by json) and must show them as inert text.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from markdown_it import MarkdownIt

from argmap import escape
from argmap.cli import main
from argmap.export import export_map, to_aif, to_argdown, to_graphml, to_markdown
from argmap.model import ArgumentMap, Comment, Relation, Theme, Thread, Unit, write_map
from argmap.read import read_text, read_thread
from argmap.render import RenderOptions, render_html

ROOT = Path(__file__).resolve().parent.parent

IMG_ID = "r`![i](http://evil.example/id.png)`"
HTML = "<img src=x onerror=alert(50)>"
SCRIPT = "</script><script>alert(51)</script><!--"
TERM = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
CTRL = "bell\x07 nul\x00 esc\x1b del\x7f csi\x9b"
LINKS = "see http://evil.example/a and www.evil.example and ping@evil.example"
SYNTAX = "[t]: `x` @y #z *b* _i_ <c> {d} // e"
HOSTILE = (IMG_ID, HTML, SCRIPT, TERM, CTRL, LINKS, SYNTAX)
# what must never appear in an output outside an escaped form
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_map() -> ArgumentMap:
    """A map whose every thread string is hostile, control characters kept (as a map
    written by an older argmap holds them), so no sink can rely on read-time cleaning."""
    ids = [f"{h}#{n}" for n, h in enumerate(HOSTILE)]
    comments = tuple(
        Comment(id=cid, text=f"The claim {n} is wrong. {h} Because {HOSTILE[-n]}.",
                author=HOSTILE[(n + 1) % len(HOSTILE)], parent_id=None if n == 0 else ids[0],
                position=n, stance=None if n == 0 else ("attack" if n % 2 else "support"))
        for n, (cid, h) in enumerate(zip(ids, HOSTILE, strict=True))
    )
    units = tuple(Unit(id=f"{c.id}.u1", comment_id=c.id, text=c.text, end=len(c.text),
                       theme_id="t1" if n % 2 else None)
                  for n, c in enumerate(comments))
    relations = tuple(
        Relation(source=u.id, target=units[0].id, kind="attack" if n % 2 else "support",
                 evidence=HOSTILE[n % len(HOSTILE)])
        for n, u in enumerate(units) if n
    ) + (Relation(source=units[2].id, target=units[1].id, kind="attack"),)
    themes = (Theme(id="t1", label=HTML + IMG_ID, keywords=(TERM, LINKS),
                    unit_ids=tuple(u.id for n, u in enumerate(units) if n % 2)),)
    thread = Thread(title=SCRIPT + IMG_ID + TERM, source=f"/x/{HTML}{IMG_ID}.json",
                    format="json", comments=comments, notes=(TERM + HTML,))
    return ArgumentMap(thread, units, relations, themes, meta={"debate": "evil"})


def rendered(md: str) -> str:
    """Markdown as a CommonMark renderer (with raw HTML allowed) turns it into HTML."""
    return MarkdownIt("commonmark", {"html": True}).render(md)


def assert_inert_markdown(md: str, allow_links: tuple[str, ...] = ()) -> None:
    """No element a thread could plant: image, link, raw HTML, code span; no bare URL
    GFM would autolink; no control character."""
    html = rendered(md)
    assert "<img" not in html and "<script" not in html and "<code" not in html, md
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    assert all(h.startswith(allow_links) for h in hrefs) if allow_links else not hrefs, md
    if allow_links:  # the app's own share links: a relative, percent-encoded target
        md = re.sub(r"\]\(\?[^()\s]*\)", "]", md)
    # bare URLs, www. and e-mail addresses are what GFM autolinks; escaped, they are text
    assert not re.search(r"https?://|(?<!\\)www\.|(?<!\\)@evil", md), md
    assert not CONTROL.search(md), repr(md)


# --- the escapers, one sink each --------------------------------------------------

@pytest.mark.parametrize("s", HOSTILE)
def test_app_markdown_escaper_leaves_nothing_live(s):
    assert_inert_markdown(escape.md(s))
    assert_inert_markdown(escape.md_quote(s + "\n- x\n> y"))
    # a code span around an escaped id cannot be closed from inside
    assert "`" not in re.sub(r"\\`", "", escape.md(s))


@pytest.mark.parametrize("s", HOSTILE)
def test_terminal_escaper_strips_every_control_and_escape(s):
    out = escape.term(s)
    assert not CONTROL.search(out) and "\n" not in out
    assert "pwned" not in out or "\x1b" not in out


def test_terminal_escaper_drops_whole_sequences_not_just_esc():
    assert escape.term(TERM) == "click"
    assert escape.term("a\x1b[31mred\x1b[0m b") == "ared b"


@pytest.mark.parametrize("s", HOSTILE)
def test_xml_text_parses_in_any_document(s):
    ET.fromstring(f"<a b='{escape.html_text(escape.xml_text(s))}'>"
                  f"{escape.html_text(escape.xml_text(s))}</a>")


def test_safe_json_cannot_close_a_script():
    out = escape.safe_json({"x": SCRIPT})
    assert "</" not in out and "<!--" not in out and json.loads(out) == {"x": SCRIPT}


# --- read time: the map itself is clean -------------------------------------------

def test_control_characters_leave_the_thread_at_read_time():
    rows = [{"id": "a\x1b[2J", "author": "x\x07y", "text": "Root " + CTRL + TERM},
            {"id": "b", "parent_id": "a\x1b[2J", "author": "z", "text": "Reply\x00 here"}]
    t = read_text(json.dumps(rows), source="t.json")
    for s in [t.title, *t.notes] + [v for c in t.comments for v in (c.id, c.text, c.author)]:
        assert not CONTROL.search(s or ""), repr(s)
    assert t.comments[1].parent_id == t.comments[0].id == "a"


def test_a_nul_after_the_first_8k_never_reaches_the_map(tmp_path):
    path = tmp_path / "late-nul.md"
    path.write_bytes(b"# Title\n\n" + b"Cars are fine. " * 700 + b"\x00\x1b[2J tail\n")
    assert b"\x00" in path.read_bytes()[8192:]
    t = read_thread(path)
    assert all(not CONTROL.search(c.text) for c in t.comments)


def test_utf16_without_a_bom_is_read_as_text(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("alice: Cars should be banned.\n\nbob: No, they should not.\n"
                     .encode("utf-16-le"))
    t = read_thread(path)
    assert "Cars should be banned" in " ".join(c.text for c in t.comments)


def test_distinct_comments_sharing_an_id_are_both_kept():
    rows = [{"id": "1", "text": "Root claim."}, {"id": "2", "parent_id": "1", "text": "first"},
            {"id": "2", "parent_id": "1", "text": "second, different"},
            {"id": "2", "parent_id": "1", "text": "first"}]
    t = read_text(json.dumps(rows), source="d.json")
    texts = sorted(c.text for c in t.comments)
    assert texts == ["Root claim.", "first", "second, different"]
    assert len({c.id for c in t.comments}) == 3
    assert any("new ids" in n for n in t.notes) and any("exactly" in n for n in t.notes)


def test_every_tree_reader_keeps_distinct_comments_that_share_an_id():
    """The repair lives in the tree builder, so Kialo, AIF and dumps keep both too."""
    from argmap.read.tree import Record, build_thread

    recs = [Record("1", "Root claim."), Record("2", "first", "1"),
            Record("2", "second, different", "1"), Record("2", "first", "1")]
    t = build_thread(recs, source="k.txt", fmt="kialo")
    assert sorted(c.text for c in t.comments) == ["Root claim.", "first", "second, different"]
    assert "2~2" in {c.id for c in t.comments}


# --- exports ----------------------------------------------------------------------

def test_markdown_report_names_people_and_holds_nothing_live():
    amap = hostile_map()
    md = to_markdown(amap)
    assert_inert_markdown(md)
    # people and claims, not ids: an id never appears as a bold label
    for u in amap.units:
        assert f"**{u.id}**" not in md and f"**{u.comment_id}**" not in md
    assert escape.md_report(HTML) in md  # an author shown, escaped


def test_argdown_titles_are_words_unique_and_escaped():
    amap = hostile_map()
    text = to_argdown(amap)
    assert not CONTROL.search(text)
    defs = re.findall(r"^\[((?:[^\]\\]|\\.)+)\]: (.*)$", text, re.M)
    assert len(defs) == len(amap.units) == len({d[0] for d in defs})
    for title, body in defs:
        bare = re.sub(r"\\.", "", title + body)
        assert not re.search(r"[\[\]<>`@#*_/{}]", bare), (title, body)
        assert title.startswith("The claim")
    refs = re.findall(r"^  [-+] \[((?:[^\]\\]|\\.)+)\]$", text, re.M)
    assert refs and set(refs) <= {d[0] for d in defs}


@pytest.mark.parametrize("raw", [True, False])
def test_graphml_is_well_formed_xml_whatever_the_map_holds(raw):
    amap = hostile_map()
    if not raw:
        from argmap.read.decode import clean_thread
        amap = ArgumentMap(clean_thread(amap.thread), amap.units, amap.relations, amap.themes,
                           amap.meta)
    xml = to_graphml(amap)
    ET.fromstring(xml)  # raises on any character XML forbids
    g = nx.parse_graphml(xml, force_multigraph=True)
    assert g.number_of_nodes() == len(amap.units)
    assert any(HTML in d.get("author", "") for _, d in g.nodes(data=True))


def test_aif_is_valid_json_and_reads_back_clean():
    doc = export_map(hostile_map(), "aif")
    data = json.loads(doc)
    assert data["nodes"] and to_aif(hostile_map())["participants"]
    back = read_text(doc, source="evil.aif.json")
    for c in back.comments:
        assert not CONTROL.search(c.id + c.text + (c.author or ""))


class _Tags(HTMLParser):
    """Every start tag and attribute name a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: set[str] = set()
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs |= {a for a, _ in attrs}

    def handle_data(self, data):
        if self.lasttag == "script":
            self.scripts.append(data)


def _parsed(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    return p


@pytest.mark.parametrize("view", ["debate", "units"])
def test_page_html_has_no_planted_markup(view):
    """The page (debate view and unit graph) builds the same elements and attributes
    from a hostile map as from a benign one: nothing planted became markup."""
    page = _parsed(render_html(hostile_map(), RenderOptions(view=view)))
    benign = _parsed(render_html(_benign(), RenderOptions(view=view)))
    assert "img" not in page.tags and page.tags.count("script") == benign.tags.count("script")
    assert set(page.tags) <= set(benign.tags) | {"li", "span", "a", "button", "option"}
    assert not {a for a in page.attrs if a.startswith("on")} - benign.attrs
    assert not any("</script" in s or "<!--" in s for s in page.scripts)


def _benign() -> ArgumentMap:
    c = Comment(id="c1", text="A plain claim.", author="ann")
    u = Unit(id="c1.u1", comment_id="c1", text="A plain claim.", end=14)
    return ArgumentMap(Thread("t", "t.json", "json", (c,)), (u,), (), (), {"debate": "t"})


# --- the command line: terminal output and one-line errors -------------------------

def test_info_prints_no_terminal_escape(tmp_path, capsys):
    path = tmp_path / "evil.json"
    amap = hostile_map()
    # a map file is input too: its stored warnings are printed as well
    write_map(replace(amap, meta={**amap.meta, "warnings": ["\x1b[2J\x1b]0;pwned\x07 x"]}),
              path)
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  warning: x" in out  # the escape sequences are gone, the words kept
    assert not CONTROL.search(out.replace("\n", "")), repr(out)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def one_line_error(proc: subprocess.CompletedProcess, *words: str) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("argmap: error:"), proc.stderr
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "big"])
def test_max_mb_must_be_a_finite_size(tmp_path, value):
    one_line_error(run_cli("build", str(tmp_path), f"--max-mb={value}"), "--max-mb")


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_top_must_be_one_or_more(tmp_path, value):
    one_line_error(run_cli("search", "q", "--maps", str(tmp_path), f"--top={value}"), "--top")


def _deep(tmp_path: Path) -> Path:
    path = tmp_path / "deep.json"
    path.write_text('{"id": "1", "text": "x", "children": [' * 10000 + "]}" * 10000)
    return path


@pytest.mark.parametrize("cmd", [["info"], ["export", "--to", "markdown"]])
def test_a_deep_json_thread_given_as_a_map_is_one_line(tmp_path, cmd):
    line = one_line_error(run_cli(*cmd, str(_deep(tmp_path))), "deep.json", "too deeply")
    assert "None" not in line


def test_building_a_deep_json_thread_never_says_none(tmp_path):
    proc = run_cli("build", str(_deep(tmp_path)), "--out", str(tmp_path / "maps"))
    assert "Traceback" not in proc.stderr and "as None" not in proc.stderr


def test_export_into_a_place_that_cannot_be_written_names_the_file(tmp_path):
    path = tmp_path / "m.json"
    write_map(hostile_map(), path)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    one_line_error(run_cli("export", str(path), "--to", "markdown", "--out",
                           str(blocker / "report.md")), "report.md", "cannot write")


# --- the real pipeline, search and the app ----------------------------------------

def _hostile_thread_file(folder: Path) -> Path:
    rows = [{"id": f"{h}#{n}", "author": HOSTILE[(n + 3) % len(HOSTILE)],
             "parent_id": None if n == 0 else f"{HOSTILE[0]}#0",
             "text": f"Electric cars are {'better' if n % 2 else 'worse'} for cities. {h} "
                     "Because batteries keep getting cheaper every year."}
            for n, h in enumerate(HOSTILE)]
    path = folder / "![f](http:evil.example) <b>x \x1b]0;t\x07.json"
    path.write_text(json.dumps(rows))
    return path


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, models):
    from argmap.pipeline import build_file

    out = tmp_path_factory.mktemp("hostile-maps")
    src = _hostile_thread_file(tmp_path_factory.mktemp("in"))
    result = build_file(src, out, models.settings, models)
    return out, result.map


@pytest.mark.slow
def test_build_prints_no_terminal_escape_from_a_file_name(tmp_path):
    src = _hostile_thread_file(tmp_path)
    proc = run_cli("build", str(src), "--out", str(tmp_path / "maps"))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "wrote" in proc.stdout
    assert not CONTROL.search((proc.stdout + proc.stderr).replace("\n", ""))


@pytest.mark.slow
def test_search_prints_no_terminal_escape_and_no_ids(hostile_build):
    out, amap = hostile_build
    proc = run_cli("search", "batteries cheaper electric cars", "--maps", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "batteries" in proc.stdout
    assert not CONTROL.search(proc.stdout.replace("\n", "")), repr(proc.stdout)
    assert not any(u.id in proc.stdout for u in amap.units)


@pytest.mark.slow
def test_the_app_shows_hostile_strings_inert(hostile_build, monkeypatch):
    from streamlit.testing.v1 import AppTest

    out, amap = hostile_build
    monkeypatch.setenv("ARGMAP_MAPS", str(out))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    assert not at.exception

    def check(at) -> None:
        assert not at.exception
        for el in [*at.markdown, *at.caption, *at.title, *at.info, *at.error]:
            assert_inert_markdown(el.value, allow_links=("?",))

    check(at)  # the Map view, its crux list included
    at.radio(key="view").set_value("Unit").run()
    for uid in [u.id for u in amap.units]:
        at.selectbox(key="unit").set_value(uid).run()
        check(at)
    at.radio(key="view").set_value("Search").run()
    at.text_input(key="q").input("batteries cheaper electric cars").run()
    check(at)
    assert any("batteries" in m.value for m in at.markdown)


@pytest.mark.slow
def test_an_over_long_comment_is_refused_in_our_words(models, tmp_path):
    from argmap.errors import ArgmapError
    from argmap.pipeline import build_file

    path = tmp_path / "long.json"
    path.write_text(json.dumps([{"id": "1", "text": "word " * 260_000}]))
    with pytest.raises(ArgmapError,
                       match=r"long\.json: comment 1 is .* characters, over the limit") as exc:
        build_file(path, tmp_path / "maps", models.settings, models)
    assert "E088" not in str(exc.value) and "nlp.max_length" not in str(exc.value)


@pytest.mark.slow
def test_an_upload_with_a_hostile_name_is_labelled_inert(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ARGMAP_MAPS", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    name = "![i](http://evil.example/f.png) `<img src=x>.json"
    at.sidebar.file_uploader(key="upload").upload(name, b"\x00\x01binary" * 10)
    at.sidebar.button(key="build").click().run()
    assert not at.exception
    status = [e for e in at.sidebar if type(e).__name__ == "Status"]
    assert status and at.error
    for text in [s.label for s in status] + [e.value for e in at.error]:
        assert_inert_markdown(text)
    assert "binary" in at.error[0].value
