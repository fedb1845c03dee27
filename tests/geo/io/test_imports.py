"""Imports: our exports back without loss, ACLED's CSV, malformed input, hostile text."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from gazetteer.errors import DataError
from geo.cli import main
from geo.io.export import ExportFormat, collect_from_store, export_incidents, render_export
from geo.io.imports import _article_order, import_file, read_import_file
from geo.store.database import IncidentStore
from tests.factories import make_stored_article, make_stored_incident
from tests.geo.cli.helpers import fails_with
from tests.geo.io.helpers import HOSTILE, SCRIPT, hostile_db
from tests.payloads import CORPUS, EXECUTED

ACLED = Path(__file__).parent / "data" / "acled-sample.csv"
KML = "{http://www.opengis.net/kml/2.2}"


def copy_db(store, target):
    """A consistent copy of an open database (its WAL included), by SQLite's backup API."""
    import sqlite3

    source, copy = sqlite3.connect(store.path), sqlite3.connect(target)
    source.backup(copy)
    source.close()
    copy.close()


def counts(store):
    incidents = store.incidents()
    return (
        len(incidents),
        sum(len(i.claims) for i in incidents),
        len(store.articles()),
        len(store.audit()),
    )


def comparable(incident):
    """An incident as the analyst sees it, without the database's own row numbers."""
    out = incident.as_dict()
    for claim in out["claims"]:
        del claim["id"], claim["index"]
        claim["article"] = {k: v for k, v in claim["article"].items() if k not in ("id", "path")}
    return out


# --- our own formats back without loss -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_export_import_export_gives_the_same_bytes(fmt, rich, tmp_path):
    first = tmp_path / f"first.{fmt}"
    export_incidents(collect_from_store(rich), first, areas=True)
    with IncidentStore.open(tmp_path / "copy.sqlite") as copy:
        report = import_file(first, copy)
        assert sorted(report.result.added) == sorted(
            i.id for i in rich.incidents() if i.place is not None
        )
        again = tmp_path / f"again.{fmt}"
        export_incidents(collect_from_store(copy), again, areas=True)
        assert again.read_bytes() == first.read_bytes()
        # every other format agrees too but for the aggregate statements, which GeoPackage
        # and KML carry and an import does not read back (the copy holds none)
        original = collect_from_store(rich)
        assert [a.id for a in original.aggregates] == [
            "aggregate-10",
            "aggregate-11",
            "aggregate-9",
        ]
        assert collect_from_store(copy).aggregates == ()
        for other in (ExportFormat.GPKG, ExportFormat.KML):
            assert render_export(collect_from_store(copy), other) == render_export(
                replace(original, aggregates=()), other
            )
        originals = {i.id: comparable(i) for i in rich.incidents() if i.place is not None}
        copies = {i.id: comparable(i) for i in copy.incidents()}
        for record in (*originals.values(), *copies.values()):
            record["corrected"] = []  # an import is no analyst's correction
        assert copies == originals
    # the tie between two same-day reports ("US military" / "AFRICOM") is settled as before
    assert rich.incident("so-2019-09-30-jilib").actor == "US military"


def test_the_warnings_name_the_sites_that_are_not_imported(rich, tmp_path):
    path = tmp_path / "out.geojson"
    export_incidents(collect_from_store(rich), path)
    with IncidentStore.open(tmp_path / "copy.sqlite") as copy:
        report = import_file(path, copy)
    assert report.warnings == (
        "6 base(s) and headquarters in out.geojson are not imported: the incident database "
        "holds incidents; maps and exports use the curated sites",
    )
    assert report.summary() == (
        "imported out.geojson (geojson): 7 incident(s) added, 0 already stored, 0 updated; "
        "5 article(s) and 11 claim(s) stored"
    )


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_importing_twice_adds_nothing(fmt, rich, tmp_path):
    path = tmp_path / f"out.{fmt}"
    export_incidents(collect_from_store(rich), path)
    with IncidentStore.open(tmp_path / "copy.sqlite") as copy:
        import_file(path, copy)
        before = counts(copy)
        second = import_file(path, copy)
        assert counts(copy) == before
        assert second.result.added == [] and second.result.updated == []
        assert len(second.result.known) == 7
    # nor does importing a database's export into that same database
    before = counts(rich)
    assert import_file(path, rich).result.known == second.result.known
    assert counts(rich) == before


