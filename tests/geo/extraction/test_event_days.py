"""The day a report gives its strike when it tells it twice or beside another, in sentences
written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.extraction.consolidate import UNDATED, consolidate
from geo.extraction.extract import extract_claims
from geo.model.claims import Claim, ClaimedPlace, Quote
from geo.model.records import DatePrecision, EventType, LocationPrecision

pytestmark = pytest.mark.usefixtures("gazetteer_index")

SATURDAY = dt.date(2021, 5, 15)
MONDAY = dt.date(2021, 5, 17)


def test_a_feast_day_dates_the_strike_not_the_statement() -> None:
    text = (
        "A US air strike on Christmas Eve near Jilib killed nine fighters, the command said "
        "on Tuesday."
    )
    (claim,) = extract_claims(text, published=dt.date(2020, 12, 29)).claims
    assert claim.date_start == claim.date_end == dt.date(2020, 12, 24)
    assert claim.fatalities_low == 9


def test_pictures_shown_on_a_later_day_do_not_date_the_strike() -> None:
    text = (
        "A drone strike near Jilib on Saturday killed six people, officials said. "
        "Pictures circulating online on Sunday appeared to show bodies at the site of the "
        "strike."
    )
    (claim,) = extract_claims(text, published=MONDAY).claims
    assert claim.date_start == claim.date_end == SATURDAY
    assert len(claim.sentences) == 2


def test_a_strike_less_than_a_week_before_another_counts_back_from_it() -> None:
    text = (
        "An air strike near Jilib on Friday killed six people, less than a week after a "
        "drone strike killed nine people near Baardheere."
    )
    claims = extract_claims(text, published=SATURDAY).claims
    assert len(claims) == 2
    jilib, baardheere = sorted(claims, key=lambda c: -c.date_start.toordinal())
    assert jilib.date_start == jilib.date_end == dt.date(2021, 5, 14)
    assert (baardheere.date_start, baardheere.date_end) == (
        dt.date(2021, 5, 7),
        dt.date(2021, 5, 14),
    )
    assert baardheere.date_precision is DatePrecision.WEEK
    assert baardheere.fatalities_low == 9


def test_a_date_in_a_relative_clause_about_the_place_is_not_the_strikes() -> None:
    text = (
        "Drones struck camps about 40 kilometers south of Jilib, where last month "
        "government forces drove out the last of the group's fighters."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start >= dt.date(2021, 5, 1)  # not April, the clause's month
    assert claim.place is not None and "Jilib" in claim.place.name


def test_a_later_sentence_gives_the_day_of_the_latest_strike_not_of_the_one_compared() -> None:
    text = (
        "Police said a military air strike killed at least 20 herders in Lafia district. "
        "A similar strike in March killed 40 people.\n\n"
        "The latest incident happened in a village near Lafia on May 12 at night. "
        "The police confirmed the incident."
    )
    claims = extract_claims(text, published=SATURDAY).claims
    latest = next(c for c in claims if c.fatalities_low == 20)
    assert latest.date_start == latest.date_end == dt.date(2021, 5, 12)
    march = next(c for c in claims if c.fatalities_low == 40)
    assert (march.date_start, march.date_end) == (dt.date(2021, 3, 1), dt.date(2021, 3, 31))


def test_a_day_that_owns_the_attack_dates_the_strike_told() -> None:
    text = (
        "A drone strike killed three fighters near Jilib, residents told reporters.\n\n"
        "The region has been a stronghold of the group for years. "
        "Two children were also wounded in Thursday morning's attack, officials said."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 13)


def test_the_day_an_operation_was_launched_dates_the_strike_of_a_statement() -> None:
    text = (
        "French aircraft struck militants near Gao, killing nine, the ministry said on "
        "Friday. The operation was launched on Wednesday, May 12 after an ambush."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 12)


def test_a_calendar_date_wins_over_a_weekday_a_day_off_for_one_strike() -> None:
    text = (
        "US forces carried out an air strike against al-Shabaab in Somalia on Monday, "
        "killing more than 100 fighters, officials said. "
        '"US forces conducted an air strike against a camp on Tuesday, May 11 at about '
        '10 am local time, killing more than 100 militants," the command said. '
        "The strike was 200 kilometers northwest of Mogadishu."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 11)
    assert claim.fatalities_low == 101
    assert any("over the weekday 'Monday'" in r for r in claim.reasons)


@pytest.mark.parametrize(
    "second",
    [
        "A strike on Tuesday, May 11 killed four more near Jilib.",
        "A second strike on Tuesday, May 11 killed four near Jilib.",
        "A strike on Tuesday, May 11 killed six near Jilib.",
    ],
)
def test_strikes_a_day_apart_told_as_other_strikes_stay_apart(second: str) -> None:
    text = f"A drone strike on Monday killed four near Jilib. {second}"
    claims = extract_claims(text, published=SATURDAY).claims
    assert sorted(c.date_start for c in claims) == [dt.date(2021, 5, 10), dt.date(2021, 5, 11)]


def test_pictures_of_the_strikes_belong_to_the_strike_of_their_day() -> None:
    text = (
        "An air strike on a wedding party in northern Jowzjan killed 30 civilians, officials "
        "said on Monday, May 17. "
        "The ministry said it would look into the deaths overnight near Sheberghan, which "
        "came less than a week after a drone strike killed seven people in Kunar province. "
        "Video posted online on Monday appeared to show children killed in the strikes."
    )
    claims = extract_claims(text, published=MONDAY).claims
    wedding = next(c for c in claims if c.fatalities_low == 30)
    assert wedding.date_start <= dt.date(2021, 5, 16) <= wedding.date_end
    assert any("Video posted" in q.text for q in wedding.sentences)
    kunar = next(c for c in claims if c.fatalities_low == 7)
    assert kunar.date_start < dt.date(2021, 5, 16)
    assert not any("Video posted" in q.text for q in kunar.sentences)


def test_an_undated_telling_gives_its_finer_place_to_the_days_wider_one() -> None:
    text = (
        "US says airstrike killed 24 militants in Somalia\n"
        "The command said no civilians were hurt in the air strike in the Hiran region.\n"
        "NAIROBI - The US military said on Thursday it had killed 24 militants in an "
        "airstrike on Wednesday in central Somalia."
    )
    (claim,) = extract_claims(text, published=MONDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 12)
    assert claim.place is not None and claim.place.name == "Hiiraan"
    assert claim.fatalities_low == 24


def _claim(index: int, first: dt.date, last: dt.date, place: ClaimedPlace, date: str) -> Claim:
    return Claim(
        index,
        (Quote(index * 10, index * 10 + 5, f"s{index}"),),
        EventType("air strike"),
        first,
        last,
        DatePrecision.WEEK if first != last else DatePrecision.DAY,
        place,
        1,
        1,
        reasons=(f"date: {date}", f"place: {place.name}"),
    )


@pytest.mark.parametrize(
    ("reason", "folds"),
    [(f"{UNDATED}: the week before publication", True), ("date from 'last week'", False)],
)
def test_only_an_undated_claim_gives_its_place_to_a_day_of_a_wide_area(
    reason: str, folds: bool
) -> None:
    region = ClaimedPlace("Puntland", 8.4, 48.5, "SO", LocationPrecision.REGION, 350.0)
    country = ClaimedPlace("Somalia", 6.0, 47.0, "SO", LocationPrecision.COUNTRY, 900.0)
    week = _claim(0, dt.date(2021, 5, 10), dt.date(2021, 5, 17), region, reason)
    monday = _claim(1, MONDAY, MONDAY, country, "date from 'Monday'")
    claims, _ = consolidate([week, monday])
    if folds:
        (claim,) = claims
        assert claim.date_start == claim.date_end == MONDAY
        assert claim.place == region
    else:
        assert len(claims) == 2


def test_an_offset_from_the_town_folds_into_the_day_near_that_town() -> None:
    near = ClaimedPlace("Jilib", 0.49, 42.79, "SO", LocationPrecision.NEAR_TOWN, 25.0)
    offset = ClaimedPlace(
        "40 km south of Jilib",
        0.13,
        42.79,
        "SO",
        LocationPrecision.NEAR_TOWN,
        18.0,
        anchor="Jilib",
        offset_km=40.0,
        bearing_deg=180.0,
    )
    week = _claim(0, dt.date(2021, 5, 10), MONDAY, offset, f"{UNDATED}: the week before")
    day = _claim(1, SATURDAY, SATURDAY, near, "date from 'Saturday'")
    (claim,), _ = consolidate([day, week])
    assert claim.date_start == claim.date_end == SATURDAY
    assert claim.place == offset


@pytest.mark.parametrize(
    ("clock", "day"),
    [
        ("Shortly before 1 a.m. (1900 GMT Tuesday)", dt.date(2021, 5, 12)),
        ("At 11:30 p.m. (0330 GMT Wednesday)", dt.date(2021, 5, 11)),
        ("At 3 p.m. (1200 GMT Tuesday)", dt.date(2021, 5, 11)),
    ],
)
def test_the_local_time_before_a_bracketed_zones_day_gives_the_local_day(
    clock: str, day: dt.date
) -> None:
    text = f"{clock}, two missiles struck a compound near Jilib, killing four people."
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == day


def test_the_calendar_day_opening_the_next_sentence_dates_a_strike_told_by_its_year() -> None:
    text = (
        "After an inquiry, the command admitted that a US drone strike in Syria last year "
        "killed a farmer and not a militant leader.\n"
        "On June 12, 2023, the farmer was tending his goats near Idlib when he was mistaken "
        "for a militant."
    )
    (claim,) = extract_claims(text, published=dt.date(2024, 5, 2)).claims
    assert claim.date_start == claim.date_end == dt.date(2023, 6, 12)


def test_a_calendar_day_later_in_the_report_does_not_date_the_strike_of_a_year() -> None:
    text = (
        "A drone strike in Syria last year killed a farmer near Idlib.\n"
        "The farmer had lived there all his life. "
        "On June 12, 2023, the command said the case was closed."
    )
    (claim,) = extract_claims(text, published=dt.date(2024, 5, 2)).claims
    assert (claim.date_start, claim.date_end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@pytest.mark.parametrize(
    ("second", "count"),
    [
        ("He was killed on Friday night when missiles hit a house in Bu'aale, near Jilib.", 1),
        ("On Friday night missiles hit a house in Bu'aale, far from Jilib.", 2),
    ],
)
def test_a_site_told_near_the_statements_town_is_the_strike_of_that_statement(
    second: str, count: int
) -> None:
    text = (
        f"A drone strike killed a senior commander in Jilib, officials said on Saturday. {second}"
    )
    claims = extract_claims(text, published=SATURDAY).claims
    assert len(claims) == count
    assert any(c.date_start == c.date_end == dt.date(2021, 5, 14) for c in claims)


def test_a_year_in_the_life_of_a_man_killed_is_not_the_strikes() -> None:
    text = (
        "On May 12, a US air strike near Jilib killed six fighters, the command said. "
        "Local media said one of those killed in the strikes was a former militia fighter "
        "who took part in the battle for Kismayo in 2012."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 12)
    assert len(claim.sentences) == 2
