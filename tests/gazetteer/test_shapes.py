"""The shipped outlines through one reader: the answers the geopandas/GDAL readers gave, and a
WKB cache keyed on the source file's bytes."""

import gzip
import json
import random

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from gazetteer import shapes as shapes_module
from gazetteer.basemap import BASEMAP_PATH, country_at, country_shapes, load_basemap
from gazetteer.errors import DataError
from gazetteer.geodesy import farthest_km
from gazetteer.index import DATA_DIR
from gazetteer.search import _admin1_at, country_code_at, division_radius_km, divisions_at
from gazetteer.shapes import read_shapes
from geo.extraction.regions import mainland

ADMIN1_PATH = DATA_DIR / "admin1_shapes.geojson.gz"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, and no shapes read in this process yet."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(shapes_module, "_cache_folder", lambda: folder)
    read_shapes.cache_clear()
    yield folder
    read_shapes.cache_clear()


@pytest.fixture(scope="module")
def old_countries():
    """The country outlines as the basemap used to read them (geopandas)."""
    return gpd.GeoDataFrame.from_features(load_basemap()["features"], crs="EPSG:4326")


@pytest.fixture(scope="module")
def old_admin1():
    """The division outlines as the gazetteer used to read them (GDAL, through pyogrio)."""
    meta, _, wkb, fields = pyogrio.raw.read(f"/vsigzip/{ADMIN1_PATH}")
    column = {str(name): k for k, name in enumerate(meta["fields"])}
    ids = [str(v) for v in fields[column["id"]]]
    return ids, list(wkb)


def _old_country_at(countries, lat, lon):
    hits = countries[countries.contains(shapely.Point(lon, lat))]
    if hits.empty:
        return None
    code = hits.iloc[0]["iso_a2"]
    return code if isinstance(code, str) and len(code) == 2 else None


