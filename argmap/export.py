"""Exports the field reads: the native JSON, GraphML, AIF, Argdown and a Markdown report.

Each exporter is a function from an `ArgumentMap` to text, listed in `EXPORTERS`;
`export_map` picks one by name. Nothing here re-runs the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from argmap import analytics, escape
from argmap.errors import ArgmapError
from argmap.model import ArgumentMap, atomic_write_text, map_to_dict

__all__ = [
    "EXPORTERS", "SUFFIXES", "MEDIA_TYPES", "LABELS", "export_map", "write_export", "download",
    "to_json", "to_graphml", "to_aif", "to_argdown", "to_markdown", "typed_graph",
    "AIF_NODE_TYPES", "AIF_SCHEME_TEXT",
]

# AIF node types (Chesñevar et al. 2006; AIF+ for dialogue): I = information,
# RA = inference, CA = conflict, MA = rephrase, L = locution, TA = transition,
# YA = illocutionary anchor.
AIF_NODE_TYPES = ("I", "L", "RA", "CA", "MA", "TA", "YA")
AIF_SCHEME_TEXT = {
    "RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase",
    "TA": "Default Transition", "YA": "Asserting",
}
# Our relation kind -> the AIF scheme node between two I-nodes (replies go between
# L-nodes as transitions instead).
KIND_TO_AIF = {"support": "RA", "attack": "CA", "quote": "MA"}


def to_json(amap: ArgumentMap) -> str:
    """The native map document, exactly as `argmap build` writes it."""
    return json.dumps(map_to_dict(amap), ensure_ascii=False, indent=1)


# --- GraphML ----------------------------------------------------------------------

def typed_graph(amap: ArgumentMap) -> nx.MultiDiGraph:
    """The map with analytics on the nodes, every attribute a str, int, float or bool."""
    theme_label = {t.id: t.label for t in amap.themes}
    comments = {c.id: c for c in amap.thread.comments}
    labels = analytics.grounded_labelling(amap)
    crux = {c.unit_id: c for c in analytics.cruxes(amap, top=-1)}
    g = nx.MultiDiGraph()
    for u in amap.units:
        c = comments.get(u.comment_id)
        g.add_node(
            u.id, label=u.text, role=u.role, theme=u.theme_id or "",
            theme_label=theme_label.get(u.theme_id, ""), comment=u.comment_id,
            author=(c.author if c else None) or "", stance=(c.stance if c else None) or "",
            position=c.position if c else 0, start=u.start, end=u.end,
            status=labels[u.id], crux_score=crux[u.id].score if u.id in crux else 0.0,
            is_crux=u.id in crux,
        )
    for i, r in enumerate(amap.relations):
        if r.source in g and r.target in g:
            g.add_edge(r.source, r.target, key=f"e{i}", kind=r.kind,
                       confidence=float(r.confidence), evidence=r.evidence)
    return g


def to_graphml(amap: ArgumentMap) -> str:
    """GraphML with typed keys (string, int, double, boolean) that Gephi and yEd open.

    Every string (ids included) loses the characters XML 1.0 forbids, so the file
    parses whatever an older map or a hostile thread holds."""
    g = typed_graph(amap)
    g = nx.relabel_nodes(g, {n: escape.xml_text(n) for n in g}, copy=True)
    for _, data in g.nodes(data=True):
        _xml_attrs(data)
    for _, _, data in g.edges(data=True):
        _xml_attrs(data)
    return "\n".join(nx.generate_graphml(g, named_key_ids=True)) + "\n"


def _xml_attrs(data: dict) -> None:
    for k, v in data.items():
        if isinstance(v, str):
            data[k] = escape.xml_text(v)


# --- AIF --------------------------------------------------------------------------

def to_aif(amap: ArgumentMap) -> dict:
    """AIF JSON as AIFdb and OVA read it: nodes, edges, locutions, participants.

    Each unit is an I-node asserted (YA) by an L-node spoken by its comment's author;
    supports are RA-nodes, attacks CA-nodes, quotes MA-nodes between I-nodes, and a
    reply is a TA-node from the parent's locution to the reply's. The `argmap` key on
    a node is our extension (ids, role, theme, confidence, evidence) for a lossless
    round trip; AIF tools ignore it.
    """
    ts = str(amap.meta.get("built_at") or "")
    nodes: list[dict] = []
    edges: list[dict] = []
    counter = iter(range(1, 10**9))

    def node(ntype: str, text: str, ext: dict | None = None) -> str:
        nid = str(next(counter))
        n = {"nodeID": nid, "text": text, "type": ntype, "timestamp": ts}
        if ext:
            n["argmap"] = ext
        nodes.append(n)
        return nid

    def edge(a: str, b: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": a, "toID": b})

    comments = {c.id: c for c in amap.thread.comments}
    people = sorted({c.author for c in amap.thread.comments if c.author})
    person_id = {name: str(i + 1) for i, name in enumerate(people)}
    participants = [
        {"participantID": person_id[p], "firstname": p, "surname": ""} for p in people
    ]
    locutions: list[dict] = []
    i_node: dict[str, str] = {}
    l_node: dict[str, str] = {}
    for u in amap.units:
        c = comments.get(u.comment_id)
        speaker = (c.author if c else None) or "unknown"
        i_node[u.id] = node("I", u.text, {
            "unit_id": u.id, "comment_id": u.comment_id, "role": u.role,
            "theme_id": u.theme_id, "start": u.start, "end": u.end,
        })
        l_node[u.id] = node("L", f"{speaker} : {u.text}", {
            "unit_id": u.id, "comment_id": u.comment_id,
            "parent_id": c.parent_id if c else None, "position": c.position if c else 0,
            "stance": c.stance if c else None,
        })
        ya = node("YA", AIF_SCHEME_TEXT["YA"])
        edge(l_node[u.id], ya)
        edge(ya, i_node[u.id])
        loc = {"nodeID": l_node[u.id], "timestamp": (c.created if c else None) or ts}
        if c and c.author:
            loc["personID"] = person_id[c.author]
        locutions.append(loc)
    for r in amap.relations:
        if r.source not in i_node or r.target not in i_node:
            continue
        ext = {"kind": r.kind, "confidence": r.confidence, "evidence": r.evidence}
        if r.kind == "reply":
            ta = node("TA", AIF_SCHEME_TEXT["TA"], ext)
            edge(l_node[r.target], ta)
            edge(ta, l_node[r.source])
            continue
        stype = KIND_TO_AIF.get(r.kind)
        if stype is None:
            continue
        s = node(stype, AIF_SCHEME_TEXT[stype], ext)
        edge(i_node[r.source], s)
        edge(s, i_node[r.target])
    return {
        "nodes": nodes, "edges": edges, "locutions": locutions,
        "participants": participants,
        "argmap": {"title": amap.thread.title, "source": amap.thread.source,
                   "debate": amap.name,
                   "themes": [{"id": t.id, "label": t.label, "keywords": list(t.keywords)}
                              for t in amap.themes]},
    }


# --- Argdown ----------------------------------------------------------------------

def _argdown_text(text: str) -> str:
    return escape.argdown(text)


def argdown_titles(amap: ArgumentMap, words: int = 6) -> dict[str, str]:
    """A short readable title per unit from its first words, unique within the map.

    Argdown names a statement by its title; people read titles, so they are the
    claim's words (escaped), never our ids."""
    titles: dict[str, str] = {}
    used: set[str] = set()
    for u in amap.units:
        head = " ".join(escape.clean_text(u.text).split()[:words]).rstrip(".,;:!?") or "statement"
        title, n = head, 2
        while title.lower() in used:
            title, n = f"{head} ({n})", n + 1
        used.add(title.lower())
        titles[u.id] = escape.argdown(title)
    return titles


