"""Download buttons for the exports (GeoJSON, CSV, GeoPackage, KML), shared by the pages."""

from collections.abc import Callable

import streamlit as st

from geo.io.export import ExportData, ExportFormat, render_export

LABELS = {
    ExportFormat.GEOJSON: ("GeoJSON", "application/geo+json"),
    ExportFormat.CSV: ("CSV (ACLED columns)", "text/csv"),
    ExportFormat.GPKG: ("GeoPackage (QGIS)", "application/geopackage+sqlite3"),
    ExportFormat.KML: ("KML (Google Earth)", "application/vnd.google-earth.kml+xml"),
}


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
            data=lambda fmt=fmt: render_export(collect(), fmt, areas=True),
            file_name=f"{stem}{fmt.suffixes[0]}",
            mime=mime,
            key=f"{key}-{fmt.value}",
            on_click="ignore",
            icon=":material/download:",
        )
