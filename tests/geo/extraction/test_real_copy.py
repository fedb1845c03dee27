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
        ("BAMAKO, (AFP) \u2013 French jets struck a camp.", "BAMAKO, (AFP) \u2013 "),
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


# --- issue 12, next round: places and dates real copy got wrong ----------------------------


def test_a_country_named_alone_is_the_country_not_a_namesake_division_abroad() -> None:
    # "Mali" was read as Mali prefecture in Guinea (the ranker's pick) with no word of Guinea
    gaz = Gazetteer.open()
    text = "A French drone killed five militants in Mali on Sunday, the ministry said."
    (mali,) = [t for t in find_toponyms(text, gazetteer=gaz) if t.text == "Mali"]
    assert mali.place is not None
    assert (mali.place.kind.value, mali.place.country_code) == ("country", "ML")


def test_a_namesake_division_stays_when_the_text_points_to_its_country() -> None:
    gaz = Gazetteer.open()
    text = "Flooding hit Mali prefecture in Guinea on Sunday."
    (mali,) = [t for t in find_toponyms(text, gazetteer=gaz) if t.text == "Mali"]
    assert mali.place is not None and mali.place.country_code == "GN"


def test_the_actor_country_is_not_the_country_a_town_spelling_is_sought_in() -> None:
    # "US African Command" and "the US reported" name the actor, not the report's country:
    # Janaale stays in Somalia, not a Louisiana town reached by spelling
    text = (
        "US African Command said it would look into the strike. The US reported the strike "
        "on Tuesday. The US said the drone killed five militants. The US gave no names. "
        "The air strike near the farming town of Janaale, south of the capital of Somalia, "
        "killed five people on Monday."
    )
    claims = extract_claims(text, published=SATURDAY).claims
    places = {c.place.country_code for c in claims if c.place is not None}
    assert places == {"SO"}
    (monday,) = [c for c in claims if c.date_start == dt.date(2021, 5, 10)]
    assert monday.place is not None and monday.place.name == "Janale"
    assert geodesic_distance((monday.place.lat, monday.place.lon), (1.8, 44.7)).km < 1


def test_a_statement_day_told_several_words_before_is_not_the_strike_day() -> None:
    text = (
        "A statement by the U.S. Africa Command on Friday described the air strike as "
        "carried out on Wednesday near the town of Jilib in Somalia, killing four fighters."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 12)


def test_said_the_strike_on_a_day_still_dates_the_strike() -> None:
    text = "The command said the strike on Wednesday near Jilib in Somalia killed four fighters."
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 12)


GANDERSHE = (1.79861, 44.90778)


def test_a_dated_strike_without_a_place_takes_the_reports_only_site() -> None:
    text = (
        "The US military said it had carried out three air strikes in the Gandarshe area "
        "of Somalia, killing 40 militants.\n\n"
        "The strikes on Wednesday killed 25 fighters, while the strike on Thursday killed 15. "
        "It said the strikes were meant to deny the group a haven."
    )
    claims = sorted(extract_claims(text, published=SATURDAY).claims, key=lambda c: c.date_start)
    dated = [(c.date_start, c.fatalities_low) for c in claims]
    assert dated == [(dt.date(2021, 5, 12), 25), (dt.date(2021, 5, 13), 15)]
    for claim in claims:
        assert claim.place is not None and claim.place.name == "Gondershe"
        assert claim.place.precision is LocationPrecision.NEAR_TOWN
        assert geodesic_distance((claim.place.lat, claim.place.lon), GANDERSHE).km < 1


def test_no_only_site_when_the_strike_sentences_name_two() -> None:
    text = (
        "A US air strike near Jilib in Somalia killed four fighters on Monday. Another strike "
        "near Beledweyne killed two on Tuesday.\n\n"
        "The strikes on Wednesday killed 25 fighters, officials said."
    )
    claims = extract_claims(text, published=SATURDAY).claims
    (wednesday,) = [c for c in claims if c.date_start == dt.date(2021, 5, 12)]
    assert wednesday.place is not None
    assert wednesday.place.precision is not LocationPrecision.NEAR_TOWN


def test_no_only_site_for_a_strike_recalled_from_months_before() -> None:
    text = (
        "A US air strike near Jilib in Somalia killed four fighters on Thursday.\n\n"
        "A strike in January 2021 killed 25 fighters, officials said."
    )
    claims = extract_claims(text, published=SATURDAY).claims
    (january,) = [c for c in claims if c.date_start == dt.date(2021, 1, 1)]
    assert january.place is None or january.place.name != "Jilib"


def test_no_only_site_for_a_sentence_naming_a_site_the_gazetteer_lacks() -> None:
    text = (
        "A US air strike on Wednesday killed three fighters near Jilib in Somalia.\n\n"
        "A second air strike on Thursday in the Zorblat Valley region killed one militant."
    )
    claims = extract_claims(text, published=SATURDAY).claims
    (thursday,) = [c for c in claims if c.date_start == dt.date(2021, 5, 13)]
    assert thursday.place is None or thursday.place.name != "Jilib"