def to_argdown(amap: ArgumentMap) -> str:
    """Statements grouped by theme, then each attacked or supported statement with its
    incoming `+` (support) and `-` (attack) relations. Replies and quotes are dialogue,
    not argument, so they stay out."""
    lines = [f"// argmap export: {escape.term(amap.thread.title)}", ""]
    title = argdown_titles(amap)
    by_theme: dict[str | None, list] = {}
    for u in amap.units:
        by_theme.setdefault(u.theme_id, []).append(u)
    theme_label = {t.id: t.label for t in amap.themes}
    for tid in [t.id for t in amap.themes] + [k for k in by_theme if k not in theme_label]:
        if tid not in by_theme:
            continue
        lines.append(f"# {_argdown_text(theme_label.get(tid, 'Other statements'))}")
        lines.append("")
        for u in by_theme[tid]:
            lines.append(f"[{title[u.id]}]: {_argdown_text(u.text)}")
            lines.append("")
    incoming: dict[str, list] = {}
    known = {u.id for u in amap.units}
    for r in amap.relations:
        if r.kind in ("support", "attack") and r.source in known and r.target in known:
            incoming.setdefault(r.target, []).append(r)
    if incoming:
        lines += ["# Relations", ""]
    for u in amap.units:
        if u.id not in incoming:
            continue
        lines.append(f"[{title[u.id]}]")
        for r in incoming[u.id]:
            lines.append(f"  {'+' if r.kind == 'support' else '-'} [{title[r.source]}]")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- Markdown report --------------------------------------------------------------

