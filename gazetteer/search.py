"""Look places up by name, ranked and explained; and the reverse, point to place.

``Gazetteer.open().search("Derna")[0].place`` is Darnah, Libya (32.77 N, 22.64 E); the
candidate's ``reason`` says why: "alternate name 'Derna'; city of 102,581 people".
"""

from __future__ import annotations

import bisect
import functools
import math
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from gazetteer.errors import (
    DataError,
    InvalidQueryError,
    UnknownPlaceError,
    database_file_error,
)
from gazetteer.geodesy import farthest_km, geodesic_distance, validate_lat_lon
from gazetteer.index import ADMIN1_SHAPES_PATH, curated_radii, ensure_index
from gazetteer.model import Candidate, MatchKind, Place, PlaceKind
from gazetteer.names import (
    US_STATE_ABBREVIATIONS,
    US_STATES,
    clean_query,
    expand_abbreviations,
    fold,
    loose_key,
)
from gazetteer.shapes import Shapes, read_shapes

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["Gazetteer", "ReverseResult", "compass_point", "country_code_at"]

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
LOOSE_LIMIT = 8
LOOSE_MIN_SIMILARITY = 0.5  # a variant must share more than half its letters
FACILITY_RADIUS_KM = 30.0
SEAT_MAX_GAP = 0.15
# How far below a division a city falls that only has the division's name as an alternate.
ALTERNATE_BELOW_DIVISION = 0.1
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
    "p.lon, p.population, p.prominence, p.source"
)
_ADMIN1_JOIN = (
    "LEFT JOIN admin1_names a ON a.country_code = p.country_code AND a.admin1_code = p.admin1_code"
)
_PLACE_JOIN = f"places p {_ADMIN1_JOIN}"
_NAME_JOIN = f"names n JOIN places p ON p.rowid = n.place {_ADMIN1_JOIN}"


