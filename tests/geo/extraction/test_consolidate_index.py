"""Consolidation finds the claims a fold may join through an index, not by comparing all pairs.

The index (:class:`geo.extraction.consolidate._Candidates`) must return every claim a pass's
test can accept: the claims kept are compared here with those kept when every pair is
compared, over many random reports built to sit on the tests' edges (distances either side of
the slack, dates a day either side of each window, statements, announcements). And the number
of pairs tested grows with the claims, not with their square.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import replace

import pytest

import geo.extraction.consolidate as cons
from gazetteer.geodesy import destination
from geo.model.claims import Claim, ClaimedPlace, Quote
from geo.model.records import DatePrecision, EventType, LocationPrecision

PUBLISHED = dt.date(2022, 3, 20)
STATEMENT = "date: the day of the statement (the date of the statement)"

# A town and points at distances either side of the windows' bounds (km): 25 + 25 of a town's
# contains, 30 of an announcement, 30 + 25 of a cross, 200 + 25 of a region's contains.
_TOWN = (2.35, 45.1)
_OFFSETS_KM = [0.0, 4.0, 11.0, 29.5, 30.5, 49.5, 50.5, 54.5, 55.5, 80.0, 224.0, 226.0, 900.0]


_SIZES = [
    (LocationPrecision.EXACT_SITE, 1.0),
    (LocationPrecision.NEAR_TOWN, 5.0),
    (LocationPrecision.TOWN, 25.0),
    (LocationPrecision.TOWN, 30.0),
    (LocationPrecision.DISTRICT, 40.0),
    (LocationPrecision.REGION, 200.0),
]


def _places() -> list[ClaimedPlace]:
    places = []
    for i, km in enumerate(_OFFSETS_KM):
        lat, lon = destination(_TOWN, 37.0 * i, km)
        for precision, radius_km in _SIZES:
            places.append(
                ClaimedPlace(f"Place {i}", lat, lon, "SO" if i < 12 else "KE", precision, radius_km)
            )
    places.append(ClaimedPlace("Somalia", 5.15, 46.2, "SO", LocationPrecision.COUNTRY, 600.0))
    return places


PLACES = _places()
WIDTHS = [0, 0, 0, 1, 1, 2, 6, 7, 8, 30, 364]
EVENTS = [EventType.AIR_STRIKE, EventType.DRONE_STRIKE, EventType.STRIKE, EventType.GROUND_RAID]


def _random_claim(rng: random.Random, index: int) -> Claim:
    width = rng.choice(WIDTHS)
    start = PUBLISHED - dt.timedelta(days=rng.randint(0, 14))
    if rng.random() < 0.15:
        start = PUBLISHED  # the day of publication: perhaps an announcement
    killed = rng.choice([None, None, 2, 5, 6, 11])
    high = killed if rng.random() < 0.8 else None
    reasons: list[str] = []
    if rng.random() < 0.2:
        reasons.append(STATEMENT)
    elif rng.random() < 0.1:
        reasons.append(f"date: {cons.UNDATED} (the week before publication)")
    if rng.random() < 0.05:
        reasons.append(f"{cons.LISTED_PLACE} the day's tally")
    text = f"Claim {index} of the random report."
    return Claim(
        index=index,
        sentences=(Quote(100 * index, 100 * index + len(text), text),),
        event_type=rng.choice(EVENTS),
        date_start=start,
        date_end=start + dt.timedelta(days=width),
        date_precision=DatePrecision.DAY,
        place=None if rng.random() < 0.1 else rng.choice(PLACES),
        fatalities_low=killed,
        fatalities_high=high,
        reasons=tuple(reasons),
    )


class _AllPairs(cons._Candidates):  # noqa: SLF001 - the index under test
    """Every claim indexed, whatever the window: consolidation as if all pairs were compared."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        self.every: set[int] = set()
        super().__init__(claims)

    def add(self, c: Claim) -> None:
        self.every.add(c.index)

    def find(self, x: Claim, **window: object) -> list[int]:
        return sorted(self.every)


