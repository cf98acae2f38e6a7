"""AIF JSON (the Argument Interchange Format as AIFdb and OVA write it).

An AIF document is `nodes` (I = statements, L = locutions, RA/CA/MA = support,
conflict, rephrase, TA = dialogue transitions, YA = anchors) and `edges` between
them, with `locutions` tying L-nodes to `participants`. We read it two ways:

- `read` gives a `Thread` (one comment per locution, or per I-node when the file has
  no dialogue layer), so an AIF file can be built like any other thread;
- `read_map` gives the `ArgumentMap` itself — units and relations as the file states
  them — which is how our own AIF export round-trips without re-mining.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import ArgumentMap, Comment, Relation, Theme, Thread, Unit

__all__ = ["read", "read_map", "looks_like"]

S_KIND = {"RA": "support", "CA": "attack", "MA": "quote"}


def looks_like(text: str) -> bool:
    """True for JSON with AIF `nodes` and `edges` lists (at the top, or under OVA's "AIF")."""
    head = text.lstrip()[:4000]
    return head.startswith("{") and '"nodes"' in text and '"edges"' in text and '"nodeID"' in head


def _load(text: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArgmapError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}); "
                          "export the AIF file again") from exc
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
        data = data["AIF"]  # OVA3 wraps the AIF document beside its own layout data
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) \
            or not isinstance(data.get("edges"), list):
        raise ArgmapError(f"{source}: not AIF JSON (expected top-level 'nodes' and 'edges' "
                          "lists); pass --format for another format")
    for n in data["nodes"]:
        if not isinstance(n, dict) or "nodeID" not in n or "type" not in n:
            raise ArgmapError(f"{source}: AIF node without nodeID/type: {str(n)[:80]}; "
                              "fix or re-export the file")
    for e in data["edges"]:
        if not isinstance(e, dict) or "fromID" not in e or "toID" not in e:
            raise ArgmapError(f"{source}: AIF edge without fromID/toID: {str(e)[:80]}; "
                              "fix or re-export the file")
    return data


