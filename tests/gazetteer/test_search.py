import random

import pytest

import gazetteer.search
from gazetteer.model import Candidate, MatchKind, PlaceKind
from gazetteer.search import Gazetteer
from geo import InvalidCoordinatesError, InvalidQueryError, UnknownPlaceError, geodesic_distance

DERNA = (32.767, 22.637)


@pytest.fixture
def afresh(gazetteer_index, monkeypatch):
    """The index opened again, keeping no answers: every search reads the index."""
    monkeypatch.setattr(gazetteer.search, "ANSWERS_KEPT", 0)
    with Gazetteer(gazetteer_index) as opened:
        yield opened


def top(gaz, name, **kwargs):
    found = gaz.search(name, **kwargs)
    assert found, f"nothing found for {name!r}"
    return found[0]


@pytest.mark.parametrize("name", ["Darnah", "Derna", "Darna", "DERNA", "Darnah, Libya", "derna"])
def test_derna_spellings_find_the_same_town(gaz, name):
    best = top(gaz, name)
    assert best.place.country_code == "LY"
    assert best.place.kind is PlaceKind.CITY
    assert geodesic_distance((best.place.lat, best.place.lon), DERNA).km < 10


@pytest.mark.parametrize(
    ("group", "where"),
    [
        (["Surt", "Sirte", "Sirt"], (31.2089, 16.5887)),
        (["Murzuq", "Murzuk", "Marzuq"], (25.9155, 13.9184)),
        (["Agadez", "Agadès", "Agades"], (16.9733, 7.9911)),
        (["Bani Walid", "Beni Walid", "Bani Waleed"], (31.7455, 13.9835)),
        (["Sabha", "Sebha"], (27.0377, 14.4283)),
    ],
)
def test_spelling_groups_resolve_to_one_place(gaz, group, where):
    ids = {top(gaz, name).place.id for name in group}
    assert len(ids) == 1, {name: top(gaz, name).place.label for name in group}
    best = top(gaz, group[0]).place
    assert geodesic_distance((best.lat, best.lon), where).km < 10


def test_tripoli_means_libya_unless_told_otherwise(gaz):
    found = gaz.search("Tripoli", limit=5)
    assert found[0].place.country_code == "LY"
    assert found[0].place.lat == pytest.approx(32.887, abs=0.05)
    assert {c.place.country_code for c in found} >= {"LY", "LB"}
    assert found[0].score > found[1].score
    lebanon = top(gaz, "Tripoli", country="LB")
    assert lebanon.place.country_code == "LB"
    assert lebanon.place.lat == pytest.approx(34.43, abs=0.05)
    assert "country filter LB" in lebanon.reason


def test_springfield_lists_us_towns_with_their_states(gaz):
    found = gaz.search("Springfield", limit=8)
    us = [c for c in found if c.place.country_code == "US"]
    assert len(us) >= 5
    assert all(c.place.admin1 for c in us)
    assert {c.place.admin1 for c in us[:3]} == {"Missouri", "Massachusetts", "Illinois"}
    assert all(c.place.population >= 100_000 for c in us[:3])
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    illinois = top(gaz, "Springfield, Ill.")
    assert illinois.place.admin1 == "Illinois"
    assert "in Illinois as the query says" in illinois.reason


@pytest.mark.parametrize(
    ("name", "kind", "country", "where"),
    [
        ("Dirkou", None, "NE", (18.99, 12.88)),
        ("Air Base 201", PlaceKind.AIR_BASE, "NE", (16.950, 8.014)),
        ("Sigonella", None, "IT", (37.40, 14.92)),
        ("Ramstein Air Base", PlaceKind.AIR_BASE, "DE", (49.437, 7.600)),
        ("Fezzan", PlaceKind.REGION, "LY", None),
        ("Ténéré", PlaceKind.DESERT, "NE", None),
    ],
)
def test_bases_regions_and_deserts_resolve(gaz, name, kind, country, where):
    best = top(gaz, name)
    assert best.place.country_code == country
    if kind is not None:
        assert best.place.kind is kind
    if where is not None:
        assert geodesic_distance((best.place.lat, best.place.lon), where).km < 15


