"""The Unit view: one claim, what it answers, what answers it, where else it is made."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from argmap import appdata
from argmap.app_pages.state import clean, goto


def unit_label(u, author: str = "") -> str:
    """A unit as people name it: who said what (the id stays the widget's value). A
    comment with no author is named by its id: "unknown:" before every unit of a
    paste said nothing."""
    return f"{author or u.comment_id}: {u.text[:70]} ({u.role})"


def view_elsewhere(folder: Path, debate: str, uid: str) -> None:
    """Where else this claim was made (after `argmap link`), and how it fared there."""
    claim = appdata.claim_elsewhere(folder, debate, uid)
    if claim is None:
        return
    others = [o for o in claim.occurrences if o.debate != debate]
    st.subheader(f"Made in {claim.debates} debates, rebutted in {claim.rebutted_in}")
    for n, o in enumerate(others):
        c1, c2 = st.columns([6, 1])
        fared = "rebutted there" if o.rebutted else "not rebutted there"
        c1.markdown(f"**{appdata.md_escape(o.debate)}** · {fared} · {appdata.md_escape(o.text)}")
        c2.button("Open", key=f"elsewhere-{n}", on_click=goto,
                  kwargs={"debate": o.debate, "unit": o.unit_id, "view": "Unit"})


def view_unit(amap, labels: dict[str, str], found, folder: Path | None = None,
              debate: str = "") -> None:
    units = {u.id: u for u in amap.units}
    ids = list(units)
    clean("unit", ids)
    if not ids:
        st.info("This map has no units.")
        return
    who = appdata.unit_authors(amap)
    uid = st.selectbox("Unit", ids, key="unit",
                       format_func=lambda i: unit_label(units[i], who.get(i, "")))
    d = appdata.unit_details(amap, uid)
    u = d["unit"]
    st.markdown(appdata.md_quote(u.text))
    st.markdown(" · ".join(
        f"**{name}** {appdata.md_escape(str(value))}"
        for name, value in [("Author", d["author"]), ("Role", u.role), ("Theme", d["theme"]),
                            ("Stance of its comment", d["stance"]), ("Comment", u.comment_id)]
    ))
    standing = labels.get(uid, "in")
    show = {"in": st.success, "out": st.error, "undecided": st.warning}[standing]
    show(appdata.STANDING[standing])
    crux = next((c for c in found if c.unit_id == uid), None)
    if crux:
        st.info(f"A crux of this debate: {appdata.md_escape('; '.join(crux.reasons))}.")
    if folder is not None:
        view_elsewhere(folder, debate, uid)
    st.button("Show its neighbourhood on the map", key="to_map",
              on_click=goto, kwargs={"focus": uid, "view": "Map"})
    for title, edges in (("What it answers", d["answers"]), ("What answers it", d["answered_by"])):
        st.subheader(f"{title} ({len(edges)})")
        if not edges:
            st.caption("nothing")
        for n, e in enumerate(edges):
            c1, c2 = st.columns([6, 1])
            why = appdata.md_escape(e["evidence"] or "-")
            c1.markdown(
                f"**{'uncertain ' if e.get('uncertain') else ''}{appdata.md_escape(e['kind'])}** "
                f"({e['confidence']:.2f}, {why}) "
                f"· _{appdata.md_escape(e['author'])}_: {appdata.md_escape(e['text'])}"
            )
            c2.button("Open", key=f"open-{title}-{n}", on_click=goto, kwargs={"unit": e["unit"]})
    with st.expander("The whole comment"):
        st.markdown(appdata.md_escape(d["comment"].text))
