import pytest

from gazetteer.basemap import country_at
from geo import (
    DataError,
    LocationPrecision,
    SiteKind,
    aggregates_frame,
    check_aggregate,
    claims_frame,
    geodesic_distance,
    incident_near,
    incidents_to_gdf,
    load_dataset,
    sites_to_gdf,
)

# Reference points (GeoNames / ICAO), checked independently of the data file.
MURZUQ = (25.91552, 13.91839)
TRIPOLI = (32.88743, 13.18733)


def test_default_dataset_counts(dataset):
    assert dataset.id == "libya-2019"
    assert len(dataset.sources) == 2
    assert len(dataset.sites) == 6
    assert len(dataset.incidents) == 5
    assert len(dataset.aggregates) == 3
    y2019 = [i for i in dataset.incidents if i.date_start.year == 2019]
    assert [i.date_start.isoformat() for i in y2019] == [
        "2019-09-19",
        "2019-09-24",
        "2019-09-26",
        "2019-09-29",
    ]
    assert [i.fatalities.best for i in y2019] == [8, 11, 17, 7]


def test_founding_case_places_and_precisions(dataset):
    by_id = {i.id: i for i in dataset.incidents}
    first = by_id["ly-2019-09-19-murzuq"]
    assert (first.lat, first.lon) == pytest.approx(MURZUQ, abs=1e-4)
    assert first.location_precision is LocationPrecision.TOWN
    assert by_id["ly-2019-09-24-murzuq-area"].location_precision is LocationPrecision.NEAR_TOWN
    region = by_id["ly-2019-09-26-southwest"]
    assert region.location_precision is LocationPrecision.REGION
    assert region.uncertainty_radius_km >= 200  # an area, not a pin
    assert region.coord_source.startswith("curated:")
    assert "MQ-9" in region.platform


def test_every_record_has_sources_and_provenance(dataset):
    for record in (*dataset.sites, *dataset.incidents, *dataset.aggregates):
        assert record.claims, record.id
        for claim in record.claims:
            source = dataset.sources[claim.source_id]
            assert source.outlet and source.published.year == 2019
    for record in (*dataset.sites, *dataset.incidents):
        assert record.coord_source.split(":")[0] in {"geonames", "ICAO", "curated"}, record.id


@pytest.mark.parametrize("kind", ["sites", "incidents"])
def test_points_fall_in_their_country_and_are_not_swapped(dataset, kind):
    for record in getattr(dataset, kind):
        assert country_at(record.lat, record.lon) == record.country_code, record.id
        assert country_at(record.lon, record.lat) != record.country_code, record.id


def test_bases_are_where_expected(dataset):
    sites = {s.id: s for s in dataset.sites}
    assert {s.country_code for s in dataset.sites} == {"NE", "IT", "DE"}
    assert sites["site-dirkou-airfield"].kind is SiteKind.AIRFIELD
    assert sites["site-stuttgart-africom"].kind is SiteKind.HEADQUARTERS
    assert not sites["site-stuttgart-africom"].kind.launches_aircraft
    agadez = sites["site-agadez-ab201"]
    assert (agadez.lat, agadez.lon) == pytest.approx((16.950, 8.014), abs=0.01)
    # Air Base 201 lies about 5 km from Agadez town (GeoNames 2448085: 16.97333, 7.99111).
    assert 2 < geodesic_distance((agadez.lat, agadez.lon), (16.97333, 7.99111)).km < 6


def test_aggregates_check_against_incidents(dataset):
    four = next(a for a in dataset.aggregates if a.id == "agg-2019-09-four-strikes")
    assert four.fatalities == 43
    assert sum(dataset.incident(i).fatalities.best for i in four.incident_ids) == 43
    for aggregate in dataset.aggregates:
        assert check_aggregate(aggregate, dataset.incidents) == []


def test_check_aggregate_reports_a_mismatch(dataset):
    from dataclasses import replace

    four = next(a for a in dataset.aggregates if a.id == "agg-2019-09-four-strikes")
    problems = check_aggregate(replace(four, fatalities=50), dataset.incidents)
    assert problems == [
        "agg-2019-09-four-strikes: reports 50 killed but its incidents add up to 43–43"
    ]