def test_reasons_explain_the_ranking(gaz):
    best = top(gaz, "Derna")
    assert best.reason.startswith("alternate name 'Derna'") or best.reason.startswith("exact name")
    variant = top(gaz, "Dernah")
    assert "spelling variant" in variant.reason or "alternate name" in variant.reason


# The words each kind of match opens its reason with (the reason is for people; code asks
# the match kind).
REASON_OPENINGS = {
    MatchKind.EXACT: "exact name ",
    MatchKind.ALTERNATE: "alternate name ",
    MatchKind.EXPANDED: "abbreviation expanded to ",
    MatchKind.VARIANT: "spelling variant ",
    MatchKind.FUZZY: "close spelling ",
}


@pytest.mark.parametrize(
    ("query", "kinds", "match_kind", "where"),
    [
        ("Darnah", None, MatchKind.EXACT, "Darnah, LY"),
        ("Derna", None, MatchKind.ALTERNATE, "Darnah, LY"),
        ("Pt. Pleasant", None, MatchKind.EXPANDED, "Point Pleasant, New Jersey, US"),
        ("Mizrata", None, MatchKind.VARIANT, "Misratah, Mişrātah, LY"),
        ("Ouagadougouxx", None, MatchKind.FUZZY, "Ouagadougou, Centre, BF"),
        ("Niamey", ["airport"], MatchKind.NEARBY, "Diori Hamani International Airport, NE"),
    ],
)
def test_each_candidate_says_how_its_name_matched(gaz, query, kinds, match_kind, where):
    best = top(gaz, query, kinds=kinds)
    assert best.match_kind is match_kind
    assert best.place.label == where
    if match_kind is MatchKind.NEARBY:
        assert best.reason.startswith("airport 9 km from Niamey")
    else:
        assert best.reason.startswith(REASON_OPENINGS[match_kind])
    assert best.match_kind.is_exact == (match_kind in (MatchKind.EXACT, MatchKind.ALTERNATE))


@pytest.mark.parametrize("query", ["Murzuq", "Tripoli", "Springfield", "St. Louis", "Benghazzi"])
def test_match_kind_and_reason_agree_for_every_candidate(gaz, query):
    for candidate in gaz.search(query, limit=20):
        opening = REASON_OPENINGS.get(candidate.match_kind)
        if opening is not None:
            assert candidate.reason.startswith(opening), candidate
        else:
            assert not any(candidate.reason.startswith(o) for o in REASON_OPENINGS.values())


def test_a_candidate_needs_a_match_kind(gaz):
    place = top(gaz, "Darnah").place
    with pytest.raises(TypeError, match=r"^match_kind must be a MatchKind, got 'exact'; "):
        Candidate(place, 1.0, "exact name 'Darnah'", "Darnah", "exact")


def test_typos_fall_back_to_fuzzy_matching_scored_below_exact(gaz):
    fuzzy = top(gaz, "Benghazzi")
    exact = top(gaz, "Benghazi")
    assert fuzzy.place.id == exact.place.id
    assert "close spelling" in fuzzy.reason or "spelling variant" in fuzzy.reason
    assert fuzzy.score < exact.score


def test_near_and_kind_filters(gaz):
    near_lebanon = top(gaz, "Tripoli", near=(33.9, 35.5))
    assert near_lebanon.place.country_code == "LB"
    assert near_lebanon.distance_km < 100
    airports = gaz.search("Niamey", kinds=["airport"])
    assert airports and all(c.place.kind is PlaceKind.AIRPORT for c in airports)
    assert gaz.search("Niamey", kinds=[PlaceKind.DESERT]) == []


