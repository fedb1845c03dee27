"""Shapes of real wire copy, in sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from gazetteer.geodesy import geodesic_distance
from geo.extraction.extract import extract_claims
from geo.extraction.sentences import dateline_span

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
        ("US Drone Strike Kills Four In Somalia", ""),
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
