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

import struct
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

__all__ = [
    "CIRCLE_VERTICES",
    "WkbColumn",
    "geodesic_lines",
    "geodesic_lines_wkb",
    "points_wkb",
    "uncertainty_areas",
    "uncertainty_areas_wkb",
]

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
    lats, lons, radii = _circle_inputs(lat, lon, radius_km)
    out: list[Polygon | MultiPolygon] = []
    for at in range(0, len(lats), _CHUNK):  # a few thousand at a time: see _CHUNK
        ring_lon, ring_lat, awkward = _circles(
            lats[at : at + _CHUNK], lons[at : at + _CHUNK], radii[at : at + _CHUNK], vertices
        )
        coords = np.stack([ring_lon, ring_lat], axis=2)
        closed = np.concatenate([coords, coords[:, :1]], axis=1)
        areas: list[Polygon | MultiPolygon] = list(shapely.polygons(closed))
        for k, area in awkward.items():
            areas[k] = area
        out += areas
    return out


def uncertainty_areas_wkb(
    lat: Sequence[float] | np.ndarray,
    lon: Sequence[float] | np.ndarray,
    radius_km: Sequence[float] | np.ndarray,
    *,
    vertices: int = CIRCLE_VERTICES,
) -> WkbColumn:
    """:func:`uncertainty_areas` as the WKB of MultiPolygons, without shapely objects.

    Each area is written as a ``MultiPolygon`` (a ``Polygon`` as a MultiPolygon of one part),
    as a GeoPackage layer of one geometry type holds them: the bytes ``shapely.to_wkb`` gives
    for ``shapely.multipolygons([area])`` (little-endian), the same vertices as
    :func:`uncertainty_areas`. The simple circles (one ring, within -180..180) are written
    straight from their coordinate arrays; the others are made with shapely as there.

    Examples
    --------
    >>> areas = uncertainty_areas_wkb([25.9, -17.8], [13.9, 179.9], [25.0, 100.0])
    >>> shapely.get_num_geometries(areas.geometries()).tolist()
    [1, 2]
    >>> areas.geometries()[0].equals_exact(
    ...     shapely.multipolygons(uncertainty_areas([25.9], [13.9], [25.0])), 0.0)
    True
    """
    lats, lons, radii = _circle_inputs(lat, lon, radius_km)
    head = _multipolygon_head(vertices + 1)
    column = _WkbBuilder()
    for at in range(0, len(lats), _CHUNK):
        ring_lon, ring_lat, awkward = _circles(
            lats[at : at + _CHUNK], lons[at : at + _CHUNK], radii[at : at + _CHUNK], vertices
        )
        records = _wkb_records(
            head,
            np.concatenate([ring_lon, ring_lon[:, :1]], axis=1),
            np.concatenate([ring_lat, ring_lat[:, :1]], axis=1),
        )
        column.add(records, {k: _multi_wkb(area) for k, area in awkward.items()})
    return column.finish()


