"""Exports: each format's content, read back by independent implementations; determinism."""

from __future__ import annotations

import csv
import io
import json
import os
import time
import xml.etree.ElementTree as ET
from decimal import Decimal

import pandas as pd
import pyogrio
import pytest
import shapely
from geojson_pydantic import FeatureCollection
from geopy.distance import geodesic

from gazetteer.errors import InvalidQueryError, StrikemapError
from geo.io import export as export_module
from geo.io.acled import ACLED_COLUMNS, acled_event_types
from geo.io.dataset import load_dataset
from geo.io.export import (
    CSV_COLUMNS,
    ExportFormat,
    collect_from_dataset,
    collect_from_store,
    export_incidents,
    render_csv,
    render_export,
    render_geojson,
)
from geo.io.gpkg import render_gpkg
from geo.model.filters import IncidentFilter

KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def rich_data(rich):
    return collect_from_store(rich)


@pytest.fixture(scope="module")
def founding(dataset):
    return collect_from_dataset(dataset)


def features(text):
    return json.loads(text)["features"]


def by_id(items):
    return {f["id"]: f for f in items}


def positions(coords):
    if coords and isinstance(coords[0], int | float):
        yield coords
    else:
        for c in coords:
            yield from positions(c)


# --- GeoJSON ---------------------------------------------------------------------------------


