"""Download buttons for the exports (GeoJSON, CSV, GeoPackage, KML) and the static map."""

from collections.abc import Callable

import streamlit as st

from geo.io.dataset import Dataset
from geo.io.export import ExportData, ExportFormat, render_export

LABELS = {
    ExportFormat.GEOJSON: ("GeoJSON", "application/geo+json"),
    ExportFormat.CSV: ("CSV (ACLED columns)", "text/csv"),
    ExportFormat.GPKG: ("GeoPackage (QGIS)", "application/geopackage+sqlite3"),
    ExportFormat.KML: ("KML (Google Earth)", "application/vnd.google-earth.kml+xml"),
}

#: The static map's button.
MAP_PNG_LABEL = "Map for reports (PNG, A4 300 dpi)"


def _rendering(collect: Callable[[], ExportData], fmt: ExportFormat) -> Callable[[], bytes]:
    """What a format's button calls when it is clicked: the export, made then."""
    return lambda: render_export(collect(), fmt, areas=True)


def download_buttons(collect: Callable[[], ExportData], *, stem: str, key: str) -> None:
    """One button per format; a file is made only when its button is clicked.

    ``collect`` gathers what to export (it runs on Streamlit's download thread, so it must
    open what it reads itself and call no Streamlit command). GeoJSON includes the
    uncertainty areas.
    """
    columns = st.columns(len(LABELS))
    for column, (fmt, (label, mime)) in zip(columns, LABELS.items(), strict=True):
        column.download_button(
            label,
            data=_rendering(collect, fmt),
            file_name=f"{stem}{fmt.suffixes[0]}",
            mime=mime,
            key=f"{key}-{fmt.value}",
            on_click="ignore",
            icon=":material/download:",
        )


def static_map_button(dataset: Dataset, *, stem: str, key: str) -> None:
    """A button for the static map (A4 landscape PNG at 300 dpi), drawn when it is clicked.

    matplotlib is imported then too, so that the page itself does not wait for it.
    """

    def draw() -> bytes:
        from geo.maps.static import StaticFormat, draw_static_map, render_static_map

        return render_static_map(draw_static_map(dataset), StaticFormat.PNG)

    st.download_button(
        MAP_PNG_LABEL,
        data=draw,
        file_name=f"{stem}-map.png",
        mime="image/png",
        key=f"{key}-png",
        on_click="ignore",
        icon=":material/map:",
    )
