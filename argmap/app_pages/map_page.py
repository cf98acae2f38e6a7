"""The Map view: the debate drawn, its counts, legend and cruxes."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from argmap import appdata
from argmap.app_pages.state import analysis, goto, map_page
from argmap.debate_view import unsure_note


def view_map(info: appdata.DebateInfo, mtime: float, filters: dict, amap) -> None:
    page, n_units, n_rel = map_page(str(info.path), mtime, tuple(sorted(filters.items())))
    st.caption(f"Showing {n_units} of {len(amap.units)} units and {n_rel} of "
               f"{len(amap.relations)} relations. Each box is a comment (its main point and "
               "author), under what it answers; click one to read its points. *Units* shows "
               "every claim and premise.")
    if not page:
        st.info("No units match these filters. Clear some in the sidebar.")
    else:
        st.iframe(page, height=720)
    labels, found = analysis(str(info.path), mtime)
    held = Counter(labels.values())
    with st.expander(f"Where the debate turns: {len(found)} cruxes · {held['in']} units stand, "
                     f"{held['out']} rebutted, {held['undecided']} undecided"):
        text = {u.id: u.text for u in amap.units}
        # a paste names nobody: "· unknown" after every crux says nothing
        who = appdata.unit_authors(amap) if appdata.authors_of(amap) else {}
        if not found:
            st.caption("No unit was attacked, so nothing is contested yet.")
        elif note := unsure_note(amap):
            st.caption(note)
        for n, c in enumerate(found):
            c1, c2 = st.columns([6, 1])
            said = appdata.md_escape(text.get(c.unit_id, ""))
            by = f" · _{appdata.md_escape(who[c.unit_id])}_" if c.unit_id in who else ""
            c1.markdown(f"**{n + 1}.** {said}{by}  \n"
                        f"_{appdata.md_escape('; '.join(c.reasons))}_")
            c2.button("Open", key=f"crux-{n}", on_click=goto,
                      kwargs={"unit": c.unit_id, "view": "Unit"})
