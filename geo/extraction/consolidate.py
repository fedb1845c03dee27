"""Fold a report's vaguer retellings of an event into the claim that tells it best.

Scope: one report's claims, after the reading. Real copy tells its lead strike several times:
a headline ("US strike kills 13 in Somalia", no day: the week before publication), a
standfirst, the lead ("on Sunday ... in southern Somalia"), a recap ("Sunday's strike is the
34th ..."). The reading keeps apart what it cannot prove to be one event, so each retelling
that gives a vaguer date or place becomes a claim of its own, and each becomes a false
incident. A claim is folded into another of the same report when nothing it says
contradicts it and it says nothing more precise:

* the same event family (a raid is not an air strike);
* its date range contains the other's (a statement's day, "said on Wednesday", may be one
  day after the strike it reports; when it meets the range of a finer place, "said on
  Tuesday" of "a strike last week near Jilib", that range stands);
* its place contains the other's: none, or the same country with the other's point within
  its radius (plus :data:`SLACK_KM`), and a radius no smaller;
* its toll agrees: either gives none, or their ranges meet;
* it is not finer in date or place (the finer claim is the one kept).

A second pass folds the *announcement* of a strike into the strike: two claims of one site
(places at most :data:`SITE_RADIUS_KM` wide, no farther apart than the wider one's radius),
each dated to a day or two and at most :data:`ANNOUNCED_DAYS` days apart, with the same toll
(at least :data:`ANNOUNCED_MIN_KILLED`), where one is dated only by a statement or by the
report's own publication day ("eleven killed near X on 29 November ... the military said on
4 December that the eleven ..."): the announced one folds into the other.

A third pass folds a claim with a finer place and a date of a week at most (:data:`CROSS_DAYS`)
into a claim of one of those days whose site contains the place, or whose wider place does
when both state the same toll of at least :data:`ANNOUNCED_MIN_KILLED`, or when the report
gave the folded claim no date (:func:`_crosses`): the claim kept takes the finer place.

The claim kept takes the folded one's sentences, and its toll, injured, actor, target,
platform and base when it had none. Claims are kept in the order told; aggregates' indexes
are mapped to the claims kept (:func:`consolidate` returns the mapping).

A report of a megabyte tells thousands of claims, so no pass compares every claim with every
other: each asks an index of the kept claims (:class:`_Candidates`: by family, place and first
day) for those its test can accept, a window derived from the test's own conditions, and
applies the test to them alone. The claims kept are the same as with every pair compared.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from gazetteer.geodesy import geodesic_distance
from geo.model.claims import Claim, ClaimedPlace
from geo.model.records import EventType

__all__ = [
    "ANNOUNCED_DAYS",
    "ANNOUNCED_MIN_KILLED",
    "CROSS_DAYS",
    "LISTED_PLACE",
    "NEIGHBOUR_KM",
    "SITE_RADIUS_KM",
    "SLACK_KM",
    "UNDATED",
    "consolidate",
    "contains",
]

#: Distance (km) beyond a place's radius that still counts as inside it.
SLACK_KM = 25.0
#: Two places of one precision and like size, with different names and points farther apart
#: than this (km), are neighbours, not one place told twice.
NEIGHBOUR_KM = 10.0
#: A place at most this wide (km) is a site: a town, a point near one.
SITE_RADIUS_KM = 30.0
#: An announcement lies at most this many days after the strike it announces ...
ANNOUNCED_DAYS = 5
#: ... and repeats its toll, of at least this (a small toll is too common to tell).
ANNOUNCED_MIN_KILLED = 5

_STATEMENT = "(the date of the statement)"
#: The reason of a claim's date when the report gives none (the week before publication).
UNDATED = "no date given"
#: The reason a claim carries when it is one of the places a day's tally lists: it is a
#: strike of its own, never a vaguer telling of another claim.
LISTED_PLACE = "place: one of the places listed in"


def _width(c: Claim) -> int:
    return (c.date_end - c.date_start).days


def _radius(c: Claim) -> float:
    return c.place.radius_km if c.place is not None else float("inf")


def _dates_contain(x: Claim, y: Claim) -> bool:
    if x.date_start <= y.date_start and y.date_end <= x.date_end:
        return True
    # "AFRICOM said on Wednesday" (x) of a strike on Tuesday (y): one day apart at most
    statement = _stated(x)
    if statement and _width(x) <= 1 and x.date_start <= y.date_end and y.date_start <= x.date_end:
        # "said on Tuesday" (a statement's day and the day before) of "a strike last week":
        # the statement gives no day of its own, so a finer place's range stands
        return _radius(y) < _radius(x)
    return statement and _width(x) == 0 and 0 <= (x.date_start - y.date_end).days <= 1


def _listed(c: Claim) -> bool:
    """Whether a claim is one of the places a day's tally lists (:data:`LISTED_PLACE`)."""
    return any(r.startswith(LISTED_PLACE) for r in c.reasons)


