"""The figures of one `python -m bench` run as Markdown (bench/results.md)."""

from __future__ import annotations

import math
import time

__all__ = ["render", "targets"]

OVERHEAD_MAX = 1.25
DOUBLING_MAX = 2.3
WARM_MIN = 10.0
PEAK_MAX_MB = 4096
ONNX_SPEEDUP_MIN = 1.5
ONNX_COS_MIN = 0.98


def _f(x, nd: int = 2) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def _ours(r: dict) -> str | None:
    """argmap's own encode of the same units, with the precision it ran in."""
    if r.get("encode_ours_s") is None:
        return None
    return f"{r['encode_ours_s']} ({r.get('precision', 'fp32')})"


def _table(head: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_f(c) for c in r) + " |" for r in rows]
    return out + [""]


def _ok(rows: dict) -> list[tuple[str, dict]]:
    return [(k, v) for k, v in rows.items() if "error" not in v]


def _stage_names(rows: list[dict]) -> list[str]:
    names: list[str] = []
    for r in rows:
        for k in r.get("stages", {}):
            if k not in names:
                names.append(k)
    return names


def targets(data: dict) -> list[list]:
    """One row per target of issue 9: what, measured, bar, met."""
    rows = data["rows"]
    sizes = [str(n) for n in data["sizes"] if "error" not in rows.get(str(n), {"error": 1})]
    out: list[list] = []
    if sizes:
        big = rows[sizes[-1]]
        for name, r in _ok(rows):
            if name != "sample" and r.get("overhead"):
                runs = r.get("overhead_runs")
                said = (f" (median of {len(runs)} runs: {', '.join(f'{x:.2f}' for x in runs)})"
                        if runs and len(runs) > 1 else "")
                out.append([f"overhead ratio, {name} comments{said}", r["overhead"],
                            f"≤ {OVERHEAD_MAX}", "yes" if r["overhead"] <= OVERHEAD_MAX else "no"])
                bare = r.get("overhead_without_stance")
                if bare is not None:
                    out.append([f"overhead ratio without the stance stage, {name} comments", bare,
                                f"≤ {OVERHEAD_MAX}", "yes" if bare <= OVERHEAD_MAX else "no"])
        worst_t = worst_m = None
        for a, b in zip(sizes, sizes[1:], strict=False):
            rt = rows[b]["cold_s"] / rows[a]["cold_s"]
            rm = rows[b]["peak_build_mb"] / rows[a]["peak_build_mb"]
            worst_t = max(worst_t or 0, rt)
            worst_m = max(worst_m or 0, rm)
        if worst_t is not None:
            out.append(["worst doubling, time", round(worst_t, 2), f"≤ {DOUBLING_MAX}",
                        "yes" if worst_t <= DOUBLING_MAX else "no"])
            out.append(["worst doubling, peak memory", round(worst_m, 2), f"≤ {DOUBLING_MAX}",
                        "yes" if worst_m <= DOUBLING_MAX else "no"])
        out.append([f"peak memory at {sizes[-1]} comments (MB)", big["peak_build_mb"],
                    f"< {PEAK_MAX_MB}", "yes" if big["peak_build_mb"] < PEAK_MAX_MB else "no"])
    for name, r in _ok(rows):
        if r.get("rerun_s"):
            sp = r["cold_s"] / r["rerun_s"]
            out.append([f"warm rebuild speed-up (`argmap build` again), {name}", round(sp, 1),
                        f"≥ {WARM_MIN}×", "yes" if sp >= WARM_MIN else "no"])
        if r.get("warm_s"):
            sp = r["cold_s"] / r["warm_s"]
            out.append([f"forced rebuild speed-up (cache hit), {name}", round(sp, 1),
                        "(no target)", "-"])
    corpus = data.get("corpus") or {}
    eng = corpus.get("engines") or {}
    if eng.get("--jobs 1") and eng.get("--jobs 2"):
        sp = eng["--jobs 1"] / eng["--jobs 2"]
        out.append([f"--jobs 2 vs --jobs 1 on {corpus['threads']} threads", round(sp, 2),
                    "> 1× (2 cores)", "yes" if sp > 1 else "no"])
    onnx = data.get("onnx") or {}
    best = None
    for name, b in (onnx.get("backends") or {}).items():
        if name != "pytorch" and b["share_ge_098"] >= 0.999 and b["cos_min"] >= ONNX_COS_MIN:
            if best is None or b["speedup"] > best[1]["speedup"]:
                best = (name, b)
    if onnx.get("backends"):
        fastest = max((b for n, b in onnx["backends"].items() if n != "pytorch"),
                      key=lambda b: b["speedup"])
        if best:
            out.append([f"fastest faithful embedding backend ({best[0]})", best[1]["speedup"],
                        f"≥ {ONNX_SPEEDUP_MIN}× at cos ≥ {ONNX_COS_MIN}",
                        "yes" if best[1]["speedup"] >= ONNX_SPEEDUP_MIN else "no"])
        else:
            out.append(["faster embedding backend", fastest["speedup"],
                        f"≥ {ONNX_SPEEDUP_MIN}× at cos ≥ {ONNX_COS_MIN}",
                        "no (none agrees closely enough)"])
    return out