def test_nothing_found(gaz):
    assert gaz.search("Qwxzyvplk") == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": ""}, "name must not be empty, got ''"),
        ({"name": "   "}, "name must not be empty, got '   '"),
        (
            {"name": "x" * 10_000},
            "name is too long (10000 characters, at most 200): pass a place name, not a document",
        ),
        ({"name": "Der\x00na"}, "name contains control character '\\x00' at position 3; remove it"),
        ({"name": 42}, "name must be a string, got 42"),
        (
            {"name": "Derna", "country": "Libya"},
            "country must be an ISO 3166-1 alpha-2 code such as 'LY', got 'Libya'",
        ),
        ({"name": "Derna", "limit": 0}, "limit must be a whole number from 1 to 100, got 0"),
    ],
)
def test_bad_queries_raise_clear_errors(gaz, kwargs, message):
    with pytest.raises(InvalidQueryError) as info:
        gaz.search(**kwargs)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_bad_kind_and_near(gaz):
    with pytest.raises(InvalidQueryError, match=r"^kind must be one of continent, country, admin1"):
        gaz.search("Derna", kinds=["spaceport"])
    with pytest.raises(
        InvalidCoordinatesError, match=r"^near: latitude must be between -90 and 90, got 95$"
    ):
        gaz.search("Derna", near=(95, 0))


def test_get_by_id(gaz):
    murzuq = gaz.get("geonames:2214603")
    assert murzuq.name in {"Murzuq", "Murzuk"} and murzuq.country_code == "LY"
    with pytest.raises(
        UnknownPlaceError, match=r"^no place with id 'geonames:0' in the gazetteer$"
    ):
        gaz.get("geonames:0")


def test_reverse_murzuq(gaz):
    result = gaz.reverse(25.9, 13.9)
    assert result.country.country_code == "LY"
    assert result.admin1.name == "Murzuq"
    assert result.admin1.country_code == "LY"
    assert result.nearest.name in {"Murzuq", "Murzuk"}
    assert result.distance_km == pytest.approx(2.4, abs=1.0)
    assert "of Murzu" in result.description and result.description.endswith("Libya")


@pytest.mark.parametrize(
    ("division", "shown"),
    [
        ("Murzuq", "Murzuq district"),
        ("Murzuq District", "Murzuq District"),
        ("Lima Province", "Lima Province"),
        ("Shabwah Governorate", "Shabwah Governorate"),
        ("Agadez Region", "Agadez Region"),
        ("Free State", "Free State"),
        ("Northern Territory", "Northern Territory"),
        ("Kandahar province", "Kandahar province"),
        ("Statesboro", "Statesboro district"),  # a kind word only as a whole last word
    ],
)
def test_reverse_names_a_division_by_its_kind_word_once(division, shown):
    from gazetteer.model import Place
    from gazetteer.search import ReverseResult

    admin1 = Place.trusted(
        "t:1", division, PlaceKind.ADMIN1, "ADM1", "LY", "", 25.9, 13.9, 0, 0.5, "t", "01"
    )
    country = Place.trusted(
        "t:2", "Libya", PlaceKind.COUNTRY, "PCLI", "LY", "", 26.0, 17.0, 0, 1.0, "t", ""
    )
    result = ReverseResult(25.9, 13.9, country, admin1, None, None, None)
    assert result.description == f"{shown}, Libya"


def test_reverse_in_a_division_named_district(gaz):
    result = gaz.reverse(-41.3, 173.0)  # near Nelson, in Tasman District
    assert result.admin1.name == "Tasman District"
    assert "Tasman District, New Zealand" in result.description
    assert "District district" not in result.description


def test_reverse_far_from_towns_and_at_sea(gaz):
    desert = gaz.reverse(23.0, 12.0)
    assert desert.country.country_code in {"LY", "NE", "DZ"}
    assert desert.nearest is not None and desert.distance_km > 20
    sea = gaz.reverse(0.0, -30.0)
    assert sea.country is None and sea.admin1 is None


