"""The debate view: one node per comment, laid out as the reply tree.

A reader first wants the shape of the conversation: who answered whom, agreeing or
not, and what each comment's point was. The unit graph answers finer questions but
shows a 17-comment thread as 42 dots. So the page opens on this view: each comment is
a box with its main claim written out (wrapped, up to ~120 characters) and its
author, the root at the top, reply edges coloured by the comment's stance toward its
parent. Theme shows as the box's border colour, never its fill, so red and green
stay reserved for attack and support.

Above `MAX_OPEN` comments the deepest subtrees start collapsed into their top comment
("+N replies"), so the first screen stays readable; a click opens them.
"""

from __future__ import annotations

import re
from collections import defaultdict

from argmap.analytics import is_uncertain_stance
from argmap.model import ArgumentMap, Unit
from argmap.words import shorten

__all__ = ["debate_data", "edge_style", "comment_depths", "MAX_OPEN", "LABEL_CHARS",
           "UNSURE_PARENT", "unsure_parents", "unsure_note", "point_label"]

MAX_OPEN = 200  # comments drawn open at first; deeper subtrees start collapsed
LABEL_CHARS = 120
# A reply whose parent the plain-text reader was unsure of is drawn as a guess.
UNSURE_PARENT = 0.5
STANCE_EDGES = {
    "support": {"color": "#2e7d32", "width": 3, "dashes": False},
    "attack": {"color": "#c62828", "width": 3, "dashes": False},
    "neutral": {"color": "#9e9e9e", "width": 1.5, "dashes": False},
}
UNCERTAIN_EDGE = {"width": 1.5, "dashes": [6, 5], "opacity": 0.45}
NO_THEME_BORDER = "#9e9e9e"
ROLE_ORDER = ("claim", "premise", "concession", "question", "meta")



def point_label(text: str) -> str:
    """A point as a label: "but the only reason…" reads as "The only reason…"."""
    m = re.match(r"^\s*(?:but|and|yet|however|though)\b[,:]?\s+(?=\w)", text, re.I)
    if not m:
        return text
    rest = text[m.end():]
    return rest[:1].upper() + rest[1:]


def unsure_parents(amap: ArgumentMap) -> int:
    """Replies the plain-text reader placed with a confidence below `UNSURE_PARENT`."""
    return sum(1 for c in amap.thread.comments
               if c.parent_confidence is not None and c.parent_confidence < UNSURE_PARENT)


def unsure_note(amap: ArgumentMap) -> str:
    """A caution for the cruxes of a pasted thread whose replies argmap often could not
    place: on held-out Reddit pastes most confident attacks and supports sat on a
    misplaced reply (docs/stance.md, "On pasted text"), so a crux may be a misreading."""
    n = unsure_parents(amap)
    if not n:
        return ""
    note = (f"argmap is unsure who answers whom for {n} of {len(amap.thread.comments)} "
            "comments (dotted arrows): a crux resting on them may be a misreading.")
    replies = sum(1 for c in amap.thread.comments if c.parent_id)
    if amap.thread.format == "text" and 2 * n >= replies:
        # a flat paste says nothing of who answers whom; the reader places replies from
        # their words and turns, and on long-form pastes worse than the chain would
        # (docs/reading.md); a layout or a JSON export says it outright
        note += (" To fix them, indent each reply under what it answers in the paste, "
                 "or map a JSON export of the thread.")
    return note


def edge_style(stance: str | None, confidence: float | None) -> dict:
    """Colour, width and dashes of a reply edge; doubt (below the threshold that also
    keeps a stance out of what stands) shows as a pale dashed line."""
    base = STANCE_EDGES.get(stance or "neutral", STANCE_EDGES["neutral"])
    uncertain = is_uncertain_stance(stance, confidence or 0.0)
    style = {**base, "uncertain": uncertain, "opacity": 0.9}
    if uncertain:
        style.update(UNCERTAIN_EDGE)
    return style


def comment_depths(parent: dict[str, str | None]) -> dict[str, int]:
    """Depth of each comment (root 0), iteratively: threads can be thousands deep."""
    depth: dict[str, int] = {}
    for cid in parent:
        chain, cur = [], cid
        while cur in parent and cur not in depth and cur not in chain:
            chain.append(cur)
            cur = parent[cur]
        base = depth.get(cur, -1) if cur in parent else -1
        for k, c in enumerate(reversed(chain)):
            depth[c] = base + 1 + k
    return depth


def _collapsed(order: list[str], children: dict[str, list[str]], depth: dict[str, int],
               max_open: int) -> set[str]:
    """Comments whose subtrees start closed: open level by level while under `max_open`."""
    if len(order) <= max_open:
        return set()
    by_level: dict[int, list[str]] = defaultdict(list)
    for cid in order:
        by_level[depth[cid]].append(cid)
    shown = 0
    for level in sorted(by_level):
        ids = by_level[level]
        if shown + len(ids) > max_open:
            # close the parents of this level: their replies wait behind a click
            return {p for p in by_level.get(level - 1, []) if children.get(p)} or {
                i for i in ids if children.get(i)}
        shown += len(ids)
    return set()


