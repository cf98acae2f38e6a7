"""A forum-sized debate thread from ArgKP-2021 arguments, for screenshots and load tests.

The motion opens the thread; each argument on it becomes a comment, replying to an
earlier comment chosen by a seeded random walk that prefers recent ones (how forum
threads grow). Authors are `user_N`. The texts are ArgKP's (IBM, CDLA-Sharing-1.0), so
the file goes to a folder you name, not into the repository.

    python -m bench.argkp_thread OUT.jsonl [--comments 160] [--motion N] [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = next((d / "shared" / "data" / "argkp" for d in (ROOT.parent, ROOT.parent.parent)
             if (d / "shared" / "data" / "argkp").is_dir()), ROOT.parent / "shared/data/argkp")


def thread_rows(n: int, motion: int = 0, seed: int = 0, data: Path = DATA) -> list[dict]:
    with open(data / "arguments_train.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    motions = sorted({r["topic"] for r in rows})
    topic = motions[motion % len(motions)]
    args = [r for r in rows if r["topic"] == topic][: n - 1]
    rng = random.Random(seed)
    out = [{"id": "m0", "parent_id": None, "author": "moderator", "text": topic + "."}]
    for i, a in enumerate(args, 1):
        # a reply answers one of the last few comments, sometimes the opening post
        back = int(rng.expovariate(0.5))
        parent = "m0" if rng.random() < 0.25 else out[max(0, i - 1 - back)]["id"]
        out.append({"id": f"m{i}", "parent_id": parent, "author": f"user_{rng.randint(1, 40)}",
                    "text": a["argument"].strip().strip("`")})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--comments", type=int, default=160)
    p.add_argument("--motion", type=int, default=0)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    rows = thread_rows(args.comments, args.motion, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} comments on “{rows[0]['text']}” to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
