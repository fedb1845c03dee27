"""GeoPackage exports for QGIS, written through pyogrio/GDAL (see :mod:`geo.io.export`)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.io.tabular import (
    ExportTable,
    coordinate,
    in_bulk,
    json_bytes,
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
    return {name: _frame(*layer) for name, layer in _layer_columns(data).items()}


def _frame(columns: dict[str, list[Any]], geometry: Any) -> pd.DataFrame:
    """A layer's columns and geometries as a (Geo)DataFrame (``None``: no geometry)."""
    import geopandas as gpd
    import pandas as pd

    if columns[next(iter(columns))]:
        sources = columns.get("sources")
        if sources and sources[0].__class__ is bytes:  # the incidents' JSON, as text
            columns = {**columns, "sources": [v.decode("utf-8") for v in sources]}
        frame = pd.DataFrame(columns, columns=list(columns))
    else:  # columns of no type (object), as GDAL has always been given them
        frame = pd.DataFrame([], columns=list(columns))
    for column in _INTEGER_COLUMNS.intersection(columns):
        frame[column] = frame[column].astype("Int64")
    if len(frame):  # as the Arrow table has them (an empty layer keeps GDAL's old types)
        for column in _REAL_COLUMNS.intersection(columns):
            frame[column] = frame[column].astype("float64")
    if geometry is not None:
        frame = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
    return frame


#: Columns of whole numbers, which may be missing (``Int64``; ``int64`` in Arrow)
_INTEGER_COLUMNS = frozenset(
    {
        "acled_time_precision",
        "acled_geo_precision",
        "fatalities_low",
        "fatalities_best",
        "fatalities_high",
        "strikes_low",
        "strikes_high",
    }
)
#: Columns of real numbers (``float64``), typed even when every value is missing
_REAL_COLUMNS = frozenset(
    {
        "uncertainty_radius_km",
        "place_offset_km",
        "place_bearing_deg",
        "confidence",
        "nearest_launch_site_km",
        "nearest_launch_site_mi",
        "distance_km",
        "distance_mi",
    }
)


def _layer_columns(data: ExportData) -> dict[str, tuple[dict[str, list[Any]], Any]]:
    """Each layer's columns (text cleaned, lists joined, sources as JSON) and geometries.

    The incidents' ``sources`` are UTF-8 bytes (:func:`_frame` makes them text).

    The geometries are a list or array of shapely geometries (``None`` for ``aggregates``,
    which has none); areas and lines are all Multi- (a GeoPackage layer holds one type).
    Shared by :func:`layer_frames` and :func:`write_gpkg`, which hands the columns to GDAL
    as an Arrow table without making DataFrames.
    """
    import shapely

    table = ExportTable(data)
    n = len(data.incidents)
    layers: dict[str, tuple[dict[str, list[Any]], Any]] = {}
    # the table's own columns (the fields of every format), then the sources
    columns = table.columns()
    # the sources as UTF-8 JSON, as orjson makes it: Arrow takes bytes as text without the
    # round trip through str (about 0.7 s of 100,000 incidents' 150 MB)
    incidents = {**columns, "sources": [json_bytes(table.sources(k)) for k in range(n)]}
    layers["incidents"] = (
        _clean(incidents, (*columns, "sources")),
        shapely.points(table.lon_list, table.lat_list) if n else [],
    )
    layers["sites"] = (
        _clean(_by_column([table.site_row(s) for s in data.sites], _site_columns())),
        [shapely.Point(coordinate(s.lon), coordinate(s.lat)) for s in data.sites],
    )
    areas = table.areas()
    places = table.places
    chosen = [k for k, _ in areas]
    layers["uncertainty_areas"] = (
        _clean(
            {
                "incident_id": [data.incidents[k].id for k in chosen],
                "place_name": [places[k].name for k in chosen],
                "location_precision": [places[k].precision.value for k in chosen],
                "uncertainty_radius_km": [tenth(places[k].radius_km) for k in chosen],
            }
        ),
        _multi([polygon for _, polygon in areas], "Polygon"),
    )
    lines = table.lines()
    nearest = [table.nearest[k] for k, _ in lines]
    assert None not in nearest  # lines() draws a line to each nearest site only
    layers["distance_lines"] = (
        _clean(
            {
                "incident_id": [data.incidents[k].id for k, _ in lines],
                "site_id": [near.site.id for near in nearest],  # type: ignore[union-attr]
                "site_name": [near.site.name for near in nearest],  # type: ignore[union-attr]
                "distance_km": [tenth(near.km) for near in nearest],  # type: ignore[union-attr]
                "distance_mi": [tenth(near.miles) for near in nearest],  # type: ignore[union-attr]
            }
        ),
        _multi([line for _, line in lines], "LineString"),
    )
    aggregates = [table.aggregate_row(a) for a in data.aggregates]
    layers["aggregates"] = (_clean(_by_column(aggregates, _aggregate_columns())), None)
    return layers


