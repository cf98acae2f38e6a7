"""argmap's web app: browse built maps, explore one, search claims across debates.

Run with `streamlit run app.py -- --maps DIR` (or `make run`). The app reads built
maps; it calls argmap functions and never re-implements them. The maps folder is
`--maps`, else $ARGMAP_MAPS, else `maps/`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from argmap.errors import ArgmapError
from argmap.index import INDEX_NAME


def maps_dir() -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--maps", default=os.environ.get("ARGMAP_MAPS", "maps"))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.maps)


@st.cache_data(show_spinner=False)
def load_map(path: str, mtime: float):
    from argmap.model import read_map

    return read_map(Path(path))


@st.cache_data(show_spinner=False)
def load_html(path: str, mtime: float) -> str:
    return Path(path).read_text("utf-8")


@st.cache_resource(show_spinner="Loading the embedding model…")
def load_models():
    from argmap.settings import Models, Settings

    return Models(Settings())


def list_maps(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def show_search(folder: Path) -> None:
    from argmap.embed import embed_texts
    from argmap.index import open_index, search

    query = st.text_input("Search claims across every debate", key="query")
    if not query:
        return
    index = folder / INDEX_NAME
    if not index.exists():
        st.info("No search index yet: build some maps first (`make maps`).")
        return
    models = load_models()
    vec, _ = embed_texts([query], models.embedder, model_name=models.settings.embed_model)
    db = open_index(index)
    try:
        hits = search(db, query, vec[0], top=10)
    finally:
        db.close()
    if not hits:
        st.write("No matches.")
    for h in hits:
        st.markdown(f"**{h.debate}** · `{h.unit_id}` · {h.role} · {h.theme}")
        st.text(h.text)


def main() -> None:
    st.set_page_config(page_title="argmap", layout="wide")
    folder = maps_dir()
    maps = list_maps(folder)
    st.sidebar.title("argmap")
    st.sidebar.caption(f"Maps in `{folder}`")
    if not maps:
        st.title("argmap")
        st.info(f"No maps in `{folder}` yet. Build some with `make maps`.")
        return
    names = [p.stem for p in maps]
    choice = st.sidebar.radio("Debates", names, key="debate")
    path = maps[names.index(choice)]
    try:
        amap = load_map(str(path), path.stat().st_mtime)
    except (ArgmapError, ValueError, KeyError, OSError) as exc:
        st.error(f"Cannot read {path.name}: {exc}")
        return
    st.title(amap.thread.title)
    st.caption(
        f"{len(amap.thread.comments)} comments · {len(amap.units)} units · "
        f"{len(amap.relations)} relations · {len(amap.themes)} themes"
    )
    html_path = path.with_suffix(".html")
    tab_map, tab_themes, tab_search = st.tabs(["Map", "Themes", "Search"])
    with tab_map:
        if html_path.exists():
            components.html(load_html(str(html_path), html_path.stat().st_mtime), height=720)
        else:
            st.warning(f"{html_path.name} is missing; rebuild the map.")
    with tab_themes:
        st.dataframe(
            [{"theme": t.label, "units": len(t.unit_ids), "keywords": ", ".join(t.keywords)}
             for t in amap.themes],
            hide_index=True,
        )
    with tab_search:
        show_search(folder)


main()