def _circle_inputs(
    lat: Sequence[float] | np.ndarray,
    lon: Sequence[float] | np.ndarray,
    radius_km: Sequence[float] | np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Latitudes, longitudes and radii in metres as float arrays of one length."""
    lats = np.asarray(lat, dtype=float)
    lons = np.asarray(lon, dtype=float)
    radii = np.asarray(radius_km, dtype=float) * 1000.0
    if not len(lats) == len(lons) == len(radii):
        raise ValueError(
            f"{len(lats)} latitudes, {len(lons)} longitudes and {len(radii)} radii: "
            "give one of each per circle"
        )
    return lats, lons, radii


def _circles(
    lats: np.ndarray, lons: np.ndarray, radii: np.ndarray, vertices: int
) -> tuple[np.ndarray, np.ndarray, dict[int, Polygon | MultiPolygon]]:
    """The circles' rings (:func:`_circle_rings`) and those that are not one simple ring.

    Returns the rings' longitudes and latitudes, ``(n, vertices)`` arrays, and by index the
    areas of the circles that cross the antimeridian or hold a pole (:func:`_awkward_circle`);
    the ring of any other circle is its outline as it is.
    """
    n = len(lats)
    if n == 0:
        return np.empty((0, vertices)), np.empty((0, vertices)), {}
    ring_lon, ring_lat = _circle_rings(lats, lons, radii, vertices)
    # continuous longitudes along each ring: a step of more than 180 degrees wraps around
    steps = (np.diff(ring_lon, axis=1) + 180.0) % 360.0 - 180.0
    unwrapped = np.concatenate(
        [ring_lon[:, :1], ring_lon[:, :1] + np.cumsum(steps, axis=1)], axis=1
    )
    closing = (ring_lon[:, 0] - ring_lon[:, -1] + 180.0) % 360.0 - 180.0
    winding = unwrapped[:, -1] + closing - unwrapped[:, 0]  # 0, or +-360 around a pole
    # the simple case, in one vectorised call: a ring within -180..180 around no pole (a
    # circle holding both poles runs round the antipode without winding: _poles_clear)
    simple = (
        (np.abs(winding) < 1.0)
        & _poles_clear(lats, lons, radii)
        & (unwrapped.min(axis=1) >= -180.0)
        & (unwrapped.max(axis=1) <= 180.0)
    )
    awkward = {
        int(k): _awkward_circle(
            lats[k], lons[k], radii[k], np.stack([unwrapped[k], ring_lat[k]], axis=1), winding[k]
        )
        for k in np.flatnonzero(~simple)
    }
    return ring_lon, ring_lat, awkward


#: The least meridian radius of curvature of WGS 84, a (1 - e^2), in metres: a meridian arc
#: of x radians is at least this times x long
_LEAST_MERIDIAN_RADIUS_M = 6378137.0 * (1.0 - 0.0066943799901413165)


def _poles_clear(lats: np.ndarray, lons: np.ndarray, radii_m: np.ndarray) -> np.ndarray:
    """Whether each circle's centre is at least its radius from either pole (geodesic).

    The geodesic to a pole runs along the meridian, at least :data:`_LEAST_MERIDIAN_RADIUS_M`
    times the latitude difference long: a circle whose radius is well under that bound
    (by a millionth and a metre, far more than the rounding) holds no pole. The few others
    are measured with pyproj, as every circle was before (the same result, a geodesic problem
    fewer for each of the others).

    Examples
    --------
    >>> _poles_clear(np.array([25.9, 89.0, -89.9]), np.zeros(3), np.array([25e3, 300e3, 20e3]))
    array([ True, False, False])
    """
    half_pi = np.pi / 2.0
    phi = np.radians(lats)
    bound = np.minimum(half_pi - phi, half_pi + phi) * _LEAST_MERIDIAN_RADIUS_M
    clear = radii_m * (1.0 + 1e-6) + 1.0 < bound
    unsure = np.flatnonzero(~clear)
    if len(unsure):
        at = lons[unsure], lats[unsure]
        _, _, to_north = _GEOD.inv(*at, at[0], np.full(len(unsure), 90.0))
        _, _, to_south = _GEOD.inv(*at, at[0], np.full(len(unsure), -90.0))
        clear[unsure] = (np.asarray(to_north) >= radii_m[unsure]) & (
            np.asarray(to_south) >= radii_m[unsure]
        )
    return clear


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
    pairs = np.column_stack([lats, radii_m])
    which: np.ndarray | None
    pairs, which = _distinct_rows(pairs) or (pairs, None)
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
        offset, computed_lat = offset[which], computed_lat[which]
    source = vertices - np.arange(half, vertices)  # vertex j mirrors vertex vertices - j
    ring_lon = _wrapped(
        np.concatenate([lons[:, None] + offset, lons[:, None] - offset[:, source]], axis=1)
    )
    ring_lat = np.concatenate([computed_lat, computed_lat[:, source]], axis=1)
    return ring_lon, ring_lat


def _distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The distinct rows of a float array and the index of each row among them.

    ``None`` when over 80 % of the rows are distinct: too few repeats to be worth gathering
    the results. Rows are compared by their bytes (a fifth of the time of ``np.unique`` by
    ``axis``): rows of the same bytes are the same numbers, so each distinct row stands for
    rows whose results are its own (``0.0`` and ``-0.0`` are merely kept apart).

    Examples
    --------
    >>> rows, which = _distinct_rows(np.array([[25.9, 5e3], [25.9, 5e3], [25.9, 5e3], [1.0, 0.0]]))
    >>> rows.tolist(), rows[which].tolist()[2]
    ([[1.0, 0.0], [25.9, 5000.0]], [25.9, 5000.0])
    >>> _distinct_rows(np.array([[1.0, 2.0], [3.0, 4.0]])) is None
    True
    """
    rows = np.ascontiguousarray(rows, dtype=np.float64)
    if rows.ndim != 2 or not len(rows):
        return None
    keys = rows.view(np.dtype((np.void, rows.itemsize * rows.shape[1]))).reshape(-1)
    _, first, which = np.unique(keys, return_index=True, return_inverse=True)
    if len(first) > 0.8 * len(rows):
        return None
    return rows[first], which.reshape(-1)


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
    starts, ends = _line_inputs(start, end)
    out: list[LineString | MultiLineString] = []
    for at in range(0, len(starts), _CHUNK):  # a few thousand at a time, as the circles
        lons, lats, cut = _lines(starts[at : at + _CHUNK], ends[at : at + _CHUNK], segments)
        lines: list[LineString | MultiLineString] = list(
            shapely.linestrings(np.stack([lons, lats], axis=2))
        )
        for k, line in cut.items():
            lines[k] = line
        out += lines
    return out


def geodesic_lines_wkb(
    start: Sequence[tuple[float, float]] | np.ndarray,
    end: Sequence[tuple[float, float]] | np.ndarray,
    *,
    segments: int = 32,
) -> WkbColumn:
    """:func:`geodesic_lines` as the WKB of MultiLineStrings, without shapely objects.

    Each line is written as a ``MultiLineString`` (a ``LineString`` as one of one part), as
    a GeoPackage layer of one geometry type holds them: the bytes ``shapely.to_wkb`` gives
    for ``shapely.multilinestrings([line])`` (little-endian), the same vertices as
    :func:`geodesic_lines`.

    Examples
    --------
    >>> lines = geodesic_lines_wkb([(25.9, 13.9), (-17.8, 178.0)], [(13.48, 2.17), (-14.3, -170.7)])
    >>> shapely.get_num_geometries(lines.geometries()).tolist()
    [1, 2]
    """
    starts, ends = _line_inputs(start, end)
    head = _multilinestring_head(segments + 1)
    column = _WkbBuilder()
    for at in range(0, len(starts), _CHUNK):
        lons, lats, cut = _lines(starts[at : at + _CHUNK], ends[at : at + _CHUNK], segments)
        column.add(_wkb_records(head, lons, lats), {k: _multi_wkb(line) for k, line in cut.items()})
    return column.finish()


def _line_inputs(
    start: Sequence[tuple[float, float]] | np.ndarray,
    end: Sequence[tuple[float, float]] | np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``(lat, lon)`` starts and ends as ``(n, 2)`` float arrays."""
    if len(start) != len(end):
        raise ValueError(f"{len(start)} start points but {len(end)} end points")
    return (
        np.asarray(start, dtype=float).reshape(-1, 2),
        np.asarray(end, dtype=float).reshape(-1, 2),
    )


def _lines(
    start: np.ndarray, end: np.ndarray, segments: int
) -> tuple[np.ndarray, np.ndarray, dict[int, LineString | MultiLineString]]:
    """The geodesics' vertices, ``(lon, lat)`` arrays ``(n, segments + 1)``, and those cut.

    The lines that cross the antimeridian are given by index, cut there; any other line is
    its vertices as they are.
    """
    lat1, lon1 = start.T
    lat2, lon2 = end.T
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
    cut: dict[int, LineString | MultiLineString] = {}
    for k in np.flatnonzero(wraps):
        points = np.stack([lons[k], lats[k]], axis=1)
        steps = (np.diff(points[:, 0]) + 180.0) % 360.0 - 180.0
        points[1:, 0] = points[0, 0] + np.cumsum(steps)
        pieces: list[LineString] = []
        for shift in (0.0, -360.0, 360.0):  # the start's own side first
            moved = LineString(points + np.array([shift, 0.0]))
            piece = shapely.clip_by_rect(moved, -180.0, -90.0, 180.0, 90.0)
            pieces.extend(g for g in getattr(piece, "geoms", [piece]) if g.length > 0)
        cut[int(k)] = pieces[0] if len(pieces) == 1 else MultiLineString(pieces)
    return lons, lats, cut


# --- WKB -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WkbColumn:
    """Geometries as well-known binary (WKB), end to end in one buffer.

    Geometry ``k`` is ``data[offsets[k]:offsets[k + 1]]``.

    What :func:`uncertainty_areas_wkb` and :func:`geodesic_lines_wkb` return: one buffer and
    ``n + 1`` offsets (``int64``), as an Arrow binary column holds them, so that a writer
    (GDAL's Arrow interface, :mod:`geo.io.gpkg`) takes them without a Python object a geometry.
    """

    data: bytes | bytearray
    offsets: np.ndarray

    def __post_init__(self) -> None:
        offsets = self.offsets
        if (
            offsets.ndim != 1
            or not len(offsets)
            or offsets[0] != 0
            or offsets[-1] != len(self.data)
            or np.any(np.diff(offsets) < 0)
        ):
            raise ValueError(
                f"WkbColumn: offsets must rise from 0 to the data's length {len(self.data)}, "
                f"got {offsets!r}"
            )

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def to_list(self) -> list[bytes]:
        """Each geometry's WKB."""
        data, bounds = memoryview(self.data), self.offsets.tolist()
        return [data[a:b].tobytes() for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def geometries(self) -> np.ndarray:
        """The geometries as an array of shapely geometries."""
        return shapely.from_wkb(self.to_list())  # type: ignore[no-any-return]


def points_wkb(lon: Sequence[float] | np.ndarray, lat: Sequence[float] | np.ndarray) -> WkbColumn:
    """Points ``x=lon, y=lat`` as WKB, the bytes ``shapely.to_wkb`` gives (little-endian).

    Examples
    --------
    >>> points = points_wkb([13.9, 2.17], [25.9, 13.48])
    >>> points.to_list()[1] == shapely.to_wkb(shapely.Point(2.17, 13.48), byte_order=1)
    True
    """
    xs = np.asarray(lon, dtype=float).reshape(-1, 1)
    ys = np.asarray(lat, dtype=float).reshape(-1, 1)
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} longitudes but {len(ys)} latitudes")
    records = _wkb_records(struct.pack("<BI", 1, 1), xs, ys)
    return WkbColumn(records.tobytes(), np.arange(len(xs) + 1, dtype=np.int64) * records.shape[1])


def _multipolygon_head(points: int) -> bytes:
    """A MultiPolygon of one ring of ``points`` points as WKB (little-endian), to its points."""
    return struct.pack("<BIIBIII", 1, 6, 1, 1, 3, 1, points)


def _multilinestring_head(points: int) -> bytes:
    """A MultiLineString of one line of ``points`` points as WKB (little-endian), to its points."""
    return struct.pack("<BIIBII", 1, 5, 1, 1, 2, points)


def _wkb_records(head: bytes, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Row ``k``: ``head`` then the points ``(xs[k, j], ys[k, j])`` as little-endian doubles.

    An ``(n, len(head) + 16 m)`` array of bytes for ``(n, m)`` coordinates.
    """
    n, m = xs.shape
    xy = np.empty((n, m, 2), dtype="<f8")
    xy[:, :, 0], xy[:, :, 1] = xs, ys
    records = np.empty((n, len(head) + 16 * m), dtype=np.uint8)
    records[:, : len(head)] = np.frombuffer(head, dtype=np.uint8)
    records[:, len(head) :] = xy.reshape(n, 2 * m).view(np.uint8)
    return records


def _multi_wkb(shape: BaseGeometry) -> bytes:
    """A Polygon or LineString as the WKB of its Multi- of one part (a Multi- as it is)."""
    if isinstance(shape, Polygon):
        shape = MultiPolygon([shape])
    elif isinstance(shape, LineString):
        shape = MultiLineString([shape])
    return shapely.to_wkb(shape, byte_order=1)  # type: ignore[no-any-return]


class _WkbBuilder:
    """Gathers WKB a chunk at a time into one :class:`WkbColumn`.

    Into one growing buffer, each piece appended as it comes (no list of pieces joined at
    the end: the system would give the pages of a second copy).
    """

    def __init__(self) -> None:
        self.data = bytearray()
        self.lengths: list[np.ndarray] = []

    def add(self, records: np.ndarray, others: dict[int, bytes]) -> None:
        """The rows of ``records`` in order, but row ``k`` replaced by ``others[k]``."""
        lengths = np.full(len(records), records.shape[1], dtype=np.int64)
        flat = memoryview(records.reshape(-1).data)  # the rows end to end, not copied
        at = 0
        for k in sorted(others):
            self.data += flat[at * records.shape[1] : k * records.shape[1]]
            self.data += others[k]
            lengths[k] = len(others[k])
            at = k + 1
        self.data += flat[at * records.shape[1] :]
        self.lengths.append(lengths)

    def finish(self) -> WkbColumn:
        lengths = np.concatenate([np.zeros(1, dtype=np.int64), *self.lengths])
        return WkbColumn(self.data, np.cumsum(lengths))
