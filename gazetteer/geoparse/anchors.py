"""The document's anchors (confident point-like places) and nearest-anchor questions.

Resolution weighs a candidate by its distance to the nearest confident place of another name
(spatial coherence). :func:`_nearest_anchors` measures every candidate-anchor pair in one
geodesic call; :class:`AnchorIndex` does so for few pairs and otherwise searches a pyramid of
grids over the unit sphere (:class:`_AnchorGrid`), with the same answers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pyproj import Geod

from gazetteer.model import Candidate, Place

__all__ = ["AnchorIndex"]  # for the geoparser's resolution


_GEOD = Geod(ellps="WGS84")


def _nearest_anchors(
    candidates: Sequence[Candidate], anchors: Sequence[Place]
) -> list[tuple[float, Place | None]]:
    """For each candidate, the nearest anchor place (other than itself) and its distance.

    One vectorised geodesic call for all candidate-anchor pairs.
    """
    if not anchors:
        return [(math.inf, None)] * len(candidates)
    lat1 = [c.place.lat for c in candidates for _ in anchors]
    lon1 = [c.place.lon for c in candidates for _ in anchors]
    lat2 = [a.lat for _ in candidates for a in anchors]
    lon2 = [a.lon for _ in candidates for a in anchors]
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    out: list[tuple[float, Place | None]] = []
    n = len(anchors)
    for i, cand in enumerate(candidates):
        best: tuple[float, Place | None] = (math.inf, None)
        for j, anchor in enumerate(anchors):
            if anchor.id == cand.place.id:
                continue
            d = metres[i * n + j] / 1000.0
            if d < best[0]:
                best = (d, anchor)
        out.append(best)
    return out


# The smallest radius of curvature of the WGS-84 ellipsoid (the meridian's, at the equator).
# A path of length s turns the surface normal by at most s / this radius, so the angle between
# two places' normals (their latitude and longitude read on a sphere) times this radius is a
# lower bound of the geodesic between them.
_MIN_RADIUS_M = 6378137.0 * (1 - 0.0066943799901413165)
# The largest (at the poles, a^2 / b): the angle between two normals times this radius is
# the length of a path between the places, an upper bound of the geodesic.
_MAX_RADIUS_M = 6378137.0**2 / 6356752.314245179
# Up to this many candidate-anchor pairs, one vectorised geodesic call per name
# (_nearest_anchors) is cheapest; beyond, the anchors are looked up in a grid, for all such
# names together. Both give the same answers.
_BRUTE_FORCE_PAIRS = 256
_LEAF_ANCHORS = 2  # anchors per non-empty grid cell, on average, at the finest level


_QUERY_CHUNK = 16_384  # candidates searched together: bounds the memory of the pair arrays
# The 27 cells of a 3 x 3 x 3 block around a cell, as offsets.
_BLOCK = [(x, y, z) for x in (-1, 0, 1) for y in (-1, 0, 1) for z in (-1, 0, 1)]


def _unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


class AnchorIndex:
    """The document's anchors (confident point-like places), for nearest-anchor questions.

    ``nearest`` gives, for each candidate, what :func:`_nearest_anchors` gives over the anchors
    of other names: the nearest by geodesic distance, the first in anchor order on a tie.
    Few pairs are measured directly. Many (a list of thousands of places, where every name
    is an anchor) would cost names times anchors; the anchors are then put in a pyramid of
    grids over the unit sphere, and all the candidates of a document are searched together
    in arrays (:meth:`nearest_many`): the angle between the normals bounds the geodesic
    from below (:data:`_MIN_RADIUS_M`), so only the anchors that angle cannot rule out are
    measured on the ellipsoid, in one geodesic call.
    """

    def __init__(self, anchors: Sequence[tuple[str, Place]]) -> None:
        self.keys = [key for key, _ in anchors]
        self.places = [place for _, place in anchors]
        self.by_key: dict[str, int] = {}
        self.divisions: dict[tuple[str, str], list[int]] = {}
        for i, (key, place) in enumerate(anchors):
            self.by_key[key] = self.by_key.get(key, 0) + 1
            self.divisions.setdefault((place.country_code, place.admin1_code), []).append(i)
        self._grid: _AnchorGrid | None = None  # built when first asked

    def first_in_division(self, country: str, admin1: str, name_key: str) -> Place | None:
        """The first anchor of another name in that first-level division."""
        for i in self.divisions.get((country, admin1), ()):
            if self.keys[i] != name_key:
                return self.places[i]
        return None

    def nearest(
        self, candidates: Sequence[Candidate], name_key: str, asked: Sequence[bool]
    ) -> list[tuple[float, Place | None]]:
        """For each candidate asked, its nearest anchor of another name and the distance."""
        return self.nearest_many([(candidates, name_key, asked)])[0]

    def nearest_many(
        self, questions: Sequence[tuple[Sequence[Candidate], str, Sequence[bool]]]
    ) -> list[list[tuple[float, Place | None]]]:
        """:meth:`nearest` for each ``(candidates, name_key, asked)``, the grid's together."""
        answers: list[list[tuple[float, Place | None]]] = []
        gridded: list[tuple[int, int, Place, str]] = []  # (question, candidate, place, key)
        for q, (candidates, name_key, asked) in enumerate(questions):
            out: list[tuple[float, Place | None]] = [(math.inf, None)] * len(candidates)
            answers.append(out)
            others = len(self.places) - self.by_key.get(name_key, 0)
            wanted = [c for c, a in zip(candidates, asked, strict=True) if a]
            if not others or not wanted:
                continue
            if len(wanted) * others <= _BRUTE_FORCE_PAIRS:
                places = [p for k, p in zip(self.keys, self.places, strict=True) if k != name_key]
                found = iter(_nearest_anchors(wanted, places))
                answers[q] = [next(found) if a else (math.inf, None) for a in asked]
            else:
                gridded += [
                    (q, n, c.place, name_key)
                    for n, (c, a) in enumerate(zip(candidates, asked, strict=True))
                    if a
                ]
        if gridded:
            if self._grid is None:
                self._grid = _AnchorGrid(self.keys, self.places)
            for start in range(0, len(gridded), _QUERY_CHUNK):
                chunk = gridded[start : start + _QUERY_CHUNK]
                nearest = self._grid.nearest([(place, key) for _, _, place, key in chunk])
                for (q, n, _, _), (d, i) in zip(chunk, nearest, strict=True):
                    answers[q][n] = (d, None if i < 0 else self.places[i])
        return answers


