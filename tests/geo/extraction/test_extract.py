"""Claim extraction on short reports written for these tests (each tests one phenomenon)."""

from __future__ import annotations

import datetime as dt

import pytest

from gazetteer.errors import DataError
from gazetteer.geodesy import geodesic_distance
from geo.extraction.extract import check_article_text, extract_claims
from geo.extraction.sentences import sentences
from geo.model.records import DatePrecision, LocationPrecision

pytestmark = pytest.mark.usefixtures("gazetteer_index")

FRIDAY = dt.date(2019, 9, 27)
MURZUQ = (25.9155, 13.9184)


def extract(text: str, published: dt.date = FRIDAY):
    return extract_claims(text, published=published)


def test_weekday_number_word_town_group_alias_and_actor() -> None:
    (claim,) = extract(
        "A U.S. drone strike on Thursday killed eight Daesh fighters in Murzuq, "
        "U.S. Africa Command said."
    ).claims
    assert claim.date_start == claim.date_end == dt.date(2019, 9, 26)
    assert claim.date_precision is DatePrecision.DAY
    assert (claim.fatalities_low, claim.fatalities_high) == (8, 8)
    assert claim.place is not None and claim.place.precision is LocationPrecision.TOWN
    assert geodesic_distance(MURZUQ, (claim.place.lat, claim.place.lon)).km < 5
    assert claim.event_type == "drone strike"
    assert claim.target == "Islamic State (ISIS)"
    assert claim.actor == "US military (AFRICOM)"
    assert claim.sentences[0].text.startswith("A U.S. drone strike on Thursday")


def test_offsets_and_the_same_area_follow_the_previous_strike() -> None:
    text = (
        "On Sept. 19 an air strike hit a farm in Murzuq, killing eight militants. "
        "Five days later another strike in the same area killed at least 11."
    )
    first, second = extract(text).claims
    assert first.date_start == dt.date(2019, 9, 19)
    assert second.date_start == dt.date(2019, 9, 24)
    assert second.place is not None and second.place.precision is LocationPrecision.NEAR_TOWN
    assert geodesic_distance(MURZUQ, (second.place.lat, second.place.lon)).km < 5
    assert "the same area" in second.place.reason
    assert (second.fatalities_low, second.fatalities_high) == (11, None)


def test_directional_region_is_an_area_not_a_pin() -> None:
    (claim,) = extract("An air strike in southwest Libya on Thursday killed 17 militants.").claims
    place = claim.place
    assert place is not None and place.precision is LocationPrecision.REGION
    assert place.country_code == "LY" and place.name == "southwest Libya"
    assert 300 < place.radius_km < 700
    assert 22 < place.lat < 28 and 10 < place.lon < 17


def _kismayo_offset(direction: str):
    """The one claim of a report of a strike 30 miles in ``direction`` of Kismayo."""
    (claim,) = extract(
        f"A U.S. airstrike about 30 miles {direction} of Kismayo killed four al-Shabab "
        "militants on Tuesday, the command said.",
        published=dt.date(2019, 4, 12),
    ).claims
    return claim


def test_relative_location_is_an_offset_point() -> None:
    claim = _kismayo_offset("southwest")
    place = claim.place
    assert place is not None and place.anchor == "Kismayo"
    assert place.offset_km == pytest.approx(48.3, abs=0.1)
    assert place.bearing_deg == 225.0
    kismayo = (-0.35817, 42.54536)
    assert geodesic_distance(kismayo, (place.lat, place.lon)).km == pytest.approx(48.3, abs=0.5)
    assert place.lat < kismayo[0] and place.lon < kismayo[1]
    assert claim.target == "al-Shabaab"
    assert claim.date_start == dt.date(2019, 4, 9)


@pytest.mark.parametrize(
    ("direction", "bearing"),
    [
        ("southwest", 225.0),
        ("south-west", 225.0),
        ("SOUTH-WEST", 225.0),
        ("north", 0.0),
        ("east", 90.0),
        ("north-east", 45.0),
        ("northwest", 315.0),
    ],
)
def test_every_one_word_compass_noun_gives_an_offset(direction, bearing) -> None:
    place = _kismayo_offset(direction).place
    assert place is not None and place.anchor == "Kismayo"
    assert place.offset_km == pytest.approx(48.3, abs=0.1)
    assert place.bearing_deg == bearing


