"""The benchmark's report: a row measured without the floor still gets its line."""

from __future__ import annotations

from bench import report


def _row(comments: int, cold: float, floor: bool) -> dict:
    row = {
        "comments": comments, "units": 2 * comments, "cold_s": cold, "units_per_s": 2.0,
        "peak_build_mb": 900.0 + comments / 10, "rss_models_mb": 700.0,
        "load_spacy_s": 1.0, "load_embedder_s": 5.0, "load_stance_s": 0.5,
        "stages": {"read": cold / 4, "stance": cold / 2, "embed": cold / 4},
        "precision": "fp32",
    }
    if floor:
        row.update(ref_spacy_s=cold / 4, ref_encode_s=cold / 4, encode_ours_s=cold / 5,
                   overhead=2.0, overhead_without_stance=1.0)
    return row


def _data() -> dict:
    return {
        "machine": {"cpu": "test CPU", "cores": 2, "memory": "8 GiB", "os": "test",
                    "python": "3.11", "load": "0.1 0.1 0.1", "load_end": "0.2 0.2 0.2",
                    "versions": {"torch": "x"}},
        "command": "python -m bench", "sizes": [1000], "json_sizes": [5000],
        "rows": {"1000": _row(1000, 40.0, floor=True),
                 "5000 json": _row(5000, 180.0, floor=False)},
        "corpus": None, "coldstart": None, "onnx": None, "total_s": 1.0, "seed": 0,
        "threads": None,
    }


def test_a_row_without_the_floor_shows_its_time_and_memory_and_no_overhead():
    text = report.render(_data())
    line = next(ln for ln in text.splitlines() if ln.startswith("| 5000 json | 5000 "))
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[3] == "180.00" and cells[5] == "1400.00"  # cold s, peak MB
    assert cells[7:12] == ["–"] * 5  # references and overheads: not measured
    # its stages are in the stage table, and only the measured row has an overhead target
    assert any(ln.startswith("| 5000 json | 45.00 | 90.00 |") for ln in text.splitlines())
    targets = [t[0] for t in report.targets(_data())]
    assert any(t.startswith("overhead ratio, 1000 comments") for t in targets)
    assert not any("5000" in t for t in targets)
