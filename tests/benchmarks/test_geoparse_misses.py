"""The benchmark's classification of the gold toponyms no candidate reaches.

Synthetic sentences written for these tests; GeoNames tables are tiny files made here.
"""

import pytest

from tests.factories import load_benchmark

ge = load_benchmark("geoparse_eval")
gm = load_benchmark("geoparse_misses")

TABLES = gm.GeoNamesTables(
    countries=frozenset({"11"}),
    admin1=frozenset({"12"}),
    admin2_us=frozenset({"13"}),
    admin2=frozenset({"14"}),
)


def gold(text, name, ref="", kind="Literal"):
    start = text.index(name)
    return ge.GoldToponym(start, start + len(name), name, kind, 1.0, 2.0, ref)


@pytest.mark.parametrize(
    ("text", "name", "ref", "in_us", "kind"),
    [
        ("Officials in Avalon said so.", "Avalon", "11", False, "country"),
        ("Officials in Avalon said so.", "Avalon", "12", False, "first-level division"),
        ("Officials in Avalon said so.", "Avalon", "13", True, "US county"),
        ("Officials in Avalon said so.", "Avalon", "14", False,
         "second-level division (outside the US)"),
        ("Boats sank on the Ferro River.", "Ferro", "", False, "river, lake, sea or other water"),
        ("Boats sank in Lake Ferro.", "Lake Ferro", "", False, "river, lake, sea or other water"),
        ("Roads closed in Ferro County on Monday.", "Ferro County", "", True, "US county"),
        ("Roads closed in Ferro County on Monday.", "Ferro County", "", False,
         "second-level division (outside the US)"),
        ("Roads closed in Ferro Township.", "Ferro Township", "", True,
         "US township, ward or district"),
        ("A fire hit Ferro Street.", "Ferro Street", "", False, "street, building or venue"),
        ("Traffic stopped on the A417 today.", "A417", "", False, "street, building or venue"),
        ("The Bank of Avalon raised rates.", "Bank of Avalon", "", False,
         "organisation, event or team named for a place"),
        ("Avalon City won the match.", "Avalon City", "", False,
         "organisation, event or team named for a place"),
        ("Snow fell on the Ferro Mountains.", "Ferro Mountains", "", False,
         "natural region or area"),
        ("Rain fell on Port Ferro.", "Port Ferro", "", True, "town, village or neighbourhood (US)"),
        ("Rain fell on Port Ferro.", "Port Ferro", "", False, "town, village or neighbourhood"),
    ],
)  # fmt: skip
def test_classify_by_gold_id_then_by_words(text, name, ref, in_us, kind):
    t = gold(text, name, ref)
    assert gm.classify(text, t, TABLES, in_us=in_us, demonym=False) == kind


def test_classify_demonyms_and_names_known_elsewhere():
    text = "Avalonian troops crossed into the Ferro Sea region."
    demonym = gold(text, "Avalonian", kind="Non_Literal_Modifier")
    assert gm.classify(text, demonym, TABLES, in_us=False, demonym=False) == (
        "demonym or adjective"  # by its ending, for a modifier that is not a place
    )
    assert gm.classify(text, demonym, TABLES, in_us=False, demonym=True) == "demonym or adjective"
    sea = gold(text, "Ferro Sea")
    assert (
        gm.classify(text, sea, TABLES, in_us=False, demonym=False, candidate_kinds={"water"})
        == "sea, continent or group of countries, its point elsewhere"
    )


def test_a_wikipedia_page_title_tells_the_kind():
    text = "Boats sank on the Ferro."
    t = gold(text, "Ferro", ref="https://en.wikipedia.org/wiki/Ferro_River")
    assert gm.classify(text, t, TABLES, in_us=False, demonym=False) == (
        "river, lake, sea or other water"
    )


def test_geonames_tables_are_read_from_their_files(tmp_path):
    (tmp_path / "countryInfo.txt").write_text(
        "#ISO\tcomment\nAV\tAVL\t999\tAV\tAvalon\tPort Ferro\t1\t2\tEU\t.av\tAVD\tDollar\t1\t\t\t"
        "en\t11\t\t\n",
        encoding="utf-8",
    )
    (tmp_path / "admin1CodesASCII.txt").write_text("AV.01\tNorth\tNorth\t12\n", encoding="utf-8")
    (tmp_path / "admin2Codes.txt").write_text(
        "US.NJ.027\tMorris County\tMorris County\t13\nAV.01.02\tWest\tWest\t14\n",
        encoding="utf-8",
    )
    assert gm.GeoNamesTables.read(tmp_path) == TABLES
    assert gm.GeoNamesTables.read(tmp_path / "absent") == gm.GeoNamesTables()


def test_tally_and_render():
    tally = gm.MissTally("gwn", toponyms=10, covered=7)
    text = "Rain fell on Port Ferro and Port Ferro."
    t = gold(text, "Port Ferro")
    tally.add("town, village or neighbourhood", False, "Port Ferro", "7", t)
    tally.add("town, village or neighbourhood", True, "Port Ferro", "7", t)
    tally.add("US county", False, "Ferro County", "8", t)
    assert tally.ceiling == pytest.approx(0.7)
    assert tally.kinds == {"town, village or neighbourhood": [1, 1], "US county": [1, 0]}
    assert tally.as_dict()["kinds"]["US county"] == {"no_candidate": 1, "homonyms_only": 0}
    lines = gm.render([tally], {"gwn": "GeoWebNews"})
    assert "- GeoWebNews: 10 toponyms, 7 covered (ceiling 70.0 %), 3 not." in lines
    assert "| town, village or neighbourhood | 1 | 1 | Port Ferro |" in lines
    assert "| US county | 1 | 0 | Ferro County |" in lines
