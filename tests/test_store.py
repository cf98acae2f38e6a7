"""The maps folder and its one owner (argmap.store): nothing lost, no phantom rows, one line.

Maps here are hand-built (tests/builders.py) and embedded by the bundled model in
numpy (argmap.query_embed), so no model library loads; the disk-full test runs a real
build and is slow.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import sqlite3
import subprocess
import time
import urllib.parse
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from argmap import store
from argmap.cli import main
from argmap.errors import ArgmapError
from argmap.query_embed import encoder_for
from argmap.settings import BUNDLED_EMBEDDER
from tests.builders import pair_map, synthetic_map, tiny_map
from tests.conftest import ROOT, SAMPLE


def _named(amap, name: str):
    return replace(amap, meta={**amap.meta, "debate": name, "input_hash": f"h-{name}",
                               "settings": {"embed_model": BUNDLED_EMBEDDER}})


def build_folder(folder: Path) -> dict[str, np.ndarray]:
    """Three debates saved through the store, as a build saves them; their vectors."""
    enc = encoder_for(BUNDLED_EMBEDDER)
    vectors = {}
    for amap in (_named(tiny_map(), "tiny"), _named(pair_map(), "pets"),
                 _named(synthetic_map(30, seed=1), "synth")):
        vecs = enc.encode([u.text for u in amap.units])
        store.save_map(folder, amap, vecs, "<html></html>")
        store.record_build(folder, amap.name, amap.meta["input_hash"])
        vectors[amap.name] = vecs
    return vectors


def rows(folder: Path) -> dict[tuple[str, str], tuple[str, bytes]]:
    db = sqlite3.connect(store.index_path(folder))
    try:
        return {(d, u): (t, v) for d, u, t, v in
                db.execute("SELECT debate, unit_id, text, vec FROM units")}
    finally:
        db.close()


def indexed(folder: Path) -> set[str]:
    """The debates with rows in the folder's index (none if it has no tables yet)."""
    if not store.index_path(folder).exists():
        return set()
    db = sqlite3.connect(store.index_path(folder))
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name='units'").fetchone():
            return set()
        return {r[0] for r in db.execute("SELECT DISTINCT debate FROM units")}
    finally:
        db.close()


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size, p.read_bytes())
            for p in sorted(folder.iterdir()) if p.is_file()}


def cli_hits(folder: Path, query: str, capsys, *args: str) -> list[dict]:
    import json

    assert main(["search", query, "--maps", str(folder), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "maps"
    build_folder(f)
    return f


def test_an_older_schema_index_is_rebuilt_with_nothing_lost(folder, capsys):
    before = rows(folder)
    assert len(before) == sum(len(store.load_map(p).units) for p in store.map_files(folder))
    hits_before = cli_hits(folder, "cars in shops", capsys)
    db = sqlite3.connect(store.index_path(folder))
    db.execute("PRAGMA user_version=2")  # as an older argmap left it
    db.commit()
    db.close()
    db = store.open_writer(folder)
    db.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "schema 2" in err and "index.sqlite.schema2" in err, err
    after = rows(folder)
    assert after.keys() == before.keys()
    assert all(after[k][1] == before[k][1] for k in before)  # the very vectors
    kept = sqlite3.connect(folder / "index.sqlite.schema2")
    assert kept.execute("SELECT count(*) FROM units").fetchone()[0] == len(before)
    kept.close()
    assert store.built_hashes(folder) == {"tiny": "h-tiny", "pets": "h-pets", "synth": "h-synth"}
    assert cli_hits(folder, "cars in shops", capsys) == hits_before


@pytest.mark.parametrize("damage", ["random", "truncated"])
def test_a_damaged_index_is_moved_aside_and_rebuilt_with_one_line(folder, capsys, damage):
    before = rows(folder)
    hits_before = cli_hits(folder, "cars in shops", capsys, "--top", "5")
    store.write_claims(folder, [{"id": "k1", "text": "Cars should go.", "debates": 2,
                                 "rebutted_in": 1, "occurrences": [
        {"debate": "tiny", "unit_id": "a", "text": "Cars should go.", "rebutted": True},
        {"debate": "pets", "unit_id": "c1.u1", "text": "Cats are best.", "rebutted": False}]}])
    path = store.index_path(folder)
    if damage == "random":
        path.write_bytes(np.random.default_rng(0).bytes(40_000))
    else:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    assert main(["search", "cars in shops", "--maps", str(folder), "--json", "--top", "5"]) == 0
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "damaged" in err and "index.sqlite.damaged" in err, err
    assert "Traceback" not in err
    assert (folder / "index.sqlite.damaged").exists()
    after = rows(folder)
    assert after.keys() == before.keys()
    for k in before:  # re-embedded by the same model: the same vectors, near enough
        a, b = (np.frombuffer(x[1], dtype=np.float32) for x in (after[k], before[k]))
        assert float(a @ b) > 0.999
    db = store.open_reader(folder)  # `argmap link`'s claims come back from claims.json
    assert db.execute("SELECT claim_id, debate, unit_id, rebutted FROM claims ORDER BY debate"
                      ).fetchall() == [("k1", "pets", "c1.u1", 0), ("k1", "tiny", "a", 1)]
    db.close()
    import json

    hits = json.loads(out)
    assert [(h["debate"], h["unit_id"]) for h in hits] == \
        [(h["debate"], h["unit_id"]) for h in hits_before]


def test_a_read_only_folder_can_be_searched_and_is_not_changed(folder, capsys, tmp_path):
    hits = cli_hits(folder, "cars in shops", capsys)
    assert hits
    before = snapshot(folder)
    os.chmod(folder, 0o555)
    try:
        # root ignores the mode bits: then "read-only" is checked as "nothing changed"
        assert cli_hits(folder, "cars in shops", capsys) == hits
        assert snapshot(folder) == before
    finally:
        os.chmod(folder, 0o755)
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "--bind", str(folder), str(ro)],
                                           capture_output=True).returncode != 0:
        return  # no bind mount here: the mode-bit check above is the test
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=True)
        with pytest.raises(OSError):
            (ro / "probe").write_text("x")  # the mount really is read-only
        assert cli_hits(ro, "cars in shops", capsys) == hits
        assert not capsys.readouterr().err
    finally:
        subprocess.run(["umount", str(ro)], check=True)
    assert snapshot(folder) == before


