"""Measure one thread file in this process and print the figures as one JSON line.

Run as `python -m bench.measure THREAD --work DIR`; the suite starts one process per
input so that each peak-memory figure belongs to that input alone. Order matters:
models load first (timed apart, as a user's laptop would have them loaded once), then
the cold build into an empty folder, then the references (spaCy's own `nlp.pipe`, the
embedder's own `encode`) on the same texts unless `--no-floor`, then the warm rebuilds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import sys
import time
from pathlib import Path

__all__ = ["measure", "rss_mb", "peak_mb", "reset_peak"]


def _status(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_mb() -> float:
    """Resident memory now, in MB."""
    return _status("VmRSS") or 0.0


def peak_mb() -> float:
    """Peak resident memory since the last `reset_peak` (or process start), in MB."""
    hwm = _status("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Reset the kernel's high-water mark so the next peak is one stage's own (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _encode_time(embedder, texts: list[str], batch_size: int) -> float:
    t = time.perf_counter()
    embedder.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                    convert_to_numpy=True, show_progress_bar=False)
    return time.perf_counter() - t


def _edited_copy(src: Path, dest_dir: Path) -> Path:
    """The same thread with one comment in the middle edited (same file name)."""
    lines = src.read_text(encoding="utf-8").splitlines()
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    i = nonempty[len(nonempty) // 2]
    lines[i] = lines[i].rstrip() + " I have changed my mind on the details since."
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / src.name
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def _floor(path: Path, models, settings, unit_texts: list[str], cold: float,
           timings: dict) -> dict:
    """The references (the same texts through the libraries' own batch calls) and the
    overhead of the cold build over them."""
    from argmap.embed import encode_batched
    from argmap.read import read_thread
    from argmap.settings import load_embedder

    texts = [c.text for c in read_thread(path).comments]
    t1 = time.perf_counter()
    for _ in models.nlp.pipe(texts, batch_size=64):
        pass
    ref_spacy = time.perf_counter() - t1
    # The floor is the library's own encode as anyone runs it: fp32 sentence-transformers.
    # argmap's embedder may run in bf16 (`--precision`) and cuts its batches by tokens
    # (`embed.encode_batched`); its own time is shown beside.
    plain = load_embedder(settings.embed_model, "fp32")
    plain.encode(["Warm up the model."], show_progress_bar=False)
    ref_encode = _encode_time(plain, unit_texts, settings.batch_size)
    t2 = time.perf_counter()
    encode_batched(models.embedder, unit_texts, settings.batch_size)
    ours_encode = time.perf_counter() - t2
    floor = ref_spacy + ref_encode
    # The stance cross-encoder is a third model the floor does not include (issue 18
    # asks for it counted in and stated apart): the ratio without its stage.
    stance_s = timings.get("stance", 0.0)
    return {
        "ref_spacy_s": round(ref_spacy, 3),
        "ref_encode_s": round(ref_encode, 3),
        "encode_ours_s": round(ours_encode, 3),
        "overhead": round(cold / floor, 3),
        "overhead_without_stance": round((cold - stance_s) / floor, 3),
    }


def measure(
    path: Path, work: Path, *, warm: bool = True, profile: Path | None = None,
    threads: int | None = None, floor: bool = True,
) -> dict:
    """Every figure for one input; see the module docstring for the order.

    `floor=False` skips the reference runs (spaCy and the plain encode over the same
    texts): on a 5,000-comment thread they take 100 s of the 20 minutes `make bench`
    may use, so the largest row reports time, stages and memory, and no overhead."""
    t0 = time.perf_counter()
    import torch

    if threads:
        torch.set_num_threads(threads)
    from argmap.pipeline import build_file
    from argmap.settings import Models, Settings

    t_import = time.perf_counter() - t0
    settings = Settings()
    models = Models(settings)
    # Loading includes one tiny first call: torch and spaCy do one-off set-up there,
    # which belongs to start-up, not to the size of the thread.
    t1 = time.perf_counter()
    models.nlp("Warm up the pipeline.")
    t_spacy_load = time.perf_counter() - t1
    t1 = time.perf_counter()
    models.embedder.encode(["Warm up the model."], show_progress_bar=False)
    t_embed_load = time.perf_counter() - t1
    # The stance model is a model too: loaded here, like spaCy and the embedder, not
    # inside the first build that needs it.
    t1 = time.perf_counter()
    models.classifier.predict([("Warm up the model.", "Warm up.")])
    t_stance_load = time.perf_counter() - t1
    rss_models = rss_mb()

    out = work / "maps"
    shutil.rmtree(out, ignore_errors=True)
    reset_ok = reset_peak()
    prof = cProfile.Profile() if profile else None
    t1 = time.perf_counter()
    if prof:
        prof.enable()
    res = build_file(path, out, settings, models)
    if prof:
        prof.disable()
    cold = time.perf_counter() - t1
    peak_build = peak_mb()
    amap = res.map
    timings = dict(amap.meta.get("timings", {}))
    timings["write+other"] = round(max(0.0, cold - sum(timings.values())), 4)
    if prof and profile:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
        profile.write_text(buf.getvalue(), encoding="utf-8")
        prof.dump_stats(str(profile.with_suffix(".pstats")))

    unit_texts = list(dict.fromkeys(u.text for u in amap.units))
    (work / "units.txt").write_text(
        "".join(" ".join(t.split()) + "\n" for t in unit_texts), encoding="utf-8"
    )
    result = {
        "input": str(path),
        "lines": sum(1 for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()),
        "comments": len(amap.thread.comments),
        "units": len(amap.units),
        "unique_units": len(unit_texts),
        "relations": len(amap.relations),
        "themes": len(amap.themes),
        "embedded_fresh": amap.meta.get("embedded_fresh"),
        "threads": torch.get_num_threads(),
        "import_s": round(t_import, 3),
        "load_spacy_s": round(t_spacy_load, 3),
        "load_embedder_s": round(t_embed_load, 3),
        "load_stance_s": round(t_stance_load, 3),
        "rss_models_mb": round(rss_models, 1),
        "peak_build_mb": round(peak_build, 1),
        "peak_is_build_only": reset_ok,
        "cold_s": round(cold, 3),
        "stages": timings,
        "precision": settings.dtype,
        "units_per_s": round(len(amap.units) / cold, 1),
    }
    if floor:
        result.update(_floor(path, models, settings, unit_texts, cold, timings))
    if warm:
        # What `argmap build` does with a thread it has already mapped: the input,
        # settings and version match the index's record, so the thread is skipped.
        from argmap.batch import plan_jobs, record_build, run_jobs

        jobs = plan_jobs([path], out, settings)
        record_build(out, jobs[0])  # the cold build above was this job
        t1 = time.perf_counter()
        rerun = run_jobs(jobs, out, settings)
        result["rerun_s"] = round(time.perf_counter() - t1, 3)
        result["rerun_status"] = rerun[0].status
        # A forced rebuild of the same thread: every embedding comes from the cache.
        t1 = time.perf_counter()
        again = build_file(path, out, settings, models)
        result["warm_s"] = round(time.perf_counter() - t1, 3)
        result["warm_stages"] = again.map.meta.get("timings", {})
        result["warm_fresh"] = again.map.meta.get("embedded_fresh")
        edited = _edited_copy(path, work / "edited")
        t1 = time.perf_counter()
        after = build_file(edited, out, settings, models)
        result["edited_s"] = round(time.perf_counter() - t1, 3)
        result["edited_stages"] = after.map.meta.get("timings", {})
        result["edited_fresh"] = after.map.meta.get("embedded_fresh")
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.measure", description=__doc__)
    p.add_argument("path", type=Path)
    p.add_argument("--work", type=Path, required=True, help="scratch folder for maps")
    p.add_argument("--no-warm", action="store_true", help="skip the warm rebuilds")
    p.add_argument("--profile", type=Path, help="write cProfile stats of the cold build here")
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's)")
    p.add_argument("--no-floor", action="store_true",
                   help="skip the spaCy and encode references (no overhead ratio)")
    args = p.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    res = measure(args.path, args.work, warm=not args.no_warm, profile=args.profile,
                  threads=args.threads, floor=not args.no_floor)
    print(json.dumps(res), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