def _probe_points(geometries, seed):
    """Outline vertices, points just off them (coast and borders) and points anywhere."""
    rng = random.Random(seed)
    vertices = shapely.get_coordinates(geometries)
    picked = [tuple(v) for v in vertices[:: max(1, len(vertices) // 1500)]]
    nudged = [(x + rng.uniform(-0.02, 0.02), y + rng.uniform(-0.02, 0.02)) for x, y in picked]
    anywhere = [(rng.uniform(-180, 180), rng.uniform(-60, 75)) for _ in range(1500)]
    return [(y, x) for x, y in picked + nudged + anywhere]  # (lat, lon)


def test_the_shipped_outlines_are_byte_for_byte_the_old_readers(cache, old_countries, old_admin1):
    # parsed afresh (an empty cache); a cached read gives the same (the test below)
    countries = country_shapes()
    assert (
        shapely.to_wkb(countries.geometries).tolist()
        == shapely.to_wkb(old_countries.geometry.to_numpy()).tolist()
    )
    assert [p["iso_a2"] for p in countries.properties] == [
        c if isinstance(c, str) else None for c in old_countries["iso_a2"]
    ]
    old_ids, old_wkb = old_admin1
    divisions = read_shapes(ADMIN1_PATH)
    assert divisions.column("id") == old_ids
    assert shapely.to_wkb(divisions.geometries).tolist() == old_wkb
    assert len(old_ids) == 4596


@pytest.mark.parametrize("path", [ADMIN1_PATH, BASEMAP_PATH], ids=["divisions", "countries"])
def test_a_first_read_and_a_cached_read_give_the_same_shapes(cache, path, monkeypatch):
    first = read_shapes(path)
    again = _read_without_parsing(path, monkeypatch)
    assert again is not first
    assert again.properties == first.properties
    assert shapely.to_wkb(again.geometries).tolist() == shapely.to_wkb(first.geometries).tolist()


def test_country_at_gives_the_old_answer(old_countries):
    points = _probe_points(old_countries.geometry.to_numpy(), seed=1)
    found = [country_at(lat, lon) for lat, lon in points]
    assert found == [_old_country_at(old_countries, lat, lon) for lat, lon in points]
    assert {"LY", "SO", "US", None} <= set(found)  # the probe reaches land, sea and borders


def test_divisions_and_their_reach_give_the_old_answer(old_admin1):
    old_ids, old_wkb = old_admin1
    old_geometries = shapely.from_wkb(old_wkb)
    tree = shapely.STRtree(old_geometries)
    points = _probe_points(old_geometries[::7], seed=2)
    for lat, lon in points:
        point = shapely.Point(lon, lat)
        hits = tree.query(point, predicate="within")
        if len(hits) == 0:
            hits = tree.query(point, predicate="intersects")
        assert _admin1_at(lat, lon) == (old_ids[int(hits[0])] if len(hits) else None)
    names = divisions_at([p[0] for p in points], [p[1] for p in points])
    assert sum(n is not None for n in names) > len(points) // 2
    # the reach of a division, as it was measured from the GeoJSON geometry
    features = json.loads(gzip.decompress(ADMIN1_PATH.read_bytes()))["features"]
    for feature in features[::97]:
        place_id = feature["properties"]["id"]
        outline = shapely.geometry.shape(feature["geometry"]).simplify(0.02)
        point = outline.representative_point()
        expected = farthest_km((point.y, point.x), shapely.get_coordinates(outline))
        assert division_radius_km(place_id, point.y, point.x) == expected


@pytest.mark.parametrize(("code", "area"), [("LY", 147.9), ("so", 38.5), ("US", 834.4)])
def test_mainland_is_the_largest_polygon_of_the_old_outline(old_countries, code, area):
    old = old_countries[old_countries["iso_a2"] == code.upper()].iloc[0].geometry
    if old.geom_type == "MultiPolygon":
        old = max(old.geoms, key=lambda g: g.area)
    assert mainland(code).equals_exact(old, 0)
    assert mainland(code).area == pytest.approx(area, abs=0.1)


def test_somaliland_falls_back_on_its_division():
    # no ISO code on the country outline; the division's country answers
    assert country_at(9.56, 44.065) is None
    assert country_code_at(9.56, 44.065) == "SO"


# --- the cache -------------------------------------------------------------------------------


def _feature_collection(*squares):
    features = [
        {
            "type": "Feature",
            "properties": {"id": f"sq{k}", "size": size},
            "geometry": shapely.geometry.mapping(shapely.box(k * 10, 0, k * 10 + size, size)),
        }
        for k, size in enumerate(squares)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "squares.geojson"
    path.write_text(_feature_collection(1, 2), encoding="utf-8")
    return path


def _entries(folder):
    return sorted(p.name for p in folder.iterdir())


def _read_without_parsing(path, monkeypatch):
    """Read ``path`` afresh, failing if the GeoJSON has to be parsed (no usable cache entry)."""

    def refuse(*args):
        raise AssertionError("parsed the GeoJSON again")

    read_shapes.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(shapes_module, "_parse", refuse)
        return read_shapes(path)


def test_the_cache_is_written_once_and_read_back(cache, source, monkeypatch):
    shapes = read_shapes(source)
    assert shapes.column("id") == ["sq0", "sq1"]
    assert shapes.geometries[1].equals(shapely.box(10, 0, 12, 2))
    (entry,) = _entries(cache)
    assert entry.startswith("squares.geojson.") and entry.endswith(".wkb")
    again = _read_without_parsing(source, monkeypatch)
    assert again.properties == ({"id": "sq0", "size": 1}, {"id": "sq1", "size": 2})
    assert shapely.to_wkb(again.geometries).tolist() == shapely.to_wkb(shapes.geometries).tolist()
    assert isinstance(again.geometries, np.ndarray)


def test_a_changed_source_is_parsed_again_and_replaces_its_entry(cache, source, monkeypatch):
    read_shapes(source)
    (old_entry,) = _entries(cache)
    source.write_text(_feature_collection(1, 2, 3), encoding="utf-8")
    read_shapes.cache_clear()
    shapes = read_shapes(source)
    assert shapes.column("size") == [1, 2, 3]
    (new_entry,) = _entries(cache)
    assert new_entry != old_entry
    assert _read_without_parsing(source, monkeypatch).column("size") == [1, 2, 3]


def test_a_source_changed_back_finds_no_stale_shapes(cache, source):
    first = source.read_text(encoding="utf-8")
    read_shapes(source)
    source.write_text(_feature_collection(5), encoding="utf-8")
    read_shapes.cache_clear()
    assert read_shapes(source).column("size") == [5]
    source.write_text(first, encoding="utf-8")
    read_shapes.cache_clear()
    assert read_shapes(source).column("size") == [1, 2]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # a write cut short
        lambda data: data[:-1],
        lambda data: b"",
        lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:],  # a flipped bit
        lambda data: data[:-20] + bytes([data[-20] ^ 1]) + data[-19:],
        lambda data: b"not a cache entry at all" * 3,
    ],
    ids=["half", "last-byte", "empty", "header-bit", "wkb-bit", "garbage"],
)
def test_a_damaged_entry_is_ignored_and_written_again(cache, source, monkeypatch, damage):
    shapes = read_shapes(source)
    (entry,) = cache.iterdir()
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    read_shapes.cache_clear()
    again = read_shapes(source)
    assert again.properties == shapes.properties
    assert shapely.to_wkb(again.geometries).tolist() == shapely.to_wkb(shapes.geometries).tolist()
    assert entry.read_bytes() == good
    _read_without_parsing(source, monkeypatch)


def test_an_entry_holding_another_source_is_not_used(cache, source):
    read_shapes(source)
    (entry,) = cache.iterdir()
    other_source = entry.read_bytes()  # whole and checked, but of the first version
    source.write_text(_feature_collection(7), encoding="utf-8")
    read_shapes.cache_clear()
    read_shapes(source)
    (new_entry,) = cache.iterdir()
    new_entry.write_bytes(other_source)
    read_shapes.cache_clear()
    assert read_shapes(source).column("size") == [7]


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path, monkeypatch, source):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setattr(shapes_module, "_cache_folder", lambda: blocker / "shapes")
    read_shapes.cache_clear()
    try:
        assert read_shapes(source).column("id") == ["sq0", "sq1"]
    finally:
        read_shapes.cache_clear()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder", "squares.geojson"]


