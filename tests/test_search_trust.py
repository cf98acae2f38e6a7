"""Search people trust: a relevance floor, one entry per unit, clear errors, a fast query."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from argmap.cli import main
from argmap.errors import ArgmapError
from argmap.index import (
    edge_phrase,
    hit_context,
    in_reply,
    index_map,
    index_model,
    index_rows,
    search,
)
from argmap.model import ArgumentMap, Comment, Relation, Thread, Unit
from argmap.store import open_index
from tests.conftest import ROOT


def test_numpy_query_encoder_matches_sentence_transformers(models):
    from argmap.query_embed import load_numpy_encoder
    from argmap.settings import _embedder_path, _overlay, load_embedder

    name = models.settings.embed_model  # the points model: its layers laid over MiniLM's
    enc = load_numpy_encoder(_embedder_path(name), _overlay(name))
    assert enc is not None
    texts = ["quantum chromodynamics gluon", "Which users though?",
             "The scenario is unrealistic — “naïve” café prompts!", "word " * 400]
    ours = enc.encode(texts)
    # the numpy encoder reimplements the fp32 model (a build may run it in bf16)
    fp32 = load_embedder(models.settings.embed_model, "fp32")
    ref = fp32.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == ref.shape
    assert (ours * ref).sum(axis=1).min() > 0.999


def test_numpy_encoder_declines_a_model_it_cannot_run(tmp_path):
    from argmap.query_embed import load_numpy_encoder

    (tmp_path / "config.json").write_text(json.dumps({"model_type": "mpnet"}))
    assert load_numpy_encoder(tmp_path) is None


def _two_edge_map() -> ArgumentMap:
    """c2 replies to c1 and attacks it: two relations between the same two units."""
    comments = (Comment("c1", "Bike lanes cut traffic deaths.", author="ana"),
                Comment("c2", "They only move traffic elsewhere.", author="bo",
                        parent_id="c1", position=1))
    units = (Unit("c1.u1", "c1", "Bike lanes cut traffic deaths.", theme_id="t1"),
             Unit("c2.u1", "c2", "They only move traffic elsewhere.", theme_id="t1"))
    rels = (Relation("c2.u1", "c1.u1", "reply"), Relation("c2.u1", "c1.u1", "attack"))
    thread = Thread("lanes", "lanes.txt", "test", comments)
    return ArgumentMap(thread, units, rels, (), {"debate": "lanes",
                                                 "settings": {"embed_model": "model-a"}})


def test_a_reply_that_attacks_is_listed_once_as_the_attack(tmp_path, models):
    amap = _two_edge_map()
    vecs = models.embedder.encode([u.text for u in amap.units], normalize_embeddings=True)
    db = open_index(tmp_path / "index.sqlite")
    index_map(db, amap, vecs)
    by_id = {h.unit_id: h for h in search(db, "traffic", vecs[0], top=5)}
    assert by_id["c2.u1"].answers == [{"unit_id": "c1.u1", "kind": "attack",
                                      "text": "Bike lanes cut traffic deaths."}]
    assert [r["kind"] for r in by_id["c1.u1"].answered_by] == ["attack"]
    # said in words: what the hit does, or what is done to it
    assert hit_context(by_id["c2.u1"]) == [("attacks", "Bike lanes cut traffic deaths.")]
    assert hit_context(by_id["c1.u1"])[0][0] == "attacked by"
    assert [edge_phrase(k, True) for k in ("support", "quote", "reply")] == [
        "supported by", "quoted by", "replied to by"]
    assert in_reply("attack") == "in an attacking reply" and in_reply("neutral") == ""
    assert by_id["c1.u1"].similarity == pytest.approx(1.0, abs=1e-3)


def test_the_index_records_its_model_and_refuses_to_mix_another(tmp_path):
    db = open_index(tmp_path / "index.sqlite")
    vec = np.eye(2, 384, dtype=np.float32)
    row = ("u1", "c1", None, "a claim", "claim", "", None, vec[0], None)
    index_rows(db, "one", [row], model="model-a")
    assert index_model(db) == "model-a"
    with pytest.raises(ArgmapError, match="model-a"):
        index_rows(db, "two", [row], model="model-b")
    # the only debate rebuilt with another model replaces the vectors: allowed
    index_rows(db, "one", [row], model="model-b")
    assert index_model(db) == "model-b"
    with pytest.raises(ArgmapError, match="dimensions"):
        search(db, "claim", np.ones(768, dtype=np.float32) / 768**0.5)


def test_an_unrelated_query_answers_no_close_match(sample_build, capsys):
    out, _ = sample_build
    assert main(["search", "quantum chromodynamics gluon", "--maps", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("no close match")
    assert "\n" + "-" * 60 + "\n" in text  # the nearest hits are offered below a line
    assert " 1. [" in text
    assert main(["search", "self-preservation as a motive", "--maps", str(out)]) == 0
    text = capsys.readouterr().out
    assert "no close match" not in text and text.startswith(" 1. [")
    # a pasted essay as the query is echoed in one short line
    assert main(["search", "gluon quark " * 2000, "--maps", str(out)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("no close match for 'gluon quark") and len(first) < 160
    assert "…'" in first


@pytest.mark.parametrize("args, message", [
    (["--debate", "no-such-debate"], "no such debate"),
    (["--maps", "/nonexistent/maps"], "no such folder"),
])
def test_a_debate_or_maps_folder_that_does_not_exist_is_an_error(sample_build, capsys,
                                                                  args, message):
    out, _ = sample_build
    argv = ["search", "user", "--maps", str(out), *args]
    if "--maps" in args:
        argv = ["search", "user", *args]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_cli_query_loads_neither_torch_nor_spacy(sample_build):
    """What makes a query slow is importing the heavy libraries; the search needs neither."""
    out, _ = sample_build
    code = (
        "import sys; from argmap.cli import main; "
        f"rc = main(['search', 'who is the user', '--maps', {str(out)!r}, '--top', '2']); "
        "print('LOADED', sorted(m for m in ('torch', 'spacy', 'sentence_transformers') "
        "if m in sys.modules), rc)"
    )
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert "LOADED [] 0" in res.stdout, res.stdout + res.stderr
