"""The CLI end to end on the sample debate, and its answers to bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.model import write_map
from tests.builders import tiny_map
from tests.conftest import ROOT, SAMPLE


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "argmap", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_build_writes_a_complete_map_of_the_sample(tmp_path):
    proc = run_cli("build", str(SAMPLE), "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "comments" in proc.stdout and "themes" in proc.stdout
    data = json.loads((tmp_path / f"{SAMPLE.stem}.json").read_text())
    assert data["schema_version"] == 1
    assert data["units"] and data["themes"] and data["relations"]
    for key in ("id", "author", "text", "parent_id", "stance"):
        assert all(key in c for c in data["comments"])
    assert {r["kind"] for r in data["relations"]} >= {"reply"}
    assert set(data["meta"]["timings"]) >= {"read", "mine", "embed", "themes", "render"}
    assert data["meta"]["settings"]["embed_model"]
    html = (tmp_path / f"{SAMPLE.stem}.html").read_text()
    remote = re.findall(r"<(?:script|link)[^>]+(?:src|href)\s*=\s*[\"']?(?:https?:)?//", html)
    assert remote == [], "the map page must not fetch anything from the network"
    assert "new vis.Network" in html
    assert (tmp_path / "index.sqlite").exists()


def test_info_and_search_on_a_built_map(sample_build, capsys):
    out, result = sample_build
    assert main(["info", str(result.json_path)]) == 0
    said = capsys.readouterr().out
    assert f"{len(result.map.units)} units" in said
    # doubt and cruxes in the summary, as the page and the app show them
    from argmap.analytics import cruxes, is_uncertain_stance

    doubt = sum(is_uncertain_stance(c.stance, c.stance_confidence)
                for c in result.map.thread.comments if c.stance == "attack")
    assert f"({doubt} uncertain)" in said and doubt > 0
    top = cruxes(result.map, top=3)
    assert said.count("  crux: ") == len(top) > 0
    first = next(u.text for u in result.map.units if u.id == top[0].unit_id)
    assert f"  crux: {first[:40]}" in said
    assert main(["search", "self-preservation", "--maps", str(out), "--json", "--top", "3"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert 1 <= len(hits) <= 3
    assert {"text", "debate", "unit_id", "comment_id", "score"} <= set(hits[0])
    assert "self-preservation" in hits[0]["text"].lower()


@pytest.mark.parametrize(
    "make_input, message",
    [
        (lambda d: d / "nope.txt", "no such file"),
        (lambda d: (d / "empty.txt").write_text("  \n\n") and d / "empty.txt", "empty"),
        (lambda d: (d / "blob.txt").write_bytes(b"\x89PNG\x00\x00\x01\x02" * 50) and d / "blob.txt",
         "binary"),
        (lambda d: (d / "nothing").mkdir() or d / "nothing", "no thread files"),
    ],
    ids=["missing", "empty", "binary", "empty-folder"],
)
def test_bad_input_is_one_clear_line_and_keeps_existing_maps(tmp_path, make_input, message):
    out = tmp_path / "maps"
    out.mkdir()
    good = out / "kept.json"
    good.write_text('{"keep": true}')
    bad = make_input(tmp_path)
    proc = run_cli("build", str(bad), "--out", str(out))
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("argmap: error:") and message in lines[0]
    assert str(bad.name) in lines[0]
    assert "Traceback" not in proc.stderr
    assert good.read_text() == '{"keep": true}'
    assert sorted(p.name for p in out.iterdir()) == ["kept.json"]


def test_out_that_is_a_file_is_one_clear_line_and_the_file_is_kept(tmp_path):
    thread = tmp_path / "t.txt"
    thread.write_text("Cities should ban cars.\n\nNo, buses need roads too.\n")
    out = tmp_path / "maps"
    out.write_text("my notes")
    proc = run_cli("build", str(thread), "--out", str(out))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a folder" in lines[0] and "Traceback" not in proc.stderr
    assert out.read_text() == "my notes"


def test_info_says_how_many_replies_argmap_could_not_place(tmp_path, capsys):
    amap = tiny_map()
    path = tmp_path / "tiny.json"
    write_map(amap, path)
    assert main(["info", str(path)]) == 0
    assert "unsure" not in capsys.readouterr().out  # parents known
    comments = tuple(replace(c, parent_confidence=0.2 if c.id == "c2" else 0.9)
                     for c in amap.thread.comments)
    write_map(replace(amap, thread=replace(amap.thread, comments=comments)), path)
    assert main(["info", str(path)]) == 0
    assert "  unsure: argmap is unsure who answers whom for 1 of 4 comments" \
        in capsys.readouterr().out


def test_info_on_a_file_that_is_not_a_map(tmp_path, capsys):
    bogus = tmp_path / "x.json"
    bogus.write_text('{"hello": 1}')
    assert main(["info", str(bogus)]) == 2
    assert "not an argmap map" in capsys.readouterr().err


def test_search_without_an_index_says_so(tmp_path, capsys):
    assert main(["search", "anything", "--maps", str(tmp_path)]) == 2
    assert "no search index" in capsys.readouterr().err


def test_help_names_every_command():
    proc = run_cli("--help")
    assert proc.returncode == 0
    for cmd in ("build", "search", "info"):
        assert cmd in proc.stdout


def test_the_argmap_command_works_from_any_folder(tmp_path):
    """`make` installs argmap into .venv (editable), so `argmap` runs outside the repository
    too, where `python -m argmap` would find no module."""
    import argmap

    command = Path(sys.executable).parent / "argmap"
    assert command.exists(), f"no {command}: run `make test`, which installs argmap into .venv"
    (tmp_path / "t.txt").write_text("", encoding="utf-8")
    proc = subprocess.run([str(command), "--version"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and argmap.__version__ in proc.stdout, proc.stderr
    # the code it runs is this checkout's, not a copy taken at install time
    proc = subprocess.run([sys.executable, "-c", "import argmap; print(argmap.__file__)"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert Path(proc.stdout.strip()).resolve() == (ROOT / "argmap" / "__init__.py").resolve()
    # and it answers bad input there as it does here: one line, exit 2
    proc = subprocess.run([str(command), "build", "t.txt", "--out", "m"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