def _by_column(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> dict[str, list[Any]]:
    """Rows as columns; ``sources`` (lists of dicts) as JSON."""
    values = {name: [row[name] for row in rows] for name in columns}
    if "sources" in values:  # escapes surrogates as \uXXXX
        values["sources"] = [json_line(v) for v in values["sources"]]
    return values


def _clean(
    values: dict[str, list[Any]], columns: tuple[str, ...] | None = None
) -> dict[str, list[Any]]:
    """Columns (``sources`` already JSON) as GDAL gets them: lists as text, no lone surrogates."""
    out = {}
    for name in columns or tuple(values):
        column = values[name]
        if column and column[0].__class__ is list:  # a column of lists: conflicts, outlets
            column = ["; ".join(map(str, v)) for v in column]
        if name == "sources":  # JSON: json_line wrote any lone surrogate as an escape
            pass
        elif not "".join([v for v in column if v.__class__ is str]).isascii():
            column = [replace_surrogates(v) if v.__class__ is str else v for v in column]
        out[name] = column
    return out


def _arrow_table(columns: dict[str, list[Any]], geometry: Any, geometry_type: str) -> Any:
    """A layer as a ``pyarrow`` table for ``pyogrio.write_arrow``: typed columns, WKB.

    Whole numbers are ``int64`` and real numbers ``float64`` whatever the values (a column
    of missing values keeps its type), the rest text; the geometries as WKB.
    """
    import pyarrow as pa
    import shapely

    arrays = {}
    for name, column in columns.items():
        kind = (
            pa.int64()
            if name in _INTEGER_COLUMNS
            else pa.float64()
            if name in _REAL_COLUMNS
            else pa.string()
        )
        arrays[name] = pa.array(column, type=kind)
    arrays["geometry"] = pa.array(shapely.to_wkb(geometry), type=pa.binary())
    return pa.table(arrays)


def _multi(shapes: list[Any], single: str) -> Any:
    """``shapes`` (an array) with each ``single`` (Polygon, LineString) made its Multi-."""
    import numpy as np
    import shapely

    out = np.asarray(shapes, dtype=object)
    if not len(out):
        return out
    one = shapely.get_type_id(out) == _SHAPELY_TYPE_IDS[single]
    if one.any():
        make = shapely.multipolygons if single == "Polygon" else shapely.multilinestrings
        out[one] = make(out[one][:, np.newaxis])
    return out


_SHAPELY_TYPE_IDS = {"LineString": 1, "Polygon": 3}


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

    layers = _layer_columns(data)
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
            columns, geometry = layers[layer]
            geometry_type = _GPKG_GEOMETRY[layer]
            if geometry_type is not None and len(geometry):
                # straight to GDAL's Arrow writer: typed columns and WKB, no DataFrame
                pyogrio.write_arrow(
                    _arrow_table(columns, geometry, geometry_type),
                    path,
                    layer=layer,
                    driver="GPKG",
                    geometry_name="geometry",
                    geometry_type=geometry_type,
                    crs="EPSG:4326",
                    append=n > 0,
                )
                continue
            frame = _frame(columns, geometry)
            pyogrio.write_dataframe(
                frame,
                path,
                layer=layer,
                driver="GPKG",
                geometry_type=geometry_type,
                append=n > 0,
                # an empty layer through the Arrow writer gets other column types, so it
                # takes the classic path; the aggregates (no geometry) take the Arrow one
                use_arrow=len(frame) > 0,
            )
    finally:
        pyogrio.set_gdal_config_options(previous)
