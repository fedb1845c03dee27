"""Which place a strike is given when a report names several (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from gazetteer.geodesy import geodesic_distance
from geo.extraction.extract import extract_claims
from geo.model.claims import Claim
from geo.model.records import LocationPrecision

pytestmark = pytest.mark.usefixtures("gazetteer_index")

SATURDAY = dt.date(2021, 5, 15)
SIRTE = (31.2089, 16.5887)
AL_QAIM = (34.3929, 40.9885)


def only_claim(text: str, published: dt.date = SATURDAY) -> Claim:
    (claim,) = extract_claims(text, published=published).claims
    return claim


def km_from(claim: Claim, point: tuple[float, float]) -> float:
    assert claim.place is not None
    return geodesic_distance(point, (claim.place.lat, claim.place.lon)).km


@pytest.mark.parametrize(
    "text",
    [
        # the strike, then words that join another event to it, then that event's place
        "A US air strike killed five militants in Somalia on Thursday. The strike follows an "
        "attack on a base in Kismayo.",
        # the other event's place, the joining words, then the strike
        "The deaths in Baidoa on Thursday come a week after a drone strike killed nine "
        "militants in Somalia.",
    ],
)
def test_a_place_across_words_that_join_another_event_is_that_events(text: str) -> None:
    claim = only_claim(text)
    assert claim.place is not None and claim.place.name == "Somalia"


def test_a_trigger_after_the_joining_words_keeps_that_events_place() -> None:
    # one mention tells of the strike and the raid: the raid's place is the mention's
    claim = only_claim("The strike on Thursday came two days after an American air raid in Jilib.")
    assert claim.place is not None and claim.place.name == "Jilib"


def test_a_country_someone_was_visiting_is_not_the_site() -> None:
    claim = only_claim(
        "The drone strike was launched on Saturday against militants on motorbikes, according "
        "to officials in Mali. The president was visiting Ivory Coast at the time of the strike."
    )
    assert claim.place is not None and claim.place.country_code == "ML"


@pytest.mark.parametrize(
    "text",
    [
        "US bombers struck two camps southwest of the former militant bastion of Sirte in "
        "Libya on Thursday.",
        "An air strike was carried out on Thursday near the coastal city of Sirte in Libya.",
    ],
)
def test_a_cue_several_words_before_a_town_still_places_near_it(text: str) -> None:
    claim = only_claim(text)
    assert claim.place is not None and claim.place.name == "Sirte"
    assert claim.place.precision is LocationPrecision.NEAR_TOWN


def test_a_town_that_only_says_where_a_province_lies_is_not_the_site() -> None:
    claim = only_claim(
        "A drone strike on Thursday killed nine civilians in Nangarhar province east of Kabul."
    )
    assert claim.place is not None and claim.place.name == "Nangarhar"
    assert claim.place.precision is LocationPrecision.DISTRICT


def test_a_village_placed_by_a_bare_direction_from_a_town_is_near_that_town() -> None:
    claim = only_claim(
        "Warplanes struck a mosque on Thursday in the village of Qarmabadiyeh, southwest of "
        "Sirte, killing 12 people."
    )
    assert claim.place is not None and claim.place.name == "Sirte"
    assert claim.place.precision is LocationPrecision.NEAR_TOWN
    assert claim.place.radius_km == pytest.approx(25.0)


@pytest.mark.parametrize(
    "follow_up",
    [
        "The camps were about 45 kilometres southwest of Sirte.",
        "The targeted camp was located some 45 kilometres southwest of Sirte.",
    ],
)
def test_a_sentence_about_the_target_gives_the_strikes_offset(follow_up: str) -> None:
    claim = only_claim(
        "US B-2 bombers struck two militant camps southwest of Sirte on Thursday, killing "
        f"dozens of fighters. {follow_up}"
    )
    assert claim.place is not None and claim.place.anchor == "Sirte"
    assert km_from(claim, SIRTE) == pytest.approx(45, abs=1)


def test_an_offset_from_the_strikes_own_town_places_it() -> None:
    claim = only_claim(
        "US aircraft carried out an air strike on Thursday in Sirte, killing 17 militants. "
        "The camp was located approximately 150 miles southeast of Sirte."
    )
    assert claim.place is not None and claim.place.anchor == "Sirte"
    assert km_from(claim, SIRTE) == pytest.approx(241, abs=2)


def test_one_of_the_targeted_locations_places_a_strike_told_in_a_country() -> None:
    claim = only_claim(
        "US jets carried out air strikes on militia bases in Iraq on Thursday, killing 25 "
        "fighters. A base in al-Qaim, near the Syrian border, was one of the targeted "
        "locations."
    )
    assert claim.place is not None and claim.place.name == "Al Qā’im"
    assert km_from(claim, AL_QAIM) < 5


def test_a_town_told_of_after_the_strike_places_a_strike_told_in_a_province() -> None:
    claim = only_claim(
        "Officials said on Thursday that 40 civilians were killed in an air strike on a wedding "
        "in Helmand province on Wednesday night. The governor said the dead were Taliban "
        'fighters. "US forces supported an operation against militants in Musa Qala last '
        'night," a spokesman said.'
    )
    assert claim.place is not None and claim.place.name == "Mūsá Qal‘ah"
    assert claim.place.precision is LocationPrecision.NEAR_TOWN
    assert claim.place.reason.startswith("the finest site the report tells of within Hilmand")


def test_an_offset_told_after_the_strike_places_a_strike_told_in_a_region() -> None:
    claim = only_claim(
        "French forces carried out a drone strike on Saturday in central Mali, killing seven "
        "militants. The group had been hiding in the Ouagadou forest, 150 km northwest of "
        "Mopti, the ministry said."
    )
    assert claim.place is not None and claim.place.anchor == "Mopti"
    assert claim.place.radius_km == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # background: a place hit many times before
        (
            "A US strike in the desert of Deir ez-Zor province on Thursday killed five "
            "militants, a monitor said. US aircraft have also hit militia groups near Albu "
            "Kamal several times over the past two years.",
            "Dayr Az Zawr",
        ),
        # the division's namesake town: the same area named again
        (
            "The Malian air force carried out air strikes in the Gao region on 13 May, killing "
            "thirty militants. Operations in the Gao and Menaka regions will continue, the army "
            "said.",
            "Gao",
        ),
        # where the wounded were taken
        (
            "A jet struck a village in Yobe state on Thursday, killing nine people. The wounded "
            "were taken to a hospital in nearby Geidam.",
            "Yobe",
        ),
        # another time
        (
            "A drone strike in Helmand province on Thursday killed five militants. In March, "
            "a strike in Musa Qala killed two.",
            "Hilmand",
        ),
    ],
)
def test_a_place_told_of_another_time_or_thing_does_not_refine_a_wide_one(
    text: str, name: str
) -> None:
    claims = extract_claims(text, published=SATURDAY).claims
    assert claims[0].place is not None and claims[0].place.name == name
    assert claims[0].place.precision is LocationPrecision.DISTRICT


def test_a_spelling_variant_outside_the_state_the_text_names_is_not_taken() -> None:
    # "Gezuwa" is a spelling of Gezawa, a town of Kano state: not the one of Borno state
    claim = only_claim(
        "A jet struck militants on 20 December 2022 at Mantari in Gezuwa area of Bama Local "
        "Government Area of Borno State, the air force said.",
        published=dt.date(2022, 12, 25),
    )
    assert claim.place is not None and claim.place.name == "Bama"


def test_where_troops_were_is_not_the_site() -> None:
    claim = only_claim(
        "An air strike on Thursday killed militants in Nigeria, the air force said. The chief "
        "later visited troops in Maiduguri."
    )
    assert claim.place is not None and claim.place.name == "Nigeria"


def test_where_a_survivor_lies_in_hospital_is_not_the_site() -> None:
    claim = only_claim(
        "An air strike on Thursday killed eleven people in Iraq, officials said. A survivor "
        "spoke to reporters from his hospital bed in Erbil."
    )
    assert claim.place is not None and claim.place.name == "Iraq"


@pytest.mark.parametrize(
    "text",
    [
        "Villagers in northern Nigeria said an air strike on Tuesday killed seven people in a "
        "hamlet near the border with Niger.",
        "An air strike on Tuesday killed seven people in a hamlet close to the Niger border, "
        "officials in northern Nigeria said.",
    ],
)
def test_a_country_named_as_a_border_is_not_the_site(text: str) -> None:
    # neither Niger the country nor Nigeria's Niger State: the strike is in northern Nigeria
    claim = only_claim(text)
    assert claim.place is not None
    assert claim.place.country_code == "NG"
    assert claim.place.name != "Niger"
    assert claim.place.precision is LocationPrecision.REGION


def test_a_province_near_a_border_keeps_the_province() -> None:
    claim = only_claim(
        "A drone strike on Tuesday killed four militants in Kunar province near the border "
        "with Pakistan."
    )
    assert claim.place is not None and claim.place.name == "Kunar"
    assert claim.place.country_code == "AF"


@pytest.mark.parametrize(
    "area", ["Maru Local Government Area of Zamfara State", "Maru LGA, Zamfara State"]
)
def test_a_local_government_area_named_like_its_town_is_an_area(area: str) -> None:
    # a village the gazetteer lacks in the area: the area, not its namesake town
    claim = only_claim(
        f"At least 30 people were killed in a Nigerian air strike on Sunday at a village in {area}."
    )
    assert claim.place is not None and claim.place.name == "Maru"
    assert claim.place.precision is LocationPrecision.DISTRICT
    assert claim.place.radius_km == 100.0


def test_divisions_listed_before_their_plural_kind_are_divisions() -> None:
    claim = only_claim(
        "A Nigerian air strike on Sunday killed 30 herders along the border areas linking "
        "Nasarawa and Benue states."
    )
    assert claim.place is not None and claim.place.name == "Nassarawa"
    assert claim.place.precision is LocationPrecision.DISTRICT


def test_where_officials_met_after_a_strike_is_not_the_site() -> None:
    claim = only_claim(
        "A Nigerian air strike on Sunday killed 30 herders in a village of Doma Local "
        "Government Area. The air force chief later met the governor at the Government House "
        "in Lafia, the state capital."
    )
    assert claim.place is not None and claim.place.name == "Doma"
    assert claim.place.precision is LocationPrecision.DISTRICT


def test_a_division_named_after_a_compass_word_refines_a_region() -> None:
    # "in the central Mopti region": the smallest area the report gives, with its radius
    claim = only_claim(
        "An air strike on Sunday killed 20 people at a wedding in central Mali. Residents of "
        "the village, in the central Mopti region, said a helicopter had fired on the guests."
    )
    assert claim.place is not None and claim.place.name == "Mopti"
    assert claim.place.precision is LocationPrecision.DISTRICT
    assert 150 < claim.place.radius_km < 400


@pytest.mark.parametrize(
    ("text", "km", "precision"),
    [
        (
            "US jets on Friday struck a desert camp 150 miles outside the Libyan city of Sirte, "
            "killing 17 fighters.",
            241.4,
            LocationPrecision.REGION,
        ),
        (
            "A drone strike on Friday killed three militants about 30 km from Sirte in Libya.",
            30.0,
            LocationPrecision.NEAR_TOWN,
        ),
    ],
)
def test_a_distance_without_a_direction_is_a_ring_around_the_town(
    text: str, km: float, precision: LocationPrecision
) -> None:
    # anywhere at that distance: the town's point, a radius that holds the whole ring
    claim = only_claim(text)
    assert claim.place is not None and claim.place.anchor == "Sirte"
    assert km_from(claim, SIRTE) < 1.0
    assert claim.place.radius_km == pytest.approx(km * 1.2, abs=0.5)
    assert claim.place.precision is precision


def test_a_distance_that_describes_a_named_town_is_no_ring() -> None:
    claim = only_claim(
        "A drone strike on Friday killed three militants in Jilib, 40 km from Kismayo."
    )
    assert claim.place is not None and claim.place.name == "Jilib"
    assert claim.place.precision is LocationPrecision.TOWN


def test_a_town_before_its_province_is_the_town() -> None:
    # "X, Y province" is a town and its division, not a list of divisions
    claim = only_claim(
        "A drone strike on Friday hit a house near Nisab, Shabwa province, in Yemen."
    )
    assert claim.place is not None and claim.place.name == "Nişāb"
    assert claim.place.precision is LocationPrecision.NEAR_TOWN


@pytest.mark.parametrize(
    ("text", "name", "radius_km"),
    [
        (
            "Jets from four countries struck islands in Lake Chad on Monday, killing at least "
            "50 militants.",
            "Lake Chad",
            91.0,
        ),
        (
            "A US drone strike on Monday killed two militants in Puntland, Somalia.",
            "Puntland",
            402.0,
        ),
    ],
)
def test_a_named_area_with_a_recorded_extent_is_bounded(
    text: str, name: str, radius_km: float
) -> None:
    # a lake, a member state: the radius curated.csv records, bounded as a division is
    claim = only_claim(text)
    assert claim.place is not None and claim.place.name == name
    assert claim.place.radius_km == radius_km
    assert claim.place.precision is LocationPrecision.DISTRICT


def test_a_region_of_several_countries_is_wider_than_the_country_named() -> None:
    # "the Sahel" spans Mali and its neighbours: the country the clause names is the finer
    claim = only_claim(
        "French jets of the operation in the Sahel struck militants in Mali near the border "
        "with Niger on Friday, killing nine."
    )
    assert claim.place is not None and claim.place.country_code == "ML"
    assert claim.place.precision is LocationPrecision.COUNTRY


def test_a_region_of_several_countries_alone_is_still_the_place() -> None:
    claim = only_claim("Jets struck a boat in the Gulf of Aden on Friday, killing nine.")
    assert claim.place is not None and claim.place.name == "Gulf of Aden"


def test_of_two_areas_the_one_in_a_country_is_the_place() -> None:
    # a lake shared by four countries says less of where the strike was than a state does
    claim = only_claim(
        "Jets bombed huts on islands near the shores of Lake Chad in Borno state on Friday, "
        "killing nine fishermen, residents in Nigeria said."
    )
    assert claim.place is not None and claim.place.country_code == "NG"
    assert claim.place.name == "Borno"
