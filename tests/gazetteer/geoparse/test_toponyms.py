"""The geoparser on short texts written for these tests (not taken from any outlet)."""

import math

import pytest

from gazetteer.geoparse.ranker import default_ranker, ranking
from gazetteer.geoparse.toponyms import MAX_TEXT_CHARS, find_toponyms, resolve_toponyms
from gazetteer.model import PlaceKind, ToponymKind
from gazetteer.names import fold
from geo import InvalidQueryError

LIBYA_STORY = (
    "US Africa Command said an air strike on Thursday killed eight militants in Murzuq, "
    "in southern Libya. Residents of Sabha, about 150 kilometres to the north, said the "
    "fighters had moved there from Sirte. A Libyan official in Tripoli confirmed the toll."
)
LEBANON_STORY = (
    "Protesters gathered in Tripoli, Lebanon's second city, on Sunday. Security forces "
    "in Beirut said roads to Akkar were closed, and the army sent units from Byblos."
)


def names(matches):
    return [(m.text, m.place.country_code if m.place else None) for m in matches]


def by_text(matches, text):
    found = [m for m in matches if m.text == text]
    assert found, f"{text!r} not found in {names(matches)}"
    return found[0]


def test_libya_story(gaz):
    found = find_toponyms(LIBYA_STORY, gazetteer=gaz)
    texts = [m.text for m in found]
    assert texts == ["Murzuq", "Libya", "Sabha", "Sirte", "Libyan", "Tripoli"]
    assert all(m.place.country_code == "LY" for m in found)
    tripoli = by_text(found, "Tripoli").place
    assert tripoli.lat == pytest.approx(32.89, abs=0.05)
    libyan = by_text(found, "Libyan")
    assert libyan.kind == "demonym" and libyan.place.kind is PlaceKind.COUNTRY
    for m in found:
        assert LIBYA_STORY[m.start : m.end] == m.text
        assert 0 < m.confidence <= 1 and m.reason


def test_tripoli_in_a_lebanon_story(gaz):
    found = find_toponyms(LEBANON_STORY, gazetteer=gaz)
    tripoli = by_text(found, "Tripoli")
    assert tripoli.place.country_code == "LB"
    assert tripoli.place.lat == pytest.approx(34.43, abs=0.1)
    assert "followed by 'Lebanon'" in tripoli.reason
    assert by_text(found, "Beirut").place.country_code == "LB"


def test_derna_and_darnah_are_one_place(gaz):
    text = "Floods swept through Derna. Rescue teams reached Darnah by road from Benghazi."
    found = find_toponyms(text, gazetteer=gaz)
    derna, darnah = by_text(found, "Derna"), by_text(found, "Darnah")
    assert derna.place.id == darnah.place.id
    assert derna.place.country_code == "LY"


def test_surt_is_sirte(gaz):
    found = find_toponyms("Fighting was reported near Surt on the coast of Libya.", gazetteer=gaz)
    assert by_text(found, "Surt").place.lat == pytest.approx(31.21, abs=0.1)


def test_niger_the_country_or_the_river(gaz):
    country = find_toponyms("Niger's army said the convoy left Agadez for Niamey.", gazetteer=gaz)
    assert by_text(country, "Niger").place.kind is PlaceKind.COUNTRY
    assert by_text(country, "Agadez").place.country_code == "NE"
    text = "Niger's army said the convoy crossed the river Niger at Ansongo, on the Niger River."
    both = find_toponyms(text, gazetteer=gaz)
    assert [(m.text, m.place.kind if m.place else None) for m in both] == [
        ("Niger", PlaceKind.COUNTRY),
        ("Niger", None),
        ("Ansongo", PlaceKind.CITY),
        ("Niger River", None),
    ]
    assert both[1].reason == "a river (named after 'river'); the gazetteer holds no rivers"
    assert both[3].reason.endswith("named like a place (river)")
    # the same when the spans are given
    spans = [(m.start, m.end) for m in both]
    given = resolve_toponyms(text, spans, gazetteer=gaz)
    assert [m.place.kind if m.place else None for m in given] == [
        PlaceKind.COUNTRY,
        None,
        PlaceKind.CITY,
        None,
    ]


