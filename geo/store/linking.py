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
  country), the place is weak evidence: the dates must overlap with no day of slack.

Fatality figures never block a link: disagreeing counts are what linking is meant to keep. A
claim that is compatible with several incidents joins the one with the best score (closest
date, then place, then agreeing figures and target).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from gazetteer.geodesy import geodesic_distance
from geo.model.claims import Claim, ClaimedPlace
from geo.model.records import DatePrecision, EventType, Fatalities, IncidentStatus

__all__ = [
    "CANDIDATE_THRESHOLD",
    "DAY_TOLERANCE",
    "PLACE_TOLERANCE_KM",
    "VAGUE_RADIUS_KM",
    "Derived",
    "LinkedClaim",
    "derive",
    "incident_confidence",
    "link_score",
]

DAY_TOLERANCE = 1
PLACE_TOLERANCE_KM = 25.0
#: A place wider than this (km: a region, a country) is weak evidence of sameness.
VAGUE_RADIUS_KM = 100.0
#: An incident whose confidence is below this is a candidate: kept and listed for review, left
#: off maps and exports by default (see README, Incidents from reports, for its choice).
CANDIDATE_THRESHOLD = 0.5

_PRECISION_ORDER = [DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR]


@dataclass(frozen=True, slots=True)
class LinkedClaim:
    """A claim as stored: with the article it came from."""

    claim_id: int
    article_id: int
    outlet: str
    claim: Claim


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
    score = 3.0 - gap
    if _vague(claim.place) or _vague(incident.place):
        # a region-level (or unplaced) claim is weak evidence of sameness: only the same
        # days count ("near Ubari" on Monday is not the "southern Libya" strike of Sunday).
        # Tolls are not asked to agree: outlets disagree on them (tried: linking fell)
        if gap > 0:
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
    return score


def _ranges_intersect(ranges: Sequence[tuple[int, int | None]]) -> bool:
    lo = max(low for low, _ in ranges)
    highs = [high for _, high in ranges if high is not None]
    return not highs or lo <= min(highs)


def derive(claims: Sequence[LinkedClaim]) -> Derived:
    """An incident's date, place, toll and status from the claims that back it.

    * date: the intersection of the claims' ranges at the finest precision given; when they
      do not intersect, the narrowest claim's range (and a conflict is recorded);
    * place: the most precise claimed place (smallest radius; then highest confidence); a
      claim placing the event out of that place's reach is a conflict;
    * fatalities: ``low`` the smallest stated figure, ``high`` the largest (an open "at least"
      figure counts as its bound), ``best`` the median of the claims' figures;
    * confidence: :func:`incident_confidence`;
    * status: candidate (confidence below :data:`CANDIDATE_THRESHOLD`), else single source,
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
    finest = min(
        items, key=lambda c: (_PRECISION_ORDER.index(c.date_precision), c.date_end - c.date_start)
    )
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

    stated = [
        (c.fatalities_low if c.fatalities_low is not None else 0, c.fatalities_high)
        for c in items
        if c.fatalities_low is not None or c.fatalities_high is not None
    ]
    fatalities = None
    if stated:
        low = min(s[0] for s in stated)
        high = max(s[1] if s[1] is not None else s[0] for s in stated)
        points = [c.fatalities_point for c in items if c.fatalities_point is not None]
        best = int(statistics.median_low(points)) if points else low
        fatalities = Fatalities(low, min(max(best, low), high), high)
        if len(stated) > 1 and not _ranges_intersect(stated):
            conflicts.append("fatality figures disagree")

    articles = {c.article_id for c in claims}
    confidence = incident_confidence(claims)
    if confidence < CANDIDATE_THRESHOLD:
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