def test_a_missing_or_broken_source_is_a_data_error(cache, tmp_path, data_error):
    with pytest.raises(DataError, match=r"shape file '.*nowhere\.geojson' is missing"):
        read_shapes(tmp_path / "nowhere.geojson")
    message = data_error("broken.geojson", '{"type": "FeatureCollection"}', read_shapes)
    assert message == "not a GeoJSON FeatureCollection ('features')"
    message = data_error("broken.geojson.gz", "not gzip", read_shapes)
    assert message.startswith("not a GeoJSON FeatureCollection (Not a gzipped file")
    assert not cache.exists()


def test_the_basemap_path_is_what_country_shapes_reads():
    assert country_shapes() is read_shapes(BASEMAP_PATH)
    assert len(country_shapes().properties) == 241


def test_a_gazetteer_build_leaves_the_outlines_in_the_cache(cache, tmp_path, monkeypatch):
    """After a build, the first process to place a point reads WKB, not the GeoJSON."""
    from gazetteer.index import build_index
    from tests.gazetteer.test_index import SMALL_DUMP, write_dump

    dump = write_dump(tmp_path, SMALL_DUMP)
    build_index(tmp_path / "idx.sqlite", geonames_files=[dump], shipped=False)
    assert [name.split(".")[0] for name in _entries(cache)] == ["admin1_shapes", "countries"]
    divisions = _read_without_parsing(ADMIN1_PATH, monkeypatch)
    countries = _read_without_parsing(BASEMAP_PATH, monkeypatch)
    assert len(divisions.geometries) == 4596 and "LY" in countries.column("iso_a2")