def test_aggregates_are_kept_apart_from_incidents() -> None:
    text = (
        "An air strike near Sirte on Sept. 19 killed five fighters. A second strike on Sept. 21 "
        "killed three. The two strikes killed eight in all. In 2016 American jets carried out "
        "nearly 500 strikes on Sirte."
    )
    result = extract(text)
    assert [c.date_start.day for c in result.claims] == [19, 21]
    two, five_hundred = result.aggregates
    assert (two.strikes_low, two.fatalities_low) == (2, 8)
    assert two.covers_claims == (0, 1)
    assert five_hundred.strikes_low == 500 and five_hundred.place_name == "Sirte"
    assert five_hundred.period_start == dt.date(2016, 1, 1)


def test_hedged_attribution_lowers_confidence() -> None:
    (claim,) = extract(
        "According to social media reports, a drone strike on Thursday killed a recruiter in Ubari."
    ).claims
    assert claim.attribution == "social media reports"
    (plain,) = extract("A drone strike on Thursday killed a recruiter in Ubari.").claims
    assert plain.attribution == ""
    assert 0.0 < claim.confidence < plain.confidence < 1.0


def test_datelines_and_origins_are_not_strike_sites() -> None:
    (claim,) = extract(
        "TRIPOLI, Libya — A U.S. strike killed a militant from Bani Walid in Ubari on Thursday, "
        "officials said."
    ).claims
    assert claim.place is not None and claim.place.name == "Ubari"


def test_a_report_with_no_strike_gives_no_claim() -> None:
    result = extract(
        "Diplomats from Libya, Niger and Chad met in Niamey on Thursday to discuss border "
        "security and the return of migrants from Agadez."
    )
    assert result.claims == () and result.aggregates == ()


def test_figures_inside_dates_are_not_tolls() -> None:
    (claim,) = extract(
        "The last, a strike on Sept. 29 in southern Libya, killed seven.",
        published=dt.date(2019, 11, 9),
    ).claims
    assert (claim.fatalities_low, claim.date_start) == (7, dt.date(2019, 9, 29))


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = "A U.S. strike on Sept. 19 killed eight. Lt. Col. Smith said so.\n\nNext paragraph"
    quotes = sentences(text)
    assert [q.text for q in quotes] == [
        "A U.S. strike on Sept. 19 killed eight.",
        "Lt. Col. Smith said so.",
        "Next paragraph",
    ]
    assert all(text[q.start : q.end] == q.text for q in quotes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the report is empty"),
        ("\n  \t", "the report is empty"),
        ("abc\x00\x01def", "the report looks like binary data, not text"),
        (
            "Une frappe aérienne a tué huit combattants près de Mourzouk jeudi, selon le "
            "commandement américain pour l'Afrique, qui ne donne pas de détails.",
            "the report does not look like English text (strikemap reads English)",
        ),
        (
            "غارة أمريكية قتلت ثمانية مقاتلين في مرزق",
            "the report does not look like English text (strikemap reads English)",
        ),
        ("x " * 600_000, "the report is 1.2 MB; reports over 1 MB are refused"),
    ],
)
def test_bad_text_is_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_article_text(text)


def test_a_future_publication_date_is_refused() -> None:
    with pytest.raises(DataError, match="is in the future"):
        extract("A strike killed two.", published=dt.date.today() + dt.timedelta(days=30))


@pytest.mark.parametrize("published", [dt.date(1, 1, 5), dt.date(1, 1, 1), dt.date(1899, 12, 31)])
def test_a_publication_date_before_1900_is_refused(published) -> None:
    """'last month' from year 1 raised ValueError (year 0 is out of range)."""
    with pytest.raises(DataError) as info:
        extract("A US air strike last month killed 8 in Murzuq, Libya.", published=published)
    assert str(info.value) == f"the publication date {published} is before 1900"


def test_a_distance_between_named_places_is_checked_not_used_as_the_site() -> None:
    result = extract(
        "A drone strike on Thursday hit a farm in Murzuq, a town some 600 miles south of "
        "Tripoli, killing eight. The city of Sabha lies 90 km north of Murzuq."
    )
    (claim,) = result.claims
    assert claim.place is not None and claim.place.precision is LocationPrecision.TOWN
    assert geodesic_distance(MURZUQ, (claim.place.lat, claim.place.lon)).km < 5
    first, second = result.distances
    assert (first.place_name, first.anchor_name, first.stated_direction) == (
        "Murzuk",
        "Tripoli",
        "south",
    )
    assert first.verdict.startswith("off by 190 km (24%)")
    assert (second.place_name, second.anchor_name) == ("Sabha", "Murzuk")
    assert second.computed_km == pytest.approx(134, abs=2)
    assert second.verdict.startswith("off by 44 km (33%): stated 90 km")


