"""GeoPackage exports for QGIS, written through pyogrio/GDAL (see :mod:`geo.io.export`)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.io.tabular import (
    ExportTable,
    coordinate,
    in_bulk,
    json_line,
    replace_surrogates,
    tenth,
)

if TYPE_CHECKING:
    import pandas as pd

    from geo.io.export import ExportData

__all__ = ["GPKG_LAYERS", "layer_frames", "render_gpkg", "write_gpkg"]


#: GeoPackage layers, in the order they are written.
GPKG_LAYERS = ("incidents", "sites", "uncertainty_areas", "distance_lines", "aggregates")
# GDAL stamps each table with the time it was written; a fixed stamp keeps files identical.
_GPKG_DATE = "2000-01-01T00:00:00.000Z"


def layer_frames(data: ExportData) -> dict[str, pd.DataFrame]:
    """The layers (:data:`GPKG_LAYERS`) as GeoDataFrames (EPSG:4326), columns by our names.

    ``aggregates`` is a plain DataFrame: the statements have no geometry.

    What :func:`render_gpkg` writes: lists as ``"; "``-joined text, ``sources`` as JSON, text
    without lone surrogates.
    """
    import geopandas as gpd
    import shapely

    table = ExportTable(data)
    n = len(data.incidents)
    # the table's own columns (the fields of every format), then the sources
    names = (*table.columns(), "sources")
    if n:
        columns = {
            **table.columns(),
            "sources": [json_line(table.sources(k)) for k in range(n)],
        }
        incidents = _frame_of_columns(columns, names)
    else:
        incidents = _frame([], names)
    for name in ("fatalities_low", "fatalities_best", "fatalities_high"):
        incidents[name] = incidents[name].astype("Int64")
    frames = {
        "incidents": gpd.GeoDataFrame(
            incidents,
            geometry=shapely.points(table.lon_list, table.lat_list) if n else [],
            crs="EPSG:4326",
        )
    }
    frames["sites"] = gpd.GeoDataFrame(
        _frame([table.site_row(s) for s in data.sites], _site_columns()),
        geometry=[shapely.Point(coordinate(s.lon), coordinate(s.lat)) for s in data.sites],
        crs="EPSG:4326",
    )
    areas = table.areas()
    places = table.places
    frames["uncertainty_areas"] = gpd.GeoDataFrame(
        _frame(
            [
                {
                    "incident_id": data.incidents[k].id,
                    "place_name": places[k].name,
                    "location_precision": places[k].precision.value,
                    "uncertainty_radius_km": tenth(places[k].radius_km),
                }
                for k, _ in areas
            ],
            ("incident_id", "place_name", "location_precision", "uncertainty_radius_km"),
        ),
        geometry=[polygon for _, polygon in areas],
        crs="EPSG:4326",
    )
    lines = table.lines()
    line_rows = []
    for k, _ in lines:
        near = table.nearest[k]
        assert near is not None  # lines() draws a line to each nearest site only
        line_rows.append(
            {
                "incident_id": data.incidents[k].id,
                "site_id": near.site.id,
                "site_name": near.site.name,
                "distance_km": tenth(near.km),
                "distance_mi": tenth(near.miles),
            }
        )
    frames["distance_lines"] = gpd.GeoDataFrame(
        _frame(line_rows, ("incident_id", "site_id", "site_name", "distance_km", "distance_mi")),
        geometry=[line for _, line in lines],
        crs="EPSG:4326",
    )
    aggregates = _frame([table.aggregate_row(a) for a in data.aggregates], _aggregate_columns())
    for name in ("strikes_low", "strikes_high", "fatalities_low", "fatalities_high"):
        aggregates[name] = aggregates[name].astype("Int64")
    frames["aggregates"] = aggregates  # a table without geometry
    return frames


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """Rows as a DataFrame, built column by column: lists as text, no lone surrogates."""
    import pandas as pd

    if not rows:  # columns of no type (object), as GDAL has always been given them
        return pd.DataFrame([], columns=list(columns))
    values = {name: [row[name] for row in rows] for name in columns}
    if "sources" in values:  # escapes surrogates as \uXXXX
        values["sources"] = [json_line(v) for v in values["sources"]]
    return _frame_of_columns(values, columns)


def _frame_of_columns(values: dict[str, list[Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """Columns (``sources`` already JSON) as a DataFrame: lists as text, no lone surrogates."""
    import pandas as pd

    out = {}
    for name in columns:
        column = values[name]
        if column and column[0].__class__ is list:  # a column of lists: conflicts, outlets
            column = ["; ".join(map(str, v)) for v in column]
        if name == "sources":  # JSON: json_line wrote any lone surrogate as an escape
            pass
        elif not "".join([v for v in column if v.__class__ is str]).isascii():
            column = [replace_surrogates(v) if v.__class__ is str else v for v in column]
        out[name] = column
    return pd.DataFrame(out, columns=list(columns))


def _site_columns() -> tuple[str, ...]:
    return (
        "kind",
        "id",
        "name",
        "site_kind",
        "country_code",
        "country",
        "role",
        "location_precision",
        "coord_source",
        "sources",
    )


def _aggregate_columns() -> tuple[str, ...]:
    return (
        "kind",
        "id",
        "statement",
        "period_start",
        "period_end",
        "place_name",
        "country_code",
        "country",
        "strikes_low",
        "strikes_high",
        "fatalities_low",
        "fatalities_high",
        "incident_ids",
        "check",
        "sources",
    )


_GPKG_GEOMETRY = {
    "incidents": "Point",
    "sites": "Point",
    "uncertainty_areas": "MultiPolygon",
    "distance_lines": "MultiLineString",
    "aggregates": None,  # an attributes table: a tally of many events has no one place
}


def render_gpkg(data: ExportData) -> bytes:
    """The export as a GeoPackage (through pyogrio/GDAL) with :data:`GPKG_LAYERS`, as bytes.

    ``incidents`` and ``sites`` are points with the fields of the other formats (lists as
    ``"; "``-joined text, sources as JSON); ``uncertainty_areas`` are MultiPolygons (cut at
    the antimeridian), ``distance_lines`` the geodesics to each incident's nearest launch
    site with ``distance_km``/``distance_mi``, and ``aggregates`` a table without geometry
    of the aggregate statements (``incident_ids`` ``"; "``-joined, sources as JSON). The
    same input gives the same bytes: GDAL's table timestamps are fixed (``OGR_CURRENT_DATE``).
    """
    with tempfile.TemporaryDirectory(prefix="strikemap-gpkg-") as folder:
        path = Path(folder) / "export.gpkg"
        write_gpkg(data, path)
        return path.read_bytes()


@in_bulk
def write_gpkg(data: ExportData, path: Path) -> None:
    """Write the GeoPackage of :func:`render_gpkg` to ``path``, a file that does not exist.

    GDAL writes the file itself; :func:`geo.io.export.export_incidents` gives it a temporary
    path beside the target (:func:`geo.io.files.atomic_target`), so the file is not written
    twice nor read back.
    """
    import pyogrio

    frames = layer_frames(data)
    options = {
        "OGR_CURRENT_DATE": _GPKG_DATE,
        # SQLite's own fsync at each commit (several per layer) is not needed: the file is
        # written beside its target and synced once before it is renamed in (atomic_target),
        # so a crash leaves the target as it was. The same bytes; half the wall time of the
        # write on a busy disk.
        "OGR_SQLITE_SYNCHRONOUS": "OFF",
    }
    previous = {name: pyogrio.get_gdal_config_option(name) for name in options}
    pyogrio.set_gdal_config_options(options)
    try:
        for n, layer in enumerate(GPKG_LAYERS):
            pyogrio.write_dataframe(
                frames[layer],
                path,
                layer=layer,
                driver="GPKG",
                geometry_type=_GPKG_GEOMETRY[layer],
                # one type per layer: areas are all MultiPolygons, lines MultiLineStrings
                promote_to_multi=layer in ("uncertainty_areas", "distance_lines"),
                append=n > 0,
                # GDAL's Arrow writer: the same bytes, about 40 % faster (an empty layer
                # through it gets other column types, so it takes the classic path)
                use_arrow=len(frames[layer]) > 0,
            )
    finally:
        pyogrio.set_gdal_config_options(previous)