def _only(incident_id, edit):
    """A GeoJSON edit (for :func:`_edit_geojson`): keep one incident's feature, then ``edit`` it."""

    def change(raw):
        (feature,) = [f for f in raw["features"] if f["id"] == incident_id]
        edit(feature)
        raw["features"] = [feature]

    return change


@contextmanager
def _import_one(rich, tmp_path, incident_id, edit, *, copy=True):
    """Import ``rich``'s export of one incident, edited, into a copy of ``rich`` (or, with
    ``copy=False``, a new database at the same path); yield the report and the database."""
    path = _edit_geojson(_export(rich, tmp_path, "geojson"), _only(incident_id, edit))
    target = tmp_path / "copy.sqlite"
    if copy:
        copy_db(rich, target)
    with IncidentStore.open(target) as store:
        yield import_file(path, store), store


def test_a_file_overlapping_the_database_adds_only_what_is_new(rich, tmp_path):
    def another_report(jilib):
        extra = dict(jilib["properties"]["sources"][0])
        extra.update(
            article_hash="another-report",
            outlet="Wire D",
            sentences=[{"start": 0, "end": 4, "text": "More."}],
        )
        jilib["properties"]["sources"].append(extra)

    with _import_one(rich, tmp_path, "so-2019-09-30-jilib", another_report) as (report, copy):
        assert report.result.updated == ["so-2019-09-30-jilib"]
        assert (report.result.articles, report.result.claims) == (1, 1)
        outlets = copy.incident("so-2019-09-30-jilib").outlets
        assert outlets == ("Wire B", "Wire A", "Wire D")
        assert copy.audit("so-2019-09-30-jilib")[-1].action == "import"


def test_a_taken_id_gets_a_suffix_and_a_warning(rich, tmp_path):
    def other_reports(murzuq):  # not the stored claims
        for source in murzuq["properties"]["sources"]:
            source["article_hash"] += "-elsewhere"

    with _import_one(rich, tmp_path, "ly-2019-09-19-murzuq", other_reports) as (report, copy):
        assert report.result.added == ["ly-2019-09-19-murzuq-2"]
        assert report.warnings == (
            f"incident 'ly-2019-09-19-murzuq' is imported as 'ly-2019-09-19-murzuq-2': its id "
            f"is taken in {tmp_path / 'copy.sqlite'}",
        )
        assert copy.incident("ly-2019-09-19-murzuq-2").fatalities.best == 8


def test_values_the_sources_do_not_give_are_named(rich, tmp_path):
    def other_values(murzuq):
        murzuq["properties"].update(fatalities_low=7, fatalities_best=8, fatalities_high=10)
        murzuq["properties"]["status"] = "contested"

    murzuq = "ly-2019-09-19-murzuq"
    with _import_one(rich, tmp_path, murzuq, other_values, copy=False) as (report, _):
        assert report.warnings == (
            "incident 'ly-2019-09-19-murzuq': the file gives fatalities '7/8/10 (low/best/high)', "
            "its sources give '8/8/8 (low/best/high)'; the database keeps what the sources give",
            "incident 'ly-2019-09-19-murzuq': the file gives status 'contested', its sources "
            "give 'corroborated'; the database keeps what the sources give",
        )


