"""What a map says: which claims stand, where the cruxes are, who argued what.

The semantics is Dung's grounded labelling (Dung 1995; labelling form after
Caminada 2006) over the attack relation. Supports are folded in the way a bipolar
argumentation framework does it (Cayrol & Lagasquie-Schiex 2005): besides direct
attacks, a unit attacks another through

- a *supported attack*: a supports x (through a chain of supports) and x attacks b,
  so a attacks b — agreeing with a rebuttal is rebutting;
- a *secondary attack*: a attacks x and x supports b (through a chain), so a
  attacks b — knocking out a premise weakens the claim it holds up.

Reply and quote edges carry no argumentative weight here, nor do neutral replies, nor
(by default) a support or attack between two comments whose stance confidence is below
`argmap.settings.STANCE_THRESHOLD`: one doubtful guess must not mark a claim rebutted.
The grounded labelling is the sceptical reading: `in` = stands (every attacker is
defeated), `out` = rebutted by something that stands, `undecided` = caught in a
conflict nobody settled.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from argmap.model import ArgumentMap
from argmap.settings import STANCE_THRESHOLD

__all__ = [
    "IN", "OUT", "UNDECIDED", "SUPPORT_MODES",
    "Crux",
    "grounded_labelling_graph",
    "bipolar_attacks",
    "attack_graph",
    "uncertain_relations",
    "is_uncertain_stance",
    "grounded_labelling",
    "attack_depth",
    "cruxes",
    "summaries",
    "LABEL_WORDS",
    "LABEL_MEANINGS",
    "label_sentence",
    "theme_points",
]

IN, OUT, UNDECIDED = "in", "out", "undecided"
# The words every front end uses for a grounded label (page, app, report, cruxes):
# one vocabulary, so the map, the app and the Markdown report never disagree.
LABEL_WORDS = {IN: "stands", OUT: "rebutted", UNDECIDED: "undecided"}
LABEL_MEANINGS = {
    IN: "every attack on it was itself defeated (or nothing attacks it)",
    OUT: "an attack on it still stands",
    UNDECIDED: "caught in an exchange nobody settled",
}


def label_sentence(label: str) -> str:
    """"Rebutted: an attack on it still stands." — a label and what it means."""
    return f"{LABEL_WORDS[label].capitalize()}: {LABEL_MEANINGS[label]}."
SUPPORT_MODES = ("bipolar", "supported", "secondary", "none")
UNKNOWN_AUTHOR = "(unknown)"
NO_THEME = "(no theme)"


@dataclass(frozen=True)
class Crux:
    """A unit where the debate turns, its score, and the reasons, in words."""

    unit_id: str
    score: float
    reasons: tuple[str, ...]


def grounded_labelling_graph(attacks: nx.DiGraph) -> dict[Hashable, str]:
    """Dung's grounded labelling of an attack graph (edge a→b: a attacks b).

    The least fixpoint: a node is `in` once all its attackers are `out`, `out` once
    one attacker is `in`; whatever is left is `undecided`. Linear in the graph size.
    """
    label: dict[Hashable, str] = {}
    # Unlabelled attackers still to be made `out` before a node can come `in`.
    pending = {n: len(set(attacks.predecessors(n))) for n in attacks}
    queue = [n for n in attacks if pending[n] == 0]
    while queue:
        n = queue.pop()
        if n in label:
            continue
        label[n] = IN
        for victim in attacks.successors(n):
            if victim in label:
                continue
            label[victim] = OUT
            for m in set(attacks.successors(victim)):
                if m in label:
                    continue
                pending[m] -= 1
                if pending[m] == 0:
                    queue.append(m)
    return {n: label.get(n, UNDECIDED) for n in attacks}


def _support_reach(supports: nx.DiGraph, start: Hashable, reverse: bool) -> set[Hashable]:
    """Nodes reachable from `start` along one or more support edges."""
    if start not in supports:
        return set()
    g = supports.reverse(copy=False) if reverse else supports
    reach = set(nx.descendants(g, start))
    if g.has_edge(start, start) or any(g.has_edge(x, start) for x in reach):
        reach.add(start)
    return reach


def bipolar_attacks(
    attacks: nx.DiGraph, supports: nx.DiGraph, mode: str = "bipolar"
) -> nx.DiGraph:
    """The attack graph with supported and/or secondary attacks added.

    `mode` is "bipolar" (both), "supported", "secondary" or "none". Every node of
    either graph is kept; an added edge has `derived` set to the kind of attack.
    """
    if mode not in SUPPORT_MODES:
        raise ValueError(f"support mode {mode!r}; choose one of {', '.join(SUPPORT_MODES)}")
    out = nx.DiGraph()
    out.add_nodes_from(attacks.nodes)
    out.add_nodes_from(supports.nodes)
    out.add_edges_from(attacks.edges, derived="")
    if mode == "none":
        return out
    for a, b in list(attacks.edges):
        if mode in ("bipolar", "supported"):
            # x supports+ a, a attacks b  =>  x attacks b
            for x in _support_reach(supports, a, reverse=True):
                if not out.has_edge(x, b):
                    out.add_edge(x, b, derived="supported")
        if mode in ("bipolar", "secondary"):
            # a attacks b, b supports+ y  =>  a attacks y
            for y in _support_reach(supports, b, reverse=False):
                if not out.has_edge(a, y):
                    out.add_edge(a, y, derived="secondary")
    return out


def uncertain_relations(amap: ArgumentMap, threshold: float = STANCE_THRESHOLD) -> set[int]:
    """Indices (in `amap.relations`) of reply supports/attacks guessed below `threshold`.

    Only a support or attack between two comments is a stance guess; a premise inside
    one comment is structure and never uncertain here.
    """
    comment = {u.id: u.comment_id for u in amap.units}
    return {
        i for i, r in enumerate(amap.relations)
        if r.kind in ("support", "attack") and r.confidence < threshold
        and comment.get(r.source) != comment.get(r.target)
    }


def is_uncertain_stance(stance: str | None, confidence: float | None,
                        threshold: float = STANCE_THRESHOLD) -> bool:
    """A comment's support/attack stance given below `threshold` (what a card calls uncertain)."""
    return stance in ("support", "attack") and confidence is not None and confidence < threshold


