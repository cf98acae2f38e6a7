"""The Streamlit app, driven as a user would with AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow


@pytest.fixture
def app(sample_build, monkeypatch):
    out, _ = sample_build
    monkeypatch.setenv("ARGMAP_MAPS", str(out))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    return at.run()


def test_app_lists_the_sample_debate(app):
    assert not app.exception
    assert SAMPLE.stem in app.sidebar.radio[0].options
    assert app.title[0].value


def test_app_search_returns_results(app):
    app.text_input(key="query").input("self-preservation as a motive").run()
    assert not app.exception
    texts = " ".join(t.value for t in app.text)
    assert "self-preservation" in texts.lower()


def test_app_without_maps_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGMAP_MAPS", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py")).run()
    assert not at.exception
    assert "make maps" in at.info[0].value