def test_no_toponyms_in_a_text_without_places(gaz):
    text = (
        "On Monday in March the President said the Police and the Army would meet "
        "officials of the Islamic State on Thursday. Mr. Jordan and General Victoria agreed."
    )
    assert find_toponyms(text, gazetteer=gaz) == []


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # people and organisations are not places
        ("Gen. Khalifa Haftar met Barack Obama. Islamic State fighters fled to Libya.", ["Libya"]),
        # a name used for a person stays a person
        ("Gen. Sutton arrived. Later Sutton said the talks in Tripoli had failed.", ["Tripoli"]),
        # a name of several words that runs on into another name is a person's
        ("The strike killed Mir Ali Khan, a commander, near Miranshah.", ["Miranshah"]),
        # a title heads every name after it in the run
        ("Commander Abdul Mir Ali said the camp near Miranshah was hit.", ["Miranshah"]),
        # a name before a word that ends an organisation's name is the organisation's
        ("He also led the Aman Committee and the Quds Force in Waziristan.", ["Waziristan"]),
        # a cue before a longer name the gazetteer lacks does not make its first word a place
        ("The drone hit a house in Dandi Darpakhel near Miranshah.", ["Miranshah"]),
    ],
    ids=[
        "people-and-organisations",
        "a-name-used-for-a-person",
        "a-person-of-several-names",
        "a-title-before-several-names",
        "an-organisation-noun-after-a-name",
        "a-cued-name-the-gazetteer-lacks",
    ],
)
def test_people_and_organisations_are_not_places(text, places, gaz):
    assert [m.text for m in find_toponyms(text, gazetteer=gaz)] == places


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("A strike hit a compound in Mir Ali on Tuesday.", "Mir Ali"),  # nothing runs on
        ("Jets struck Sirte Friday.", "Sirte"),  # a date word is no longer name
        ("The Jilib District office was hit.", "Jilib District"),  # a kind of place
        ("US Strike In Jilib Kills Five Militants", "Jilib"),  # a title-case headline
    ],
)
def test_a_place_before_a_word_that_makes_no_longer_name_stays_a_place(text, place, gaz):
    assert place in [m.text for m in find_toponyms(text, gazetteer=gaz)]


def test_multiword_and_article_names(gaz):
    text = "Drones flew from Air Base 201 towards Bani Walid and al-Kufra, then over Deir ez-Zor."
    found = find_toponyms(text, gazetteer=gaz)
    assert [m.text for m in found] == ["Air Base 201", "Bani Walid", "al-Kufra", "Deir ez-Zor"]
    assert by_text(found, "Air Base 201").place.kind is PlaceKind.AIR_BASE
    assert by_text(found, "Deir ez-Zor").place.country_code == "SY"


def test_town_country_pairs(gaz):
    found = find_toponyms("The rally in Tripoli, Lebanon ended peacefully.", gazetteer=gaz)
    assert by_text(found, "Tripoli").place.country_code == "LB"
    assert "followed by 'Lebanon'" in by_text(found, "Tripoli").reason


def test_resolve_given_spans(gaz):
    text = "Strikes hit Murzuq and Tripoli; Libyan forces moved south."
    spans = [(12, 18), (23, 30), (32, 38)]
    found = resolve_toponyms(text, spans, gazetteer=gaz)
    assert [m.text for m in found] == ["Murzuq", "Tripoli", "Libyan"]
    assert [m.place.country_code for m in found] == ["LY", "LY", "LY"]
    unknown = resolve_toponyms("Qxzwv was hit.", [(0, 5)], gazetteer=gaz)
    assert unknown[0].place is None and unknown[0].reason == "not in the gazetteer"


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ([(5, 2)], "span (5, 2) is outside the text of 10 characters"),
        ([(0, 99)], "span (0, 99) is outside the text of 10 characters"),
        ([("a",)], "a span must be (start, end), got ('a',)"),
        # issue 10: these raised OverflowError, KeyError or were silently truncated
        ([(0, math.inf)], "span offsets must be whole numbers, got (0, inf)"),
        ([(0, float("1e400"))], "span offsets must be whole numbers, got (0, inf)"),
        ([(0, 2.5)], "span offsets must be whole numbers, got (0, 2.5)"),
        ([(False, 3)], "span offsets must be whole numbers, got (False, 3)"),
        ([{"start": 1}], "a span must be (start, end), got {'start': 1}"),
        ([{"start": 1, "end": 3}], "a span must be (start, end), got {'start': 1, 'end': 3}"),
        (["12"], "a span must be (start, end), got '12'"),
        (
            [(0, 10**400)],
            "span (0, 100000000000...0000 (401 digits)) is outside the text of 10 characters",
        ),
        ("05", "spans must be a list of (start, end) pairs, got '05'"),
        (5, "spans must be a list of (start, end) pairs, got 5"),
    ],
)
def test_bad_spans(gaz, spans, message):
    with pytest.raises(InvalidQueryError) as info:
        resolve_toponyms("0123456789", spans, gazetteer=gaz)
    assert str(info.value) == message