def _stated(c: Claim) -> bool:
    """Whether a claim's date is only the day of a statement about it."""
    return any(r.startswith("date:") and _STATEMENT in r for r in c.reasons)


def _place_contains(x: Claim, y: Claim) -> bool:
    if x.place is None:
        return True
    if y.place is None:
        return False
    a, b = x.place, y.place
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.radius_km < b.radius_km:
        return False
    km = geodesic_distance((a.lat, a.lon), (b.lat, b.lon)).km
    if (
        a.precision is b.precision
        and a.name != b.name
        and b.radius_km > a.radius_km / 2
        and km > NEIGHBOUR_KM
        # "near Sirte" and "45 km southwest of Sirte": one told from the other's town
        and b.anchor != a.name
        and a.anchor != b.name
    ):
        return False  # two provinces of a list ("Abyan, Baida and Shabwa"): neighbours
    return km <= a.radius_km + SLACK_KM


def _tolls_agree(x: Claim, y: Claim) -> bool:
    if x.fatalities_point is None or y.fatalities_point is None:
        return True
    x_lo, y_lo = x.fatalities_low or 0, y.fatalities_low or 0
    x_hi, y_hi = x.fatalities_high, y.fatalities_high
    return (x_hi is None or y_lo <= x_hi) and (y_hi is None or x_lo <= y_hi)


def contains(x: Claim, y: Claim) -> bool:
    """Whether claim ``x`` may be a vaguer telling of claim ``y`` of the same report.

    Examples
    --------
    >>> import datetime as dt
    >>> from geo.model.claims import Quote
    >>> from geo.model.records import DatePrecision
    >>> def claim(day0, day1, killed=None):
    ...     return Claim(0, (Quote(0, 1, "x"),), "air strike", dt.date(2020, 3, day0),
    ...                  dt.date(2020, 3, day1), DatePrecision.DAY, None, killed, killed)
    >>> contains(claim(3, 10, 13), claim(8, 8, 13)), contains(claim(3, 10, 13), claim(8, 8, 4))
    (True, False)
    """
    return (
        x.event_type.family is y.event_type.family
        and _dates_contain(x, y)
        and _place_contains(x, y)
        and _tolls_agree(x, y)
    )


def _fold(into: Claim, x: Claim) -> Claim:
    quotes = {(q.start, q.end): q for q in (*into.sentences, *x.sentences)}
    changes: dict[str, object] = {"sentences": tuple(quotes[k] for k in sorted(quotes))}
    if into.fatalities_point is None and x.fatalities_point is not None:
        changes["fatalities_low"] = x.fatalities_low
        changes["fatalities_high"] = x.fatalities_high
    if into.injured is None and x.injured is not None:
        changes["injured"] = x.injured
    for name in ("actor", "target", "platform", "base"):
        if not getattr(into, name) and getattr(x, name):
            changes[name] = getattr(x, name)
    if x.event_type.specificity > into.event_type.specificity:
        changes["event_type"] = x.event_type
    first = x.sentences[0].text
    short = first if len(first) <= 60 else first[:57] + "..."
    reasons = (*into.reasons, f"also told, less precisely, in {short!r}")
    changes["reasons"] = reasons
    return replace(into, **changes)  # type: ignore[arg-type]


def _announced(c: Claim, published: dt.date | None) -> bool:
    """Whether a claim's date is only a statement's day or the report's publication day."""
    return _stated(c) or (published is not None and c.date_start == c.date_end == published)


