"""The sidebar: pick a debate, add a thread, filter the map."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from argmap import appdata
from argmap.app_pages.state import TOP_CRUXES, clean, folder_stamp, load_models
from argmap.errors import ArgmapError
from argmap.model import RELATION_KINDS, ROLES


def sidebar_debates(debates: list[appdata.DebateInfo]) -> appdata.DebateInfo:
    names = [d.name for d in debates]
    clean("debate", names)
    if "debate" not in st.session_state:
        # open on the map built last (a link names its own debate in the URL)
        st.session_state["debate"] = max(debates, key=lambda d: d.path.stat().st_mtime).name
    by_name = {d.name: d for d in debates}
    choice = st.sidebar.radio(
        "Debates", names, key="debate",
        format_func=lambda n: appdata.md_escape(by_name[n].title),
        captions=[f"{d.comments} comments · {d.units} units · built {d.built or '?'}"
                  for d in debates],
    )
    return by_name[choice]


def sidebar_add(folder: Path) -> None:
    """Upload or paste a thread; build it here with a progress line per stage."""
    from argmap.pipeline import STAGES
    from argmap.read import READERS

    with st.sidebar.expander("Add your own thread", expanded=not folder_stamp(folder)):
        upload = st.file_uploader(
            "Thread file", key="upload",
            help="Plain text, Markdown, JSON/JSONL exports, a CSV table, a saved web page "
                 "(see README).",
        )
        st.caption(f"The map is saved in {appdata.md_escape(str(folder))} beside the others "
                   "and added to search.")
        pasted = st.text_area(
            "…or paste a thread", key="paste", height=120,
            help="Copy the whole page (Ctrl+A): the names, times and links above each "
                 "comment (Hacker News, Reddit, LessWrong, X, Discord, Slack) tell argmap "
                 "who wrote it and whom it answers; so do a mailing list's From: headers "
                 "and > quotes, and a chat log's names. Typing one out? Leave a blank line "
                 "after each comment, and indent a reply under what it answers (or write "
                 "a nested list of bullets).",
        )
        fmt = st.selectbox("Format", ["detect", *READERS], key="fmt")
        if not st.button("Build the map", key="build", type="primary"):
            return
        if upload is not None:
            data, filename = upload.getvalue(), upload.name
        elif pasted.strip():
            data, filename = pasted.encode("utf-8"), "pasted.txt"
        else:
            st.error("Choose a file or paste a thread first.")
            return
        bar = st.progress(0.0, text="Starting…")
        with st.status(f"Building {appdata.md_escape(filename)}", expanded=True) as status:
            def progress(stage: str) -> None:
                n = STAGES.index(stage) if stage in STAGES else 0
                bar.progress(n / len(STAGES), text=f"{stage}…")
                status.write(f"{stage}…")

            try:
                res = appdata.build_upload(
                    data, filename, folder, load_models().settings, load_models(),
                    fmt=None if fmt == "detect" else fmt, progress=progress,
                )
            except ArgmapError as exc:
                failed = str(exc)
            except Exception as exc:  # a reader bug must not take the page down
                failed = f"{filename}: could not be mapped ({type(exc).__name__}: {exc})"
            else:
                failed = None
            if failed:
                status.update(label="Could not build this thread", state="error",
                              expanded=False)
            else:
                bar.progress(1.0, text="done")
                status.update(label=f"Built {res.map.name}", state="complete")
        if failed:
            # the reason in plain sight, under the collapsed progress box
            bar.empty()
            st.error(appdata.md_escape(failed))
            return
        st.session_state["_goto"] = res.map.name
        st.rerun()


def sidebar_filters(amap) -> dict:
    """The map filters; they shape the Map view and the HTML export of the view."""
    st.sidebar.subheader("Filter the map")
    theme_ids = [t.id for t in amap.themes]
    labels = {t.id: t.label for t in amap.themes}
    clean("theme", theme_ids, many=True)
    st.sidebar.multiselect("Themes", theme_ids, key="theme", format_func=labels.get)
    clean("role", ROLES, many=True)
    st.sidebar.multiselect("Roles", list(ROLES), key="role")
    clean("kind", RELATION_KINDS, many=True)
    st.sidebar.multiselect("Relation kinds", list(RELATION_KINDS), key="kind")
    authors = appdata.authors_of(amap)
    clean("author", authors, many=True)
    if authors:
        st.sidebar.multiselect("Authors", authors, key="author")
    st.sidebar.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="conf")
    unit_ids = ["", *(u.id for u in amap.units)]
    text = {u.id: u.text for u in amap.units}
    clean("focus", unit_ids)
    st.sidebar.selectbox(
        "Focus on one unit's neighbourhood", unit_ids, key="focus",
        format_func=lambda i: f"{i} — {text[i][:50]}" if i else "(whole map)",
    )
    st.sidebar.slider("Neighbourhood hops", 1, 4, key="hops")
    st.sidebar.toggle(
        "Cruxes only", key="cruxes",
        help=f"The {TOP_CRUXES} units where the debate turns, with the units that "
             "attack or support them directly.",
    )
    return {
        "themes": tuple(st.session_state.get("theme") or ()),
        "roles": tuple(st.session_state.get("role") or ()),
        "kinds": tuple(st.session_state.get("kind") or ()),
        "authors": tuple(st.session_state.get("author") or ()),
        "min_confidence": float(st.session_state.get("conf") or 0.0),
        "focus": st.session_state.get("focus") or None,
        "hops": int(st.session_state.get("hops") or 1),
        "cruxes": bool(st.session_state.get("cruxes")),
    }


# ---- views ----
