"""GeoPackage exports for QGIS, written through pyogrio/GDAL (see :mod:`geo.io.export`)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.io.tabular import (
    ExportTable,
    coordinate,
    has_surrogates,
    in_bulk,
    json_line,
    replace_surrogates,
)

if TYPE_CHECKING:
    import pandas as pd

    from geo.io.export import ExportData
    from geo.maps.areas import WkbColumn

__all__ = ["GPKG_LAYERS", "layer_frames", "render_gpkg", "write_gpkg"]


#: GeoPackage layers, in the order they are written.
GPKG_LAYERS = ("incidents", "sites", "uncertainty_areas", "distance_lines", "aggregates")
# GDAL stamps each table with the time it was written; a fixed stamp keeps files identical.
_GPKG_DATE = "2000-01-01T00:00:00.000Z"


def layer_frames(data: ExportData) -> dict[str, pd.DataFrame]:
    """The layers (:data:`GPKG_LAYERS`) as GeoDataFrames (EPSG:4326), columns by our names.

    ``aggregates`` is a plain DataFrame: the statements have no geometry.

    What :func:`render_gpkg` writes: lists as ``"; "``-joined text, ``sources`` as JSON, text
    without lone surrogates; areas and lines all Multi- (a GeoPackage layer holds one type).
    """
    return {name: _frame(columns, geometry) for name, columns, geometry in _layers(data)}


def _frame(columns: dict[str, Any], geometry: WkbColumn | None) -> pd.DataFrame:
    """A layer's columns and geometries as a (Geo)DataFrame (``None``: no geometry)."""
    import geopandas as gpd
    import pandas as pd

    columns = {
        name: column.texts() if isinstance(column, _Packed) else column
        for name, column in columns.items()
    }
    if columns[next(iter(columns))]:
        frame = pd.DataFrame(columns, columns=list(columns))
    else:  # columns of no type (object), as GDAL has always been given them
        frame = pd.DataFrame([], columns=list(columns))
    for column in _INTEGER_COLUMNS.intersection(columns):
        frame[column] = frame[column].astype("Int64")
    if len(frame):  # as the Arrow table has them (an empty layer keeps GDAL's old types)
        for column in _REAL_COLUMNS.intersection(columns):
            frame[column] = frame[column].astype("float64")
    if geometry is not None:
        frame = gpd.GeoDataFrame(frame, geometry=geometry.geometries(), crs="EPSG:4326")
    return frame


