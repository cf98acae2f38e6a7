"""Many threads in one build: dumps split by thread, parallel = serial, resume, linking."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from argmap.batch import plan_jobs, run_jobs
from argmap.corpus import is_dump, records_to_thread, split_dump
from argmap.settings import Settings
from tests.conftest import FIXTURES

DUMP = FIXTURES / "corpus" / "forum-dump.jsonl"


def _maps_without_build_meta(folder: Path) -> dict[str, dict]:
    out = {}
    for p in sorted(folder.glob("*.json")):
        if p.name == "claims.json":
            continue
        data = json.loads(p.read_text())
        data["meta"].pop("timings")
        data["meta"].pop("built_at")
        data["meta"].pop("embedded_fresh", None)
        out[p.name] = data
    return out


def test_dump_is_split_by_thread_streaming_into_a_store(tmp_path):
    assert is_dump(DUMP)
    store, threads = split_dump(DUMP, tmp_path)
    assert [t for t, _ in threads] == ["a", "b", "c"]
    rows = sqlite3.connect(store).execute("SELECT thread, count(*) FROM lines GROUP BY thread")
    assert dict(rows.fetchall()) == {"a": 5, "b": 3, "c": 4}


def test_reddit_records_become_a_tree_with_deleted_and_missing_parents_handled():
    recs = [json.loads(line) for line in DUMP.read_text().splitlines() if line.startswith("{")]
    a = records_to_thread([r for r in recs if r["link_id"] == "t3_a"], title="a", source="a")
    parents = {c.id: c.parent_id for c in a.comments}
    # a4 was deleted: its reply a5 moves up to a4's parent a1
    assert parents == {"a1": None, "a2": "a1", "a3": "a2", "a5": "a1"}
    assert any("no text" in n for n in a.notes)
    c = records_to_thread([r for r in recs if r["link_id"] == "t3_c"], title="c", source="c")
    assert {x.id: x.parent_id for x in c.comments}["c4"] == "c1"  # unknown parent: the root
    assert any("not in the file" in n for n in c.notes)


def test_cycles_are_broken_not_followed_forever():
    recs = [
        {"id": "x", "parent_id": "t1_y", "link_id": "t3_p", "body": "first"},
        {"id": "y", "parent_id": "t1_x", "link_id": "t3_p", "body": "second"},
    ]
    t = records_to_thread(recs, title="p", source="p")
    assert sum(c.parent_id is None for c in t.comments) == 1
    assert {c.id for c in t.comments} == {"x", "y"}


def test_hacker_news_and_lesswrong_records():
    hn = records_to_thread([
        {"id": 1, "story_id": 9, "parent": 9, "by": "pg", "text": "<p>Root <i>point</i></p>"},
        {"id": 2, "story_id": 9, "parent": 1, "by": "dang", "text": "A reply"},
    ], title="hn", source="hn")
    assert [(c.id, c.parent_id, c.author) for c in hn.comments] == [
        ("1", None, "pg"), ("2", "1", "dang")]
    assert "<" not in hn.comments[0].text and "point" in hn.comments[0].text
    lw = records_to_thread([
        {"_id": "r", "postId": "P", "parentCommentId": None, "user": {"displayName": "Zvi"},
         "contents": {"markdown": "Top level."}},
        {"_id": "s", "postId": "P", "parentCommentId": "r", "author": "gwern",
         "htmlBody": "<p>Reply <b>here</b>.</p>"},
    ], title="lw", source="lw")
    assert [(c.id, c.parent_id, c.author) for c in lw.comments] == [
        ("r", None, "Zvi"), ("s", "r", "gwern")]


def test_x_posts_are_split_by_conversation_and_hung_on_what_they_reply_to(tmp_path):
    posts = [
        {"id": "1", "conversation_id": "1", "author_id": "10", "text": "Close the high street."},
        {"id": "7", "conversation_id": "7", "author_id": "12", "text": "Free buses now."},
        {"id": "2", "conversation_id": "1", "author_id": "11", "text": "@a Shops need cars.",
         "referenced_tweets": [{"type": "replied_to", "id": "1"}]},
        {"id": "3", "conversation_id": "1", "author_id": "10", "text": "@b Not in Ghent.",
         "referenced_tweets": [{"type": "quoted", "id": "7"}, {"type": "replied_to", "id": "2"}]},
    ]
    dump = tmp_path / "x.jsonl"
    dump.write_text("".join(json.dumps(p) + "\n" for p in posts), encoding="utf-8")
    assert is_dump(dump)
    store, threads = split_dump(dump, tmp_path / "work")
    assert sorted(t for t, _ in threads) == ["1", "7"]
    t = records_to_thread([p for p in posts if p["conversation_id"] == "1"], title="1", source="1")
    assert [(c.id, c.parent_id, c.author) for c in t.comments] == [
        ("1", None, "10"), ("2", "1", "11"), ("3", "2", "10")]
    # twarc2's flattened lines carry the author as an object: its handle is the name
    flat = [{**p, "author": {"id": p["author_id"], "username": f"u{p['author_id']}"}}
            for p in posts if p["conversation_id"] == "1"]
    t = records_to_thread(flat, title="1", source="1")
    assert [c.author for c in t.comments] == ["u10", "u11", "u10"]


def _close(a, b, path: str = "") -> list[str]:
    """Where two maps differ beyond bf16 rounding: every string, key and count equal,
    numbers within 0.01."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a.keys() ^ b.keys())}"]
        return [d for k in a for d in _close(a[k], b[k], f"{path}/{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in _close(x, y, f"{path}[{i}]")]
    if isinstance(a, float) and isinstance(b, float):
        return [] if abs(a - b) <= 0.01 else [f"{path}: {a} vs {b}"]
    return [] if a == b else [f"{path}: {a!r} vs {b!r}"]


def test_a_map_built_by_other_code_or_another_stance_model_is_not_current(tmp_path):
    """The skip key holds argmap's code and fitted files, not only its version: a map
    built while an experiment sat in the working tree must not outlive its revert."""
    from argmap import batch

    pkg = tmp_path / "pkg"
    (pkg / "read").mkdir(parents=True)
    (pkg / "__pycache__").mkdir()
    (pkg / "mine.py").write_text("RULE = 1\n")
    (pkg / "read" / "reader_model.json").write_text('{"w": 1}')
    (pkg / "weights.safetensors").write_bytes(b"\0" * 64)
    before = batch.tree_hash(pkg)
    (pkg / "weights.safetensors").write_bytes(b"\1" * 64)  # covered by its meta.json
    (pkg / "__pycache__" / "mine.cpython-311.pyc").write_bytes(b"x")
    assert batch.tree_hash(pkg) == before
    (pkg / "read" / "reader_model.json").write_text('{"w": 2}')
    assert batch.tree_hash(pkg) != before
    assert len(batch.code_fingerprint()) == 16

    folder = tmp_path / "my-stance"
    folder.mkdir()
    (folder / "combiner.json").write_text('{"temperature": 1.5}')
    first = batch.settings_hash(Settings(stance_model=str(folder)))
    (folder / "combiner.json").write_text('{"temperature": 1.2}')
    assert batch.settings_hash(Settings(stance_model=str(folder))) != first
    assert batch.settings_hash(Settings()) == batch.settings_hash(Settings())


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["fp32", "auto"])
def test_parallel_build_equals_serial_and_reruns_skip(tmp_path, precision):
    """--jobs 2 maps what --jobs 1 maps. In fp32 the maps are equal to the byte. In
    bf16 (what "auto" picks on a CPU with bf16 arithmetic) a worker computes on its
    share of the cores, and bf16 matrix products on a different number of threads
    differ in the third decimal: the same maps, up to that rounding."""
    settings = Settings(precision=precision)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    jobs = plan_jobs([DUMP], serial, settings)
    assert [j.name for j in jobs] == [f"forum-dump--{t}" for t in "abc"]
    out1 = run_jobs(jobs, serial, settings, workers=1)
    assert [o.status for o in out1] == ["built"] * 3
    out2 = run_jobs(plan_jobs([DUMP], parallel, settings), parallel, settings, workers=2)
    assert [o.status for o in out2] == ["built"] * 3
    a, b = _maps_without_build_meta(serial), _maps_without_build_meta(parallel)
    if settings.dtype == "fp32":
        assert a == b
    else:
        assert not _close(a, b), _close(a, b)
    again = run_jobs(plan_jobs([DUMP], serial, settings), serial, settings, workers=1)
    assert [o.status for o in again] == ["skipped"] * 3


@pytest.mark.slow
def test_interrupted_build_resumes_and_one_bad_thread_does_not_stop_the_rest(tmp_path):
    settings = Settings()
    src = tmp_path / "in"
    src.mkdir()
    for name in ("one", "two"):
        shutil.copy(FIXTURES / "corpus" / "short-thread.txt", src / f"{name}.txt")
    (src / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    out = tmp_path / "maps"
    first = run_jobs(plan_jobs([src / "one.txt"], out, settings), out, settings)
    assert [o.status for o in first] == ["built"]  # as if the build stopped after one thread
    rest = run_jobs(plan_jobs([src], out, settings), out, settings)
    status = {o.name: o.status for o in rest}
    assert status == {"broken": "failed", "one": "skipped", "two": "built"}
    assert "binary" in next(o.reason for o in rest if o.name == "broken")
    (src / "two.txt").write_text((src / "two.txt").read_text() + "\nOne more remark here.\n")
    status = {o.name: o.status for o in run_jobs(plan_jobs([src], out, settings), out, settings)}
    assert status["two"] == "built" and status["one"] == "skipped"


@pytest.mark.slow
def test_claims_are_linked_across_debates(tmp_path, models, capsys):
    from argmap.cli import main
    from argmap.link import link_claims, link_themes

    settings = Settings()
    run_jobs(plan_jobs([DUMP], tmp_path, settings), tmp_path, settings)
    claims = link_claims(tmp_path)
    linked = [c for c in claims if {o.debate for o in c.occurrences}
              >= {"forum-dump--a", "forum-dump--c"}]
    assert linked, [c.text for c in claims]
    texts = " ".join(o.text for o in linked[0].occurrences).lower()
    assert texts.count("remote work") == 2 and "productive" in texts
    assert not any(o.debate == "forum-dump--b" for o in linked[0].occurrences)
    stored = json.loads((tmp_path / "claims.json").read_text())
    assert stored[0]["debates"] >= 2
    assert main(["search", "remote work raises productivity", "--maps", str(tmp_path),
                 "--group", "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)
    top = groups[0]
    assert top["claim_id"] == linked[0].id and top["debates"] >= 2
    assert len({o["debate"] for o in top["occurrences"]}) == top["debates"]
    themes = link_themes(tmp_path)
    remote = [ms for ms in themes.values()
              if {m["debate"] for m in ms} >= {"forum-dump--a", "forum-dump--c"}]
    assert remote, themes  # the remote-work theme of a and c gets one corpus theme id
    assert all(m["debate"] != "forum-dump--b" for m in remote[0])


@pytest.mark.slow
def test_ray_engine_writes_the_same_maps_as_a_local_build(tmp_path):
    settings = Settings()
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    run_jobs(plan_jobs([DUMP], local, settings), local, settings, workers=1)
    out = run_jobs(plan_jobs([DUMP], on_ray, settings), on_ray, settings, workers=2, engine="ray")
    assert [o.status for o in out] == ["built"] * 3, [o.reason for o in out]
    assert _maps_without_build_meta(local) == _maps_without_build_meta(on_ray)
    local_html = {p.name: p.read_text() for p in local.glob("*.html")}
    assert local_html == {p.name: p.read_text() for p in on_ray.glob("*.html")}


def test_ray_engine_without_ray_says_how_to_install(tmp_path, monkeypatch):
    import sys

    from argmap.batch import Job
    from argmap.errors import ArgmapError

    monkeypatch.setitem(sys.modules, "ray", None)  # as on a default install
    job = Job("x", "h", path=FIXTURES / "corpus" / "short-thread.txt")
    with pytest.raises(ArgmapError, match="requirements-ray.txt"):
        run_jobs([job], tmp_path, Settings(), engine="ray")