def test_aggregates_frame(dataset):
    frame = aggregates_frame(dataset).set_index("place")
    assert frame.loc["southern Libya", "check"] == "consistent with 4 recorded incident(s)"
    assert frame.loc["southern Libya", "killed"] == 43
    assert frame.loc["Sirte", "strikes"] == "≤500"
    assert frame.loc["Sirte", "check"] == "no individual incidents recorded"
    assert frame.loc["Libya", "sources"] == "The New York Times"


def test_the_founding_case_states_one_distance(dataset):
    (claim,) = dataset.distance_claims
    assert (claim.place_name, claim.anchor_name, claim.stated_km) == ("Murzuq", "Tripoli", 965.6)
    assert (claim.place_lat, claim.place_lon) == MURZUQ
    assert (claim.anchor_lat, claim.anchor_lon) == pytest.approx(TRIPOLI, abs=0.01)
    assert claim.claims[0].source_id == "nyt-2019-11"


def test_a_dataset_file_without_distance_claims_still_loads_and_writes_none(raw_dataset):
    from geo.io.dataset import dataset_from_json, dataset_to_json

    del raw_dataset["distance_claims"]
    dataset = dataset_from_json(raw_dataset)
    assert dataset.distance_claims == ()
    assert "distance_claims" not in dataset_to_json(dataset)


def test_geodataframes(dataset):
    incidents = incidents_to_gdf(dataset.incidents)
    assert incidents.crs.to_epsg() == 4326
    assert len(incidents) == 5
    row = incidents.set_index("id").loc["ly-2019-09-19-murzuq"]
    assert (row.geometry.x, row.geometry.y) == pytest.approx((MURZUQ[1], MURZUQ[0]))
    assert row.geo_precision == 1 and row.time_precision == 1 and row.sources == 2
    sites = sites_to_gdf(dataset.sites)
    assert sites.crs.to_epsg() == 4326 and len(sites) == 6


def test_claims_frame_and_incident_near(dataset):
    both = incident_near(dataset, MURZUQ[0] + 0.1, MURZUQ[1], within_km=20)
    assert [i.id for i in both] == ["ly-2019-09-19-murzuq", "ly-2019-09-24-murzuq-area"]
    assert incident_near(dataset, MURZUQ[0] + 0.1, MURZUQ[1], within_km=5) == []
    assert incident_near(dataset, *TRIPOLI, within_km=100) == []
    frame = claims_frame(dataset, both[0])
    assert list(frame["outlet"]) == ["Gulf News (wire report)", "The New York Times"]
    assert list(frame["killed"]) == [8, 8]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda r: r["incidents"][0]["claims"][0].update(source_id="bbc"),
            "dataset.json: 'ly-2019-09-19-murzuq' cites unknown source 'bbc'; known sources: ['gulfnews-2019-09', 'nyt-2019-11']",
        ),
        (
            lambda r: r["sites"].append(dict(r["sites"][0])),
            "dataset.json: record id 'site-niamey-ab101' appears twice",
        ),
        (
            lambda r: r["incidents"][0].update(location_precision="city"),
            "dataset.json: incident 'ly-2019-09-19-murzuq': location_precision: expected one of 'exact_site', 'town', 'near_town', 'district', 'region', 'country', got 'city'",
        ),
        (
            lambda r: r["incidents"][0].update(date_start="19/09/2019"),
            "dataset.json: incident 'ly-2019-09-19-murzuq': date_start: expected a date as YYYY-MM-DD, got '19/09/2019'",
        ),
        (
            lambda r: r["incidents"][0].update(lat=95.0),
            "dataset.json: Incident 'ly-2019-09-19-murzuq': latitude must be between -90 and 90, got 95.0",
        ),
        (
            lambda r: r["incidents"][0].update(fatalities={"low": 8, "best": 8}),
            "dataset.json: incident 'ly-2019-09-19-murzuq': fatalities must be an object of "
            "whole numbers low/best/high, got {'low': 8, 'best': 8}",
        ),
        (
            lambda r: r["incidents"][0].update(fatalities={"low": 9, "best": 8, "high": 8}),
            "dataset.json: incident 'ly-2019-09-19-murzuq': fatalities must satisfy "
            "0 <= low <= best <= high, got low=9 best=8 high=8",
        ),
        (
            lambda r: r["incidents"][0].pop("lon"),
            "dataset.json: incident 'ly-2019-09-19-murzuq': missing field 'lon'",
        ),
        (
            lambda r: r["aggregates"][0]["incident_ids"].append("nope"),
            "dataset.json: aggregate 'agg-2019-09-four-strikes' names unknown incidents ['nope']",
        ),
        (
            lambda r: r["distance_claims"][0].update(source_id="bbc"),
            "dataset.json: 'dist-murzuq-tripoli' cites unknown source 'bbc'; known sources: ['gulfnews-2019-09', 'nyt-2019-11']",
        ),
        (
            lambda r: r["distance_claims"][0].update(stated_km=0),
            "dataset.json: distance claim 'dist-murzuq-tripoli': stated_km must be a number of "
            "km above 0 and at most 20,038, got 0",
        ),
        (
            lambda r: r["distance_claims"][0].update(anchor_lat=95.0),
            "dataset.json: distance claim 'dist-murzuq-tripoli' anchor: latitude must be "
            "between -90 and 90, got 95.0",
        ),
        (
            lambda r: r["distance_claims"][0].update(stated_direction="down"),
            "dataset.json: distance claim 'dist-murzuq-tripoli': stated_direction must be a "
            "compass direction (north, south, east, west, northeast, northwest, southeast, "
            "southwest), got 'down'",
        ),
        (
            lambda r: r.update(distance_claims={}),
            "dataset.json: top level: field 'distance_claims' must be a list, got {}",
        ),
    ],
)
def test_bad_dataset_files_are_refused_with_exact_messages(
    raw_dataset, write_dataset, mutate, message
):
    mutate(raw_dataset)
    with pytest.raises(DataError) as info:
        load_dataset(write_dataset(raw_dataset))
    assert str(info.value) == message