def test_a_town_the_text_gives_another_country_is_not_a_namesake_abroad() -> None:
    text = (
        "Officials said on Saturday the commander was killed in the remote Pakistani town of "
        "Ahmad Wal in Balochistan province by a US drone strike."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None
    assert claim.place.country_code == "PK"
    assert claim.place.precision is LocationPrecision.DISTRICT


def test_it_occurred_there_gives_the_strike_just_told_a_finer_place() -> None:
    text = (
        "A US air strike on Thursday killed nine militants in southern Somalia, the command "
        "said. A spokesman said it occurred about 40 kilometers north of Kismayo."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None
    assert claim.place.name == "about 40 kilometers north of Kismayo"
    assert claim.place.precision is LocationPrecision.NEAR_TOWN


def test_it_occurred_there_does_not_move_a_strike_to_another_town() -> None:
    text = (
        "A US air strike on Thursday killed nine militants near Jilib in Somalia, the command "
        "said. A spokesman said it occurred about 40 kilometers north of Kismayo."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None and claim.place.name == "Jilib"


def test_the_country_that_says_it_struck_is_not_the_site() -> None:
    text = (
        "The United States says it has carried out a new air strike on a militant camp in "
        "the Zorblat hills, killing one fighter on Thursday."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is None or claim.place.country_code != "US"


def test_the_country_that_reports_or_claims_is_not_the_reports_country() -> None:
    from geo.extraction.places import report_country

    gaz = Gazetteer.open()
    text = (
        "The United States reported the strike. The United States claimed five militants "
        "died. A strike hit a minibus in Somalia on Tuesday."
    )
    assert report_country(text, find_toponyms(text, gazetteer=gaz)) == "SO"


def test_a_country_after_in_stays_the_site_whatever_verb_follows() -> None:
    text = (
        "In March 2018, a drone strike in southern Libya killed two militants. The operation "
        "was overseen from headquarters in Stuttgart, Germany."
    )
    (claim,) = extract_claims(text, published=dt.date(2018, 11, 9)).claims
    assert claim.place is not None and claim.place.country_code == "LY"


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Two militants were killed in a US drone attack near Jilib on Thursday.", "drone strike"),
        (
            "An air attack on Thursday killed nine fighters near Jilib, officials said.",
            "air strike",
        ),
        (
            "Government warplanes attacked a militant camp near Jilib on Thursday, killing nine.",
            "air strike",
        ),
    ],
)
def test_an_attack_from_the_air_is_a_strike(text: str, event: str) -> None:
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.event_type == event
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 13)
    assert claim.place is not None and claim.place.name == "Jilib"


def test_future_drone_attacks_are_no_event() -> None:
    text = "Officials near Jilib warned on Thursday of possible drone attacks on the town."
    assert extract_claims(text, published=SATURDAY).claims == ()


def test_a_year_named_for_another_event_makes_no_tally_of_a_days_strikes() -> None:
    text = (
        "US jets launched air strikes on a militant camp near Jilib on Thursday, killing 30 "
        "fighters linked to two deadly attacks last year in Kenya."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 13)
    assert (claim.fatalities_low, claim.fatalities_high) == (30, 30)
    assert claim.place is not None and claim.place.name == "Jilib"


def test_a_raid_told_as_an_air_strike_is_an_air_strike() -> None:
    text = (
        "A spokesman said US forces carried out a raid near Jilib on Thursday. Witnesses said "
        "the air strike hit a car and killed two men."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.event_type == "air strike"
    assert (claim.fatalities_low, claim.fatalities_high) == (2, 2)


def test_a_raid_is_not_made_an_air_strike_by_a_later_strike_word() -> None:
    text = (
        "Commandos carried out a raid near Jilib on Thursday. The strike on the compound "
        "killed two men."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.event_type == "raid"


def test_a_town_named_for_its_governor_is_not_the_strike_site() -> None:
    text = (
        "A drone strike in Somalia's Lower Juba region on Thursday killed four people, officials "
        "said. Kismayo governor Ahmed Ali said the four were killed in the drone strike while "
        "driving."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None and claim.place.name == "Jubbada Hoose"
    assert claim.place.precision is LocationPrecision.DISTRICT


def test_the_town_a_target_was_travelling_to_is_not_the_strike_site() -> None:
    text = (
        "A drone strike on Thursday killed a militant commander in Somalia's Lower Juba region "
        "while he was travelling to Kismayo, officials said."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None and claim.place.name == "Jubbada Hoose"


def test_a_vague_toll_is_marked_as_one() -> None:
    text = "Dozens of people were killed on Friday when a jet bombed a market near Jilib."
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.fatalities_low, claim.fatalities_high) == (24, None)
    assert claim.toll_vague
    text = "At least 30 people were killed on Friday when a jet bombed a market near Jilib."
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.fatalities_low, claim.toll_vague) == (30, False)


@pytest.mark.parametrize(
    "headline",
    [
        "KENYA: Senior militant commander killed in a drone strike",
        "Senior militant commander killed in drone strike in Kenya",
    ],
)
def test_a_headlines_bare_role_killed_is_one_person(headline: str) -> None:
    text = f"{headline}\n\nOfficials confirmed his death in Kenya."
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.fatalities_low, claim.fatalities_high) == (1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Senior militant commanders killed in drone strike in Kenya",  # plural: no count
        "He said the commander killed in a drone strike in Kenya was buried on Friday.",
    ],
)
def test_no_headline_toll_for_plurals_or_prose(text: str) -> None:
    for claim in extract_claims(text, published=SATURDAY).claims:
        assert (claim.fatalities_low, claim.fatalities_high) == (None, None)


def test_a_distance_with_no_direction_is_a_ring_around_the_town() -> None:
    text = (
        "US forces on Friday struck a militant camp 150 miles outside the Somali town of "
        "Jilib, killing 17 fighters, the command said."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    place = claim.place
    assert place is not None and place.anchor == "Jilib" and place.bearing_deg is None
    assert place.offset_km == pytest.approx(241.4, abs=0.1)
    assert place.radius_km == pytest.approx(241.4 * 1.2, abs=0.2)
    assert place.precision is LocationPrecision.REGION
    # on the town's own point, not a point near it
    assert geodesic_distance((0.4883, 42.7854), (place.lat, place.lon)).km < 5


def test_a_short_distance_with_no_direction_is_near_the_town() -> None:
    text = "A drone strike hit a car 20 km from Jilib on Friday, killing two."
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None and claim.place.anchor == "Jilib"
    assert (claim.place.precision, claim.place.radius_km) == (LocationPrecision.NEAR_TOWN, 24.0)


def test_a_direction_still_moves_the_point() -> None:
    text = "A drone strike hit a car 20 km north of Jilib on Friday, killing two."
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None and claim.place.bearing_deg == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "On Friday the last missile fired by the United States in the campaign hit a car in "
        "a courtyard in Jilib, Somalia.",
        "On Friday US forces fired a Hellfire missile at a house in Jilib, Somalia.",
        "On Friday jets dropped bombs on a camp near Jilib, Somalia.",
    ],
)
def test_a_missile_fired_or_bombs_dropped_tell_of_a_strike(text: str) -> None:
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.event_type.value == "air strike"
    assert claim.place is not None and claim.place.name == "Jilib"
    assert claim.date_start == claim.date_end == dt.date(2021, 5, 14)


