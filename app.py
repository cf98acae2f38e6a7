"""argmap's web app: browse built maps, explore one, search claims, add your own thread.

Run with `streamlit run app.py -- --maps DIR` (or `make run`). The app reads built
maps and calls argmap functions; it never re-implements them. The maps folder is
`--maps`, else $ARGMAP_MAPS, else `maps/`. The chosen debate, view, filters and
query live in the URL's query parameters, so a copied link reopens the same view.
"""

from argmap.app_pages import main

main()
