"""The standalone HTML map: pyvis builds the graph data, our own template draws it.

We own the template because pyvis's links a CDN stylesheet and writes tooltip text
with innerHTML. Here the vis-network library is inlined from the pyvis package
(the page opens with no network), every string from the thread goes into the page
as JSON with `<`, `>` and `&` escaped, and tooltips are plain text.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from argmap.model import ArgumentMap

__all__ = ["render_html", "THEME_COLOURS", "EDGE_STYLES", "ROLE_SHAPES", "safe_json"]

THEME_COLOURS = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
    "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac",
)
EDGE_STYLES = {
    "support": {"color": "#2e7d32", "dashes": False, "width": 2.5},
    "attack": {"color": "#c62828", "dashes": False, "width": 2.5},
    "quote": {"color": "#6a1b9a", "dashes": [2, 4], "width": 1.5},
    "reply": {"color": "#9e9e9e", "dashes": [6, 6], "width": 1},
}
ROLE_SHAPES = {
    "claim": "box", "premise": "ellipse", "question": "diamond",
    "concession": "triangle", "meta": "text",
}


def safe_json(value) -> str:
    """JSON that cannot close a <script> element or open a comment in HTML."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text("utf-8"), (lib / "vis-network.css").read_text("utf-8")


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def graph_data(amap: ArgumentMap) -> tuple[list[dict], list[dict], list[dict]]:
    """Nodes, edges and legend entries for vis-network (plain data, not yet escaped)."""
    from pyvis.network import Network

    theme_index = {t.id: i for i, t in enumerate(amap.themes)}
    theme_label = {t.id: t.label for t in amap.themes}
    authors = {c.id: c.author for c in amap.thread.comments}
    stance = {c.id: c.stance for c in amap.thread.comments}
    net = Network(directed=True, cdn_resources="in_line")
    for u in amap.units:
        colour = THEME_COLOURS[theme_index.get(u.theme_id, 0) % len(THEME_COLOURS)]
        tip = "\n".join([
            u.text, "",
            f"role: {u.role}", f"theme: {theme_label.get(u.theme_id, '-')}",
            f"comment: {u.comment_id} by {authors.get(u.comment_id) or 'unknown'}",
            f"stance of comment: {stance.get(u.comment_id) or '-'}",
        ])
        net.add_node(
            u.id, label=_short(u.text), title=tip, color=colour,
            shape=ROLE_SHAPES.get(u.role, "ellipse"),
            font={"color": "#222" if u.role == "meta" else "#fff"} if u.role in ("claim", "meta") else {},
        )
    for r in amap.relations:
        style = EDGE_STYLES.get(r.kind, EDGE_STYLES["reply"])
        net.add_edge(
            r.source, r.target, title=f"{r.kind} ({r.confidence:.2f}): {r.evidence}",
            color=style["color"], dashes=style["dashes"], width=style["width"],
        )
    nodes, edges, *_ = net.get_network_data()
    legend = [
        {"label": t.label, "colour": THEME_COLOURS[i % len(THEME_COLOURS)], "size": len(t.unit_ids)}
        for i, t in enumerate(amap.themes)
    ]
    return nodes, edges, legend


def render_html(amap: ArgumentMap) -> str:
    """The full page: graph, legend, search box; opens with no network."""
    import jinja2

    nodes, edges, legend = graph_data(amap)
    js, css = _vis_assets()
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("argmap", "templates"), autoescape=True
    )
    page = env.get_template("map.html")
    return page.render(
        title=amap.thread.title,
        vis_js=js, vis_css=css,
        nodes_json=safe_json(nodes), edges_json=safe_json(edges),
        legend=legend, edge_styles=EDGE_STYLES, role_shapes=ROLE_SHAPES,
        n_comments=len(amap.thread.comments), n_units=len(amap.units),
        escape=html.escape,
    )
