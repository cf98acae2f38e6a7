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
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.model import ArgumentMap, Comment, Relation, Theme, Thread, Unit  # noqa: E402

WORDS = ("model", "user", "scenario", "test", "claim", "evidence", "training", "policy",
         "harm", "agent", "goal", "blackmail", "realistic", "instruction", "ethics")


def synthetic_map(n_units: int, seed: int = 0, n_themes: int = 8) -> ArgumentMap:
    """A seeded reply tree of about `n_units` units (two per comment) with themes."""
    rng = random.Random(seed)
    comments, units, rels = [], [], []
    n_comments = max(1, n_units // 2)
    for i in range(n_comments):
        cid = f"c{i + 1}"
        parent = None if i == 0 else f"c{rng.randrange(max(0, i - 30), i) + 1}"
        texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + "."
                 for _ in range(2)]
        stance = rng.choice(("support", "attack", "neutral", "neutral")) if parent else None
        comments.append(Comment(cid, " ".join(texts), author=f"user{rng.randrange(40)}",
                                parent_id=parent, position=i, stance=stance))
        theme = f"t{rng.randrange(n_themes) + 1}"
        for k, text in enumerate(texts):
            units.append(Unit(f"{cid}.u{k + 1}", cid, text, role="claim" if k == 0 else "premise",
                              theme_id=theme))
        rels.append(Relation(f"{cid}.u2", f"{cid}.u1", "support", 0.5, "premise of the claim"))
        if parent:
            rels.append(Relation(f"{cid}.u1", f"{parent}.u1", "reply", 1.0, "reply"))
            if stance in ("support", "attack"):
                rels.append(Relation(f"{cid}.u1", f"{parent}.u1", stance, 0.7, "synthetic"))
    themes = tuple(
        Theme(f"t{k + 1}", f"theme {k + 1}", (),
              tuple(u.id for u in units if u.theme_id == f"t{k + 1}"))
        for k in range(n_themes)
    )
    thread = Thread(f"synthetic {n_units}", "synthetic.txt", "text", tuple(comments))
    return ArgumentMap(thread, tuple(units), tuple(rels), themes, {"debate": "synthetic"})


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