def debate_data(amap: ArgumentMap, show: frozenset[str] | None = None,
                highlight: frozenset[str] = frozenset(), labels: dict[str, str] | None = None,
                crux_units: dict[str, object] | None = None, theme_colour=None,
                max_open: int = MAX_OPEN) -> dict:
    """Nodes, edges and cards of the comment tree (plain data, escaped by the page).

    `show` limits the view to comments with at least one shown unit; `labels` is the
    grounded status of each unit and `crux_units` the cruxes by unit id, so the page
    and the unit view agree on what stands.
    """
    from argmap.mine import main_claim

    labels = labels or {}
    crux_units = crux_units or {}
    units_of: dict[str, list[Unit]] = defaultdict(list)
    for u in amap.units:
        units_of[u.comment_id].append(u)
    comments = [c for c in amap.thread.comments
                if show is None or any(u.id in show for u in units_of[c.id])]
    ids = {c.id for c in comments}
    parent = {c.id: (c.parent_id if c.parent_id in ids else None) for c in comments}
    depth = comment_depths(parent)
    children: dict[str, list[str]] = defaultdict(list)
    for c in comments:
        if parent[c.id]:
            children[parent[c.id]].append(c.id)
    closed = _collapsed([c.id for c in comments], children, depth, max_open)
    theme_label = {t.id: t.label for t in amap.themes}
    # the words that explain a stance live on the support/attack edge of the comment's claim
    why: dict[str, str] = {}
    unit_comment = {u.id: u.comment_id for u in amap.units}
    for r in amap.relations:
        if r.kind == "reply" and "neutral (" in r.evidence:
            said = r.evidence[r.evidence.index("neutral ("):]
            why.setdefault(unit_comment.get(r.source, ""), said)
        if r.kind in ("support", "attack", "neutral"):
            cid = unit_comment.get(r.source)
            # between comments only: a premise's support of its own claim explains nothing
            if cid and unit_comment.get(r.target) != cid:
                why.setdefault(cid, r.evidence)
    size: dict[str, int] = {}
    for c in reversed(comments):  # depth-first order: replies come after their parent
        size[c.id] = 1 + sum(size.get(k, 1) for k in children.get(c.id, ()))

    nodes, edges, cards = [], [], {}
    # A paste without authors would print "— unknown" on every box: say it once, nowhere.
    named = any(c.author for c in comments)
    for c in comments:
        units = units_of[c.id]
        main = main_claim(units)
        author = c.author or "unknown"
        point = main.text if main else (c.text or "(empty)")
        status = labels.get(main.id, "in") if main else "in"
        crux = main is not None and main.id in crux_units
        theme_id = main.theme_id if main else None
        border = theme_colour(theme_id) if theme_colour and theme_id else NO_THEME_BORDER
        hidden_below = size[c.id] - 1 if c.id in closed else 0
        star = "★ " if crux else ""
        label_open = f"{star}{shorten(point_label(point), LABEL_CHARS)}" + (
            f"\n— {shorten(author, 40)}" if named else "")
        label = label_open
        if hidden_below:
            label += f"   [+{hidden_below} {'reply' if hidden_below == 1 else 'replies'}: click]"
        node = {
            "id": c.id, "label": label, "label_open": label_open, "level": depth[c.id],
            "parent": parent[c.id],
            "theme": theme_id or "", "collapsed": c.id in closed,
            "shape": "box", "margin": 10,
            "color": {"background": "#fffdf2" if crux else "#ffffff", "border": border,
                      "highlight": {"background": "#eef3fa", "border": border},
                      "hover": {"background": "#f5f8fc", "border": border}},
            "borderWidth": 5 if crux else 3,
            "shapeProperties": {"borderDashes": [6, 4] if status == "out" else False},
            "font": {"size": 15, "color": "#1a1a1a", "face": "system-ui, sans-serif",
                     "multi": False},
            "widthConstraint": {"minimum": 120, "maximum": 280},
        }
        if any(u.id in highlight for u in units):
            node["shadow"] = {"enabled": True, "color": "#ffd400", "size": 18}
            node["borderWidth"] = 6
        nodes.append(node)
        st = edge_style(c.stance, c.stance_confidence)
        if parent[c.id]:
            conf = c.stance_confidence
            word = c.stance or "reply"
            if st["uncertain"]:
                word = f"uncertain {word}"
            title = f"{word} ({conf:.2f})" if conf is not None else word
            dashed_parent = c.parent_confidence is not None and c.parent_confidence < UNSURE_PARENT
            edges.append({
                "id": f"r:{c.id}", "from": c.id, "to": parent[c.id], "stance": c.stance or "",
                "title": title + ("; reply target uncertain" if dashed_parent else ""),
                "width": st["width"],
                "dashes": st["dashes"] or ([2, 4] if dashed_parent else False),
                "color": {"color": st["color"], "highlight": st["color"], "hover": st["color"],
                          "opacity": st["opacity"]},
            })
        cards[c.id] = {
            "point": point, "author": author, "theme": theme_label.get(theme_id, "no theme"),
            "stance": c.stance or ("root" if not c.parent_id else "-"),
            "stance_confidence": c.stance_confidence, "stance_evidence": why.get(c.id, ""),
            "uncertain": bool(parent[c.id]) and st["uncertain"],
            "parent": parent[c.id], "parent_point": None,
            "parent_evidence": c.parent_evidence or "",
            "parent_confidence": c.parent_confidence,
            "status": status, "crux": crux, "replies": len(children.get(c.id, ())),
            "units": [{"id": u.id, "role": u.role, "text": u.text}
                      for u in sorted(units, key=lambda u: (u.start, u.id))],
        }
    for card in cards.values():
        if card["parent"] in cards:
            card["parent_point"] = shorten(cards[card["parent"]]["point"], 90)
    return {"nodes": nodes, "edges": edges, "cards": cards,
            "collapsed": sorted(closed), "max_open": max_open}