def test_resolve_accepts_numpy_style_offsets(gaz):
    import numpy as np

    found = resolve_toponyms("Strikes hit Murzuq.", [np.array([12, 18])], gazetteer=gaz)
    assert [(m.start, m.end, m.place.country_code) for m in found] == [(12, 18, "LY")]


@pytest.mark.parametrize(
    "text",
    [
        "Russian, Georgia",
        "Russian (Georgia)",
        "A Russian, Georgia and Ukraine deal",
        "Libyan, Tripoli",
    ],
)
def test_a_demonym_heads_no_town_country_pair(gaz, text):
    """'Russian, Georgia' raised KeyError in _prefer_named_containers (issue 10)."""
    found = find_toponyms(text, gazetteer=gaz)
    assert found[0].kind is ToponymKind.DEMONYM
    assert "followed by" not in found[0].reason
    assert all(m.place is not None for m in found)
    spans = [(m.start, m.end) for m in found]
    again = resolve_toponyms(text, spans, gazetteer=gaz)
    assert [m.place.id for m in again] == [m.place.id for m in found]


def test_names_in_one_run_come_out_in_text_order(gaz):
    """A run was matched longest first and returned so: BANI WALID before RUSSIAN."""
    found = find_toponyms("MURZUQ RUSSIAN BANI WALID, Murzuq reported a raid.", gazetteer=gaz)
    assert [(m.start, m.end, m.text, m.kind) for m in found][:2] == [
        (7, 14, "RUSSIAN", ToponymKind.DEMONYM),
        (15, 25, "BANI WALID", ToponymKind.NAME),
    ]
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_russian_georgia_is_the_country(gaz):
    found = find_toponyms("Russian, Georgia", gazetteer=gaz)
    assert [(m.text, m.place.country_code, m.place.kind.value) for m in found] == [
        ("Russian", "RU", "country"),
        ("Georgia", "GE", "country"),
    ]


def test_empty_and_huge_texts(gaz):
    assert find_toponyms("", gazetteer=gaz) == []
    assert find_toponyms("   \n ", gazetteer=gaz) == []
    with pytest.raises(InvalidQueryError, match=r"^text is too long \(10,000,001 characters"):
        find_toponyms("x" * (MAX_TEXT_CHARS + 1), gazetteer=gaz)
    with pytest.raises(InvalidQueryError, match=r"^text must be a string, got bytes$"):
        find_toponyms(b"Derna", gazetteer=gaz)


def test_large_text_is_processed_in_chunks(gaz):
    paragraph = "Fighting continued in Murzuq and Sabha. " * 20 + "\n"
    text = paragraph * 400  # about 330 kB: two chunks
    found = find_toponyms(text, gazetteer=gaz)
    assert len(found) == 2 * 20 * 400
    assert {m.place.id for m in found} == {found[0].place.id, found[1].place.id}
    assert found[-1].end <= len(text) and text[found[-1].start : found[-1].end] == "Sabha"


def test_streets_and_facilities_are_found_by_their_shape(gaz):
    text = "Crowds filled Royal Street and waited outside Colchester General Hospital in England."
    found = find_toponyms(text, gazetteer=gaz)
    assert [m.text for m in found] == ["Royal Street", "Colchester General Hospital", "England"]
    street = by_text(found, "Royal Street")
    assert street.place is None
    assert street.reason == "not in the gazetteer; named like a place (street)"
    assert by_text(found, "England").place.country_code == "GB"