def test_a_failure_part_way_stores_nothing(rich, tmp_path, monkeypatch):
    path = tmp_path / "out.geojson"
    export_incidents(collect_from_store(rich), path)
    with IncidentStore.open(tmp_path / "copy.sqlite") as copy:
        import_file(ACLED, copy)
        before = counts(copy)
        calls = []
        original = IncidentStore._record

        def fail_on_the_third(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 3:
                raise OSError("disk gone")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(IncidentStore, "_record", fail_on_the_third)
        with pytest.raises(OSError, match="disk gone"):
            import_file(path, copy)
        assert counts(copy) == before
        assert copy.integrity() == "ok"


def test_articles_keep_the_order_of_each_incidents_claims():
    article, incident = make_stored_article, make_stored_incident
    a, b, c = article("a"), article("b"), article("c", "2019-09-01")
    # b before a in the second incident, though a is cited first overall
    order = _article_order([incident(a), incident(c, b, a)])
    assert [x.hash for x in order] == ["c", "b", "a"]
    # with no such constraint, articles are stored as first cited
    assert [x.hash for x in _article_order([incident(a), incident(c, a, b)])] == ["a", "c", "b"]


# --- ACLED -----------------------------------------------------------------------------------


def test_an_acled_export_imports_as_incidents(tmp_path):
    with IncidentStore.open(tmp_path / "acled.sqlite") as store:
        report = import_file(ACLED, store)
        assert report.batch.format == "acled"
        assert report.warnings == ()
        assert report.result.added == [
            "acled-LBY90001",
            "acled-LBY90002",
            "acled-LBY90003",
            "acled-LBY90004",
            "acled-SOM90005",
            "acled-SOM90006",
        ]
        first = store.incident("acled-LBY90001")
        assert first.event_type == "strike"  # ACLED's "Air/drone strike" says no more
        assert (first.date_start, first.date_end, first.date_precision.value) == (
            dt.date(2019, 9, 19),
            dt.date(2019, 9, 19),
            "day",
        )
        assert (first.place.name, first.place.country_code, first.place.precision.value) == (
            "Murzuq",
            "LY",
            "town",
        )
        assert (first.place.lat, first.place.lon, first.place.radius_km) == (25.9155, 13.9184, 5.0)
        assert first.place.reason == "ACLED geo_precision 1; in Murzuq, Fezzan"
        assert (first.fatalities.low, first.fatalities.high) == (8, 8)
        assert first.actor == "Military Forces of the United States (2017-2021)"
        assert first.target == "Islamic State (Libya)"
        (claim,) = first.claims
        assert claim.article.outlet == "ACLED"
        assert claim.article.title == "ACLED event LBY90001; sources: Gulf News; New York Times"
        assert claim.article.published == dt.date(2019, 10, 2)  # from the Unix timestamp
        assert claim.claim.sentence.startswith("On 19 September 2019, a US air strike hit")
        near = store.incident("acled-LBY90002").place
        assert (near.precision.value, near.radius_km) == ("near_town", 25.0)
        region = store.incident("acled-LBY90003")  # "26 September 2019": the export tool's dates
        assert region.date_start == dt.date(2019, 9, 26)
        assert (region.place.precision.value, region.place.radius_km) == ("region", 300.0)
        week = store.incident("acled-LBY90004")  # time_precision 2: the week around the date
        assert (week.date_start, week.date_end, week.date_precision.value) == (
            dt.date(2019, 9, 26),
            dt.date(2019, 10, 2),
            "week",
        )
        jilib = store.incident("acled-SOM90005")
        assert jilib.place.country_code == "SO" and jilib.fatalities.best == 0
        clash = store.incident("acled-SOM90006")
        assert clash.event_type == "armed clash"
        # importing it again adds nothing
        before = counts(store)
        assert len(import_file(ACLED, store).result.known) == 6
        assert counts(store) == before


def test_acled_incidents_export_back_in_acled_terms(tmp_path):
    import pandas as pd

    with IncidentStore.open(tmp_path / "acled.sqlite") as store:
        import_file(ACLED, store)
        out = tmp_path / "back.csv"
        export_incidents(collect_from_store(store), out)
    ours = pd.read_csv(out, dtype=str, keep_default_na=False).set_index("event_id_cnty")
    theirs = pd.read_csv(ACLED, dtype=str, keep_default_na=False)
    theirs.index = "acled-" + theirs["event_id_cnty"]
    for column in (
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "iso",
        "country",
        "location",
        "geo_precision",
        "fatalities",
        "notes",
    ):
        assert ours[column].to_dict() == theirs[column].to_dict(), column
    assert ours.loc["acled-LBY90003", "event_date"] == "2019-09-26"
    assert ours.loc["acled-LBY90004", "time_precision"] == "2"
    assert ours.loc["acled-LBY90004", "event_date"] == "2019-09-29"  # the middle of the week


def test_a_country_named_only_by_its_name_or_point(tmp_path):
    text = ACLED.read_text("utf-8").splitlines()
    header = text[0].split(",")
    rows = [
        text[0],
        text[1].replace(",434,", ",,"),
        text[5].replace(",706,Eastern Africa,Somalia,", ",,Eastern Africa,,"),
    ]
    path = tmp_path / "acled.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    batch = read_import_file(path)
    assert [i.place.country_code for i in batch.incidents] == ["LY", "SO"]
    assert "iso" in header


# --- malformed input: one line naming it, nothing written ------------------------------------


def _export(rich, tmp_path, fmt):
    path = tmp_path / f"good.{fmt}"
    export_incidents(collect_from_store(rich), path)
    return path


def _edit_geojson(path, edit):
    raw = json.loads(path.read_text("utf-8"))
    edit(raw)
    path.write_text(json.dumps(raw), "utf-8")
    return path


GEOJSON_CASES = [
    (
        "not json",
        "{",
        "bad.geojson: not valid JSON: Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1)",
    ),
    ("not a collection", {"type": "Feature"}, "bad.geojson: expected a GeoJSON FeatureCollection"),
    (
        "foreign feature",
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "id": "r1", "properties": {"kind": "road"}, "geometry": None}
            ],
        },
        "bad.geojson: feature 1 (id 'r1'): not a strikemap feature (its 'kind' is 'road', "
        "expected 'incident', 'base', 'headquarters', 'aggregate' or 'uncertainty_area'); strikemap imports "
        "its own GeoJSON exports and ACLED CSV files",
    ),
]


