"""bf16 where the CPU computes it: the same map to within rounding, and caches kept apart."""

from __future__ import annotations

import json

import numpy as np
import pytest

from argmap.errors import ArgmapError
from argmap.precision import PRECISIONS, cpu_has_bf16, resolve_precision
from argmap.settings import Settings, load_embedder
from tests.conftest import FIXTURES, SAMPLE


def test_precision_names_resolve_and_a_wrong_one_says_what_to_give():
    assert resolve_precision("fp32") == "fp32"
    assert resolve_precision("bf16") == "bf16"
    assert resolve_precision("auto") == ("bf16" if cpu_has_bf16() else "fp32")
    with pytest.raises(ArgmapError, match="unknown precision 'fp16'.*auto, fp32, bf16"):
        resolve_precision("fp16")
    assert PRECISIONS[0] == "auto"


def test_fp32_keeps_the_plain_cache_name_and_bf16_gets_its_own():
    bundled = Settings(precision="fp32", embed_model="all-MiniLM-L6-v2")
    assert bundled.embed_key == "all-MiniLM-L6-v2"  # caches of earlier builds stay valid
    assert Settings(precision="bf16").embed_key.endswith("@bf16")
    assert Settings(precision="bf16").describe()["precision"] == "bf16"


def test_bf16_embeddings_are_unit_length_repeatable_and_close_to_fp32(models):
    texts = [line[:400] for line in SAMPLE.read_text("utf-8").splitlines() if line.strip()]
    fp32 = load_embedder(models.settings.embed_model, "fp32")
    bf16 = load_embedder(models.settings.embed_model, "bf16")
    a = fp32.encode(texts, normalize_embeddings=True)
    b = bf16.encode(texts, normalize_embeddings=True)
    assert np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(b, bf16.encode(texts, normalize_embeddings=True))
    assert not np.array_equal(a, b)  # it really ran in bf16
    assert (a * b).sum(axis=1).min() >= 0.995


@pytest.mark.slow
def test_bf16_stance_gives_the_fp32_answers():
    from argmap.stance import HybridClassifier

    pairs = [
        ("Raising the minimum wage helps workers.", "Nearly every economist disagrees."),
        ("Remote work makes teams more productive.", "Exactly right."),
        ("Cities should ban cars downtown.", "What about deliveries to shops?"),
        ("Nuclear power is the safest energy source.",
         "The data on deaths per terawatt-hour back this up completely."),
    ]
    fp32 = HybridClassifier(precision="fp32")
    bf16 = HybridClassifier(precision="bf16")
    assert fp32.model_key != bf16.model_key  # cached answers are kept apart
    a, b = fp32.predict(pairs), bf16.predict(pairs)
    assert [r.stance for r in a] == [r.stance for r in b]
    assert np.abs(np.array([r.probabilities for r in a])
                  - np.array([r.probabilities for r in b])).max() < 0.05


@pytest.mark.slow
def test_build_records_its_precision_and_fp32_remains_selectable(tmp_path):
    from argmap.cli import main

    src = FIXTURES / "small-thread.jsonl"
    assert main(["build", str(src), "--out", str(tmp_path), "--precision", "fp32",
                 "--quiet"]) == 0
    meta = json.loads(next(tmp_path.glob("*.json")).read_text("utf-8"))["meta"]
    assert meta["settings"]["precision"] == "fp32"
