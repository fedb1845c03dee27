import sqlite3
from pathlib import Path

import pytest

from gazetteer.index import build_index, ensure_index, iter_geonames_dump
from gazetteer.model import PlaceKind
from gazetteer.search import Gazetteer
from geo import DataError

NL_DUMP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "geonames" / "NL.txt"

# geonameid name asciiname alternatenames lat lon class code cc cc2 a1 a2 a3 a4 pop elev dem tz date
SMALL_DUMP = [
    "2214603\tMurzuq\tMurzuq\tMarzuq,Murzuk,مرزق\t25.91552\t13.91839\tP\tPPLA\tLY\t\t77\t\t\t\t30491\t\t457\tAfrica/Tripoli\t2020-01-01",
    "8199998\tTamanhint Air Base\tTamanhint Air Base\tTamenhint\t27.2406\t14.6561\tS\tAIRB\tLY\t\t73\t\t\t\t0\t\t400\tAfrica/Tripoli\t2020-01-01",
    "2214602\tMurzuq District\tMurzuq District\tShabiyat Murzuq\t25.0\t13.5\tA\tADM1\tLY\t\t77\t\t\t\t78621\t\t500\tAfrica/Tripoli\t2020-01-01",
    "8199997\tWadi al Hayat\tWadi al Hayat\t\t26.5\t12.9\tH\tWAD\tLY\t\t77\t\t\t\t0\t\t500\tAfrica/Tripoli\t2020-01-01",
]


def write_dump(tmp_path, lines, name="LY.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shipped_index_holds_every_source(gaz):
    counts = dict(gaz._query("SELECT kind, count(*) FROM places GROUP BY kind"))
    assert counts["city"] > 230_000
    assert counts["country"] >= 245
    assert counts["admin1"] > 4_000
    assert counts["airport"] > 25_000
    assert counts["desert"] >= 20
    assert counts["air base"] >= 30
    sources = [r[0] for r in gaz._query("SELECT source FROM places WHERE id = 'geonames:2210247'")]
    assert sources and "GeoNames cities500" in sources[0]


def test_import_a_dump_alone(tmp_path):
    dump = write_dump(tmp_path, SMALL_DUMP)
    report = build_index(tmp_path / "idx.sqlite", geonames_files=[dump], shipped=False)
    assert report.places_by_source == {"geonames:LY.txt": 4}
    assert report.imported_files == [str(dump)]
    with Gazetteer(report.path) as gaz:
        town = gaz.search("Marzuq")[0]
        assert town.place.id == "geonames:2214603"
        assert town.place.admin1 == "Murzuq District"  # named by the dump's own ADM1 row
        assert town.place.feature_code == "PPLA"
        base = gaz.search("Tamenhint")[0].place
        assert base.kind is PlaceKind.AIR_BASE and base.country_code == "LY"
        assert gaz.search("Wadi al Hayat")[0].place.kind is PlaceKind.WADI
        assert gaz.search("مرزق")[0].place.id == "geonames:2214603"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "1\tonly three\tcolumns",
            "LY.txt:2: expected 19 tab-separated GeoNames columns, got 3; is this a GeoNames dump (e.g. LY.txt)?",
        ),
        (
            "x" + SMALL_DUMP[0],
            "LY.txt:2: bad geonameid or coordinates 'x2214603' '25.91552' '13.91839'",
        ),
        (
            SMALL_DUMP[0].replace("25.91552", "95.0"),
            "LY.txt:2: latitude must be between -90 and 90, got 95.0",
        ),
    ],
)
def test_a_bad_dump_fails_cleanly_and_keeps_the_old_index(tmp_path, line, message):
    good = build_index(
        tmp_path / "idx.sqlite",
        geonames_files=[write_dump(tmp_path, SMALL_DUMP, "A.txt")],
        shipped=False,
    )
    before = good.path.read_bytes()
    bad = write_dump(tmp_path, [SMALL_DUMP[1], line])
    with pytest.raises(DataError) as info:
        build_index(good.path, geonames_files=[bad], shipped=False)
    assert str(info.value) == message
    assert good.path.read_bytes() == before  # the previous index is untouched
    assert not (tmp_path / "idx.sqlite.tmp").exists()


def test_missing_dump(tmp_path):
    with pytest.raises(DataError, match=r"^GeoNames dump '.*nope\.txt' does not exist$"):
        build_index(tmp_path / "idx.sqlite", geonames_files=[tmp_path / "nope.txt"], shipped=False)
    assert not (tmp_path / "idx.sqlite").exists()


def test_dump_rows_are_streamed(tmp_path):
    rows = iter_geonames_dump(write_dump(tmp_path, SMALL_DUMP))
    first = next(rows)
    assert first.id == "geonames:2214603" and first.population == 30491
    assert ("Marzuq", "alt") in first.names


@pytest.mark.skipif(not NL_DUMP.is_file(), reason="needs ../shared/data/geonames/NL.txt")
def test_import_the_netherlands_dump(tmp_path):
    report = build_index(tmp_path / "nl.sqlite", geonames_files=[NL_DUMP], shipped=False)
    assert report.places_by_source == {"geonames:NL.txt": 22_852}
    with Gazetteer(report.path) as gaz:
        amsterdam = gaz.search("Amsterdam")[0].place
        assert amsterdam.id == "geonames:2759794" and amsterdam.feature_code == "PPLC"
        assert amsterdam.admin1  # the dump's ADM1 rows name the province
        soesterberg = gaz.search("Soesterberg Air Base", kinds=["air base"])[0].place
        assert soesterberg.country_code == "NL"


def test_ensure_index_rebuilds_an_outdated_index(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    calls = []
    monkeypatch.setattr("gazetteer.index.build_index", lambda p, **kw: calls.append(p))
    messages = []
    assert ensure_index(path, progress=messages.append) == path
    assert calls == [path]
    assert messages == [f"building the gazetteer index at {path} (first use, about a minute)"]


def test_ensure_index_keeps_a_current_index(gazetteer_index, monkeypatch):
    monkeypatch.setattr("gazetteer.index.build_index", lambda *a, **k: pytest.fail("rebuilt"))
    assert ensure_index(gazetteer_index) == gazetteer_index


def test_opening_something_else_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(
        DataError,
        match=r"^'.*junk\.sqlite' is not a strikemap gazetteer index \(file is not a database\); rebuild it with `strikemap gazetteer build`$",
    ):
        Gazetteer(junk)
