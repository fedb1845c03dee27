"""Sites files (`geo.io.sites`): the bases an export measures incidents against."""

from __future__ import annotations

import json

import pytest
from geopy.distance import geodesic

from gazetteer.errors import DataError
from geo.io.dataset import DEFAULT_DATASET_PATH
from geo.io.export import ExportFormat, collect_from_dataset, collect_from_store, render_export
from geo.io.sites import load_sites, sites_from_geojson
from geo.model.records import LocationPrecision, SiteKind

# two sites in Somalia and a headquarters, made up for these tests
BALEDOGLE = (2.67, 44.79)  # (lat, lon)
KISMAYO = (-0.38, 42.46)
SOMALIA_SITES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "so-baledogle",
            "geometry": {"type": "Point", "coordinates": [BALEDOGLE[1], BALEDOGLE[0]]},
            "properties": {"name": "Baledogle airfield", "site_kind": "airfield"},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [KISMAYO[1], KISMAYO[0]]},
            "properties": {"name": "Kismayo airstrip", "country_code": "SO"},
        },
        {
            "type": "Feature",
            # nearer Jilib than either airfield: a headquarters launches nothing
            "geometry": {"type": "Point", "coordinates": [42.8, 0.6]},
            "properties": {"name": "Forward headquarters", "kind": "headquarters"},
        },
    ],
}


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def test_a_geojson_sites_file_reads_each_point(tmp_path):
    found = load_sites(write(tmp_path, "somalia.geojson", SOMALIA_SITES))
    assert [(s.id, s.name, s.kind, s.country_code) for s in found.sites] == [
        ("site-2", "Kismayo airstrip", SiteKind.AIR_BASE, "SO"),
        ("site-3", "Forward headquarters", SiteKind.HEADQUARTERS, "SO"),
        ("so-baledogle", "Baledogle airfield", SiteKind.AIRFIELD, "SO"),  # country from the point
    ]
    site = found.sites[2]
    assert (site.lat, site.lon) == BALEDOGLE
    assert site.location_precision is LocationPrecision.EXACT_SITE
    assert site.coord_source == "sites file somalia.geojson"
    assert [s.id for s in found.launch_sites] == ["site-2", "so-baledogle"]


def test_the_database_export_measures_against_the_sites_file(rich, tmp_path):
    found = load_sites(write(tmp_path, "somalia.geojson", SOMALIA_SITES))
    data = collect_from_store(rich, sites=found.sites, site_sources=found.sources)
    collection = json.loads(render_export(data, ExportFormat.GEOJSON))
    jilib = next(
        f["properties"]
        for f in collection["features"]
        if f["properties"].get("place_name") == "Jilib district"
    )
    # Jilib district (0.5 N, 42.8 E): Kismayo is nearer than Baledogle; the headquarters,
    # nearer still, launches nothing
    expected_km = geodesic((0.5, 42.8), KISMAYO).km
    assert jilib["nearest_launch_site_id"] == "site-2"
    assert jilib["nearest_launch_site"] == "Kismayo airstrip"
    assert jilib["nearest_launch_site_km"] == pytest.approx(expected_km, abs=0.051)
    assert jilib["nearest_launch_site_mi"] == pytest.approx(expected_km / 1.609344, abs=0.051)
    assert geodesic((0.5, 42.8), BALEDOGLE).km > expected_km
    sites = [f["id"] for f in collection["features"] if f["properties"]["kind"] != "incident"]
    assert sites == ["site-2", "site-3", "so-baledogle"]


def test_an_export_read_back_as_sites_gives_the_same_export(dataset, tmp_path):
    """A GeoJSON export's bases and headquarters, with their sources, are a sites file."""
    plain = render_export(collect_from_dataset(dataset), ExportFormat.GEOJSON)
    found = load_sites(write(tmp_path, "case.geojson", plain.decode("utf-8")))
    assert [s.id for s in found.sites] == sorted(s.id for s in dataset.sites)
    again = collect_from_dataset(dataset, sites=found.sites, site_sources=found.sources)
    assert render_export(again, ExportFormat.GEOJSON) == plain


def test_a_dataset_file_is_a_sites_file(dataset):
    found = load_sites(DEFAULT_DATASET_PATH)
    assert found.sites == tuple(sorted(dataset.sites, key=lambda s: s.id))
    assert dict(found.sources) == dict(dataset.sources)


def point(properties, coordinates=(13.9, 25.9), geometry_type="Point"):
    return {
        "type": "Feature",
        "geometry": {"type": geometry_type, "coordinates": list(coordinates)},
        "properties": properties,
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2", "sites.json: not valid JSON: "),
        ('{"a": 1}', "sites.json: not a sites file: give a GeoJSON FeatureCollection"),
        ({"type": "FeatureCollection", "features": []}, "sites.json: holds no sites"),
        (
            {"type": "FeatureCollection", "features": {}},
            "sites.json: 'features' must be a list, got {}",
        ),
        (
            {"type": "FeatureCollection", "features": [point({"name": "A"}, (1, 2), "Polygon")]},
            "sites.json: feature 1: a site must be a Point, got geometry 'Polygon'",
        ),
        (
            {"type": "FeatureCollection", "features": [point({"role": "x"})]},
            "sites.json: feature 1: a site needs a 'name' property",
        ),
        (
            {"type": "FeatureCollection", "features": [point({"name": "A"}, ("13", 25))]},
            "sites.json: feature 1: coordinates must be [lon, lat] numbers, got ['13', 25]",
        ),
        (
            {"type": "FeatureCollection", "features": [point({"name": "A"}, (13.9, 95.0))]},
            "sites.json: feature 1: site 'A': latitude must be",
        ),
        (
            {"type": "FeatureCollection", "features": [point({"name": "A"}, (-30.0, 0.0))]},
            "sites.json: feature 1: site 'A' at (0.0, -30.0) lies in no country outline; give "
            "its 'country_code'",
        ),
        (
            {"type": "FeatureCollection", "features": [point({"name": "A", "site_kind": "pad"})]},
            "sites.json: feature 1: 'site_kind' must be one of drone_base, air_base, airfield, "
            "headquarters, got 'pad'",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [point({"name": "A", "id": "x"}), point({"name": "B", "id": "x"})],
            },
            "sites.json: site ids must be unique: ['x'] appear more than once",
        ),
    ],
)
def test_a_bad_sites_file_is_refused_with_its_feature_named(content, message, tmp_path):
    path = write(tmp_path, "sites.json", content)
    with pytest.raises(DataError) as caught:
        load_sites(path)
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_missing_sites_file(tmp_path):
    with pytest.raises(DataError, match=r"^sites file '.*nothing\.geojson' does not exist$"):
        load_sites(tmp_path / "nothing.geojson")


def test_incidents_and_areas_of_an_export_are_not_sites():
    collection = {
        "type": "FeatureCollection",
        "features": [
            point({"kind": "incident", "id": "i"}),
            point({"kind": "uncertainty_area"}, geometry_type="Polygon"),
            point({"kind": "base", "name": "Base", "country_code": "LY"}),
        ],
    }
    assert [s.name for s in sites_from_geojson(collection).sites] == ["Base"]
