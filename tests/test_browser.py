"""The app in a real browser: `streamlit run app.py` driven by headless Chromium.

Uses the system Chromium (`make test` installs it when missing), never a browser
download of Playwright's own. Screenshots go to $ARGMAP_SCREENSHOTS when set (that
is how the README's pictures are made), else to the test's temp folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.builders import PAINTED
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(folder: Path, tmp_path: Path):
    """A running `streamlit run app.py` on `folder`, on a free localhost port; always
    stopped after."""
    port = free_port()
    env = {**os.environ, "ARGMAP_MAPS": str(folder),
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "OMP_NUM_THREADS": "1"}
    log = open(tmp_path / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{(tmp_path / 'streamlit.log').read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=15)
        log.close()


@pytest.fixture
def server(sample_build, tmp_path):
    with serve(sample_build[0], tmp_path) as url:
        yield url


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make test`, which installs it")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            pg = browser.new_page(viewport={"width": 1400, "height": 950})
            yield pg
        finally:
            browser.close()




def shots_dir(tmp_path: Path) -> Path:
    d = Path(os.environ.get("ARGMAP_SCREENSHOTS") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d


def test_the_map_renders_and_search_finds_claims(server, page, tmp_path):
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Showing", exact=False).first.wait_for(timeout=90_000)
    frame_el = page.locator("iframe").first
    frame_el.wait_for(timeout=60_000)
    frame = frame_el.content_frame
    frame.locator("#debate canvas").wait_for(timeout=60_000)
    # vis-network stabilises, then draws; wait until the canvas has paint on it
    deadline = time.monotonic() + 90
    painted = 0
    while time.monotonic() < deadline:
        painted = frame.locator("body").evaluate(PAINTED)
        if painted > 1000:
            break
        time.sleep(0.5)
    assert painted > 1000, "the vis-network canvas is empty"
    # the debate view opens with labels a person can read without zooming
    px = frame.locator("body").evaluate(
        "(_) => { const n = window.argmapDebate; "
        "return n.body.nodes[n.body.nodeIndices[0]].options.font.size * n.getScale(); }")
    assert px >= 12, f"labels are {px:.1f} px at the default zoom"
    time.sleep(1.5)
    out = shots_dir(tmp_path)
    page.screenshot(path=str(out / "app-map.png"))
    assert (out / "app-map.png").stat().st_size > 10_000

    page.get_by_text("Search", exact=True).first.click()
    box = page.get_by_label("Search claims across every debate")
    box.wait_for(timeout=30_000)
    box.fill("does the model have a self-preservation drive")
    box.press("Enter")
    page.get_by_text(" close match", exact=False).first.wait_for(timeout=90_000)
    results = page.get_by_role("button", name="Open")
    quotes = page.locator("blockquote")
    # Streamlit draws hits one by one as the script runs: wait for several, not the first
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and min(results.count(), quotes.count()) < 3:
        time.sleep(0.5)
    assert results.count() >= 3 and quotes.count() >= 3, "search showed fewer than 3 hits"
    time.sleep(1.0)
    page.screenshot(path=str(out / "app-search.png"))
    assert (out / "app-search.png").stat().st_size > 10_000


def test_a_hostile_map_in_the_app_requests_nothing_remote_and_runs_nothing(tmp_path, page):
    """Every view of a map whose ids, authors, titles and text carry markup and links:
    the browser asks only the local server for anything, and no dialog opens."""
    from argmap.model import write_map
    from tests.test_hostile import hostile_map

    folder = tmp_path / "evil-maps"
    folder.mkdir()
    amap = hostile_map()
    write_map(amap, folder / "evil.json")
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(folder, tmp_path) as url:
        unit = amap.units[1].id
        from urllib.parse import urlencode

        for query in ({}, {"view": "Unit", "unit": unit}, {"view": "Themes"},
                      {"view": "Search", "q": "the claim is wrong"}, {"view": "Export"}):
            page.goto(f"{url}/?{urlencode(query)}", wait_until="domcontentloaded")
            page.get_by_text("argmap", exact=True).first.wait_for(timeout=90_000)
            time.sleep(2.5)  # let every element, the map's iframe included, draw
            assert page.inner_text("body")  # the view drew
            hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
            assert not [h for h in hrefs if "evil.example" in h.split("#")[0]], (query, hrefs)
        remote = [u for u in requests if not u.startswith((url, "data:", "blob:", "about:"))]
        assert remote == [], remote
        assert dialogs == []