def _kind_graph(amap: ArgumentMap, kind: str, threshold: float = STANCE_THRESHOLD) -> nx.DiGraph:
    ids = [u.id for u in amap.units]
    comment = {u.id: u.comment_id for u in amap.units}
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    for r in amap.relations:
        if r.kind != kind or r.source not in comment or r.target not in comment:
            continue
        if r.confidence < threshold and comment[r.source] != comment[r.target]:
            continue  # an uncertain reply stance: drawn, but it decides nothing
        g.add_edge(r.source, r.target)
    return g


def attack_graph(
    amap: ArgumentMap, support: str = "bipolar", threshold: float = STANCE_THRESHOLD
) -> nx.DiGraph:
    """Every unit as a node; confident attacks, plus those supports imply under `support`."""
    return bipolar_attacks(
        _kind_graph(amap, "attack", threshold), _kind_graph(amap, "support", threshold), support
    )


def grounded_labelling(
    amap: ArgumentMap, support: str = "bipolar", threshold: float = STANCE_THRESHOLD
) -> dict[str, str]:
    """Unit id -> "in" | "out" | "undecided" under the grounded semantics.

    Only attacks and supports at or above `threshold` count (0 counts every guess).
    """
    return grounded_labelling_graph(attack_graph(amap, support, threshold))


