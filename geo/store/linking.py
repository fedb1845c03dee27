"""Link claims from different reports into incidents, and derive each incident from its claims.

Two claims describe the same event when all of these hold (the tolerances are the module's
constants, stated here so that an analyst can predict what merges):

* they come from **different articles** (one article's claims are distinct events: the
  extractor already folds a report's repeated mentions of one strike into one claim);
* their **event types** belong to the same family (air strike, drone strike and "strike" are
  one family; a raid is not an air strike: see :attr:`~geo.model.records.EventType.family`);
* their **dates** overlap, allowing ``DAY_TOLERANCE`` day between two day-precise dates (time
  zones, strikes "overnight");
* their **places** are compatible: the same country, and the points no farther apart than the
  two uncertainty radii plus ``PLACE_TOLERANCE_KM``;
* when either place is vague (no place, or a radius over ``VAGUE_RADIUS_KM``: a region, a
  country), the place is weak evidence: the dates must overlap with no day of slack, and
  neither may be dated only to a month (a month in a region is no evidence of one strike);
* a date vaguer than a month (a year, "in the past three months": over ``VAGUE_DATE_DAYS``
  days) is no evidence of sameness: such a claim does not link, and no claim joins such an
  incident ("fought ISIS in Sirte in 2016" is not the Sirte strike of 1 August 2016), unless
  both stand on a site (``SITE_RADIUS_KM``) and state the same toll ("60 killed near
  Xarardheere this year" is the strike that killed 60 there).

Fatality figures never block a link: disagreeing counts are what linking is meant to keep. A
claim that is compatible with several incidents joins the one with the best score (closest
date, the very same day first, then place, then agreeing figures and target, then the
number of articles already telling of the incident).

Finding the incidents a claim may join does not compare it with every incident:
:class:`IncidentIndex` files incidents by date (bins of several widths) and by place (a grid
of 1° cells covering the reach of each incident's point), so a claim meets only the incidents
of its days and cells. :class:`Linker` links a whole batch of articles with it in memory, in
the order given, exactly as ingesting them one by one would (``strikemap batch``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from gazetteer.geodesy import geodesic_distance
from geo.model.claims import Claim, ClaimedPlace
from geo.model.records import DatePrecision, EventType, Fatalities, IncidentStatus

__all__ = [
    "CANDIDATE_THRESHOLD",
    "DAY_TOLERANCE",
    "PLACE_TOLERANCE_KM",
    "SITE_RADIUS_KM",
    "VAGUE_DATE_DAYS",
    "VAGUE_RADIUS_KM",
    "Derived",
    "IncidentIndex",
    "LinkedClaim",
    "Linker",
    "assign",
    "bulk_linking",
    "derive",
    "incident_confidence",
    "link_score",
]

DAY_TOLERANCE = 1
PLACE_TOLERANCE_KM = 25.0
#: A place wider than this (km: a region, a country) is weak evidence of sameness.
VAGUE_RADIUS_KM = 100.0
#: A date spanning more days than this (a year, a season) is no evidence of sameness (unless
#: both stand on a site no wider than ``SITE_RADIUS_KM`` and state the same toll).
VAGUE_DATE_DAYS = 31
SITE_RADIUS_KM = 30.0
#: With a vague place, a date this coarse (a month: "last month") is no evidence either.
_TOO_COARSE_WITH_A_VAGUE_PLACE = frozenset({DatePrecision.MONTH, DatePrecision.YEAR})
#: An incident whose confidence is below this is a candidate: kept and listed for review, left
#: off maps and exports by default (see README, Incidents from reports, for its choice).
CANDIDATE_THRESHOLD = 0.5

#: How extraction marks a date that is only the day of a statement about the strike.
_STATEMENT = "(the date of the statement)"

_PRECISION_ORDER = [DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR]


@dataclass(frozen=True, slots=True)
class LinkedClaim:
    """A claim as stored: with the article it came from (and its publication date, if known)."""

    claim_id: int
    article_id: int
    outlet: str
    claim: Claim
    published: dt.date | None = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class Derived:
    """An incident's fields as its claims give them (before any analyst correction)."""

    event_type: EventType
    date_start: dt.date
    date_end: dt.date
    date_precision: DatePrecision
    place: ClaimedPlace | None
    fatalities: Fatalities | None
    status: IncidentStatus
    conflicts: tuple[str, ...]
    actor: str
    target: str
    platform: str
    # keyword-only, so that records built field by field (an import) may leave it: 1.0
    confidence: float = field(default=1.0, kw_only=True)


