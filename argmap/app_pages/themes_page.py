"""The Themes view: what the debate splits into, and how each theme stands."""

from __future__ import annotations

import streamlit as st

from argmap import appdata
from argmap.app_pages.state import goto
from argmap.model import STANCES


def view_themes(amap, labels: dict[str, str]) -> None:
    import pandas as pd

    rows = appdata.theme_table(amap, labels)
    if not rows:
        st.info("No themes in this map.")
        return
    df = pd.DataFrame(rows)
    st.dataframe(df.drop(columns=["id"]), hide_index=True)
    # columns in alphabetical order, as the chart's legend sorts them, so colours match
    st.bar_chart(df.set_index("theme")[sorted(STANCES)], horizontal=True,
                 x_label="units (by the stance of their comment)", y_label="",
                 color=["#c62828", "#bdbdbd", "#2e7d32"])
    st.bar_chart(df.set_index("theme")[["rebutted", "stands", "undecided"]], horizontal=True,
                 x_label="units (does it stand? grounded labelling)", y_label="",
                 color=["#c62828", "#2e7d32", "#edc948"])
    names = {r["id"]: r["theme"] for r in rows}
    pick = st.selectbox("Show one theme on the map", list(names), format_func=names.get,
                        key="theme_pick")
    st.button("Filter the map to this theme", key="theme_go", on_click=goto,
              kwargs={"theme": [pick], "view": "Map", "focus": ""})
    points = appdata.theme_points(amap, pick, labels)
    st.subheader(f"What “{names[pick]}” says")
    st.caption("Its claims first, the most answered by other comments at the top, then its "
               "premises.")
    for n, p in enumerate(points):
        c1, c2 = st.columns([6, 1])
        answered = f" · answered {p['answered']}×" if p["answered"] else ""
        c1.markdown(f"{appdata.md_quote(p['text'])}\n\n"
                    f"_{appdata.md_escape(p['author'])}_ · {appdata.md_escape(p['role'])} in a"
                    f" {appdata.md_escape(p['side'])} · {p['status']}{answered}")
        c2.button("Open", key=f"theme-point-{n}", on_click=goto,
                  kwargs={"unit": p["unit"], "view": "Unit"})