def attack_depth(attacks: nx.DiGraph) -> dict[Hashable, int]:
    """For each node, the length (in attacks) of the longest chain of attacks ending at it.

    A rebuttal of a rebuttal of a rebuttal of X gives X depth 3. Cycles are collapsed:
    every node of a strongly connected set counts once along a chain, so the figure is
    exact on the tree-shaped threads we see and a fair bound on tangled ones.
    """
    cond = nx.condensation(attacks)
    members = cond.graph["mapping"]
    depth: dict[int, int] = {}
    for c in nx.topological_sort(cond):
        group = cond.nodes[c]["members"]
        # A cycle of k nodes adds k - 1 attacks to a chain; a self-attack adds one.
        (first, *_) = group
        inner = len(group) - 1 if len(group) > 1 else int(attacks.has_edge(first, first))
        best = max((depth[p] + 1 for p in cond.predecessors(c)), default=0)
        depth[c] = best + inner
    return {n: depth[members[n]] for n in attacks}


def _authors(amap: ArgumentMap) -> dict[str, str]:
    by_comment = {c.id: c.author for c in amap.thread.comments}
    return {u.id: by_comment.get(u.comment_id) or "" for u in amap.units}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cruxes(
    amap: ArgumentMap, top: int = 10, threshold: float = STANCE_THRESHOLD
) -> list[Crux]:
    """The units most worth a reader's attention, best first, each with its reasons.

    A unit scores for every distinct unit that attacks it directly, for each extra
    author among its attackers (a crowd beats one persistent voice), for every level
    of the longest rebuttal chain beneath it, and a little for being supported too
    (contested from both sides). Only units that were attacked at all can be cruxes, and
    only attacks and supports at or above the stance `threshold` count. A unit that
    makes no point of its own (role `meta`: "Nope.", "lol", a bare link) is no crux,
    however hotly it was answered: a reply to it argues with its comment's reading,
    and "Nope." was listed as a real thread's third crux.
    """
    attacks = _kind_graph(amap, "attack", threshold)
    supports = _kind_graph(amap, "support", threshold)
    depth = attack_depth(attacks)
    labels = grounded_labelling(amap, threshold=threshold)
    author = _authors(amap)
    order = {u.id: i for i, u in enumerate(amap.units)}
    said_nothing = {u.id for u in amap.units if u.role == "meta"}
    found: list[Crux] = []
    for uid in attacks:
        if uid in said_nothing:
            continue
        attackers = sorted(a for a in attacks.predecessors(uid) if a != uid)
        if not attackers:
            continue
        names = {author[a] for a in attackers if author[a] and author[a] != author[uid]}
        supporters = [s for s in supports.predecessors(uid) if s != uid]
        chain = depth[uid]
        score = (
            len(attackers)
            + 0.5 * max(0, len(names) - 1)
            + 0.75 * max(0, chain - 1)
            + 0.25 * len(supporters)
        )
        reasons = [f"attacked by {_plural(len(attackers), 'unit')}"]
        if len(names) > 1:
            reasons.append(f"from {len(names)} different authors")
        if chain > 1:
            reasons.append(f"root of a rebuttal chain {chain} deep")
        if supporters:
            reasons.append(f"also supported by {_plural(len(supporters), 'unit')}")
        reasons.append(f"{LABEL_WORDS[labels[uid]]}: {LABEL_MEANINGS[labels[uid]]}")
        found.append(Crux(uid, round(score, 3), tuple(reasons)))
    found.sort(key=lambda c: (-c.score, order[c.unit_id]))
    return found[:top] if top >= 0 else found


def _tally(rows: dict[str, Counter], key: str, field: str, n: int = 1) -> None:
    rows[key][field] += n


