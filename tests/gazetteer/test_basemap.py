import pytest

from gazetteer.basemap import BASEMAP_PATH, country_at, load_basemap


def test_shipped_basemap_is_small_and_attributed():
    assert BASEMAP_PATH.stat().st_size < 1_200_000
    data = load_basemap()
    assert len(data["features"]) == 241
    assert "Natural Earth" in data["attribution"]
    codes = {f["properties"]["iso_a2"] for f in data["features"]}
    assert {"LY", "NE", "IT", "DE", "FR", "NO", "SO", "YE", "SY", "ML"} <= codes


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (32.88743, 13.18733, "LY"),  # Tripoli
        (13.51366, 2.1098, "NE"),  # Niamey
        (37.4017, 14.9224, "IT"),  # Sigonella, Sicily
        (2.0469, 45.3182, "SO"),  # Mogadishu
        (48.86, 2.35, "FR"),  # Paris (ISO_A2 is -99 in Natural Earth)
        (34.0, 18.0, None),  # Mediterranean
    ],
)
def test_country_at(lat, lon, code):
    assert country_at(lat, lon) == code


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(9.56, 44.065), (35.2, 33.6)],  # Hargeisa (Somaliland), Northern Cyprus: no ISO code
)
def test_an_outline_without_an_iso_code_is_no_country(lat, lon):
    # the shipped outline's iso_a2 is null; it used to come back as NaN, which callers read
    # as a country code (truthy) and so never fell back on the first-level division
    assert country_at(lat, lon) is None


def test_a_somaliland_point_is_in_somalia(gaz):
    from gazetteer.search import country_code_at

    assert country_code_at(9.56, 44.065) == "SO"
    found = gaz.reverse(9.56, 44.065)
    assert found.country is not None and found.country.country_code == "SO"
