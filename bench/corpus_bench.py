"""Corpus benchmark: thousands of threads in one build, locally and on Ray.

Generates a deterministic Reddit-style dump of N threads from real argument text
(../shared/data: ArgKP and IBM Claim Stance arguments, grouped by motion, so the
same claims recur across threads as they do on a forum), then times
`argmap build --jobs 1`, `--jobs 2` and `--engine ray`, the cross-debate link, and
a rerun with nothing changed. Prints a Markdown table and writes it to
bench/results-corpus.md.

    python -m bench.corpus_bench [--threads 2000] [--no-ray] [--json]

`make bench` runs it with `--threads 200 --no-ray --json` (its last line is JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("ARGMAP_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "bench" / "out" / "corpus"


def arguments_by_motion() -> dict[str, list[str]]:
    """Real argument texts grouped by the motion they argue about."""
    by_motion: dict[str, list[str]] = defaultdict(list)
    for name in ("argkp/pairs.jsonl", "claim-stance/pairs.jsonl"):
        with open(DATA / name, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                by_motion[rec["topic"]].append(rec["text"])
    return {m: sorted(set(t)) for m, t in sorted(by_motion.items()) if len(t) >= 10}


def write_dump(path: Path, threads: int, seed: int = 0) -> int:
    """A dump of `threads` threads: a motion as root, 3-12 replies in a random tree."""
    rng = random.Random(seed)
    motions = arguments_by_motion()
    names = list(motions)
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for t in range(threads):
            motion = names[t % len(names)]
            tid = f"t{t:05d}"
            ids = [f"{tid}_0"]
            fh.write(json.dumps({"id": ids[0], "link_id": f"t3_{tid}", "parent_id": f"t3_{tid}",
                                 "author": "op", "body": motion}) + "\n")
            replies = rng.randint(3, min(12, len(motions[motion])))
            for k, text in enumerate(rng.sample(motions[motion], replies), 1):
                parent = rng.choice(ids)
                cid = f"{tid}_{k}"
                ids.append(cid)
                fh.write(json.dumps({"id": cid, "link_id": f"t3_{tid}", "parent_id": f"t1_{parent}",
                                     "author": f"user{rng.randint(1, 400)}", "body": text}) + "\n")
            n += len(ids)
    return n


def timed(cmd: list[str]) -> tuple[float, str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t0, proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2000)
    ap.add_argument("--no-ray", action="store_true", help="time --jobs 1 and 2 only")
    ap.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = ap.parse_args()
    if OUT.exists():
        shutil.rmtree(OUT)
    dump = OUT / "forum.jsonl"
    comments = write_dump(dump, args.threads)
    argmap = [sys.executable, "-m", "argmap"]
    rows = []
    engines = [("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"])]
    if not args.no_ray:
        engines.append(("--engine ray (2 CPUs)", ["--engine", "ray", "--jobs", "2"]))
    for label, extra in engines:
        out = OUT / label.split()[1]
        secs, _ = timed([*argmap, "build", str(dump), "--out", str(out), "--quiet", *extra])
        rows.append((label, secs, args.threads / secs))
    out = OUT / "1"
    link_secs, link_out = timed([*argmap, "link", "--maps", str(out)])
    rerun_secs, _ = timed([*argmap, "build", str(dump), "--out", str(out), "--quiet"])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines = [
        "# Corpus benchmark", "",
        f"`python -m bench.corpus_bench --threads {args.threads}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{args.threads} threads, {comments} comments "
        "(Reddit-style dump from ArgKP + Claim Stance).",
        "", "| engine | wall time (s) | threads/s |", "|---|---:|---:|",
        *[f"| {lab} | {s:.1f} | {tps:.2f} |" for lab, s, tps in rows],
        "", f"- cross-debate link (`argmap link`): {link_secs:.1f} s — {link_out.splitlines()[0]}",
        f"- rerun with nothing changed: {rerun_secs:.1f} s",
        f"- peak RSS of one build process: {peak_mb:.0f} MB",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.json:
        print(json.dumps({"threads": args.threads, "comments": comments,
                          "engines": {lab: round(s, 1) for lab, s, _ in rows},
                          "link_s": round(link_secs, 1), "rerun_s": round(rerun_secs, 1),
                          "peak_mb": round(peak_mb)}))
    else:
        (ROOT / "bench" / "results-corpus.md").write_text(text)


if __name__ == "__main__":
    main()