def announces(x: Claim, y: Claim, published: dt.date | None = None) -> bool:
    """Whether claim ``x`` of a report is the announcement of the strike ``y`` tells.

    Examples
    --------
    >>> import datetime as dt
    >>> from geo.model.claims import ClaimedPlace, Quote
    >>> from geo.model.records import DatePrecision, LocationPrecision
    >>> town = ClaimedPlace("Jilib", 0.49, 42.79, "SO", LocationPrecision.TOWN, 5.0)
    >>> def claim(day, killed):
    ...     return Claim(0, (Quote(0, 1, "x"),), "air strike", dt.date(2020, 3, day),
    ...                  dt.date(2020, 3, day), DatePrecision.DAY, town, killed, killed)
    >>> day = dt.date(2020, 3, 6)
    >>> announces(claim(6, 11), claim(2, 11), day), announces(claim(6, 11), claim(2, 9), day)
    (True, False)
    """
    if x.event_type.family is not y.event_type.family or x.place is None or y.place is None:
        return False
    if not _announced(x, published) or _announced(y, published):
        return False
    a, b = x.place, y.place
    wider = max(a.radius_km, b.radius_km)
    if wider > SITE_RADIUS_KM or not a.country_code or a.country_code != b.country_code:
        return False
    if geodesic_distance((a.lat, a.lon), (b.lat, b.lon)).km > wider:
        return False
    if max(_width(x), _width(y)) > 1:
        return False
    if not 0 < (x.date_start - y.date_end).days <= ANNOUNCED_DAYS:
        return False
    return (
        x.fatalities_low is not None
        and (x.fatalities_low, x.fatalities_high) == (y.fatalities_low, y.fatalities_high)
        and x.fatalities_low >= ANNOUNCED_MIN_KILLED
    )


#: A claim whose date is at most this many days wide (a weekend, a night, the week before
#: publication of a headline) may give its finer place to a claim of a day within it.
CROSS_DAYS = 7


def _crosses(x: Claim, y: Claim) -> bool:
    """Whether ``x`` tells ``y``'s event with a finer place and a vaguer date.

    "US forces killed him in a drone strike in Kabul over the weekend ... The strike
    occurred on Sunday": the weekend (at most :data:`CROSS_DAYS` days wide) contains Sunday,
    and
    Kabul lies within the place of the Sunday claim, a site (at most
    :data:`SITE_RADIUS_KM` wide); same family, tolls that agree.
    """
    # the conditions on x alone first: most claims fail them
    if x.place is None or not 0 < _width(x) <= CROSS_DAYS:
        return False
    if x.event_type.family is not y.event_type.family or not _tolls_agree(x, y):
        return False
    if y.place is None:
        return False
    if _radius(y) > SITE_RADIUS_KM and not _same_toll(x, y) and not _undated(x):
        # a region's strike of a day takes the finer place of a week's telling only when
        # both state one toll ("24 killed in the Hiran region" of "24 killed on Wednesday
        # in central Somalia"): a region holds other strikes that week; or when the report
        # gave that telling no date ("Airstrike hits base in Puntland" of "on Monday ... in
        # Somalia")
        return False
    return (
        _width(y) < _width(x)
        and x.date_start <= y.date_start
        and y.date_end <= x.date_end
        and _radius(x) < _radius(y)
        and _place_contains(y, x)
    )


def _same_toll(x: Claim, y: Claim) -> bool:
    """Whether both state the same toll, of at least :data:`ANNOUNCED_MIN_KILLED`."""
    return (
        x.fatalities_low is not None
        and x.fatalities_low >= ANNOUNCED_MIN_KILLED
        and (x.fatalities_low, x.fatalities_high) == (y.fatalities_low, y.fatalities_high)
    )


def _undated(c: Claim) -> bool:
    """Whether a claim's date is only the week before publication: the report gave none."""
    return any(r.startswith(f"date: {UNDATED}") for r in c.reasons)


def _placed(folded: Claim, x: Claim) -> tuple[str, ...]:
    """The folded claim's reasons with its place's reason taken from ``x``."""
    return tuple(
        next((r for r in x.reasons if r.startswith("place:")), reason)
        if reason.startswith("place:")
        else reason
        for reason in folded.reasons
    )


#: The fewest kilometres a degree of latitude spans (110.57 at the equator): two points whose
#: latitudes differ by ``d`` degrees lie at least ``110 * d`` km apart.
_KM_PER_DEGREE_LAT = 110.0

_Point = tuple[float, float]