def test_admin1_at_is_the_division_reverse_gives(gaz):
    import random

    rng = random.Random(3)
    points = [(25.91552, 13.91839), (0.0, -30.0), (9.56, 44.065), (23.0, 12.0)]
    points += [(rng.uniform(-10, 40), rng.uniform(-20, 70)) for _ in range(200)]
    held = 0
    for lat, lon in points:
        admin1 = gaz.admin1_at(lat, lon)
        assert admin1 == gaz.reverse(lat, lon).admin1
        held += admin1 is not None
    assert gaz.admin1_at(25.91552, 13.91839).name == "Murzuq"
    assert gaz.admin1_at(0.0, -30.0) is None
    assert 50 < held < len(points)
    with pytest.raises(
        InvalidCoordinatesError, match=r"^point: longitude must be between -180 and 180, got 190$"
    ):
        gaz.admin1_at(10, 190)


def test_reverse_rejects_bad_points(gaz):
    with pytest.raises(
        InvalidCoordinatesError, match=r"^point: latitude must be between -90 and 90, got 95$"
    ):
        gaz.reverse(95, 13.9)


@pytest.mark.parametrize(
    ("name", "division"),
    [("NSW", "New South Wales"), ("N.S.W.", "New South Wales"), ("B.C.", "British Columbia")],
)
def test_division_initialisms(gaz, name, division):
    best = top(gaz, name)
    assert best.place.kind is PlaceKind.ADMIN1 and best.place.name == division


def test_a_state_outranks_a_small_town_named_after_it(gaz):
    assert top(gaz, "California").place.kind is PlaceKind.ADMIN1
    assert top(gaz, "Minnesota").place.kind is PlaceKind.ADMIN1
    # ... but the seat of a division of its own name is what the name means
    assert top(gaz, "Murzuq").place.kind is PlaceKind.CITY
    assert top(gaz, "Sabha").place.kind is PlaceKind.CITY


def test_continents_use_geonames_points(gaz):
    africa = top(gaz, "Africa").place
    assert africa.kind is PlaceKind.CONTINENT and africa.id == "geonames:6255146"


def test_a_city_with_a_province_name_only_as_an_alternate_yields_to_the_province(gaz):
    # GeoNames lists "Henan" among Hengyang's names; Hengyang lies in Hunan
    found = gaz.search("Henan", limit=3)
    assert (found[0].place.kind, found[0].place.country_code) == (PlaceKind.ADMIN1, "CN")
    hengyang = next(c for c in found if c.place.name == "Hengyang")
    assert found[0].score - hengyang.score == pytest.approx(0.1, abs=1e-3)
    # a seat keeps its place just above its division (Murzuq town in Murzuq district)
    assert top(gaz, "Murzuq").place.kind is PlaceKind.CITY


