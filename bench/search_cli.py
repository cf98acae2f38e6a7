"""How long one `argmap search` takes from the shell, start to last line.

The brief for a trusted search: a CLI query answers within 2 s on a warm disk. This
runs the real command as a user would (a new Python process each time) against a
built maps folder, after one untimed warm-up run that brings the files into the page
cache, and reports the median and worst wall time plus which heavy libraries the
search process imported (none should be: the query is embedded in numpy).

    python -m bench.search_cli [--maps maps/] [--runs 5] [--rerank]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("the scenario is unrealistic", "who is the user", "quantum chromodynamics gluon",
           "self-preservation as a motive", "research without knowing the training")
PROBE = ("import sys, runpy; sys.argv = ['argmap', *sys.argv[1:]]\n"
         "try:\n    runpy.run_module('argmap', run_name='__main__')\n"
         "finally:\n    heavy = [m for m in ('torch', 'sentence_transformers', 'spacy')"
         " if m in sys.modules]\n    print('HEAVY', heavy, file=sys.stderr)\n")


def run(maps: Path, query: str, extra: tuple[str, ...] = ()) -> tuple[float, str]:
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", PROBE, "search", query, "--maps", str(maps),
                          *extra], cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"argmap search failed: {res.stderr.strip()}")
    heavy = [line for line in res.stderr.splitlines() if line.startswith("HEAVY")]
    return took, heavy[-1] if heavy else "HEAVY ?"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--maps", type=Path, default=ROOT / "maps", help="a built maps folder")
    p.add_argument("--runs", type=int, default=5, help="timed runs per query")
    p.add_argument("--rerank", action="store_true",
                   help="time `argmap search --rerank` (with the cross-encoder)")
    args = p.parse_args(argv)
    extra = ("--rerank",) if args.rerank else ()
    run(args.maps, "warm-up", extra)
    times, heavy = [], set()
    for q in QUERIES:
        for _ in range(args.runs):
            took, h = run(args.maps, q, extra)
            times.append(took)
            heavy.add(h)
    print(f"{len(times)} CLI queries on {args.maps}: median {statistics.median(times):.2f} s, "
          f"worst {max(times):.2f} s; heavy imports: {', '.join(sorted(heavy))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