def test_unreadable_dataset_files(tmp_path):
    with pytest.raises(DataError, match=r"^dataset file '.*missing\.json' does not exist$"):
        load_dataset(tmp_path / "missing.json")
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DataError, match=r"^dataset file '.*bin\.json' is not valid UTF-8 JSON"):
        load_dataset(binary)
    listing = tmp_path / "list.json"
    listing.write_text("[]")
    with pytest.raises(DataError, match=r"^list\.json: top level must be a JSON object$"):
        load_dataset(listing)


# --- hostile dataset files: every malformed field is named, with its value's repr ------------

MURZUQ_ID = "ly-2019-09-19-murzuq"
FOUR = "agg-2019-09-four-strikes"


def _set(section, index, **fields):
    def mutate(raw):
        raw[section][index].update(fields)

    return mutate


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        # aggregate incident_ids: an int, a nested list, ids that are not strings
        (
            _set("aggregates", 0, incident_ids=5),
            f"aggregate '{FOUR}': field 'incident_ids' must be a list, got 5",
        ),
        (
            _set("aggregates", 0, incident_ids=[["ly-2019-09-19-murzuq"]]),
            f"aggregate '{FOUR}': field 'incident_ids' must be a list of incident id strings, "
            "got [['ly-2019-09-19-murzuq']]",
        ),
        (
            _set("aggregates", 0, incident_ids=[1, 2]),
            f"aggregate '{FOUR}': field 'incident_ids' must be a list of incident id strings, "
            "got [1, 2]",
        ),
        (
            _set("aggregates", 0, strikes_high=4.5),
            f"aggregate '{FOUR}': field 'strikes_high' must be a whole number, got 4.5",
        ),
        (
            _set("aggregates", 0, fatalities=10**400),
            f"Aggregate '{FOUR}': fatalities must be a whole number from 0 to 10,000,000, "
            "got 100000000000...0000 (401 digits)",
        ),
        # 400-digit numbers and infinities in coordinates, radius and tolls
        (
            _set("incidents", 0, lat=10**400),
            f"Incident '{MURZUQ_ID}': latitude must be between -90 and 90, "
            "got 100000000000...0000 (401 digits)",
        ),
        (
            _set("sites", 0, lon=-(10**400)),
            "Site 'site-niamey-ab101': longitude must be between -180 and 180, "
            "got -10000000000...0000 (401 digits)",
        ),
        (
            _set("incidents", 0, uncertainty_radius_km=10**400),
            f"Incident '{MURZUQ_ID}': uncertainty_radius_km must be a number of km above 0 and "
            "at most 20,038, got 100000000000...0000 (401 digits)",
        ),
        (
            _set("incidents", 0, uncertainty_radius_km=0),
            f"Incident '{MURZUQ_ID}': uncertainty_radius_km must be a number of km above 0 and "
            "at most 20,038, got 0",
        ),
        (
            _set("incidents", 0, fatalities={"low": 8, "best": 8, "high": 10**400}),
            f"incident '{MURZUQ_ID}': fatalities must be at most 10,000,000, "
            "got high=100000000000...0000 (401 digits)",
        ),
        (
            lambda r: r["incidents"][0]["claims"][0].update(fatalities="8"),
            f"incident '{MURZUQ_ID}' claims[0]: field 'fatalities' must be a whole number, got '8'",
        ),
        (
            lambda r: r["incidents"][0]["claims"][0].update(fatalities=10**400),
            f"incident '{MURZUQ_ID}' claims[0]: claim of 'gulfnews-2019-09': fatalities must be "
            "a whole number from 0 to 10,000,000, got 100000000000...0000 (401 digits)",
        ),
        (
            lambda r: r["incidents"][0]["claims"][0].update(quote="yes"),
            f"incident '{MURZUQ_ID}' claims[0]: field 'quote' must be true or false, got 'yes'",
        ),
        (
            lambda r: r["incidents"][0]["claims"].append(7),
            f"incident '{MURZUQ_ID}' claims[2] must be a JSON object, got 7",
        ),
        (
            _set("incidents", 0, claims={"source_id": "x"}),
            f"incident '{MURZUQ_ID}': field 'claims' must be a list, got {{'source_id': 'x'}}",
        ),
        # wrong types anywhere: the field and the value's repr
        (
            lambda r: r["incidents"].insert(0, 5),
            "incidents[0] must be a JSON object, got 5",
        ),
        (
            lambda r: r["incidents"][0].update(id=["x"]),
            "incidents[0]: field 'id' must be a string, got ['x']",
        ),
        (
            _set("incidents", 0, actor=5),
            f"incident '{MURZUQ_ID}': field 'actor' must be a string, got 5",
        ),
        (
            _set("incidents", 0, lat="25.9"),
            f"incident '{MURZUQ_ID}': field 'lat' must be a number, got '25.9'",
        ),
        (
            _set("incidents", 0, lat=True),
            f"incident '{MURZUQ_ID}': field 'lat' must be a number, got True",
        ),
        (
            _set("incidents", 0, location_precision=["town"]),
            f"incident '{MURZUQ_ID}': location_precision: expected one of 'exact_site', 'town', "
            "'near_town', 'district', 'region', 'country', got ['town']",
        ),
        (
            _set("incidents", 0, event_type="protest"),
            f"incident '{MURZUQ_ID}': event_type: expected one of 'air strike', 'drone strike', "
            "'strike', 'bombing', 'raid', 'ground raid', 'attack', 'shelling' ... (30: see "
            "EventType), got 'protest'",
        ),
        (
            _set("incidents", 0, date_start=20190919),
            f"incident '{MURZUQ_ID}': date_start: expected a date as YYYY-MM-DD, got 20190919",
        ),
        (
            _set("sources", 0, url=["https://example.org"]),
            "source 'gulfnews-2019-09': field 'url' must be a string, got ['https://example.org']",
        ),
        (
            _set("sources", 0, published=None),
            "Source 'gulfnews-2019-09': give both published and published_precision, or neither "
            "(a date not recorded), got published=None and published_precision='week'",
        ),
        (
            _set("sources", 0, published="27/09/2019"),
            "source 'gulfnews-2019-09': published: expected a date as YYYY-MM-DD, got '27/09/2019'",
        ),
        (
            _set("sites", 0, role={"a": 1}),
            "site 'site-niamey-ab101': field 'role' must be a string, got {'a': 1}",
        ),
        (
            lambda r: r["dataset"].update(licence=3),
            "dataset: field 'licence' must be a string, got 3",
        ),
        # a huge value is shown shortened, and control characters visibly
        (
            _set("incidents", 0, country_code="\x1b]0;pwned\x07" + "x" * 500),
            f"Incident '{MURZUQ_ID}': country_code must be an ISO 3166-1 alpha-2 code such as "
            "'LY', got '\\x1b]0;pwned\\x07xxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxx'",
        ),
    ],
)
def test_every_malformed_field_is_named_with_its_value(raw_dataset, write_dataset, mutate, message):
    mutate(raw_dataset)
    with pytest.raises(DataError) as info:
        load_dataset(write_dataset(raw_dataset))
    assert str(info.value) == "dataset.json: " + message


