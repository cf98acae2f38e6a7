"""The standalone HTML map: our own template draws vis-network data built from the map.

We own the template because pyvis's links a CDN stylesheet and writes tooltip text
with innerHTML. Here the vis-network library is inlined from the pyvis package (the
page opens with no network); every string from the thread goes into the page as JSON
with `<`, `>` and `&` escaped; tooltips are plain text (vis-network 9 sets a string
`title` with innerText) and the side card is built with `textContent`, never markup.

`render_html(amap, options)` is a pure function: the app passes `RenderOptions` to
show a subset of units, focus one, or highlight search hits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from argmap import analytics
from argmap.analytics import LABEL_MEANINGS, LABEL_WORDS
from argmap.debate_view import (
    STANCE_EDGES,
    UNSURE_PARENT,
    comment_depths,
    debate_data,
    point_label,
    unsure_note,
    unsure_parents,
)
from argmap.errors import ArgmapError
from argmap.escape import safe_json
from argmap.model import ArgumentMap
from argmap.words import shorten

__all__ = [
    "render_html", "RenderOptions", "graph_data",
    "THEME_COLOURS", "EDGE_STYLES", "ROLE_SHAPES", "STATUS_STYLES", "safe_json",
]

# No pure reds or greens: those mean attack and support on the edges.
THEME_COLOURS = (
    "#4e79a7", "#f28e2b", "#8e6bb8", "#17becf", "#b8860b",
    "#9c755f", "#ff9da7", "#2f4b7c", "#bcbd22", "#7f7f7f",
)
NO_THEME_COLOUR = "#cfcfcf"
EDGE_STYLES = {
    "support": {"color": "#2e7d32", "dashes": False, "width": 2.5},
    "attack": {"color": "#c62828", "dashes": False, "width": 3},
    "quote": {"color": "#6a1b9a", "dashes": [2, 4], "width": 1.5},
    "reply": {"color": "#9e9e9e", "dashes": [6, 6], "width": 1},
}
# Overrides for a support or attack guessed below the stance threshold.
UNCERTAIN_STYLE = {"dashes": [3, 5], "width": 1.5, "opacity": 0.35}
ROLE_SHAPES = {
    "claim": "box", "premise": "dot", "question": "diamond",
    "concession": "triangle", "meta": "square",
}
# How the grounded status shows on a node's border.
STATUS_STYLES = {
    "in": {"border": None, "dashes": False, "note": LABEL_WORDS["in"]},
    "out": {"border": "#c62828", "dashes": [5, 4],
            "note": f"{LABEL_WORDS['out']} ({LABEL_MEANINGS['out']})"},
    "undecided": {"border": "#f9a825", "dashes": [2, 3], "note": LABEL_WORDS["undecided"]},
}
LAYOUTS = ("auto", "physics", "hierarchical")


@dataclass(frozen=True)
class RenderOptions:
    """What to draw and how; the defaults give the full map."""

    show: frozenset[str] | None = None  # unit ids to draw (None: all)
    focus: str | None = None  # unit id to select and zoom to once the layout settles
    highlight: frozenset[str] = frozenset()  # unit ids to ring, e.g. search hits
    layout: str = "auto"  # "physics", "hierarchical" (root debate at top), or "auto"
    large: int = 250  # above this many nodes: fixed layout, themes start as collapsed groups
    top_cruxes: int = 10
    title: str | None = None  # page heading (default: the thread's title)
    view: str = "debate"  # "debate" (one box per comment) or "units" (the unit graph)


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style, from the copy pyvis ships (found, not imported:
    importing pyvis costs 50 ms of every build and nothing of it is used)."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    if spec is None or not spec.origin:
        raise ArgmapError("pyvis is not installed: pip install -r requirements.txt")
    lib = Path(spec.origin).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text("utf-8")
    return js, (lib / "vis-network.css").read_text("utf-8")



def _levels(amap: ArgumentMap) -> dict[str, int]:
    """Depth of each comment in the reply tree (root 0), for the hierarchical layout."""
    return comment_depths({c.id: c.parent_id for c in amap.thread.comments})


def _grouped_layout(
    nodes: list[str], edges: list[tuple[str, str]], group: dict[str, str], seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Fixed positions for a large map: themes as blocks on a grid, and inside each block
    the connected pieces of that theme, each laid out by networkx's seeded spring layout.

    The browser's physics cannot settle thousands of nodes in seconds, so above the size
    threshold we lay out here and draw without physics. Laying out piece by piece keeps
    the cost near linear: a spring layout is quadratic only in the size of one piece.
    """
    import math

    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(e for e in edges if e[0] != e[1])
    members: dict[str, list[str]] = {}
    for n in nodes:
        members.setdefault(group.get(n, ""), []).append(n)
    blocks: list[tuple[str, dict[str, tuple[float, float]], float, float]] = []
    for key, ids in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        pieces = sorted((sorted(c) for c in nx.connected_components(g.subgraph(ids))),
                        key=lambda c: (-len(c), c[0]))
        width_limit = 2 * (45.0 * math.sqrt(len(ids)) + 40)
        local: dict[str, tuple[float, float]] = {}
        x = y = row_h = block_w = 0.0
        for piece in pieces:
            r = 38.0 * math.sqrt(len(piece)) + 22
            if x > 0 and x + 2 * r > width_limit:
                x, y, row_h = 0.0, y + row_h + 30, 0.0
            cx, cy = x + r, y + r
            if len(piece) == 1:
                local[piece[0]] = (cx, cy)
            else:
                sub_g = g.subgraph(piece)
                if len(piece) <= 10:
                    # small pieces: the best-connected unit in the middle, the rest around
                    hub = max(piece, key=lambda n: (sub_g.degree(n), n))
                    rest = [n for n in piece if n != hub]
                    sub = nx.shell_layout(sub_g, [[hub], rest])
                else:
                    sub = nx.spring_layout(sub_g, seed=seed,
                                           iterations=50 if len(piece) < 200 else 25)
                for n, (px, py) in sub.items():
                    local[n] = (cx + px * r, cy + py * r)
            x += 2 * r + 30
            row_h = max(row_h, 2 * r)
            block_w = max(block_w, x)
        blocks.append((key, local, block_w, y + row_h))
    cell = max(max(w, h) for _, _, w, h in blocks) + 160
    cols = max(1, math.ceil(math.sqrt(len(blocks))))
    pos: dict[str, tuple[float, float]] = {}
    for i, (_, local, w, h) in enumerate(blocks):
        ox, oy = (i % cols) * cell - w / 2, (i // cols) * cell - h / 2
        for n, (px, py) in local.items():
            pos[n] = (ox + px, oy + py)
    return pos


def graph_data(amap: ArgumentMap, options: RenderOptions | None = None) -> dict:
    """Nodes, edges, cards, legend and cruxes for the page (plain data, not yet escaped)."""
    opts = options or RenderOptions()
    theme_index = {t.id: i for i, t in enumerate(amap.themes)}
    theme_label = {t.id: t.label for t in amap.themes}
    comments = {c.id: c for c in amap.thread.comments}
    labels = analytics.grounded_labelling(amap)
    crux_list = analytics.cruxes(amap, top=opts.top_cruxes)
    crux = {c.unit_id: c for c in crux_list}
    depth = _levels(amap)
    shown = [u for u in amap.units if opts.show is None or u.id in opts.show]
    ids = {u.id for u in shown}
    text_of = {u.id: u.text for u in amap.units}

    links: dict[str, list[dict]] = {uid: [] for uid in ids}
    edges = []
    # A reply drawn under a support or attack between the same two units would hide
    # it; the card still lists the reply and its evidence.
    argued = {(r.source, r.target) for r in amap.relations if r.kind in ("support", "attack")}
    # A stance guessed below the threshold is drawn pale and dashed: seen, not trusted.
    doubtful = analytics.uncertain_relations(amap)
    for i, r in enumerate(amap.relations):
        if r.source not in ids or r.target not in ids:
            continue
        style = EDGE_STYLES.get(r.kind, EDGE_STYLES["reply"])
        unsure = r.kind == "reply" and r.confidence < UNSURE_PARENT
        doubt = i in doubtful
        if doubt:
            style = {**style, **UNCERTAIN_STYLE}
        why = (("uncertain " if doubt else "")
               + f"{r.kind} ({r.confidence:.2f}{', unsure who this answers' if unsure else ''})"
               + (f": {r.evidence}" if r.evidence else ""))
        if not (r.kind == "reply" and (r.source, r.target) in argued):
            colour = style["color"]
            edges.append({
                "id": f"e{i}", "from": r.source, "to": r.target, "kind": r.kind,
                "title": why, "dashes": [2, 6] if unsure else style["dashes"],
                "width": style["width"],
                "color": {"color": colour, "highlight": colour, "hover": colour,
                          "opacity": 0.45 if unsure else style.get("opacity", 0.85)},
                # a quote bends away so it does not lie on top of its reply
                **({"smooth": {"type": "curvedCW", "roundness": 0.25}}
                   if r.kind == "quote" else {}),
            })
        links[r.source].append({"dir": "→", "kind": r.kind, "other": r.target,
                                "other_text": shorten(text_of[r.target], 80),
                                "confidence": round(r.confidence, 2), "evidence": r.evidence,
                                "unsure": unsure, "uncertain": doubt})
        links[r.target].append({"dir": "←", "kind": r.kind, "other": r.source,
                                "other_text": shorten(text_of[r.source], 80),
                                "confidence": round(r.confidence, 2), "evidence": r.evidence,
                                "uncertain": doubt})

    nodes, cards = [], {}
    for u in shown:
        c = comments.get(u.comment_id)
        author = (c.author if c else None) or "unknown"
        stance = (c.stance if c else None) or "-"
        if c and analytics.is_uncertain_stance(c.stance, c.stance_confidence):
            stance += f" (uncertain, {c.stance_confidence or 0:.2f})"
        status = labels.get(u.id, "in")
        colour = (THEME_COLOURS[theme_index[u.theme_id] % len(THEME_COLOURS)]
                  if u.theme_id in theme_index else NO_THEME_COLOUR)
        theme = theme_label.get(u.theme_id, "no theme")
        out_links = [ln for ln in links[u.id] if ln["dir"] == "→"]
        tip = [u.text, "", f"author: {author}", f"role: {u.role}", f"theme: {theme}",
               f"stance of its comment: {stance}", f"status: {STATUS_STYLES[status]['note']}"]
        tip += [f"{ln['kind']} → {ln['other']} ({ln['confidence']:.2f})"
                + (f": {ln['evidence']}" if ln["evidence"] else "") for ln in out_links]
        if u.id in crux:
            tip.append("crux: " + "; ".join(crux[u.id].reasons))
        st = STATUS_STYLES[status]
        node = {
            # Only claims and cruxes carry a label on the canvas: with every sentence
            # written out, a thread of a hundred comments is unreadable at first sight.
            # The rest show their text on hover and in the card.
            "id": u.id,
            "label": ("★ " + shorten(u.text, 60) if u.id in crux
                      else shorten(u.text, 44) if u.role == "claim" else None),
            "title": "\n".join(tip), "shape": ROLE_SHAPES.get(u.role, "ellipse"),
            "theme": u.theme_id or "", "level": 2 * depth.get(u.comment_id, 0)
            + (0 if u.role == "claim" else 1),
            "color": {"background": colour, "border": st["border"] or "#333",
                      "highlight": {"background": colour, "border": "#000"}},
            "borderWidth": 1.5 if st["border"] else 1,
            "shapeProperties": {"borderDashes": st["dashes"]},
            # box and ellipse hold their label inside (white on colour); the small
            # shapes put it below, on the white page
            "font": {"color": "#fff" if u.role == "claim" else "#222"},
        }
        if u.role != "claim":
            node["size"] = 9 if u.role == "meta" else 12
        if u.id in crux:
            node.update(borderWidth=4, mass=2, widthConstraint={"maximum": 280},
                        font={"color": node["font"]["color"], "size": 22, "bold": True})
            node["color"]["border"] = "#111"
        if u.id in opts.highlight:
            node.update(borderWidth=5, shadow={"enabled": True, "color": "#ffd400", "size": 18})
        nodes.append(node)
        cards[u.id] = {
            "text": u.text, "author": author, "role": u.role, "theme": theme,
            "stance": stance, "status": st["note"], "comment": u.comment_id,
            "crux": list(crux[u.id].reasons) if u.id in crux else [],
            "score": crux[u.id].score if u.id in crux else None, "links": links[u.id],
        }
    if len(nodes) > opts.large and opts.layout != "hierarchical":
        pos = _grouped_layout([n["id"] for n in nodes], [(e["from"], e["to"]) for e in edges],
                              {n["id"]: n["theme"] for n in nodes})
        for n in nodes:
            n["x"], n["y"] = round(pos[n["id"]][0], 1), round(pos[n["id"]][1], 1)
    legend = [
        {"id": t.id, "label": t.label, "colour": THEME_COLOURS[i % len(THEME_COLOURS)],
         "size": sum(1 for u in shown if u.theme_id == t.id)}
        for i, t in enumerate(amap.themes)
    ]
    if any(not u.theme_id or u.theme_id not in theme_index for u in shown):
        legend.append({"id": "", "label": "no theme", "colour": NO_THEME_COLOUR,
                       "size": sum(1 for u in shown if u.theme_id not in theme_index)})
    for row in legend:
        row["out"] = sum(1 for u in shown if (u.theme_id or "") == row["id"]
                         and labels.get(u.id) == "out")
        # what the theme says, in its own most answered claim: a name alone is a guess
        said = analytics.theme_points(amap, row["id"], labels, n=1) if row["id"] else []
        row["says"] = shorten(point_label(said[0]["text"]), 110) if said else ""
    cruxes = [{"id": c.unit_id, "score": c.score, "text": shorten(text_of[c.unit_id], 90),
               "reasons": "; ".join(c.reasons)} for c in crux_list if c.unit_id in ids]
    standing = {s: [{"id": u.id, "text": shorten(u.text, 90)} for u in shown
                    if labels.get(u.id) == s] for s in ("in", "out", "undecided")}
    def theme_colour(theme_id: str) -> str:
        i = theme_index.get(theme_id)
        return THEME_COLOURS[i % len(THEME_COLOURS)] if i is not None else NO_THEME_COLOUR

    debate = debate_data(amap, show=opts.show, highlight=opts.highlight, labels=labels,
                         crux_units=crux, theme_colour=theme_colour)
    return {"nodes": nodes, "edges": edges, "cards": cards, "legend": legend,
            "cruxes": cruxes, "standing": standing, "debate": debate}


# A thread whose widest generation holds this many comments, and more than twice as
# many as it has generations, reads left to right: replies stack in a column, as a
# forum shows them, where top to bottom they made one row thousands of pixels wide
# (a Reddit thread where 29 of 30 comments answer the opening post).
WIDE_BREADTH = 9


def reads_sideways(levels: list[int]) -> bool:
    """Whether a comment tree with these depths is drawn left to right."""
    if not levels:
        return False
    breadth = max(Counter(levels).values())
    return breadth >= WIDE_BREADTH and breadth > 2 * (max(levels) + 1)


def _debate_options(sideways: bool = False) -> dict:
    """vis-network options for the comment tree: levels given, no physics, readable boxes.
    Top to bottom, or left to right for a wide, shallow thread (`reads_sideways`)."""
    tree = ({"direction": "LR", "levelSeparation": 360, "nodeSpacing": 110, "treeSpacing": 120}
            if sideways else
            {"direction": "UD", "levelSeparation": 170, "nodeSpacing": 300, "treeSpacing": 320})
    return {
        "layout": {"hierarchical": {"enabled": True, "sortMethod": "directed", **tree,
                                    "blockShifting": True, "edgeMinimization": True,
                                    "parentCentralization": True}},
        "physics": {"enabled": False},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
                  "smooth": {"type": "cubicBezier",
                             "forceDirection": "horizontal" if sideways else "vertical",
                             "roundness": 0.4}, "selectionWidth": 2},
        "nodes": {"shape": "box"},
        "interaction": {"hover": True, "tooltipDelay": 200, "navigationButtons": False,
                        "keyboard": False},
    }


