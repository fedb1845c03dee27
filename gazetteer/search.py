"""Look places up by name, ranked and explained; and the reverse, point to place.

``Gazetteer.open().search("Derna")[0].place`` is Darnah, Libya (32.77 N, 22.64 E); the
candidate's ``reason`` says why: "alternate name 'Derna'; city of 102,581 people".
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazetteer.index import DATA_DIR, ensure_index
from gazetteer.model import Candidate, Place, PlaceKind
from gazetteer.names import (
    US_STATE_ABBREVIATIONS,
    US_STATES,
    clean_query,
    expand_abbreviations,
    fold,
    loose_key,
)
from geo.distance import geodesic_distance
from geo.errors import DataError, InvalidQueryError, UnknownPlaceError
from geo.model import validate_lat_lon

__all__ = ["Gazetteer", "ReverseResult", "compass_point"]

# How much each signal weighs in a candidate's score.
W_MATCH = 0.55
W_PROMINENCE = 0.45
BONUS_QUALIFIER = 0.2
BONUS_NEAR = 0.25
NEAR_SCALE_KM = 300.0

MATCH_EXACT = 1.0
MATCH_ALTERNATE = 0.95
MATCH_EXPANDED = 0.9
MATCH_LOOSE_BASE = 0.5  # plus up to MATCH_LOOSE_SPAN by similarity of the two spellings
MATCH_LOOSE_SPAN = 0.25
MATCH_FUZZY_MAX = 0.7
FUZZY_CUTOFF = 82
FACILITY_RADIUS_KM = 30.0
_FACILITY_KINDS = {
    k.value
    for k in (
        PlaceKind.AIRPORT,
        PlaceKind.AIRFIELD,
        PlaceKind.AIR_BASE,
        PlaceKind.MILITARY_BASE,
        PlaceKind.HEADQUARTERS,
    )
}

_PLACE_COLUMNS = (
    "p.rowid, p.id, p.name, p.kind, p.feature_code, p.country_code, p.admin1_code, p.lat, "
    "p.lon, p.population, p.prominence, p.source, coalesce(a.name, '')"
)
_ADMIN1_JOIN = (
    "LEFT JOIN admin1_names a ON a.country_code = p.country_code AND a.admin1_code = p.admin1_code"
)
_PLACE_JOIN = f"places p {_ADMIN1_JOIN}"
_NAME_JOIN = f"names n JOIN places p ON p.rowid = n.place {_ADMIN1_JOIN}"


@dataclass(frozen=True, slots=True)
class ReverseResult:
    """What lies at a point: country, first-level division, nearest populated place."""

    lat: float
    lon: float
    country: Place | None
    admin1: Place | None
    nearest: Place | None
    distance_km: float | None
    bearing_deg: float | None

    @property
    def description(self) -> str:
        """``"2 km SW of Murzuq, Murzuq district, Libya"``."""
        parts = []
        if self.nearest is not None and self.distance_km is not None:
            if self.distance_km < 1:
                parts.append(f"in {self.nearest.name}")
            else:
                where = compass_point(self.bearing_deg or 0.0)
                parts.append(f"{self.distance_km:,.0f} km {where} of {self.nearest.name}")
        if self.admin1 is not None:
            parts.append(f"{self.admin1.name} district")
        if self.country is not None:
            parts.append(self.country.name)
        return ", ".join(parts) if parts else "no place known here"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "lat": self.lat,
            "lon": self.lon,
            "description": self.description,
            "country": self.country and self.country.as_dict(),
            "admin1": self.admin1 and self.admin1.as_dict(),
            "nearest": self.nearest and self.nearest.as_dict(),
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "bearing_deg": None if self.bearing_deg is None else round(self.bearing_deg, 1),
        }


def compass_point(bearing_deg: float) -> str:
    """Sixteen-point compass name of a bearing.

    Examples
    --------
    >>> compass_point(0), compass_point(225), compass_point(350), compass_point(100)
    ('N', 'SW', 'N', 'E')
    """
    names = "N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW".split()
    return names[round((bearing_deg % 360) / 22.5) % 16]


class Gazetteer:
    """The offline place index. Open it with :meth:`open` (built on first use).

    Safe to share between threads: reads go through one read-only SQLite connection
    guarded by a lock.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._conn = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            self._conn.execute("SELECT count(*) FROM meta").fetchone()
        except sqlite3.DatabaseError as exc:
            raise DataError(
                f"{str(self.path)!r} is not a strikemap gazetteer index ({exc}); rebuild it "
                "with `strikemap gazetteer build`"
            ) from None
        self._lock = threading.Lock()
        self._fuzzy: list[str] | None = None
        self._country_codes: frozenset[str] | None = None

    @classmethod
    def open(
        cls, path: str | Path | None = None, *, progress: Callable[[str], None] | None = None
    ) -> Gazetteer:
        """Open the index at ``path`` (default location if omitted), building it if needed."""
        return cls(ensure_index(path, progress=progress))

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # --- lookups ----------------------------------------------------------------------------

    def get(self, place_id: str) -> Place:
        """The place with this id (``geonames:2214603``, ``icao:DRZD``, ``curated:...``).

        Raises
        ------
        UnknownPlaceError
            If no place has that id.
        """
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM {_PLACE_JOIN} WHERE p.id = ?", [place_id])
        if not rows:
            raise UnknownPlaceError(f"no place with id {place_id!r} in the gazetteer")
        return _place(rows[0])

    def search(
        self,
        name: str,
        *,
        country: str | Iterable[str] | None = None,
        near: tuple[float, float] | None = None,
        kinds: Iterable[PlaceKind | str] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Candidates for a place name, best first, each with a score and its reason.

        Parameters
        ----------
        name
            A place name as written, in any common spelling; ``"Name, Qualifier"`` narrows
            it (``"Darnah, Libya"``, ``"Springfield, Ill."``, ``"Athens, GA"``).
        country
            ISO 3166-1 alpha-2 code(s): only places in these countries.
        near
            ``(lat, lon)``: prefer places near this point.
        kinds
            Only places of these kinds (``"city"``, ``"air base"``, ``PlaceKind.DESERT`` ...).
        limit
            At most this many candidates (1-100).

        Raises
        ------
        InvalidQueryError
            For an empty or over-long name, a control character, a bad country code,
            kind or limit; also a ``ValueError``.
        """
        text = clean_query(name, argument="name")
        countries = _parse_countries(country)
        kind_set = _parse_kinds(kinds)
        if near is not None:
            near = validate_lat_lon(near[0], near[1], what="near")
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
            raise InvalidQueryError(f"limit must be a whole number from 1 to 100, got {limit!r}")

        head, qualifiers = _split_qualifiers(text)
        scopes = [scope for q in qualifiers for scope in self._resolve_qualifier(q)]
        if qualifiers and not scopes:
            head, scopes = text, []  # "Washington, D.C."-style names: search the whole text

        candidates = self._candidates(head, countries, kind_set)
        if not candidates and head != text:
            candidates = self._candidates(text, countries, kind_set)
        ranked = []
        for place, quality, matched, how in candidates:
            score = W_MATCH * quality + W_PROMINENCE * place.prominence
            reasons = [how]
            reasons.append(_describe_prominence(place))
            covering = next((s for s in scopes if s.covers(place)), None)
            if covering is not None:
                score += BONUS_QUALIFIER
                reasons.append(f"in {covering.label} as the query says")
            distance = None
            if near is not None:
                distance = geodesic_distance(near, (place.lat, place.lon)).km
                score += BONUS_NEAR * math.exp(-distance / NEAR_SCALE_KM)
                reasons.append(f"{distance:,.0f} km from the given point")
            if countries:
                reasons.append(f"country filter {'/'.join(sorted(countries))}")
            ranked.append(
                Candidate(
                    place=place,
                    score=round(min(score, 1.0), 4),
                    reason="; ".join(reasons),
                    matched_name=matched,
                    distance_km=distance,
                )
            )
        if scopes:
            in_scope = [c for c in ranked if any(s.covers(c.place) for s in scopes)]
            ranked = in_scope or ranked
        ranked.sort(key=lambda c: (-c.score, -c.place.population, c.place.id))
        return ranked[:limit]

    def _candidates(
        self, text: str, countries: set[str], kinds: set[str]
    ) -> list[tuple[Place, float, str, str]]:
        from rapidfuzz import fuzz

        exact = fold(text)
        if not exact:
            return []
        expanded = expand_abbreviations(exact)
        loose = {loose_key(k) for k in (exact, *expanded)} - {""}
        keys = list({exact, *expanded, *loose})
        marks = ",".join("?" * len(keys))
        sql = (
            f"SELECT n.key, n.exact, n.name, {_PLACE_COLUMNS} FROM {_NAME_JOIN} "
            f"WHERE n.key IN ({marks})"
        )
        params: list[object] = list(keys)
        sql, params = _filtered(sql, params, countries, kinds)
        best: dict[str, tuple[Place, float, str, str]] = {}
        for key, is_exact, matched, *rest in self._query(sql, params):
            place = _place(rest)
            if is_exact and key == exact:
                if fold(place.name) == exact:
                    quality, how = MATCH_EXACT, f"exact name {matched!r}"
                else:
                    quality, how = MATCH_ALTERNATE, f"alternate name {matched!r}"
            elif is_exact and key in expanded:
                quality, how = MATCH_EXPANDED, f"abbreviation expanded to {matched!r}"
            else:
                similarity = fuzz.ratio(exact, fold(matched)) / 100
                quality = MATCH_LOOSE_BASE + MATCH_LOOSE_SPAN * similarity
                how = f"spelling variant {matched!r}"
            previous = best.get(place.id)
            if previous is None or quality > previous[1]:
                best[place.id] = (place, quality, matched, how)
        if kinds & _FACILITY_KINDS:
            for found in self._facilities_near(text, countries, kinds):
                best.setdefault(found[0].id, found)
        if best:
            return list(best.values())
        return self._fuzzy_candidates(exact, countries, kinds)

    def _facilities_near(
        self, text: str, countries: set[str], kinds: set[str]
    ) -> list[tuple[Place, float, str, str]]:
        """Airports and bases near the towns of that name ("Niamey" -> its airport)."""
        towns = [
            c[0]
            for c in self._candidates(text, countries, {PlaceKind.CITY.value})
            if c[1] >= MATCH_ALTERNATE
        ]
        towns.sort(key=lambda p: -p.prominence)
        out = []
        for town in towns[:3]:
            dlat = FACILITY_RADIUS_KM / 111.0
            dlon = dlat / max(math.cos(math.radians(town.lat)), 0.05)
            sql = (
                f"SELECT {_PLACE_COLUMNS} FROM {_PLACE_JOIN} WHERE p.lat BETWEEN ? AND ? "
                "AND p.lon BETWEEN ? AND ?"
            )
            params: list[object] = [
                town.lat - dlat,
                town.lat + dlat,
                town.lon - dlon,
                town.lon + dlon,
            ]
            sql, params = _filtered(sql, params, countries, kinds)
            for row in self._query(sql, params):
                place = _place(row)
                d = geodesic_distance((town.lat, town.lon), (place.lat, place.lon)).km
                if d <= FACILITY_RADIUS_KM:
                    how = f"{place.kind.value} {d:,.0f} km from {town.name}"
                    out.append((place, MATCH_LOOSE_BASE + MATCH_LOOSE_SPAN, town.name, how))
        return out

    def _fuzzy_candidates(
        self, exact: str, countries: set[str], kinds: set[str]
    ) -> list[tuple[Place, float, str, str]]:
        from rapidfuzz import fuzz, process

        if len(exact) < 4:
            return []
        if self._fuzzy is None:
            self._fuzzy = [row[0] for row in self._query("SELECT key FROM fuzzy_keys")]
        hits = process.extract(
            exact, self._fuzzy, scorer=fuzz.ratio, limit=10, score_cutoff=FUZZY_CUTOFF
        )
        if not hits:
            return []
        similarity = {key: score for key, score, _ in hits}
        marks = ",".join("?" * len(similarity))
        sql = (
            f"SELECT n.key, n.name, {_PLACE_COLUMNS} FROM {_NAME_JOIN} "
            f"WHERE n.exact = 1 AND n.key IN ({marks})"
        )
        sql, params = _filtered(sql, list(similarity), countries, kinds)
        best: dict[str, tuple[Place, float, str, str]] = {}
        for key, matched, *rest in self._query(sql, params):
            place = _place(rest)
            quality = MATCH_FUZZY_MAX * similarity[key] / 100
            how = f"close spelling {matched!r} ({similarity[key]:.0f}% similar)"
            if place.id not in best or quality > best[place.id][1]:
                best[place.id] = (place, quality, matched, how)
        return list(best.values())

    # --- qualifiers -------------------------------------------------------------------------

    def _resolve_qualifier(self, text: str) -> list[_Scope]:
        """What a qualifier may mean: a country, a US state, a first-level division.

        Two-letter codes are often both (GA: Gabon or Georgia; NE: Niger or Nebraska), so
        every reading is returned and the candidates decide.
        """
        key = fold(text)
        if not key:
            return []
        scopes = []
        if self._country_codes is None:
            rows = self._query("SELECT country_code FROM places WHERE kind = 'country'")
            self._country_codes = frozenset(r[0] for r in rows)
        if len(key) == 2 and key.upper() in self._country_codes:
            scopes.append(_Scope(label=key.upper(), country=key.upper()))
        rows = self._query(
            "SELECT p.country_code, p.name FROM names n JOIN places p ON p.rowid = n.place "
            "WHERE n.key = ? AND n.exact = 1 AND p.kind = 'country' ORDER BY p.prominence DESC",
            [key],
        )
        scopes += [_Scope(label=name, country=code) for code, name in rows[:1]]
        if key in US_STATE_ABBREVIATIONS:
            code = US_STATE_ABBREVIATIONS[key]
            scopes.append(_Scope(label=US_STATES[code], country="US", admin1_code=code))
        if not scopes:
            rows = self._query(
                "SELECT p.country_code, p.admin1_code, p.name FROM names n "
                "JOIN places p ON p.rowid = n.place WHERE n.key = ? AND n.exact = 1 "
                "AND p.kind = 'admin1' AND p.admin1_code != '' ORDER BY p.prominence DESC",
                [key],
            )
            scopes += [_Scope(label=n, country=c, admin1_code=a) for c, a, n in rows[:3]]
        return scopes

    # --- reverse ----------------------------------------------------------------------------

    def reverse(self, lat: float, lon: float) -> ReverseResult:
        """Country and first-level division containing a point, and the nearest town.

        Raises
        ------
        InvalidCoordinatesError
            For a latitude or longitude out of range (also a ``ValueError``).
        """
        lat, lon = validate_lat_lon(lat, lon, what="point")
        from geo.basemap import country_at

        code = country_at(lat, lon)
        admin1_id = _admin1_at(lat, lon)
        country = admin1 = None
        if admin1_id is not None:
            try:
                admin1 = self.get(admin1_id)
            except UnknownPlaceError:
                admin1 = None
            if code is None and admin1 is not None:
                code = admin1.country_code
        if code:
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM {_PLACE_JOIN} "
                "WHERE p.kind = 'country' AND p.country_code = ?",
                [code],
            )
            country = _place(rows[0]) if rows else None
        nearest, distance, bearing = self._nearest_town(lat, lon)
        return ReverseResult(lat, lon, country, admin1, nearest, distance, bearing)

    def _nearest_town(
        self, lat: float, lon: float, *, min_population: int = 1000
    ) -> tuple[Place | None, float | None, float | None]:
        for radius_deg in (0.25, 1.0, 3.0, 8.0):
            dlon = min(180.0, radius_deg / max(math.cos(math.radians(lat)), 0.05))
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM {_PLACE_JOIN} WHERE p.kind = 'city' "
                "AND p.population >= ? AND p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ?",
                [min_population, lat - radius_deg, lat + radius_deg, lon - dlon, lon + dlon],
            )
            if rows:
                best = None
                for row in rows:
                    place = _place(row)
                    d = geodesic_distance((place.lat, place.lon), (lat, lon))
                    if best is None or d.km < best[1].km:
                        best = (place, d)
                assert best is not None
                if best[1].km <= radius_deg * 111.0 or radius_deg == 8.0:
                    return best[0], best[1].km, best[1].bearing_deg
        return None, None, None


@dataclass(frozen=True, slots=True)
class _Scope:
    label: str
    country: str
    admin1_code: str = ""

    def covers(self, place: Place) -> bool:
        if place.country_code != self.country:
            return False
        return not self.admin1_code or place.admin1_code == self.admin1_code


def _split_qualifiers(text: str) -> tuple[str, list[str]]:
    parts = [p.strip() for p in text.split(",")]
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return text, []
    return parts[0], parts[1:]


def _parse_countries(country: str | Iterable[str] | None) -> set[str]:
    if country is None:
        return set()
    codes = [country] if isinstance(country, str) else list(country)
    out = set()
    for code in codes:
        if not isinstance(code, str) or len(code.strip()) != 2 or not code.strip().isalpha():
            raise InvalidQueryError(
                f"country must be an ISO 3166-1 alpha-2 code such as 'LY', got {code!r}"
            )
        out.add(code.strip().upper())
    return out


def _parse_kinds(kinds: Iterable[PlaceKind | str] | None) -> set[str]:
    if kinds is None:
        return set()
    if isinstance(kinds, str | PlaceKind):
        kinds = [kinds]
    out = set()
    for kind in kinds:
        try:
            out.add(kind.value if isinstance(kind, PlaceKind) else PlaceKind.parse(kind).value)
        except DataError as exc:
            raise InvalidQueryError(str(exc)) from None
    return out


def _filtered(
    sql: str, params: list[object], countries: set[str], kinds: set[str]
) -> tuple[str, list[object]]:
    if countries:
        sql += f" AND p.country_code IN ({','.join('?' * len(countries))})"
        params += sorted(countries)
    if kinds:
        sql += f" AND p.kind IN ({','.join('?' * len(kinds))})"
        params += sorted(kinds)
    return sql, params


def _place(row: Sequence[Any]) -> Place:
    (_rowid, pid, name, kind, code, cc, admin1_code, lat, lon, pop, prom, source, admin1) = row
    place = Place(
        id=pid,
        name=name,
        kind=PlaceKind(kind),
        feature_code=code,
        country_code=cc,
        admin1=admin1,
        lat=lat,
        lon=lon,
        population=pop,
        prominence=prom,
        source=source,
        admin1_code=admin1_code,
    )
    return place


def _describe_prominence(place: Place) -> str:
    kind = place.kind.value
    if place.population:
        return f"{kind} of {place.population:,} people"
    return kind


@functools.lru_cache(maxsize=1)
def _admin1_tree() -> tuple[Any, list[str]]:
    import shapely
    from shapely.strtree import STRtree

    path = DATA_DIR / "admin1_shapes.geojson.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    ids = [f["properties"]["id"] for f in features]
    return STRtree(geoms), ids


def _admin1_at(lat: float, lon: float) -> str | None:
    import shapely

    tree, ids = _admin1_tree()
    hits = tree.query(shapely.Point(lon, lat), predicate="within")
    if len(hits) == 0:
        hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    return ids[int(hits[0])] if len(hits) else None
