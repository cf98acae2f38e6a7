"""Shared fixtures: models load once per session; the sample debate is built once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "lesswrong-agentic-misalignment.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def models():
    from argmap.settings import Models, Settings

    m = Models(Settings())
    _ = (m.nlp, m.embedder)  # load both now, once
    return m


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, models):
    """The sample debate built by the real pipeline into a temp maps folder."""
    from argmap.pipeline import build_file

    out = tmp_path_factory.mktemp("maps")
    src = out / "in" / SAMPLE.name
    src.parent.mkdir()
    shutil.copy(SAMPLE, src)
    result = build_file(src, out, models.settings, models)
    return out, result