def _moved(rng: random.Random, place: ClaimedPlace | None) -> ClaimedPlace | None:
    """Another place: anywhere, or just inside or outside a window's distance of ``place``."""
    if place is None or rng.random() < 0.3:
        return rng.choice(PLACES)
    edge = rng.choice([30.0, 50.0, 55.0, place.radius_km + 25.0]) + rng.choice([-0.5, 0.5])
    lat, lon = destination((place.lat, place.lon), rng.uniform(0.0, 360.0), edge)
    precision, radius_km = rng.choice(_SIZES)
    return ClaimedPlace(
        f"{place.name} at {edge} km", lat, lon, place.country_code, precision, radius_km
    )


def _retold(rng: random.Random, told: Claim, index: int) -> Claim:
    """Another telling of a claim: a few days later or sooner, perhaps stated, nearby."""
    days = dt.timedelta(days=rng.randint(-7, 7))
    width = (told.date_end - told.date_start).days if rng.random() < 0.5 else rng.choice(WIDTHS)
    start = PUBLISHED if rng.random() < 0.3 else told.date_start + days
    text = f"Claim {index}, a retelling."
    return replace(
        told,
        index=index,
        sentences=(Quote(100 * index, 100 * index + len(text), text),),
        date_start=start,
        date_end=start + dt.timedelta(days=width),
        place=_moved(rng, told.place) if rng.random() < 0.5 else told.place,
        reasons=(STATEMENT,) if rng.random() < 0.5 else (),
    )


def _reports(seed: int, count: int) -> Iterator[list[Claim]]:
    rng = random.Random(seed)
    for _ in range(count):
        claims: list[Claim] = []
        for i in range(rng.randint(2, 30)):
            if claims and rng.random() < 0.4:
                claims.append(_retold(rng, rng.choice(claims), i))
            else:
                claims.append(_random_claim(rng, i))
        yield claims


def test_the_index_keeps_the_claims_all_pairs_keep(monkeypatch: pytest.MonkeyPatch) -> None:
    accepted = {"contains": 0, "announces": 0, "_crosses": 0}
    for name in accepted:
        test = getattr(cons, name)

        def counted(*args: object, _test=test, _name=name) -> bool:  # type: ignore[no-untyped-def]
            ok = _test(*args)
            accepted[_name] += bool(ok)
            return ok

        monkeypatch.setattr(cons, name, counted)
    reports = list(_reports(2022, 400))
    indexed = [cons.consolidate(claims, published=PUBLISHED) for claims in reports]
    counts = dict(accepted)
    with monkeypatch.context() as m:
        m.setattr(cons, "_Candidates", _AllPairs)
        every_pair = [cons.consolidate(claims, published=PUBLISHED) for claims in reports]
    assert indexed == every_pair
    # each pass folded claims, so the comparison is not idle
    assert sum(len(c) for c in reports) - sum(len(kept) for kept, _ in indexed) > 1000
    assert min(counts.values()) > 10, counts


