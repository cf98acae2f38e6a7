"""The map as a networkx graph: units are nodes, relations are edges."""

from __future__ import annotations

import networkx as nx

from argmap.model import ArgumentMap

__all__ = ["to_graph"]


def to_graph(amap: ArgumentMap) -> nx.MultiDiGraph:
    """A MultiDiGraph with every unit's fields on its node and every relation as an edge."""
    g = nx.MultiDiGraph(title=amap.thread.title)
    authors = {c.id: c.author for c in amap.thread.comments}
    for u in amap.units:
        g.add_node(
            u.id, text=u.text, role=u.role, theme=u.theme_id or "",
            comment=u.comment_id, author=authors.get(u.comment_id) or "",
        )
    for r in amap.relations:
        if r.source in g and r.target in g:
            g.add_edge(r.source, r.target, kind=r.kind, confidence=r.confidence,
                       evidence=r.evidence)
    return g