class _Candidates:
    """The claims of one report, found by family, place and first day.

    A fold's test accepts a pair only when both claims are of one family, their places lie
    within some kilometres of each other and their dates are near: :meth:`find` returns
    every claim indexed that meets such bounds (a superset of those the test accepts), so a
    pass applies its test to a few claims, not to all. Claims are indexed by index: the
    caller looks each up among those it keeps (a claim folded away is skipped there, a claim
    given a new place is :meth:`add`-ed again).
    """

    def __init__(self, claims: Iterable[Claim]) -> None:
        # family -> point (None: no place) -> width in days -> sorted (first day, index)
        self._days: dict[EventType, dict[_Point | None, dict[int, list[tuple[int, int]]]]] = {}
        # (family, fatalities low, high) -> width in days -> sorted (first day, index)
        self._tolls: dict[
            tuple[EventType, int | None, int | None], dict[int, list[tuple[int, int]]]
        ]
        self._tolls = {}
        self._points: list[_Point] = []  # the distinct points, by latitude
        self._known: set[_Point] = set()
        self._km: dict[tuple[_Point, _Point], float] = {}
        for c in claims:
            self.add(c)

    def add(self, c: Claim) -> None:
        """Index claim ``c`` under its family, place and dates."""
        point = (c.place.lat, c.place.lon) if c.place is not None else None
        if point is not None and point not in self._known:
            self._known.add(point)
            self._points.insert(bisect_left(self._points, point), point)
        places = self._days.setdefault(c.event_type.family, {})
        toll = (c.event_type.family, c.fatalities_low, c.fatalities_high)
        entry = (c.date_start.toordinal(), c.index)
        for by_width in (places.setdefault(point, {}), self._tolls.setdefault(toll, {})):
            days = by_width.setdefault(_width(c), [])
            days.insert(bisect_left(days, entry), entry)

    def _near(self, place: ClaimedPlace, km: float) -> list[_Point]:
        """The points indexed at most ``km`` from the place's point (1 m of slack)."""
        here = (place.lat, place.lon)
        band = km / _KM_PER_DEGREE_LAT
        lo = bisect_left(self._points, (here[0] - band, -float("inf")))
        hi = bisect_right(self._points, (here[0] + band, float("inf")))
        near = []
        for point in self._points[lo:hi]:
            key = (here, point)
            if key not in self._km:
                self._km[key] = geodesic_distance(here, point).km
            if self._km[key] <= km + 0.001:
                near.append(point)
        return near

    def find(
        self,
        x: Claim,
        *,
        km: float | None,
        first_days: Callable[[int], tuple[int, int]],
        max_width: int | None = None,
        same_toll: bool = False,
    ) -> list[int]:
        """Indexes of the claims of ``x``'s family that may fit ``x``.

        ``km``: their place lies at most this far from ``x``'s (``None``, or ``x`` without a
        place: any place or none). ``first_days(width)``: the range of ordinals their first
        day lies in, for a claim of that width (days); ``max_width``: the widest.
        ``same_toll``: also those that state ``x``'s toll, wherever their place.
        """
        places = self._days.get(x.event_type.family, {})
        if km is None or x.place is None:
            groups = list(places.values())
        else:
            groups = [places[p] for p in self._near(x.place, km) if p in places]
        if same_toll:
            toll = (x.event_type.family, x.fatalities_low, x.fatalities_high)
            groups.append(self._tolls.get(toll, {}))
        found: list[int] = []
        for by_width in groups:
            for width, days in by_width.items():
                if max_width is not None and width > max_width:
                    continue
                first, last = first_days(width)
                lo = bisect_left(days, (first,))
                hi = bisect_left(days, (last + 1,))
                found.extend(index for _, index in days[lo:hi])
        return found


def _fold_last_first(
    kept: dict[int, Claim],
    target_of: dict[int, int],
    fits: Callable[[Claim, Claim], bool],
    near: Callable[[_Candidates, Claim], list[int]],
    *,
    finer_place: bool = False,
) -> None:
    """Fold each kept claim, the last told first, into the first other claim it ``fits``.

    ``near`` gives the claims ``fits`` may accept (a superset: see :class:`_Candidates`).
    ``finer_place``: the folded claim keeps the place of the claim folded into it.
    """
    index = _Candidates(kept.values())
    for x in sorted(kept.values(), key=lambda c: -c.index):
        if x.index not in kept:
            continue
        into_all = [
            kept[i] for i in set(near(index, x)) if i in kept and i != x.index and fits(x, kept[i])
        ]
        if not into_all:
            continue
        into = min(into_all, key=lambda c: c.index)
        folded = _fold(into, kept[x.index])
        if finer_place:
            folded = replace(folded, place=x.place, reasons=_placed(folded, x))
        index.add(folded)  # its place or its toll may be new
        kept[into.index] = folded
        del kept[x.index]
        target_of[x.index] = into.index