@pytest.mark.parametrize(
    ("case", "content", "message"), GEOJSON_CASES, ids=[c[0] for c in GEOJSON_CASES]
)
def test_malformed_geojson_is_one_line_and_writes_nothing(case, content, message, tmp_path, capsys):
    path = tmp_path / "bad.geojson"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    db = tmp_path / "new.sqlite"
    fails_with(["import", str(path), "--db", str(db)], message, capsys)
    assert not db.exists()  # not even created


def _drop(key):
    def edit(raw):
        del raw["features"][1]["properties"][key]

    return edit


def _set(key, value, source=None):
    def edit(raw):
        props = raw["features"][1]["properties"]
        (props["sources"][source] if source is not None else props)[key] = value

    return edit


def _point(lon, lat):
    def edit(raw):
        raw["features"][1]["geometry"]["coordinates"] = [lon, lat]

    return edit


MURZUQ = "bad.geojson: feature 2 (id 'ly-2019-09-19-murzuq')"
EDIT_CASES = [
    (_drop("date_start"), f"{MURZUQ}: missing field 'date_start'"),
    (
        _set("date_start", "2019-13-01"),
        f"{MURZUQ}: field 'date_start' must be a date as YYYY-MM-DD, got '2019-13-01'",
    ),
    (_point(13.9, 95), f"{MURZUQ}: the point: latitude must be between -90 and 90, got 95"),
    (
        _set("location_precision", "street"),
        f"{MURZUQ}: field 'location_precision' must be one of 'exact_site', 'town', 'near_town', "
        "'district', 'region', 'country', got 'street'",
    ),
    (
        _set("fatalities_high", 3),
        f"{MURZUQ}: fatalities must satisfy 0 <= low <= best <= high, got low=8 best=8 high=3",
    ),
    (_set("sources", []), f"{MURZUQ}: field 'sources' is empty; an incident needs a source"),
    (
        _set("outlet", "", source=0),
        f"{MURZUQ}: sources[0]: field 'outlet' must be a non-empty string, got ''",
    ),
    (
        _set("fatalities_low", "eight", source=1),
        f"{MURZUQ}: sources[1]: field 'fatalities_low' must be a whole number, got 'eight'",
    ),
    (
        _set("origin", "guess", source=1),
        f"{MURZUQ}: sources[1]: field 'origin' must be 'ingest' or 'curated', got 'guess'",
    ),
    (
        _set("uncertainty_radius_km", 0),
        f"{MURZUQ}: field 'uncertainty_radius_km' must be a number of km above 0 and at most 20,038, got 0.0",
    ),
]


