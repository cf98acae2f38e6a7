"""The embedding cache: hits skip the model, changed text is re-embedded."""

from __future__ import annotations

import numpy as np
import pytest

from argmap.embed import EmbeddingCache, embed_texts

pytestmark = pytest.mark.slow


def test_cache_hit_miss_and_changed_text(tmp_path, models):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    texts = ["Refusals are not subversion.", "The scenario is unrealistic."]
    a, fresh = embed_texts(texts, models.embedder, model_name="m", cache=cache)
    assert fresh == 2 and a.shape == (2, 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    b, fresh = embed_texts(texts, models.embedder, model_name="m", cache=cache)
    assert fresh == 0 and np.array_equal(a, b)
    c, fresh = embed_texts([texts[0], "The scenario is realistic."], models.embedder,
                           model_name="m", cache=cache)
    assert fresh == 1 and np.array_equal(c[0], a[0]) and not np.allclose(c[1], a[1])


def test_corrupted_cache_file_is_set_aside(tmp_path, models):
    path = tmp_path / "e.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = EmbeddingCache(path)
    vecs, fresh = embed_texts(["hello"], models.embedder, model_name="m", cache=cache)
    assert fresh == 1 and vecs.shape == (1, 384)
    assert path.with_suffix(".corrupt").exists()