def test_a_ground_forces_ballistic_missile_is_no_strike() -> None:
    text = "On Friday the rebels fired a ballistic missile at Jilib, Somalia."
    assert extract_claims(text, published=SATURDAY).claims == ()


def test_a_namesake_abroad_gives_way_to_a_place_of_the_reports_country() -> None:
    text = (
        "Officials said on Friday a drone fired two missiles at a car in the Sar Kanda area "
        "of Birmil in South Waziristan, Pakistan."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.place is not None and claim.place.country_code == "PK"


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("A jet bombed a camp near Jilib on Friday; medics saw 90 wounded and 40 dead.", 40),
        (
            "A jet bombed a camp near Jilib on Friday. A cleric spoke of 30 deaths and two "
            "villagers said about 60 were killed.",
            60,
        ),
        ("A jet bombed a camp near Jilib on Friday and two residents were killed.", 2),
    ],
)
def test_the_wounded_and_the_speakers_are_not_the_dead(text: str, toll: int) -> None:
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert claim.fatalities_low == toll


def test_a_vague_toll_takes_the_count_a_later_sentence_gives() -> None:
    text = (
        "Dozens of people were killed on Friday when a jet bombed a market near Jilib. "
        "A charity said its team had counted 61 dead at the market."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.fatalities_low, claim.fatalities_high, claim.toll_vague) == (61, 61, False)
    assert "toll: '61', the count after 'Dozens'" in claim.reasons


def test_a_vague_toll_keeps_a_count_outside_its_range_out() -> None:
    text = (
        "Several people were killed on Friday when a jet bombed a market near Jilib. "
        "A charity said its team had counted 61 dead at the market."
    )
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.fatalities_low, claim.fatalities_high, claim.toll_vague) == (3, 9, True)


def test_a_day_after_the_events_own_verb_is_not_a_statements() -> None:
    text = (
        "An air strike on a camp near Jilib on May 12 killed 17 fighters. "
        "The previous strike reported by the command took place on May 3, and the command "
        "said nine members were killed in it."
    )
    days = sorted(c.date_start for c in extract_claims(text, published=SATURDAY).claims)
    assert days == [dt.date(2021, 5, 3), dt.date(2021, 5, 12)]
    text = "A strike near Jilib killed nine, the command reported on May 3."
    (claim,) = extract_claims(text, published=SATURDAY).claims
    assert (claim.date_start, claim.date_end) == (dt.date(2021, 5, 2), dt.date(2021, 5, 3))
