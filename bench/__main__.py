"""`make bench`: the benchmark suite, end to end, written to bench/results.md.

Steps: generate the synthetic threads (bench.gen: real texts and reply trees from
../shared/data), measure the sample, each plain-text size and the JSON sizes (a
5,000-comment thread by default) in their own processes (bench.measure), time the cold
start (bench.coldstart), time a 200-thread corpus with --jobs 1 and --jobs 2
(bench.corpus_bench), optionally weigh the ONNX backends (bench.onnx_backend, --onnx),
then write the tables. A size that fails or overruns
its time limit is reported as such; the suite keeps a total budget so `make bench`
stays under 20 minutes on a 2-core laptop.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from bench import gen, report

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SAMPLE = gen.DEFAULT_SAMPLE
SMALL_RUNS = 3  # builds of each small thread; the median run is reported
# The largest JSON thread is built without the floor's references (100 s of spaCy and
# encode at 5,000 comments): with them, and five runs of each small thread, `make bench`
# overran its 19 minutes and the row was never measured (1 Dec).
NO_FLOOR_FROM = 5000


def machine() -> dict:
    """What this ran on: CPU, cores, memory, load, library versions."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    versions = {}
    for pkg in ("torch", "spacy", "sentence-transformers", "transformers", "scikit-learn",
                "numpy", "onnxruntime"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem,
        "os": platform.platform(), "python": platform.python_version(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()), "versions": versions,
    }