def test_search_many_answers_as_search_one_by_one(afresh):
    gaz = afresh  # no answer kept: each is searched, with the rows read in bulk or not
    names = [
        "Derna",
        "Darnah, Libya",
        "Murzuk",
        "Tripolii",  # a close spelling only
        "Springfield, Ill.",
        "Washington, D.C.",
        "Athens, GA",
        "Mesa, Allen",  # no area named Allen: searched as one name, and spelt closely
        "Kabul, Johannesburg",
        "St. Louis",
        "Agadès",
        "Qwertzuiopland",
        "Derna",
    ]
    refused = ["", "Sirte\tLibya", "x" * 300]
    answers = gaz.search_many([*names, *refused], limit=8)
    assert len(answers) == len(names) + len(refused)
    for name, answer in zip(names, answers, strict=False):
        assert answer == gaz.search(name, limit=8), name
    assert answers[names.index("Mesa, Allen")][0].place.name == "McAllen"
    for name, answer in zip(refused, answers[len(names) :], strict=True):
        with pytest.raises(InvalidQueryError) as raised:
            gaz.search(name, limit=8)
        assert isinstance(answer, InvalidQueryError) and str(answer) == str(raised.value)
    with pytest.raises(
        InvalidQueryError, match=r"limit must be a whole number from 1 to 100, got 0"
    ):
        gaz.search_many(["Derna"], limit=0)
    assert gaz.search_many([]) == []
    # with a country filter, as search() filters
    within = ["Qoryoley", "Bulo Burte", "Derna", "Tripoli", "Murzuk", "Paris", "Springfield"]
    for countries in (["SO"], ["LY", "LB", "US"]):
        answers = gaz.search_many(within, country=countries, limit=3)
        for name, answer in zip(within, answers, strict=True):
            assert answer == gaz.search(name, country=countries, limit=3), (name, countries)
    assert gaz.search_many(["Qoryoley"], country="SO", limit=3)[0][0].place.name == "Qoryooley"
    with pytest.raises(InvalidQueryError, match=r"country must be an ISO 3166-1 alpha-2 code"):
        gaz.search_many(["Derna"], country="LBY")


def test_most_prominent_place_of_each_name(gaz):
    found = gaz.most_prominent(["paris", "tripoli", "st louis", "qwertzuiopland", ""])
    assert {key: (place.id, inside) for key, (place, inside) in found.items()} == {
        "paris": ("geonames:2988507", False),  # Paris, France
        "tripoli": ("geonames:2210247", False),  # Tripoli, Libya
        "st louis": ("geonames:4407066", False),  # by its expansion: Saint Louis, Missouri
    }
    found = gaz.most_prominent(["paris", "tripoli"], countries=["us", "LY"])
    assert (found["paris"][0].country_code, found["paris"][0].admin1_code) == ("US", "TX")
    assert found["paris"][1] is True
    assert found["tripoli"][0].id == "geonames:2210247" and found["tripoli"][1] is True


# Names for the memo tests: exact, alternate, abbreviated, variant and close spellings,
# qualified pairs, names of nothing, and repeats.
MEMO_NAMES = [
    "Derna",
    "Darnah, Libya",
    "Murzuk",
    "Tripolii",
    "Springfield, Ill.",
    "Athens, GA",
    "Mesa, Allen",
    "St. Louis",
    "Qoryoley",
    "Bulo Burte",
    "Benghazy",
    "Kandahaar",
    "Qwertzuiopland",
    "Georgia",
    "Derna",
    "Murzuk",
]


def test_answers_kept_are_the_answers_searched_afresh(gazetteer_index, afresh, monkeypatch):
    monkeypatch.setattr(gazetteer.search, "ANSWERS_KEPT", 4096)
    keeping = Gazetteer(gazetteer_index)
    searched = []
    search = Gazetteer._search

    def counting(self, text, *args):
        if self is keeping:
            searched.append(text)
        return search(self, text, *args)

    monkeypatch.setattr(Gazetteer, "_search", counting)
    rng = random.Random(7)
    options = [
        {},
        {"country": "LY"},
        {"country": ["SO", "US"]},
        {"kinds": ["city"]},
        {"near": (32.0, 21.0)},
        {"limit": 2},
    ]
    for round in range(3):  # the second and third rounds are answered from what was kept
        searched.clear()
        for kwargs in options:
            for name in rng.sample(MEMO_NAMES, len(MEMO_NAMES)):
                got = keeping.search(name, **kwargs)
                assert got == afresh.search(name, **kwargs), (name, kwargs)
        for country in (None, "LY", ["SO", "US"]):
            names = rng.sample(MEMO_NAMES, len(MEMO_NAMES))
            got = keeping.search_many(names, country=country, limit=3)
            assert got == afresh.search_many(names, country=country, limit=3), country
        if round == 0:  # each distinct question searched once: 9 sets of options
            assert sorted(searched) == sorted([*set(MEMO_NAMES)] * (len(options) + 3))
        else:
            assert searched == []
    keeping.close()


