"""The mine stage on a 2,000-comment thread, with the old and the new stance model.

    python -m bench.stance_speed [--n 2000] [--old FOLDER] [--threads 2]

Generates the synthetic thread (bench.gen, JSON: the parents are given), splits it
into units once, then times `mine.mine_relations` (where every reply gets its stance)
with each classifier, and the whole mine stage (units + relations). `--old` is a
stance model folder to compare against (e.g. the previous weights, extracted with
`git show`); without it only the shipped model and the cue list are timed.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bench import gen

OUT = Path(__file__).resolve().parent / "out"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.stance_speed", description=__doc__)
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--old", type=Path, default=None, help="previous stance model folder")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(args.threads)
    from argmap import mine
    from argmap.read import read_thread
    from argmap.settings import Models, Settings
    from argmap.stance import CueClassifier, HybridClassifier

    paths = gen.write_thread(args.n, OUT / "threads", gen.load_pools())
    thread = read_thread(paths["json"])
    models = Models(Settings())
    t0 = time.perf_counter()
    units = mine.split_units(thread, models.nlp)
    split = time.perf_counter() - t0
    replies = sum(1 for c in thread.comments if c.parent_id)
    print(f"{paths['json'].name}: {len(thread.comments)} comments, {replies} replies, "
          f"{len(units)} units; split_units {split:.1f}s")
    classifiers = {"cue list": CueClassifier(), "shipped (3-way)": HybridClassifier()}
    if args.old:
        classifiers["old (2-way)"] = HybridClassifier(folder=args.old, combiner=None)
    for name, clf in classifiers.items():
        if isinstance(clf, HybridClassifier):
            _ = clf.model  # load outside the timing, as a build does once per process
        t0 = time.perf_counter()
        comments, _ = mine.mine_relations(thread, units, clf)
        secs = time.perf_counter() - t0
        stances: dict[str, int] = {}
        for c in comments:
            if c.stance:
                stances[c.stance] = stances.get(c.stance, 0) + 1
        print(f"| {name} | {secs:.1f} | {split + secs:.1f} | {replies / secs:.0f} | "
              f"{', '.join(f'{k} {v}' for k, v in sorted(stances.items()))} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
