"""Uncertainty areas and geodesic lines as longitude/latitude geometries for files.

An incident known to within ``r`` km of a point is the geodesic circle of radius ``r``
(WGS-84, pyproj ``Geod``), not a circle in degrees. Written to GeoJSON, GeoPackage or KML it
must follow RFC 7946:

* no geometry crosses the antimeridian: a circle or line that does is cut there into a
  ``MultiPolygon`` or ``MultiLineString`` with parts on either side (§3.1.9);
* a circle around a pole is a polygon bounded by the pole's parallel and the antimeridian on
  both sides, and one that holds both poles is the world less a hole around the antipode;
* exterior rings run counterclockwise, holes clockwise (the right-hand rule, §3.1.6).

Coordinates are ``x=lon, y=lat`` (shapely order).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

__all__ = ["CIRCLE_VERTICES", "uncertainty_areas", "geodesic_lines"]

#: Vertices of a circle's outline: 64 keeps a 600 km circle within 0.8 km of the true curve.
CIRCLE_VERTICES = 64

_GEOD = Geod(ellps="WGS84")
#: Circles or lines computed together: their arrays (about 1 MB each) stay in the cache
_CHUNK = 2048
_WORLD = box(-180.0, -90.0, 180.0, 90.0)


def uncertainty_areas(
    lat: Sequence[float] | np.ndarray,
    lon: Sequence[float] | np.ndarray,
    radius_km: Sequence[float] | np.ndarray,
    *,
    vertices: int = CIRCLE_VERTICES,
) -> list[Polygon | MultiPolygon]:
    """Geodesic circles around points, as RFC 7946 polygons (one per point).

    Examples
    --------
    >>> murzuq, = uncertainty_areas([25.9], [13.9], [25.0])
    >>> murzuq.geom_type, round(murzuq.bounds[1], 2), round(murzuq.bounds[3], 2)
    ('Polygon', 25.67, 26.13)
    >>> fiji, = uncertainty_areas([-17.8], [179.9], [100.0])
    >>> fiji.geom_type, len(fiji.geoms), fiji.bounds[0], fiji.bounds[2]
    ('MultiPolygon', 2, -180.0, 180.0)
    >>> pole, = uncertainty_areas([89.0], [0.0], [300.0])
    >>> pole.geom_type, [round(b, 1) for b in pole.bounds]
    ('Polygon', [-180.0, 86.3, 180.0, 90.0])
    """
    lats = np.asarray(lat, dtype=float)
    lons = np.asarray(lon, dtype=float)
    radii = np.asarray(radius_km, dtype=float) * 1000.0
    n = len(lats)
    if n == 0:
        return []
    if n > _CHUNK:  # a few thousand at a time: the rings' arrays stay in the CPU's cache
        return [
            area
            for at in range(0, n, _CHUNK)
            for area in uncertainty_areas(
                lats[at : at + _CHUNK],
                lons[at : at + _CHUNK],
                radii[at : at + _CHUNK] / 1000.0,
                vertices=vertices,
            )
        ]
    ring_lon, ring_lat = _circle_rings(lats, lons, radii, vertices)
    # continuous longitudes along each ring: a step of more than 180 degrees wraps around
    steps = (np.diff(ring_lon, axis=1) + 180.0) % 360.0 - 180.0
    unwrapped = np.concatenate(
        [ring_lon[:, :1], ring_lon[:, :1] + np.cumsum(steps, axis=1)], axis=1
    )
    closing = (ring_lon[:, 0] - ring_lon[:, -1] + 180.0) % 360.0 - 180.0
    winding = unwrapped[:, -1] + closing - unwrapped[:, 0]  # 0, or +-360 around a pole
    # a circle holding both poles runs round the antipode without winding: find it apart
    _, _, to_north = _GEOD.inv(lons, lats, lons, np.full(n, 90.0))
    _, _, to_south = _GEOD.inv(lons, lats, lons, np.full(n, -90.0))
    # the simple case, in one vectorised call: a ring within -180..180 around no pole
    simple = (
        (np.abs(winding) < 1.0)
        & (np.asarray(to_north) >= radii)
        & (np.asarray(to_south) >= radii)
        & (unwrapped.min(axis=1) >= -180.0)
        & (unwrapped.max(axis=1) <= 180.0)
    )
    coords = np.stack([ring_lon, ring_lat], axis=2)
    closed = np.concatenate([coords, coords[:, :1]], axis=1)
    out: list[Polygon | MultiPolygon] = list(shapely.polygons(closed))
    for k in np.flatnonzero(~simple):
        ring = np.stack([unwrapped[k], ring_lat[k]], axis=1)
        out[k] = _awkward_circle(lats[k], lons[k], radii[k], ring, winding[k])
    return out


def _circle_rings(
    lats: np.ndarray, lons: np.ndarray, radii_m: np.ndarray, vertices: int
) -> tuple[np.ndarray, np.ndarray]:
    """The circles' vertices, ``(lon, lat)`` arrays of shape ``(n, vertices)``, in -180..180.

    Vertex ``j`` lies at azimuth ``360 - 360 j / vertices`` (clockwise azimuths reversed:
    counterclockwise rings, as RFC 7946 wants). The ellipsoid is symmetric about the
    meridian plane through the centre, so the vertex at azimuth ``-a`` is the one at ``a``
    mirrored across the centre's meridian (same latitude, longitude reflected): pyproj
    computes the first half of each ring (azimuths 360 down to 180) and the rest is that
    half mirrored, which halves the geodesic computations; and once per distinct latitude
    and radius (a test checks the rings against pyproj's own to 1e-9 degrees).
    """
    half = vertices // 2 + 1  # vertices 0..half-1 computed, the others mirrored
    azimuths = np.linspace(360.0, 0.0, vertices, endpoint=False)[:half]
    # a circle's shape depends on its latitude and radius, not its longitude: each distinct
    # pair is computed once, on the prime meridian (places repeat in real data), and moved
    which: np.ndarray | None
    pairs, which = np.unique(np.column_stack([lats, radii_m]), axis=0, return_inverse=True)
    if len(pairs) > 0.8 * len(lats):  # few repeats: not worth gathering the rings
        pairs, which = np.column_stack([lats, radii_m]), None
    m = len(pairs)
    offset_lon, computed_lat, _ = _GEOD.fwd(
        np.zeros(m * half),
        np.repeat(pairs[:, 0], half),
        np.tile(azimuths, m),
        np.repeat(pairs[:, 1], half),
    )
    offset = np.asarray(offset_lon).reshape(m, half)  # east of the centre, -180..180
    computed_lat = np.asarray(computed_lat).reshape(m, half)
    if which is not None:
        offset, computed_lat = offset[which.reshape(-1)], computed_lat[which.reshape(-1)]
    source = vertices - np.arange(half, vertices)  # vertex j mirrors vertex vertices - j
    ring_lon = _wrapped(
        np.concatenate([lons[:, None] + offset, lons[:, None] - offset[:, source]], axis=1)
    )
    ring_lat = np.concatenate([computed_lat, computed_lat[:, source]], axis=1)
    return ring_lon, ring_lat


def _wrapped(lon: np.ndarray) -> np.ndarray:
    """Longitudes folded into -180..180 (those within it are kept as they are)."""
    outside = (lon < -180.0) | (lon > 180.0)
    return np.where(outside, (lon + 180.0) % 360.0 - 180.0, lon)


def _awkward_circle(
    lat: float, lon: float, radius_m: float, ring: np.ndarray, winding: float
) -> Polygon | MultiPolygon:
    """A circle that crosses the antimeridian or holds a pole."""
    north = _GEOD.inv(lon, lat, 0.0, 90.0)[2] < radius_m
    south = _GEOD.inv(lon, lat, 0.0, -90.0)[2] < radius_m
    if north and south:
        # the ring runs around the antipode: the area is the world less that small cap
        hole = _split(Polygon(ring))
        return _oriented(_WORLD.difference(hole))
    if abs(winding) < 1.0:  # crosses the antimeridian, around no pole
        return _oriented(_split(Polygon(ring)))
    # around one pole: follow the ring once round, then close it along the pole's parallel
    pole = 90.0 if north else -90.0
    first = ring[0]
    end_lon = first[0] + round(winding / 360.0) * 360.0
    closed = np.vstack([ring, [[end_lon, first[1]], [end_lon, pole], [first[0], pole]]])
    return _oriented(_split(Polygon(closed)))


def _split(shape: Polygon) -> Polygon | MultiPolygon:
    """A shape whose longitudes may run past +-180, cut at the antimeridian and folded back."""
    parts: list[BaseGeometry] = []
    # near-antipodal geodesics can make a ring that crosses itself: repair it first
    shape = shapely.make_valid(shape)
    for shift in (-360.0, 0.0, 360.0):
        moved = shapely.transform(shape, lambda xy, s=shift: xy + np.array([s, 0.0]))
        piece = shapely.clip_by_rect(moved, -180.0, -90.0, 180.0, 90.0)
        parts.extend(g for g in getattr(piece, "geoms", [piece]) if g.area > 0)
    return shapely.union_all(parts)  # type: ignore[no-any-return]


def _oriented(shape: BaseGeometry) -> Polygon | MultiPolygon:
    polygons = [g for g in getattr(shape, "geoms", [shape]) if isinstance(g, Polygon)]
    polygons = [shapely.geometry.polygon.orient(p, 1.0) for p in polygons if not p.is_empty]
    if len(polygons) == 1:
        return polygons[0]
    return MultiPolygon(sorted(polygons, key=lambda p: p.bounds))


def geodesic_lines(
    start: Sequence[tuple[float, float]] | np.ndarray,
    end: Sequence[tuple[float, float]] | np.ndarray,
    *,
    segments: int = 32,
) -> list[LineString | MultiLineString]:
    """Geodesics from each ``(lat, lon)`` start to its end, cut at the antimeridian.

    Examples
    --------
    >>> line, = geodesic_lines([(25.9, 13.9)], [(13.48, 2.17)])
    >>> line.geom_type, len(line.coords), line.coords[0]
    ('LineString', 33, (13.9, 25.9))
    >>> across, = geodesic_lines([(-17.8, 178.0)], [(-14.3, -170.7)])
    >>> across.geom_type, [round(g.coords[-1][0]) for g in across.geoms]
    ('MultiLineString', [180, -171])
    """
    if len(start) != len(end):
        raise ValueError(f"{len(start)} start points but {len(end)} end points")
    if not len(start):
        return []
    if len(start) > _CHUNK:  # a few thousand at a time, as uncertainty_areas
        starts, ends = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        return [
            line
            for at in range(0, len(starts), _CHUNK)
            for line in geodesic_lines(
                starts[at : at + _CHUNK], ends[at : at + _CHUNK], segments=segments
            )
        ]
    lat1, lon1 = np.asarray(start, dtype=float).T
    lat2, lon2 = np.asarray(end, dtype=float).T
    n, m = len(lat1), segments + 1
    lons, lats = np.empty((n, m)), np.empty((n, m))
    # one geodesic line per pair (GeographicLib's inverse line), then m points along it at
    # equal distances: about 40 % less work than m direct problems from the start
    intermediate = _GEOD.inv_intermediate
    for row, (x1, y1, x2, y2) in enumerate(
        zip(lon1.tolist(), lat1.tolist(), lon2.tolist(), lat2.tolist(), strict=True)
    ):
        intermediate(
            x1,
            y1,
            x2,
            y2,
            npts=m,
            initial_idx=0,
            terminus_idx=0,
            out_lons=lons[row],
            out_lats=lats[row],
            return_back_azimuth=False,
        )
    lons[:, 0], lats[:, 0], lons[:, -1], lats[:, -1] = lon1, lat1, lon2, lat2  # exact ends
    wraps = np.any(np.abs(np.diff(lons, axis=1)) > 180.0, axis=1)
    out: list[LineString | MultiLineString] = list(
        shapely.linestrings(np.stack([lons, lats], axis=2))
    )
    for k in np.flatnonzero(wraps):
        points = np.stack([lons[k], lats[k]], axis=1)
        steps = (np.diff(points[:, 0]) + 180.0) % 360.0 - 180.0
        points[1:, 0] = points[0, 0] + np.cumsum(steps)
        pieces: list[LineString] = []
        for shift in (0.0, -360.0, 360.0):  # the start's own side first
            moved = LineString(points + np.array([shift, 0.0]))
            piece = shapely.clip_by_rect(moved, -180.0, -90.0, 180.0, 90.0)
            pieces.extend(g for g in getattr(piece, "geoms", [piece]) if g.length > 0)
        out[k] = pieces[0] if len(pieces) == 1 else MultiLineString(pieces)
    return out
