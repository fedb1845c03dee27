"""The offline base layer's compact outlines (geo.maps.outlines)."""

from __future__ import annotations

import json

import pytest

from gazetteer.basemap import load_basemap
from geo.maps.outlines import encode_outlines, outline_payload_text
from geo.maps.render import build_incident_map, render_map_html


def _decode(flat):
    """The page's decoding (OUTLINES_JS's ``ring``), in Python: [lon, lat] pairs."""
    out, x, y = [], 0, 0
    for k in range(0, len(flat), 2):
        x += flat[k]
        y += flat[k + 1]
        out.append([x / 1000, y / 1000])
    return out


def test_every_shipped_vertex_survives_the_encoding():
    basemap = load_basemap()
    version, countries = json.loads(outline_payload_text())
    assert version == 1 and len(countries) == len(basemap["features"]) == 241
    vertices = 0
    for (name, iso, polygons), feature in zip(countries, basemap["features"], strict=True):
        props = feature["properties"]
        assert (name, iso) == (props["name"], props["iso_a2"] or "")
        geometry = feature["geometry"]
        shipped = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        assert len(polygons) == len(shipped)
        for polygon, want in zip(polygons, shipped, strict=True):
            for ring, want_ring in zip(polygon, want, strict=True):
                got = _decode(ring)
                assert len(got) == len(want_ring)
                flat_want = [v for point in want_ring for v in point]
                assert [v for point in got for v in point] == pytest.approx(flat_want, abs=5e-7)
                vertices += len(got)
    assert vertices == 51_718


def test_libya_decodes_to_its_shipped_first_vertex():
    countries = {c[1]: c for c in json.loads(outline_payload_text())[1]}
    libya = next(f for f in load_basemap()["features"] if f["properties"]["iso_a2"] == "LY")
    first = libya["geometry"]["coordinates"][0][0]
    assert _decode(countries["LY"][2][0][0])[0] == pytest.approx(first, abs=5e-7)
    assert 9.0 < first[0] < 26.0 and 19.0 < first[1] < 34.0  # Libya's box, longitude first


def test_other_geometries_are_refused():
    with pytest.raises(ValueError, match="a Polygon or MultiPolygon; got 'Point'"):
        encode_outlines({"features": [{"properties": {}, "geometry": {"type": "Point"}}]})


def test_an_offline_page_carries_the_outlines_once_compact(dataset):
    page = render_map_html(build_incident_map(dataset, offline=True), offline=True)
    text = outline_payload_text()
    assert page.count(text) == 1
    assert len(text) < 450_000  # the GeoJSON it replaces took 889,340 characters
    assert "Country outlines (offline)" in page
    assert '"type":"FeatureCollection"' not in page  # no GeoJSON copy besides
