"""Places conflict reports name that the lists miss: curated areas, towns and spellings.

Every sentence here is written for these tests. Each addition is checked in context, and
so is its namesake elsewhere (Bari in Italy, Makin in Kiribati, Ouagadougou), so that an
addition never steals a name it should not.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from gazetteer.errors import DataError
from gazetteer.geodesy import geodesic_distance
from gazetteer.geoparse.toponyms import find_toponyms
from gazetteer.index import _SCHEMA, BuildReport, _Row, _Writer
from gazetteer.model import PlaceKind
from gazetteer.search import curated_radius_km
from geo.extraction.extract import extract_claims
from geo.model.records import LocationPrecision

pytestmark = pytest.mark.usefixtures("gazetteer_index")

TUESDAY = dt.date(2021, 5, 11)


def _resolved(text: str, gaz) -> dict[str, tuple[str, float, float]]:
    """Each place name of ``text`` and the (id, lat, lon) it resolved to."""
    return {
        t.text: (t.place.id, t.place.lat, t.place.lon)
        for t in find_toponyms(text, gazetteer=gaz)
        if t.place is not None
    }


@pytest.mark.parametrize(
    ("name", "place_id", "lat", "lon"),
    [
        ("Puntland", "curated:puntland", 9.17, 49.44),
        ("Jubaland", "curated:jubaland", 1.42, 41.98),
        ("Galmudug", "curated:galmudug", 5.46, 47.30),
        ("Hirshabelle", "curated:hirshabelle", 3.80, 45.66),
        ("South West State", "curated:south-west-state", 2.88, 43.87),
        ("North Waziristan", "curated:north-waziristan", 32.91, 70.03),
        ("South Waziristan", "curated:south-waziristan", 32.24, 69.59),
        ("Waziristan", "curated:waziristan", 32.47, 69.94),
        ("Sambisa forest", "curated:sambisa-forest", 11.25, 13.42),
        ("Wagadou forest", "curated:wagadou-forest", 14.98, -5.72),
        ("Makeen", "curated:makeen", 32.62, 69.84),
        ("Diabaly", "curated:diabaly", 14.68, -6.02),
        ("Nampala", "curated:nampala", 15.28, -5.43),
        ("FATA", "geonames:1179245", 32.61, 69.90),
        ("Barawe", "curated:barawa", 1.11, 44.03),
        ("Afmadow", "curated:afmadow", 0.52, 42.07),
        ("Balcad", "curated:balcad", 2.36, 45.39),
        ("Mahaday", "curated:mahaday", 2.97, 45.53),
        ("Hombori", "curated:hombori", 15.28, -1.70),
    ],
)
def test_a_name_the_lists_missed_is_found(gaz, name, place_id, lat, lon) -> None:
    (best, *_) = gaz.search(name, limit=1)
    assert best.place.id == place_id
    assert geodesic_distance((best.place.lat, best.place.lon), (lat, lon)).km < 2


def test_de_facto_states_of_somalia_in_a_report(gaz) -> None:
    text = (
        "Africa Command said the strike in Puntland killed two fighters. Officials in "
        "Jubaland and in Hirshabelle said the fighting had spread to Galmudug."
    )
    found = _resolved(text, gaz)
    assert {
        name: found[name][0] for name in ("Puntland", "Jubaland", "Hirshabelle", "Galmudug")
    } == {
        "Puntland": "curated:puntland",
        "Jubaland": "curated:jubaland",
        "Hirshabelle": "curated:hirshabelle",
        "Galmudug": "curated:galmudug",
    }


def test_waziristan_names_in_a_report(gaz) -> None:
    text = (
        "A drone strike hit a compound near Makin in South Waziristan, officials in Wana "
        "said. Elders in FATA and in North Waziristan condemned it."
    )
    found = _resolved(text, gaz)
    assert found["Makin"][0] == "curated:makeen"
    assert found["South Waziristan"][0] == "curated:south-waziristan"
    assert found["FATA"][0] == "geonames:1179245"  # not the South African airfield FATA
    assert found["North Waziristan"][0] == "curated:north-waziristan"


def test_waziristan_towns_in_a_report(gaz) -> None:
    text = (
        "A drone strike hit a house in Mir Ali, North Waziristan, and another struck near "
        "Ladha and Angoor Adda in South Waziristan, officials in Wana said."
    )
    found = _resolved(text, gaz)
    assert (found["Mir Ali"][0], found["Ladha"][0], found["Angoor Adda"][0]) == (
        "curated:mir-ali",
        "curated:ladha",
        "curated:angoor-adda",
    )
    assert geodesic_distance(found["Mir Ali"][1:], (32.97, 70.27)).km < 1


def test_the_kiribati_makin_keeps_its_name_in_its_own_context(gaz) -> None:
    text = "The island council of Makin in Kiribati met on Tarawa to talk about the sea."
    assert _resolved(text, gaz)["Makin"][0] == "geonames:7521596"


def test_bari_in_italy_is_not_the_somali_region(gaz) -> None:
    text = "Ferries leave Bari for Albania every night, and trains run from Bari to Naples."
    assert _resolved(text, gaz)["Bari"][0] == "geonames:3182351"


def test_the_ouagadou_forest_is_not_ouagadougou(gaz) -> None:
    text = (
        "French forces said a drone killed seven militants in the Ouagadou forest in central "
        "Mali. A separate attack hit Ouagadougou in Burkina Faso."
    )
    found = _resolved(text, gaz)
    assert found["Ouagadou"][0] == "curated:wagadou-forest"
    assert found["Ouagadougou"][0] == "geonames:2357048"


def test_somali_district_seats_in_a_report(gaz) -> None:
    text = (
        "Al-Shabaab fighters attacked an army base in Balcad and mortars fell near Mahaday, "
        "while Somali troops held Barawe and Afmadow. Bardera was calm."
    )
    found = _resolved(text, gaz)
    assert {name: found[name][0] for name in ("Balcad", "Mahaday", "Barawe", "Afmadow")} == {
        "Balcad": "curated:balcad",
        "Mahaday": "curated:mahaday",
        "Barawe": "curated:barawa",
        "Afmadow": "curated:afmadow",
    }
    assert found["Bardera"][0] == "geonames:65170"


def test_balad_in_iraq_stays_in_iraq_beside_a_somali_report(gaz) -> None:
    text = (
        "Mortars fell near Balcad in Somalia. In Iraq, officials said rockets struck near "
        "Balad, north of Baghdad."
    )
    found = _resolved(text, gaz)
    assert found["Balcad"][0] == "curated:balcad"
    assert found["Balad"][0] == "geonames:98112"


def test_boni_and_hombori_in_central_mali(gaz) -> None:
    text = "French jets hit militants near Boni and Hombori in central Mali."
    found = _resolved(text, gaz)
    assert (found["Boni"][0], found["Hombori"][0]) == ("curated:boni", "curated:hombori")


def test_regions_natural_earth_folds_into_somaliland(gaz) -> None:
    text = (
        "Clashes spread across Sool and Sanaag, and Puntland sent forces to Badhan. Hargeisa, "
        "the capital in Woqooyi Galbeed, and Borama in Awdal were calm, as was Burao in "
        "Togdheer. In Seoul, officials watched."
    )
    found = _resolved(text, gaz)
    assert {
        name: found[name][0]
        for name in ("Sool", "Sanaag", "Badhan", "Woqooyi Galbeed", "Awdal", "Togdheer")
    } == {
        "Sool": "curated:sool",
        "Sanaag": "curated:sanaag",
        "Badhan": "curated:badhan",
        "Woqooyi Galbeed": "curated:woqooyi-galbeed",
        "Awdal": "curated:awdal",
        "Togdheer": "curated:togdheer",
    }
    assert found["Seoul"][0] == "geonames:1835848"  # not caught by the new "Sool"


def test_sambisa_is_the_forest_in_a_report(gaz) -> None:
    text = "The Nigerian air force bombed camps in the Sambisa forest in Borno State."
    assert _resolved(text, gaz)["Sambisa"][0] == "curated:sambisa-forest"


@pytest.mark.parametrize(
    ("place_id", "radius"),
    [
        ("curated:puntland", 402.0),
        ("curated:north-waziristan", 72.0),
        ("curated:sambisa-forest", 25.0),
        ("curated:makeen", None),  # a town: the default town radius applies
        ("geonames:1179245", None),  # not a curated place
    ],
)
def test_curated_radius(place_id, radius) -> None:
    assert curated_radius_km(place_id) == radius


def test_a_strike_in_puntland_is_claimed_as_the_region_with_its_radius() -> None:
    text = "A US air strike on Tuesday killed two Islamic State fighters in Puntland, AFRICOM said."
    (claim,) = extract_claims(text, published=TUESDAY).claims
    assert claim.place is not None and claim.place.place_id == "curated:puntland"
    # an area whose extent is recorded is bounded as a first-level division is
    assert claim.place.precision is LocationPrecision.DISTRICT
    assert claim.place.radius_km == pytest.approx(402.0)


def test_a_strike_in_the_sambisa_forest_has_the_forests_radius() -> None:
    text = "Nigerian jets on Tuesday bombed a militant camp in the Sambisa forest, killing ten."
    (claim,) = extract_claims(text, published=TUESDAY).claims
    assert claim.place is not None and claim.place.place_id == "curated:sambisa-forest"
    assert claim.place.radius_km == pytest.approx(25.0)


def test_a_strike_in_north_waziristan_is_a_district() -> None:
    text = "A US drone strike on Tuesday killed four militants in North Waziristan, officials said."
    (claim,) = extract_claims(text, published=TUESDAY).claims
    assert claim.place is not None and claim.place.place_id == "curated:north-waziristan"
    assert claim.place.precision is LocationPrecision.DISTRICT
    assert claim.place.radius_km == pytest.approx(72.0)


def _writer() -> _Writer:
    conn = sqlite3.connect(":memory:")
    conn.executescript(_SCHEMA)
    return _Writer(conn, BuildReport(path=None))  # type: ignore[arg-type]


def _row(pid: str, name: str) -> _Row:
    return _Row(
        id=pid,
        name=name,
        kind=PlaceKind.ADMIN1,
        feature_code="ADM1",
        country_code="PK",
        admin1_code="",
        lat=32.6,
        lon=69.9,
        population=0,
        prominence=0.5,
        source="test",
        names=[(name, "name")],
    )


def test_extra_names_land_on_the_named_place() -> None:
    writer = _writer()
    writer.extra_names = {"x:1": [("F.A.T.A.", "check"), ("FATA", "alt")]}
    writer.add([_row("x:1", "F.A.T.A.")], "test")
    writer.check_extra_names()
    names = {r[0] for r in writer.conn.execute("SELECT name FROM names")}
    assert names == {"F.A.T.A.", "FATA"}


def test_an_extra_name_for_a_renamed_place_is_refused() -> None:
    writer = _writer()
    writer.extra_names = {"x:1": [("F.A.T.A.", "check"), ("FATA", "alt")]}
    with pytest.raises(
        DataError, match=r"place 'x:1' is called 'Tribal Areas', not 'F\.A\.T\.A\.'"
    ):
        writer.add([_row("x:1", "Tribal Areas")], "test")


def test_an_extra_name_for_a_missing_place_is_refused() -> None:
    writer = _writer()
    writer.extra_names = {"x:404": [("Nowhere", "check"), ("Nix", "alt")]}
    writer.add([_row("x:1", "F.A.T.A.")], "test")
    with pytest.raises(DataError, match="alt_names.csv: no place has the id x:404"):
        writer.check_extra_names()