def test_continents_and_their_adjectives(gaz):
    found = find_toponyms("European and African leaders met; Africa needs rain.", gazetteer=gaz)
    assert [(m.text, m.kind) for m in found] == [
        ("European", ToponymKind.DEMONYM),
        ("African", ToponymKind.DEMONYM),
        ("Africa", ToponymKind.NAME),
    ]
    africa = by_text(found, "Africa").place
    assert africa.kind is PlaceKind.CONTINENT
    assert (africa.lat, africa.lon) == pytest.approx((7.19, 21.09), abs=0.01)
    assert by_text(found, "African").place.id == africa.id


def test_us_abbreviations_and_state_qualifiers(gaz):
    text = "Officials in Washington, D.C. and Springfield, Ill. said the U.S. would act."
    found = find_toponyms(text, gazetteer=gaz)
    assert [m.text for m in found] == ["Washington, D.C.", "Springfield, Ill.", "U.S."]
    assert by_text(found, "Springfield, Ill.").place.admin1 == "Illinois"
    assert by_text(found, "U.S.").place.kind is PlaceKind.COUNTRY


def test_a_list_of_areas_is_not_a_place_and_its_area(gaz):
    found = find_toponyms("The virus has spread through Asia, Europe and Africa.", gazetteer=gaz)
    asia = by_text(found, "Asia")
    assert asia.place.kind is PlaceKind.CONTINENT and asia.place.name == "Asia"
    assert "followed by" not in asia.reason
    found = find_toponyms("Refugees crossed into Zambia, Malawi and Mozambique.", gazetteer=gaz)
    # not Zomba, a Malawian town a spelling away from "Zambia"
    assert by_text(found, "Zambia").place.id == gaz.search("Zambia")[0].place.id
    assert by_text(found, "Zambia").place.kind is PlaceKind.COUNTRY


def test_a_list_of_states_reads_each_member_as_a_state(gaz):
    text = "Cases were confirmed in Ohio, New York, Georgia, Washington and Texas."
    found = find_toponyms(text, gazetteer=gaz)
    for name, code in [("New York", "NY"), ("Georgia", "GA"), ("Washington", "WA")]:
        place = by_text(found, name).place
        assert (place.kind, place.country_code, place.admin1_code) == (
            PlaceKind.ADMIN1,
            "US",
            code,
        ), name
        assert "in a list of divisions of US" in by_text(found, name).reason


def test_a_town_and_its_state_name_the_state_elsewhere(gaz):
    text = "A lab in Atlanta, Georgia ran the tests. Georgia reported twelve cases on Monday."
    found = [m for m in find_toponyms(text, gazetteer=gaz) if m.text == "Georgia"]
    assert [(m.place.kind, m.place.country_code) for m in found] == [
        (PlaceKind.ADMIN1, "US"),
        (PlaceKind.ADMIN1, "US"),
    ]
    assert "contains Atlanta, named with it" in found[1].reason


def test_a_name_is_no_evidence_for_itself(gaz):
    # Georgia names areas in two countries; the US around it decides, not Georgia itself
    text = (
        "Samples from a farm in Alabama went to a federal lab in Iowa. The contract lab in "
        "Georgia had returned an inconclusive result, the U.S. Department of Agriculture said."
    )
    georgia = by_text(find_toponyms(text, gazetteer=gaz), "Georgia").place
    assert (georgia.kind, georgia.country_code) == (PlaceKind.ADMIN1, "US")
    # ...while a lone mention stays the country
    lone = find_toponyms("Georgia held elections on Sunday.", gazetteer=gaz)
    assert by_text(lone, "Georgia").place.kind is PlaceKind.COUNTRY


def test_words_before_a_name_say_its_kind(gaz):
    found = find_toponyms(
        "Most cases were in the state of Victoria, officials said.", gazetteer=gaz
    )
    victoria = by_text(found, "Victoria")
    assert (victoria.place.kind, victoria.place.country_code) == (PlaceKind.ADMIN1, "AU")
    assert "after 'state of'" in victoria.reason


def test_a_division_containing_a_named_city(gaz):
    text = "Officials in Melbourne, Australia said cases in Victoria rose."
    victoria = by_text(find_toponyms(text, gazetteer=gaz), "Victoria")
    assert (victoria.place.kind, victoria.place.country_code) == (PlaceKind.ADMIN1, "AU")
    assert "contains Melbourne" in victoria.reason


