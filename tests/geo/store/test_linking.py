"""Deriving an incident from its claims, and when a claim fits an incident."""

from __future__ import annotations

import datetime as dt

from geo.model.claims import ClaimedPlace
from geo.model.records import DatePrecision, LocationPrecision
from geo.store.linking import DAY_TOLERANCE, PLACE_TOLERANCE_KM, LinkedClaim, derive, link_score
from tests.factories import MURZUQ, SOUTHWEST, make_claim, make_linked


def test_tolerances_are_stated() -> None:
    assert (DAY_TOLERANCE, PLACE_TOLERANCE_KM) == (1, 25.0)


def test_a_week_claim_and_a_day_claim_give_the_day() -> None:
    out = derive(
        [
            make_linked(
                1,
                "2019-09-20",
                "2019-09-26",
                precision=DatePrecision.WEEK,
                place=SOUTHWEST,
                killed=17,
            ),
            make_linked(2, "2019-09-26", place=MURZUQ, killed=17, event="drone strike"),
        ]
    )
    assert (out.date_start, out.date_end, out.date_precision) == (
        dt.date(2019, 9, 26),
        dt.date(2019, 9, 26),
        DatePrecision.DAY,
    )
    assert out.place == MURZUQ  # the most precise place
    assert out.event_type == "drone strike"  # the most specific type
    assert out.status == "corroborated" and out.conflicts == ()


def test_days_one_apart_are_kept_as_the_narrowest_with_no_conflict() -> None:
    out = derive([make_linked(1, "2019-09-24", killed=11), make_linked(2, "2019-09-25", killed=11)])
    assert out.date_start == dt.date(2019, 9, 24)
    assert out.conflicts == ()


def test_disagreements_make_a_contested_incident() -> None:
    far = ClaimedPlace("Sabha", 27.04, 14.43, "LY", LocationPrecision.TOWN, 5.0)
    out = derive(
        [
            make_linked(1, "2019-09-24", killed=11),
            make_linked(2, "2019-09-24", place=far, killed=13),
        ]
    )
    assert out.status == "contested"
    assert out.conflicts == ("places disagree: Murzuq / Sabha", "fatality figures disagree")
    assert (out.fatalities.low, out.fatalities.best, out.fatalities.high) == (11, 11, 13)  # type: ignore[union-attr]


def test_link_score_rules() -> None:
    incident = derive([make_linked(1, "2019-09-24", killed=11)])
    claim = make_linked(2, "2019-09-24", killed=11).claim
    assert link_score(claim, incident, frozenset({1}), 2) > 0
    assert link_score(claim, incident, frozenset({2}), 2) == -1  # same article
    late = make_linked(2, "2019-09-26", killed=11).claim
    assert link_score(late, incident, frozenset({1}), 2) == -1  # two days apart
    raid = make_linked(2, "2019-09-24", killed=11, event="raid").claim
    assert link_score(raid, incident, frozenset({1}), 2) == -1
    unplaced = make_linked(2, "2019-09-24", place=None).claim
    assert link_score(unplaced, incident, frozenset({1}), 2) > 0
    near = ClaimedPlace("near Murzuq", 26.2, 13.9, "LY", LocationPrecision.NEAR_TOWN, 25.0)
    # 31.6 km apart: within 5 + 25 + 25 km
    assert (
        link_score(make_linked(2, "2019-09-24", place=near).claim, incident, frozenset({1}), 2) > 0
    )


def test_independent_articles_add_up_to_the_incidents_confidence() -> None:
    from geo.store.linking import CANDIDATE_THRESHOLD, incident_confidence

    one = [make_linked(1, "2019-09-19", confidence=0.4)]
    two = [*one, make_linked(2, "2019-09-19", confidence=0.4)]
    assert incident_confidence(one) == 0.4
    assert incident_confidence(two) == 0.64  # 1 - 0.6 * 0.6
    assert CANDIDATE_THRESHOLD == 0.5
    alone, told_twice = derive(one), derive(two)
    assert (alone.status, alone.confidence) == ("candidate", 0.4)
    assert (told_twice.status, told_twice.confidence) == ("corroborated", 0.64)
    # an article's claims count once, with its most confident
    same_article = [*one, LinkedClaim(9, 1, "outlet 1", make_claim(1, confidence=0.45))]
    assert incident_confidence(same_article) == 0.45