# The windows below are read off the tests they serve: change a test, change its window
# (tests/geo/extraction/test_consolidate.py compares every pass with all pairs compared).


def _near_contained(index: _Candidates, x: Claim) -> list[int]:
    """Claims ``x`` may contain (:func:`contains`): dates within a day before ``x``'s."""
    start, end = x.date_start.toordinal(), x.date_end.toordinal()
    return index.find(
        x,
        km=None if x.place is None else x.place.radius_km + SLACK_KM,
        first_days=lambda width: (start - 1 - width, end),
        # a wider claim is folded into only by a statement's day, of a finer place
        max_width=None if _stated(x) else _width(x),
    )


def _near_announced(index: _Candidates, x: Claim) -> list[int]:
    """Claims ``x`` may announce (:func:`announces`): a site's, 1-5 days before ``x``."""
    if x.place is None:
        return []
    start = x.date_start.toordinal()
    return index.find(
        x,
        km=SITE_RADIUS_KM,
        first_days=lambda width: (start - ANNOUNCED_DAYS - width, start - 1 - width),
        max_width=1,
    )


def _near_crossed(index: _Candidates, x: Claim) -> list[int]:
    """Claims ``x`` may cross (:func:`_crosses`): narrower, within ``x``'s dates, near.

    Near: a site's within reach of ``x``'s place, or any place when both state one toll or
    the report gave ``x`` no date.
    """
    if x.place is None:
        return []
    start, end = x.date_start.toordinal(), x.date_end.toordinal()
    return index.find(
        x,
        km=None if _undated(x) else SITE_RADIUS_KM + SLACK_KM,
        first_days=lambda width: (start, end - width),
        max_width=_width(x) - 1,
        same_toll=x.fatalities_low is not None,
    )


def consolidate(
    claims: Sequence[Claim], *, published: dt.date | None = None
) -> tuple[tuple[Claim, ...], dict[int, int]]:
    """The claims of one report with each vaguer retelling folded into a finer claim.

    ``published`` is the report's publication day (a claim dated to it may be the day the
    strike was announced: see :func:`announces`). Returns the claims kept (re-indexed from
    0, in the order told) and the map from each original index to its claim's new index.
    """
    kept: dict[int, Claim] = {c.index: c for c in claims}
    target_of: dict[int, int] = {}
    index = _Candidates(claims)
    # vaguest first: a headline folds into the lead before the lead is compared with others
    for x in sorted(claims, key=lambda c: (-_radius(c), -_width(c), -c.index)):
        if x.index not in kept or _listed(x):
            continue
        x = kept[x.index]
        targets = [
            y
            for y in (kept[i] for i in set(_near_contained(index, x)) if i in kept)
            if y.index != x.index
            and _radius(y) <= _radius(x)
            and (_width(y) <= _width(x) or (_stated(x) and _radius(y) < _radius(x)))
            and (
                _radius(y) < _radius(x)
                or _width(y) < _width(x)
                or y.index < x.index
                or any(_STATEMENT in r for r in x.reasons)
            )
            and contains(x, y)
        ]
        if not targets:
            continue
        same_toll = [
            y
            for y in targets
            if x.fatalities_point is not None and y.fatalities_point == x.fatalities_point
        ]
        into = min(same_toll or targets, key=lambda c: c.index)
        kept[into.index] = _fold(into, x)
        del kept[x.index]
        target_of[x.index] = into.index
    _fold_last_first(kept, target_of, lambda x, y: announces(x, y, published), _near_announced)
    _fold_last_first(kept, target_of, _crosses, _near_crossed, finer_place=True)
    order = sorted(kept)
    new_index = {old: new for new, old in enumerate(order)}

    def final(i: int) -> int:
        while i in target_of:
            i = target_of[i]
        return new_index[i]

    mapping = {c.index: final(c.index) for c in claims}
    return tuple(replace(kept[old], index=new_index[old]) for old in order), mapping
