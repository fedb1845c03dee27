"""Start the app with what its first page needs already loaded: ``make app`` runs this.

``streamlit run app.py`` imports a page's modules (geopandas, folium, the extractor: about
2.5 s) and reads the outlines it draws on the first request, so a new installation's first
map came 5.8-8.4 s after the page request, against 3.0 s for the next ones. Here the
process imports them and fills the per-process caches (the country outlines' payload, the
first-level divisions' table) before the server starts listening, then hands over to
Streamlit's own command line with the same arguments::

    python -m app_pages.serve [streamlit run options]

It never touches the incident database: the page creates and seeds it, and shows
``st.error`` if it cannot.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"


def warm() -> None:
    """Import the first page's modules and fill the caches its first run reads.

    Not ``streamlit_folium``: imported before Streamlit's runtime exists, its component
    is declared outside the runtime, and the map's frame then stays hidden (every browser
    test, which starts the app through this module, would fail).
    """
    import app_pages.downloads  # noqa: F401
    import app_pages.filters  # noqa: F401
    import app_pages.timeline  # noqa: F401
    import geo.extraction.extract  # noqa: F401
    import geo.io.export  # noqa: F401
    import geo.maps.render  # noqa: F401
    import geo.store.database  # noqa: F401
    from gazetteer.search import divisions_at
    from geo.maps.outlines import outline_payload_text

    outline_payload_text()
    divisions_at([25.9], [13.9])  # reads the division outlines and builds their index


def main(argv: list[str] | None = None) -> int:
    """Warm the process, then run ``streamlit run app.py`` with ``argv``'s options."""
    from streamlit.web import cli

    warm()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main())