def test_an_incident_dated_vaguer_than_a_month_is_a_candidate_however_sure() -> None:
    year = derive([make_linked(1, "2016-01-01", "2016-12-31", precision=DatePrecision.YEAR)])
    assert (year.status, year.confidence) == ("candidate", 1.0)
    told_twice = derive(
        [make_linked(n, "2016-05-02", "2016-08-01", precision=DatePrecision.MONTH) for n in (1, 2)]
    )
    assert told_twice.status == "candidate"  # "in the past three months": 92 days
    month = derive([make_linked(1, "2016-08-01", "2016-08-31", precision=DatePrecision.MONTH)])
    assert month.status == "single source"  # a month is still shown
    # a day another article gives narrows the incident, which is then shown
    both = derive(
        [
            make_linked(1, "2016-01-01", "2016-12-31", precision=DatePrecision.YEAR),
            make_linked(2, "2016-08-01"),
        ]
    )
    assert (both.date_start, both.date_end, both.status) == (
        dt.date(2016, 8, 1), dt.date(2016, 8, 1), "corroborated",
    )  # fmt: skip


def test_a_region_level_claim_needs_the_same_day_to_link() -> None:
    from geo.store.linking import VAGUE_RADIUS_KM

    assert VAGUE_RADIUS_KM == 100.0
    region = derive([make_linked(1, "2019-09-29", place=SOUTHWEST, killed=7)])
    near_a_town = make_claim(0, "2019-09-30", place=MURZUQ, killed=3)
    assert link_score(near_a_town, region, frozenset({1}), 2) == -1.0  # a day apart
    same_day = make_claim(0, "2019-09-29", place=MURZUQ, killed=3)
    assert link_score(same_day, region, frozenset({1}), 2) > 0
    town = derive([make_linked(1, "2019-09-29", place=MURZUQ, killed=7)])
    assert link_score(near_a_town, town, frozenset({1}), 2) > 0  # precise places: a day of slack


def test_a_date_vaguer_than_a_month_links_nothing() -> None:
    from geo.store.linking import VAGUE_DATE_DAYS

    assert VAGUE_DATE_DAYS == 31
    day = derive([make_linked(1, "2016-08-01", place=MURZUQ, killed=5)])
    # "fighters who fought in Murzuq in 2016": every strike of that year at the town overlaps
    year = make_claim(0, "2016-01-01", end="2016-12-31", precision=DatePrecision.YEAR)
    assert link_score(year, day, frozenset({1}), 2) == -1.0
    # nor does a day join an incident dated only to the year
    of_the_year = derive([make_linked(1, "2016-01-01", "2016-12-31", precision=DatePrecision.YEAR)])
    assert link_score(make_claim(0, "2016-08-01"), of_the_year, frozenset({1}), 2) == -1.0
    # "in the past three months" is as vague, though its precision says month
    season = make_claim(0, "2016-05-02", end="2016-08-01", precision=DatePrecision.MONTH)
    assert link_score(season, day, frozenset({1}), 2) == -1.0
    # unless both stand on a site and state the same toll ("60 killed near X this year")
    told = derive([make_linked(1, "2016-08-01", place=MURZUQ, killed=5)])
    same_toll = make_claim(
        0, "2016-01-01", end="2016-12-31", precision=DatePrecision.YEAR, killed=5
    )
    assert link_score(same_toll, told, frozenset({1}), 2) > 0
    other_toll = make_claim(
        0, "2016-01-01", end="2016-12-31", precision=DatePrecision.YEAR, killed=6
    )
    assert link_score(other_toll, told, frozenset({1}), 2) == -1.0
    region = make_claim(
        0, "2016-01-01", end="2016-12-31", precision=DatePrecision.YEAR, place=SOUTHWEST, killed=5
    )
    assert link_score(region, told, frozenset({1}), 2) == -1.0
    # a month at a town still links: the town is the evidence
    month = make_claim(0, "2016-08-01", end="2016-08-31", precision=DatePrecision.MONTH)
    assert link_score(month, day, frozenset({1}), 2) > 0


