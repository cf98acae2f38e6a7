"""App cold start: from `streamlit run app.py` to the sample's map drawn in Chromium.

A first-time user runs `make run` and opens the page; what counts is how long until
the map is on the screen. This starts a fresh Streamlit server on a maps folder,
opens the page in headless Chromium at once (as the browser `make run` opens would),
and prints the seconds to: the server answering, the page's first text, the map
iframe, and a painted graph canvas. Nothing here may load a model: showing a map
needs none.

    python -m bench.app_coldstart [--maps maps] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.builders import PAINTED  # noqa: E402  (the browser test asks the same question)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"



def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_run(maps: Path, browser) -> dict[str, float]:
    port = _port()
    env = {**os.environ, "ARGMAP_MAPS": str(maps), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
         "true", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    out: dict[str, float] = {}
    try:
        url = f"http://127.0.0.1:{port}"
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.05)
        out["server"] = time.perf_counter() - t0
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_text("Showing", exact=False).first.wait_for(timeout=120_000)
        out["page text"] = time.perf_counter() - t0
        frame_el = page.locator("iframe").first
        frame_el.wait_for(timeout=120_000)
        out["map iframe"] = time.perf_counter() - t0
        frame = frame_el.content_frame
        while frame.locator("body").evaluate(PAINTED) < 1000:
            time.sleep(0.05)
        out["map drawn"] = time.perf_counter() - t0
        page.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--maps", type=Path, default=ROOT / "maps")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    if not any(args.maps.glob("*.json")):
        print(f"{args.maps}: no maps; run `make maps` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        runs = [one_run(args.maps, browser) for _ in range(args.runs)]
        browser.close()
    print(f"app cold start on {args.maps} ({args.runs} runs; seconds from `streamlit run`):")
    for key in runs[0]:
        vals = [r[key] for r in runs]
        print(f"  {key:<11} median {statistics.median(vals):5.2f}  min {min(vals):5.2f}  "
              f"max {max(vals):5.2f}")
    print(f"  load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
