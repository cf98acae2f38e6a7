"""A rebuild runs the stance model only on (target, reply) pairs it has not read before."""

from __future__ import annotations

import json
import sqlite3

import pytest

from argmap import store
from argmap.pipeline import build_file
from argmap.settings import Settings
from tests.conftest import FIXTURES


def _stance_rows_in(path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM emb WHERE model LIKE 'stance:%'").fetchone()[0]
    finally:
        db.close()


def _stance_rows(folder) -> int:
    return _stance_rows_in(store.cache_path(folder))


def _stances(result) -> list[tuple]:
    return [(c.id, c.stance, c.stance_confidence) for c in result.map.thread.comments]


def test_rebuilds_reuse_stance_and_read_only_new_pairs(tmp_path, models):
    lines = (FIXTURES / "small-thread.jsonl").read_text("utf-8").splitlines()
    src = tmp_path / "in" / "thread.jsonl"
    src.parent.mkdir()
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "maps"
    first = build_file(src, out, Settings(), models)
    replies = len(lines) - 1
    assert _stance_rows(out) == replies  # one cached answer per reply

    again = build_file(src, out, Settings(), models)
    assert _stance_rows(out) == replies
    assert _stances(again) == _stances(first)  # the cached answers give the same map
    assert ([(r.source, r.target, r.kind, r.confidence) for r in again.map.relations]
            == [(r.source, r.target, r.kind, r.confidence) for r in first.map.relations])

    # the thread grows by one reply to the last comment: one new pair is read
    last = json.loads(lines[-1])
    grown = lines + [json.dumps({"id": "new", "parent_id": last["id"], "author": "zoe",
                                 "text": "Exactly right, and the buses proved it."})]
    src.write_text("\n".join(grown) + "\n", encoding="utf-8")
    build_file(src, out, Settings(), models)
    assert _stance_rows(out) == replies + 1


@pytest.mark.slow  # loads the stance model afresh: the point is a model loaded lazily
def test_a_classifier_that_has_already_answered_still_caches(tmp_path):
    """The model loads on first use; the cache key must not then mistake it for a model
    handed in without its files (whose answers are never cached). `bench.measure`
    warms the classifier up before building, and its rebuilds ran stance afresh."""
    from argmap.embed import EmbeddingCache
    from argmap.stance import HybridClassifier, with_cache

    clf = HybridClassifier()
    clf.predict([("Buses should be free.", "Yes, fares barely cover the cost.")])
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    try:
        cached = with_cache(clf, cache)
        assert cached.model_key is not None and cached.model_key.startswith("stance:")
        cached.predict([("Buses should be free.", "No, someone has to pay for them.")])
        assert _stance_rows_in(tmp_path / "cache.sqlite") == 1
    finally:
        cache.close()
    # a model handed in without its folder: its files are unknown, so nothing is cached
    assert HybridClassifier(model=clf.model).model_key is None

