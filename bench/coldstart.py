"""Cold start: from typing `argmap build` to the first byte it prints, and where it goes.

The whole command runs in a fresh process (as a user runs it), into an empty output
folder so no embedding cache helps. A second fresh process (`--probe`) times the
parts one after another: the interpreter, argmap's own light import, the heavy
libraries, and loading each model. The disk cache is warm in both: this is a second
run on a laptop, not the first after boot.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["time_to_first_byte", "probe", "cold_start"]

ROOT = Path(__file__).resolve().parent.parent


def time_to_first_byte(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    """Seconds from spawning `cmd` to its first byte on stdout or stderr, and to its exit."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, "stdout")
    sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
    first: float | None = None
    first_stream = None
    chunks: dict[str, list[bytes]] = {"stdout": [], "stderr": []}
    open_streams = 2
    while open_streams:
        for key, _ in sel.select():
            data = os.read(key.fileobj.fileno(), 65536)
            if not data:
                sel.unregister(key.fileobj)
                open_streams -= 1
                continue
            if first is None:
                first, first_stream = time.perf_counter() - t0, key.data
            chunks[key.data].append(data)
    code = proc.wait()
    total = time.perf_counter() - t0
    return {
        "first_byte_s": round(first if first is not None else total, 3),
        "first_stream": first_stream,
        "exit_s": round(total, 3),
        "returncode": code,
        "stderr_tail": b"".join(chunks["stderr"])[-300:].decode("utf-8", "replace"),
    }


def probe() -> dict:
    """Time each part of start-up in this (fresh) process; call before importing anything."""
    out: dict[str, float] = {}
    t = time.perf_counter()
    import argmap.cli  # noqa: F401  (the light front door)

    out["import_argmap_cli_s"] = time.perf_counter() - t
    t = time.perf_counter()
    import argmap.pipeline  # noqa: F401  (numpy, networkx, jinja2 ...)

    out["import_pipeline_s"] = time.perf_counter() - t
    t = time.perf_counter()
    import torch  # noqa: F401

    out["import_torch_s"] = time.perf_counter() - t
    t = time.perf_counter()
    import spacy  # noqa: F401

    out["import_spacy_s"] = time.perf_counter() - t
    t = time.perf_counter()
    import sentence_transformers  # noqa: F401

    out["import_sentence_transformers_s"] = time.perf_counter() - t
    t = time.perf_counter()
    import sklearn.cluster  # noqa: F401

    out["import_sklearn_s"] = time.perf_counter() - t
    from argmap.settings import Models, Settings

    models = Models(Settings())
    t = time.perf_counter()
    _ = models.nlp
    out["load_spacy_s"] = time.perf_counter() - t
    t = time.perf_counter()
    _ = models.embedder
    out["load_embedder_s"] = time.perf_counter() - t
    return {k: round(v, 3) for k, v in out.items()}


def cold_start(sample: Path, work: Path, *, repeats: int = 3, env: dict | None = None) -> dict:
    """Median time to first byte of `argmap build SAMPLE` and a start-up breakdown."""
    env = {**os.environ, **(env or {})}
    py = sys.executable
    runs = []
    for k in range(repeats):
        out = work / f"cold-{k}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [py, "-m", "argmap", "build", str(sample), "--out", str(out)]
        runs.append(time_to_first_byte(cmd, env))
    bare = [time_to_first_byte([py, "-c", "pass"], env)["exit_s"] for _ in range(repeats)]
    probes = []
    for _ in range(repeats):
        r = subprocess.run([py, "-m", "bench.coldstart", "--probe"], capture_output=True,
                           text=True, env=env, check=True, cwd=ROOT)
        probes.append(json.loads(r.stdout.strip().splitlines()[-1]))
    parts = {k: round(statistics.median(p[k] for p in probes), 3) for k in probes[0]}
    return {
        "first_byte_s": round(statistics.median(r["first_byte_s"] for r in runs), 3),
        "exit_s": round(statistics.median(r["exit_s"] for r in runs), 3),
        "first_stream": runs[0]["first_stream"],
        "returncodes": [r["returncode"] for r in runs],
        "interpreter_s": round(statistics.median(bare), 3),
        "parts": parts,
        "repeats": repeats,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.coldstart", description=__doc__)
    p.add_argument("--probe", action="store_true", help="time start-up parts in this process")
    p.add_argument("--sample", type=Path)
    p.add_argument("--work", type=Path, default=Path("bench/out/coldstart"))
    args = p.parse_args(argv)
    if args.probe:
        print(json.dumps(probe()), flush=True)
        return 0
    if not args.sample:
        p.error("give --sample or --probe")
    print(json.dumps(cold_start(args.sample, args.work)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