@pytest.mark.parametrize(("edit", "message"), EDIT_CASES)
def test_a_bad_field_names_the_feature_and_writes_nothing(edit, message, rich, tmp_path, capsys):
    good = _export(rich, tmp_path, "geojson")
    path = _edit_geojson(good.rename(tmp_path / "bad.geojson"), edit)
    target = tmp_path / "db.sqlite"
    copy_db(rich, target)
    with IncidentStore.open(target) as store:
        before = counts(store)
    assert main(["import", str(path), "--db", str(target)]) == 1
    assert capsys.readouterr().err == f"strikemap: error: {message}\n"
    with IncidentStore.open(target) as store:
        assert counts(store) == before


def _csv_lines(rich, tmp_path):
    return _export(rich, tmp_path, "csv").read_text("utf-8").split("\r\n")


def test_malformed_csv_names_the_line(rich, tmp_path, capsys):
    import csv
    import io

    good = _export(rich, tmp_path, "csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(good, newline="")))
    bad = tmp_path / "bad.csv"

    def write(table):
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(table)
        bad.write_text(out.getvalue(), "utf-8")

    def error():
        assert main(["import", str(bad), "--db", str(tmp_path / "x.sqlite")]) == 1
        return capsys.readouterr().err

    write([rows[0], rows[1], ["a", "b", "c"], *rows[2:]])
    assert error() == (
        f"strikemap: error: bad.csv: line 3 has 3 fields, the header has {len(rows[0])}\n"
    )
    broken = list(rows[1])
    broken[rows[0].index("latitude")] = "north"
    write([rows[0], broken])
    assert error() == (
        "strikemap: error: bad.csv: line 2 (id 'ly-2018-03-south-aqim'): field 'latitude' must "
        "be a number, got 'north'\n"
    )
    broken = list(rows[1])
    broken[rows[0].index("sources")] = broken[rows[0].index("sources")][:40]
    write([rows[0], broken])
    assert error().startswith(
        "strikemap: error: bad.csv: line 2 (id 'ly-2018-03-south-aqim'): field 'sources': not "
        "valid JSON: "
    )
    assert not (tmp_path / "x.sqlite").exists()


def _acled_with(tmp_path, line, column, value):
    text = ACLED.read_text("utf-8").splitlines()
    header = text[0].split(",")
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(text))))
    rows[line - 1][header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "acled.csv"
    path.write_text(out.getvalue(), "utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        (
            3,
            "geo_precision",
            "4",
            "acled.csv: line 3 (event 'LBY90002'): field 'geo_precision' must be 1, 2 or 3, got '4'",
        ),
        (
            2,
            "event_date",
            "2019/09/19",
            "acled.csv: line 2 (event 'LBY90001'): field 'event_date' must be a date such as "
            "2019-09-19 or 19 September 2019, got '2019/09/19'",
        ),
        (
            4,
            "latitude",
            "126.6",
            "acled.csv: line 4 (event 'LBY90003'): the point: latitude must be between -90 and 90, got 126.6",
        ),
        (
            5,
            "fatalities",
            "-7",
            "acled.csv: line 5 (event 'LBY90004'): field 'fatalities' must be a whole number from 0 to 10,000,000, got -7",
        ),
        (
            3,
            "event_id_cnty",
            "LBY90001",
            "acled.csv: line 3 (event 'LBY90001'): event_id_cnty appears twice (also line 2)",
        ),
        (
            6,
            "time_precision",
            "day",
            "acled.csv: line 6 (event 'SOM90005'): field 'time_precision' must be a whole number, got 'day'",
        ),
    ],
)
def test_malformed_acled_names_the_line(line, column, value, message, tmp_path, capsys):
    path = _acled_with(tmp_path, line, column, value)
    assert main(["import", str(path), "--db", str(tmp_path / "x.sqlite")]) == 1
    assert capsys.readouterr().err == f"strikemap: error: {message}\n"
    assert not (tmp_path / "x.sqlite").exists()


