"""argmap's web app, one module per page; `app.py` at the project root runs `main()`.

The pages read built maps and call argmap functions; they never re-implement them.
`state` holds what every page shares (session state, the URL, cached loads).
"""

from __future__ import annotations

import streamlit as st

from argmap import appdata
from argmap.app_pages.export_page import view_export
from argmap.app_pages.map_page import view_map
from argmap.app_pages.search_page import view_search
from argmap.app_pages.sidebar import sidebar_add, sidebar_debates, sidebar_filters
from argmap.app_pages.state import (
    VIEWS,
    analysis,
    clean,
    folder_stamp,
    keep_state,
    load_debates,
    load_map,
    maps_dir,
    restore_from_url,
    save_to_url,
)
from argmap.app_pages.themes_page import view_themes
from argmap.app_pages.unit_page import view_unit
from argmap.errors import ArgmapError


def main() -> None:
    st.set_page_config(page_title="argmap", page_icon="🗺️", layout="wide")
    # less empty space above the title, so the map fits a laptop screen
    st.html('<style>[data-testid="stMainBlockContainer"]{padding-top:2.5rem}</style>')
    restore_from_url()
    if "_goto" in st.session_state:
        st.session_state["debate"] = st.session_state.pop("_goto")
        st.session_state["view"] = "Map"
    keep_state()
    folder = maps_dir()
    debates = load_debates(str(folder), folder_stamp(folder))
    st.sidebar.title("argmap")
    st.sidebar.caption("Argument maps of online debates: who claims what, "
                       "what attacks or supports it, and what still stands.")
    if not debates:
        st.title("argmap")
        st.info(f"No maps in {appdata.md_escape(str(folder))} yet. Build some with `make maps`, "
                "or add your own thread in the sidebar.")
        sidebar_add(folder)
        return
    info = sidebar_debates(debates)
    sidebar_add(folder)
    mtime = info.path.stat().st_mtime
    try:
        amap = load_map(str(info.path), mtime)
    except (ArgmapError, ValueError, KeyError, TypeError, OSError) as exc:
        st.error(f"Cannot read {appdata.md_escape(info.path.name)}: {appdata.md_escape(str(exc))}. "
                 "Rebuild it with `argmap build`.")
        return
    filters = sidebar_filters(amap)
    st.title(appdata.md_escape(amap.thread.title))
    st.caption(
        f"{len(amap.thread.comments)} comments · {len(amap.units)} units · "
        f"{len(amap.relations)} relations · {len(amap.themes)} themes · "
        f"read as {appdata.md_escape(amap.thread.format)}"
    )
    for warning in amap.meta.get("warnings", ()):
        st.warning(appdata.md_escape(warning))
    if amap.thread.notes:
        with st.expander(f"How argmap read this thread ({len(amap.thread.notes)} notes)"):
            for note in amap.thread.notes:
                st.caption(appdata.md_escape(note))
    clean("view", VIEWS)
    view = st.radio("View", VIEWS, key="view", horizontal=True, label_visibility="collapsed")
    if view == "Map":
        view_map(info, mtime, filters, amap)
    elif view == "Unit":
        view_unit(amap, *analysis(str(info.path), mtime), folder=folder, debate=info.name)
    elif view == "Themes":
        view_themes(amap, analysis(str(info.path), mtime)[0])
    elif view == "Search":
        view_search(folder, debates)
    else:
        view_export(info, mtime, filters)
    save_to_url()
