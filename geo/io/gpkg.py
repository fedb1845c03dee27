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
    import geopandas as gpd

    from geo.io.export import ExportData

__all__ = ["GPKG_LAYERS", "render_gpkg"]


#: GeoPackage layers, in the order they are written.
GPKG_LAYERS = ("incidents", "sites", "uncertainty_areas", "distance_lines")
# GDAL stamps each table with the time it was written; a fixed stamp keeps files identical.
_GPKG_DATE = "2000-01-01T00:00:00.000Z"


def _frames(data: ExportData) -> dict[str, gpd.GeoDataFrame]:
    """The four layers as GeoDataFrames (EPSG:4326), columns by our names."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    table = ExportTable(data)

    def flat(row: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in row.items():
            if value.__class__ is list:
                value = json_line(value) if name == "sources" else "; ".join(map(str, value))
            if value.__class__ is str and not value.isascii():
                value = _text(value)
            out[name] = value
        return out

    rows = [flat(table.row(k)) for k in range(len(data.incidents))]
    incidents = pd.DataFrame(rows, columns=list(_incident_columns()))
    for name in ("fatalities_low", "fatalities_best", "fatalities_high"):
        incidents[name] = incidents[name].astype("Int64")
    frames = {
        "incidents": gpd.GeoDataFrame(
            incidents,
            geometry=shapely.points([table.lon_lat(k) for k in range(len(data.incidents))] or None)
            if data.incidents
            else [],
            crs="EPSG:4326",
        )
    }
    site_rows = [flat(table.site_row(s)) for s in data.sites]
    frames["sites"] = gpd.GeoDataFrame(
        pd.DataFrame(site_rows, columns=list(_site_columns())),
        geometry=[shapely.Point(coordinate(s.lon), coordinate(s.lat)) for s in data.sites],
        crs="EPSG:4326",
    )
    area_rows, area_geoms = [], []
    for k, polygon in table.areas():
        incident = data.incidents[k]
        assert incident.place is not None
        area_rows.append(
            flat(
                {
                    "incident_id": incident.id,
                    "place_name": incident.place.name,
                    "location_precision": incident.place.precision.value,
                    "uncertainty_radius_km": tenth(incident.place.radius_km),
                }
            )
        )
        area_geoms.append(polygon)
    frames["uncertainty_areas"] = gpd.GeoDataFrame(
        pd.DataFrame(
            area_rows,
            columns=["incident_id", "place_name", "location_precision", "uncertainty_radius_km"],
        ),
        geometry=area_geoms,
        crs="EPSG:4326",
    )
    line_rows, line_geoms = [], []
    for k, line in table.lines():
        near = table.nearest[k]
        assert near is not None
        line_rows.append(
            flat(
                {
                    "incident_id": data.incidents[k].id,
                    "site_id": near.site.id,
                    "site_name": near.site.name,
                    "distance_km": tenth(near.km),
                    "distance_mi": tenth(near.miles),
                }
            )
        )
        line_geoms.append(line)
    frames["distance_lines"] = gpd.GeoDataFrame(
        pd.DataFrame(
            line_rows, columns=["incident_id", "site_id", "site_name", "distance_km", "distance_mi"]
        ),
        geometry=line_geoms,
        crs="EPSG:4326",
    )
    return frames


def _incident_columns() -> tuple[str, ...]:
    return (
        "kind",
        "id",
        "event_type",
        "date_start",
        "date_end",
        "date_precision",
        "acled_time_precision",
        "place_name",
        "country_code",
        "country",
        "admin1",
        "location_precision",
        "acled_geo_precision",
        "uncertainty_radius_km",
        "place_id",
        "place_anchor",
        "place_offset_km",
        "place_bearing_deg",
        "place_reason",
        "fatalities_low",
        "fatalities_best",
        "fatalities_high",
        "status",
        "conflicts",
        "actor",
        "target",
        "platform",
        "notes",
        "nearest_launch_site_id",
        "nearest_launch_site",
        "nearest_launch_site_km",
        "nearest_launch_site_mi",
        "outlets",
        "sources",
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


_GPKG_GEOMETRY = {
    "incidents": "Point",
    "sites": "Point",
    "uncertainty_areas": "MultiPolygon",
    "distance_lines": "MultiLineString",
}


def _text(value: Any) -> Any:
    """Text without lone surrogates (invalid Unicode, which GDAL and Arrow refuse): U+FFFD."""
    if isinstance(value, str):
        return replace_surrogates(value)
    return value


@in_bulk
def render_gpkg(data: ExportData) -> bytes:
    """The export as a GeoPackage (through pyogrio/GDAL) with :data:`GPKG_LAYERS`.

    ``incidents`` and ``sites`` are points with the fields of the other formats (lists as
    ``"; "``-joined text, sources as JSON); ``uncertainty_areas`` are MultiPolygons (cut at
    the antimeridian), ``distance_lines`` the geodesics to each incident's nearest launch
    site with ``distance_km``/``distance_mi``. The same input gives the same bytes: GDAL's
    table timestamps are fixed (``OGR_CURRENT_DATE``).
    """
    import pyogrio

    frames = _frames(data)
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _GPKG_DATE})
    try:
        with tempfile.TemporaryDirectory(prefix="strikemap-gpkg-") as folder:
            path = Path(folder) / "export.gpkg"
            for layer in GPKG_LAYERS:
                pyogrio.write_dataframe(
                    frames[layer],
                    path,
                    layer=layer,
                    driver="GPKG",
                    geometry_type=_GPKG_GEOMETRY[layer],
                    # one type per layer: areas are all MultiPolygons, lines MultiLineStrings
                    promote_to_multi=layer in ("uncertainty_areas", "distance_lines"),
                    append=path.exists(),
                )
            return path.read_bytes()
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
