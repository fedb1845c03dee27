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
