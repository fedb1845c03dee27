"""The offline basemap: Natural Earth country outlines shipped small under ``data/``.

``load_basemap`` reads the shipped file (made by ``tools/basemap.py``); nothing is fetched.
``country_at`` finds the country whose outline holds a point.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer.errors import DataError
from gazetteer.resources import data_path

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["BASEMAP_PATH", "country_at", "country_outlines", "load_basemap"]

BASEMAP_PATH = data_path("basemap", "countries.geojson")


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
def country_outlines() -> gpd.GeoDataFrame:
    """The shipped country outlines as a GeoDataFrame (EPSG:4326), read once."""
    import geopandas as gpd

    data = _read(str(BASEMAP_PATH))
    return gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326")


def country_at(lat: float, lon: float) -> str | None:
    """ISO code of the country whose (simplified) outline contains the point, if any.

    ``None`` at sea, and inside an outline that carries no ISO code (Somaliland, Northern
    Cyprus, Siachen: Natural Earth gives them none), where the caller falls back on the
    first-level division.

    Examples
    --------
    >>> country_at(25.91552, 13.91839)
    'LY'
    >>> country_at(0.0, -30.0) is None, country_at(9.56, 44.065) is None
    (True, True)
    """
    import shapely

    countries = country_outlines()
    hits = countries[countries.contains(shapely.Point(lon, lat))]
    if hits.empty:
        return None
    code = hits.iloc[0]["iso_a2"]
    return code if isinstance(code, str) and len(code) == 2 else None  # not NaN