def _run_json(cmd: list[str], timeout: float, env: dict) -> dict:
    """Run a bench sub-command; its last stdout line is JSON. Failures become an error row."""
    t = time.perf_counter()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"over the {timeout:.0f}s limit"}
    if r.returncode != 0:
        tail = (r.stderr or "").strip().splitlines()[-1:] or ["no output"]
        return {"error": f"exit {r.returncode}: {tail[0][:200]}"}
    try:
        res = json.loads(r.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": "no JSON result"}
    res["process_s"] = round(time.perf_counter() - t, 1)
    return res


def _write_report(data: dict, path: Path) -> None:
    """results.md = this run's tables + bench/notes.md (the analysis, kept by hand)."""
    from argmap.model import atomic_write_text

    notes = ROOT / "bench" / "notes.md"
    text = notes.read_text(encoding="utf-8") if notes.exists() else ""
    atomic_write_text(path, report.render(data, text))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--sizes", default="1000,2000",
                   help="comment counts of the plain-text threads (default 1000,2000)")
    p.add_argument("--json-sizes", default="5000",
                   help="comment counts of the JSON threads (default 5000)")
    p.add_argument("--small", type=int, default=200,
                   help="comment count of the small thread built as text and as JSON, "
                        "three times each (the median run is kept; 0: skip)")
    p.add_argument("--reddit", type=int, default=200,
                   help="comment count of the real Reddit thread (bench.gen.write_reddit), "
                        "built as text and as JSON with the small thread (0: skip)")
    p.add_argument("--corpus-threads", type=int, default=200,
                   help="threads of the --jobs 1 vs --jobs 2 corpus run (0: skip)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=None,
                   help="torch/ONNX threads (default: all cores); 1 on a shared machine")
    p.add_argument("--warm", default="sample,smallest",
                   help="inputs to rebuild warm: 'sample', 'smallest', sizes, or 'none'")
    p.add_argument("--budget", type=float, default=19 * 60,
                   help="seconds for the whole run; a size still running then is stopped "
                        "and reported (default 19 min)")
    p.add_argument("--no-coldstart", action="store_true")
    p.add_argument("--onnx", action="store_true",
                   help="also weigh the ONNX backends (bench/notes.md has the last result)")
    p.add_argument("--onnx-limit", type=int, default=2000, help="unit texts for the ONNX check")
    p.add_argument("--profile", action="store_true", help="cProfile each cold build")
    p.add_argument("--results", type=Path, default=ROOT / "bench" / "results.md")
    p.add_argument("--report-only", action="store_true",
                   help="re-write results.md from the last run's bench/out/results.json")
    args = p.parse_args(argv)
    if args.report_only:
        data = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
        _write_report(data, args.results)
        return 0

    started = time.perf_counter()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "TOKENIZERS_PARALLELISM": "false"}
    if args.threads:
        env["OMP_NUM_THREADS"] = str(args.threads)
    info = machine()
    command = "python -m bench " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))

    threads_dir = OUT / "threads"
    pools = gen.load_pools()
    inputs: list[tuple[str, Path]] = [("sample", SAMPLE)]
    for n in sizes:
        inputs.append((str(n), gen.write_thread(n, threads_dir, pools, seed=args.seed)["text"]))
    json_sizes = sorted({int(s) for s in args.json_sizes.split(",") if s.strip()})
    no_floor = {f"{n} json" for n in json_sizes if n >= NO_FLOOR_FROM}
    for n in json_sizes:
        inputs.append((f"{n} json", gen.write_thread(n, threads_dir, pools,
                                                     seed=args.seed)["json"]))
    # The size people paste most (about 200 comments): fixed costs weigh most there and
    # one run is noisy (three runs spread 0.81-1.84 on 30 Nov), so each format is built
    # SMALL_RUNS times and the median kept.
    small = ({f"{args.small} {fmt}": path for fmt, path in
              gen.write_thread(args.small, threads_dir, pools, seed=args.seed).items()}
             if args.small else {})
    # Real Reddit threads as the issue measured them (real texts and trees, no synthesis).
    if args.reddit:
        try:
            small.update({f"real Reddit {args.reddit} {fmt}": path for fmt, path in
                          gen.write_reddit(args.reddit, threads_dir).items()})
        except OSError as exc:
            print(f"bench: no real Reddit thread ({exc})", file=sys.stderr)
    print(f"bench: generated {len(sizes)} threads in {threads_dir}", file=sys.stderr)

    warm = {w.strip() for w in args.warm.split(",")}
    if "smallest" in warm and sizes:
        warm.add(str(sizes[0]))
    rows: dict[str, dict] = {}

    def remaining() -> float:
        return args.budget - (time.perf_counter() - started)

    def measure(name: str, path: Path) -> None:
        if remaining() < 30:
            rows[name] = {"error": f"skipped: the {args.budget:.0f}s budget was used up"}
            return
        cmd = [sys.executable, "-m", "bench.measure", str(path),
               "--work", str(OUT / f"work-{name}")]
        if name not in warm:
            cmd.append("--no-warm")
        if name in no_floor:
            cmd.append("--no-floor")
        if args.threads:
            cmd += ["--threads", str(args.threads)]
        if args.profile:
            cmd += ["--profile", str(OUT / f"profile-{name}.txt")]
        print(f"bench: measuring {name} ({path.name})", file=sys.stderr)
        rows[name] = _run_json(cmd, remaining(), env)
        print(f"bench: {name}: {json.dumps(rows[name])[:300]}", file=sys.stderr)

    # The small inputs, cold start and backends first: they are bounded; the large
    # sizes then get what is left of the budget, and one that overruns says so.
    measure(*inputs[0])
    # the small inputs take turns, so a stretch of load from elsewhere falls on all alike
    runs: dict[str, list[dict]] = {name: [] for name in small}
    for _ in range(SMALL_RUNS):
        for name, path in small.items():
            measure(name, path)
            runs[name].append(rows.pop(name))
    for name, done in runs.items():
        ok = sorted((r for r in done if "error" not in r), key=lambda r: r["overhead"])
        rows[name] = ({**ok[len(ok) // 2], "overhead_runs": [r["overhead"] for r in ok]}
                      if ok else done[-1])
    for name, path in inputs[1:2]:
        measure(name, path)

    cold = None
    if not args.no_coldstart:
        print("bench: cold start", file=sys.stderr)
        from bench.coldstart import cold_start

        try:
            cold = cold_start(SAMPLE, OUT / "coldstart", env=env)
        except (subprocess.CalledProcessError, json.JSONDecodeError, OSError) as exc:
            cold = {"error": str(exc)[:200]}

    onnx = None
    if args.onnx:
        done = [n for n, _ in inputs if "error" not in rows.get(n, {"error": 1})]
        if done:
            src = OUT / f"work-{done[-1]}" / "units.txt"
            print(f"bench: ONNX backends on units of {done[-1]}", file=sys.stderr)
            cmd = [sys.executable, "-m", "bench.onnx_backend", "--texts", str(src),
                   "--work", str(OUT / "onnx"), "--limit", str(args.onnx_limit)]
            if args.threads:
                cmd += ["--threads", str(args.threads)]
            onnx = _run_json(cmd, max(60.0, remaining()), env)
            onnx["source"] = done[-1]

    corpus = None
    if args.corpus_threads:
        print(f"bench: corpus of {args.corpus_threads} threads, --jobs 1 and 2", file=sys.stderr)
        corpus = _run_json([sys.executable, "-m", "bench.corpus_bench", "--threads",
                            str(args.corpus_threads), "--no-ray", "--json"],
                           max(60.0, remaining() - 60), env)

    for name, path in inputs[2:]:
        measure(name, path)
    order = [inputs[0][0]] + list(small) + [n for n, _ in inputs[1:]]
    rows = {name: rows[name] for name in order}

    info["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    total = time.perf_counter() - started
    data = {"machine": info, "command": command, "sizes": sizes, "rows": rows,
            "json_sizes": json_sizes, "corpus": corpus, "coldstart": cold, "onnx": onnx,
            "total_s": round(total, 1), "seed": args.seed,
            "threads": args.threads}
    (OUT / "results.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    _write_report(data, args.results)
    print(f"bench: wrote {args.results} in {total:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