def summaries(amap: ArgumentMap) -> dict[str, list[dict]]:
    """Per-theme and per-author tables: units, attacks and supports made and received.

    Returns {"themes": [...], "authors": [...]}, each a list of flat dicts (one row per
    theme / author, ready for a DataFrame), themes in map order, authors by activity.
    The theme rows also count their units' grounded labels.
    """
    author = {uid: a or UNKNOWN_AUTHOR for uid, a in _authors(amap).items()}
    theme_of = {u.id: u.theme_id or NO_THEME for u in amap.units}
    labels = grounded_labelling(amap)
    fields = ("units", "attacks_made", "attacks_received", "supports_made", "supports_received")
    by_theme: dict[str, Counter] = defaultdict(Counter)
    by_author: dict[str, Counter] = defaultdict(Counter)
    comments: dict[str, set[str]] = defaultdict(set)
    for u in amap.units:
        _tally(by_theme, theme_of[u.id], "units")
        _tally(by_theme, theme_of[u.id], labels[u.id])
        _tally(by_author, author[u.id], "units")
        comments[author[u.id]].add(u.comment_id)
    for r in amap.relations:
        if r.kind not in ("attack", "support") or r.source not in author or r.target not in author:
            continue
        verb = "attacks" if r.kind == "attack" else "supports"
        _tally(by_theme, theme_of[r.source], f"{verb}_made")
        _tally(by_theme, theme_of[r.target], f"{verb}_received")
        _tally(by_author, author[r.source], f"{verb}_made")
        _tally(by_author, author[r.target], f"{verb}_received")
    labels_of_theme = {t.id: t.label for t in amap.themes}
    theme_order = [t.id for t in amap.themes] + sorted(set(by_theme) - set(labels_of_theme))
    themes = [
        {
            "theme_id": tid, "label": labels_of_theme.get(tid, tid),
            **{f: by_theme[tid][f] for f in fields},
            **{lab: by_theme[tid][lab] for lab in (IN, OUT, UNDECIDED)},
        }
        for tid in theme_order
        if tid in by_theme or tid in labels_of_theme
    ]
    authors = [
        {"author": a, "comments": len(comments[a]), **{f: by_author[a][f] for f in fields}}
        for a in sorted(by_author, key=lambda a: (-by_author[a]["units"], a))
    ]
    return {"themes": themes, "authors": authors}


def theme_points(amap: ArgumentMap, theme_id: str, labels: dict[str, str] | None = None,
                 n: int = 5) -> list[dict[str, Any]]:
    """What a theme says: its claims, most answered across comments (supported or
    attacked by other comments' units) first, then its premises and questions the same
    way; each with who said it, its comment's side, and whether it stands.

    A table of sizes and stance counts says how big a theme is, not what it says;
    readers of Talk to the City or Kialo read the points themselves.
    """
    theme = next((t for t in amap.themes if t.id == theme_id), None)
    if theme is None:
        return []
    units = {u.id: u for u in amap.units}
    comments = {c.id: c for c in amap.thread.comments}
    members = [units[i] for i in theme.unit_ids if i in units and units[i].role != "meta"]
    engaged: Counter[str] = Counter()
    for r in amap.relations:
        src, dst = units.get(r.source), units.get(r.target)
        if src and dst and src.comment_id != dst.comment_id and r.kind in ("support", "attack"):
            engaged[dst.id] += 1
    order = {u.id: k for k, u in enumerate(amap.units)}
    # claims first, then the premises and the rest, so a theme of few claims still speaks
    members.sort(key=lambda u: (u.role != "claim", -engaged[u.id], order[u.id]))
    out = []
    for u in members[:n]:
        c = comments.get(u.comment_id)
        side = ("opening post" if c and not c.parent_id
                else _SIDE.get(c.stance or "", "reply") if c else "reply")
        out.append({
            "unit": u.id, "text": u.text, "comment": u.comment_id, "role": u.role,
            "author": (c.author if c else None) or u.comment_id, "side": side,
            "answered": engaged[u.id],
            "status": LABEL_WORDS[(labels or {}).get(u.id, "in")],
        })
    return out


_SIDE = {"support": "supporting reply", "attack": "attacking reply", "neutral": "neutral reply"}
