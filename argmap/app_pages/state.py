"""Session state, the URL, the maps folder and the cached loads every page shares."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import streamlit as st

from argmap import appdata, store

VIEWS = ("Map", "Unit", "Themes", "Search", "Export")
TOP_CRUXES = 10


def _flag(value: str) -> bool:
    return value.lower() in ("1", "true", "yes")


# Session keys mirrored in the URL, with how to read them back from a query string.
URL_KEYS = {
    "debate": str, "view": str, "theme": list, "role": list, "kind": list, "author": list,
    "conf": float, "focus": str, "hops": int, "cruxes": _flag, "unit": str,
    "q": str, "top": int, "s_debate": str, "s_role": str, "s_theme": str, "s_stance": str,
}
ANY = "any"


def maps_dir() -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--maps", default=os.environ.get("ARGMAP_MAPS", "maps"))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.maps)


# ---- cached reads: keyed on file modification times, so a rebuilt map is re-read ----

@st.cache_data(show_spinner=False)
def load_debates(folder: str, stamp: tuple) -> list[appdata.DebateInfo]:
    return appdata.list_debates(Path(folder))


@st.cache_data(show_spinner=False, max_entries=32)
def load_map(path: str, mtime: float):
    return store.load_map(Path(path))


@st.cache_data(show_spinner=False, max_entries=32)
def analysis(path: str, mtime: float):
    """Grounded labels (does each unit stand?) and the top cruxes of one map."""
    from argmap.analytics import cruxes, grounded_labelling

    amap = load_map(path, mtime)
    return grounded_labelling(amap), cruxes(amap, top=TOP_CRUXES)


def filtered(path: str, mtime: float, view: tuple):
    """The sub-map one set of filters asks for (cruxes resolved to their units)."""
    options = dict(view)
    amap = load_map(path, mtime)
    if options.pop("cruxes", False):
        _, found = analysis(path, mtime)
        options["only_units"] = appdata.crux_view(amap, [c.unit_id for c in found])
    return appdata.filter_map(amap, **options)


@st.cache_data(show_spinner=False, max_entries=64)
def map_page(path: str, mtime: float, view: tuple) -> tuple[str, int, int]:
    """The rendered HTML of one filtered view, with its unit and relation counts."""
    from argmap.render import render_html

    sub = filtered(path, mtime, view)
    return (render_html(sub) if sub.units else ""), len(sub.units), len(sub.relations)


@st.cache_data(show_spinner=False, max_entries=64)
def export_text(path: str, mtime: float, fmt: str, view: tuple) -> str:
    from argmap.export import export_map

    return export_map(filtered(path, mtime, view), fmt)


@st.cache_resource(show_spinner="Loading the language models (once)…")
def load_models():
    from argmap.settings import Models, Settings

    return Models(Settings())


def folder_stamp(folder: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime) for p in store.map_files(folder))


# ---- URL state ----

def restore_from_url() -> None:
    """On a session's first run, seed widget state from the query string."""
    if st.session_state.get("_restored"):
        return
    st.session_state["_restored"] = True
    qp = st.query_params
    for key, kind in URL_KEYS.items():
        if key not in qp:
            continue
        try:
            if kind is list:
                st.session_state[key] = [v for v in qp.get_all(key) if v]
            else:
                st.session_state[key] = kind(qp[key])
        except ValueError:
            pass


def save_to_url() -> None:
    """Write the current view's state into the query string (defaults left out)."""
    params: dict[str, str | list[str]] = {}
    for key in URL_KEYS:
        value = st.session_state.get(key)
        if value in (None, "", [], ANY, 0.0) or (key, value) in (("hops", 1), ("top", 20)):
            continue
        params[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    if dict(st.query_params.to_dict()) != {k: (v[-1] if isinstance(v, list) else v)
                                           for k, v in params.items()}:
        st.query_params.from_dict(params)


def keep_state() -> None:
    """Keep widget values while their widget is hidden (another view is showing)."""
    for key in URL_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def clean(key: str, options, many: bool = False) -> None:
    """Drop a remembered value the current options no longer offer (e.g. another debate)."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    if many:
        st.session_state[key] = [v for v in (value or []) if v in options]
    elif value not in options:
        del st.session_state[key]


def goto(**state) -> None:
    """Button callback: jump to a view/debate/unit (runs before widgets are drawn)."""
    for k, v in state.items():
        st.session_state[k] = v


# ---- sidebar ----
