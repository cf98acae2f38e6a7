"""How large a thread the HTML map can show: render synthetic maps of growing size and
time, in headless Chromium, from navigation until the layout has settled (the page
sets `window.argmapSettled` when physics stops or the first frame of a fixed layout
is drawn).

    python bench/render_size.py [--sizes 100,200,400,800,1600] [--budget 10]

Prints one line per size and the largest size that settled within the budget.
Synthetic maps are seeded reply trees with themes and support/attack edges at the
rates the sample debate shows; no shared data is read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.builders import synthetic_map  # noqa: E402

EXPAND_ALL = """() => new Promise((done) => {
  const net = window.argmapNetwork, t0 = performance.now();
  document.getElementById('group').click();
  net.once('afterDrawing', () => done((performance.now() - t0) / 1000));
  net.redraw();
})"""


def time_expand(page) -> float | None:
    """Seconds to open every theme group and draw the result (None if not grouped)."""
    if page.get_attribute("#group", "aria-pressed") != "true":
        return None
    return page.evaluate(EXPAND_ALL)


def time_page(
    path: Path, budget: float, browser
) -> tuple[float | None, float, float | None]:
    """Seconds from navigation until the page settled (None if not within budget), the
    seconds actually waited, and the seconds to expand every theme group (if grouped)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        t0 = time.perf_counter()
        page.goto(path.as_uri(), timeout=budget * 4000)
        try:
            page.wait_for_function("window.argmapSettled", timeout=budget * 4000)
        except Exception:  # playwright's TimeoutError
            return None, time.perf_counter() - t0, None
        # Wall time until the page answered that it settled: includes any time the main
        # thread stayed busy drawing after the layout stopped (what a user waits for).
        wall = time.perf_counter() - t0
        return (wall if wall <= budget else None), wall, time_expand(page)
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from argmap.render import RenderOptions, render_html

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,200,400,800,1600,3200")
    ap.add_argument("--budget", type=float, default=10.0, help="seconds (default 10)")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--large", type=int, default=None,
                    help="node threshold for theme groups (default: the renderer's)")
    args = ap.parse_args(argv)
    best = 0
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium,
                                     args=["--no-sandbox", "--disable-gpu"])
        # one unreported page first, so browser start-up is not billed to the first size
        warm = Path(tmp) / "warm.html"
        warm.write_text(render_html(synthetic_map(20)), encoding="utf-8")
        time_page(warm, args.budget, browser)
        for n in (int(s) for s in args.sizes.split(",")):
            amap = synthetic_map(n)
            path = Path(tmp) / f"map-{n}.html"
            t0 = time.perf_counter()
            opts = RenderOptions() if args.large is None else RenderOptions(large=args.large)
            path.write_text(render_html(amap, opts), encoding="utf-8")
            render_s = time.perf_counter() - t0
            settled, waited, expand = time_page(path, args.budget, browser)
            shown = f"{waited:.1f}s" + ("" if settled is not None else " (over budget)")
            opened = "" if expand is None else f"  expand all themes {expand:.1f}s"
            print(f"{len(amap.units):>6} units {len(amap.relations):>6} relations  "
                  f"render {render_s:.2f}s  settle {shown}{opened}", flush=True)
            if settled is not None:
                best = max(best, len(amap.units))
        browser.close()
    print(f"largest map that settled within {args.budget:g}s: {best} units")
    return 0


if __name__ == "__main__":
    sys.exit(main())
