"""The benchmark's synthetic threads: deterministic, exact in size, and valid threads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.read import read_text
from bench import gen

DATA = Path(__file__).resolve().parent / "fixtures" / "bench_data"
SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "lesswrong-agentic-misalignment.txt"


@pytest.fixture(scope="module")
def pools():
    return gen.load_pools(DATA, SAMPLE)


def test_pools_hold_real_trees_and_topics(pools):
    assert len(pools.trees) == 2
    bridge = next(t for t in pools.trees if "bridge" in t.texts[0])
    # the reply to a reply hangs under its parent, not under the root
    assert bridge.parents[bridge.texts.index("Both ways, I drove past this morning.")] == (
        bridge.texts.index("Is it closed both ways or only northbound?")
    )
    assert set(pools.topics) == {
        "argkp:Cities should ban cars from their centres", "argkp:Homework should be abolished",
        "claim-stance:Nuclear power should be expanded",
    }


def test_same_size_and_seed_give_the_same_thread(pools):
    a, b = gen.generate(300, pools, seed=3), gen.generate(300, pools, seed=3)
    assert gen.to_text(a) == gen.to_text(b)
    assert gen.to_json(a, "t") == gen.to_json(b, "t")
    assert gen.to_text(gen.generate(300, pools, seed=4)) != gen.to_text(a)


@pytest.mark.parametrize("n", [1, 7, 60, 300])
def test_thread_has_exactly_n_comments_in_one_valid_tree(pools, n):
    comments = gen.generate(n, pools)
    assert len(comments) == n
    ids = [c.id for c in comments]
    assert len(set(ids)) == n
    seen: set[str] = set()
    roots = 0
    for c in comments:  # reading order: a parent always comes before its replies
        if c.parent_id is None:
            roots += 1
        else:
            assert c.parent_id in seen
        seen.add(c.id)
        assert c.paragraphs and all(p.strip() and "\n" not in p for p in c.paragraphs)
    assert roots == 1


def test_quotes_repeat_the_parent_and_duplicates_repeat_a_paragraph(pools):
    comments = gen.generate(600, pools)
    by_id = {c.id: c for c in comments}
    quoting = [c for c in comments if c.quote_of]
    duplicating = [c for c in comments if c.duplicate_of]
    assert 0.08 * 600 < len(quoting) < 0.3 * 600
    assert duplicating
    for c in quoting:
        assert c.quote_of == c.parent_id
        assert c.paragraphs[0] in by_id[c.parent_id].text
    for c in duplicating:
        assert c.paragraphs[-1] in by_id[c.duplicate_of].paragraphs


def test_files_are_what_argmap_reads(pools, tmp_path):
    paths = gen.write_thread(120, tmp_path, pools)
    text = paths["text"].read_text(encoding="utf-8")
    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert len(doc["comments"]) == 120
    paragraphs = sum(c["text"].count("\n") + 1 for c in doc["comments"])
    # one paragraph a line, as in the sample dump, and argmap's reader takes it
    assert len(text.splitlines()) == paragraphs
    thread = read_text(text, source=str(paths["text"]))
    assert 0 < len(thread.comments) <= paragraphs


def _row(comments: int, cold: float, peak: float) -> dict:
    return {"comments": comments, "units": comments * 2, "cold_s": cold, "units_per_s": 1.0,
            "peak_build_mb": peak, "rss_models_mb": 700.0, "ref_spacy_s": cold / 4,
            "ref_encode_s": cold / 4, "overhead": 2.0, "overhead_without_stance": 1.2,
            "load_spacy_s": 1.0, "load_embedder_s": 1.0,
            "stages": {"mine": cold / 4, "stance": cold / 4, "embed": cold / 2}}


def test_report_flags_a_quadratic_doubling_and_states_the_gap():
    from bench import report

    data = {
        "machine": {"cpu": "x", "cores": 2, "memory": "1 GiB", "os": "linux", "python": "3.11",
                    "load": "0", "versions": {}},
        "command": "python -m bench --sizes 1000,2000", "sizes": [1000, 2000], "seed": 0,
        "threads": 1, "total_s": 1.0, "coldstart": None, "onnx": None,
        "rows": {"1000": _row(1000, 10.0, 1000.0), "2000": _row(2000, 40.0, 1500.0),
                 "sample": {"error": "over the 60s limit"}},
        "corpus": {"threads": 200, "comments": 1659, "link_s": 3.0, "rerun_s": 4.0,
                   "peak_mb": 1000, "engines": {"--jobs 1": 120.0, "--jobs 2": 150.0}},
    }
    verdicts = {t[0]: (t[1], t[3]) for t in report.targets(data)}
    assert verdicts["--jobs 2 vs --jobs 1 on 200 threads"] == (0.8, "no")
    assert verdicts["worst doubling, time"] == (4.0, "no")
    assert verdicts["worst doubling, peak memory"] == (1.5, "yes")
    assert verdicts["overhead ratio, 2000 comments"] == (2.0, "no")
    # the stance model is stated apart from the floor it is not part of
    assert verdicts["overhead ratio without the stance stage, 2000 comments"] == (1.2, "yes")
    text = report.render(data, "## Notes\nby hand")
    assert "over the 60s limit" in text and text.rstrip().endswith("by hand")
    assert "--jobs 2 is **0.80×** --jobs 1" in text


def test_report_states_the_small_threads_runs_and_keeps_them_out_of_the_doublings():
    from bench import report

    small = {**_row(200, 3.0, 900.0), "overhead": 1.2, "overhead_runs": [1.1, 1.2, 1.4]}
    data = {
        "machine": {"cpu": "x", "cores": 2, "memory": "1 GiB", "os": "linux", "python": "3.11",
                    "load": "0", "versions": {}},
        "command": "python -m bench", "sizes": [1000, 2000], "seed": 0, "threads": 1,
        "total_s": 1.0, "coldstart": None, "onnx": None, "corpus": None,
        "rows": {"200 text": small, "1000": _row(1000, 10.0, 1000.0),
                 "2000": _row(2000, 20.0, 1100.0)},
    }
    verdicts = {t[0]: (t[1], t[3]) for t in report.targets(data)}
    assert verdicts["overhead ratio, 200 text comments (median of 3 runs: 1.10, 1.20, 1.40)"] \
        == (1.2, "yes")
    assert verdicts["worst doubling, time"] == (2.0, "yes")  # 200 is not a doubling step
    assert "200 text" in report.render(data, "")


def test_the_real_reddit_thread_keeps_every_text_and_reply_under_one_post(tmp_path):
    src = [json.loads(line) for line in
           (DATA / "coarse-discourse" / "threads.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = gen.write_reddit(7, tmp_path, DATA)
    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    # the largest threads first (4 and 3 comments) until there are 7, plus the post
    assert len(doc) == 8 and doc[0]["parent_id"] is None
    ids = {c["id"] for c in doc}
    assert all(c["parent_id"] in ids for c in doc[1:])
    by_id = {c["id"]: c for c in doc}
    for t in src[0], src[2]:  # t3_bus and t3_tram: every comment, its text and its parent
        for c in t["comments"]:
            mine = by_id[f"{t['thread_id']}:{c['id']}"]
            assert mine["text"] == c["text"]
            assert mine["parent_id"] == (f"{t['thread_id']}:{c['parent_id']}"
                                         if c["parent_id"] else "r0")
    assert not any(k.startswith("t3_park") for k in ids)
    # the page copy: one paragraph a line, and argmap reads it
    text = paths["text"].read_text(encoding="utf-8")
    assert "Traffic lights are." in text.splitlines()
    assert 0 < len(read_text(text, source=str(paths["text"])).comments) <= len(text.splitlines())
    assert gen.write_reddit(7, tmp_path / "again", DATA)["json"].read_bytes() == (
        paths["json"].read_bytes())