class _AnchorGrid:
    """The anchors in a pyramid of grids over the unit sphere, searched with arrays.

    Level 0 has cells of side ``size`` (narrowed until the cells that hold anchors hold
    :data:`_LEAF_ANCHORS` on average); each level above doubles the side. A candidate whose
    nearest anchor lies within the 3 x 3 x 3 block of cells around its own at some level is
    answered there: anything outside the block is at least one cell side away.
    """

    def __init__(self, keys: Sequence[str], places: Sequence[Place]) -> None:
        import numpy as np

        self.key_ids: dict[str, int] = {}
        self.place_ids: dict[str, int] = {}
        for key, place in zip(keys, places, strict=True):
            self.key_ids.setdefault(key, len(self.key_ids))
            self.place_ids.setdefault(place.id, len(self.place_ids))
        self.keys = np.array([self.key_ids[k] for k in keys], dtype=np.int64)
        self.pids = np.array([self.place_ids[p.id] for p in places], dtype=np.int64)
        self.xyz = np.array([_unit_vector(p.lat, p.lon) for p in places], dtype=np.float64)
        self.lat = np.array([p.lat for p in places], dtype=np.float64)
        self.lon = np.array([p.lon for p in places], dtype=np.float64)
        # places cluster (towns on land, in a few countries): cells are narrowed until those
        # that hold anchors hold few
        self.size = math.sqrt(4 * math.pi * _LEAF_ANCHORS / max(1, len(places)))
        for attempt in range(8):
            leaves = np.floor((self.xyz + 1) / self.size).astype(np.int64)
            cells = len(np.unique(self._codes(leaves)))
            if len(places) <= _LEAF_ANCHORS * cells or attempt == 7:
                break
            self.size /= 2
        self.leaves = leaves
        # per level: the anchors sorted by cell code, and those codes
        self.levels: list[tuple[Any, Any]] = []
        level = 0
        while True:
            codes = self._codes(leaves >> level)
            order = np.argsort(codes, kind="stable")  # within a cell, in anchor order
            self.levels.append((codes[order], order))
            if codes.size == 0 or codes.min() == codes.max():
                break
            level += 1

    @staticmethod
    def _codes(cells: Any) -> Any:
        """One integer per cell (its three indices, each shifted by one: -1 is a neighbour)."""
        c = cells + 1
        return (c[:, 0] << 42) | (c[:, 1] << 21) | c[:, 2]

    def nearest(self, queries: Sequence[tuple[Place, str]]) -> list[tuple[float, int]]:
        """For each ``(place, name_key)``: the nearest anchor of another name and another place.

        ``(km, anchor index)``; ``(inf, -1)`` when there is none.
        """
        import numpy as np

        n = len(queries)
        q_xyz = np.array([_unit_vector(p.lat, p.lon) for p, _ in queries], dtype=np.float64)
        q_key = np.array([self.key_ids.get(k, -1) for _, k in queries], dtype=np.int64)
        q_pid = np.array([self.place_ids.get(p.id, -1) for p, _ in queries], dtype=np.int64)
        q_leaf = np.floor((q_xyz + 1) / self.size).astype(np.int64)
        band_q: list[Any] = []
        band_a: list[Any] = []
        pending = np.arange(n)
        top = len(self.levels) - 1
        for level, (codes, order) in enumerate(self.levels):
            if not pending.size:
                break
            if level == top:  # one cell holds every anchor: pair the rest with all of them
                qi = np.repeat(pending, len(order))
                ai = np.tile(np.arange(len(order)), len(pending))
            else:
                qi, ai = self._block_pairs(pending, q_leaf[pending] >> level, codes, order)
            d2 = self._chord2(q_xyz, qi, ai)
            valid = (self.keys[ai] != q_key[qi]) & (self.pids[ai] != q_pid[qi])
            qi, ai, d2 = qi[valid], ai[valid], d2[valid]
            nearest = np.full(n, np.inf)
            np.minimum.at(nearest, qi, d2)
            limit = _band_limits(nearest)
            side = self.size * (1 << level)
            done = np.isfinite(nearest) & (limit < side * side)
            if level == top:
                done[:] = True
            keep = done[qi] & (d2 <= limit[qi])
            band_q.append(qi[keep])
            band_a.append(ai[keep])
            pending = pending[~done[pending]]
        qi = np.concatenate(band_q) if band_q else np.zeros(0, dtype=np.int64)
        ai = np.concatenate(band_a) if band_a else np.zeros(0, dtype=np.int64)
        out: list[tuple[float, int]] = [(math.inf, -1)] * n
        if not qi.size:
            return out
        lon1 = np.array([p.lon for p, _ in queries], dtype=np.float64)[qi]
        lat1 = np.array([p.lat for p, _ in queries], dtype=np.float64)[qi]
        km = _GEOD.inv(lon1, lat1, self.lon[ai], self.lat[ai])[2] / 1000.0
        # the nearest of each query, the first in anchor order among equals
        order = np.lexsort((ai, km, qi))
        qi, ai, km = qi[order], ai[order], km[order]
        first = np.ones(qi.size, dtype=bool)
        first[1:] = qi[1:] != qi[:-1]
        for q, d, i in zip(qi[first].tolist(), km[first].tolist(), ai[first].tolist(), strict=True):
            out[q] = (d, i)
        return out

    def _chord2(self, q_xyz: Any, qi: Any, ai: Any) -> Any:
        """Squared chords between the pairs, summed as the scalar code did (x, then y, then z)."""
        a, q = self.xyz[ai], q_xyz[qi]
        return (a[:, 0] - q[:, 0]) ** 2 + (a[:, 1] - q[:, 1]) ** 2 + (a[:, 2] - q[:, 2]) ** 2

    def _block_pairs(self, pending: Any, cells: Any, codes: Any, order: Any) -> tuple[Any, Any]:
        """(query, anchor) pairs for the anchors in the 27 cells around each query's cell."""
        import numpy as np

        offsets = np.array(_BLOCK, dtype=np.int64)
        around = (cells[:, None, :] + offsets[None, :, :]).reshape(-1, 3)
        wanted = self._codes(around)
        lo = np.searchsorted(codes, wanted, side="left")
        hi = np.searchsorted(codes, wanted, side="right")
        counts = hi - lo
        total = int(counts.sum())
        qi = np.repeat(np.repeat(pending, len(_BLOCK)), counts)
        # positions lo, lo + 1, ... hi - 1 of every block cell, one after another
        steps = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        ai = order[np.repeat(lo, counts) + steps]
        return qi, ai


def _band_limits(chord2: Any) -> Any:
    """:func:`_band_limit` of each squared chord (``inf`` stays ``inf``)."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        angle = 2 * np.arcsin(np.minimum(1.0, np.sqrt(chord2) / 2))
        reach = angle * (_MAX_RADIUS_M / _MIN_RADIUS_M) * (1 + 1e-12) + 1e-12
        limit = (2 * np.sin(reach / 2)) ** 2 * (1 + 1e-12) + 1e-15
    limit = np.where(reach >= math.pi, 4.0 + 1e-9, limit)
    return np.where(np.isfinite(chord2), limit, np.inf)


def _band_limit(chord2: float) -> float:
    """The squared chord within which the nearest anchor lies, given one at ``chord2``."""
    angle = 2 * math.asin(min(1.0, math.sqrt(chord2) / 2))
    reach = angle * (_MAX_RADIUS_M / _MIN_RADIUS_M) * (1 + 1e-12) + 1e-12
    if reach >= math.pi:
        return 4.0 + 1e-9
    return (2 * math.sin(reach / 2)) ** 2 * (1 + 1e-12) + 1e-15