def test_a_claim_given_a_finer_place_is_found_there(monkeypatch: pytest.MonkeyPatch) -> None:
    # a day at a town (30 km); a night at a district 50 km away (25 km); a weekend at a site
    # 40 km farther, 90 km from the town: the night gives the day its place, and only there
    # is the site within the day's place
    day = dt.date(2021, 6, 6)
    lat, lon = destination(_TOWN, 90.0, 50.0)
    site = destination(_TOWN, 90.0, 90.0)
    town = ClaimedPlace("Town", *_TOWN, "SO", LocationPrecision.TOWN, 30.0)
    district = ClaimedPlace("District", lat, lon, "SO", LocationPrecision.DISTRICT, 25.0)
    near = ClaimedPlace("Site", *site, "SO", LocationPrecision.NEAR_TOWN, 5.0)

    def claim(index: int, first: int, last: int, place: ClaimedPlace) -> Claim:
        text = f"Claim {index} of the chain."
        return Claim(
            index,
            (Quote(100 * index, 100 * index + len(text), text),),
            EventType.AIR_STRIKE,
            day + dt.timedelta(days=first),
            day + dt.timedelta(days=last),
            DatePrecision.DAY,
            place,
            7,
            7,
        )

    claims = [claim(0, 0, 0, town), claim(1, -1, 1, near), claim(2, 0, 1, district)]
    (kept,), mapping = cons.consolidate(claims)
    assert kept.place == near
    assert (kept.date_start, kept.date_end) == (day, day)
    assert [q.text for q in kept.sentences] == [f"Claim {i} of the chain." for i in range(3)]
    assert mapping == {0: 0, 1: 0, 2: 0}
    with monkeypatch.context() as m:
        m.setattr(cons, "_Candidates", _AllPairs)
        assert cons.consolidate(claims) == ((kept,), mapping)


def _long_report(events: int) -> list[Claim]:
    """A long report's claims: each strike told by its lead, a recap and a weekend's telling.

    The strikes are spread over the days and the towns as a long report spreads them (two a
    day in one of twelve towns); each strike's three claims fold into one.
    """
    claims: list[Claim] = []
    first = dt.date(2021, 1, 4)

    def claim(event: EventType, day: dt.date, days: int, place: ClaimedPlace, toll: int) -> None:
        i = len(claims)
        text = f"Claim {i} of the long report."
        claims.append(
            Claim(
                i,
                (Quote(100 * i, 100 * i + len(text), text),),
                event,
                day,
                day + dt.timedelta(days=days),
                DatePrecision.DAY,
                place,
                toll,
                toll,
            )
        )

    for n in range(events):
        day = first + dt.timedelta(days=n // 2)
        lat, lon = 1.0 + 0.8 * (n % 12), 42.0 + 0.5 * (n % 12)
        town = ClaimedPlace(f"Town {n % 12}", lat, lon, "SO", LocationPrecision.TOWN, 25.0)
        site = ClaimedPlace(
            f"Site {n % 12}", lat + 0.05, lon, "SO", LocationPrecision.NEAR_TOWN, 5.0
        )
        country = ClaimedPlace("Somalia", 5.15, 46.2, "SO", LocationPrecision.COUNTRY, 900.0)
        event = EventType.AIR_STRIKE if n % 2 else EventType.GROUND_RAID
        toll = 3 + n % 50
        claim(event, day, 0, town, toll)  # the lead: the day and the town
        claim(event, day, 0, country, toll)  # a recap: the day, the country
        weekend = day - dt.timedelta(days=day.weekday() % 2)
        claim(event, weekend, 1, site, toll)  # "over the weekend near ...": a finer place
    return claims


def _pairs_tested(claims: list[Claim], monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """The candidates the index returned for all passes, and the claims kept."""
    found = [0]

    class Counted(cons._Candidates):  # noqa: SLF001
        def find(self, x: Claim, **window):  # type: ignore[no-untyped-def]
            indexes = super().find(x, **window)
            found[0] += len(indexes)
            return indexes

    with monkeypatch.context() as m:
        m.setattr(cons, "_Candidates", Counted)
        kept, _ = cons.consolidate(claims, published=dt.date(2030, 1, 1))
    return found[0], len(kept)


def test_the_pairs_tested_grow_with_the_claims_not_their_square(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small, kept_small = _pairs_tested(_long_report(100), monkeypatch)
    large, kept_large = _pairs_tested(_long_report(1000), monkeypatch)
    assert (kept_small, kept_large) == (100, 1000)  # each strike's three claims are one
    # all pairs would be 300 x 300 and 3,000 x 3,000 in each pass: 100 times more
    assert small < 4 * 300
    assert large < 12 * small  # ten times the claims, about ten times the pairs