def test_a_long_story_about_one_country_does_not_swallow_another(gaz):
    text = (
        "The United States reported new cases on Monday. U.S. officials said the U.S. "
        "outbreak was slowing, and the United States would share data. In the U.S., "
        "schools stayed open. The United Kingdom also reported cases: England had most, "
        "and Scotland closed schools."
    )
    found = find_toponyms(text, gazetteer=gaz)
    for name in ("England", "Scotland"):
        assert by_text(found, name).place.country_code == "GB", name


def test_groups_of_countries(gaz):
    text = "Fighters moved from the Middle East to West Africa, Europe officials said."
    found = find_toponyms(text, gazetteer=gaz)
    middle_east = by_text(found, "Middle East").place
    assert (middle_east.id, middle_east.kind) == ("region:middle-east", PlaceKind.REGION)
    assert (middle_east.lat, middle_east.lon) == pytest.approx((28.1, 44.2), abs=0.5)
    assert by_text(found, "West Africa").place.id == "region:west-africa"


def test_seas_oceans_and_lakes(gaz):
    text = (
        "Boats left Zuwara for the Mediterranean; others crossed the Gulf of Aden, and "
        "fishermen on Lake Chad and in the Pacific reported the same."
    )
    found = find_toponyms(text, gazetteer=gaz)
    expected = {
        "Mediterranean": ("curated:mediterranean-sea", (35.0, 18.0)),
        "Gulf of Aden": ("curated:gulf-of-aden", (12.0, 48.0)),
        "Lake Chad": ("curated:lake-chad", (13.0, 14.0)),
        "Pacific": ("curated:pacific-ocean", (0.0, -160.0)),  # not Pacific, Missouri
    }
    for name, (place_id, point) in expected.items():
        place = by_text(found, name).place
        assert place.id == place_id and place.kind is PlaceKind.WATER, name
        assert (place.lat, place.lon) == pytest.approx(point), name


def test_a_county_missing_from_the_gazetteer_stands_on_its_namesake(gaz):
    # Alpine County has no town of 1,000 people, so no point and no row in the gazetteer
    text = "Snow closed roads in Alpine County, California, on Sunday."
    county = by_text(find_toponyms(text, gazetteer=gaz), "Alpine County")
    assert (county.place.name, county.place.admin1_code) == ("Alpine", "CA")
    assert county.confidence <= 0.3
    assert "no county of that name: its namesake 'Alpine'" in county.reason
    # given as a span, the same
    start = text.index("Alpine County")
    (given,) = resolve_toponyms(text, [(start, start + len("Alpine County"))], gazetteer=gaz)
    assert given.place.name == "Alpine" and given.confidence <= 0.3


@pytest.mark.parametrize(
    ("text", "name", "geonameid", "admin1", "point"),
    [
        # GeoNames points of the counties: Dallas County 32.767 N 96.778 W, Suffolk County
        # (New York) 40.940 N 72.685 W, Morris County (New Jersey) 40.862 N 74.544 W
        ("Flooding closed roads in Dallas County, Texas, on Sunday.", "Dallas County",
         4684904, "TX", (32.767, -96.778)),
        ("Police in Suffolk County, New York, said the ferry was halted.", "Suffolk County",
         5140076, "NY", (40.940, -72.685)),
        ("A storm felled trees across Morris County, New Jersey.", "Morris County",
         5101405, "NJ", (40.862, -74.544)),
    ],
)  # fmt: skip
def test_us_counties_are_in_the_gazetteer(gaz, text, name, geonameid, admin1, point):
    from gazetteer.geodesy import geodesic_distance

    county = by_text(find_toponyms(text, gazetteer=gaz), name).place
    assert county.id == f"geonames:{geonameid}" and county.kind is PlaceKind.ADMIN2
    assert county.admin1_code == admin1
    assert geodesic_distance(point, (county.lat, county.lon)).km < 60


