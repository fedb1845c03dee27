import json

import pytest

from geo.cli import main


@pytest.fixture(autouse=True)
def _index(gazetteer_index):
    return gazetteer_index


def test_geocode_json(capsys):
    assert main(["geocode", "Derna", "--json", "--limit", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) <= 3
    first = rows[0]
    for key in (
        "id",
        "name",
        "country_code",
        "lat",
        "lon",
        "kind",
        "feature_code",
        "population",
        "score",
        "reason",
    ):
        assert key in first
    assert first["country_code"] == "LY"
    assert first["lat"] == pytest.approx(32.767, abs=0.05)


def test_geocode_country_and_text(capsys):
    assert main(["geocode", "Tripoli", "--country", "LB", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. Tripoli (") and "LB)" in out


def test_geocode_kind(capsys):
    assert main(["geocode", "Air Base 201", "--kind", "air base", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["kind"] == "air base" and rows[0]["country_code"] == "NE"


def test_reverse_text_and_json(capsys):
    assert main(["reverse", "25.9", "13.9"]) == 0
    out = capsys.readouterr().out.strip()
    assert "Murzu" in out and out.endswith("Libya")
    assert main(["reverse", "-33.92", "18.42", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["country"]["country_code"] == "ZA"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["geocode", ""], "strikemap: error: name must not be empty, got ''"),
        (["geocode", "   "], "strikemap: error: name must not be empty, got '   '"),
        (
            ["geocode", "x" * 10_000],
            "strikemap: error: name is too long (10000 characters, at most 200): pass a place name, not a document",
        ),
        (
            ["geocode", "Der\x07na"],
            "strikemap: error: name contains control character '\\x07' at position 3; remove it",
        ),
        (
            ["geocode", "Derna", "--near", "95,13"],
            "strikemap: error: --near: latitude must be between -90 and 90, got 95.0",
        ),
        (
            ["geocode", "Derna", "--near", "north"],
            "strikemap: error: --near must be LAT,LON such as 25.9,13.9, got 'north'",
        ),
        (
            ["geocode", "Derna", "--kind", "spaceport"],
            "strikemap: error: kind must be one of continent, country, admin1, admin2, city, airport, airfield, air base, military base, headquarters, region, desert, mountains, mountain, plateau, basin, plain, valley, peninsula, island, islands, wetland, delta, cape, oasis, wadi, water, border crossing, other; got 'spaceport'",
        ),
        (
            ["reverse", "95", "13.9"],
            "strikemap: error: point: latitude must be between -90 and 90, got 95.0",
        ),
        (
            ["reverse", "abc", "13.9"],
            "strikemap: error: LAT and LON must be decimal degrees such as 25.9 13.9, got 'abc' '13.9'",
        ),
        (
            ["reverse", "nan", "13.9"],
            "strikemap: error: point: latitude must be between -90 and 90, got nan",
        ),
    ],
)
def test_bad_input_one_line(args, message, capsys):
    code = main(args)
    assert code in (1, 2)
    captured = capsys.readouterr()
    assert captured.err == message + "\n"


def test_geocode_not_found_exit_code(capsys):
    assert main(["geocode", "Qwxzyvplk"]) == 3
    assert capsys.readouterr().out == "no place found for 'Qwxzyvplk'\n"


def test_toponyms_file_json(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("An air strike hit a compound in Murzuq, in southern Libya.", "utf-8")
    assert main(["toponyms", str(article), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["text"], r["place"]["country_code"]) for r in rows] == [
        ("Murzuq", "LY"),
        ("Libya", "LY"),
    ]
    assert rows[0]["start"] == 32 and rows[0]["end"] == 38
    assert set(rows[0]["place"]) == {"id", "name", "lat", "lon", "country_code", "kind"}


def test_toponyms_bad_files(tmp_path, capsys):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"Derna \xff\xfe")
    assert main(["toponyms", str(binary)]) == 1
    assert capsys.readouterr().err == (
        f"strikemap: error: '{binary}' is not valid UTF-8 (byte 6: b'\\xff'); convert it to UTF-8 first\n"
    )
    assert main(["toponyms", str(tmp_path / "missing.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert main(["toponyms"]) == 1
    assert (
        capsys.readouterr().err
        == "strikemap: error: give one text FILE (or -), or --jsonl FILE for a batch\n"
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ZZZ", "publication country must be an ISO 3166-1 alpha-2 code such as 'LY', got 'ZZZ'"),
        ("L", "publication country must be an ISO 3166-1 alpha-2 code such as 'LY', got 'L'"),
        ("1Y", "publication country must be an ISO 3166-1 alpha-2 code such as 'LY', got '1Y'"),
        (
            "ZZ",
            "publication country 'ZZ' is no country in the gazetteer; give an ISO 3166-1 "
            "alpha-2 code such as 'LY'",
        ),
    ],
)
def test_toponyms_refuse_an_unknown_country(tmp_path, capsys, code, message):
    article = tmp_path / "a.txt"
    article.write_text("An air strike hit a compound in Murzuq, in southern Libya.", "utf-8")
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"id": "a", "text": "Strikes near Murzuq."}) + "\n", "utf-8")
    for source in ([str(article)], ["--jsonl", str(batch)]):
        assert main(["toponyms", *source, "--country", code]) == 1
        assert capsys.readouterr() == ("", f"strikemap: error: {message}\n")


def test_toponyms_publication_country_in_either_case(tmp_path, capsys, monkeypatch):
    # the rules alone: their confidence shows the prior (the ranker's: test_ranker.py)
    monkeypatch.setenv("STRIKEMAP_RANKER", "off")
    article = tmp_path / "a.txt"
    article.write_text("Protesters gathered in Tripoli on Sunday.", "utf-8")
    outputs = []
    for code in ("LB", "lb", None):
        more = ["--country", code] if code else []
        assert main(["toponyms", str(article), *more, "--json"]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]  # the same prior
    assert outputs[0][0]["confidence"] < outputs[2][0]["confidence"]  # a prior for Lebanon


def test_toponyms_batch(tmp_path, capsys):
    lines = [
        json.dumps({"id": "a", "text": "Clashes in Sirte and Misrata."}),
        "{not json",
        json.dumps({"id": "c", "text": "Strikes near Murzuq.", "spans": [[13, 19]]}),
        json.dumps({"id": "d", "text": "Strikes near Murzuq.", "spans": [[13, 99]]}),
        json.dumps({"id": "e"}),
    ]
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(lines) + "\n", "utf-8")
    assert main(["toponyms", "--jsonl", str(batch)]) == 1
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert [o["id"] for o in out] == ["a", "c"]
    assert [t["text"] for t in out[0]["toponyms"]] == ["Sirte", "Misrata"]
    assert out[1]["toponyms"][0]["place"]["country_code"] == "LY"
    errors = captured.err.splitlines()
    assert errors[0] == (
        "strikemap: error: in.jsonl:2: not valid JSON: Expecting property name enclosed in "
        "double quotes: line 1 column 2 (char 1)"
    )
    assert (
        errors[1]
        == "strikemap: error: in.jsonl:4: span (13, 99) is outside the text of 20 characters"
    )
    assert errors[2] == 'strikemap: error: in.jsonl:5: expected an object with a "text" string'
    assert errors[3] == "strikemap: 2 documents geoparsed, 3 failed"


# --- the index file: never another file, never a mistyped path, never a traceback -----------


def _incident_db_and_report(tmp_path):
    from geo.store.database import IncidentStore

    db = tmp_path / "case.sqlite"
    IncidentStore.open(db, seed=True).close()
    report = tmp_path / "report.txt"
    report.write_text("Published: 2019-09-27\n\nAn air strike hit a compound in Murzuq.\n")
    return db, report


def test_an_index_option_naming_another_file_never_overwrites_it(tmp_path, capsys, monkeypatch):
    """`geocode Derna --index case.sqlite` once replaced an incident database with an index."""
    monkeypatch.setattr("gazetteer.index._add_shipped_sources", lambda *a: pytest.fail("built"))
    db, report = _incident_db_and_report(tmp_path)
    for target, detail in ((db, "a strikemap incident database"), (report, "not an SQLite file")):
        before = target.read_bytes()
        refusal = (
            f"strikemap: error: {str(target)!r} is not a strikemap gazetteer index ({detail}); "
            "strikemap never overwrites it: name another file with --index\n"
        )
        for args in (
            ["geocode", "Derna", "--index", str(target)],
            ["reverse", "25.9", "13.9", "--index", str(target)],
            ["toponyms", str(report), "--index", str(target)],
            ["gazetteer", "build", "--index", str(target)],
            ["ingest", str(report), "--db", str(tmp_path / "new.sqlite"), "--index", str(target)],
        ):
            assert main(args) == 1, args
            captured = capsys.readouterr()
            assert (captured.out, captured.err) == ("", refusal), args
        assert target.read_bytes() == before
    from geo.store.database import IncidentStore

    with IncidentStore.open(db) as store:
        assert len(store.incidents()) == 5
    with IncidentStore.open(tmp_path / "new.sqlite") as store:  # nothing was ingested
        assert store.articles() == []


def test_a_mistyped_index_path_is_an_error_not_a_new_build(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("gazetteer.index._add_shipped_sources", lambda *a: pytest.fail("built"))
    typo = tmp_path / "gazeteer" / "index.sqlite"
    assert main(["geocode", "Derna", "--index", str(typo)]) == 1
    assert capsys.readouterr().err == (
        f"strikemap: error: no gazetteer index at {str(typo)!r}; check the path, or build one "
        f"there with `strikemap gazetteer build --index {typo}`\n"
    )
    assert main(["gazetteer", "build", "--index", str(typo)]) == 1
    assert capsys.readouterr().err == (
        f"strikemap: error: the folder of the gazetteer index {str(typo)!r} does not exist; "
        "check the path, or create the folder first\n"
    )
    assert not typo.parent.exists()


def _small_index(tmp_path):
    from gazetteer.index import build_index
    from tests.gazetteer.test_index import SMALL_DUMP, write_dump

    dump = write_dump(tmp_path, SMALL_DUMP)
    return build_index(tmp_path / "small.sqlite", geonames_files=[dump], shipped=False).path


def _lookups_fail(index, message, capsys):
    """``geocode`` and ``reverse`` on ``index`` each exit 1 with ``message`` alone on stderr."""
    for args in (["geocode", "Murzuq"], ["reverse", "25.9", "13.9"]):
        assert main([*args, "--index", str(index)]) == 1
        assert capsys.readouterr() == ("", message)


def test_an_index_with_a_bad_schema_version_is_one_line(tmp_path, capsys):
    import sqlite3

    index = _small_index(tmp_path)
    with sqlite3.connect(index) as conn:
        conn.execute("UPDATE meta SET value = 'seven' WHERE key = 'schema_version'")
    conn.close()
    message = (
        f"strikemap: error: the gazetteer index {str(index)!r} is damaged (its schema_version "
        f"'seven' is not a whole number); rebuild it with `strikemap gazetteer build --index "
        f"{index}`\n"
    )
    _lookups_fail(index, message, capsys)


def test_a_damaged_index_is_one_line(tmp_path, capsys):
    import sqlite3

    from tests.gazetteer.test_index import corrupt_pages

    index = _small_index(tmp_path)
    with sqlite3.connect(index) as conn:
        kept = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE tbl_name IN ('meta', 'admin1_names')"
        ).fetchall()
    conn.close()
    corrupt_pages(index, keep={1, *(r[0] for r in kept)})
    message = (
        f"strikemap: error: the gazetteer index {str(index)!r} is damaged (database disk image "
        f"is malformed); rebuild it with `strikemap gazetteer build --index {index}`\n"
    )
    _lookups_fail(index, message, capsys)


def test_a_read_only_index_is_read(tmp_path, capsys):
    from tests.geo.cli.test_cli_faults import really_read_only

    folder = tmp_path / "shared"
    folder.mkdir()
    index = _small_index(folder)
    with really_read_only(index, folder):
        assert main(["geocode", "Marzuq", "--index", str(index), "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert rows[0]["id"] == "geonames:2214603"
        assert main(["reverse", "25.9", "13.9", "--index", str(index)]) == 0
        # the small index holds no countries (hence no country name)
        assert capsys.readouterr().out == "3 km SW of Murzuq, Murzuq District\n"