def test_a_kept_answer_is_a_list_of_the_callers_own(gaz):
    first = gaz.search("Derna", limit=3)
    first.clear()
    assert len(gaz.search("Derna", limit=3)) == 3
    many = gaz.search_many(["Derna", "Derna"], limit=3)
    many[0].append("mine")
    assert many[1] == gaz.search("Derna", limit=3) and "mine" not in many[1]


def test_kept_answers_do_not_outlive_their_index(tmp_path):
    from gazetteer.index import build_index
    from tests.gazetteer.test_index import SMALL_DUMP, write_dump

    one = build_index(
        tmp_path / "one.sqlite", geonames_files=[write_dump(tmp_path, SMALL_DUMP)], shipped=False
    )
    moved = [line.replace("25.91552\t13.91839", "26.5\t14.5") for line in SMALL_DUMP]
    other = tmp_path / "other"
    other.mkdir()
    two = build_index(
        other / "two.sqlite", geonames_files=[write_dump(other, moved)], shipped=False
    )
    with Gazetteer(one.path) as first, Gazetteer(two.path) as second:
        assert (first.search("Murzuq")[0].place.lat, second.search("Murzuq")[0].place.lat) == (
            pytest.approx(25.91552),
            pytest.approx(26.5),
        )
        assert first.search("Murzuq")[0].place.lat == pytest.approx(25.91552)
    # the same file rebuilt from other data, opened again: its own answers
    build_index(one.path, geonames_files=[write_dump(other, moved)], shipped=False)
    with Gazetteer(one.path) as again:
        assert again.search("Murzuq")[0].place.lat == pytest.approx(26.5)


def test_kept_answers_drop_the_least_recently_asked():
    from gazetteer.search import _Answers, _question

    kept = _Answers(2)
    a, b, c = (_question(name, set(), set(), None, 10) for name in ("a", "b", "c"))
    kept.put(a, ())
    kept.put(b, ())
    assert kept.get(a) == ()  # a is now the most recent
    kept.put(c, ())
    assert (kept.get(a), kept.get(b), kept.get(c)) == ((), None, ())
    none_kept = _Answers(0)
    none_kept.put(a, ())
    assert none_kept.get(a) is None
    # the options are part of the question
    assert _question("a", {"LY"}, set(), None, 10) != a
    assert _question("a", set(), {"city"}, None, 10) != a
    assert _question("a", set(), set(), (1.0, 2.0), 10) != a
    assert _question("a", set(), set(), None, 3) != a


def test_close_spelling_keys_are_read_per_letter_in_the_index_order(gaz):
    every = [key for (key,) in gaz._query("SELECT key FROM fuzzy_keys")]
    by_letter = {}
    for key in every:
        by_letter.setdefault(key[0], []).append(key)
    assert len(by_letter) > 30
    for letter, keys in by_letter.items():
        assert gaz._fuzzy_keys(letter)._keys == sorted(keys, key=len), letter
    assert gaz._fuzzy_keys("é") is None and gaz._fuzzy_keys("~") is None


def test_letter_counts_are_built_once_a_letter_is_asked_often(gazetteer_index):
    from gazetteer.search import _FUZZY_COUNTS_AFTER

    with Gazetteer(gazetteer_index) as opened:
        bucket = opened._fuzzy_keys("b")
        whole = bucket.choices("benghazy", 5, 10)
        assert bucket._counts is None and len(whole) > 1000
        for _ in range(_FUZZY_COUNTS_AFTER - 2):
            assert bucket.choices("benghazy", 5, 10) == whole
        assert bucket._counts is None
        filtered = bucket.choices("benghazy", 5, 10)
        assert bucket._counts is not None
        assert "benghazi" in filtered and len(filtered) < len(whole) // 10
        assert set(filtered) <= set(whole)