def _md(text: str) -> str:
    """Thread text made inert in the report: no HTML, links, images or emphasis."""
    return escape.md_report(text)


def _who(amap: ArgumentMap) -> dict[str, str]:
    """Unit id -> its comment's author, escaped, for naming people instead of ids."""
    authors = {c.id: c.author for c in amap.thread.comments}
    return {u.id: _md(authors.get(u.comment_id) or "unknown") for u in amap.units}


def to_markdown(amap: ArgumentMap, top: int = 10) -> str:
    """A readable report: themes, cruxes, what stands, authors, the thread as an outline.

    A paste that names nobody would say "unknown" after every unit: it says once that
    the thread names no authors, and the outline names comments by their ids.
    """
    units = {u.id: u for u in amap.units}
    named = _named(amap)
    who = _who(amap)
    labels = analytics.grounded_labelling(amap)
    summary = analytics.summaries(amap)
    out = [f"# {_md(amap.thread.title or amap.name)}", ""]
    out.append(
        f"{len(amap.thread.comments)} comments, {len(amap.units)} units, "
        f"{len(amap.relations)} relations, {len(amap.themes)} themes. "
        f"Source: {_md(Path(amap.thread.source).name)}."
    )
    out += ["", "## Themes", "",
            "| theme | units | attacks made | attacks received | supports | stand | rebutted |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for t in summary["themes"]:
        out.append(
            f"| {_md(t['label'])} | {t['units']} | {t['attacks_made']} | "
            f"{t['attacks_received']} | {t['supports_received']} | {t['in']} | {t['out']} |"
        )
    # what each theme says, in its own most answered claims
    said = [(t, analytics.theme_points(amap, t.id, labels, n=2)) for t in amap.themes]
    if any(points for _, points in said):
        out += ["", "What each theme says (its most answered claims):", ""]
        for t, points in said:
            if points:
                out.append(f"- **{_md(t.label)}**: "
                           + " · ".join(f"“{_md(p['text'])}”" for p in points))
    out += ["", "## Cruxes", ""]
    found = analytics.cruxes(amap, top=top)
    if not found:
        out.append("No unit was attacked, so there are no cruxes.")
    for n, c in enumerate(found, 1):
        by = f"**{who[c.unit_id]}**, " if named else ""
        out.append(f"{n}. {_md(units[c.unit_id].text)} ({by}score {c.score:g})  ")
        out.append(f"   _{_md('; '.join(c.reasons))}_")
    out += ["", "## What stands", "",
            "Grounded semantics over attacks, with supports as supported and secondary "
            "attacks (a bipolar framework).", ""]
    attacked = {r.target for r in amap.relations if r.kind == "attack"}
    for status, heading in (("out", analytics.label_sentence("out")[:-1]),
                            ("undecided", analytics.label_sentence("undecided")[:-1]),
                            ("in", "Attacked but " + analytics.LABEL_WORDS["in"])):
        picked = [u for u in amap.units if labels[u.id] == status
                  and (status != "in" or u.id in attacked)]
        out.append(f"### {heading} ({len(picked)})")
        out.append("")
        out += [f"- {_md(u.text)}" + (f" (**{who[u.id]}**)" if named else "")
                for u in picked] or ["- none"]
        out.append("")
    out += ["## Authors", ""]
    if named:
        out += ["| author | comments | units | attacks made | attacks received | supports made |",
                "|---|---:|---:|---:|---:|---:|"]
        out += [f"| {_md(a['author'])} | {a['comments']} | {a['units']} | "
                f"{a['attacks_made']} | {a['attacks_received']} | {a['supports_made']} |"
                for a in summary["authors"]]
    else:
        out.append("The thread names no authors.")
    out += ["", "## The thread", ""]
    out += _outline(amap, labels)
    return "\n".join(out).rstrip() + "\n"


def _named(amap: ArgumentMap) -> bool:
    return any(c.author for c in amap.thread.comments)


def _outline(amap: ArgumentMap, labels: dict[str, str]) -> list[str]:
    named = _named(amap)
    ids = {c.id for c in amap.thread.comments}
    children: dict[str | None, list] = {}
    for c in amap.thread.comments:
        children.setdefault(c.parent_id if c.parent_id in ids else None, []).append(c)
    units_of: dict[str, list] = {}
    for u in amap.units:
        units_of.setdefault(u.comment_id, []).append(u)
    why = _stance_evidence(amap)
    lines: list[str] = []
    stack = [(c, 0) for c in reversed(children.get(None, []))]
    seen: set[str] = set()
    while stack:
        c, depth = stack.pop()
        if c.id in seen:
            continue
        seen.add(c.id)
        pad = "  " * depth
        who = _md(c.author) if c.author else "unknown" if named else _md(c.id)
        stance = f", {_md(c.stance)}" if c.stance and c.parent_id else ""
        if stance and c.stance_confidence is not None:
            doubt = analytics.is_uncertain_stance(c.stance, c.stance_confidence)
            stance += f" {c.stance_confidence:.2f}" + (", uncertain" if doubt else "")
        lines.append(f"{pad}- **{who}**" + (f" ({stance[2:]})" if stance else ""))
        if stance and why.get(c.id):
            lines.append(f"{pad}  - why: {_md(why[c.id])}")
        for u in units_of.get(c.id, []):
            mark = {"out": " — rebutted", "undecided": " — undecided"}.get(labels[u.id], "")
            lines.append(f"{pad}  - _{_md(u.role)}_: {_md(u.text)}{mark}")
        stack += [(k, depth + 1) for k in reversed(children.get(c.id, []))]
    return lines


def _stance_evidence(amap: ArgumentMap) -> dict[str, str]:
    """Comment id -> the evidence of its reply stance (cue, quoted words, probabilities)."""
    comment = {u.id: u.comment_id for u in amap.units}
    out: dict[str, str] = {}
    for r in amap.relations:
        src, dst = comment.get(r.source), comment.get(r.target)
        if src is None or src == dst or not r.evidence:
            continue
        if r.kind in ("support", "attack") or (r.kind == "reply" and "neutral (" in r.evidence):
            out.setdefault(src, r.evidence)
    return out


# --- front door -------------------------------------------------------------------

EXPORTERS: dict[str, Callable[[ArgumentMap], str]] = {
    "json": to_json,
    "graphml": to_graphml,
    "aif": lambda amap: json.dumps(to_aif(amap), ensure_ascii=False, indent=1),
    "argdown": to_argdown,
    "markdown": to_markdown,
}
SUFFIXES = {"json": ".json", "graphml": ".graphml", "aif": ".aif.json",
            "argdown": ".argdown", "markdown": ".md"}
MEDIA_TYPES = {"json": "application/json", "graphml": "application/graphml+xml",
               "aif": "application/json", "argdown": "text/plain", "markdown": "text/markdown"}
# What a person sees on a download button or in a format list (the app, the docs).
LABELS = {"json": "argmap JSON", "graphml": "GraphML (Gephi, yEd)",
          "aif": "AIF JSON (OVA, AIFdb)", "argdown": "Argdown", "markdown": "Markdown report"}


def export_map(amap: ArgumentMap, fmt: str) -> str:
    """The map as text in format `fmt` (one of `EXPORTERS`)."""
    if fmt not in EXPORTERS:
        raise ArgmapError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    return EXPORTERS[fmt](amap)


def write_export(amap: ArgumentMap, fmt: str, path: Path) -> None:
    """Export atomically to `path`."""
    atomic_write_text(Path(path), export_map(amap, fmt))


def download(amap: ArgumentMap, fmt: str) -> tuple[str, str, str]:
    """(file name, media type, text) for a download button, e.g. Streamlit's."""
    return f"{amap.name}{SUFFIXES.get(fmt, '')}", MEDIA_TYPES.get(fmt, ""), export_map(amap, fmt)