def test_a_read_only_folder_with_a_damaged_index_is_one_line(folder, capsys, tmp_path):
    store.index_path(folder).write_bytes(b"not a database at all" * 100)
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "--bind", str(folder), str(ro)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs a read-only bind mount (root)")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=True)
        assert main(["search", "cars", "--maps", str(ro)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "read-only" in err and "Traceback" not in err
    finally:
        subprocess.run(["umount", str(ro)], check=True)


def test_a_build_killed_after_indexing_leaves_no_phantom_rows(folder, capsys):
    # a map deleted after its rows were committed: what a kill between the two leaves
    # when the index is written first, or a user removing a map by hand
    (folder / "pets.json").unlink()
    # a reader cannot sweep, but never offers a hit without its map
    assert all(h["debate"] != "pets" for h in cli_hits(folder, "dogs are best", capsys))
    stale = folder / ".pets.json.abc123.tmp"
    fresh = folder / ".tiny.json.def456.tmp"
    stale.write_text("half a map")
    fresh.write_text("a write in progress")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    db = store.open_writer(folder)
    try:
        debates = {r[0] for r in db.execute("SELECT DISTINCT debate FROM units")}
        built = {r[0] for r in db.execute("SELECT debate FROM builds")}
    finally:
        db.close()
    assert debates == built == {"tiny", "synth"}
    assert not stale.exists() and fresh.exists()


def test_the_map_is_written_before_it_is_indexed(tmp_path, monkeypatch):
    """A failure while indexing leaves the new map on disk and no rows without it."""
    from argmap import index

    seen = []

    def index_map(db, amap, vectors):
        seen.append(store.map_path(tmp_path, amap.name).exists())
        raise KeyboardInterrupt  # killed while indexing

    monkeypatch.setattr(store, "index_map", index_map)
    amap = _named(tiny_map(), "tiny")
    with pytest.raises(KeyboardInterrupt):
        store.save_map(tmp_path, amap, np.zeros((4, 384), np.float32), "<html></html>")
    assert seen == [True]
    monkeypatch.setattr(store, "index_map", index.index_map)
    assert rows(tmp_path) == {}


def test_a_query_is_embedded_by_the_model_of_the_index(folder, capsys):
    assert store.embed_model(folder) == BUNDLED_EMBEDDER
    db = sqlite3.connect(store.index_path(folder))
    db.execute("UPDATE meta SET value='no-such-model' WHERE key='embed_model'")
    db.commit()
    db.close()
    with pytest.raises(ArgmapError, match="no-such-model"):
        store.search_maps(folder, "cars")
    assert main(["search", "cars", "--maps", str(folder)]) == 2
    assert "no-such-model" in capsys.readouterr().err


def test_load_map_names_the_file_and_the_reason(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ArgmapError, match=r"bad\.json: not an argmap map"):
        store.load_map(bad)
    with pytest.raises(ArgmapError, match=r"gone\.json: no such map file"):
        store.load_map(tmp_path / "gone.json")


def test_the_app_and_the_cli_search_give_the_same_hits(folder, capsys, monkeypatch):
    from streamlit.testing.v1 import AppTest

    expected = store.close_hits(store.search_maps(folder, "cars in shops", top=6))
    assert [h.__dict__ for h in expected] == \
        [h for h in cli_hits(folder, "cars in shops", capsys, "--top", "6")
         if h["similarity"] >= expected[-1].similarity]
    monkeypatch.setenv("ARGMAP_MAPS", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["view"] = "Search"
    at.query_params["q"] = "cars in shops"
    at.query_params["top"] = "6"
    at.run()
    assert not at.exception
    # each hit carries a share link naming its debate and unit, in the order shown
    links = [dict(urllib.parse.parse_qsl(q)) for m in at.markdown
             for q in re.findall(r"\]\(\?([^)]+)\)", m.value)]
    assert [(q["debate"], q["unit"]) for q in links] == \
        [(h.debate, h.unit_id) for h in expected]


def _import_graph() -> dict[str, set[str]]:
    """argmap's modules and what each imports, function-local imports included."""
    pkg = ROOT / "argmap"
    mods = {}
    for p in pkg.rglob("*.py"):
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    graph = {}
    for name, p in mods.items():
        here = name if p.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps = set()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                deps |= {f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base
                         for a in node.names}
        # a module's own parent packages load first whatever it does: not a circle
        graph[name] = {d for d in deps if d in mods and d != name
                       and not name.startswith(d + ".")}
    return graph


def test_the_import_graph_of_argmap_has_no_circle():
    graph = _import_graph()
    assert graph["argmap.batch"] >= {"argmap.store", "argmap.engines"}  # the graph sees
    assert "argmap.distributed" in graph["argmap.engines"]  # imports inside functions too
    state: dict[str, int] = {}
    circles = []

    def visit(n: str, path: list[str]) -> None:
        state[n] = 1
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                circles.append(path[path.index(m):] + [m])
            elif m not in state:
                visit(m, path + [m])
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    assert circles == []


def _tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


def _fill(disk: Path, leave: int) -> None:
    """Fill `disk` until about `leave` bytes are free."""
    with open(disk / "filler", "wb") as fh:
        while (free := shutil.disk_usage(disk).free) > leave:
            fh.write(b"\0" * min(free - leave, 1 << 20))
            fh.flush()


def test_a_disk_full_build_is_one_line_naming_the_file(tmp_path, models, capsys, monkeypatch):
    from argmap import batch

    monkeypatch.setitem(batch._MODELS, models.settings, models)  # the session's models
    src = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, src)
    roomy = tmp_path / "roomy"
    assert main(["build", str(src), "--out", str(roomy), "--quiet"]) == 0
    size = {p.name: p.stat().st_size for p in roomy.iterdir()}
    cache, html, data = (size["embeddings.sqlite"], size[f"{src.stem}.html"],
                         size[f"{src.stem}.json"])
    named = []
    # room for: half the cache; the cache and half the page; everything but the index
    for leave in (cache // 2, cache + html // 2, cache + html + data + 50_000):
        disk = tmp_path / f"small{leave}"
        if not _tmpfs(disk, "4m"):
            pytest.skip("needs a small tmpfs (mount as root)")
        try:
            _fill(disk, leave)
            out = disk / "maps"
            assert main(["build", str(src), "--out", str(out), "--quiet"]) == 2
            err = capsys.readouterr().err
            lines = err.strip().splitlines()
            assert len(lines) == 1 and "disk" in lines[0] and str(out) in lines[0], err
            assert "Traceback" not in err
            named.append(Path(lines[0].split(": ")[2]).name)
            # every indexed debate has its map (room made first: SQLite needs some to read)
            (disk / "filler").unlink()
            assert all(store.map_path(out, d).exists() for d in indexed(out))
            assert not list(out.glob(".*.tmp"))
        finally:
            subprocess.run(["umount", str(disk)], check=True)
    assert named[0] == "embeddings.sqlite" and named[-1] == "index.sqlite", named


def test_a_map_of_another_model_joins_by_re_embedding_every_debate(folder, capsys):
    """argmap's default embedder changed (2 Dec): a folder built before must take a new
    build, not refuse it, and must keep every debate searchable in one model's space."""
    from argmap.settings import POINTS_EMBEDDER

    before = rows(folder)
    new = replace(tiny_map(), meta={**tiny_map().meta, "debate": "fresh",
                                    "settings": {"embed_model": POINTS_EMBEDDER}})
    points = encoder_for(POINTS_EMBEDDER)
    store.save_map(folder, new, points.encode([u.text for u in new.units]), "<html></html>")
    assert "embedded anew by 'argmap-points'" in capsys.readouterr().err
    assert (folder / "index.sqlite.model").exists()  # the old index, kept aside
    assert store.embed_model(folder) == POINTS_EMBEDDER
    after = rows(folder)
    assert {d for d, _ in after} == {"tiny", "pets", "synth", "fresh"}
    # every old debate's vectors are now the points model's, not the bundled model's
    (d, u), (text, vec) = next((k, v) for k, v in after.items() if k[0] == "pets")
    got = np.frombuffer(vec, dtype=np.float32)
    assert float(got @ points.encode([text])[0]) > 0.999
    assert float(got @ np.frombuffer(before[(d, u)][1], dtype=np.float32)) < 0.99
    assert store.built_hashes(folder)["pets"] == "h-pets"  # what was built stays known
    hits = store.search_maps(folder, before[(d, u)][0], top=3)
    assert hits[0].debate == "pets"