def _page_options(n: int, opts: RenderOptions) -> dict:
    """vis-network options: physics that settles quickly, lighter as the map grows."""
    layout = opts.layout if opts.layout in LAYOUTS else "auto"
    hierarchical = layout == "hierarchical"
    big = n > opts.large
    physics = {
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -4000 if n < 150 else -3500,
                      "centralGravity": 0.35, "springLength": 110, "springConstant": 0.04,
                      "damping": 0.35, "avoidOverlap": 0.1 if big else 0.4},
        "maxVelocity": 60, "minVelocity": 0.75 if n <= 150 else 1.0, "timestep": 0.5,
        "stabilization": {"enabled": True, "iterations": 300 if n <= 150 else 240,
                          "updateInterval": 25, "fit": True},
    }
    if hierarchical or big:
        # a large map arrives with fixed positions (see _grouped_layout)
        physics = {**physics, "enabled": False}
    return {
        "nodes": {"font": {"size": 16, "face": "system-ui, sans-serif"},
                  "widthConstraint": {"maximum": 220}, "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "smooth": False if big else {"type": "continuous", "roundness": 0.3},
                  "selectionWidth": 2},
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7,
                   **({"hierarchical": {"enabled": True, "direction": "UD",
                                        "sortMethod": "directed", "shakeTowards": "roots",
                                        "levelSeparation": 130, "nodeSpacing": 80}}
                      if hierarchical else {})},
        "physics": physics,
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": big,
                        "navigationButtons": False, "keyboard": False},
    }