def test_geojson_is_valid_rfc7946_by_an_independent_implementation(rich_data):
    text = render_geojson(rich_data, areas=True)
    collection = FeatureCollection.model_validate_json(text)
    assert len(collection.features) == 7 + 6 + 6  # incidents, sites, areas
    raw = json.loads(text)
    assert raw["type"] == "FeatureCollection" and "crs" not in raw
    assert all("crs" not in f and "crs" not in f["geometry"] for f in raw["features"])
    for feature in raw["features"]:
        for lon, lat in positions(feature["geometry"]["coordinates"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            # rounded to 5 decimal places, as stated in the file
            assert -Decimal(str(lon)).as_tuple().exponent <= 5
            assert -Decimal(str(lat)).as_tuple().exponent <= 5
    assert "rounded to 5 decimal places" in raw["strikemap"]["coordinates"]


def test_geojson_polygons_follow_the_right_hand_rule_and_the_antimeridian_cut(rich_data):
    areas = {
        f["properties"]["incident_id"]: shapely.geometry.shape(f["geometry"])
        for f in features(render_geojson(rich_data, areas=True))
        if f["properties"]["kind"] == "uncertainty_area"
    }
    assert sorted(areas) == [
        "fj-2019-10-02-40-km-east-of-savusavu",
        "ly-2018-03-south-aqim",
        "ly-2019-09-24-murzuq-area",
        "ly-2019-09-26-southwest",
        "ly-2019-09-29-south",
        "so-2019-09-30-jilib",  # re-placed by an analyst to its district: an area, not a pin
    ]  # the town-level Murzuq strike is a point only
    fiji = areas["fj-2019-10-02-40-km-east-of-savusavu"]
    assert fiji.geom_type == "MultiPolygon" and len(fiji.geoms) == 2
    assert fiji.bounds[0] == -180.0 and fiji.bounds[2] == 180.0
    for geom in areas.values():
        assert geom.is_valid
        for polygon in getattr(geom, "geoms", [geom]):
            assert shapely.is_ccw(polygon.exterior)
            xs = [x for x, _ in polygon.exterior.coords]
            assert max(xs) - min(xs) < 180  # no ring wraps the long way round


def test_without_areas_there_are_no_polygons(rich_data):
    kinds = {f["properties"]["kind"] for f in features(render_geojson(rich_data))}
    assert kinds == {"incident", "base", "headquarters"}


def test_geojson_tells_strikes_bases_and_headquarters_apart(founding):
    kinds = [f["properties"]["kind"] for f in features(render_geojson(founding))]
    assert kinds == ["incident"] * 5 + ["base", "base", "base", "base", "base", "headquarters"]
    sites = by_id(features(render_geojson(founding)))
    assert sites["site-stuttgart-africom"]["properties"]["kind"] == "headquarters"
    assert sites["site-ramstein-ab"]["properties"]["site_kind"] == "air_base"
    assert sites["site-agadez-ab201"]["geometry"]["coordinates"] == [8.01389, 16.95028]


def test_geojson_properties_of_the_first_murzuq_strike(founding, dataset):
    murzuq = by_id(features(render_geojson(founding)))["ly-2019-09-19-murzuq"]
    assert murzuq["geometry"] == {"type": "Point", "coordinates": [13.91839, 25.91552]}
    p = murzuq["properties"]
    assert {k: p[k] for k in list(p) if k not in ("sources", "place_reason")} == {
        "kind": "incident",
        "id": "ly-2019-09-19-murzuq",
        "event_type": "air strike",
        "date_start": "2019-09-19",
        "date_end": "2019-09-19",
        "date_precision": "day",
        "acled_time_precision": 1,
        "place_name": "Murzuq",
        "country_code": "LY",
        "country": "Libya",
        "admin1": "Murzuq",
        "location_precision": "town",
        "acled_geo_precision": 1,
        "uncertainty_radius_km": 5.0,
        "place_id": "",
        "place_anchor": "",
        "place_offset_km": None,
        "place_bearing_deg": None,
        "fatalities_low": 8,
        "fatalities_best": 8,
        "fatalities_high": 8,
        "status": "corroborated",
        "confidence": 1.0,  # curated claims are certain
        "review": "",
        "conflicts": [],
        "actor": "US military (AFRICOM)",
        "target": "ISIS-Libya",
        "platform": "",
        "notes": "AFRICOM described Murzuq as nearly 600 miles south of Tripoli; the geodesic "
        "distance is about 776 km (482 mi).",
        "nearest_launch_site_id": "site-dirkou-airfield",
        "nearest_launch_site": "Dirkou airfield",
        "nearest_launch_site_km": p["nearest_launch_site_km"],
        "nearest_launch_site_mi": p["nearest_launch_site_mi"],
        "outlets": ["Gulf News (wire report)", "The New York Times"],
    }
    # the nearest launch site, checked with geopy's geodesic (Karney), not with ours
    launch = [s for s in dataset.sites if s.kind.launches_aircraft]
    distances = {s.id: geodesic((25.91552, 13.91839), (s.lat, s.lon)).km for s in launch}
    nearest = min(distances, key=distances.get)
    assert nearest == "site-dirkou-airfield"
    assert p["nearest_launch_site_km"] == pytest.approx(distances[nearest], abs=0.05)
    assert p["nearest_launch_site_mi"] == pytest.approx(distances[nearest] / 1.609344, abs=0.05)
    # every source: outlet, publication date, URL and the quoted sentence
    assert [(s["outlet"], s["published"], s["url"]) for s in p["sources"]] == [
        ("Gulf News (wire report)", "2019-09-27", None),
        ("The New York Times", "2019-11-01", None),
    ]
    statements = [c.statement for c in dataset.incident("ly-2019-09-19-murzuq").claims]
    assert [s["sentences"][0]["text"] for s in p["sources"]] == statements
    assert all(s["origin"] == "curated" for s in p["sources"])


def test_region_level_places_have_no_division(founding):
    found = by_id(features(render_geojson(founding)))
    assert found["ly-2019-09-26-southwest"]["properties"]["admin1"] is None
    assert found["ly-2019-09-24-murzuq-area"]["properties"]["admin1"] == "Murzuq"


def test_ingested_sources_carry_urls_and_the_analysts_corrections(rich_data):
    found = by_id(features(render_geojson(rich_data)))
    jilib = found["so-2019-09-30-jilib"]["properties"]
    assert jilib["status"] == "contested"
    assert jilib["conflicts"] == ["fatality figures disagree"]
    assert (jilib["fatalities_low"], jilib["fatalities_best"], jilib["fatalities_high"]) == (
        5,
        5,
        9,
    )
    assert jilib["place_name"] == "Jilib district"  # the analyst's correction
    assert jilib["location_precision"] == "district" and jilib["uncertainty_radius_km"] == 60.0
    assert [(s["outlet"], s["url"], s["place"]["name"]) for s in jilib["sources"]] == [
        ("Wire B", "https://example.org/b", "Jilib"),  # each source's own place is kept
        ("Wire A", None, "Jilib"),
    ]
    assert jilib["nearest_launch_site"] == "Dirkou airfield"
    assert jilib["nearest_launch_site_km"] == pytest.approx(
        geodesic((0.5, 42.8), (18.9687, 12.8687)).km, abs=0.05
    )
    fiji = found["fj-2019-10-02-40-km-east-of-savusavu"]["properties"]
    assert (fiji["date_start"], fiji["date_end"], fiji["date_precision"]) == (
        "2019-09-30",
        "2019-10-02",
        "week",
    )
    assert (fiji["place_anchor"], fiji["place_offset_km"], fiji["place_bearing_deg"]) == (
        "Savusavu",
        40.0,
        90.0,
    )
    assert fiji["fatalities_best"] is None


def test_an_incident_with_no_place_is_left_out_and_named(rich_data):
    assert [str(x) for x in rich_data.left_out] == [
        "incident xx-2019-09-30-unplaced: no place: its reports name none"
    ]
    assert "xx-2019-09-30-unplaced" not in by_id(features(render_geojson(rich_data)))
    assert rich_data.total == 8 and len(rich_data.incidents) == 7


def test_filters_select_what_is_exported_and_are_written_down(rich):
    chosen = IncidentFilter.from_options(since="2019-09-26", countries=["LY", "SO"])
    data = collect_from_store(rich, incident_filter=chosen)
    text = render_geojson(data)
    assert [f["id"] for f in features(text) if f["properties"]["kind"] == "incident"] == [
        "ly-2019-09-26-southwest",
        "ly-2019-09-29-south",
        "so-2019-09-30-jilib",
    ]
    assert json.loads(text)["strikemap"]["filter"]["since"] == "2019-09-26"
    # the unplaced raid has no country: the filter leaves it out before it could be left out
    assert data.total == 8 and data.left_out == ()


# --- CSV -------------------------------------------------------------------------------------


def test_csv_reads_back_with_pandas_in_acled_columns(rich_data):
    frame = pd.read_csv(io.StringIO(render_csv(rich_data)), keep_default_na=False, dtype=str)
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert list(frame.columns[: len(ACLED_COLUMNS)]) == list(ACLED_COLUMNS)
    assert len(frame) == 7
    rows = frame.set_index("event_id_cnty")
    murzuq = rows.loc["ly-2019-09-24-murzuq-area"]
    assert (murzuq.latitude, murzuq.longitude) == ("25.91552", "13.91839")
    assert murzuq.event_date == "2019-09-24" and murzuq.year == "2019"
    assert (murzuq.time_precision, murzuq.geo_precision) == ("1", "2")  # day; near a town
    assert (murzuq.disorder_type, murzuq.event_type, murzuq.sub_event_type) == (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert (murzuq.iso, murzuq.country, murzuq.admin1) == ("434", "Libya", "Murzuq")
    assert murzuq.fatalities == "11" and murzuq.actor2 == "ISIS-Libya"
    aqim = rows.loc["ly-2018-03-south-aqim"]
    assert (aqim.event_date, aqim.time_precision, aqim.geo_precision) == ("2018-03-16", "3", "3")
    jilib = rows.loc["so-2019-09-30-jilib"]
    assert jilib.fatalities == "5"  # ACLED's conservative figure: the lowest reported
    assert (jilib.fatalities_low, jilib.fatalities_best, jilib.fatalities_high) == ("5", "5", "9")
    assert jilib.source == "Wire B; Wire A" and jilib.status == "contested"
    fiji = rows.loc["fj-2019-10-02-40-km-east-of-savusavu"]
    assert fiji.fatalities == "" and fiji.event_date == "2019-10-01"  # the middle of the week
    assert json.loads(fiji.sources)[0]["url"] == "https://example.org/c?x=1&y=2"


def test_acled_event_types():
    assert acled_event_types("air strike") == (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert acled_event_types("shelling")[2] == "Shelling/artillery/missile attack"
    assert acled_event_types("armed clash") == ("Political violence", "Battles", "Armed clash")
    assert acled_event_types("raid") == acled_event_types("attack") == ("", "", "")
    assert acled_event_types("arrests") == ("Strategic developments",) * 2 + ("Arrests",)


# --- GeoPackage and KML ----------------------------------------------------------------------


def test_geopackage_reads_back_with_pyogrio(rich_data, tmp_path):
    path = tmp_path / "out.gpkg"
    export_incidents(rich_data, path)
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert layers == {
        "incidents": "Point",
        "sites": "Point",
        "uncertainty_areas": "MultiPolygon",
        "distance_lines": "MultiLineString",
        "aggregates": None,
    }
    incidents = pyogrio.read_dataframe(path, layer="incidents")
    assert incidents.crs.to_epsg() == 4326
    assert len(incidents) == 7
    jilib = incidents.set_index("id").loc["so-2019-09-30-jilib"]
    assert (jilib.geometry.x, jilib.geometry.y) == (42.8, 0.5)
    assert jilib.status == "contested" and jilib.fatalities_high == 9
    assert json.loads(jilib.sources)[1]["outlet"] == "Wire A"
    sites = pyogrio.read_dataframe(path, layer="sites")
    assert sorted(sites["kind"]) == ["base"] * 5 + ["headquarters"]
    areas = pyogrio.read_dataframe(path, layer="uncertainty_areas")
    assert len(areas) == 6
    assert areas.set_index("incident_id").loc[
        "fj-2019-10-02-40-km-east-of-savusavu"
    ].geometry.bounds[::2] == (-180.0, 180.0)
    lines = pyogrio.read_dataframe(path, layer="distance_lines")
    assert len(lines) == 7
    murzuq = lines.set_index("incident_id").loc["ly-2019-09-19-murzuq"]
    assert murzuq.site_name == "Dirkou airfield"
    assert murzuq.distance_km == pytest.approx(776.8) and murzuq.distance_mi == pytest.approx(482.7)


def test_kml_reads_back_with_pyogrio_and_has_time_spans(rich_data, tmp_path):
    path = tmp_path / "out.kml"
    export_incidents(rich_data, path)
    layers = [name for name, _ in pyogrio.list_layers(path)]
    assert layers == [
        "Incidents",
        "Bases and headquarters",
        "Uncertainty areas",
        "Distance to nearest launch site",
        "Aggregate statements",
    ]
    incidents = pyogrio.read_dataframe(path, layer="Incidents")
    assert len(incidents) == 7
    row = incidents.set_index("incident_id").loc["fj-2019-10-02-40-km-east-of-savusavu"]
    assert str(row["begin"]) == "2019-09-30 00:00:00+00:00"
    assert str(row["end"]) == "2019-10-02 23:59:59+00:00"
    assert row["Name"] == "2019-09-30 to 2019-10-02 · 40 km east of Savusavu · toll not reported"
    assert row.geometry.x == 179.71
    tree = ET.parse(path)
    for mark in tree.iter(f"{KML}Placemark"):
        if mark.find(f"{KML}Point") is not None and mark.find(f"{KML}styleUrl").text == "#incident":
            assert mark.find(f"{KML}TimeSpan/{KML}begin") is not None
    # an incident's link is a link only for a web address
    description = incidents.set_index("incident_id").loc["fj-2019-10-02-40-km-east-of-savusavu"][
        "description"
    ]
    assert '<a href="https://example.org/c?x=1&amp;y=2">' in description


# --- determinism and atomic writes -----------------------------------------------------------


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_exports_are_byte_identical_for_the_same_input(fmt, rich, rich_data):
    first = render_export(rich_data, fmt, areas=True)
    if fmt is ExportFormat.GPKG:
        time.sleep(1.1)  # GDAL stamps tables with the time: a later second must not show
    again = render_export(collect_from_store(rich), fmt, areas=True)
    assert first == again
    assert len(first) > 1000


def test_geopackage_bytes_do_not_depend_on_the_clock(founding, monkeypatch):
    one = render_gpkg(founding)
    assert b"2000-01-01T00:00:00.000Z" in one
    assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") is None  # restored
    assert pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS") is None


def test_geopackage_columns_past_32_bit_offsets_write_the_same_file(rich_data, monkeypatch):
    # the sources and geometries go to GDAL as Arrow buffers; past 2 GiB a column takes
    # 64-bit offsets (large_string, large_binary): the file must not change
    from geo.io import gpkg

    small = render_gpkg(rich_data)
    monkeypatch.setattr(gpkg, "_OFFSET_LIMIT", 16)
    assert render_gpkg(rich_data) == small


def test_geopackage_layers_are_the_frames_the_benchmark_writes(rich_data, tmp_path):
    # layer_frames() (the benchmark's baseline) and the file hold the same rows and geometry
    from geo.io.gpkg import layer_frames

    path = tmp_path / "out.gpkg"
    export_incidents(rich_data, path)
    frames = layer_frames(rich_data)
    for layer in ("incidents", "sites", "uncertainty_areas", "distance_lines"):
        written = pyogrio.read_dataframe(path, layer=layer)
        frame = frames[layer]
        assert len(written) == len(frame) > 0, layer
        assert written.geometry.geom_type.tolist() == frame.geometry.geom_type.tolist(), layer
        assert all(
            a.equals_exact(b, 0.0) for a, b in zip(written.geometry, frame.geometry, strict=True)
        ), layer
        for column in frame.columns.drop("geometry"):
            pd.testing.assert_series_equal(
                written[column].reset_index(drop=True),
                frame[column].reset_index(drop=True),
                check_dtype=False,
                obj=f"{layer}.{column}",
            )


def test_a_failed_write_leaves_the_previous_file(founding, tmp_path, monkeypatch):
    target = tmp_path / "out.geojson"
    target.write_text("previous", encoding="utf-8")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(StrikemapError, match=r"^cannot write '.*out\.geojson': No space left"):
        export_incidents(founding, target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]


@pytest.mark.parametrize(
    ("fmt", "path", "message"),
    [
        (
            None,
            "out.txt",
            "cannot tell the format from the file name 'out.txt'; give --format (geojson, csv, "
            "gpkg, kml) or end the name in .geojson, .csv, .gpkg or .kml",
        ),
        (
            "shapefile",
            "out.shp",
            "the format must be one of geojson, csv, gpkg, kml, got 'shapefile'",
        ),
    ],
)
def test_formats_are_named_or_inferred(fmt, path, message):
    with pytest.raises(InvalidQueryError, match=f"^{_re(message)}$"):
        ExportFormat.parse(fmt, path)
    assert ExportFormat.parse(None, "x.JSON") is ExportFormat.GEOJSON
    assert ExportFormat.parse("KML", "x.out") is ExportFormat.KML


def _re(text):
    import re

    return re.escape(text)


def test_export_summary_line(founding, tmp_path):
    result = export_incidents(founding, tmp_path / "out.kml")
    assert result.summary() == (
        f"wrote {tmp_path / 'out.kml'} (5 incidents, 6 sites, 3 aggregate statements, "
        f"4 uncertainty areas; kml, {result.bytes:,} bytes)"
    )
    csv_result = export_incidents(founding, tmp_path / "out.csv")
    assert csv_result.summary() == (
        f"wrote {tmp_path / 'out.csv'} (5 incidents; csv, {csv_result.bytes:,} bytes; "
        "3 aggregate statements not written (one row per incident))"
    )


def test_csv_rows_are_quoted_by_rfc4180(founding):
    rows = list(csv.reader(io.StringIO(render_csv(founding), newline="")))
    assert len(rows) == 6 and all(len(r) == len(CSV_COLUMNS) for r in rows)
    assert render_csv(founding).count("\r\n") == 6


def test_module_exports_are_honest():
    for name in export_module.__all__:
        assert hasattr(export_module, name), name


def test_text_that_is_not_valid_unicode_is_kept_in_geojson_and_replaced_elsewhere(
    raw_dataset, write_dataset, tmp_path
):
    # JSON may spell a lone surrogate ("\ud800"), which no UTF-8 file can hold as it is
    raw_dataset["sources"][0]["outlet"] = "Gulf\ud800News"
    first = next(i for i in raw_dataset["incidents"] if i["id"] == "ly-2019-09-19-murzuq")
    first["place_name"] = "Murzuq\udfff"
    data = collect_from_dataset(load_dataset(write_dataset(raw_dataset)))
    geojson = render_export(data, ExportFormat.GEOJSON)
    features = json.loads(geojson.decode("utf-8"))["features"]  # valid UTF-8
    murzuq = by_id(features)["ly-2019-09-19-murzuq"]["properties"]
    assert murzuq["place_name"] == "Murzuq\udfff"  # the escape reads back as it was
    assert murzuq["sources"][0]["outlet"] == "Gulf\ud800News"
    assert "Murzuq\ufffd" in render_export(data, ExportFormat.CSV).decode("utf-8")
    assert "Gulf\ufffdNews" in render_export(data, ExportFormat.KML).decode("utf-8")
    path = tmp_path / "out.gpkg"
    path.write_bytes(render_export(data, ExportFormat.GPKG))
    names = pyogrio.read_dataframe(path, layer="incidents")["place_name"].tolist()
    assert "Murzuq\ufffd" in names


def test_the_garbage_collector_is_paused_only_while_rendering(founding):
    import gc

    assert gc.isenabled()
    for fmt in ExportFormat:
        render_export(founding, fmt)
        assert gc.isenabled()
    gc.disable()
    try:
        render_export(founding, ExportFormat.CSV)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


# --- aggregate statements --------------------------------------------------------------------


FOUR_STRIKES = [
    "ly-2019-09-19-murzuq",
    "ly-2019-09-24-murzuq-area",
    "ly-2019-09-26-southwest",
    "ly-2019-09-29-south",
]


def test_geojson_aggregates_are_features_without_geometry(founding):
    plain = render_geojson(founding)
    assert "aggregate" not in {f["properties"]["kind"] for f in features(plain)}
    text = render_geojson(founding, aggregates=True)
    FeatureCollection.model_validate_json(text)  # null geometries are valid RFC 7946
    statements = [f for f in features(text) if f["properties"]["kind"] == "aggregate"]
    assert [f["id"] for f in statements] == [
        "agg-2016-sirte",
        "agg-2018-six-strikes",
        "agg-2019-09-four-strikes",
    ]
    assert all(f["geometry"] is None for f in statements)
    four = by_id(statements)["agg-2019-09-four-strikes"]["properties"]
    sources = four.pop("sources")
    assert four == {
        "kind": "aggregate",
        "id": "agg-2019-09-four-strikes",
        "statement": "Four strikes over ten days killed 43, about a third of the estimated "
        "150 ISIS fighters in Libya.",
        "period_start": "2019-09-19",
        "period_end": "2019-09-29",
        "place_name": "southern Libya",
        "country_code": "LY",
        "country": "Libya",
        "strikes_low": 4,
        "strikes_high": 4,
        "fatalities_low": 43,
        "fatalities_high": 43,
        "incident_ids": FOUR_STRIKES,
        "check": "names 4 incidents; no discrepancy found",
    }
    assert [(s["source_id"], s["outlet"], s["published"], s["quote"]) for s in sources] == [
        ("nyt-2019-11", "The New York Times", "2019-11-01", False)
    ]
    sirte = by_id(statements)["agg-2016-sirte"]["properties"]
    assert (sirte["strikes_low"], sirte["strikes_high"], sirte["fatalities_low"]) == (
        None,
        500,
        None,
    )
    # the other features are the same with or without the aggregates
    assert [f for f in features(text) if f["properties"]["kind"] != "aggregate"] == features(plain)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"since": "2019"}, ["agg-2019-09-four-strikes"]),
        ({"until": "2018"}, ["agg-2016-sirte", "agg-2018-six-strikes"]),
        ({"countries": ["SO"]}, []),
        # a tally states no actor: it goes with the incidents it names
        ({"actors": ["ISIS"]}, ["agg-2019-09-four-strikes"]),
        ({"actors": ["AQIM"]}, ["agg-2018-six-strikes"]),
    ],
)
def test_aggregates_follow_the_filter(options, expected, dataset):
    data = collect_from_dataset(dataset, incident_filter=IncidentFilter.from_options(**options))
    assert [a.id for a in data.aggregates] == expected