def test_a_csv_that_is_neither_ours_nor_acleds(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("event_id_cnty,event_date,country\nX1,2019-01-01,Libya\n", "utf-8")
    with pytest.raises(
        DataError,
        match=re.escape(
            "other.csv: not an ACLED export nor a strikemap CSV: the header lacks time_precision, "
            "sub_event_type, actor1, actor2, location, latitude, longitude, geo_precision, "
            "fatalities (a strikemap CSV has a 'sources' column)"
        ),
    ):
        read_import_file(path)


# --- hostile text ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    store = hostile_db(tmp_path_factory.mktemp("hostile") / "hostile.sqlite")
    yield store
    store.close()


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_hostile_text_survives_export_and_import_literally(fmt, hostile, tmp_path):
    path = tmp_path / f"hostile.{fmt}"
    export_incidents(collect_from_store(hostile), path)
    with IncidentStore.open(tmp_path / "copy.sqlite") as copy:
        import_file(path, copy)
        originals = {i.id: comparable(i) for i in hostile.incidents()}
        assert {i.id: comparable(i) for i in copy.incidents()} == originals
        texts = list(_strings(originals))
        assert all(any(payload in t for t in texts) for payload in CORPUS)
        again = tmp_path / f"again.{fmt}"
        export_incidents(collect_from_store(copy), again)
        assert again.read_bytes() == path.read_bytes()


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def test_hostile_text_is_escaped_in_kml(hostile, tmp_path):
    path = tmp_path / "hostile.kml"
    export_incidents(collect_from_store(hostile), path)
    raw = path.read_text("utf-8")
    assert "<script" not in raw and "<img" not in raw and "<svg" not in raw
    tree = ET.parse(path)  # well-formed XML
    marks = [
        m for m in tree.iter(f"{KML}Placemark") if m.find(f"{KML}styleUrl").text == "#incident"
    ]
    assert len(marks) == len(CORPUS)
    for mark in marks:
        fields = {d.get("name"): d.find(f"{KML}value").text or "" for d in mark.iter(f"{KML}Data")}
        # machine-readable fields hold the text literally
        assert fields["target"] == SCRIPT
        payload = fields["actor"].removesuffix(" actor")
        assert payload in CORPUS
        assert fields["place_name"] == f"{payload} town"
        assert mark.find(f"{KML}name").text.split(" · ")[1] == f"{payload} town"
        # the balloon is HTML: there the text is escaped, so it shows and never runs
        balloon = mark.find(f"{KML}description").text
        assert not [marker for marker in EXECUTED if marker in balloon]
        assert "<script" not in balloon and "{{" not in balloon and "${" not in balloon
        assert 'href="javascript' not in balloon
    assert HOSTILE in "".join(d.find(f"{KML}value").text or "" for d in tree.iter(f"{KML}Data"))


def _acled_updated(tmp_path, changes, name="acled-update.csv"):
    """ACLED's sample with one record changed as ACLED updates it: new values, new timestamp."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(ACLED.read_text("utf-8"))))
    header = rows[0]
    for column, value in {**changes, "timestamp": "1700000000"}.items():  # 2023-11-14
        rows[1][header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), "utf-8")
    return path


def test_an_updated_acled_record_is_not_stored_twice(tmp_path):
    """ACLED revised LBY90001 (toll 8 -> 9, a new timestamp): no `acled-LBY90001-2`."""
    updated = _acled_updated(tmp_path, {"fatalities": "9", "latitude": "25.9200"})
    with IncidentStore.open(tmp_path / "acled.sqlite") as store:
        import_file(ACLED, store)
        before = [(i.id, i.fatalities) for i in store.incidents()]
        audit_before = len(store.audit())
        report = import_file(updated, store)
        assert [(i.id, i.fatalities) for i in store.incidents()] == before
        assert len(store.audit()) == audit_before
        assert report.result.added == []
        assert sorted(report.result.known) == [
            "acled-LBY90002",
            "acled-LBY90003",
            "acled-LBY90004",
            "acled-SOM90005",
            "acled-SOM90006",
        ]
        assert report.superseded == ("acled-LBY90001",)
        assert report.warnings == (
            "ACLED event 'LBY90001' in acled-update.csv is an updated version of incident "
            "'acled-LBY90001' (ACLED's timestamp 2019-10-02 -> 2023-11-14; fatalities_high "
            "8 -> 9; fatalities_low 8 -> 9; place.lat 25.9155 -> 25.92): not imported, so "
            "that the event is not stored twice; correct the stored incident to apply it",
        )
        assert report.summary() == (
            "imported acled-update.csv (acled): 0 incident(s) added, 5 already stored, "
            "0 updated; 0 article(s) and 0 claim(s) stored; 1 updated record(s) not "
            "applied (see the warnings)"
        )
        # only the timestamp changed: the record is the one stored
        same = _acled_updated(tmp_path, {}, name="acled-touched.csv")
        again = import_file(same, store)
        assert (again.superseded, again.warnings, len(again.result.known)) == ((), (), 6)


@pytest.mark.parametrize("how", ["merged", "renamed"])
def test_an_updated_acled_record_finds_its_incident_under_another_id(how, tmp_path):
    """The event's incident was merged into another, or renamed on import: no duplicate."""
    updated = _acled_updated(tmp_path, {"fatalities": "9"})
    with IncidentStore.open(tmp_path / "acled.sqlite") as store:
        if how == "renamed":  # an incident of another origin holds the id first
            taken = make_stored_incident(make_stored_article("wire"), id="acled-LBY90001")
            store.import_incidents([taken], path="other.geojson")
        import_file(ACLED, store)
        holder = "acled-LBY90001-2" if how == "renamed" else "acled-LBY90002"
        if how == "merged":
            store.merge(holder, "acled-LBY90001", why="the same strike", who="tester")
        count = len(store.incidents())
        report = import_file(updated, store)
        assert report.superseded == (holder,)
        assert report.warnings[0].startswith(
            f"ACLED event 'LBY90001' in acled-update.csv is an updated version of incident "
            f"{holder!r} (ACLED's timestamp 2019-10-02 -> 2023-11-14; fatalities_high "
            "8 -> 9; fatalities_low 8 -> 9): not imported"
        )
        assert report.result.added == []
        assert len(store.incidents()) == count


def test_aggregates_in_a_geojson_export_are_counted_not_imported(rich, tmp_path):
    path = tmp_path / "with-aggregates.geojson"
    export_incidents(collect_from_store(rich), path, aggregates=True)
    with IncidentStore.open(tmp_path / "copy.sqlite") as copy:
        report = import_file(path, copy)
        assert report.batch.aggregates_skipped == 3
        assert report.warnings[0] == (
            "3 aggregate statement(s) in with-aggregates.geojson are not imported: the "
            "incident database keeps aggregates from the reports it ingests"
        )
        assert len(report.result.added) == 7
        assert copy.aggregates() == []


# --- confidence and review verdicts ----------------------------------------------------------


def _reviewed_db(path: Path) -> IncidentStore:
    """Four incidents: sure, a candidate, a candidate accepted, one rejected."""
    from tests.factories import make_article, make_claim, make_store
    from tests.geo.io.helpers import JILIB

    store = make_store(
        path,
        *[
            (
                make_article(f"Report {n}", f"2022-10-{3 * n + 2:02}", outlet=f"Wire {n}"),
                (make_claim(0, f"2022-10-{3 * n + 1:02}", place=JILIB, killed=3, confidence=p),),
            )
            for n, p in enumerate((0.81, 0.2, 0.35, 0.9))
        ],
    )
    store.review("so-2022-10-07-jilib", "accept", why="seen on satellite images", who="ana")
    store.review("so-2022-10-10-jilib", "reject", why="an exercise, not a strike", who="ana")
    return store


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_confidence_and_review_go_out_and_come_back(fmt, tmp_path):
    from geo.model.filters import STATUSES, IncidentFilter

    everything = IncidentFilter(statuses=frozenset(STATUSES))
    first = tmp_path / f"first.{fmt}"
    with _reviewed_db(tmp_path / "src.sqlite") as store:
        export_incidents(collect_from_store(store, incident_filter=everything), first)
        # by default a map or export leaves candidates and rejected incidents out
        shown = [i.id for i in collect_from_store(store).incidents]
        assert shown == ["so-2022-10-01-jilib", "so-2022-10-07-jilib"]
    if fmt == "geojson":
        rows = {
            f["id"]: (
                f["properties"]["status"],
                f["properties"]["confidence"],
                f["properties"]["review"],
            )
            for f in json.loads(first.read_text())["features"]
            if f["properties"]["kind"] == "incident"
        }
    else:
        import csv

        with first.open(newline="", encoding="utf-8") as fh:
            rows = {
                r["event_id_cnty"]: (r["status"], float(r["confidence"]), r["review"])
                for r in csv.DictReader(fh)
            }
    assert rows == {
        "so-2022-10-01-jilib": ("single source", 0.81, ""),
        "so-2022-10-04-jilib": ("candidate", 0.2, ""),
        "so-2022-10-07-jilib": ("single source", 0.35, "accepted"),
        "so-2022-10-10-jilib": ("rejected", 0.9, "rejected"),
    }
    with IncidentStore.open(tmp_path / "copy.sqlite") as copy:
        report = import_file(first, copy)
        assert not [w for w in report.warnings if "incident" in w and "base(s)" not in w]
        assert {i.id: (i.status.value, i.review) for i in copy.incidents()} == {
            "so-2022-10-01-jilib": ("single source", None),
            "so-2022-10-04-jilib": ("candidate", None),
            "so-2022-10-07-jilib": ("single source", "accepted"),
            "so-2022-10-10-jilib": ("rejected", "rejected"),
        }
        (entry,) = copy.audit("so-2022-10-10-jilib")
        assert (entry.action, entry.what["review"]) == ("import", "rejected")
        again = tmp_path / f"again.{fmt}"
        export_incidents(collect_from_store(copy, incident_filter=everything), again)
        assert again.read_bytes() == first.read_bytes()


def test_a_file_without_confidence_or_review_still_imports(rich, tmp_path):
    path = tmp_path / "old.geojson"
    export_incidents(collect_from_store(rich), path)
    raw = json.loads(path.read_text())
    for feature in raw["features"]:
        feature["properties"].pop("confidence", None)
        feature["properties"].pop("review", None)
    path.write_text(json.dumps(raw))
    with IncidentStore.open(tmp_path / "copy.sqlite") as copy:
        assert len(import_file(path, copy).result.added) == 7
        assert {i.review for i in copy.incidents()} == {None}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("review", "maybe", "field 'review' must be one of 'accepted', 'rejected', got 'maybe'"),
        ("confidence", 1.5, "field 'confidence' must be a number from 0 to 1, got 1.5"),
    ],
)
def test_a_bad_confidence_or_review_is_named(rich, tmp_path, field, value, message):
    path = tmp_path / "bad.geojson"
    export_incidents(collect_from_store(rich), path)
    raw = json.loads(path.read_text())
    raw["features"][0]["properties"][field] = value
    path.write_text(json.dumps(raw))
    with pytest.raises(DataError, match=re.escape(message)):
        read_import_file(path)


@pytest.mark.parametrize(
    ("fmt", "layer", "id_column"),
    [("gpkg", "incidents", "id"), ("kml", "Incidents", "incident_id")],
)
def test_geopackage_and_kml_carry_confidence_and_review(fmt, layer, id_column, tmp_path):
    import pyogrio

    from geo.model.filters import STATUSES, IncidentFilter

    path = tmp_path / f"out.{fmt}"
    with _reviewed_db(tmp_path / "src.sqlite") as store:
        everything = IncidentFilter(statuses=frozenset(STATUSES))
        export_incidents(collect_from_store(store, incident_filter=everything), path)
    table = pyogrio.read_dataframe(path, layer=layer).set_index(id_column)
    got = {
        i: (float(table.loc[i, "confidence"]), table.loc[i, "review"] or "") for i in table.index
    }
    assert got == {
        "so-2022-10-01-jilib": (0.81, ""),
        "so-2022-10-04-jilib": (0.2, ""),
        "so-2022-10-07-jilib": (0.35, "accepted"),
        "so-2022-10-10-jilib": (0.9, "rejected"),
    }