@dataclass(frozen=True, slots=True)
class _Packed:
    """A column of UTF-8 text end to end in one buffer.

    Value ``k`` is ``data[offsets[k]:offsets[k + 1]]``, as an Arrow string column holds it:
    GDAL gets the incidents' sources (most of the file) without a Python string a value.
    """

    data: bytes | bytearray
    offsets: Any  # numpy int64, one more than the values

    @classmethod
    def of(cls, values: Iterable[bytes]) -> _Packed:
        """The values (UTF-8) packed, each appended as it comes.

        One growing buffer, not a list of values joined at the end: each value's bytes are
        let go at once (and their memory used again for the next), which spares the system
        the pages of a second copy of the column (measured: 0.5 s of 100,000 incidents'
        sources).
        """
        import numpy as np

        data = bytearray()
        ends = [0]
        for value in values:
            data += value
            ends.append(len(data))
        return cls(data, np.array(ends, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def texts(self) -> list[str]:
        """The values as text."""
        data, bounds = self.data, self.offsets.tolist()
        return [data[a:b].decode("utf-8") for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


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
_NUMBER_COLUMNS = _INTEGER_COLUMNS | _REAL_COLUMNS


def _layers(data: ExportData) -> Iterator[tuple[str, dict[str, Any], WkbColumn | None]]:
    """Each layer of :data:`GPKG_LAYERS`: its name, columns and geometries (``None``: none).

    The columns are lists (text cleaned, lists joined, sources as JSON), but the incidents'
    ``sources``, UTF-8 JSON packed in one buffer (:class:`_Packed`); the geometries WKB, the
    areas and lines all Multi- (a GeoPackage layer holds one type). One layer at a time, so
    that :func:`write_gpkg` hands each to GDAL and lets it go before the next is made.
    Shared by :func:`layer_frames` and :func:`write_gpkg` (which writes Arrow tables, no
    DataFrames).
    """
    from geo.maps.areas import points_wkb

    table = ExportTable(data)
    incidents = _clean(table.columns())  # the incidents' own, and the areas' and lines'
    # the sources as UTF-8 JSON, as orjson makes it, packed: Arrow takes them as they are
    sources = _Packed.of(table.sources_json())
    points = points_wkb(table.lon_list, table.lat_list)
    yield "incidents", {**incidents, "sources": sources}, points
    del sources, points
    yield (
        "sites",
        _clean(_by_column([table.site_row(s) for s in data.sites], _site_columns())),
        points_wkb(
            [coordinate(s.lon) for s in data.sites], [coordinate(s.lat) for s in data.sites]
        ),
    )
    chosen, areas = table.areas_wkb()
    yield "uncertainty_areas", _picked(incidents, _AREA_COLUMNS, chosen), areas
    del areas
    chosen, lines = table.lines_wkb()
    yield "distance_lines", _picked(incidents, _LINE_COLUMNS, chosen), lines
    del lines
    aggregates = [table.aggregate_row(a) for a in data.aggregates]
    yield "aggregates", _clean(_by_column(aggregates, _aggregate_columns())), None


#: The uncertainty areas' columns: the incidents' of the same values (by the incidents' names)
_AREA_COLUMNS = {
    "incident_id": "id",
    "place_name": "place_name",
    "location_precision": "location_precision",
    "uncertainty_radius_km": "uncertainty_radius_km",
}
#: The distance lines' columns: the incidents' of the same values
_LINE_COLUMNS = {
    "incident_id": "id",
    "site_id": "nearest_launch_site_id",
    "site_name": "nearest_launch_site",
    "distance_km": "nearest_launch_site_km",
    "distance_mi": "nearest_launch_site_mi",
}


def _picked(
    columns: dict[str, list[Any]], names: dict[str, str], chosen: list[int]
) -> dict[str, list[Any]]:
    """``names``' columns (new name: column's name) of the rows ``chosen`` (ascending)."""
    every = len(chosen) == len(next(iter(columns.values()), ()))
    out = {}
    for name, source in names.items():
        column = columns[source]
        out[name] = column if every else [column[k] for k in chosen]
    return out


def _by_column(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> dict[str, list[Any]]:
    """Rows as columns; ``sources`` (lists of dicts) as JSON."""
    values = {name: [row[name] for row in rows] for name in columns}
    if "sources" in values:  # escapes surrogates as \uXXXX
        values["sources"] = [json_line(v) for v in values["sources"]]
    return values


def _clean(values: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Columns (``sources`` already JSON) as GDAL gets them: lists as text, no lone surrogates."""
    out = {}
    for name, column in values.items():
        if column and column[0].__class__ is list:  # a column of lists: conflicts, outlets
            column = ["; ".join(map(str, v)) for v in column]
        # the sources are JSON (json_line wrote any lone surrogate as an escape); numbers
        # hold no text
        if name != "sources" and name not in _NUMBER_COLUMNS and _surrogates(column):
            column = [replace_surrogates(v) if v.__class__ is str else v for v in column]
        out[name] = column
    return out


def _surrogates(column: list[Any]) -> bool:
    """Whether the column's text (its ``str`` values) holds a lone surrogate.

    All of it is looked at in one go: ASCII has none, and other text is searched.
    """
    try:
        text = "".join(column)  # a column of text only, joined in C
    except TypeError:  # numbers or None among the text
        text = "".join([v for v in column if v.__class__ is str])
    return has_surrogates(text)


def _arrow_table(columns: dict[str, Any], geometry: WkbColumn) -> Any:
    """A layer as a ``pyarrow`` table for ``pyogrio.write_arrow``: typed columns, WKB.

    Whole numbers are ``int64`` and real numbers ``float64`` whatever the values (a column
    of missing values keeps its type), the rest text; packed columns (:class:`_Packed`) and
    the geometries go to Arrow as their buffers, without a copy a value.
    """
    import pyarrow as pa

    arrays = {}
    for name, column in columns.items():
        if isinstance(column, _Packed):
            arrays[name] = _binary_array(column.data, column.offsets, text=True)
            continue
        kind = (
            pa.int64()
            if name in _INTEGER_COLUMNS
            else pa.float64()
            if name in _REAL_COLUMNS
            else pa.string()
        )
        arrays[name] = pa.array(column, type=kind)
    arrays["geometry"] = _binary_array(geometry.data, geometry.offsets, text=False)
    return pa.table(arrays)


#: Bytes an Arrow column with 32-bit offsets holds (``string``, ``binary``); beyond, 64-bit
_OFFSET_LIMIT = 2**31


def _binary_array(data: bytes | bytearray, offsets: Any, *, text: bool) -> Any:
    """An Arrow string (``text``) or binary array over ``data`` cut at ``offsets``.

    32-bit offsets up to 2 GiB (:data:`_OFFSET_LIMIT`), as ``pa.array`` makes them; 64-bit
    (``large_``) beyond: the sources of a million incidents take more.
    """
    import numpy as np
    import pyarrow as pa

    small = int(offsets[-1]) < _OFFSET_LIMIT
    if text:
        kind = pa.string() if small else pa.large_string()
    else:
        kind = pa.binary() if small else pa.large_binary()
    offsets = np.ascontiguousarray(offsets, dtype=np.int32 if small else np.int64)
    return pa.Array.from_buffers(
        kind, len(offsets) - 1, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )


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
        # each layer is made, written and let go before the next (_layers is a generator):
        # a large export holds one layer's tables at a time
        for n, (layer, columns, geometry) in enumerate(_layers(data)):
            geometry_type = _GPKG_GEOMETRY[layer]
            if geometry is not None and geometry_type is not None and len(geometry):
                # straight to GDAL's Arrow writer: typed columns and WKB, no DataFrame
                pyogrio.write_arrow(
                    _arrow_table(columns, geometry),
                    path,
                    layer=layer,
                    driver="GPKG",
                    geometry_name="geometry",
                    geometry_type=geometry_type,
                    crs="EPSG:4326",
                    append=n > 0,
                )
                del columns, geometry
                continue
            frame = _frame(columns, geometry)
            del columns, geometry
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
            del frame
    finally:
        pyogrio.set_gdal_config_options(previous)