def test_a_dated_dateline_is_neither_the_date_nor_the_place() -> None:
    (claim,) = extract(
        "KISMAYO, Oct 8 — An air strike on Thursday killed five fighters near Jamaame, a "
        "district official said.",
        published=dt.date(2022, 10, 8),
    ).claims
    assert claim.date_start == dt.date(2022, 10, 6)
    assert claim.place is not None and claim.place.name == "Jamaame"


@pytest.mark.parametrize(
    ("sentence", "low"),
    [
        ("On Monday a missile hit a car carrying three men, all of whom were killed.", 3),
        ("On Monday a drone strike near Ubari killed Hamid al-Warfalli, a local commander.", 1),
        ("Nine fighters of the Islamic State in Libya were killed on Monday by a drone.", 9),
    ],
)
def test_tolls_in_other_shapes(sentence: str, low: int) -> None:
    (claim,) = extract(sentence + " It happened in southern Libya.").claims
    assert claim.fatalities_low == low


def test_hypothetical_strikes_and_roads_are_not_events_or_sites() -> None:
    result = extract(
        "A tribal leader in Sabha said he would welcome any strike on the smugglers. "
        "On Monday an air strike near Ubari hit a checkpoint on the road that leads to Sabha."
    )
    (claim,) = result.claims
    assert claim.place is not None and claim.place.name == "Ubari"


def test_a_monitors_bulletin_entries() -> None:
    text = (
        "This bulletin covers the week to 20 March.\n\n"
        "LIBYA\n\n"
        "16 March. Near Ubari, Wadi al-Hayat. A vehicle was hit on a desert track. "
        "Reported killed: 3. Source: a municipal official.\n\n"
        "SOMALIA\n\n"
        "17 March. Near Qoryoley, Lower Shabelle. A drone strike hit a checkpoint. "
        "Reported killed: 2.\n\n"
        "Corrections: an explosion near Jilib last week was not a strike.\n"
    )
    ubari, qoryooley = extract(text, published=dt.date(2022, 3, 22)).claims
    assert (ubari.date_start, ubari.fatalities_low) == (dt.date(2022, 3, 16), 3)
    assert ubari.place is not None and ubari.place.name == "Ubari"
    assert (qoryooley.date_start, qoryooley.fatalities_low) == (dt.date(2022, 3, 17), 2)
    assert qoryooley.place is not None and qoryooley.place.name == "Qoryooley"
    assert qoryooley.place.country_code == "SO"  # the spelling variant, in the country told of


def test_spelling_variants_are_searched_within_the_geoparsers_budget(monkeypatch) -> None:
    import gazetteer.geoparse.resolve as resolve

    text = "A drone strike hit a checkpoint near Qoryoley, Somalia, on Thursday, killing two."
    (claim,) = extract(text).claims
    assert claim.place is not None and claim.place.name == "Qoryooley"
    # past the budget of distinct names, a name is not searched in other spellings
    monkeypatch.setattr(resolve, "MAX_NAMES_IN_CONTEXT", 0)
    (claim,) = extract(text).claims
    assert claim.place is None or claim.place.name != "Qoryooley"


def test_the_killing_of_and_a_possessive_capital_are_not_sites() -> None:
    (claim,) = extract(
        "Government jets struck a camp near Ubari on Monday, resulting in the killing of six "
        "fighters. Moscow's defence ministry said nothing.",
    ).claims
    assert claim.fatalities_low == 6
    assert claim.place is not None and claim.place.name == "Ubari"


# --- issue 10: figures beyond any toll -------------------------------------------------------

NINES = "9" * 400


