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


# Fixtures that load a model: a test that uses one (directly or through another
# fixture) is slow, so `make test-fast` loads no model without anyone remembering
# to mark it.
MODEL_FIXTURES = frozenset({"models", "shipped", "hybrid"})
MODEL_LIBRARIES = ("torch", "spacy", "sentence_transformers", "transformers")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_sessionfinish(session, exitstatus):
    """`-m "not slow"` must stay model-free: fail the run if a model library was imported."""
    if session.config.getoption("markexpr", "") != "not slow":
        return
    import sys

    loaded = [name for name in MODEL_LIBRARIES if name in sys.modules]
    if loaded and exitstatus == 0:
        session.config.get_terminal_writer().line(
            f"test-fast imported {', '.join(loaded)}: a test that loads a model must use a "
            "fixture in MODEL_FIXTURES (tests/conftest.py) or be marked slow", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _fresh_embedding_memo():
    """Each test starts with an empty in-process embedding memo, so counts of encoded
    texts do not depend on which tests ran before."""
    from argmap.embed import clear_memo

    clear_memo()


@pytest.fixture(scope="session")
def models():
    from argmap.settings import Models, Settings

    m = Models(Settings())
    _ = (m.nlp, m.embedder, m.reader_embedder)  # load them now, once
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
