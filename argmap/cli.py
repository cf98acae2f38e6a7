"""The command line: parse arguments, call argmap functions, print results.

Every user error is one line on stderr (`argmap: error: ...`) and exit status 2;
nothing a user can do prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from argmap import __version__
from argmap.errors import ArgmapError
from argmap.read.decode import DEFAULT_MAX_BYTES
from argmap.read.detect import READERS

FORMATS = tuple(READERS)

DEFAULT_MAPS = Path("maps")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
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
    b.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1e6, metavar="MB",
                   help="refuse thread files larger than this (default: %(default)g MB)")
    b.add_argument("--embed-model", default=None, help="sentence-transformers model name or path")
    b.add_argument("--spacy-model", default=None, help="spaCy pipeline package or path")
    b.add_argument("--quiet", action="store_true", help="print only errors")

    s = sub.add_parser(
        "search", help="search claims across every built map",
        description="Semantic + keyword search over the units of all maps in --maps.",
    )
    s.add_argument("query", help="what to look for, in your own words")
    s.add_argument("--maps", type=Path, default=DEFAULT_MAPS, help="folder of built maps")
    s.add_argument("--top", type=int, default=10, help="number of hits (default 10)")
    s.add_argument("--debate", help="only this debate (its file name without extension)")
    s.add_argument("--role", help="only units with this role (claim, premise, question…)")
    s.add_argument("--theme", help="only units whose theme label contains this")
    s.add_argument("--stance", help="only units of comments with this stance")
    s.add_argument("--json", action="store_true", help="print hits as JSON")

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
    kinds = Counter(r.kind for r in amap.relations)
    stances = Counter(c.stance for c in amap.thread.comments if c.stance)
    lines = [
        f"{amap.name}: {len(amap.thread.comments)} comments, {len(amap.units)} units, "
        f"{len(amap.relations)} relations "
        f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items())) or 'none'})",
        f"  stances: {', '.join(f'{k} {n}' for k, n in sorted(stances.items())) or 'none'}",
        f"  themes ({len(amap.themes)}):",
    ]
    for t in amap.themes:
        lines.append(f"    {t.id} {t.label}  [{len(t.unit_ids)} units; {', '.join(t.keywords)}]")
    for note in amap.thread.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def cmd_build(args) -> int:
    from argmap.pipeline import build_file
    from argmap.read import thread_files
    from argmap.settings import Models, Settings

    files = thread_files(args.paths)
    overrides = {}
    if args.embed_model:
        overrides["embed_model"] = args.embed_model
    if args.spacy_model:
        overrides["spacy_model"] = args.spacy_model
    settings = Settings(**overrides)
    models = Models(settings)
    from rich.console import Console

    console = Console(stderr=True, quiet=args.quiet)
    failed = 0
    for f in files:
        with console.status(f"{f.name}: starting") as status:
            try:
                res = build_file(
                    f, args.out, settings, models, fmt=args.fmt,
                    max_bytes=int(args.max_mb * 1e6),
                    progress=lambda stage, f=f: status.update(f"{f.name}: {stage}…"),
                )
            except ArgmapError as exc:
                if len(files) == 1:
                    raise
                print(f"argmap: error: {exc}", file=sys.stderr)
                failed += 1
                continue
        if not args.quiet:
            print(_summary(res.map))
            total = sum(res.map.meta["timings"].values())
            print(f"  wrote {res.json_path} and {res.html_path} in {total:.1f}s")
    return 1 if failed else 0


def cmd_search(args) -> int:
    from argmap.embed import embed_texts
    from argmap.index import INDEX_NAME, open_index, search
    from argmap.settings import Models, Settings

    path = args.maps / INDEX_NAME
    if not path.exists():
        raise ArgmapError(f"{args.maps}: no search index here; build maps first (argmap build)")
    models = Models(Settings())
    vecs, _ = embed_texts([args.query], models.embedder, model_name=models.settings.embed_model)
    db = open_index(path)
    try:
        hits = search(db, args.query, vecs[0], top=args.top, debate=args.debate,
                      role=args.role, theme=args.theme, stance=args.stance)
    finally:
        db.close()
    if args.json:
        print(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print("no matches")
    for n, h in enumerate(hits, 1):
        print(f"{n:>2}. [{h.debate} {h.unit_id}] ({h.role}; {h.theme}; {h.score:.4f})")
        print(f"    {h.text}")
    return 0


def cmd_info(args) -> int:
    from argmap.model import read_map

    if not args.map.exists():
        raise ArgmapError(f"{args.map}: no such map file")
    try:
        amap = read_map(args.map)
    except (ValueError, KeyError, TypeError) as exc:
        raise ArgmapError(f"{args.map}: not an argmap map ({exc})") from exc
    print(_summary(amap))
    return 0


def cmd_export(args) -> int:
    from argmap.export import EXPORTERS, export_map
    from argmap.model import atomic_write_text, read_map

    if args.to not in EXPORTERS:
        raise ArgmapError(f"--to {args.to}: unknown format; choose one of {', '.join(EXPORTERS)}")
    if not args.map.exists():
        raise ArgmapError(f"{args.map}: no such map file")
    try:
        amap = read_map(args.map)
    except (ValueError, KeyError, TypeError) as exc:
        raise ArgmapError(f"{args.map}: not an argmap map ({exc})") from exc
    text = export_map(amap, args.to)
    if args.out is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(args.out, text)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"build": cmd_build, "search": cmd_search, "info": cmd_info,
               "export": cmd_export}[args.command]
    try:
        return handler(args)
    except ArgmapError as exc:
        print(f"argmap: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("argmap: interrupted; finished maps are intact", file=sys.stderr)
        return 130
