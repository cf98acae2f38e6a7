"""argmap's web app: browse built maps, explore one, search claims, add your own thread.

Run with `streamlit run app.py -- --maps DIR` (or `make run`). The app reads built
maps and calls argmap functions; it never re-implements them. The maps folder is
`--maps`, else $ARGMAP_MAPS, else `maps/`. The chosen debate, view, filters and
query live in the URL's query parameters, so a copied link reopens the same view.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from argmap import appdata
from argmap.errors import ArgmapError
from argmap.index import INDEX_NAME
from argmap.model import RELATION_KINDS, ROLES, STANCES

VIEWS = ("Map", "Unit", "Themes", "Search", "Export")
EXPORT_LABELS = {  # format -> (button label, MIME type)
    "json": ("argmap JSON", "application/json"),
    "graphml": ("GraphML (Gephi, yEd)", "application/xml"),
    "aif": ("AIF JSON (OVA, AIFdb)", "application/json"),
    "argdown": ("Argdown", "text/plain"),
    "markdown": ("Markdown report", "text/markdown"),
}
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
    from argmap.model import read_map

    return read_map(Path(path))


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
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.json")))


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
            help="Plain text, Markdown, JSON/JSONL exports; see README for the formats.",
        )
        st.caption(f"The map is saved in {appdata.md_escape(str(folder))} beside the others "
                   "and added to search.")
        pasted = st.text_area("…or paste a thread", key="paste", height=120)
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
        who = appdata.unit_authors(amap)
        if not found:
            st.caption("No unit was attacked, so nothing is contested yet.")
        for n, c in enumerate(found):
            c1, c2 = st.columns([6, 1])
            said = appdata.md_escape(text.get(c.unit_id, ""))
            c1.markdown(f"**{n + 1}.** {said} · _{appdata.md_escape(who.get(c.unit_id, ''))}_  \n"
                        f"_{appdata.md_escape('; '.join(c.reasons))}_")
            c2.button("Open", key=f"crux-{n}", on_click=goto,
                      kwargs={"unit": c.unit_id, "view": "Unit"})


def unit_label(u, author: str = "") -> str:
    """A unit as people name it: who said what (the id stays the widget's value)."""
    return f"{author or 'unknown'}: {u.text[:70]} ({u.role})"


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
    labels = {r["id"]: r["theme"] for r in rows}
    pick = st.selectbox("Show one theme on the map", list(labels), format_func=labels.get,
                        key="theme_pick")
    st.button("Filter the map to this theme", key="theme_go", on_click=goto,
              kwargs={"theme": [pick], "view": "Map", "focus": ""})


def view_search(folder: Path, debates: list[appdata.DebateInfo]) -> None:
    from argmap.index import CLOSE_MATCH, open_index, search
    from argmap.query_embed import embed_query
    from argmap.rerank import default_reranker

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
    if not query:
        return
    index = folder / INDEX_NAME
    if not index.exists():
        st.info("No search index yet: build some maps first (`make maps`).")
        return
    def opt(key: str) -> str | None:
        v = st.session_state.get(key)
        return None if v in (None, "", ANY) else v

    db = open_index(index)
    try:
        # the query is embedded by the model that made the index (numpy for the bundled
        # one); the cross-encoder then reorders the first 50 hits (numpy too)
        hits = search(db, query, embed_query(db, query), top=int(st.session_state["top"]),
                      debate=opt("s_debate"), role=opt("s_role"),
                      theme=opt("s_theme"), stance=opt("s_stance"),
                      rerank=default_reranker())
    finally:
        db.close()
    close = [h for h in hits if h.similarity >= CLOSE_MATCH]
    st.caption(f"{len(close)} close matches" if close else f"{len(hits)} results")
    if not hits:
        st.write("No matches: try other words or fewer filters.")
    elif not close:
        st.info("No close match for this query. The nearest units, for what they are worth:")
        st.divider()
    titles = {d.name: d.title for d in debates}
    for n, h in enumerate(close or hits):
        c1, c2 = st.columns([6, 1])
        link = "?" + urlencode({"debate": h.debate, "view": "Unit", "unit": h.unit_id})
        c1.markdown(
            f"**{appdata.md_escape(titles.get(h.debate, h.debate))}** · "
            f"_{appdata.md_escape(h.author or 'unknown')}_ · "
            f"{appdata.md_escape(h.role)} · {appdata.md_escape(h.theme or 'no theme')}"
            + (f" · {appdata.md_escape(h.stance)} reply"
               if h.stance and h.stance != "neutral" else "")
            + f" · [share link]({link})"
        )
        c1.markdown(appdata.md_quote(h.text))
        context = [  # what the hit answers and what answers it
            f"{label} {appdata.md_escape(e.get('kind', ''))}: "
            f"{appdata.md_escape(str(e.get('text', ''))[:90])}"
            for label, edges in (("answers:", h.answers), ("answered by:", h.answered_by))
            for e in edges[:2]
        ]
        if context:
            c1.caption("  \n".join(context))
        c2.button("Open", key=f"hit-{n}", on_click=goto,
                  kwargs={"debate": h.debate, "unit": h.unit_id, "view": "Unit"},
                  disabled=h.debate not in titles)


def view_export(info: appdata.DebateInfo, mtime: float, filters: dict) -> None:
    html_path = info.path.with_suffix(".html")
    st.write("Everything here opens with no network.")
    if html_path.exists():
        st.download_button("Map page (HTML)", html_path.read_bytes(), html_path.name,
                           "text/html", key="dl_html")
    view = tuple(sorted(filters.items()))
    page, n_units, _ = map_page(str(info.path), mtime, view)
    if page:
        st.download_button(f"This filtered view (HTML, {n_units} units)", page.encode("utf-8"),
                           f"{info.name}-view.html", "text/html", key="dl_view")
    from argmap.export import EXPORTERS, SUFFIXES

    st.subheader("Data and interchange formats")
    only_view = st.checkbox("Only what the filters show", key="dl_filtered")
    if not only_view:
        view = ()
    suffix = "-view" if only_view else ""
    for fmt in EXPORTERS:
        label, mime = EXPORT_LABELS.get(fmt, (fmt, "text/plain"))
        st.download_button(
            label, export_text(str(info.path), mtime, fmt, view).encode("utf-8"),
            f"{info.name}{suffix}{SUFFIXES[fmt]}", mime, key=f"dl_{fmt}",
        )


# ---- the page ----

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


main()
