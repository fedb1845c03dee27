"""A report's vaguer retellings of its strike fold into the claim that tells it best."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.extraction.extract import extract_claims
from geo.model.records import DatePrecision, LocationPrecision

pytestmark = pytest.mark.usefixtures("gazetteer_index")

THURSDAY = dt.date(2021, 5, 13)


def test_a_headline_folds_into_the_lead_it_announces() -> None:
    text = (
        "Drone strike kills six militants in Somalia\n\n"
        "A US drone strike killed six al-Shabaab fighters near Jilib on Tuesday, "
        "officials said.\n\n"
        "The strike was the third this month."
    )
    (claim,) = extract_claims(text, published=THURSDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 11)
    assert claim.place is not None and claim.place.name == "Jilib"
    assert claim.place.precision is LocationPrecision.NEAR_TOWN
    assert (claim.fatalities_low, claim.fatalities_high) == (6, 6)
    assert [q.text for q in claim.sentences][0] == "Drone strike kills six militants in Somalia"
    assert any(
        r.startswith("also told, less precisely, in 'Drone strike kills") for r in claim.reasons
    )


def test_a_recap_at_country_level_folds_into_the_strike_it_recalls() -> None:
    text = (
        "An air strike on Monday killed four fighters near Kismayo, the command said. "
        "Monday's strike was the ninth in Somalia this year."
    )
    (claim,) = extract_claims(text, published=THURSDAY).claims
    assert claim.place is not None and claim.place.name == "Kismayo"
    assert claim.date_start == dt.date(2021, 5, 10)
    assert len(claim.sentences) == 2


def test_strikes_that_disagree_stay_apart() -> None:
    text = (
        "A drone strike killed four fighters near Jilib on Monday. "
        "On Tuesday another strike in Somalia killed eleven, officials said."
    )
    claims = extract_claims(text, published=THURSDAY).claims
    assert [(c.date_start, c.fatalities_low) for c in claims] == [
        (dt.date(2021, 5, 10), 4),
        (dt.date(2021, 5, 11), 11),
    ]
    assert [c.index for c in claims] == [0, 1]
    assert claims[1].date_precision is DatePrecision.DAY


def test_a_statement_day_folds_into_the_strike_last_week_it_reports() -> None:
    # published on a Thursday: "said on Thursday" gives Wednesday-Thursday, "last week" the
    # week before; the statement gives no day of its own, the finer place stands
    text = (
        "A US air strike in Somalia killed about 30 al-Shabaab fighters, the US military "
        "said on Thursday. It said in a statement that a strike last week near Jilib had "
        "killed them."
    )
    (claim,) = extract_claims(text, published=THURSDAY).claims
    assert claim.place is not None and claim.place.name == "Jilib"
    assert (claim.fatalities_low, claim.fatalities_high) == (30, 30)
    assert claim.date_end < THURSDAY


ANNOUNCEMENT = (
    "A US air strike near Jilib on 9 May killed eleven al-Shabaab fighters, residents said.\n\n"
    "In a statement, the command said an air strike near Jilib on 13 May killed eleven "
    "militants."
)


def test_an_announcement_on_the_day_of_publication_folds_into_the_strike() -> None:
    (claim,) = extract_claims(ANNOUNCEMENT, published=THURSDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 9)
    assert (claim.fatalities_low, claim.fatalities_high) == (11, 11)
    assert len(claim.sentences) == 2


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("killed eleven militants", "killed nine militants", "another toll"),
        ("on 13 May killed eleven", "on 12 May killed eleven", "not the publication day"),
        ("near Jilib on 13 May", "near Kismayo on 13 May", "another town"),
    ],
)
def test_two_strikes_that_only_look_alike_stay_apart(old: str, new: str, why: str) -> None:
    text = ANNOUNCEMENT.replace(old, new)
    assert text != ANNOUNCEMENT
    assert len(extract_claims(text, published=THURSDAY).claims) == 2, why


def test_a_weeks_finer_region_folds_into_a_days_wider_region_of_the_same_toll() -> None:
    text = (
        "US says air strike killed 17 militants in Somalia\n\n"
        "The command said no civilians were hurt in the air strike in the Hiran region.\n\n"
        "NAIROBI - The US military said on Wednesday it had killed 17 militants in an air "
        "strike on Tuesday in central Somalia."
    )
    (claim,) = extract_claims(text, published=THURSDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 11)
    assert claim.place is not None and claim.place.name == "Hiiraan"
    assert (claim.fatalities_low, claim.fatalities_high) == (17, 17)


def test_a_weeks_region_with_another_toll_stays_apart_from_a_days_wider_region() -> None:
    text = (
        "The command said an air strike in the Hiran region killed three militants.\n\n"
        "NAIROBI - The US military said on Wednesday it had killed 17 militants in an air "
        "strike on Tuesday in central Somalia."
    )
    claims = extract_claims(text, published=THURSDAY).claims
    assert sorted(c.fatalities_low for c in claims) == [3, 17]
