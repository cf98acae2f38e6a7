"""The Search view: claims across every mapped debate, with context."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from argmap import appdata, store
from argmap.app_pages.state import ANY, clean, goto
from argmap.errors import ArgmapError
from argmap.model import ROLES, STANCES


def view_search(folder: Path, debates: list[appdata.DebateInfo]) -> None:
    from argmap.index import CLOSE_MATCH, hit_context, in_reply

    query = st.text_input("Search claims across every debate", key="q",
                          placeholder="e.g. the scenario is unrealistic")
    names = [ANY, *(d.name for d in debates)]
    clean("s_debate", names)
    clean("s_role", [ANY, *ROLES])
    clean("s_stance", [ANY, *STANCES])
    c1, c2, c3, c4, c5 = st.columns([3, 2, 3, 2, 1])
    c1.selectbox("Debate", names, key="s_debate")
    c2.selectbox("Role", [ANY, *ROLES], key="s_role")
    c3.text_input("Theme contains", key="s_theme")
    c4.selectbox("Stance", [ANY, *STANCES], key="s_stance")
    if "top" not in st.session_state:
        st.session_state["top"] = 20
    c5.number_input("Top", min_value=1, max_value=200, step=5, key="top")
    st.checkbox("Reorder the first 50 with the key-point reranker (slower; it helps only "
                "maps built with the older all-MiniLM-L6-v2 embedder)", key="s_rerank")
    if not query:
        return
    def opt(key: str) -> str | None:
        v = st.session_state.get(key)
        return None if v in (None, "", ANY) else v

    try:  # the same search as `argmap search`, on the same folder
        hits = store.search_maps(folder, query, top=int(st.session_state["top"]),
                                 debate=opt("s_debate"), role=opt("s_role"),
                                 theme=opt("s_theme"), stance=opt("s_stance"),
                                 rerank=bool(st.session_state.get("s_rerank")))
    except ArgmapError as exc:
        st.info(f"Search cannot run: {appdata.md_escape(str(exc))}")
        return
    shown = store.close_hits(hits)
    close = bool(hits) and shown[0].similarity >= CLOSE_MATCH
    st.caption(f"{len(shown)} close matches" if close else f"{len(hits)} results")
    if not hits:
        st.write("No matches: try other words or fewer filters.")
    elif not close:
        st.info("No close match for this query. The nearest units, for what they are worth:")
        st.divider()
    titles = {d.name: d.title for d in debates}
    for n, h in enumerate(shown):
        c1, c2 = st.columns([6, 1])
        link = "?" + urlencode({"debate": h.debate, "view": "Unit", "unit": h.unit_id})
        # a paste names nobody: "· unknown" on every hit says nothing
        c1.markdown(
            f"**{appdata.md_escape(titles.get(h.debate, h.debate))}** · "
            + (f"_{appdata.md_escape(h.author)}_ · " if h.author else "")
            + f"{appdata.md_escape(h.role)} · {appdata.md_escape(h.theme or 'no theme')}"
            + (f" · {in_reply(h.stance)}" if in_reply(h.stance) else "")
            + f" · [share link]({link})"
        )
        c1.markdown(appdata.md_quote(h.text))
        context = [  # what the hit answers and what answers it
            f"{phrase}: {appdata.md_escape(text[:90])}" for phrase, text in hit_context(h)
        ]
        if context:
            c1.caption("  \n".join(context))
        c2.button("Open", key=f"hit-{n}", on_click=goto,
                  kwargs={"debate": h.debate, "unit": h.unit_id, "view": "Unit"},
                  disabled=h.debate not in titles)