def test_names_past_the_budget_get_the_most_prominent_place(gaz, monkeypatch):
    import gazetteer.geoparse.resolve as resolve

    head = "Libyan officials in Libya said strikes hit Murzuq, Sabha and Ubari, in southern Libya."
    tail = " Later strikes hit Paris, Tripoli and Murzuq."
    within = find_toponyms(head, gazetteer=gaz)
    monkeypatch.setattr(resolve, "MAX_NAMES_IN_CONTEXT", 4)  # Libya, Murzuq, Sabha, Ubari
    found = find_toponyms(head + tail, gazetteer=gaz)
    assert [m.text for m in found] == [m.text for m in within] + ["Paris", "Tripoli", "Murzuq"]
    # the first four names (and Murzuq again) are weighed in context as before
    assert [m.place.id for m in found[: len(within)]] == [m.place.id for m in within]
    assert found[-1].place.id == by_text(within, "Murzuq").place.id
    assert found[-1].confidence > 0.5 and found[-1].alternatives
    # the others get the most prominent place of their name, in Libya when there is one
    budget = "the text names more than 4 distinct places: this one is not weighed in context"
    paris, tripoli = found[-3], found[-2]
    assert (paris.place.id, paris.confidence, paris.alternatives) == ("geonames:2988507", 0.3, ())
    assert paris.reason == f"the most prominent place named 'Paris'; {budget}"
    assert (tripoli.place.id, tripoli.confidence) == ("geonames:2210247", 0.3)
    assert tripoli.reason == (
        f"the most prominent place named 'Tripoli' in LY, a country the text names; {budget}"
    )


def test_a_text_of_thousands_of_towns_is_geoparsed_within_the_budget(gaz):
    import gazetteer.geoparse.resolve as resolve

    rows = gaz._query(
        "SELECT name FROM places WHERE kind = 'city' AND name GLOB '[A-Z][a-z]*' "
        "GROUP BY name ORDER BY max(prominence) DESC LIMIT 3000"
    )
    towns = [r[0] for r in rows]
    text = "".join(
        f"Strikes were reported in the towns of {', '.join(towns[i : i + 9])} and {towns[i + 9]}. "
        for i in range(0, len(towns), 10)
    )
    found = [m for m in find_toponyms(text, gazetteer=gaz) if m.kind is ToponymKind.NAME]
    keys = list(dict.fromkeys(fold(m.text) for m in found))  # in the order of the text
    beyond = [m for m in found if "not weighed in context" in m.reason]
    assert len(keys) > resolve.MAX_NAMES_IN_CONTEXT + 500
    assert {fold(m.text) for m in beyond} == set(keys[resolve.MAX_NAMES_IN_CONTEXT :])
    assert all(m.confidence == 0.3 and not m.alternatives for m in beyond)
    assert sum(m.place is not None for m in beyond) > 0.9 * len(beyond)


def test_the_collector_is_paused_only_while_geoparsing(gaz, monkeypatch):
    import gc

    import gazetteer.geoparse.toponyms as toponyms

    seen = []
    original = toponyms.resolve_spans

    def resolve(*args):
        seen.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(toponyms, "resolve_spans", resolve)
    assert gc.isenabled()
    find_toponyms(LIBYA_STORY, gazetteer=gaz)
    resolve_toponyms(LIBYA_STORY, [(0, 2)], gazetteer=gaz)
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        find_toponyms(LIBYA_STORY, gazetteer=gaz)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(toponyms, "resolve_spans", broken)
    with pytest.raises(RuntimeError, match="boom"):
        find_toponyms(LIBYA_STORY, gazetteer=gaz)
    assert gc.isenabled()


@pytest.mark.parametrize("code", ["ZZZ", "ZZ", "", "L", 12])
def test_a_bad_publication_country_is_refused(gaz, code):
    if code == "":  # the app's empty field: no prior
        assert find_toponyms(LIBYA_STORY, gazetteer=gaz, publication_country=code)
        return
    with pytest.raises(InvalidQueryError, match=r"^publication country .*'LY'"):
        find_toponyms(LIBYA_STORY, gazetteer=gaz, publication_country=code)
    with pytest.raises(InvalidQueryError, match=r"^publication country .*'LY'"):
        resolve_toponyms(LIBYA_STORY, [(0, 2)], gazetteer=gaz, publication_country=code)


def test_the_pair_reason_is_typed_and_its_prose_only_shown(gaz):
    from gazetteer.geoparse.recognise import ReasonKind, recognise_spans

    text = "Strikes hit Tripoli, Lebanon, and Misrata."
    spans = {s.text: s for s in recognise_spans(text, gaz)}
    (pair,) = spans["Tripoli"].reasons
    assert (pair.kind, pair.text) == (ReasonKind.FOLLOWED_BY, "followed by 'Lebanon'")
    assert spans["Tripoli"].qualifier == "lebanon"
    assert spans["Misrata"].reasons == []