def render_html(amap: ArgumentMap, options: RenderOptions | None = None) -> str:
    """The full page: graph, legend with theme filters, cruxes, search, a card per node."""
    import jinja2

    opts = options or RenderOptions()
    data = graph_data(amap, opts)
    n = len(data["nodes"])
    js, css = _vis_assets()
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("argmap", "templates"), autoescape=True
    )
    page = env.get_template("map.html")
    return page.render(
        title=opts.title or amap.thread.title or amap.name,
        vis_js=js, vis_css=css,
        data_json=safe_json({k: data[k] for k in ("nodes", "edges", "cards")}),
        debate_json=safe_json(data["debate"]),
        options_json=safe_json(_page_options(n, opts)),
        debate_options_json=safe_json(_debate_options(
            reads_sideways([n["level"] for n in data["debate"]["nodes"]]))),
        stance_edges=STANCE_EDGES,
        config_json=safe_json({
            "view": "units" if opts.view == "units" else "debate",
            "focus": opts.focus if opts.focus in data["cards"] else None,
            "focusComment": data["cards"][opts.focus]["comment"]
            if opts.focus in data["cards"] else None,
            "group": n > opts.large,
            "themes": [{"id": t["id"], "label": t["label"], "colour": t["colour"]}
                       for t in data["legend"]],
        }),
        legend=data["legend"], cruxes=data["cruxes"], standing=data["standing"],
        edge_styles=EDGE_STYLES,
        role_shapes=ROLE_SHAPES, status_styles=STATUS_STYLES,
        label_sentences={s: analytics.label_sentence(s) for s in LABEL_WORDS},
        n_comments=len(amap.thread.comments), n_units=n,
        n_relations=sum(1 for r in amap.relations
                        if r.source in data["cards"] and r.target in data["cards"]),
        large=n > opts.large,
        unsure_parents=unsure_parents(amap), unsure_note=unsure_note(amap),
        # not English, too little text, no claims: the page says so as the CLI and app do
        warnings=[str(w) for w in amap.meta.get("warnings", ())],
    )
