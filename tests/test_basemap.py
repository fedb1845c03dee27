import json

import pytest

from gazetteer.basemap import BASEMAP_PATH, country_at, load_basemap
from geo import DataError
from tools.basemap import derive_basemap


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


def test_derive_basemap_from_a_small_file(tmp_path):
    square = [[[0, 0], [0, 1.00001], [0.5, 1.0], [1, 1], [1, 0], [0, 0]]]
    src = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"NAME": "Testland", "ISO_A2": "TL"},
                "geometry": {"type": "Polygon", "coordinates": square},
            },
            {
                "type": "Feature",
                "properties": {"NAME": "France", "ISO_A2": "-99"},
                "geometry": {"type": "Polygon", "coordinates": [[[2, 2], [2, 3], [3, 3], [2, 2]]]},
            },
        ],
    }
    (tmp_path / "in.geojson").write_text(json.dumps(src))
    out = tmp_path / "out.geojson"
    assert derive_basemap(tmp_path / "in.geojson", out, tolerance_deg=0.01) == 2
    data = json.loads(out.read_text())
    assert [f["properties"] for f in data["features"]] == [
        {"name": "Testland", "iso_a2": "TL"},
        {"name": "France", "iso_a2": "FR"},
    ]
    ring = data["features"][0]["geometry"]["coordinates"][0]
    assert [0.5, 1.0] not in ring and len(ring) == 5  # the collinear point is simplified away


def test_derive_basemap_refuses_other_files(tmp_path):
    (tmp_path / "x.geojson").write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "x"},
                        "geometry": {"type": "Point", "coordinates": [0, 0]},
                    }
                ],
            }
        )
    )
    with pytest.raises(DataError, match=r"lacks the Natural Earth columns \['ISO_A2', 'NAME'\]$"):
        derive_basemap(tmp_path / "x.geojson", tmp_path / "o.geojson")