def read_map(text: str, source: str) -> ArgumentMap:
    """The argument map an AIF document states: I-nodes as units, RA/CA/MA as relations."""
    data = _load(text, source)
    nodes = {str(n["nodeID"]): n for n in data["nodes"]}
    outs: dict[str, list[str]] = {}
    ins: dict[str, list[str]] = {}
    for e in data["edges"]:
        a, b = str(e["fromID"]), str(e["toID"])
        if a in nodes and b in nodes:
            outs.setdefault(a, []).append(b)
            ins.setdefault(b, []).append(a)

    def typed(ids: list[str], t: str) -> list[str]:
        return [i for i in ids if nodes[i]["type"] == t]

    people = {
        str(p.get("participantID")): " ".join(
            x for x in (p.get("firstname"), p.get("surname")) if x
        ).strip() or None
        for p in data.get("participants", []) if isinstance(p, dict)
    }
    speaker = {
        str(loc.get("nodeID")): people.get(str(loc.get("personID")))
        for loc in data.get("locutions", []) if isinstance(loc, dict)
    }
    i_ids = [str(n["nodeID"]) for n in data["nodes"] if n["type"] == "I"]
    if not i_ids:
        raise ArgmapError(f"{source}: AIF file has no I-nodes (statements); nothing to map")
    # The L-node that asserts each I-node, through a YA anchor.
    l_of: dict[str, str] = {}
    for ya in (str(n["nodeID"]) for n in data["nodes"] if n["type"] == "YA"):
        for lid in typed(ins.get(ya, []), "L"):
            for iid in typed(outs.get(ya, []), "I"):
                l_of.setdefault(iid, lid)

    unit_of_i: dict[str, Unit] = {}
    comment_info: dict[str, dict[str, Any]] = {}
    for k, iid in enumerate(i_ids):
        ext = nodes[iid].get("argmap") or {}
        lid = l_of.get(iid)
        lext = (nodes[lid].get("argmap") or {}) if lid else {}
        cid = str(ext.get("comment_id") or lext.get("comment_id") or f"c{k + 1}")
        uid = str(ext.get("unit_id") or f"{cid}.u1")
        unit_of_i[iid] = Unit(
            id=uid, comment_id=cid, text=str(nodes[iid].get("text", "")),
            start=int(ext.get("start", 0)), end=int(ext.get("end", 0)),
            role=str(ext.get("role") or "claim"), theme_id=ext.get("theme_id"),
        )
        info = comment_info.setdefault(cid, {"order": k, "author": None, "parent": None,
                                             "position": lext.get("position", k),
                                             "stance": lext.get("stance"),
                                             # our own export states the parent, even None
                                             "stated": "parent_id" in lext})
        if lid and info["author"] is None:
            info["author"] = speaker.get(lid)
        if lext.get("parent_id") and info["parent"] is None:
            info["parent"] = str(lext["parent_id"])
    unit_of_l = {lid: unit_of_i[iid] for iid, lid in l_of.items()}

    relations: list[Relation] = []
    for n in data["nodes"]:
        nid, ntype = str(n["nodeID"]), n["type"]
        ext = n.get("argmap") or {}
        conf = float(ext.get("confidence", 1.0))
        evidence = str(ext.get("evidence", f"AIF {ntype} node {nid}"))
        if ntype in S_KIND:
            for p in typed(ins.get(nid, []), "I"):
                for c in typed(outs.get(nid, []), "I"):
                    relations.append(Relation(unit_of_i[p].id, unit_of_i[c].id,
                                              S_KIND[ntype], conf, evidence))
        elif ntype == "TA":
            for a in ins.get(nid, []):
                for b in outs.get(nid, []):
                    if a in unit_of_l and b in unit_of_l:
                        src, dst = unit_of_l[b], unit_of_l[a]
                        relations.append(Relation(src.id, dst.id, "reply", conf, evidence))
                        info = comment_info[src.comment_id]
                        if (info["parent"] is None and not info["stated"]
                                and dst.comment_id != src.comment_id):
                            info["parent"] = dst.comment_id
    if not l_of:
        # No dialogue layer: a premise answers the statement it supports or attacks.
        for r in relations:
            src = next(u for u in unit_of_i.values() if u.id == r.source)
            dst = next(u for u in unit_of_i.values() if u.id == r.target)
            info = comment_info[src.comment_id]
            if info["parent"] is None and r.kind in ("support", "attack"):
                info["parent"], info["stance"] = dst.comment_id, r.kind

    units = tuple(unit_of_i[i] for i in i_ids)
    comments = tuple(
        Comment(
            id=cid,
            text=" ".join(u.text for u in units if u.comment_id == cid),
            author=info["author"],
            parent_id=info["parent"] if info["parent"] in comment_info else None,
            position=int(info["position"]),
            stance=info["stance"],
        )
        for cid, info in sorted(comment_info.items(), key=lambda kv: kv[1]["order"])
    )
    ext = data.get("argmap") if isinstance(data.get("argmap"), dict) else {}
    themes = tuple(
        Theme(str(t["id"]), str(t.get("label", t["id"])), tuple(t.get("keywords", ())),
              tuple(u.id for u in units if u.theme_id == t["id"]))
        for t in ext.get("themes", []) if isinstance(t, dict) and "id" in t
    )
    thread = Thread(
        title=str(ext.get("title") or Path(source).stem), source=source, format="aif",
        comments=comments,
    )
    meta = {"debate": str(ext.get("debate") or Path(source).stem)}
    return ArgumentMap(thread, units, tuple(relations), themes, meta)


def read(text: str, source: str) -> Thread:
    """The thread behind an AIF document (for `argmap build`)."""
    return read_map(text, source).thread
