"""Shapes of real wire copy, in sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from gazetteer.geodesy import geodesic_distance
from gazetteer.geoparse.toponyms import find_toponyms
from gazetteer.search import Gazetteer
from geo.extraction.extract import extract_claims, read_document
from geo.extraction.sentences import dateline_span
from geo.model.records import LocationPrecision

pytestmark = pytest.mark.usefixtures("gazetteer_index")

SATURDAY = dt.date(2021, 5, 15)
MOGADISHU = (2.0371, 45.3438)


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("KABUL/WASHINGTON: A drone strike hit.", "KABUL/WASHINGTON: "),
        ("ADEN: A drone strike hit.", "ADEN: "),
        ("Drone strike kills four\nNAIROBI - A drone strike hit.", "NAIROBI - "),
        ("US officials: a strike killed four.", ""),
        ("Kano — A jet bombed a camp.", "Kano — "),
        ("Strike kills 60\nMogadishu, Oct 17 (UNI) About 60 died.", "Mogadishu, Oct 17 (UNI) "),
        ("Mogadishu was calm on Tuesday — officials said.", ""),
        ("Drone strike — what we know", ""),
        ("US Drone Strike Kills Four In Somalia", ""),
        ("Kano, Nigeria | By A Reporter | A jet bombed a camp.", "Kano, Nigeria | "),
        ("Strike kills six\nKano | A jet bombed a camp.", "Kano | "),
        ("Mogadishu is calm | officials", ""),
    ],
)
def test_datelines_of_wire_copy(text: str, dateline: str) -> None:
    start, end = dateline_span(text)
    assert text[start:end] == dateline


def test_a_dateline_after_a_headline_is_not_the_strike_site() -> None:
    text = (
        "Strike kills nine in Somalia\n"
        "NAIROBI - The US military said on Friday it had killed nine militants in an air "
        "strike on Thursday near Jilib in southern Somalia."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None and claim.place.name == "Jilib"
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 13)


def test_an_offset_from_a_capital_named_after_its_country() -> None:
    text = (
        "A US air strike on Thursday killed twelve militants about 100 kilometres north of "
        "the Somali capital, Mogadishu, the command said."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None and claim.place.anchor == "Mogadishu"
    km = geodesic_distance(MOGADISHU, (claim.place.lat, claim.place.lon)).km
    assert km == pytest.approx(100, abs=1)


def test_a_statement_that_gives_no_strike_day_allows_the_day_before() -> None:
    text = "The US military said on Friday that an air strike near Jilib had killed five fighters."
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.date_start, claim.date_end) == (dt.date(2021, 5, 13), dt.date(2021, 5, 14))
    assert "the strike may be the day before the statement" in claim.reasons[0]


def test_days_listed_with_a_total_give_the_last_strike_a_derived_toll() -> None:
    text = (
        "US Africa Command said it had carried out air strikes against Islamic State "
        "militants in southern Libya on Sept. 19, 24, 26 and 29, killing a total of 43 "
        "fighters. The first strike, on Sept. 19, hit a compound in Murzuq and killed eight. "
        "A second strike in the same area on Sept. 24 killed 11, and a strike on Sept. 26 "
        "killed 17."
    )
    claims = extract_claims(text, published=dt.date(2019, 10, 4)).claims
    assert [(c.date_start.day, c.fatalities_low, c.toll_derived) for c in claims] == [
        (19, 8, False),
        (24, 11, False),
        (26, 17, False),
        (29, 7, True),
    ]
    last = claims[-1]
    assert last.place is not None and last.place.country_code == "LY"
    assert last.place.precision.value == "region"
    assert "toll: 7, derived: the total of 43 less 8, 11, 17 (the other strikes listed)" in (
        last.reasons
    )
    assert "toll_derived" not in claims[0].as_dict()  # only a derived toll says so
    assert last.as_dict()["toll_derived"] is True


def test_a_list_of_days_nothing_else_tells_of_adds_no_strike() -> None:
    text = "Officials said strikes on Sept. 19, 24 and 26 had weakened the group in Libya."
    claims = extract_claims(text, published=dt.date(2019, 10, 4)).claims
    assert not any(c.date_start.day in (24, 26) for c in claims)
    assert not any(c.toll_derived for c in claims)


def test_an_acting_country_lends_no_spelling_variant_to_a_group_name() -> None:
    # the US is named often, as the actor; "Taliban" is a group, not a US town spelt oddly
    text = (
        "PESHAWAR, Pakistan — A U.S. drone strike killed 12 people at a compound in "
        "Pakistan's tribal areas on Monday, officials said. It was the worst drone strike "
        "in years, said residents, who recalled that the United States began aiming "
        "missiles at Taliban commanders along the frontier of Pakistan long ago. "
        "The United States said nothing."
    )
    gazetteer = Gazetteer.open()
    found = [t for t in find_toponyms(text, gazetteer=gazetteer) if t.place is not None]
    doc = read_document(text, SATURDAY, gazetteer, found)
    assert doc.country == "PK"
    assert [
        t.text for t in doc.toponyms if t.place is not None and t.place.country_code == "US"
    ] == [
        "U.S.",
        "United States",
        "United States",
    ]
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None and claim.place.country_code == "PK"


def test_a_sentence_after_the_lead_gives_the_event_day() -> None:
    # the lead dates the statement (Saturday); the next sentence dates the strike (Thursday)
    text = (
        "A military jet bombed a market in Nigeria's Zamfara state, killing 14 traders, "
        "officials said on Saturday. The incident occurred on Thursday evening while the "
        "market was busy."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 13)
    assert any("told after it" in reason for reason in claim.reasons)
    # a day after publication, or weeks before the lead's, is not the event's
    late = text.replace("on Thursday evening", "on 2 April")
    (claim,) = extract_claims(late, published=SATURDAY).claims
    assert claim.date_start != dt.date(2021, 4, 2)


def test_the_hospital_the_wounded_were_taken_to_is_not_the_site() -> None:
    text = (
        "Kano, Nigeria | A drone strike hit a village in northwestern Nigeria on Friday, "
        "killing 20 people. The wounded were taken to a teaching hospital in Kaduna."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None
    assert claim.place.name != "Kaduna" and claim.place.name != "Kano"
    assert claim.place.precision is LocationPrecision.REGION


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        (
            "The army said an air strike on Thursday near Jilib, Somalia, eliminated 14 militants.",
            14,
        ),
        (
            "A drone strike near Jilib, Somalia, on Thursday neutralised 9 fighters, the army said.",
            9,
        ),
        (
            "An air strike by Nigerian jets on Thursday took out 12 insurgents near Gwoza in "
            "Borno state, officials said.",
            12,
        ),
        ("An air strike near Jilib, Somalia, on Thursday killed a total of 30 fighters.", 30),
        ("An air strike near Jilib, Somalia, on Thursday left deaths totalling 18.", 18),
        # one person named by role, alone
        (
            "A US drone strike on Thursday near Jilib, Somalia, killed a senior al-Shabaab "
            "commander, the US military said.",
            1,
        ),
        (
            "A senior al-Shabaab leader was killed in a US air strike near Jilib, Somalia, on Thursday.",
            1,
        ),
        # not one: others with them, several, or an unknown number
        (
            "A US drone strike near Jilib, Somalia, on Thursday killed a commander and his guards.",
            None,
        ),
        (
            "A US drone strike near Jilib, Somalia, on Thursday killed the leaders of the cell.",
            None,
        ),
        ("A US drone strike near Jilib, Somalia, on Thursday killed a number of militants.", None),
        (
            "A US drone strike near Jilib, Somalia, on Thursday killed a commander's two guards.",
            None,
        ),
    ],
)
def test_tolls_told_in_the_words_of_military_statements(text: str, toll: int | None) -> None:
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.fatalities_low, claim.fatalities_high) == (toll, toll)