@pytest.mark.parametrize(
    "figure",
    [
        NINES,
        "9" * 309,
        "9" * 305,
        "20 million",
        "10,000,001",
        "at least " + NINES,
        "more than " + NINES,
    ],
)
def test_a_figure_beyond_any_toll_is_no_toll(figure) -> None:
    """A 309-digit toll raised OverflowError (int(inf)) in _Extractor._enrich."""
    (claim,) = extract(
        f"A US air strike on Thursday killed {figure} fighters in Murzuq, Libya."
    ).claims
    assert (claim.fatalities_low, claim.fatalities_high) == (None, None)
    assert claim.date_start == dt.date(2019, 9, 26)
    assert geodesic_distance(MURZUQ, (claim.place.lat, claim.place.lon)).km < 5


def test_the_largest_toll_is_ten_million() -> None:
    (claim,) = extract("A US air strike on Thursday killed 10 million fighters in Murzuq.").claims
    assert (claim.fatalities_low, claim.fatalities_high) == (10_000_000, 10_000_000)


def test_huge_counts_of_strikes_and_injured_are_no_counts() -> None:
    result = extract(f"Nearly {NINES} US air strikes hit Sirte in 2016, killing 40 fighters.")
    assert all(a.strikes_low is None or a.strikes_low <= 10_000_000 for a in result.aggregates)
    (claim,) = extract(
        "A US air strike on Thursday in Murzuq wounded 7 people and killed 4."
    ).claims
    assert (claim.fatalities_low, claim.injured) == (4, 7)
    (claim,) = extract(
        f"A US air strike on Thursday in Murzuq wounded {NINES} people and killed 4."
    ).claims
    assert (claim.fatalities_low, claim.injured) == (4, None)


@pytest.mark.parametrize(
    ("words", "killed", "injured"),
    [
        ("killed 4 fighters and wounded 7", 4, 7),
        ("killed four fighters and wounded seven", 4, 7),
        ("killed 4 fighters and injured 7 civilians", 4, 7),
        ("killed 4 and wounded 7", 4, 7),
        ("killed 4 people and left 7 wounded", 4, 7),
        ("killed 4 fighters; 7 people were wounded", 4, 7),
        ("killed 4 fighters, and 7 civilians were wounded", 4, 7),
        ("wounded 7 people and killed 4", 4, 7),
        ("killed 4 fighters", 4, None),
    ],
)
def test_the_wounded_are_counted_from_their_own_figure(words, killed, injured) -> None:
    (claim,) = extract(
        f"A US drone strike in Murzuq, Libya, on Thursday {words}, officials said."
    ).claims
    assert (claim.fatalities_low, claim.fatalities_high, claim.injured) == (killed, killed, injured)


@pytest.mark.parametrize("distance", [NINES, "99999999", "30,000"])
def test_an_offset_farther_than_the_earth_allows_places_nothing(distance) -> None:
    (claim,) = extract(
        f"A US air strike on Thursday hit a camp {distance} miles south of Sabha, Libya, "
        "killing 3 fighters."
    ).claims
    assert claim.fatalities_low == 3
    assert claim.place is not None and "miles south of" not in claim.place.name
    assert claim.place.radius_km <= 20_038


def test_an_offset_past_publication_gives_no_day_after_it() -> None:
    """'Five days later' from a strike on the publication day named a day after publication."""
    result = extract(
        "On Friday a US air strike killed 3 in Murzuq, Libya. Five days later another strike "
        "killed 2 in Sabha."
    )
    assert [c.fatalities_low for c in result.claims] == [3, 2]
    assert all(c.date_start <= FRIDAY for c in result.claims)
    two_days = extract(
        "On Monday a US air strike killed 3 in Murzuq, Libya. Two days later another strike "
        "killed 2 in Sabha."
    )
    assert [c.date_start for c in two_days.claims] == [dt.date(2019, 9, 23), dt.date(2019, 9, 25)]


def test_a_date_after_publication_never_dates_a_claim() -> None:
    """A report published in 1900 spoke of '19 September 2019': the claim was dated 2019."""
    published = dt.date(1900, 1, 1)
    result = extract(
        "MURZUQ, Libya — US Africa Command confirmed a raid on 19 September 2019. Nearly 3 US "
        "air strikes hit Murzuq five days later.",
        published=published,
    )
    assert result.claims
    for claim in result.claims:
        assert (claim.date_start, claim.date_end) == (dt.date(1899, 12, 25), published)
        assert claim.date_precision is DatePrecision.WEEK
        assert claim.reasons[0] == (
            "date: 2019-09-19 is after publication; the week before publication"
        )