def test_match_kind_is_typed_and_serialised_as_its_label(gaz):
    found = find_toponyms("Libyan forces entered Murzuq.", gazetteer=gaz)
    assert [(m.text, m.kind) for m in found] == [
        ("Libyan", ToponymKind.DEMONYM),
        ("Murzuq", ToponymKind.NAME),
    ]
    assert all(type(m.kind) is ToponymKind for m in found)
    assert [m.as_dict()["kind"] for m in found] == ["demonym", "name"]
    assert all(type(m.as_dict()["kind"]) is str for m in found)


def test_match_refuses_a_kind_that_is_not_a_toponym_kind():
    from gazetteer.geoparse import ToponymMatch

    with pytest.raises(TypeError, match=r"kind must be a ToponymKind, got 'demonym'"):
        ToponymMatch(0, 6, "Libyan", None, 0.0, (), "why", "demonym")  # type: ignore[arg-type]


def test_a_division_the_text_names_picks_the_namesake_inside_it(gaz):
    # eight US counties share the name; the state the text talks about decides, for the
    # rules and for the learned ranker alike
    text = (
        "Voters across California turned out on Tuesday. The count in Orange County went on "
        "past midnight, and officials in California said the result would be certified soon."
    )
    for model in (None, default_ranker()):
        with ranking(model):
            county = by_text(find_toponyms(text, gazetteer=gaz), "Orange County")
        assert county.place is not None
        assert (county.place.country_code, county.place.admin1_code) == ("US", "CA")
        assert county.place.lat == pytest.approx(33.7, abs=0.3)


def test_a_namesake_past_the_lookup_limit_is_found_in_the_named_division(gaz):
    # the country has more Montgomery Counties than a lookup returns; the one in the state
    # the text names is looked for there
    assert all(c.place.admin1_code != "IA" for c in gaz.search("Montgomery County", limit=8))
    text = (
        "Farmers in Iowa expect a late harvest. Rain flooded fields in Montgomery County "
        "on Sunday, and Iowa officials asked drivers to stay off rural roads."
    )
    for model in (None, default_ranker()):
        with ranking(model):
            county = by_text(find_toponyms(text, gazetteer=gaz), "Montgomery County")
        assert county.place is not None
        assert (county.place.country_code, county.place.admin1_code) == ("US", "IA")
        assert county.place.lat == pytest.approx(41.0, abs=0.3)
        assert county.place.lon == pytest.approx(-95.2, abs=0.3)


@pytest.mark.parametrize(("name", "code"), [("Japan", "JP"), ("Sri Lanka", "LK")])
def test_a_country_name_is_not_the_land_that_bears_it(gaz, name, code):
    # the archipelago or island named like the country is no rival to the country
    text = f"Exports from {name} rose in March, officials in {name} said on Friday."
    for model in (None, default_ranker()):
        with ranking(model):
            found = [m for m in find_toponyms(text, gazetteer=gaz) if m.text == name]
        assert [m.place.kind for m in found] == [PlaceKind.COUNTRY, PlaceKind.COUNTRY]
        assert {m.place.country_code for m in found} == {code}
        assert not [
            c
            for c in found[0].alternatives
            if c.place.kind in (PlaceKind.ISLAND, PlaceKind.ISLANDS) and c.place.name == name
        ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A jet struck a village in Bama Local Government Area of Borno State on Monday.",
            [("Bama", "city"), ("Borno State", "admin1")],
        ),
        (
            "Herders were killed in Doma Local Government Area of Nasarawa State.",
            [("Doma", "city"), ("Nasarawa State", "admin1")],
        ),
        (
            "The Musa Qala District of Helmand Province was hit.",
            [("Musa Qala", "city"), ("Helmand Province", "admin1")],
        ),
        # not an area and its division: one name, as before
        (
            "Staff at the University of Texas Hospital said.",
            [("University of Texas Hospital", None)],
        ),
    ],
)
def test_an_area_of_a_state_is_two_places(gaz, text, expected):
    found = find_toponyms(text, gazetteer=gaz)
    assert [(m.text, m.place.kind.value if m.place else None) for m in found] == expected
