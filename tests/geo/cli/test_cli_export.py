"""`strikemap export`, `strikemap import` and the filter options, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.io.dataset import DEFAULT_DATASET_PATH
from tests.geo.cli.helpers import fails_with
from tests.geo.io.helpers import rich_db
from tests.payloads import strike_rows

ACLED = Path(__file__).resolve().parents[1] / "io" / "data" / "acled-sample.csv"


@pytest.fixture
def rich_path(tmp_path):
    path = tmp_path / "rich.sqlite"
    rich_db(path).close()
    return path


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        (
            "out.geojson",
            "(5 incidents, 6 sites; geojson, {} bytes; 3 aggregate statements "
            "not written (--aggregates adds them))",
        ),
        (
            "out.csv",
            "(5 incidents; csv, {} bytes; 3 aggregate statements not written (one row "
            "per incident))",
        ),
        (
            "out.gpkg",
            "(5 incidents, 6 sites, 3 aggregate statements, 4 uncertainty areas; gpkg, {} bytes)",
        ),
        (
            "out.kml",
            "(5 incidents, 6 sites, 3 aggregate statements, 4 uncertainty areas; kml, {} bytes)",
        ),
    ],
)
def test_export_a_dataset_in_each_format(name, summary, tmp_path, capsys):
    out = tmp_path / name
    assert main(["export", "--dataset", str(DEFAULT_DATASET_PATH), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"wrote {out} {summary.format(f'{out.stat().st_size:,}')}\n"
    assert captured.err == ""


def test_export_the_database_names_what_it_leaves_out(rich_path, tmp_path, capsys):
    out = tmp_path / "out.geojson"
    assert main(["export", "--db", str(rich_path), "-o", str(out), "--areas"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "strikemap: warning: left out of the export: incident xx-2019-09-30-unplaced: no place: "
        "its reports name none\n"
    )
    assert captured.out == (
        f"wrote {out} (7 incidents, 6 sites, 6 uncertainty areas; geojson, "
        f"{out.stat().st_size:,} bytes; 1 left out (see above); 3 aggregate statements not "
        "written (--aggregates adds them))\n"
    )
    assert main(["export", "--db", str(rich_path), "-o", str(out), "--aggregates"]) == 0
    assert capsys.readouterr().out == (
        f"wrote {out} (7 incidents, 6 sites, 3 aggregate statements; geojson, "
        f"{out.stat().st_size:,} bytes; 1 left out (see above))\n"
    )
    statements = [
        f
        for f in json.loads(out.read_text("utf-8"))["features"]
        if f["properties"]["kind"] == "aggregate"
    ]
    assert [(f["id"], f["geometry"]) for f in statements] == [
        ("aggregate-10", None),
        ("aggregate-11", None),
        ("aggregate-9", None),
    ]


def test_export_filters(rich_path, tmp_path, capsys):
    out = tmp_path / "out.csv"
    args = ["export", "--db", str(rich_path), "-o", str(out), "--since", "2019-09-25"]
    args += ["--status", "single-source", "--status", "contested", "--actor", "us military"]
    assert main(args) == 0
    assert "(3 of 8 incidents; csv, " in capsys.readouterr().out
    ids = [line.split(",")[0] for line in out.read_text("utf-8").splitlines()[1:]]
    assert ids == [
        "ly-2019-09-29-south",
        "so-2019-09-30-jilib",
        "fj-2019-10-02-40-km-east-of-savusavu",
    ]
    assert (
        main(
            [
                "export",
                "--db",
                str(rich_path),
                "-o",
                str(out),
                "--country",
                "fj",
                "--event-type",
                "strike",
            ]
        )
        == 0
    )
    assert "(1 of 8 incidents; csv, " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "x.shp"],
            "cannot tell the format from the file name 'x.shp'; give --format "
            "(geojson, csv, gpkg, kml) or end the name in .geojson, .csv, .gpkg or .kml",
        ),
        (
            ["-o", "x.csv", "--format", "xlsx"],
            "the format must be one of geojson, csv, gpkg, kml, got 'xlsx'",
        ),
        (
            ["-o", "x.csv", "--db", "a.sqlite", "--dataset", "b.json"],
            "give --dataset or --db, not both",
        ),
        (["-o", "x.csv", "--db", "missing.sqlite"], "no incident database at missing.sqlite"),
        (
            ["-o", "x.csv", "--since", "yesterday"],
            "--since must be a date as YYYY-MM-DD, YYYY-MM or YYYY, got 'yesterday'",
        ),
        (
            ["-o", "x.csv", "--country", "Libya"],
            "--country must be an ISO 3166-1 alpha-2 code such as LY, got 'Libya'",
        ),
        (["-o", "x.csv", "--division", " "], "--division must not be empty"),
        (
            ["-o", "x.csv", "--status", "probable"],
            "--status must be one of single-source, corroborated, contested, candidate, "
            "rejected, got 'probable'",
        ),
        (
            ["-o", "/nonexistent-dir/x.csv", "--dataset", str(DEFAULT_DATASET_PATH)],
            "cannot write '/nonexistent-dir/x.csv': No such file or directory",
        ),
        (
            ["-o", "x.csv", "--dataset", "nothing.json"],
            "dataset file 'nothing.json' does not exist",
        ),
        (
            ["-o", "x.csv", "--sites", "nothing.geojson"],
            "sites file 'nothing.geojson' does not exist",
        ),
        (
            ["-o", "x.csv", "--dataset", str(DEFAULT_DATASET_PATH), "--sites", str(ACLED)],
            "acled-sample.csv: not valid JSON: Expecting value: line 1 column 1 (char 0)",
        ),
    ],
)
def test_export_bad_input_is_one_line(args, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    fails_with(["export", *args], message, capsys)
    assert not (tmp_path / "x.csv").exists()


def test_export_measures_against_a_sites_file(rich_path, tmp_path, capsys):
    sites = tmp_path / "somalia.geojson"
    sites.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [42.46, -0.38]},
                        "properties": {"name": "Kismayo airstrip", "country_code": "SO"},
                    }
                ],
            }
        ),
        "utf-8",
    )
    out = tmp_path / "out.csv"
    args = ["export", "--db", str(rich_path), "--sites", str(sites), "-o", str(out)]
    assert main([*args, "--country", "SO"]) == 0
    assert (
        capsys.readouterr().out
        == f"wrote {out} (1 of 8 incidents; csv, {out.stat().st_size:,} bytes)\n"
    )
    header, row = (line.split(",") for line in out.read_text("utf-8").splitlines()[:2])
    near = dict(zip(header, row, strict=False))
    # Jilib district (0.5 N, 42.8 E) to the Kismayo airstrip: 104.4 km by geopy's geodesic
    assert (near["nearest_launch_site_id"], near["nearest_launch_site"]) == (
        "site-1",
        "Kismayo airstrip",
    )
    assert float(near["nearest_launch_site_km"]) == pytest.approx(104.4, abs=0.06)


def test_export_without_a_source_uses_the_default_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STRIKEMAP_DB", str(tmp_path / "default.sqlite"))
    assert main(["export", "-o", str(tmp_path / "out.geojson")]) == 0
    assert "(5 incidents, 6 sites; geojson" in capsys.readouterr().out


def test_import_then_export_round_trip_through_the_cli(rich_path, tmp_path, capsys):
    first, again = tmp_path / "first.geojson", tmp_path / "again.geojson"
    assert main(["export", "--db", str(rich_path), "-o", str(first)]) == 0
    copy = tmp_path / "copy.sqlite"
    capsys.readouterr()
    assert main(["import", str(first), "--db", str(copy)]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "imported first.geojson (geojson): 7 incident(s) added, 0 already stored, 0 updated; "
        "5 article(s) and 11 claim(s) stored\n"
    )
    assert captured.err == (
        "strikemap: warning: 6 base(s) and headquarters in first.geojson are not imported: the "
        "incident database holds incidents; maps and exports use the curated sites\n"
    )
    assert main(["export", "--db", str(copy), "-o", str(again)]) == 0
    assert again.read_bytes() == first.read_bytes()
    assert main(["import", str(first), "--db", str(copy), "--json"]) == 0
    report = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert report["added"] == [] and len(report["known"]) == 7 and report["format"] == "geojson"


def test_import_acled(tmp_path, capsys):
    db = tmp_path / "acled.sqlite"
    assert main(["import", str(ACLED), "--db", str(db)]) == 0
    assert capsys.readouterr().out == (
        "imported acled-sample.csv (acled): 6 incident(s) added, 0 already stored, 0 updated; "
        "6 article(s) and 6 claim(s) stored\n"
    )
    assert main(["incidents", "--db", str(db)]) == 0
    assert "acled-SOM90006  2019-10-12  armed clash  Afgooye, SO (near a town)  2 killed" in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.geojson"], "import file 'missing.geojson' does not exist"),
        (
            ["data.txt"],
            "cannot tell the format of 'data.txt' from its name; give --format "
            "(geojson, csv, acled)",
        ),
        (
            ["data.txt", "--format", "kml"],
            "the import format must be one of geojson, csv, acled, got 'kml'",
        ),
    ],
)
def test_import_bad_input_is_one_line(args, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.txt").write_text("x", "utf-8")
    assert main(["import", *args, "--db", "new.sqlite"]) == 1
    assert capsys.readouterr().err == f"strikemap: error: {message}\n"
    assert not (tmp_path / "new.sqlite").exists()


def test_map_takes_the_same_filters(tmp_path, capsys):
    out = tmp_path / "m.html"
    assert main(["map", "-o", str(out), "--since", "2019-09-20", "--until", "2019-09-27"]) == 0
    assert capsys.readouterr().out == f"wrote {out} (2 of 5 strikes, 6 sites)\n"
    page = out.read_text("utf-8")
    assert [r["id"] for r in strike_rows(page)] == [
        "ly-2019-09-24-murzuq-area",
        "ly-2019-09-26-southwest",
    ]
    assert main(["map", "-o", str(out), "--status", "maybe"]) == 1
    assert capsys.readouterr().err == (
        "strikemap: error: --status must be one of single-source, corroborated, contested, "
        "candidate, rejected, got 'maybe'\n"
    )


def test_map_of_the_database_filters_by_status(rich_path, tmp_path, capsys):
    out = tmp_path / "m.html"
    assert main(["map", "-o", str(out), "--db", str(rich_path), "--status", "contested"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out} (1 of 7 strikes, 6 sites, ")
    assert "so-2019-09-30-jilib" in [r["id"] for r in strike_rows(out.read_text("utf-8"))]


def test_import_names_an_updated_acled_record_instead_of_storing_it_twice(tmp_path, capsys):
    db = tmp_path / "acled.sqlite"
    assert main(["import", str(ACLED), "--db", str(db)]) == 0
    updated = tmp_path / "acled-revised.csv"
    updated.write_text(
        ACLED.read_text("utf-8").replace(
            'killing 8 IS militants.",8,,1570000000', 'killing 8 IS militants.",10,,1700000000'
        ),
        "utf-8",
    )
    capsys.readouterr()
    assert main(["import", str(updated), "--db", str(db), "--json"]) == 0
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert (payload["added"], payload["superseded"]) == ([], ["acled-LBY90001"])
    assert captured.err == (
        "strikemap: warning: ACLED event 'LBY90001' in acled-revised.csv is an updated version "
        "of incident 'acled-LBY90001' (ACLED's timestamp 2019-10-02 -> 2023-11-14; "
        "fatalities_high 8 -> 10; fatalities_low 8 -> 10): not imported, so that the event is "
        "not stored twice; correct the stored incident to apply it\n"
    )


def test_export_and_map_by_division(tmp_path, capsys):
    """--division keeps the strikes placed in it: the admin1 column says so."""
    out = tmp_path / "murzuq.csv"
    assert main(["export", "-o", str(out), "--division", "murzuq"]) == 0
    assert "(2 of 5 incidents; csv, " in capsys.readouterr().out
    lines = out.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:]]
    assert [r["event_id_cnty"] for r in rows] == [
        "ly-2019-09-19-murzuq",
        "ly-2019-09-24-murzuq-area",
    ]
    assert [r["admin1"] for r in rows] == ["Murzuq", "Murzuq"]
    page = tmp_path / "murzuq.html"
    assert main(["map", "-o", str(page), "--offline", "--division", "Murzuq"]) == 0
    assert capsys.readouterr().out == f"wrote {page} (2 of 5 strikes, 6 sites, offline)\n"
