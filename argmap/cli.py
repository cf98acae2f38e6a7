"""The command line: parse arguments, call argmap functions, print results.

Every user error is one line on stderr (`argmap: error: ...`) and exit status 2;
nothing a user can do prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
from collections import Counter
from pathlib import Path

from argmap import __version__
from argmap.errors import ArgmapError
from argmap.escape import term
from argmap.precision import PRECISIONS
from argmap.read.decode import DEFAULT_MAX_BYTES
from argmap.read.detect import READERS
from argmap.words import shorten

FORMATS = tuple(READERS)

DEFAULT_MAPS = Path("maps")


def _positive_mb(value: str) -> float:
    """--max-mb: a finite number above zero (nan and inf would disable the limit)."""
    try:
        mb = float(value)
    except ValueError:
        mb = float("nan")
    if not math.isfinite(mb) or mb <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size in MB above 0 (e.g. 50)")
    return mb


def _at_least_one(value: str) -> int:
    """--top: a whole number of hits, 1 or more."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return n


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line like every other error (no usage dump)."""

    def error(self, message: str):
        self.exit(2, f"argmap: error: {self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="argmap",
        description="Turn online debates into argument maps: claims, rebuttals, themes, cruxes.",
        epilog="Example: argmap build corpus/ && argmap search 'the scenario is unrealistic'",
    )
    p.add_argument("--version", action="version", version=f"argmap {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser(
        "build", help="map thread files into DIR (JSON + HTML + search index)",
        description="Build the argument map of each thread file (or every thread in a folder).",
    )
    b.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="thread file or folder")
    b.add_argument("--out", type=Path, default=DEFAULT_MAPS, help="output folder (default: maps/)")
    b.add_argument("--format", dest="fmt", default=None, choices=FORMATS,
                   help="input format: %(choices)s (default: detect from name and content)")
    b.add_argument("--max-mb", type=_positive_mb, default=DEFAULT_MAX_BYTES / 1e6, metavar="MB",
                   help="refuse thread files larger than this (default: %(default)g MB)")
    b.add_argument("--embed-model", default=None,
                   help="what embeds the units: argmap-points (default: MiniLM fine-tuned to "
                   "tell points apart), all-MiniLM-L6-v2 (the bundled model as it is), or the "
                   "path of a sentence-transformers model folder")
    b.add_argument("--spacy-model", default=None, help="spaCy pipeline package or path")
    b.add_argument("--stance-model", default=None, metavar="NAME",
                   help="minilm (default), cues, or a trained stance model folder")
    b.add_argument("--precision", choices=PRECISIONS, default="auto",
                   help="number format of the embedder and stance model: auto (default: bf16 "
                   "where the CPU computes it in hardware, else fp32), fp32 or bf16")
    b.add_argument("--quiet", action="store_true", help="print only errors")
    b.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="threads mapped in parallel worker processes (default 1)")
    b.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="run on this machine (default) or on Ray "
                   "(pip install -r requirements-ray.txt)")
    b.add_argument("--address", default=None,
                   help="Ray cluster address (default: start a local Ray)")
    b.add_argument("--force", action="store_true", help="rebuild threads even if unchanged")
    b.add_argument("--themes", default=None, metavar='"A, B, C"',
                   help="guided themes: comma-separated names; units fitting none go to 'other'")

    s = sub.add_parser(
        "search", help="search claims across every built map",
        description="Semantic + keyword search over the units of all maps in --maps.",
    )
    s.add_argument("query", help="what to look for, in your own words")
    s.add_argument("--maps", type=Path, default=DEFAULT_MAPS, help="folder of built maps")
    s.add_argument("--top", type=_at_least_one, default=10, help="number of hits (default 10)")
    s.add_argument("--debate", help="only this debate (its file name without extension)")
    s.add_argument("--role", help="only units with this role (claim, premise, question…)")
    s.add_argument("--theme", help="only units whose theme label contains this")
    s.add_argument("--stance", help="only units of comments with this stance")
    s.add_argument("--json", action="store_true", help="print hits as JSON")
    s.add_argument("--group", action="store_true",
                   help="group hits by canonical claim across debates (after argmap link)")
    s.add_argument("--rerank", action="store_true",
                   help="reorder the first 50 hits with the key-point cross-encoder (slower; "
                   "it helps only maps built with --embed-model all-MiniLM-L6-v2, and then "
                   "within one debate: docs/search.md)")

    lk = sub.add_parser(
        "link", help="link the same claim across debates",
        description="Find near-duplicate and paraphrased claims across all maps in --maps and "
        "record each as one canonical claim with its occurrences (maps/claims.json).",
    )
    lk.add_argument("--maps", type=Path, default=DEFAULT_MAPS, help="folder of built maps")
    lk.add_argument("--threshold", type=float, default=0.85,
                    help="cosine to count as the same claim")
    lk.add_argument("--top", type=_at_least_one, default=10, help="claims to print (default 10)")

    st = sub.add_parser(
        "stance", help="classify (target, reply) pairs as support / attack / neutral",
        description="Read JSONL lines {id, target, text}; write lines {id, stance, confidence}.",
    )
    st.add_argument("pairs", type=Path, metavar="PAIRS.jsonl")
    st.add_argument("--out", type=Path, default=None, help="output JSONL (default: stdout)")
    st.add_argument("--cues-only", action="store_true", help="use the cue baseline, not the model")
    st.add_argument("--stance-model", default="minilm", metavar="NAME",
                    help="minilm (default), cues, or a trained stance model folder")
    st.add_argument("--precision", choices=PRECISIONS, default="auto",
                    help="number format of the stance model: auto (default), fp32 or bf16")

    i = sub.add_parser("info", help="summarise a built map", description="Summarise a map JSON.")
    i.add_argument("map", type=Path, metavar="MAP.json")

    e = sub.add_parser(
        "export", help="export a built map (json, graphml, aif, argdown, markdown)",
        description="Write a map JSON in another format: GraphML for Gephi/yEd, AIF JSON for "
        "AIFdb/OVA, Argdown, or a Markdown report. Prints to stdout unless --out is given.",
    )
    e.add_argument("map", type=Path, metavar="MAP.json")
    e.add_argument("--to", dest="to", required=True, metavar="FORMAT",
                   help="json, graphml, aif, argdown or markdown")
    e.add_argument("--out", type=Path, default=None, metavar="FILE", help="output file")
    return p


def _summary(amap) -> str:
    from argmap.analytics import cruxes, is_uncertain_stance
    from argmap.debate_view import unsure_note

    kinds = Counter(r.kind for r in amap.relations)
    stances = Counter(c.stance for c in amap.thread.comments if c.stance)
    doubt = Counter(c.stance for c in amap.thread.comments
                    if is_uncertain_stance(c.stance, c.stance_confidence))
    said = ", ".join(f"{k} {n}" + (f" ({doubt[k]} uncertain)" if doubt[k] else "")
                     for k, n in sorted(stances.items()))
    text = {u.id: u.text for u in amap.units}
    found = cruxes(amap, top=3)
    lines = [
        f"{term(amap.name)}: {len(amap.thread.comments)} comments, {len(amap.units)} units, "
        f"{len(amap.relations)} relations "
        f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items())) or 'none'})",
        *(f"  warning: {term(w)}" for w in amap.meta.get("warnings", ())),
        f"  stances: {said or 'none'}",
        *([f"  unsure: {unsure}"] if (unsure := unsure_note(amap)) else []),
        *(f"  crux: {term(shorten(text[c.unit_id], 90))}" for c in found),
        f"  themes ({len(amap.themes)}):",
    ]
    for t in amap.themes:
        lines.append(f"    {term(t.id)} {term(t.label)}  "
                     f"[{len(t.unit_ids)} units; {term(', '.join(t.keywords))}]")
    for note in amap.thread.notes:
        lines.append(f"  note: {term(note)}")
    return "\n".join(lines)


def cmd_build(args) -> int:
    from rich.console import Console
    from rich.markup import escape as rich_escape
    from rich.progress import Progress

    from argmap.batch import plan_jobs, run_jobs
    from argmap.settings import Settings
    from argmap.store import load_map, map_path

    overrides = {}
    if args.embed_model:
        overrides["embed_model"] = args.embed_model
    if args.spacy_model:
        overrides["spacy_model"] = args.spacy_model
    if args.stance_model:
        overrides["stance_model"] = args.stance_model
    overrides["precision"] = args.precision
    if args.themes:
        names = tuple(dict.fromkeys(t.strip() for t in args.themes.split(",") if t.strip()))
        if not names:
            raise ArgmapError(
                "--themes: no theme names given; write e.g. --themes \"realism, user\""
            )
        overrides["guided_themes"] = names
    if args.out.exists() and not args.out.is_dir():
        raise ArgmapError(f"--out {term(str(args.out))}: that is a file, not a folder; "
                          "give a folder for the maps")
    settings = Settings(**overrides)
    jobs = plan_jobs(args.paths, args.out, settings, fmt=args.fmt,
                     max_bytes=int(args.max_mb * 1e6))
    if not args.quiet:  # the first byte comes before the models load, not after the build
        print(f"mapping {len(jobs)} thread(s) into {term(str(args.out))}/", flush=True)
    console = Console(stderr=True, quiet=args.quiet)
    show = console.is_terminal and not args.quiet
    with Progress(console=console, disable=not show, transient=True) as bar:
        task = bar.add_task("mapping threads", total=len(jobs))
        outcomes = run_jobs(
            jobs, args.out, settings, workers=args.jobs, engine=args.engine,
            address=args.address, force=args.force,
            on_done=lambda o: bar.update(  # rich reads [..] as markup: escape the name
                task, advance=1, description=f"{rich_escape(term(o.name))}: {o.status}"),
        )
    counts = Counter(o.status for o in outcomes)
    for o in outcomes:
        if o.status == "failed":
            print(f"argmap: error: {term(o.reason)}", file=sys.stderr)
        elif not args.quiet and len(outcomes) <= 20:
            amap = load_map(map_path(args.out, o.name))
            print(_summary(amap))
            if o.status == "skipped":
                print("  unchanged since the last build: skipped (--force rebuilds)")
            else:
                total = sum(amap.meta["timings"].values())
                print(f"  wrote {term(str(args.out / o.name))}.json and .html in {total:.1f}s")
    if not args.quiet and len(outcomes) > 1:
        print(f"threads: {counts['built']} built, {counts['skipped']} skipped, "
              f"{counts['failed']} failed")
    return 2 if counts["failed"] else 0


def cmd_link(args) -> int:
    from argmap.link import link_claims, link_themes

    claims = link_claims(args.maps, threshold=args.threshold)
    print(f"{len(claims)} claims made in more than one debate")
    for c in claims[: args.top]:
        print(f"  {term(c.id)}: made in {c.debates} debates, rebutted in {c.rebutted_in}: "
              f"{term(c.text)}")
    themes = link_themes(args.maps)
    print(f"{len(themes)} themes shared by more than one debate")
    for tid, members in list(themes.items())[: args.top]:
        labels = sorted({m["label"] for m in members})
        print(f"  {term(tid)}: {len(members)} debates: {term('; '.join(labels[:3]))}")
    return 0


def cmd_search(args) -> int:
    from argmap.index import CLOSE_MATCH, hit_context, in_reply
    from argmap.store import close_hits, search_maps

    hits = search_maps(args.maps, args.query, top=args.top, debate=args.debate,
                       role=args.role, theme=args.theme, stance=args.stance,
                       rerank=args.rerank)
    if args.group:
        return _print_grouped(args.maps, hits, args.json)
    if args.json:
        print(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=1))
        return 0
    shown = close_hits(hits)
    if not hits:
        print("no matches")
    elif shown[0].similarity < CLOSE_MATCH:
        print(f"no close match for {shorten(term(args.query), 80)!r}; "
              "the nearest units, for what they are worth:")
        print("-" * 60)
    for n, h in enumerate(shown, 1):
        who = f"{term(h.author)} · " if h.author else ""
        side = f" · {in_reply(h.stance)}" if in_reply(h.stance) else ""
        print(f"{n:>2}. [{term(h.debate)}] {who}{term(h.role)} · "
              f"theme: {term(h.theme or '-')}{side} · similarity {h.similarity:.2f}")
        print(f"    {term(h.text)}")
        for phrase, text in hit_context(h):
            print(f"      {phrase}: {term(text)}")
    return 0


def _print_grouped(folder: Path, hits, as_json: bool) -> int:
    """Hits grouped by canonical claim: where else each was made and how it fared."""
    from argmap.link import claims_for
    from argmap.store import open_reader

    db = open_reader(folder)
    try:
        claims = claims_for(db, [(h.debate, h.unit_id) for h in hits])
    finally:
        db.close()
    groups: dict[str, dict] = {}
    for h in hits:
        c = claims.get((h.debate, h.unit_id))
        key = c.id if c else f"{h.debate}/{h.unit_id}"
        g = groups.setdefault(key, {
            "claim_id": c.id if c else None, "text": c.text if c else h.text,
            "debates": c.debates if c else 1, "rebutted_in": c.rebutted_in if c else None,
            "occurrences": [o.__dict__ for o in c.occurrences] if c else [], "hits": [],
        })
        g["hits"].append(h.__dict__)
    if as_json:
        print(json.dumps(list(groups.values()), ensure_ascii=False, indent=1))
        return 0
    for n, g in enumerate(groups.values(), 1):
        if g["claim_id"]:
            print(f"{n:>2}. {term(g['text'])}\n    made in {g['debates']} debates; "
                  f"rebutted in {g['rebutted_in']}")
        else:
            print(f"{n:>2}. [{term(g['hits'][0]['debate'])}] {term(g['text'])}")
    return 0


def _load_map(path: Path):
    from argmap.store import load_map

    return load_map(path)


def cmd_info(args) -> int:
    print(_summary(_load_map(args.map)))
    return 0


def cmd_export(args) -> int:
    from argmap.export import EXPORTERS, export_map
    from argmap.model import atomic_write_text

    if args.to not in EXPORTERS:
        raise ArgmapError(f"--to {args.to}: unknown format; choose one of {', '.join(EXPORTERS)}")
    text = export_map(_load_map(args.map), args.to)
    if args.out is None:
        sys.stdout.write(text)
    else:
        _write(args.out, text, atomic_write_text)
    return 0


def _write(path: Path, text: str, write) -> None:
    """Write a file; a folder we may not write to is one line naming the file, not a trace."""
    try:
        write(path, text)
    except OSError as exc:
        raise ArgmapError(f"{path}: cannot write ({exc.strerror or exc}); "
                          "choose another --out") from exc


def cmd_stance(args) -> int:
    from argmap.model import atomic_write_text
    from argmap.stance import classify_jsonl, default_classifier

    name = "cues" if args.cues_only else args.stance_model
    from argmap.settings import DEFAULT_SPACY, load_spacy

    classifier = default_classifier(name, args.precision)
    if hasattr(classifier, "load_nlp"):  # spaCy loads only for a "Should ...?" target
        classifier.load_nlp = lambda: load_spacy(DEFAULT_SPACY)
    rows = classify_jsonl(args.pairs, classifier)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.out:
        _write(args.out, text, atomic_write_text)
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"build": cmd_build, "search": cmd_search, "info": cmd_info,
               "export": cmd_export, "link": cmd_link, "stance": cmd_stance}[args.command]
    try:
        return handler(args)
    except ArgmapError as exc:
        print(f"argmap: error: {term(str(exc))}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:  # the store turns the known cases into ArgmapError first
        print(f"argmap: error: SQLite: {term(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk or a folder we may not write, wherever it struck
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"argmap: error: {term(where)}{term(exc.strerror or str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("argmap: interrupted; finished maps are intact", file=sys.stderr)
        return 130
