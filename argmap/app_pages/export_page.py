"""The Export view: the page, the filtered view and every interchange format."""

from __future__ import annotations

import streamlit as st

from argmap import appdata, store
from argmap.app_pages.state import export_text, map_page


def view_export(info: appdata.DebateInfo, mtime: float, filters: dict) -> None:
    html_path = store.html_path(info.path.parent, info.name)
    st.write("Everything here opens with no network.")
    if html_path.exists():
        st.download_button("Map page (HTML)", html_path.read_bytes(), html_path.name,
                           "text/html", key="dl_html")
    view = tuple(sorted(filters.items()))
    page, n_units, _ = map_page(str(info.path), mtime, view)
    if page:
        st.download_button(f"This filtered view (HTML, {n_units} units)", page.encode("utf-8"),
                           f"{info.name}-view.html", "text/html", key="dl_view")
    from argmap.export import EXPORTERS, LABELS, MEDIA_TYPES, SUFFIXES

    st.subheader("Data and interchange formats")
    only_view = st.checkbox("Only what the filters show", key="dl_filtered")
    if not only_view:
        view = ()
    suffix = "-view" if only_view else ""
    for fmt in EXPORTERS:
        st.download_button(
            LABELS[fmt], export_text(str(info.path), mtime, fmt, view).encode("utf-8"),
            f"{info.name}{suffix}{SUFFIXES[fmt]}", MEDIA_TYPES[fmt], key=f"dl_{fmt}",
        )


# ---- the page ----