def test_a_region_level_claim_dated_to_a_month_links_nothing() -> None:
    region_day = derive([make_linked(1, "2019-09-29", place=SOUTHWEST, killed=7)])
    last_month = make_claim(
        0, "2019-09-01", end="2019-09-30", precision=DatePrecision.MONTH, place=SOUTHWEST
    )
    assert link_score(last_month, region_day, frozenset({1}), 2) == -1.0
    town_day = derive([make_linked(1, "2019-09-29", place=MURZUQ, killed=7)])
    assert link_score(last_month, town_day, frozenset({1}), 2) == -1.0  # the claim is vague
    # the week before publication, in the region, still links on a day of that week
    week = make_claim(
        0, "2019-09-23", end="2019-09-30", precision=DatePrecision.WEEK, place=SOUTHWEST
    )
    assert link_score(week, region_day, frozenset({1}), 2) > 0


def _joins(
    claim: LinkedClaim, incidents: dict[str, tuple[list[LinkedClaim], frozenset[int]]]
) -> str:
    """Which incident ``claim`` joins, of ``{id: (its claims, its articles)}``."""
    from geo.store.linking import assign

    summaries = {i: (derive(claims), arts) for i, (claims, arts) in incidents.items()}
    found = assign([claim], lambda _c: [(i, d, a) for i, (d, a) in summaries.items()])
    return found[0]


def test_a_day_claim_joins_the_incident_of_that_day_before_one_of_its_week() -> None:
    # one report told the strike twice: a week ("last week", 24 killed) and the day (6 killed)
    week = make_linked(1, "2017-01-10", "2017-01-17", precision=DatePrecision.WEEK, killed=24)
    day = LinkedClaim(2, 1, "outlet 1", make_claim(1, "2017-01-17", killed=6))
    incidents = {"a-week": ([week], frozenset({1})), "a-day": ([day], frozenset({1}))}
    # 52 killed: nearer the week's 24 than the day's 6, but the day is the same day exactly
    claim = make_linked(3, "2017-01-17", killed=52)
    assert _joins(claim, incidents) == "a-day"


def test_of_two_incidents_that_fit_alike_a_claim_joins_the_one_more_outlets_tell_of() -> None:
    week = make_linked(1, "2017-01-10", "2017-01-17", precision=DatePrecision.WEEK, killed=24)
    day = LinkedClaim(2, 1, "outlet 1", make_claim(1, "2017-01-17", killed=6))
    told = make_linked(3, "2017-01-17", killed=52)
    incidents = {"a-week": ([week], frozenset({1})), "a-day": ([day, told], frozenset({1, 3}))}
    # a week-long claim at region level, 101 killed: the toll is nearer the week's 24
    vague = make_linked(
        4, "2017-01-11", "2017-01-18", precision=DatePrecision.WEEK, place=SOUTHWEST, killed=101
    )
    assert _joins(vague, incidents) == "a-day"


def _vague(n: int, low: int, high: int | None, word: str) -> LinkedClaim:
    return make_linked(
        n, "2019-09-19", killed=low, high=high, reasons=(f"toll: {word!r} (a vague amount)",)
    )


def test_a_vague_toll_that_a_count_lies_within_sets_no_bound() -> None:
    # "dozens were killed" (24 or more) beside "at least 52" and "more than 100"
    out = derive(
        [
            _vague(1, 24, None, "Dozens"),
            make_linked(2, "2019-09-19", killed=52, high=None),
            make_linked(3, "2019-09-19", killed=101, high=None),
        ]
    )
    assert out.fatalities is not None
    assert (out.fatalities.low, out.fatalities.best, out.fatalities.high) == (52, 52, 101)
    assert out.conflicts == ()


def test_a_vague_toll_that_no_count_lies_within_stays_but_the_count_is_the_best() -> None:
    # "several" (3 to 9) beside "at least 42": the figures disagree; the count is the best
    out = derive([_vague(1, 3, 9, "several"), make_linked(2, "2019-09-19", killed=42, high=None)])
    assert out.fatalities is not None
    assert (out.fatalities.low, out.fatalities.best, out.fatalities.high) == (3, 42, 42)
    assert out.conflicts == ("fatality figures disagree",)


def test_vague_tolls_alone_give_the_range_they_allow() -> None:
    out = derive([_vague(1, 3, 9, "several"), _vague(2, 24, None, "dozens")])
    assert out.fatalities is not None
    assert (out.fatalities.low, out.fatalities.best, out.fatalities.high) == (3, 3, 24)