# Words that end the name of a first-level division and say what it is: the name needs no
# "district" after it.
_DIVISION_WORDS = frozenset(
    "district province governorate region state territory county department prefecture "
    "municipality oblast division emirate canton parish".split()
)


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
            # "Murzuq district", but "Tasman District", "Lima Province", "Free State"
            named = self.admin1.name
            words = named.split()
            kind = words[-1].casefold() if words else ""
            parts.append(named if kind in _DIVISION_WORDS else f"{named} district")
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
    guarded by a lock. An open gazetteer keeps its last :data:`ANSWERS_KEPT` search answers:
    the same names recur from report to report, and an answer depends only on the query, its
    options and the index.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._conn = sqlite3.connect(
                f"{self.path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            self._conn.execute("SELECT count(*) FROM meta").fetchone()
            # Memory-map the file: the page cache serves reads without copying (read-only).
            self._conn.execute("PRAGMA mmap_size = 268435456")
            self._conn.execute("PRAGMA cache_size = -32000")
        except sqlite3.Error as exc:
            fault = database_file_error(exc, self._what, repair=self._repair)
            not_sqlite = getattr(exc, "sqlite_errorcode", 0) & 0xFF == 26  # SQLITE_NOTADB
            if fault is not None and not not_sqlite:
                raise fault from exc
            raise DataError(
                f"{str(self.path)!r} is not a strikemap gazetteer index ({exc}); rebuild it "
                "with `strikemap gazetteer build`"
            ) from None
        self._lock = threading.Lock()
        self._answers = _Answers(ANSWERS_KEPT)
        self._fuzzy: dict[str, _FuzzyKeys | None] = {}  # by first character, read when asked
        self._country_codes: frozenset[str] | None = None
        self._admin1_names = {
            (cc, code): name
            for cc, code, name in self._query(
                "SELECT country_code, admin1_code, name FROM admin1_names"
            )
        }

    def _place(self, row: Sequence[Any]) -> Place:
        return _place(row, self._admin1_names)

    @classmethod
    def open(
        cls, path: str | Path | None = None, *, progress: Callable[[str], None] | None = None
    ) -> Gazetteer:
        """Open the index at ``path``, or at the default location (built there on first use).

        An explicit ``path`` must name an existing strikemap gazetteer index (see
        :func:`~gazetteer.index.ensure_index`: an outdated one is rebuilt in place, a
        missing one or any other file is an error).
        """
        return cls(ensure_index(path, progress=progress))

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def _what(self) -> str:
        return f"the gazetteer index {str(self.path)!r}"

    @property
    def _repair(self) -> str:
        return f"rebuild it with `strikemap gazetteer build --index {self.path}`"

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of one query; a damaged or unreadable index raises ``DatabaseFileError``."""
        try:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            fault = database_file_error(exc, self._what, repair=self._repair)
            if fault is None:
                raise
            raise fault from exc

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
        return self._place(rows[0])

    def country(self, code: str) -> Place:
        """The country with this ISO 3166-1 alpha-2 code.

        Raises
        ------
        UnknownPlaceError
            If the gazetteer has no such country.
        """
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM {_PLACE_JOIN} "
            "WHERE p.kind = 'country' AND p.country_code = ?",
            [str(code).upper()],
        )
        if not rows:
            raise UnknownPlaceError(f"no country with code {code!r} in the gazetteer")
        return self._place(rows[0])

    def known_names(self, keys: Iterable[str]) -> dict[str, tuple[float, str, str]]:
        """Which folded names (:func:`~gazetteer.names.fold` keys) name some place.

        Returns ``{key: (prominence, kind, country_code)}`` for the most prominent place each
        key names; keys that name nothing are absent. One query per 500 keys.
        """
        return {key: found[:3] for key, found in self._known_rows(keys).items()}

    def _known_rows(self, keys: Iterable[str]) -> dict[str, tuple[float, str, str, int]]:
        """:meth:`known_names`, each with the row id of that most prominent place."""
        found: dict[str, tuple[float, str, str, int]] = {}
        for chunk in _chunked(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                "SELECT n.key, min(n.rank), p.kind, p.country_code, p.rowid FROM names n JOIN "
                f"places p ON p.rowid = n.place WHERE n.exact = 1 AND n.key IN ({marks}) "
                "GROUP BY n.key",
                chunk,
            )
            for key, rank, kind, country, rowid in rows:
                found[key] = (-rank / 10_000, kind, country, rowid)
        return found

    def _places_at(self, rowids: Iterable[int]) -> dict[int, Place]:
        """The places with these row ids (as :meth:`_known_rows` gives them)."""
        found: dict[int, Place] = {}
        for chunk in _chunked(sorted(set(rowids))):
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM {_PLACE_JOIN} "
                f"WHERE p.rowid IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for row in rows:
                found[row[0]] = self._place(row)
        return found

    def most_prominent(
        self, keys: Iterable[str], *, countries: Iterable[str] = ()
    ) -> dict[str, tuple[Place, bool]]:
        """The most prominent place each folded name names exactly, in ``countries`` if any.

        Returns ``{key: (place, in_countries)}``: the most prominent place of that name in
        one of ``countries`` (ISO codes) when there is one, else anywhere; a key that names
        nothing is absent, unless one of its abbreviations expanded
        (:func:`~gazetteer.names.expand_abbreviations`) names something. No ranking and no
        context: one query per 500 keys.
        """
        wanted = {key: [key, *expand_abbreviations(key)] for key in set(keys) if key}
        every = sorted({k for forms in wanted.values() for k in forms})
        codes = sorted({c.upper() for c in countries})
        marks = ",".join("?" * len(codes))
        inside = f"p.country_code IN ({marks})" if codes else "0"
        best: dict[tuple[str, bool], Sequence[Any]] = {}  # (key, in countries) -> place row
        for chunk in _chunked(every):
            rows = self._query(
                f"SELECT n.key, {inside}, min(n.rank), {_PLACE_COLUMNS} FROM {_NAME_JOIN} "
                f"WHERE n.exact = 1 AND n.key IN ({','.join('?' * len(chunk))}) "
                f"GROUP BY n.key{f', {inside}' if codes else ''}",
                [*codes, *chunk, *codes],
            )
            for row in rows:
                best[(row[0], bool(row[1]))] = row[3:]
        found: dict[str, tuple[Place, bool]] = {}
        for key, forms in wanted.items():
            for in_countries in (True, False):
                for form in forms:
                    picked = best.get((form, in_countries))
                    if picked is not None:
                        found[key] = (self._place(picked), in_countries)
                        break
                if key in found:
                    break
        return found

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
        _check_limit(limit)
        return self._answer(text, countries, kind_set, near, limit, None)

    def search_many(
        self,
        names: Iterable[str],
        *,
        country: str | Iterable[str] | None = None,
        limit: int = 10,
    ) -> list[list[Candidate] | InvalidQueryError]:
        """:meth:`search` for each of many names, reading the index in a few large queries.

        A document of thousands of place names asks the index a few questions per name;
        here the rows of all the names are read together, one query per 500 keys.

        Parameters
        ----------
        names
            Place names as :meth:`search` takes them.
        country
            ISO 3166-1 alpha-2 code(s): only places in these countries.
        limit
            At most this many candidates per name (1-100).

        Returns
        -------
        list
            One answer per name, in order: the candidates
            ``search(name, country=country, limit=limit)`` gives, or the ``InvalidQueryError``
            it raises for that name.

        Raises
        ------
        InvalidQueryError
            For a bad country code or limit.
        """
        countries = _parse_countries(country)
        _check_limit(limit)
        texts: list[str | InvalidQueryError] = []
        for name in names:
            try:
                texts.append(clean_query(name, argument="name"))
            except InvalidQueryError as exc:
                texts.append(exc)
        # the rows of the names no earlier search answered (the same names recur)
        unanswered = [
            t
            for t in dict.fromkeys(t for t in texts if isinstance(t, str))
            if self._answers.get(_question(t, countries, set(), None, limit)) is None
        ]
        rows = self._read_rows(unanswered, countries) if unanswered else None
        return [
            t
            if isinstance(t, InvalidQueryError)
            else self._answer(t, countries, set(), None, limit, rows)
            for t in texts
        ]

    def _answer(
        self,
        text: str,
        countries: set[str],
        kind_set: set[str],
        near: tuple[float, float] | None,
        limit: int,
        rows: _Rows | None,
    ) -> list[Candidate]:
        """:meth:`_search`, answered from the memo of earlier answers when it holds this one."""
        question = _question(text, countries, kind_set, near, limit)
        answer = self._answers.get(question)
        if answer is None:
            answer = tuple(self._search(text, countries, kind_set, near, limit, rows))
            self._answers.put(question, answer)
        return list(answer)  # a list of the caller's own

    def _search(
        self,
        text: str,
        countries: set[str],
        kind_set: set[str],
        near: tuple[float, float] | None,
        limit: int,
        rows: _Rows | None,
    ) -> list[Candidate]:
        """:meth:`search` of a checked query; ``rows`` are the index's rows, read beforehand."""
        head, qualifiers = _split_qualifiers(text)
        scopes = [scope for q in qualifiers for scope in self._resolve_qualifier(q, rows)]
        if qualifiers and not scopes:
            head, scopes = text, []  # "Washington, D.C."-style names: search the whole text

        hits = self._candidates(head, countries, kind_set, rows)
        if not hits and head != text:
            hits = self._candidates(text, countries, kind_set, rows)
        # Score every hit from its raw row; build places and reasons for the best only.
        scored = []
        for hit in hits:
            row = hit.row
            score = W_MATCH * hit.quality + W_PROMINENCE * row[_PROM]
            scope = (
                next((s for s in scopes if s.covers(row[_CC], row[_ADMIN1_CODE])), None)
                if scopes
                else None
            )
            if scope is not None:
                score += BONUS_QUALIFIER
            distance = None
            if near is not None:
                distance = geodesic_distance(near, (row[_LAT], row[_LON])).km
                score += BONUS_NEAR * math.exp(-distance / NEAR_SCALE_KM)
            scored.append((min(score, 1.0), hit, scope, distance))
        # A town that is the seat of a division of the same name (Murzuq in Murzuq
        # district) is what reports mean by the name: it ranks just above the division. A
        # village that merely lists the name among its alternates (Minneota, "Minnesota")
        # is no seat: the town must be nearly as prominent as the division.
        divisions = {
            (hit.row[_CC], hit.row[_ADMIN1_CODE]): (
                score,
                hit.row[_PROM],
                loose_key(hit.row[_NAME]),
            )
            for score, hit, _, _ in scored
            if hit.row[_KIND] == PlaceKind.ADMIN1.value and hit.row[_ADMIN1_CODE]
        }
        if divisions:
            for n, (score, hit, scope, distance) in enumerate(scored):
                division = divisions.get((hit.row[_CC], hit.row[_ADMIN1_CODE]))
                if (
                    division is not None
                    and hit.row[_KIND] == PlaceKind.CITY.value
                    and hit.row[_PROM] >= division[1] - SEAT_MAX_GAP
                    and loose_key(hit.row[_NAME]) == division[2]  # Murzuk in Murzuq, not Yuma
                ):
                    scored[n] = (max(score, min(division[0] + 0.01, 1.0)), hit, scope, distance)
        # A city that has the name only as an alternate (Hengyang, once romanised "Henan")
        # yields to a division of that very name in its country that it does not lie in.
        exact_divisions = {
            hit.row[_CC]: (score, hit.row[_ADMIN1_CODE])
            for score, hit, _, _ in scored
            if hit.row[_KIND] == PlaceKind.ADMIN1.value and hit.quality == MATCH_EXACT
        }
        if exact_divisions:
            for n, (score, hit, scope, distance) in enumerate(scored):
                named = exact_divisions.get(hit.row[_CC])
                if (
                    named is not None
                    and hit.row[_KIND] == PlaceKind.CITY.value
                    and hit.quality == MATCH_ALTERNATE
                    and hit.row[_ADMIN1_CODE] != named[1]
                    and score >= named[0]
                ):
                    scored[n] = (named[0] - ALTERNATE_BELOW_DIVISION, hit, scope, distance)
        if scopes and any(scope is not None for _, _, scope, _ in scored):
            scored = [item for item in scored if item[2] is not None]
        scored.sort(key=lambda item: (-item[0], -item[1].row[_POP], item[1].row[_ID]))
        ranked = []
        for score, hit, scope, distance in scored[:limit]:
            place = self._place(hit.row)
            reasons = [hit.how, _describe_prominence(place)]
            if scope is not None:
                reasons.append(f"in {scope.label} as the query says")
            if distance is not None:
                reasons.append(f"{distance:,.0f} km from the given point")
            if countries:
                reasons.append(f"country filter {'/'.join(sorted(countries))}")
            ranked.append(
                Candidate(
                    place=place,
                    score=round(score, 4),
                    reason="; ".join(reasons),
                    matched_name=hit.matched,
                    match_kind=hit.kind,
                    distance_km=distance,
                )
            )
        return ranked

    def _candidates(
        self, text: str, countries: set[str], kinds: set[str], read: _Rows | None = None
    ) -> list[_Hit]:
        from rapidfuzz import fuzz

        exact, expanded, loose = _keys_of(text)
        if not exact:
            return []
        strict = [exact, *expanded]
        every: list[object] = [*strict, *loose]
        rows = (
            read.name_rows([*strict, *loose], loose)
            if read is not None and read.countries == countries and not kinds
            else None
        )
        if rows is None:
            sql, params = _filtered(
                _NAME_SELECT + f"WHERE n.exact = 1 AND n.key IN ({','.join('?' * len(every))})",
                every,
                countries,
                kinds,
            )
            rows = self._query(sql, params)
            # A spelling variant only wins on prominence: the most prominent few suffice, and
            # the names table keeps each key's places in order of prominence.
            for key in loose:
                sql, params = _filtered(
                    _NAME_SELECT + "WHERE n.key = ? AND n.exact = 0", [key], countries, kinds
                )
                rows += self._query(sql + f" ORDER BY n.rank LIMIT {LOOSE_LIMIT}", params)
        best: dict[str, _Hit] = {}
        for key, is_exact, matched, name_key, *row in rows:
            if is_exact and key == exact:
                if name_key == exact:
                    hit = _Hit(
                        row, MATCH_EXACT, matched, f"exact name {matched!r}", MatchKind.EXACT
                    )
                else:
                    hit = _Hit(
                        row,
                        MATCH_ALTERNATE,
                        matched,
                        f"alternate name {matched!r}",
                        MatchKind.ALTERNATE,
                    )
            elif is_exact and key in expanded:
                hit = _Hit(
                    row,
                    MATCH_EXPANDED,
                    matched,
                    f"abbreviation expanded to {matched!r}",
                    MatchKind.EXPANDED,
                )
            else:
                similarity = fuzz.ratio(exact, _fold_cached(matched)) / 100
                if similarity <= LOOSE_MIN_SIMILARITY:
                    continue  # skeletons of unrelated words can collide ("qxzwv" ~ "juziv")
                quality = MATCH_LOOSE_BASE + MATCH_LOOSE_SPAN * similarity
                hit = _Hit(
                    row, quality, matched, f"spelling variant {matched!r}", MatchKind.VARIANT
                )
            previous = best.get(row[_ID])
            if previous is None or hit.quality > previous.quality:
                best[row[_ID]] = hit
        if kinds & _FACILITY_KINDS:
            for found in self._facilities_near(text, countries, kinds):
                best.setdefault(found.row[_ID], found)
        if best:
            return list(best.values())
        return self._fuzzy_candidates(exact, countries, kinds)

    def _facilities_near(self, text: str, countries: set[str], kinds: set[str]) -> list[_Hit]:
        """Airports and bases near the towns of that name ("Niamey" -> its airport)."""
        towns = [
            self._place(hit.row)
            for hit in self._candidates(text, countries, {PlaceKind.CITY.value})
            if hit.quality >= MATCH_ALTERNATE
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
                d = geodesic_distance((town.lat, town.lon), (row[_LAT], row[_LON])).km
                if d <= FACILITY_RADIUS_KM:
                    how = f"{row[_KIND]} {d:,.0f} km from {town.name}"
                    quality = MATCH_LOOSE_BASE + MATCH_LOOSE_SPAN
                    out.append(_Hit(list(row), quality, town.name, how, MatchKind.NEARBY))
        return out

    def _fuzzy_candidates(self, exact: str, countries: set[str], kinds: set[str]) -> list[_Hit]:
        from rapidfuzz import fuzz, process

        if len(exact) < 4:
            return []
        # Buckets by first letter and length: a typo rarely hits the first letter, and a
        # ratio of FUZZY_CUTOFF bounds how much the lengths can differ.
        size = len(exact)
        spread = math.ceil(size * (100 - FUZZY_CUTOFF) / FUZZY_CUTOFF) + 1
        bucket = self._fuzzy_keys(exact[0])
        choices = bucket.choices(exact, max(1, size - spread), size + spread) if bucket else []
        hits = process.extract(
            exact, choices, scorer=fuzz.ratio, limit=10, score_cutoff=FUZZY_CUTOFF
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
        best: dict[str, _Hit] = {}
        for key, matched, *row in self._query(sql, params):
            quality = MATCH_FUZZY_MAX * similarity[key] / 100
            how = f"close spelling {matched!r} ({similarity[key]:.0f}% similar)"
            if row[_ID] not in best or quality > best[row[_ID]].quality:
                best[row[_ID]] = _Hit(row, quality, matched, how, MatchKind.FUZZY)
        return list(best.values())

    def _fuzzy_keys(self, letter: str) -> _FuzzyKeys | None:
        """The fuzzy keys that start with ``letter``, read on the first question (None: none).

        The keys come in the order of the index (its primary key), read as one string: a
        few times faster than a row per key, and a report asks about a few letters only.
        """
        if letter not in self._fuzzy:
            (blob,) = self._query(
                "SELECT group_concat(key, char(10)) FROM "
                "(SELECT key FROM fuzzy_keys WHERE key >= ? AND key < ? ORDER BY key)",
                [letter, _next_character(letter)],
            )[0]
            keys = blob.split("\n") if blob else []
            keys.sort()  # code-point order is the index's (BINARY), however SQLite joined them
            self._fuzzy[letter] = _FuzzyKeys(keys) if keys else None
        return self._fuzzy[letter]

    def _read_rows(self, texts: Sequence[str], countries: set[str]) -> _Rows:
        """The index rows that :meth:`_search` reads for these checked queries, in bulk.

        Only places in ``countries`` when given, as ``_candidates`` filters them.
        """
        exact_keys: set[str] = set()
        loose_keys: set[str] = set()
        qualifier_keys: set[str] = set()
        for text in texts:
            head, qualifiers = _split_qualifiers(text)
            qualifier_keys.update(k for k in map(fold, qualifiers) if k)
            for searched in {head, text}:
                exact, expanded, loose = _keys_of(searched)
                if exact:
                    exact_keys.update([exact, *expanded, *loose])
                    loose_keys.update(loose)
        read = _Rows(
            exact={key: [] for key in exact_keys},
            loose={key: [] for key in loose_keys},
            qualifier_keys=qualifier_keys,
            areas=set(),
            countries=frozenset(countries),
        )
        codes = sorted(countries)
        where = f" AND p.country_code IN ({','.join('?' * len(codes))})" if codes else ""
        for chunk in _chunked(sorted(exact_keys)):
            marks = ",".join("?" * len(chunk))
            sql = _NAME_SELECT + f"WHERE n.exact = 1 AND n.key IN ({marks}){where}"
            for row in self._query(sql, [*chunk, *codes]):
                read.exact[row[0]].append(row)
        # each key's first LOOSE_LIMIT variants in the order of the names table, as
        # `ORDER BY n.rank LIMIT ...` reads them from its primary key (key, exact, rank, place)
        for chunk in _chunked(sorted(loose_keys)):
            marks = ",".join("?" * len(chunk))
            inner = (
                "SELECT v.key, v.exact, v.rank, v.place, v.name, row_number() OVER (PARTITION BY "
                "v.key ORDER BY v.rank, v.place) AS nth FROM names v "
                + (
                    "JOIN places p ON p.rowid = v.place "
                    f"WHERE v.exact = 0 AND v.key IN ({marks}){where}"
                    if codes
                    else f"WHERE v.exact = 0 AND v.key IN ({marks})"
                )
            )
            sql = (
                f"SELECT n.key, n.exact, n.name, p.name_key, {_PLACE_COLUMNS} FROM ({inner}) n "
                f"JOIN places p ON p.rowid = n.place {_ADMIN1_JOIN} "
                f"WHERE n.nth <= {LOOSE_LIMIT} ORDER BY n.key, n.rank, n.place"
            )
            for row in self._query(sql, [*chunk, *codes]):
                read.loose[row[0]].append(row)
        for chunk in _chunked(sorted(qualifier_keys)):
            marks = ",".join("?" * len(chunk))
            sql = (
                "SELECT DISTINCT n.key FROM names n JOIN places p ON p.rowid = n.place "
                f"WHERE n.exact = 1 AND n.key IN ({marks}) AND (p.kind = 'country' OR "
                "(p.kind = 'admin1' AND p.admin1_code != ''))"
            )
            read.areas.update(key for (key,) in self._query(sql, chunk))
        return read

    # --- qualifiers -------------------------------------------------------------------------

    def _resolve_qualifier(self, text: str, read: _Rows | None = None) -> list[_Scope]:
        """What a qualifier may mean: a country, a US state, a first-level division.

        Two-letter codes are often both (GA: Gabon or Georgia; NE: Niger or Nebraska), so
        every reading is returned and the candidates decide. ``read`` may already know that
        the key names no country and no division.
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
        unscoped = read is not None and read.names_no_area(key)
        rows = (
            []
            if unscoped
            else self._query(
                "SELECT p.country_code, p.name FROM names n JOIN places p ON p.rowid = n.place "
                "WHERE n.key = ? AND n.exact = 1 AND p.kind = 'country' "
                "ORDER BY p.prominence DESC",
                [key],
            )
        )
        scopes += [_Scope(label=name, country=code) for code, name in rows[:1]]
        if key in US_STATE_ABBREVIATIONS:
            code = US_STATE_ABBREVIATIONS[key]
            scopes.append(_Scope(label=US_STATES[code], country="US", admin1_code=code))
        if not scopes and not unscoped:
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
        from gazetteer.basemap import country_at

        code = country_at(lat, lon)
        admin1 = self.admin1_at(lat, lon)
        country = None
        if code is None and admin1 is not None:
            code = admin1.country_code
        if code:
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM {_PLACE_JOIN} "
                "WHERE p.kind = 'country' AND p.country_code = ?",
                [code],
            )
            country = self._place(rows[0]) if rows else None
        nearest, distance, bearing = self._nearest_town(lat, lon)
        return ReverseResult(lat, lon, country, admin1, nearest, distance, bearing)

    def admin1_at(self, lat: float, lon: float) -> Place | None:
        """The first-level division containing a point: ``reverse(lat, lon).admin1``.

        Without the country's outline and the nearest town :meth:`reverse` also looks up.

        Raises
        ------
        InvalidCoordinatesError
            For a latitude or longitude out of range (also a ``ValueError``).
        """
        lat, lon = validate_lat_lon(lat, lon, what="point")
        admin1_id = _admin1_at(lat, lon)
        if admin1_id is None:
            return None
        try:
            return self.get(admin1_id)
        except UnknownPlaceError:
            return None

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
                    place = self._place(row)
                    d = geodesic_distance((place.lat, place.lon), (lat, lon))
                    if best is None or d.km < best[1].km:
                        best = (place, d)
                assert best is not None
                if best[1].km <= radius_deg * 111.0 or radius_deg == 8.0:
                    return best[0], best[1].km, best[1].bearing_deg
        return None, None, None


_fold_cached = functools.lru_cache(maxsize=100_000)(fold)

#: How many search answers an open gazetteer keeps, the least recently asked dropped first
#: (about 2 kB a candidate: at most some 10 MB).
ANSWERS_KEPT = 1024

#: A checked search: the query, its countries, kinds and point, and the limit.
_Question = tuple[str, frozenset[str], frozenset[str], tuple[float, float] | None, int]


def _question(
    text: str, countries: set[str], kinds: set[str], near: tuple[float, float] | None, limit: int
) -> _Question:
    return (text, frozenset(countries), frozenset(kinds), near, limit)


class _Answers:
    """The answers an open gazetteer gave, by question: a memo of a pure function.

    A search's answer depends only on the checked query, its options and the index; the
    index is read-only and the memo lives and dies with its connection. The same names
    recur from report to report: each is searched once per process. At most ``size``
    answers are kept (none when ``size`` is 0), the least recently asked dropped first.
    """

    __slots__ = ("_kept", "_lock", "_size")

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[_Question, tuple[Candidate, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, question: _Question) -> tuple[Candidate, ...] | None:
        with self._lock:
            answer = self._kept.get(question)
            if answer is not None:
                self._kept.move_to_end(question)
            return answer

    def put(self, question: _Question, answer: tuple[Candidate, ...]) -> None:
        if self._size <= 0:
            return
        with self._lock:
            self._kept[question] = answer
            self._kept.move_to_end(question)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)


class _Hit(NamedTuple):
    """A name match before ranking: the raw place row (``_PLACE_COLUMNS``) and its quality."""

    row: Sequence[Any]
    quality: float
    matched: str
    how: str
    kind: MatchKind


_NAME_SELECT = f"SELECT n.key, n.exact, n.name, p.name_key, {_PLACE_COLUMNS} FROM {_NAME_JOIN} "


@dataclass(slots=True)
class _Rows:
    """Index rows read in bulk for many queries (:meth:`Gazetteer.search_many`).

    ``exact``: each key's rows of ``n.exact = 1`` (as ``_NAME_SELECT`` gives them);
    ``loose``: each key's first ``LOOSE_LIMIT`` rows of ``n.exact = 0``; ``areas``: which
    of ``qualifier_keys`` name a country or a first-level division; ``countries``: the
    filter the rows were read with.
    """

    exact: dict[str, list[tuple[Any, ...]]]
    loose: dict[str, list[tuple[Any, ...]]]
    qualifier_keys: set[str]
    areas: set[str]
    countries: frozenset[str]  # the rows are of places in these countries only (if any)

    def name_rows(self, every: Sequence[str], loose: Sequence[str]) -> list[Any] | None:
        """The rows ``_candidates`` queries for these keys, in its order; None if not read.

        Its query reads ``n.key IN (...)`` key by key in sorted order, each key's rows in
        the order of the primary key; then each loose key's variants.
        """
        keys = sorted(set(every))
        if not all(k in self.exact for k in keys) or not all(k in self.loose for k in loose):
            return None
        rows = [row for key in keys for row in self.exact[key]]
        for key in loose:
            rows += self.loose[key]
        return rows

    def names_no_area(self, key: str) -> bool:
        """Whether ``key`` was read and names no country and no first-level division."""
        return key in self.qualifier_keys and key not in self.areas


def _keys_of(text: str) -> tuple[str, list[str], list[str]]:
    """A query's folded key, its abbreviations expanded, and its loose (variant) keys."""
    exact = fold(text)
    if not exact:
        return "", [], []
    expanded = expand_abbreviations(exact)
    strict = [exact, *expanded]
    return exact, expanded, sorted({loose_key(k) for k in strict} - {""} - set(strict))


def _chunked(keys: list[Any], size: int = 500) -> Iterable[list[Any]]:
    return (keys[start : start + size] for start in range(0, len(keys), size))


def _check_limit(limit: object) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
        raise InvalidQueryError(f"limit must be a whole number from 1 to 100, got {limit!r}")


# positions in a row selected with _PLACE_COLUMNS
_ID, _NAME, _KIND, _CC, _ADMIN1_CODE, _LAT, _LON, _POP, _PROM = 1, 2, 3, 5, 6, 7, 8, 9, 10


@dataclass(frozen=True, slots=True)
class _Scope:
    label: str
    country: str
    admin1_code: str = ""

    def covers(self, country_code: str, admin1_code: str) -> bool:
        if country_code != self.country:
            return False
        return not self.admin1_code or admin1_code == self.admin1_code


class _FuzzyKeys:
    """The fuzzy keys that share a first letter, by length, with their letter counts.

    ``choices(query, lo, hi)`` is the keys of lengths ``lo..hi`` in the order of the index,
    less those that cannot reach FUZZY_CUTOFF with the query: a ratio of r % needs
    ``2 * common >= r / 100 * (len(query) + len(key))`` characters in common (the longest
    common subsequence is at most the letters the two share), so the rest are dropped by
    counting letters, a vectorised pass, before rapidfuzz scores what remains. rapidfuzz
    keeps the order of what it is given, so its answer is the same as over all the keys.
    The counts are built once the bucket has been asked ``_FUZZY_COUNTS_AFTER`` times: a
    report asks a few questions, and scoring all the keys directly is cheaper than
    counting their letters for so few.
    """

    __slots__ = ("_asked", "_counts", "_keys", "_lengths", "_starts")

    def __init__(self, keys: list[str]) -> None:
        self._keys = sorted(keys, key=len)  # stable: the index's order within a length
        self._lengths = list(map(len, self._keys))
        self._starts = [bisect.bisect_left(self._lengths, n) for n in range(self._lengths[-1] + 2)]
        self._counts: Any = None  # built on the _FUZZY_COUNTS_AFTER-th question
        self._asked = 0

    def choices(self, query: str, lo: int, hi: int) -> list[str]:
        import numpy as np

        first = self._starts[min(lo, len(self._starts) - 1)]
        last = self._starts[min(hi + 1, len(self._starts) - 1)]
        if last - first <= _FUZZY_PREFILTER_MIN:
            return self._keys[first:last]
        if self._counts is None:
            self._asked += 1
            if self._asked < _FUZZY_COUNTS_AFTER:
                return self._keys[first:last]
            self._counts = _letter_counts(self._keys, self._lengths)
        if any(_FUZZY_ALPHABET.find(ch) < 0 for ch in query):
            return self._keys[first:last]  # a character the counts do not tell apart
        counts, lengths = self._counts
        common = np.zeros(last - first, dtype=np.int32)
        for ch in set(query):  # only the query's characters can be in common
            row = counts[_FUZZY_ALPHABET.find(ch), first:last]
            common += np.minimum(row, min(query.count(ch), 255))
        # a slack of one hundredth of a character: rounding never drops a key rapidfuzz keeps
        keep = 200 * 100 * common >= FUZZY_CUTOFF * 100 * (len(query) + lengths[first:last]) - 1
        return [self._keys[first + int(i)] for i in np.flatnonzero(keep)]


def _next_character(letter: str) -> str:
    """The character after ``letter`` that SQLite can bind (surrogates are skipped).

    Examples
    --------
    >>> _next_character("a"), _next_character("z")
    ('b', '{')
    """
    code = ord(letter) + 1
    return chr(0xE000 if 0xD800 <= code <= 0xDFFF else min(code, 0x10FFFF))


_FUZZY_ALPHABET = " 0123456789abcdefghijklmnopqrstuvwxyz"  # what fold() leaves in a key
_FUZZY_PREFILTER_MIN = 256  # fewer keys than this are scored directly
# A bucket's letter counts take about 0.7 us a key to build (28 ms for the 43,000 keys of
# "s"); scoring a question's keys directly takes about 25 ns a key, the counted ones about a
# third of that. A report asks a letter once or twice; a letter asked 16 times is likely
# to be asked many more (a long list of misspelt towns): its counts are built then.
_FUZZY_COUNTS_AFTER = 16


def _letter_counts(keys: list[str], key_lengths: list[int]) -> tuple[Any, Any]:
    """How often each character occurs in each key (alphabet x keys), and the keys' lengths.

    A character outside the alphabet counts as one more of the last letter: the counts stay
    an upper bound of what two keys share.
    """
    import numpy as np

    last = len(_FUZZY_ALPHABET) - 1
    codes = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
    ascii_column = np.full(128, last, dtype=np.int64)
    for k, ch in enumerate(_FUZZY_ALPHABET):
        ascii_column[ord(ch)] = k
    column = np.where(codes < 128, ascii_column[np.minimum(codes, 127)], last)
    lengths = np.array(key_lengths, dtype=np.int32)
    rows = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
    counts = np.bincount(rows * (last + 1) + column, minlength=len(keys) * (last + 1))
    by_character = np.minimum(counts.reshape(len(keys), last + 1).T, 255).astype(np.uint8)
    return np.ascontiguousarray(by_character), lengths


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


def _place(row: Sequence[Any], admin1_names: dict[tuple[str, str], str]) -> Place:
    """A Place from an index row; the row was validated when the index was built."""
    (_rowid, pid, name, kind, code, cc, admin1_code, lat, lon, pop, prom, source) = row
    admin1 = admin1_names.get((cc, admin1_code), "") if admin1_code else ""
    return Place.trusted(
        pid, name, PlaceKind(kind), code, cc, admin1, lat, lon, pop, prom, source, admin1_code
    )


def _describe_prominence(place: Place) -> str:
    kind = place.kind.value
    if place.population:
        return f"{kind} of {place.population:,} people"
    return kind


def _admin1_shapes() -> Shapes:
    """The shipped first-level division outlines (properties ``id``, ``country_code``, ``name``)."""
    return read_shapes(ADMIN1_SHAPES_PATH)


@functools.lru_cache(maxsize=1)
def _admin1_table() -> tuple[Any, list[str], list[str], list[str]]:
    """The shipped first-level division outlines: a spatial index, ids, names, countries.

    In the file's order.
    """
    from shapely.strtree import STRtree

    shapes = _admin1_shapes()
    ids, names, countries = (shapes.column(k) for k in ("id", "name", "country_code"))
    return STRtree(shapes.geometries), ids, names, countries


@functools.lru_cache(maxsize=1)
def _admin1_rows() -> dict[str, int]:
    """Each division's place id and its row in the shipped outlines."""
    return {place_id: row for row, place_id in enumerate(_admin1_shapes().column("id"))}


def _admin1_tree() -> tuple[Any, list[str]]:
    tree, ids, _, _ = _admin1_table()
    return tree, ids


@functools.lru_cache(maxsize=512)
def division_radius_km(place_id: str, lat: float, lon: float) -> float | None:
    """How far a first-level division reaches from the point ``(lat, lon)``, in km.

    The largest geodesic distance from the point to the division's (simplified) outline;
    ``None`` when the gazetteer ships no outline for ``place_id``.
    """
    import shapely

    row = _admin1_rows().get(place_id)
    if row is None:
        return None
    outline = _admin1_shapes().geometries[row].simplify(0.02)
    return farthest_km((lat, lon), shapely.get_coordinates(outline))


def curated_radius_km(place_id: str) -> float | None:
    """How far a curated area reaches from its point, in km, as ``curated.csv`` records it.

    Puntland, the Waziristans, the Sambisa and Wagadou forests: areas that no shipped
    outline holds, with the radius their row's ``source`` derives. ``None`` for any other
    place (a point place, or a place of another source).

    Examples
    --------
    >>> curated_radius_km("curated:puntland") > 300, curated_radius_km("geonames:2346794")
    (True, None)
    """
    return curated_radii().get(place_id)


def country_code_at(lat: float, lon: float) -> str | None:
    """ISO code of the country a point lies in, from the shipped outlines (no index needed).

    The country outline that contains the point, else the country of the first-level
    division that does (the simplified country outlines miss some coastal towns); ``None``
    at sea or beyond every outline.

    Examples
    --------
    >>> country_code_at(25.9, 13.9), country_code_at(2.04, 45.34), country_code_at(0.0, -30.0)
    ('LY', 'SO', None)
    """
    from gazetteer.basemap import country_at

    lat, lon = validate_lat_lon(lat, lon, what="point")
    code = country_at(lat, lon)
    if code is None and (admin1_id := _admin1_at(lat, lon)) is not None:
        code = _admin1_countries()[admin1_id]
    return code


@functools.lru_cache(maxsize=1)
def _admin1_countries() -> dict[str, str]:
    _, ids, _, countries = _admin1_table()
    return dict(zip(ids, countries, strict=True))


def _admin1_at(lat: float, lon: float) -> str | None:
    import shapely

    tree, ids = _admin1_tree()
    hits = tree.query(shapely.Point(lon, lat), predicate="within")
    if len(hits) == 0:
        hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    return ids[int(hits[0])] if len(hits) else None


def divisions_at(lats: ArrayLike, lons: ArrayLike) -> list[str | None]:
    """Name of the first-level division holding each point, from the shipped outlines.

    Vectorised for exports of many incidents (one spatial-index query for all points);
    ``None`` where no outline holds the point (at sea). The outlines load once per process
    (:mod:`gazetteer.shapes`: a few hundredths of a second from the user cache, about 1.5 s
    the first time).

    Examples
    --------
    >>> divisions_at([25.9, 0.0], [13.9, -30.0])
    ['Murzuq', None]
    """
    import numpy as np
    import shapely

    lat_array = np.asarray(lats, dtype=np.float64).ravel()
    lon_array = np.asarray(lons, dtype=np.float64).ravel()
    if lat_array.size == 0:
        return []
    tree, ids, names_in_order, _ = _admin1_table()
    names = dict(zip(ids, names_in_order, strict=True))
    points = shapely.points(lon_array, lat_array)
    found: list[str | None] = [None] * len(points)
    hits = tree.query(points, predicate="intersects")
    order = np.lexsort((hits[1], hits[0]))  # by point, then tree index
    first = np.unique(hits[0][order], return_index=True)[1]  # the lowest tree index wins
    for point_index, tree_index in zip(
        hits[0][order][first].tolist(), hits[1][order][first].tolist(), strict=True
    ):
        found[point_index] = names[ids[tree_index]]
    return found
