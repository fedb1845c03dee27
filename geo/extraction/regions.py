"""Directional regions of a country ("southwest Libya", "southern Somalia", "central Mali").

A directional region is cut from the country's shipped outline (Natural Earth, see
:mod:`gazetteer.basemap`): the country's main landmass is clipped to the half (north, south, east,
west), the quarter (northeast ...) or the middle box (central) of its bounding box. The region
is then represented by a point inside it and an uncertainty radius that covers it, so a map
draws an area, not a pin.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from gazetteer.basemap import country_shapes
from gazetteer.errors import UnknownPlaceError
from gazetteer.geodesy import farthest_km
from gazetteer.lexicon import COMPASS_BEARINGS, COMPASS_WORDS

__all__ = [
    "DIRECTIONS",
    "Region",
    "bearing_of",
    "direction_of",
    "directional_region",
    "mainland",
]

#: Direction words and the direction they name (adjectives and compounds included):
#: :data:`gazetteer.lexicon.COMPASS_WORDS` (``data/lexicon/compass.tsv``).
DIRECTIONS: Mapping[str, str] = COMPASS_WORDS

_BEARINGS = COMPASS_BEARINGS


def direction_of(word: str) -> str | None:
    """The direction a word names, or ``None``.

    Examples
    --------
    >>> direction_of("South-western"), direction_of("central"), direction_of("near")
    ('southwest', 'central', None)
    """
    return DIRECTIONS.get(word.lower().replace("south-west", "southwest"))


def bearing_of(direction: str) -> float:
    """Compass bearing in degrees of a direction ("southwest" -> 225).

    Raises
    ------
    KeyError
        For "central" or an unknown direction.
    """
    return _BEARINGS[direction]


@dataclass(frozen=True, slots=True)
class Region:
    """A part of a country: a point inside it and the radius (km) that covers it."""

    name: str
    country_code: str
    direction: str
    lat: float
    lon: float
    radius_km: float
    geometry: BaseGeometry


@functools.lru_cache(maxsize=64)
def mainland(country_code: str) -> BaseGeometry:
    """A country's outline, its largest polygon only when it has several (no islands).

    Raises
    ------
    gazetteer.errors.UnknownPlaceError
        If the shipped outlines have no country ``country_code``.
    """
    countries = country_shapes()
    code = country_code.upper()
    rows = [k for k, p in enumerate(countries.properties) if p["iso_a2"] == code]
    if not rows:
        raise UnknownPlaceError(f"no outline for country {country_code!r}")
    geom = countries.geometries[rows[0]]
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    return geom


@functools.lru_cache(maxsize=256)
def directional_region(country_code: str, direction: str, country_name: str = "") -> Region:
    """The ``direction`` part of a country.

    Examples
    --------
    >>> r = directional_region("LY", "southwest", "Libya")
    >>> (round(r.lat), round(r.lon), r.name)
    (25, 14, 'southwest Libya')
    >>> 300 < r.radius_km < 800
    True

    Raises
    ------
    UnknownPlaceError
        If the country has no outline.
    KeyError
        For an unknown direction.
    """
    if direction not in _BEARINGS and direction != "central":
        raise KeyError(direction)
    land = mainland(country_code)
    minx, miny, maxx, maxy = land.bounds
    midx, midy = (minx + maxx) / 2, (miny + maxy) / 2
    if direction == "central":
        qx, qy = (maxx - minx) / 4, (maxy - miny) / 4
        box = (midx - qx, midy - qy, midx + qx, midy + qy)
    else:
        x0, x1, y0, y1 = minx, maxx, miny, maxy
        if "north" in direction:
            y0 = midy
        if "south" in direction:
            y1 = midy
        if "east" in direction:
            x0 = midx
        if "west" in direction:
            x1 = midx
        box = (x0, y0, x1, y1)
    part = land.intersection(shapely.box(*box))
    if part.is_empty:  # an odd outline: fall back on the box itself
        part = shapely.box(*box)
    point = part.centroid if part.contains(part.centroid) else part.representative_point()
    radius = farthest_km((point.y, point.x), shapely.get_coordinates(part.simplify(0.05)))
    label = f"{direction} {country_name or country_code}"
    return Region(label, country_code.upper(), direction, point.y, point.x, radius, part)
