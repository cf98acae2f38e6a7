"""Is the plain text reader linear in paragraphs? Time `argmap.read` on 5k/10k/20k lines.

    python -m bench.read_scaling [--sizes 5000,10000,20000] [--seed 0] [--repeat 1]

Writes plain text files of real paragraphs (coarse-discourse Reddit threads from
`../shared/data`, then RumourEval and PERSPECTRUM threads once those run out; threads in
a seeded order, each comment's paragraphs one a line, the way a copy of a web page
looks, no paragraph twice) into `bench/out/read-scaling/` (git-ignored: the texts
are shared data, not ours to commit), then times `read_thread` on each (rules only, no
embedder: the embedder's encode is linear and is measured elsewhere). Prints seconds per
size and the ratio per doubling; near x2 is linear, x4 quadratic.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from bench.gen import DEFAULT_DATA

OUT = Path(__file__).resolve().parent / "out" / "read-scaling"


def real_paragraphs(data_dir: Path = DEFAULT_DATA) -> list[list[str]]:
    """Threads of real paragraphs, in reading order: the coarse-discourse Reddit threads
    (11.6k distinct paragraphs), then RumourEval threads (source post, then replies) and
    PERSPECTRUM claims (claim, then perspectives), so 20k lines need no repeat."""
    threads = []
    with open(data_dir / "coarse-discourse" / "threads.jsonl", encoding="utf-8") as fh:
        for line in fh:
            paras = []
            for c in json.loads(line)["comments"]:
                paras += [" ".join(p.split()) for p in c["text"].split("\n\n") if p.strip()]
            threads.append(paras)
    extra: dict[str, list[str]] = {}
    for name, group in (("rumoureval", "thread_id"), ("perspectrum", "topic")):
        with open(data_dir / name / "pairs.jsonl", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                paras = extra.setdefault(f"{name}:{row[group]}", [" ".join(row["target"].split())])
                paras.append(" ".join(row["text"].split()))
    return threads + list(extra.values())


def write_text(n: int, threads: list[list[str]], seed: int = 0) -> Path:
    """A file of `n` distinct paragraph lines: whole threads in a seeded order (the
    Reddit threads first), each paragraph once, the last thread cut. A repeated
    paragraph would make the reader see two scrapes of one thread."""
    rng = random.Random(seed)
    reddit, rest = threads[:633], threads[633:]
    rng.shuffle(reddit)
    rng.shuffle(rest)
    lines: dict[str, None] = {}
    for paras in reddit + rest:
        for para in paras:
            lines.setdefault(para, None)
        if len(lines) >= n:
            break
    if len(lines) < n:
        raise SystemExit(f"only {len(lines)} distinct paragraphs in the data; ask for fewer")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"plain-{n}-seed{seed}.txt"
    path.write_text("\n".join(list(lines)[:n]) + "\n", encoding="utf-8")
    return path


def time_read(path: Path, repeat: int = 1) -> tuple[float, int]:
    """Best wall time of `repeat` reads, and the number of comments found."""
    from argmap.read import read_thread

    best, comments = float("inf"), 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        thread = read_thread(path, fmt="text")
        best = min(best, time.perf_counter() - t0)
        comments = len(thread.comments)
    return best, comments


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.read_scaling", description=__doc__)
    p.add_argument("--sizes", default="5000,10000,20000")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeat", type=int, default=1)
    args = p.parse_args(argv)
    threads = real_paragraphs()
    prev = None
    for n in (int(s) for s in args.sizes.split(",")):
        path = write_text(n, threads, args.seed)
        secs, comments = time_read(path, args.repeat)
        growth = f", x{secs / prev:.2f} from the previous size" if prev else ""
        print(f"{n:>6} paragraphs ({path.stat().st_size / 1e6:.1f} MB): {secs:.2f}s, "
              f"{comments} comments{growth}", flush=True)
        prev = secs
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
