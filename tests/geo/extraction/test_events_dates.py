"""Which sentences tell of a new strike, its day and its toll, in sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.extraction.consolidate import consolidate
from geo.extraction.extract import extract_claims
from geo.extraction.mentions import _NOT_EVENT
from geo.model.claims import Claim, ClaimedPlace, Quote
from geo.model.records import DatePrecision, EventType, LocationPrecision

pytestmark = pytest.mark.usefixtures("gazetteer_index")

SATURDAY = dt.date(2021, 5, 15)


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ("the officer was killed in a precision strike near the town", []),
        ("American strikes hit the camp", []),
        ("an American air strike hit the camp", []),
        ("the teachers went on strike in March", ["on strike"]),
        ("the group said it could strike again", ["could strike"]),
    ],
)
def test_words_that_end_in_a_stop_word_do_not_unmake_a_strike(
    text: str, excluded: list[str]
) -> None:
    assert [m.group() for m in _NOT_EVENT.finditer(text)] == excluded


def test_a_precision_strike_on_a_named_day_is_a_strike() -> None:
    text = (
        "The command confirmed that the bomb maker was killed in a precision strike near "
        "Jilib on May 12, it said in a statement."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 12)
    assert claim.place is not None and claim.place.name == "Jilib"


def test_raids_by_forces_from_several_countries_on_one_day_are_one_event() -> None:
    text = (
        "On Thursday, forces from Niger, Chad and Nigeria carried out air raids on camps "
        "near Diffa, killing at least 30 fighters, the ministry said."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 13)
    assert claim.fatalities_low == 30


def test_a_toll_dated_to_another_event_is_not_the_strikes() -> None:
    text = (
        "A drone strike on Thursday hit a car near Jilib, officials said. "
        "The strike was the first in the area this year. "
        "Seventeen sailors were killed in the October 12, 2000 attack on their ship."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == dt.date(2021, 5, 13)
    assert (claim.fatalities_low, claim.fatalities_high) == (None, None)


def test_a_toll_after_a_date_of_something_else_set_off_by_commas_stays() -> None:
    text = (
        "A drone strike near Jilib on Thursday hit a car. "
        "It killed Ahmed Nur, a commander who planned the attack of June 3, 2014, officials "
        "said."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.fatalities_low, claim.fatalities_high) == (1, 1)


def test_the_strike_compared_with_one_of_another_year_is_not_that_one() -> None:
    text = (
        "A drone strike near Jilib on Thursday hit a car. "
        "The strike was the deadliest since the bombing of the port in May 2009. "
        "That bombing killed 40 sailors."
    )
    claims = extract_claims(text, published=SATURDAY).claims
    strike = next(c for c in claims if c.date_start == dt.date(2021, 5, 13))
    assert (strike.fatalities_low, strike.fatalities_high) == (None, None)


@pytest.mark.parametrize(
    "clause",
    [
        "the largest such attack since November of last year",
        "the first such strike since the new president took office in January",
    ],
)
def test_a_date_after_since_does_not_date_the_strike(clause: str) -> None:
    text = (
        f"A US air strike near Jilib on Thursday killed 60 fighters. It said the strike was "
        f"{clause}."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 13)
    assert claim.fatalities_low == 60


def test_in_that_strike_after_another_strikes_day_is_not_the_strike_told() -> None:
    text = (
        "US forces carried out an air strike near Jilib on Thursday, the command said. "
        "Thursday's strike is at least the fourth since April, with the most recent being "
        "on May 2. "
        "In that strike, the command said it killed 12 fighters."
    )
    claims = extract_claims(text, published=SATURDAY).claims
    strike = next(c for c in claims if c.date_start == dt.date(2021, 5, 13))
    assert (strike.fatalities_low, strike.fatalities_high) == (None, None)


def test_today_in_a_quote_is_the_day_it_was_said() -> None:
    text = (
        "US forces carried out an air strike near Jilib on May 13, the command said. "
        '"Today\'s strike killed the commander," the regional governor told reporters on '
        "Thursday."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 13)
    assert (claim.fatalities_low, claim.fatalities_high) == (1, 1)


def test_today_in_a_quoted_statement_is_the_day_the_lead_says_it_was_made() -> None:
    text = (
        "The US killed a senior militant in a drone strike near Jilib, the command said on "
        "Thursday.\n\n"
        "\u201cUS forces conducted a strike near Jilib today against a senior leader. "
        "We assess the strike killed him,\u201d a spokesman said in a statement."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start <= dt.date(2021, 5, 13) <= claim.date_end
    assert (claim.date_end - claim.date_start).days <= 1


def test_today_in_a_quote_nobody_dates_may_be_the_day_before_publication() -> None:
    text = (
        '"Among the casualties of today\'s strike near Jilib are four aid workers," a '
        "spokeswoman told reporters by telephone."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.date_start, claim.date_end) == (dt.date(2021, 5, 14), SATURDAY)


@pytest.mark.parametrize(
    "sentence",
    [
        "Among the dead were four aid workers.",
        "Among the casualties of the strike there are four aid workers killed.",
    ],
)
def test_a_figure_among_the_dead_is_part_of_the_toll_not_the_toll(sentence: str) -> None:
    text = f"A drone strike near Jilib on Thursday hit a market. {sentence}"
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.fatalities_low, claim.fatalities_high) == (None, None)


def test_the_day_a_later_sentence_gives_the_toll_dates_the_strike() -> None:
    text = (
        "A Nigerian jet bombed a camp for displaced people near Rann, aid groups said. "
        "Dozens of people were killed on Tuesday when the jet dropped its bombs."
    )
    (claim,) = extract_claims(text, published=dt.date(2017, 1, 18)).claims
    assert claim.date_start == claim.date_end == dt.date(2017, 1, 17)
    assert claim.fatalities_low == 24


def test_a_clock_time_in_washington_gives_the_day_where_the_strike_was() -> None:
    text = (
        "A US drone strike killed the group's leader in Kabul over the weekend, officials "
        "said. The strike occurred at 9:48 pm Eastern time on Saturday, an official said."
    )
    claims = extract_claims(text, published=dt.date(2022, 8, 2)).claims
    assert any(c.date_start == c.date_end == dt.date(2022, 7, 31) for c in claims)
    assert not any(c.date_start == c.date_end == dt.date(2022, 7, 30) for c in claims)


def _claim(
    index: int, first: dt.date, last: dt.date, place: ClaimedPlace, killed: int | None
) -> Claim:
    return Claim(
        index,
        (Quote(index * 10, index * 10 + 5, f"s{index}"),),
        EventType("drone strike"),
        first,
        last,
        DatePrecision.WEEK if first != last else DatePrecision.DAY,
        place,
        killed,
        killed,
        reasons=(f"date: {index}", f"place: {place.name} {place.radius_km}"),
    )


def test_a_finer_place_over_a_weekend_folds_into_a_day_of_it_near_the_place() -> None:
    town = ClaimedPlace("Kabul", 34.53, 69.17, "AF", LocationPrecision.TOWN, 5.0)
    near = ClaimedPlace("Kabul", 34.53, 69.17, "AF", LocationPrecision.NEAR_TOWN, 25.0)
    weekend = _claim(0, dt.date(2022, 7, 30), dt.date(2022, 7, 31), town, 1)
    sunday = _claim(1, dt.date(2022, 7, 31), dt.date(2022, 7, 31), near, None)
    (claim,), mapping = consolidate([weekend, sunday])
    assert claim.date_start == claim.date_end == dt.date(2022, 7, 31)
    assert claim.place == town and "place: Kabul 5.0" in claim.reasons
    assert (claim.fatalities_low, claim.fatalities_high) == (1, 1)
    assert mapping == {0: 0, 1: 0}


def test_a_finer_place_does_not_fold_into_a_day_of_a_wide_area() -> None:
    town = ClaimedPlace("Kabul", 34.53, 69.17, "AF", LocationPrecision.TOWN, 5.0)
    region = ClaimedPlace("Kabul", 34.53, 69.17, "AF", LocationPrecision.REGION, 100.0)
    weekend = _claim(0, dt.date(2022, 7, 30), dt.date(2022, 7, 31), town, 1)
    sunday = _claim(1, dt.date(2022, 7, 31), dt.date(2022, 7, 31), region, None)
    claims, _ = consolidate([weekend, sunday])
    assert len(claims) == 2


def test_the_day_told_after_a_report_date_is_the_strikes() -> None:
    text = (
        "The monitor first reported on May 10 that 30 people were killed after a strike on "
        "a house in western Mosul. "
        "On the morning of May 6, an officer requested an air strike on two snipers."
    )
    (claim,) = extract_claims(text, published=dt.date(2021, 6, 20)).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 6)
    assert claim.fatalities_low == 30


def test_a_day_before_the_speakers_is_the_day_they_spoke() -> None:
    text = (
        "At the family's house in Kabul on Monday, relatives said the drone strike had "
        "killed ten people. The strike on Sunday hit a car in the courtyard."
    )
    (claim,) = extract_claims(text, published=dt.date(2021, 8, 31)).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 8, 29)
    assert claim.fatalities_low == claim.fatalities_high == 10


def test_a_date_right_before_strike_in_a_statement_is_the_strikes() -> None:
    text = (
        "The command said on Monday, April 15 that it carried out an air strike near Jilib. "
        "It said in a statement confirming the Sunday, April 14 strike that it killed one "
        "commander."
    )
    (claim,) = extract_claims(text, published=dt.date(2019, 4, 15)).claims
    assert claim.date_start == claim.date_end == dt.date(2019, 4, 14)


def test_a_series_of_strikes_over_days_is_a_tally_a_days_series_one_event() -> None:
    over_days = (
        "The US military said on Tuesday that a strike near Jilib killed 12 fighters. "
        "On November 13, the Pentagon said US forces had killed 40 fighters in a series "
        "of Somalia strikes over several days."
    )
    claims = extract_claims(over_days, published=dt.date(2017, 11, 22)).claims
    assert [c.fatalities_low for c in claims] == [12]
    one_day = (
        "On Sunday 18 February 2024, the air force conducted a series of precise strikes "
        "on a position near Tenenkou. About thirty fighters were killed."
    )
    (claim,) = extract_claims(one_day, published=dt.date(2024, 2, 21)).claims
    assert claim.date_start == claim.date_end == dt.date(2024, 2, 18)


@pytest.mark.parametrize(
    ("sentence", "toll"),
    [
        ("Ahmed Nur, 36, was killed with his sons, aged 20, 16 and 12.", None),
        ("Ten members of one family were killed, relatives said.", 10),
        ("Six of his nephews are also said to have died.", None),
        ("The strike also killed Abu Omar, a deputy commander.", None),
    ],
)
def test_ages_parts_and_other_dead_are_not_the_toll(sentence: str, toll: int | None) -> None:
    text = f"A drone strike hit a car near Jilib on Thursday. {sentence}"
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.fatalities_low == toll


@pytest.mark.parametrize(
    ("sentence", "toll"),
    [
        ("It targeted a hideout, killing two commanders and four other militants.", 6),
        ("It killed four fighters and wounded seven.", 4),
        ("It killed four fighters and two civilians were injured.", 4),
        ("It killed four fighters and destroyed two vehicles.", 4),
        ("It was aimed at killing Ahmed Nur, a commander of the group.", None),
    ],
)
def test_two_counts_of_one_toll_add_up_and_an_aim_is_no_toll(
    sentence: str, toll: int | None
) -> None:
    text = f"A drone strike hit a hideout near Jilib on Thursday. {sentence}"
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.fatalities_low == toll


def test_a_truck_bombing_recalled_is_no_strike() -> None:
    text = (
        "A US air strike killed 13 fighters near Kismayo on Sunday, the command said. "
        "Last October, a truck bombing in the capital, Mogadishu, killed 512 people."
    )
    (claim,) = extract_claims(text, published=dt.date(2017, 12, 27)).claims
    assert claim.fatalities_low == 13
    assert claim.place is not None and claim.place.name != "Mogadishu"


def test_a_file_photo_caption_is_no_strike_and_lends_no_day_or_site() -> None:
    text = (
        "New US airstrike in Somalia kills 13 militants\n\n"
        "In this Friday, Aug. 25, 2017 file photo, people gather in the capital Mogadishu "
        "after a raid on a farm in southern Somalia.\n"
        "The US military says it has killed 13 militants with a new airstrike in southern "
        "Somalia. The statement says the strike was carried out Sunday morning. A "
        "spokeswoman says it occurred about 50 kilometers northwest of Kismayo."
    )
    (claim,) = extract_claims(text, published=dt.date(2017, 12, 27)).claims
    assert claim.date_start == claim.date_end == dt.date(2017, 12, 24)
    assert claim.place is not None and claim.place.anchor == "Kismayo"
    assert claim.event_type is EventType.AIR_STRIKE


def test_a_weekday_before_a_full_date_is_that_date() -> None:
    from geo.extraction.reldates import find_dates

    (date,) = find_dates("In this Friday, Aug. 25, 2017 photo", published=dt.date(2017, 12, 27))
    assert (date.text, date.date_start) == ("Friday, Aug. 25, 2017", dt.date(2017, 8, 25))


def test_an_air_strike_told_without_a_day_is_not_the_ground_raid_before_it() -> None:
    text = (
        "Somali troops raided a farm near Jilib on Friday, officials said. "
        "Separately, the US military says it has killed 13 militants with a new airstrike "
        "in southern Somalia."
    )
    claims = extract_claims(text, published=SATURDAY).claims
    raids = [c for c in claims if c.event_type is EventType.RAID]
    assert all(c.fatalities_low is None for c in raids)
    assert any(c.event_type is EventType.AIR_STRIKE and c.fatalities_low == 13 for c in claims)


@pytest.mark.parametrize(
    "second",
    [
        "and two more on Dec. 16 which killed 28",
        "and two further strikes on Dec. 16 that killed a total of 28",
    ],
)
def test_strikes_counted_by_day_are_one_event_a_day(second: str) -> None:
    text = (
        "In a statement issued on Monday, the US military said it carried out four "
        f"strikes near Jilib on Dec. 15 in which 34 people were killed {second}."
    )
    claims = extract_claims(text, published=dt.date(2018, 12, 17)).claims
    days = sorted((c.date_start, c.date_end, c.fatalities_low) for c in claims)
    assert days == [
        (dt.date(2018, 12, 15), dt.date(2018, 12, 15), 34),
        (dt.date(2018, 12, 16), dt.date(2018, 12, 16), 28),
    ]


def test_further_strikes_to_come_are_no_strike() -> None:
    text = "The group's leader warned of further strikes on the capital."
    assert extract_claims(text, published=SATURDAY).claims == ()


def test_a_days_tally_over_listed_provinces_is_one_strike_per_province() -> None:
    text = (
        "US forces on Thursday carried out a series of air strikes in Yemen, the Pentagon "
        'said. "More than 20 strikes targeted militants in the Yemeni governorates of '
        "Abyan, Baida and Shabwa,\" a spokesman said. Thursday's strikes had been planned "
        "for months, an official said."
    )
    claims = extract_claims(text, published=dt.date(2017, 3, 3)).claims
    places = sorted(c.place.name for c in claims if c.place is not None)
    assert places == ["Abyan", "Shabwah"]  # "Baida" alone is no name the gazetteer knows
    assert all(c.date_start == c.date_end == dt.date(2017, 3, 2) for c in claims)


def test_a_campaigns_tally_over_listed_provinces_adds_no_strike() -> None:
    text = (
        "A US drone strike killed two militants in Marib on Thursday, officials said. "
        "The US has carried out 40 strikes in Abyan, Shabwa and Marib this year."
    )
    claims = extract_claims(text, published=dt.date(2017, 3, 3)).claims
    assert len(claims) == 1


def test_a_raid_and_the_drone_strike_of_the_same_sentence_are_one_event() -> None:
    text = (
        "An air strike on a farm outside Derna killed four fighters on Tuesday, an official "
        "said.\n\nIn a separate raid on Wednesday, a drone strike on a house in Sabha killed "
        "two people, residents said."
    )
    claims = extract_claims(text, published=dt.date(2019, 10, 3)).claims
    assert sorted((c.date_start.day, c.fatalities_low) for c in claims) == [(1, 4), (2, 2)]


def test_background_strikes_over_listed_provinces_add_no_strike() -> None:
    text = (
        "An air strike on a mosque near Idlib on Thursday killed 42 people, a monitor said. "
        "Syrian and Russian jets have also carried out many air strikes in Idlib and "
        "Aleppo provinces during the war."
    )
    (claim,) = extract_claims(text, published=dt.date(2017, 3, 17)).claims
    assert claim.place is not None and claim.place.name == "Idlib"


def test_one_offset_told_twice_is_one_strike() -> None:
    text = (
        "US forces carried out six airstrikes against a camp 150 miles southeast of Sirte "
        "on Friday, killing 17 militants.\n\n"
        "The six airstrikes were carried out on Friday against a desert camp. The camp was "
        "located approximately 150 miles southeast of Sirte, the command said."
    )
    (claim,) = extract_claims(text, published=dt.date(2017, 9, 24)).claims
    assert claim.fatalities_low == 17


@pytest.mark.parametrize(
    "follow_up",
    [
        "The strike came a day before a delegation of elders was to travel to the capital.",
        "The drone strike took place two days before the peace talks in the capital.",
    ],
)
def test_an_offset_from_another_event_gives_the_strike_no_day(follow_up: str) -> None:
    # "a day before" an event whose day the report does not give: not the day before Friday
    claims = extract_claims(
        f"A drone strike killed five militants near Kismayo in Somalia on Friday. {follow_up}",
        published=dt.date(2021, 5, 17),
    ).claims
    assert {c.date_start for c in claims} == {dt.date(2021, 5, 14)}