def test_the_databases_aggregates_carry_its_check(rich_data):
    four = next(a for a in rich_data.aggregates if a.incident_ids == tuple(FOUR_STRIKES))
    assert four.id == "aggregate-9"
    assert four.check == "43 killed; the incidents sum to 43: consistent"
    assert [a.check for a in rich_data.aggregates if a.id == "aggregate-11"] == [
        "says 6 strikes, 1 stored"
    ]


def test_geopackage_and_kml_carry_the_aggregates(founding, tmp_path):
    gpkg = tmp_path / "out.gpkg"
    export_incidents(founding, gpkg)
    table = pyogrio.read_dataframe(gpkg, layer="aggregates").set_index("id")
    assert list(table.index) == [
        "agg-2016-sirte",
        "agg-2018-six-strikes",
        "agg-2019-09-four-strikes",
    ]
    four = table.loc["agg-2019-09-four-strikes"]
    assert (four.fatalities_low, four.strikes_high, four.period_end) == (43, 4, "2019-09-29")
    assert four.incident_ids.split("; ") == FOUR_STRIKES
    assert json.loads(four.sources)[0]["outlet"] == "The New York Times"
    assert pd.isna(table.loc["agg-2016-sirte", "strikes_low"])

    kml = tmp_path / "out.kml"
    export_incidents(founding, kml)
    root = ET.parse(kml).getroot()
    folder = next(
        f for f in root.iter(f"{KML}Folder") if f.findtext(f"{KML}name") == "Aggregate statements"
    )
    marks = folder.findall(f"{KML}Placemark")
    assert len(marks) == 3
    four_mark = marks[2]
    assert four_mark.find(f"{KML}Point") is None  # no geometry
    assert four_mark.findtext(f"{KML}TimeSpan/{KML}begin") == "2019-09-19T00:00:00Z"
    assert four_mark.findtext(f"{KML}TimeSpan/{KML}end") == "2019-09-29T23:59:59Z"
    assert "strikes: 4; killed: 43" in four_mark.findtext(f"{KML}description")
    assert len(pyogrio.read_dataframe(kml, layer="Aggregate statements")) == 3