def render(data: dict, notes: str = "") -> str:
    """results.md: the tables of one run, then the hand-written analysis in `notes`."""
    m, rows = data["machine"], data["rows"]
    ok = _ok(rows)
    lines = [
        "# argmap benchmark results",
        "",
        f"Produced by `{data['command']}` (from the repository root; `make bench` runs "
        f"`python -m bench`) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"in {data['total_s']:.0f} s.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['os']}; "
        f"Python {m['python']}",
        "- Libraries: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        f"- Load average at start / end: {m['load']} / {m.get('load_end', '?')} "
        "(above the core count means other work shared the CPU and every time is inflated)",
        f"- Threads: {data.get('threads') or 'library default (all cores)'}; seed {data['seed']}",
        "",
        "Inputs: the sample debate and synthetic threads from `bench/gen.py` (real texts from "
        "the sample, ArgKP, IBM Claim Stance and RumourEval; RumourEval's real reply trees; "
        "quotes and duplicate paragraphs as in the sample), and a real Reddit thread "
        "(`gen.write_reddit`: the largest Coarse Discourse threads, texts and reply trees "
        "untouched, under one opening post; as JSON and as a page copy). Cold = first build "
        "into an empty folder with the models already loaded. References: spaCy's `nlp.pipe` "
        "over the comment texts and the plain fp32 sentence-transformers `encode` over the "
        "unique unit texts, in the same process (argmap's own encode, in the precision "
        "`--precision auto` picked, is shown beside it). Overhead = cold / (spaCy + encode); "
        "without stance = (cold - the stance stage) / (spaCy + encode), since the stance "
        "cross-encoder is a model the floor leaves out. Peak = highest RSS during the cold "
        "build, models included.",
        "",
        "## End to end",
        "",
    ]
    body = []
    for name, r in rows.items():
        if "error" in r:
            body.append([name, r["error"]] + [None] * 11)
            continue
        body.append([name, r["comments"], r["units"], r["cold_s"], r["units_per_s"],
                     r["peak_build_mb"], r["rss_models_mb"], r.get("ref_spacy_s"),
                     r.get("ref_encode_s"), _ours(r), r.get("overhead"),
                     r.get("overhead_without_stance"),
                     r["load_spacy_s"] + r["load_embedder_s"] + r.get("load_stance_s", 0)])
    lines += _table(["input", "comments", "units", "cold s", "units/s", "peak MB",
                     "models MB", "spaCy ref s", "encode ref s (fp32)", "argmap encode s",
                     "overhead",
                     "overhead without stance", "model load s"], body)

    stages = _stage_names([r for _, r in ok])
    lines += ["## Time per stage (cold build, seconds)", ""]
    lines += _table(["input"] + stages, [[n] + [r["stages"].get(s) for s in stages] for n, r in ok])

    sized = [(n, r) for n, r in ok if n.isdigit()]
    if len(sized) >= 2:
        lines += ["## Growth per doubling", "",
                  "Ratio of each figure to the previous size's; 2.0 is linear. "
                  "The last column fits t ∝ n^k per stage over the whole range: k ≈ 1 is linear, "
                  "k ≈ 2 quadratic.", ""]
        body = []
        for (a, ra), (b, rb) in zip(sized, sized[1:], strict=False):
            inc_a = max(ra["peak_build_mb"] - ra["rss_models_mb"], 1.0)
            inc_b = max(rb["peak_build_mb"] - rb["rss_models_mb"], 1.0)
            body.append([f"{a} → {b}", round(rb["cold_s"] / ra["cold_s"], 2),
                         round(rb["peak_build_mb"] / ra["peak_build_mb"], 2),
                         round(inc_b / inc_a, 2)])
        lines += _table(["sizes", "time ×", "peak memory ×", "memory above models ×"], body)
        (a, ra), (b, rb) = sized[0], sized[-1]
        span = math.log(int(b) / int(a))
        body = []
        for s in stages:
            ta, tb = ra["stages"].get(s), rb["stages"].get(s)
            k = round(math.log(tb / ta) / span, 2) if ta and tb and ta > 0.005 else None
            body.append([s, ta, tb, k])
        lines += _table(["stage", f"s at {a}", f"s at {b}", "exponent k"], body)

    warm = [(n, r) for n, r in ok if r.get("warm_s")]
    if warm:
        lines += ["## Warm rebuild", "",
                  "The same file built again into the same folder (embedding cache hit), and "
                  "then with one comment edited.", ""]
        lines += _table(
            ["input", "cold s", "warm s", "cold / warm", "edited s", "re-embedded (warm, edited)",
             "warm stages"],
            [[n, r["cold_s"], r["warm_s"], round(r["cold_s"] / r["warm_s"], 1), r["edited_s"],
              f"{r['warm_fresh']}, {r['edited_fresh']}",
              ", ".join(f"{k} {v:.2f}" for k, v in r["warm_stages"].items())] for n, r in warm])

    cold = data.get("coldstart")
    if cold:
        lines += ["## Cold start (sample debate)", ""]
        if "error" in cold:
            lines += [f"failed: {cold['error']}", ""]
        else:
            lines += [
                f"`python -m argmap build <sample> --out <empty dir>` in a fresh process: first "
                f"byte of output (on {cold['first_stream']}) after **{cold['first_byte_s']} s**, "
                f"exit after {cold['exit_s']} s (median of {cold['repeats']}). "
                f"Bare interpreter start: {cold['interpreter_s']} s. Where start-up goes "
                "(a fresh process importing and loading in this order, median):", ""]
            parts = cold["parts"]
            lines += _table(["part", "seconds"], [[k, v] for k, v in parts.items()])
            lines += [f"Imports and model loading: {sum(parts.values()):.1f} s of the "
                      f"{cold['exit_s']} s to exit (the first line is printed before them).",
                      ""]

    onnx = data.get("onnx")
    if onnx:
        lines += ["## Embedding backends", ""]
        if "error" in onnx:
            lines += [f"not measured: {onnx['error']}", ""]
        else:
            lines += [f"{onnx['texts']} unique unit texts of the {onnx['source']} input, "
                      f"same threads; cosine is per unit against the PyTorch embedding. "
                      f"Export + quantisation took {onnx['export_s']} s (once; cached in "
                      "bench/out/onnx).", ""]
            lines += _table(
                ["backend", "seconds", "units/s", "speed-up", "cos min", "cos mean",
                 "share cos ≥ 0.98"],
                [[n, b["seconds"], b["units_per_s"], b["speedup"], b["cos_min"], b["cos_mean"],
                  b["share_ge_098"]] for n, b in onnx["backends"].items()])

    corpus = data.get("corpus")
    if corpus:
        lines += ["## A corpus of threads: --jobs 2 against --jobs 1", ""]
        if "error" in corpus:
            lines += [f"not measured: {corpus['error']}", ""]
        else:
            j1, j2 = corpus["engines"].get("--jobs 1"), corpus["engines"].get("--jobs 2")
            lines += [f"`python -m bench.corpus_bench --threads {corpus['threads']} --no-ray`: "
                      f"{corpus['threads']} threads, {corpus['comments']} comments (Reddit-style "
                      "dump of ArgKP and Claim Stance arguments), each engine into an empty "
                      "folder.", ""]
            lines += _table(["engine", "wall s", "threads/s"],
                            [[k, v, round(corpus["threads"] / v, 2)]
                             for k, v in corpus["engines"].items()])
            if j1 and j2:
                lines += [f"--jobs 2 is **{j1 / j2:.2f}×** --jobs 1. Cross-debate link "
                          f"{corpus['link_s']} s; an unchanged rerun {corpus['rerun_s']} s.", ""]

    lines += ["## Targets (issues 9 and 18)", ""]
    lines += _table(["target", "measured", "bar", "met"], targets(data))
    if notes.strip():
        lines += [notes.strip(), ""]
    return "\n".join(lines).rstrip() + "\n"