def incident_confidence(claims: Sequence[LinkedClaim]) -> float:
    """How likely the claims' incident is a real strike: independent articles add up.

    Each article counts with its most confident claim; the incident is wrong only if every
    article is (``1 - prod(1 - p)``), so a strike told by two outlets at 0.4 stands at 0.64.

    """
    best: dict[int, float] = {}
    for c in claims:
        best[c.article_id] = max(best.get(c.article_id, 0.0), c.claim.confidence)
    wrong = 1.0
    for p in best.values():
        wrong *= 1.0 - min(1.0, max(0.0, p))
    return round(1.0 - wrong, 3)


def _date_gap(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> int:
    return max(0, (a_start - b_end).days, (b_start - a_end).days)


def _places_compatible(a: ClaimedPlace, b: ClaimedPlace) -> tuple[bool, float]:
    km = geodesic_distance((a.lat, a.lon), (b.lat, b.lon)).km
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False, km
    return km <= a.radius_km + b.radius_km + PLACE_TOLERANCE_KM, km


def _vague(place: ClaimedPlace | None) -> bool:
    """Whether a place is too wide to be evidence that two claims are one strike."""
    return place is None or place.radius_km > VAGUE_RADIUS_KM


def _span_days(start: dt.date, end: dt.date, precision: DatePrecision) -> int:
    """How many days a date may be: its range, or at least its precision's (a month: 28)."""
    least = {DatePrecision.MONTH: 28, DatePrecision.YEAR: 365}.get(precision, 1)
    return max((end - start).days + 1, least)


def _same_site_and_toll(claim: Claim, incident: Derived) -> bool:
    """Whether both stand on a site (a town, a point near one) and state the same toll.

    What lets a claim dated only to the year ("60 killed near Xarardheere this year") still
    be evidence of one strike.
    """
    a, b, fat = claim.place, incident.place, incident.fatalities
    return (
        a is not None
        and b is not None
        and max(a.radius_km, b.radius_km) <= SITE_RADIUS_KM
        and _places_compatible(a, b)[0]
        and fat is not None
        and claim.fatalities_low is not None
        and (claim.fatalities_low, claim.fatalities_high) == (fat.low, fat.high)
    )


def link_score(claim: Claim, incident: Derived, articles: frozenset[int], article_id: int) -> float:
    """How well ``claim`` fits ``incident`` (higher is better), or ``-1`` when incompatible.

    ``articles`` are the ids of the articles the incident's claims come from.
    """
    if article_id in articles:
        return -1.0
    if claim.event_type.family is not incident.event_type.family:
        return -1.0
    gap = _date_gap(claim.date_start, claim.date_end, incident.date_start, incident.date_end)
    both_days = (
        claim.date_precision is DatePrecision.DAY and incident.date_precision is DatePrecision.DAY
    )
    if gap > (DAY_TOLERANCE if both_days else 0):
        return -1.0
    span = max(
        _span_days(claim.date_start, claim.date_end, claim.date_precision),
        _span_days(incident.date_start, incident.date_end, incident.date_precision),
    )
    if span > VAGUE_DATE_DAYS and not _same_site_and_toll(claim, incident):
        # "in Sirte in 2016" overlaps every Sirte strike of that year: no evidence of one
        return -1.0
    score = 3.0 - gap
    if claim.date_start == claim.date_end == incident.date_start == incident.date_end:
        score += 0.5  # the same day exactly: closer than a week that holds the day
    if _vague(claim.place) or _vague(incident.place):
        # a region-level (or unplaced) claim is weak evidence of sameness: only the same
        # days count ("near Ubari" on Monday is not the "southern Libya" strike of Sunday),
        # and no wider than a week ("last month ... in southern Somalia" is any strike).
        # Tolls are not asked to agree: outlets disagree on them (tried: linking fell)
        if (
            gap > 0
            or {
                claim.date_precision,
                incident.date_precision,
            }
            & _TOO_COARSE_WITH_A_VAGUE_PLACE
        ):
            return -1.0
    if claim.place is not None and incident.place is not None:
        ok, km = _places_compatible(claim.place, incident.place)
        if not ok:
            return -1.0
        score += 1.0 / (1.0 + km / 25.0)
    if claim.fatalities_point is not None and incident.fatalities is not None:
        fat = incident.fatalities
        figure = claim.fatalities_point
        score += 0.5 if fat.low <= figure <= fat.high else 0.5 / (1 + abs(figure - fat.best))
    if claim.target and claim.target == incident.target:
        score += 0.25
    # of two incidents that fit as well, the one more outlets tell of: a claim that agrees
    # with it corroborates it (not a one-article incident beside it)
    score += 0.1 * min(len(articles), 3)
    return score


def _ranges_intersect(ranges: Sequence[tuple[int, int | None]]) -> bool:
    lo = max(low for low, _ in ranges)
    highs = [high for _, high in ranges if high is not None]
    return not highs or lo <= min(highs)


def _counted_tolls(items: Sequence[Claim]) -> list[Claim]:
    """The claims whose tolls make an incident's range: a vague amount yields to counts.

    A vague toll ("dozens" killed: 24 or more; "several": 3 to 9) is the range its word
    allows, not a figure anybody counted. When another claim's count lies within that range
    ("dozens" beside "at least 52"), the vague toll agrees with it and says nothing more:
    it sets neither bound. A vague toll that no count falls within ("several" beside "at
    least 42") disagrees, and stays.

    Examples
    --------
    >>> from geo.model.claims import Quote
    >>> def claim(low, high, reason):
    ...     return Claim(0, (Quote(0, 1, "x"),), "air strike", dt.date(2020, 3, 2),
    ...                  dt.date(2020, 3, 2), DatePrecision.DAY, None, low, high,
    ...                  reasons=(reason,))
    >>> dozens = claim(24, None, "toll: 'dozens' (a vague amount)")
    >>> [c.fatalities_low for c in _counted_tolls([dozens, claim(52, None, "toll: '52'")])]
    [52]
    >>> several = claim(3, 9, "toll: 'several' (a vague amount)")
    >>> [c.fatalities_low for c in _counted_tolls([several, claim(42, None, "toll: '42'")])]
    [3, 42]
    """
    tolled = [c for c in items if c.fatalities_low is not None or c.fatalities_high is not None]
    counts = [n for c in tolled if not c.toll_vague and (n := c.fatalities_point) is not None]

    def agrees(c: Claim) -> bool:
        low = c.fatalities_low if c.fatalities_low is not None else 0
        high = c.fatalities_high
        return any(low <= n and (high is None or n <= high) for n in counts)

    return [c for c in tolled if not (c.toll_vague and agrees(c))]


def derive(claims: Sequence[LinkedClaim]) -> Derived:
    """An incident's date, place, toll and status from the claims that back it.

    * date: the intersection of the claims' ranges at the finest precision given; when they
      do not intersect, the narrowest claim's range (and a conflict is recorded);
    * place: the most precise claimed place (smallest radius; then highest confidence); a
      claim placing the event out of that place's reach is a conflict;
    * fatalities: ``low`` the smallest stated figure, ``high`` the largest (an open "at least"
      figure counts as its bound), ``best`` the median of the claims' figures; a vague
      amount ("dozens") that a count lies within sets no bound, and ``best`` is the median of
      the counts when any claim counts (:func:`_counted_tolls`);
    * confidence: :func:`incident_confidence`;
    * status: candidate (confidence below :data:`CANDIDATE_THRESHOLD`, or a date vaguer than
      a month, :data:`VAGUE_DATE_DAYS`: a strike known only to a season or a year, "last
      year", cannot be put on a timeline, however sure its claims), else single source,
      corroborated (two or more articles agreeing) or contested (the articles' figures,
      places or dates disagree).
    """
    if not claims:
        raise ValueError("an incident needs at least one claim")
    items = [c.claim for c in claims]
    conflicts: list[str] = []

    event_type = max(
        Counter(c.event_type for c in items).items(),
        key=lambda kv: (kv[0].specificity, kv[1]),
    )[0]

    start = max(c.date_start for c in items)
    end = min(c.date_end for c in items)

    def support(c: Claim) -> int:  # articles whose claims allow c's dates (a day's slack)
        return len(
            {
                lc.article_id
                for lc in claims
                if _date_gap(c.date_start, c.date_end, lc.claim.date_start, lc.claim.date_end)
                <= DAY_TOLERANCE
            }
        )

    def announced(lc: LinkedClaim) -> bool:  # dated only by a statement or the report's day
        c = lc.claim
        return any(r.startswith("date:") and _STATEMENT in r for r in c.reasons) or (
            c.date_start == c.date_end == lc.published
        )

    # the finest dates; of equally fine ones, a day the report gives for the strike itself
    # before a statement's or its own publication day, then those more articles allow, then
    # the earliest (a strike comes before the statements about it)
    finest = min(
        claims,
        key=lambda lc: (
            _PRECISION_ORDER.index(lc.claim.date_precision),
            lc.claim.date_end - lc.claim.date_start,
            announced(lc),
            -support(lc.claim),
            lc.claim.date_start,
        ),
    ).claim
    if start <= end:  # the claims agree: their common range, as precise as the best
        precision = DatePrecision.DAY if start == end else finest.date_precision
    else:
        start, end, precision = finest.date_start, finest.date_end, finest.date_precision
        if not all(_date_gap(c.date_start, c.date_end, start, end) <= DAY_TOLERANCE for c in items):
            conflicts.append("dates disagree")

    placed = [c for c in items if c.place is not None]
    place = None
    if placed:
        best_claim = min(placed, key=lambda c: (c.place.radius_km, -c.confidence))  # type: ignore[union-attr]
        place = best_claim.place
        assert place is not None
        for other in placed:
            if other.place is not None and not _places_compatible(place, other.place)[0]:
                conflicts.append(f"places disagree: {place.name} / {other.place.name}")
                break

    tolled = _counted_tolls(items)
    stated = [
        (c.fatalities_low if c.fatalities_low is not None else 0, c.fatalities_high) for c in tolled
    ]
    fatalities = None
    if stated:
        low = min(s[0] for s in stated)
        high = max(s[1] if s[1] is not None else s[0] for s in stated)
        counted = [c for c in tolled if not c.toll_vague] or tolled
        points = [c.fatalities_point for c in counted if c.fatalities_point is not None]
        best = int(statistics.median_low(points)) if points else low
        fatalities = Fatalities(low, min(max(best, low), high), high)
        if len(stated) > 1 and not _ranges_intersect(stated):
            conflicts.append("fatality figures disagree")

    articles = {c.article_id for c in claims}
    confidence = incident_confidence(claims)
    if confidence < CANDIDATE_THRESHOLD or (end - start).days + 1 > VAGUE_DATE_DAYS:
        status = IncidentStatus.CANDIDATE
    elif len(articles) == 1:
        status = IncidentStatus.SINGLE_SOURCE
    elif conflicts:
        status = IncidentStatus.CONTESTED
    else:
        status = IncidentStatus.CORROBORATED

    def common(attr: str) -> str:
        values = [getattr(c, attr) for c in items if getattr(c, attr)]
        return Counter(values).most_common(1)[0][0] if values else ""

    return Derived(
        event_type=event_type,
        date_start=start,
        date_end=end,
        date_precision=precision,
        place=place,
        fatalities=fatalities,
        status=status,
        conflicts=tuple(conflicts),
        actor=common("actor"),
        target=common("target"),
        platform=common("platform"),
        confidence=confidence,
    )


# --- finding candidates without a scan -------------------------------------------------------

#: Days per date bin at each level of :class:`IncidentIndex` (an incident is filed at the
#: first level where its widened date range spans at most two bins).
_BIN_DAYS = (4, 32, 256, 2048, 16384, 131072)
#: Grid cell size in degrees of latitude and longitude.
_CELL_DEG = 1.0
_LON_CELLS = int(360 / _CELL_DEG)
#: An incident placed wider than this (km) is filed in every cell of its date bins ("wide").
_WIDE_KM = 300.0
#: Smallest radius of curvature of the WGS 84 ellipsoid (km, meridian at the equator): an
#: angle from it over-estimates how far in degrees a distance reaches, which is safe here.
_MIN_EARTH_RADIUS_KM = 6335.0
#: Slack (degrees) added around every reach, for the ellipsoid's departure from a sphere.
_MARGIN_DEG = 0.1

_Cell = tuple[int, int] | None  # None: the "wide" cell (no place, or a wide one)


def _point_cell(lat: float, lon: float) -> tuple[int, int]:
    row = min(math.floor(lat / _CELL_DEG), math.floor(90 / _CELL_DEG) - 1)
    return row, math.floor(lon / _CELL_DEG) % _LON_CELLS


def reach_cells(lat: float, lon: float, km: float) -> list[tuple[int, int]] | None:
    """The grid cells holding every point within ``km`` (geodesic) of ``(lat, lon)``.

    ``None`` when the reach takes in a pole or all longitudes (the caller treats it as
    everywhere). Conservative: it may name cells the circle misses, never the reverse (the
    angle comes from the ellipsoid's smallest radius of curvature, plus a margin).

    Examples
    --------
    >>> reach_cells(25.9, 13.9, 30.0)  # Murzuq, 30 km: the cells 25-27° N, 13-15° E
    [(25, 13), (25, 14), (26, 13), (26, 14)]
    >>> reach_cells(89.9, 0.0, 10.0) is None  # the pole is 11 km away
    True
    """
    d = km / _MIN_EARTH_RADIUS_KM + math.radians(_MARGIN_DEG)
    dlat = math.degrees(d)
    lo, hi = lat - dlat, lat + dlat
    cos_lat = math.cos(math.radians(lat))
    if lo <= -90 or hi >= 90 or d >= math.pi / 2 or math.sin(d) >= cos_lat:
        return None
    dlon = math.degrees(math.asin(math.sin(d) / cos_lat)) + _MARGIN_DEG
    first, last = math.floor((lon - dlon) / _CELL_DEG), math.floor((lon + dlon) / _CELL_DEG)
    if last - first + 1 >= _LON_CELLS:
        return None
    rows = range(_point_cell(lo, 0)[0], _point_cell(hi, 0)[0] + 1)
    return [(r, c % _LON_CELLS) for r in rows for c in range(first, last + 1)]


def _date_bins(start: int, end: int) -> tuple[int, range]:
    """The level and bins an incident spanning day ordinals ``start..end`` is filed in."""
    a, b = start - DAY_TOLERANCE, end + DAY_TOLERANCE
    for level, days in enumerate(_BIN_DAYS):
        if b // days - a // days <= 1:
            return level, range(a // days, b // days + 1)
    raise ValueError(f"a date range of {end - start + 1} days is too wide to index")


def _incident_cells(place: ClaimedPlace | None) -> list[_Cell]:
    if place is None or place.radius_km > _WIDE_KM:
        return [None]
    cells = reach_cells(place.lat, place.lon, place.radius_km + PLACE_TOLERANCE_KM)
    return [None] if cells is None else list(cells)


class IncidentIndex:
    """Incidents filed by date and place, to find the ones a claim may join without a scan.

    * **Date**: an incident's date range, widened by :data:`DAY_TOLERANCE` on each side, is
      filed in one or two bins of the first level (4, 32, 256 ... days wide) at which it fits
      in two; a claim looks in the bins of every level that its own range touches. Two ranges
      whose gap is at most :data:`DAY_TOLERANCE` days share a day, hence a bin.
    * **Place**: an incident with a point and a radius of at most 300 km is filed in the 1°
      cells within its radius plus :data:`PLACE_TOLERANCE_KM` of its point
      (:func:`reach_cells`); a claim with a point looks in the cells within its own radius.
      When the two are within both radii plus the tolerance, those two circles meet, so
      they share a cell. An incident without a place or wider than 300 km is filed in a
      "wide" cell every claim looks in; a claim without a place or wider than 300 km looks
      in every cell of its bins.

    :meth:`candidates` is a superset of the incidents :func:`link_score` accepts (it checks
    dates and places coarsely; the score decides), so linking gives exactly what comparing
    with every incident gives.

    Complexity: filing costs O(b·c) (b bins, at most 2 but for a claim or incident spanning
    many bins; c cells, about 4 for a town); a query costs O(levels · b · c + k), k being
    the incidents of the claim's days and cells. With a bounded density of strikes per day
    and place, linking n claims costs O(n) index work and O(n·k) scoring, against O(n·I)
    (I incidents) for a scan.
    """

    def __init__(self) -> None:
        # (level, bin) -> cell -> incident ids. Compact, as there is an entry per incident,
        # bin and cell (about 8 for a town): a tuple (most cells of a bin hold one incident;
        # a set would be 216 bytes), each cell one shared object (``_cells``).
        self._bins: dict[tuple[int, int], dict[_Cell, tuple[str, ...]]] = {}
        # incident id -> (level, first bin, last bin + 1, cells): where it is filed
        self._filed: dict[str, tuple[int, int, int, tuple[_Cell, ...]]] = {}
        self._cells: dict[_Cell, _Cell] = {}

    def __len__(self) -> int:
        return len(self._filed)

    def __contains__(self, incident_id: object) -> bool:
        return incident_id in self._filed

    def add(self, incident_id: str, incident: Derived) -> None:
        """File (or re-file, after its date or place changed) an incident."""
        self.remove(incident_id)
        level, bins = _date_bins(incident.date_start.toordinal(), incident.date_end.toordinal())
        shared = self._cells
        cells = tuple(shared.setdefault(c, c) for c in _incident_cells(incident.place))
        for b in bins:
            by_cell = self._bins.get((level, b))
            if by_cell is None:
                by_cell = self._bins[level, b] = {}
            for cell in cells:  # distinct cells
                by_cell[cell] = (*by_cell.get(cell, ()), incident_id)
        self._filed[incident_id] = (level, bins.start, bins.stop, cells)

    def remove(self, incident_id: str) -> None:
        """Forget an incident (nothing happens if it is not filed)."""
        filed = self._filed.pop(incident_id, None)
        if filed is None:
            return
        level, first, stop, cells = filed
        for b in range(first, stop):
            by_cell = self._bins[level, b]
            for cell in cells:
                ids = tuple(i for i in by_cell[cell] if i != incident_id)
                if ids:
                    by_cell[cell] = ids
                else:
                    del by_cell[cell]
            if not by_cell:
                del self._bins[level, b]

    def candidates(self, claim: Claim) -> set[str]:
        """The incidents ``claim`` might join (a superset of those :func:`link_score` takes)."""
        start, end = claim.date_start.toordinal(), claim.date_end.toordinal()
        place = claim.place
        cells: list[tuple[int, int]] | None = None
        if place is not None and place.radius_km <= _WIDE_KM:
            cells = reach_cells(place.lat, place.lon, place.radius_km)
        found: set[str] = set()
        for level, days in enumerate(_BIN_DAYS):
            for b in range(start // days, end // days + 1):
                by_cell = self._bins.get((level, b))
                if not by_cell:
                    continue
                if cells is None:
                    for ids in by_cell.values():
                        found.update(ids)
                    continue
                for cell in (None, *cells):
                    near = by_cell.get(cell)
                    if near:
                        found.update(near)
        return found


def assign(
    new: Sequence[LinkedClaim],
    candidates: Callable[[Claim], Iterable[tuple[str, Derived, frozenset[int]]]],
) -> dict[int, str]:
    """Which incident each of one article's claims joins: ``{claim position: incident id}``.

    ``candidates(claim)`` gives ``(incident id, incident, its articles)`` for incidents the
    claim may join (any superset of the compatible ones gives the same answer). The
    compatible pairs are taken best score first (ties: claim order, then incident id), each
    claim and each incident at most once: one article's claims are distinct events. A claim
    left out starts an incident of its own.
    """
    pairs = []
    for n, item in enumerate(new):
        for incident_id, summary, articles in candidates(item.claim):
            score = link_score(item.claim, summary, articles, item.article_id)
            if score >= 0:
                pairs.append((score, n, incident_id))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    assigned: dict[int, str] = {}
    used: set[str] = set()
    for _score, n, incident_id in pairs:
        if n in assigned or incident_id in used:
            continue
        assigned[n] = incident_id
        used.add(incident_id)
    return assigned


#: Orders an incident's claims as the database lists them: publication date, article, claim.
ClaimOrder = tuple[dt.date, int, int]


@dataclass(slots=True)
class _Tracked:
    claims: list[tuple[ClaimOrder, LinkedClaim]]
    summary: Derived
    articles: frozenset[int]


@contextlib.contextmanager
def bulk_linking() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a :class:`Linker` links many claims.

    The linker makes millions of small objects and no reference cycles; the collector's
    repeated passes over them made linking grow faster than the claims (measured: 30,000
    synthetic claims took 5.1 s of CPU with it, 2.0 s without). Reference counting still
    frees what is dropped; the collector is resumed (if it was on) on leaving.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Linker:
    """Links the claims of many articles into incidents, in memory, article by article.

    Each article is linked against the incidents as the articles before it left them, with
    :func:`assign`, as :meth:`geo.store.database.IncidentStore.ingest` does one article at a
    time; the candidates come from an :class:`IncidentIndex` kept up to date, not from a
    scan. So the incidents are the same as ingesting the articles one by one in that order.

    Complexity: for n claims, O(n) index work plus the scoring of each claim against the k
    incidents of its days and cells (O(n·k)), plus re-deriving an incident each time it gains
    a claim (O(m log m) for an incident of m claims; m is small for real strikes). Memory:
    every claim of the incidents tracked.

    Parameters
    ----------
    effective
        Applied to each incident as its claims derive it, with its id and claims: the
        analysts' corrections of stored incidents (default: none).
    """

    def __init__(
        self,
        effective: Callable[[str, Derived, Sequence[LinkedClaim]], Derived] | None = None,
    ) -> None:
        self._effective = effective
        self._index = IncidentIndex()
        self._incidents: dict[str, _Tracked] = {}

    def __len__(self) -> int:
        return len(self._incidents)

    def __contains__(self, incident_id: object) -> bool:
        return incident_id in self._incidents

    def summary(self, incident_id: str) -> Derived:
        """An incident as its claims (and corrections) give it now."""
        return self._incidents[incident_id].summary

    def track(self, incident_id: str, claims: Iterable[tuple[ClaimOrder, LinkedClaim]]) -> None:
        """Add (or replace) an incident with its claims, each with its order key."""
        items = sorted(claims, key=lambda item: item[0])
        if not items:
            raise ValueError(f"incident {incident_id!r} has no claims")
        linked = [c for _, c in items]
        derived = derive(linked)
        if self._effective is not None:
            derived = self._effective(incident_id, derived, linked)
        self._incidents[incident_id] = _Tracked(
            items, derived, frozenset(c.article_id for c in linked)
        )
        self._index.add(incident_id, derived)

    def link(self, new: Sequence[LinkedClaim]) -> dict[int, str]:
        """Where one article's claims go (see :func:`assign`); nothing is changed yet.

        Call :meth:`attach` for each claim afterwards, with the id :func:`assign` gave or a
        new incident's.
        """

        def candidates(claim: Claim) -> Iterator[tuple[str, Derived, frozenset[int]]]:
            for incident_id in self._index.candidates(claim):
                tracked = self._incidents[incident_id]
                yield incident_id, tracked.summary, tracked.articles

        return assign(new, candidates)

    def attach(self, incident_id: str, order: ClaimOrder, claim: LinkedClaim) -> Derived:
        """Add a claim to an incident (a new incident when the id is new); its new summary."""
        tracked = self._incidents.get(incident_id)
        items = [(order, claim)] if tracked is None else [*tracked.claims, (order, claim)]
        self.track(incident_id, items)
        return self._incidents[incident_id].summary