def test_aggregate_text_is_escaped_in_kml(founding):
    from dataclasses import replace

    hostile = replace(founding.aggregates[0], statement="<script>alert(1)</script> & {{ 7*7 }}")
    text = render_export(replace(founding, aggregates=(hostile,)), ExportFormat.KML).decode()
    assert "<script>" not in text
    description = next(
        d.text
        for d in ET.fromstring(text).iter(f"{KML}description")
        if d.text and "alert(1)" in d.text
    )
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#123;&#123; 7*7 &#125;&#125;" in description
    )


def test_the_summary_counts_one_aggregate_statement_in_the_singular(dataset, tmp_path):
    data = collect_from_dataset(dataset, incident_filter=IncidentFilter.from_options(since="2019"))
    result = export_incidents(data, tmp_path / "out.csv")
    assert result.summary().endswith(
        f"(4 of 5 incidents; csv, {result.bytes:,} bytes; 1 aggregate statement not written "
        "(one row per incident))"
    )


@pytest.mark.parametrize("text", ['Sirte, "Surt"\r\nsaid', "a,b", '"', "\n", "plain"])
def test_csv_cells_are_quoted_as_the_csv_module_quotes_them(founding, text):
    # the sources cell is quoted apart from the others (render_csv): it must match the
    # module's minimal quoting, which reading and writing the rows again reproduces
    import dataclasses

    incidents = []
    for n, incident in enumerate(founding.incidents):
        claims = tuple(
            dataclasses.replace(c, claim=dataclasses.replace(c.claim, actor=text, target=text))
            for c in incident.claims
        )
        # the last incident without sources: its cell is "[]", written unquoted
        incidents.append(
            dataclasses.replace(
                incident, actor=text, claims=claims if n < len(founding.incidents) - 1 else ()
            )
        )
    data = dataclasses.replace(founding, incidents=tuple(incidents))
    written = render_csv(data)
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert [len(r) for r in rows] == [len(CSV_COLUMNS)] * 6
    assert rows[1][CSV_COLUMNS.index("actor1")] == text
    assert json.loads(rows[1][-1])[0]["actor"] == text
    assert rows[-1][-1] == "[]" and written.endswith(",[]\r\n")
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n").writerows(rows)
    assert written == again.getvalue()
