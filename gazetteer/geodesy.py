"""Geodesy on the WGS-84 ellipsoid (pyproj ``Geod``), never planar degrees.

Points are given as ``(lat, lon)`` pairs, the order geopy and folium use;
:func:`validate_lat_lon` refuses any that is not a finite in-range number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from pyproj import Geod

from gazetteer.errors import InvalidCoordinatesError
from gazetteer.untrusted import short_repr

__all__ = [
    "KM_PER_MILE",
    "KM_PER_NAUTICAL_MILE",
    "Distance",
    "destination",
    "farthest_km",
    "geodesic_distance",
    "geodesic_path_latlon",
    "nearest",
    "validate_lat_lon",
]

KM_PER_MILE = 1.609344
KM_PER_NAUTICAL_MILE = 1.852

_GEOD = Geod(ellps="WGS84")

T = TypeVar("T")


def validate_lat_lon(lat: float, lon: float, *, what: str = "point") -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats, or raise if either is not a finite in-range number.

    Parameters
    ----------
    lat, lon
        Latitude in [-90, 90] and longitude in [-180, 180], decimal degrees (WGS-84).
    what
        Names the point in the error message.

    Examples
    --------
    >>> validate_lat_lon(25.9, 13.9)
    (25.9, 13.9)
    >>> validate_lat_lon(95, 13.9, what="Murzuq")
    Traceback (most recent call last):
    ...
    gazetteer.errors.InvalidCoordinatesError: Murzuq: latitude must be between -90 and 90, got 95
    """
    for axis, value, bound in (("latitude", lat, 90.0), ("longitude", lon, 180.0)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidCoordinatesError(
                f"{what}: {axis} must be a number, got {short_repr(value)}"
            )
        # compared as given: float() of a 400-digit integer would raise OverflowError
        if not (-bound <= value <= bound):  # also refuses NaN
            raise InvalidCoordinatesError(
                f"{what}: {axis} must be between {-bound:g} and {bound:g}, got {short_repr(value)}"
            )
    return float(lat), float(lon)


@dataclass(frozen=True, slots=True)
class Distance:
    """A geodesic distance with its initial bearing.

    Examples
    --------
    >>> d = Distance(776.0, 180.0)
    >>> round(d.miles), round(d.nautical_miles)
    (482, 419)
    >>> d.label()
    '776 km (482 mi)'
    """

    km: float
    bearing_deg: float

    @property
    def miles(self) -> float:
        """Statute miles."""
        return self.km / KM_PER_MILE

    @property
    def nautical_miles(self) -> float:
        """Nautical miles."""
        return self.km / KM_PER_NAUTICAL_MILE

    def label(self) -> str:
        """Short label in km and miles, e.g. ``'776 km (482 mi)'``."""
        return f"{self.km:,.0f} km ({self.miles:,.0f} mi)"


def geodesic_distance(a: Sequence[float], b: Sequence[float]) -> Distance:
    """Distance and initial bearing from point ``a`` to ``b``, each ``(lat, lon)``.

    Examples
    --------
    >>> tripoli, murzuq = (32.88743, 13.18733), (25.91552, 13.91839)
    >>> round(geodesic_distance(tripoli, murzuq).km)
    776
    >>> geodesic_distance(tripoli, tripoli).km
    0.0
    """
    lat1, lon1 = validate_lat_lon(a[0], a[1], what="first point")
    lat2, lon2 = validate_lat_lon(b[0], b[1], what="second point")
    azimuth, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return Distance(km=metres / 1000.0, bearing_deg=azimuth % 360.0)


def destination(a: Sequence[float], bearing_deg: float, km: float) -> tuple[float, float]:
    """The ``(lat, lon)`` reached from point ``a`` going ``km`` along a compass bearing.

    Examples
    --------
    >>> lat, lon = destination((25.91552, 13.91839), 0.0, 100.0)
    >>> round(lat, 3), round(lon, 3)
    (26.818, 13.918)
    """
    lat1, lon1 = validate_lat_lon(a[0], a[1], what="point")
    lon2, lat2, _ = _GEOD.fwd(lon1, lat1, bearing_deg, km * 1000.0)
    return float(lat2), float(lon2)


def farthest_km(a: Sequence[float], lon_lat: np.ndarray) -> float:
    """The largest geodesic distance (km) from point ``a`` to any of the points ``lon_lat``.

    ``lon_lat`` is an ``(n, 2)`` array of longitude, latitude pairs (the order of
    ``shapely.get_coordinates``): how far an area reaches from a point inside it.

    Examples
    --------
    >>> round(farthest_km((0.0, 0.0), np.array([[1.0, 0.0], [0.0, 2.0]])))
    221
    """
    lat1, lon1 = validate_lat_lon(a[0], a[1], what="point")
    n = len(lon_lat)
    _, _, metres = _GEOD.inv(np.full(n, lon1), np.full(n, lat1), lon_lat[:, 0], lon_lat[:, 1])
    return float(np.max(metres)) / 1000.0


def geodesic_path_latlon(
    a: Sequence[float], b: Sequence[float], *, segments: int = 32
) -> list[tuple[float, float]]:
    """Points along the geodesic from ``a`` to ``b`` as ``(lat, lon)``, ends included."""
    lat1, lon1 = validate_lat_lon(a[0], a[1], what="first point")
    lat2, lon2 = validate_lat_lon(b[0], b[1], what="second point")
    inner = _GEOD.npts(lon1, lat1, lon2, lat2, max(segments - 1, 0))
    return [(lat1, lon1), *((lat, lon) for lon, lat in inner), (lat2, lon2)]


def nearest(
    point: Sequence[float], candidates: Iterable[tuple[T, Sequence[float]]]
) -> tuple[T, Distance] | None:
    """The candidate nearest to ``point`` and its distance, or ``None`` if there are none.

    ``candidates`` yields ``(item, (lat, lon))`` pairs.
    """
    best: tuple[T, Distance] | None = None
    for item, where in candidates:
        d = geodesic_distance(point, where)
        if best is None or d.km < best[1].km:
            best = (item, d)
    return best
