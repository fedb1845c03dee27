import json

import pytest

from geo import DataError
from tools.basemap import derive_basemap


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
