"""The points model embeds units: arguments that make one point lie together.

The debate below was written for this test: three points on banning cars from a city
centre's streets (two for, one against), each said three ways with few words in common.
"""

from __future__ import annotations

import pytest

from argmap import index, themes
from argmap.errors import ArgmapError
from argmap.settings import (
    BUNDLED_EMBEDDER,
    POINTS_EMBEDDER,
    Settings,
    _embedder_path,
    load_embedder,
    tuning,
)

POINTS = {
    "safety": [
        "Fewer cars in the centre means fewer children hit on their way to school.",
        "Pedestrians and cyclists could finally cross the main streets without fear.",
        "Road accidents downtown would drop sharply once vehicles are kept out.",
    ],
    "shops": [
        "Small shops in the centre would lose the customers who can only come by car.",
        "Retailers downtown depend on drivers; a ban would empty their tills.",
        "Businesses in the old town would go bust without shoppers arriving by car.",
    ],
    "air": [
        "The air in the centre would be cleaner without exhaust fumes.",
        "Asthma attacks near busy roads would fall if engines were banned there.",
        "Tailpipe pollution is what makes breathing in the city centre so unhealthy.",
    ],
}


KEY_POINTS = ["Banning cars makes the centre's streets safer.",
              "A ban would hurt the shops in the centre.",
              "A ban would make the air in the centre cleaner."]


def test_the_points_model_groups_arguments_by_the_point_they_make(models):
    """What it was trained for, on a debate it never saw: each argument lies nearest the
    key point it makes. (How much better than the bundled model it does this is
    measured, not asserted: on ArgKP's held-out motions and on PERSPECTRUM's paraphrase
    clusters, docs/themes.md; these nine arguments both models place right.)"""
    texts = [t for ts in POINTS.values() for t in ts]
    groups = [g for g, ts in enumerate(POINTS.values()) for _ in ts]
    vectors = models.embedder.encode(texts, normalize_embeddings=True)
    key_points = models.embedder.encode(KEY_POINTS, normalize_embeddings=True)
    assert list((vectors @ key_points.T).argmax(axis=1)) == groups


def test_the_default_embeds_units_with_the_points_model_and_reads_with_minilm(models):
    assert Settings().embed_model == POINTS_EMBEDDER
    text = ["The scenario is unrealistic, so the experiment tells us little."]
    reader = models.reader_embedder.encode(text, normalize_embeddings=True)[0]
    minilm = load_embedder(BUNDLED_EMBEDDER, models.settings.dtype).encode(
        text, normalize_embeddings=True)[0]
    unit = models.embedder.encode(text, normalize_embeddings=True)[0]
    # the reader's models were fitted on MiniLM's similarities: it keeps reading with it
    assert float(reader @ minilm) > 0.999
    assert float(unit @ minilm) < 0.98  # the units' model is another one
    assert Settings().reader_key.startswith(BUNDLED_EMBEDDER)


def test_a_build_records_the_points_model_and_its_tuning(sample_build):
    folder, result = sample_build
    settings = result.map.meta["settings"]
    assert settings["embed_model"] == POINTS_EMBEDDER
    assert settings["theme_lexical_weight"] == tuning(POINTS_EMBEDDER).theme_lexical_weight
    from argmap import store

    assert store.embed_model(folder) == POINTS_EMBEDDER


def test_each_model_has_its_own_tuning_and_a_path_gets_the_bundled_ones():
    points, bundled = tuning(POINTS_EMBEDDER), tuning(BUNDLED_EMBEDDER)
    assert (points.theme_lexical_weight, points.search_lexical_weight) == (0.0, 0.1)
    assert (bundled.theme_lexical_weight, bundled.search_lexical_weight) == (1.0, 0.2)
    assert tuning("/some/other/model") == bundled and tuning(None) == bundled


def test_a_search_of_a_points_index_weighs_keywords_as_tuned(tmp_path, models):
    from argmap.store import open_index

    db = open_index(tmp_path / "index.sqlite")
    texts = ["Bollards at every corner keep delivery vans off the pavement.",
             "Cleaner air is the best reason to close the centre to cars.",
             "Shops will lose trade if nobody can park nearby."]
    vecs = models.embedder.encode(texts, normalize_embeddings=True)
    index.index_rows(db, "d", [(f"u{i}", f"c{i}", None, t, "claim", "", None, v, None)
                               for i, (t, v) in enumerate(zip(texts, vecs, strict=True))],
                     model=POINTS_EMBEDDER)
    query = "bollards"
    qv = models.embedder.encode([query], normalize_embeddings=True)[0]
    hits = index.search(db, query, qv, top=3)
    top = next(h for h in hits if h.unit_id == "u0")
    # the one unit that says "bollards" gets the whole keyword share, at the points weight
    assert top.score == pytest.approx(top.similarity + 0.1, abs=1e-3)


def test_its_cache_name_changes_with_its_weights(monkeypatch, tmp_path):
    """A retrained points model under the same name must not be served its
    predecessor's cached vectors."""
    import argmap.settings as settings

    key = Settings(precision="fp32").embed_key
    assert key.startswith(f"{POINTS_EMBEDDER}:") and len(key) > len(POINTS_EMBEDDER) + 8
    (tmp_path / "weights.safetensors").write_bytes(b"other weights")
    monkeypatch.setattr(settings, "POINTS_DIR", tmp_path)
    settings._points_digest.cache_clear()
    try:
        assert Settings(precision="fp32").embed_key != key
        assert Settings(precision="bf16").embed_key.endswith("@bf16")
    finally:
        settings._points_digest.cache_clear()


def test_the_points_model_needs_its_weights(monkeypatch, tmp_path):
    import argmap.settings as settings

    monkeypatch.setattr(settings, "POINTS_DIR", tmp_path)
    with pytest.raises(ArgmapError, match="points model's weights are missing"):
        _embedder_path(POINTS_EMBEDDER)


def test_a_name_or_talk_about_the_talk_never_labels_a_theme(models):
    """"See also this response from Sam Marks" names who; "this twitter thread" and "a
    fair point" name the discussion itself: none says what a theme is about."""
    docs = list(models.nlp.pipe([
        "See this twitter thread where I discuss subversion in more detail.",
        "That is a fair point about parking fees in the old town.",
    ]))
    found = {p for d in docs for p in themes._phrases(d)}
    assert "twitter thread" not in found and "fair point" not in found, found
    assert "parking fees" in found and "subversion" in found, found
    assert themes._is_name("Sam Marks") and themes._is_name("Claude")
    assert not themes._is_name("API access") and not themes._is_name("self-preservation")
