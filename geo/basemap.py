"""The offline basemap: Natural Earth country outlines shipped small under ``data/``.

``derive_basemap`` makes ``data/basemap/countries.geojson`` from Natural Earth's 1:50m
admin-0 countries (public domain): simplified, coordinates rounded to 0.001°, properties cut
to the name and ISO code. ``load_basemap`` reads the shipped file; nothing is fetched.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from geo.errors import DataError

__all__ = ["BASEMAP_PATH", "country_at", "derive_basemap", "load_basemap"]

BASEMAP_PATH = Path(__file__).resolve().parent.parent / "data" / "basemap" / "countries.geojson"

# Natural Earth leaves ISO_A2 as -99 for a few countries whose code is not in dispute.
_ISO_FIXES = {"France": "FR", "Norway": "NO"}


def derive_basemap(
    source: str | Path, out: str | Path = BASEMAP_PATH, *, tolerance_deg: float = 0.02
) -> int:
    """Write the simplified country outlines; return the number of countries written.

    Parameters
    ----------
    source
        Natural Earth admin-0 countries as GeoJSON (e.g. ``ne_50m_admin_0_countries.geojson``).
    out
        Where to write the GeoJSON.
    tolerance_deg
        Douglas-Peucker tolerance in degrees (0.02° is about 2 km).
    """
    try:
        countries = gpd.read_file(source)
    except Exception as exc:  # pyogrio raises several types for unreadable input
        raise DataError(
            f"cannot read Natural Earth countries from {str(source)!r}: {exc}"
        ) from None
    missing = {"NAME", "ISO_A2"} - set(countries.columns)
    if missing:
        raise DataError(f"{str(source)!r} lacks the Natural Earth columns {sorted(missing)}")
    codes = [
        _ISO_FIXES.get(name, code if isinstance(code, str) and len(code) == 2 else None)
        for name, code in zip(countries["NAME"], countries["ISO_A2"], strict=True)
    ]
    geoms = shapely.set_precision(
        countries.geometry.simplify(tolerance_deg, preserve_topology=True).values, 0.001
    )
    features = [
        {
            "type": "Feature",
            "properties": {"name": name, "iso_a2": code},
            "geometry": shapely.geometry.mapping(geom),
        }
        for name, code, geom in zip(countries["NAME"], codes, geoms, strict=True)
        if geom is not None and not geom.is_empty
    ]
    collection = {
        "type": "FeatureCollection",
        "attribution": (
            "Made with Natural Earth (public domain), 1:50m admin-0 countries, simplified"
        ),
        "features": features,
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", "utf-8"
    )
    return len(features)


@functools.lru_cache(maxsize=2)
def _read(path: str) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"basemap file {path!r} is missing; it ships with strikemap") from None


def load_basemap(path: str | Path = BASEMAP_PATH) -> dict[str, Any]:
    """The country outlines as a GeoJSON FeatureCollection (a fresh copy each call)."""
    return json.loads(json.dumps(_read(str(path))))


@functools.lru_cache(maxsize=1)
def _countries_gdf() -> gpd.GeoDataFrame:
    data = _read(str(BASEMAP_PATH))
    return gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326")


def country_at(lat: float, lon: float) -> str | None:
    """ISO code of the country whose (simplified) outline contains the point, if any.

    Examples
    --------
    >>> country_at(25.91552, 13.91839)
    'LY'
    >>> country_at(0.0, -30.0) is None
    True
    """
    countries = _countries_gdf()
    hits = countries[countries.contains(shapely.Point(lon, lat))]
    return None if hits.empty else hits.iloc[0]["iso_a2"]


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import sys

    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m geo.basemap NE_ADMIN0_COUNTRIES.geojson [OUT.geojson]")
    count = derive_basemap(*sys.argv[1:])
    print(f"wrote {sys.argv[2] if len(sys.argv) == 3 else BASEMAP_PATH} ({count} countries)")