def test_a_source_may_say_its_publication_date_is_not_recorded(raw_dataset, write_dataset):
    raw_dataset["sources"][0].update(published=None, published_precision=None)
    source = load_dataset(write_dataset(raw_dataset)).sources["gulfnews-2019-09"]
    assert (source.published, source.published_precision) == (None, None)
    assert source.published_label == "date not recorded"


def test_a_null_incident_ids_is_none_given(raw_dataset, write_dataset):
    raw_dataset["aggregates"][0]["incident_ids"] = None
    loaded = load_dataset(write_dataset(raw_dataset))
    assert loaded.aggregates[0].incident_ids == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"dataset": ' + "[" * 50_000 + "]" * 50_000 + "}",
            "JSON nested 50001 levels deep; at most 100 are allowed",
        ),
        ("[" * 2_000, "JSON nested 2000 levels deep; at most 100 are allowed"),
        ('{"a": NaN}', "not valid JSON: NaN is not a JSON number"),
        ('{"a": -Infinity}', "not valid JSON: -Infinity is not a JSON number"),
    ],
)
def test_deep_or_non_standard_json_is_refused(tmp_path, text, message):
    path = tmp_path / "deep.json"
    path.write_text(text, "utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(path)
    assert str(info.value) == f"dataset file {str(path)!r}: {message}"


def test_a_folder_is_not_a_dataset_file(tmp_path):
    with pytest.raises(DataError) as info:
        load_dataset(tmp_path)
    assert (
        str(info.value) == f"dataset file {str(tmp_path)!r} is a folder; give the JSON file in it"
    )


def test_huge_json_numbers_are_refused(tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"dataset": ' + "9" * 5000 + "}", "utf-8")
    with pytest.raises(
        DataError, match=r"^dataset file '.*big\.json': not valid JSON: Exceeds the limit"
    ):
        load_dataset(path)


# --- writing: one serializer, the file format unchanged ----------------------------------------


def test_the_default_dataset_file_is_written_back_byte_for_byte(dataset, tmp_path):
    from geo.io.dataset import DEFAULT_DATASET_PATH, dataset_text, save_dataset

    original = DEFAULT_DATASET_PATH.read_text("utf-8")
    assert dataset_text(dataset) == original
    copy = save_dataset(dataset, tmp_path / "copy.json")
    assert copy.read_bytes() == DEFAULT_DATASET_PATH.read_bytes()
    assert load_dataset(copy) == dataset


def test_linking_verdicts_and_undated_sources_survive_a_file(dataset, tmp_path):
    from dataclasses import replace

    from geo.io.dataset import dataset_to_json, save_dataset
    from geo.model.records import IncidentStatus, Source

    murzuq = replace(
        dataset.incidents[0],
        status=IncidentStatus.CONTESTED,
        conflicts=("fatality figures disagree",),
    )
    sources = {**dataset.sources, "x": Source("x", "x", None, None, note="not recorded")}
    changed = replace(dataset, incidents=(murzuq, *dataset.incidents[1:]), sources=sources)
    raw = dataset_to_json(changed)
    assert raw["incidents"][0]["status"] == "contested"
    assert raw["incidents"][0]["conflicts"] == ["fatality figures disagree"]
    assert "status" not in raw["incidents"][1]  # a curated record: no linking verdict
    assert raw["sources"][-1] == {
        "id": "x",
        "outlet": "x",
        "published": None,
        "published_precision": None,
        "title": "",
        "url": None,
        "note": "not recorded",
    }
    assert load_dataset(save_dataset(changed, tmp_path / "changed.json")) == changed
