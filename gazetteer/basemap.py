"""The offline basemap: Natural Earth country outlines shipped small under ``data/``.

``load_basemap`` reads the shipped file (made by ``tools/basemap.py``); nothing is fetched.
``country_shapes`` gives the outlines as shapely geometries (:mod:`gazetteer.shapes`), and
``country_at`` finds the country whose outline holds a point.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from gazetteer.errors import DataError
from gazetteer.resources import data_path
from gazetteer.shapes import Shapes, read_shapes

__all__ = ["BASEMAP_PATH", "country_at", "country_shapes", "load_basemap"]

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


def country_shapes() -> Shapes:
    """The shipped country outlines as shapely geometries, with their properties, read once.

    The properties are Natural Earth's ``name`` and ``iso_a2`` (``None`` where it gives no ISO
    code).
    """
    return read_shapes(BASEMAP_PATH)


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
    import numpy as np
    import shapely

    countries = country_shapes()
    hits = np.flatnonzero(shapely.contains(countries.geometries, shapely.Point(lon, lat)))
    if len(hits) == 0:
        return None
    code = countries.properties[int(hits[0])]["iso_a2"]
    return code if isinstance(code, str) and len(code) == 2 else None
