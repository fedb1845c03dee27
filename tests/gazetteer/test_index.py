import sqlite3
from pathlib import Path

import pytest

from gazetteer.errors import DamagedDatabaseError
from gazetteer.index import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    IndexCheck,
    IndexNotFoundError,
    IndexState,
    build_index,
    ensure_index,
    inspect_index,
    iter_geonames_dump,
    shipped_sources_fingerprint,
)
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
    # GeoNames' own second-level divisions (the curated Waziristans are districts too)
    counts["admin2"] = gaz._query(
        "SELECT count(*) FROM places WHERE kind = 'admin2' AND id LIKE 'geonames:%'"
    )[0][0]
    assert counts["city"] > 230_000
    assert counts["country"] >= 245
    assert counts["admin1"] > 4_000
    assert counts["admin2"] == 6_517  # GeoNames second-level divisions that have towns
    assert counts["airport"] > 25_000
    assert counts["desert"] >= 20
    assert counts["air base"] >= 30
    sources = [r[0] for r in gaz._query("SELECT source FROM places WHERE id = 'geonames:2210247'")]
    assert sources and "GeoNames cities500" in sources[0]
    (county,) = [
        c.place for c in gaz.search("Morris County", limit=20) if c.place.admin1_code == "NJ"
    ]
    assert (county.id, county.kind, county.feature_code) == (
        "geonames:5101405",
        PlaceKind.ADMIN2,
        "ADM2",
    )
    assert county.source == "GeoNames admin-2 US.NJ.027; point: median of its 29 towns"


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


def older_index(path, version="6", *, marked=False):
    """An index as an older strikemap built it: its tables, an older schema_version."""
    with sqlite3.connect(path) as conn:
        if marked:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("CREATE TABLE places (rowid INTEGER PRIMARY KEY, id TEXT)")
        conn.execute("CREATE TABLE names (key TEXT, place INTEGER)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", [version])
    conn.close()
    return path


@pytest.mark.parametrize("marked", [False, True])
def test_ensure_index_rebuilds_an_outdated_index_in_place(tmp_path, monkeypatch, marked):
    path = older_index(tmp_path / "old.sqlite", marked=marked)
    assert inspect_index(path) == IndexCheck(IndexState.OUTDATED, 6)
    calls = []
    monkeypatch.setattr("gazetteer.index.build_index", lambda p, **kw: calls.append(p))
    messages = []
    assert ensure_index(path, progress=messages.append) == path
    assert calls == [path]
    assert messages == [
        f"rebuilding the gazetteer index at {path} (schema version 6 is outdated; about a minute)"
    ]


def test_a_new_build_is_marked_as_ours(tmp_path):
    report = build_index(
        tmp_path / "idx.sqlite", geonames_files=[write_dump(tmp_path, SMALL_DUMP)], shipped=False
    )
    header = report.path.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID == 0x53544B47
    assert inspect_index(report.path) == IndexCheck(IndexState.CURRENT, SCHEMA_VERSION)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["LY.txt", "idx.sqlite"]


def other_files(tmp_path):
    """Files that are not gazetteer indexes, each with what inspect_index says of it."""
    from geo.store.database import IncidentStore

    incidents = tmp_path / "case.sqlite"
    IncidentStore.open(incidents, seed=True).close()
    report = tmp_path / "report.txt"
    report.write_text("Published: 2019-09-27\n\nA strike hit Derna.\n", "utf-8")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")  # a 'meta' table, not ours
        conn.execute("INSERT INTO meta VALUES ('schema_version', '7')")
    conn.close()
    foreign = tmp_path / "firefox.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE places (id)")
    conn.close()
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    return {
        incidents: "a strikemap incident database",
        report: "not an SQLite file",
        other: "an SQLite database without the gazetteer's tables",
        foreign: "another program's SQLite database",
        empty: "not an SQLite file",
    }


def test_nothing_but_a_gazetteer_index_is_ever_overwritten(tmp_path, monkeypatch):
    monkeypatch.setattr("gazetteer.index._add_shipped_sources", lambda *a: pytest.fail("built"))
    for path, detail in other_files(tmp_path).items():
        before = path.read_bytes()
        assert inspect_index(path) == IndexCheck(IndexState.FOREIGN, detail=detail)
        message = (
            f"{str(path)!r} is not a strikemap gazetteer index ({detail}); strikemap never "
            "overwrites it: name another file with --index"
        )
        for attempt in (ensure_index, build_index, Gazetteer.open):
            with pytest.raises(DataError) as info:
                attempt(path)
            assert str(info.value) == message
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_an_explicit_index_must_exist(tmp_path, monkeypatch):
    monkeypatch.setattr("gazetteer.index.build_index", lambda *a, **k: pytest.fail("built"))
    typo = tmp_path / "no-such-folder" / "gazeteer.sqlite"
    with pytest.raises(IndexNotFoundError) as info:
        ensure_index(typo)
    assert str(info.value) == (
        f"no gazetteer index at {str(typo)!r}; check the path, or build one there with "
        f"`strikemap gazetteer build --index {typo}`"
    )
    assert isinstance(info.value, FileNotFoundError)
    assert not typo.parent.exists()


def test_a_rebuild_for_a_new_schema_imports_the_same_dumps_again(tmp_path, monkeypatch):
    # an outdated index built with two dumps, one of which has since been deleted
    kept = write_dump(tmp_path, SMALL_DUMP, name="SO.txt")
    gone = tmp_path / "YE.txt"
    path = older_index(tmp_path / "old.sqlite", marked=True)
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO meta VALUES ('imported_files', ?)", [f"{kept}|{gone}"])
    conn.close()
    calls = []
    monkeypatch.setattr(
        "gazetteer.index.build_index", lambda p, **kw: calls.append((p, kw["geonames_files"]))
    )
    messages = []
    assert ensure_index(path, progress=messages.append) == path
    assert calls == [(path, [str(kept)])]
    assert messages == [
        f"rebuilding the gazetteer index at {path} (schema version 6 is outdated; about a "
        f"minute); importing again the GeoNames dumps it was built with: {kept}; no longer "
        f"found, not imported: {gone} (add them with --geonames)"
    ]


def test_a_new_default_index_imports_the_dumps_of_the_older_version_beside_it(
    tmp_path, monkeypatch
):
    cache = tmp_path / "cache" / "strikemap"
    cache.mkdir(parents=True)
    monkeypatch.delenv("STRIKEMAP_GAZETTEER", raising=False)
    monkeypatch.setattr("gazetteer.index.platformdirs.user_cache_dir", lambda app: str(cache))
    dump = write_dump(tmp_path, SMALL_DUMP, name="SO.txt")
    for version, imported in [(SCHEMA_VERSION - 2, ""), (SCHEMA_VERSION - 1, str(dump))]:
        old = older_index(cache / f"gazetteer-v{version}.sqlite", str(version), marked=True)
        with sqlite3.connect(old) as conn:
            conn.execute("INSERT INTO meta VALUES ('imported_files', ?)", [imported])
        conn.close()
    calls = []
    monkeypatch.setattr(
        "gazetteer.index.build_index", lambda p, **kw: calls.append((p, kw["geonames_files"]))
    )
    assert ensure_index() == cache / f"gazetteer-v{SCHEMA_VERSION}.sqlite"
    assert calls == [(cache / f"gazetteer-v{SCHEMA_VERSION}.sqlite", [str(dump)])]


def test_the_default_location_is_built_on_first_use(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr("gazetteer.index.build_index", lambda p, **kw: calls.append(p))
    # $STRIKEMAP_GAZETTEER in an existing folder: built there
    monkeypatch.setenv("STRIKEMAP_GAZETTEER", str(tmp_path / "gaz.sqlite"))
    assert ensure_index() == tmp_path / "gaz.sqlite"
    # ... in a folder that does not exist: a mistyped path, not a new folder
    typo = tmp_path / "typo" / "gaz.sqlite"
    monkeypatch.setenv("STRIKEMAP_GAZETTEER", str(typo))
    with pytest.raises(IndexNotFoundError, match=r"^the folder of the gazetteer index '.*typo/"):
        ensure_index()
    assert not typo.parent.exists()
    # the user cache folder is created
    monkeypatch.delenv("STRIKEMAP_GAZETTEER")
    cache = tmp_path / "cache" / "strikemap"
    monkeypatch.setattr("gazetteer.index.platformdirs.user_cache_dir", lambda app: str(cache))
    assert ensure_index() == cache / f"gazetteer-v{SCHEMA_VERSION}.sqlite"
    assert cache.is_dir()
    assert calls == [tmp_path / "gaz.sqlite", cache / f"gazetteer-v{SCHEMA_VERSION}.sqlite"]


def test_the_shipped_index_records_the_data_it_was_built_from(gazetteer_index):
    with sqlite3.connect(f"{gazetteer_index.as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT value FROM meta WHERE key = 'shipped_sources'").fetchall()
    conn.close()
    assert rows == [(shipped_sources_fingerprint(),)]
    assert len(shipped_sources_fingerprint()) == 24
    assert inspect_index(gazetteer_index) == IndexCheck(IndexState.CURRENT, SCHEMA_VERSION)


def test_an_index_built_from_other_shipped_data_is_rebuilt(tmp_path, monkeypatch):
    """A release that adds a place to curated.csv must not keep answering from the old index."""
    report = build_index(
        tmp_path / "idx.sqlite", geonames_files=[write_dump(tmp_path, SMALL_DUMP)], shipped=False
    )
    path = report.path
    # an index of GeoNames dumps alone does not depend on the shipped data
    assert inspect_index(path) == IndexCheck(IndexState.CURRENT, SCHEMA_VERSION)
    outdated = IndexCheck(
        IndexState.OUTDATED, SCHEMA_VERSION, "built from other shipped place data"
    )
    for recorded in ["0" * 24, None]:  # another release's data; an index from before the record
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM meta WHERE key = 'shipped_sources'")
            if recorded is not None:
                conn.execute("INSERT INTO meta VALUES ('shipped_sources', ?)", [recorded])
        conn.close()
        assert inspect_index(path) == outdated
    calls = []
    monkeypatch.setattr(
        "gazetteer.index.build_index", lambda p, **kw: calls.append((p, kw["geonames_files"]))
    )
    messages = []
    assert ensure_index(path, progress=messages.append) == path
    assert calls == [(path, [str(tmp_path / "LY.txt")])]  # the user's dump is imported again
    assert messages == [
        f"rebuilding the gazetteer index at {path} (it was built from older place data than "
        f"this strikemap ships; about a minute); importing again the GeoNames dumps it was "
        f"built with: {tmp_path / 'LY.txt'}"
    ]


def test_the_fingerprint_follows_the_indexed_files_only(tmp_path, monkeypatch):
    import shutil

    from gazetteer import index

    data = tmp_path / "gazetteer"
    shutil.copytree(index.DATA_DIR, data)
    monkeypatch.setattr(index, "DATA_DIR", data)
    shipped_sources_fingerprint.cache_clear()
    try:
        before = shipped_sources_fingerprint()
        (data / "ranker.json").write_text("{}")  # read at query time, not indexed
        (data / "README.md").write_text("changed")
        shipped_sources_fingerprint.cache_clear()
        assert shipped_sources_fingerprint() == before
        with (data / "curated.csv").open("a", encoding="utf-8") as handle:
            handle.write("curated:x,X,,town,PPL,SO,,1.0,44.0,,a source,a note\n")
        shipped_sources_fingerprint.cache_clear()
        assert shipped_sources_fingerprint() != before
    finally:
        shipped_sources_fingerprint.cache_clear()


def test_build_index_needs_an_existing_folder(tmp_path):
    typo = tmp_path / "typo" / "idx.sqlite"
    with pytest.raises(IndexNotFoundError):
        build_index(typo, geonames_files=[write_dump(tmp_path, SMALL_DUMP)], shipped=False)
    assert not typo.parent.exists()


@pytest.mark.parametrize(
    ("version", "detail"),
    [
        ("seven", "its schema_version 'seven' is not a whole number"),
        ("7.5", "its schema_version '7.5' is not a whole number"),
        (None, "its meta table has no schema_version"),
    ],
)
def test_an_index_with_unreadable_metadata_is_damaged_not_rebuilt(
    tmp_path, monkeypatch, version, detail
):
    monkeypatch.setattr("gazetteer.index.build_index", lambda *a, **k: pytest.fail("built"))
    path = older_index(tmp_path / "idx.sqlite", version or "0", marked=True)
    if version is None:
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM meta")
        conn.close()
    with pytest.raises(DamagedDatabaseError) as info:
        ensure_index(path)
    assert str(info.value) == (
        f"the gazetteer index {str(path)!r} is damaged ({detail}); rebuild it with "
        f"`strikemap gazetteer build --index {path}`"
    )


def test_an_index_from_a_newer_strikemap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("gazetteer.index.build_index", lambda *a, **k: pytest.fail("built"))
    path = older_index(tmp_path / "idx.sqlite", str(SCHEMA_VERSION + 1), marked=True)
    with pytest.raises(DataError, match=rf"has schema version {SCHEMA_VERSION + 1}, newer"):
        ensure_index(path)


def corrupt_pages(path, keep):
    """Overwrite every page of an SQLite file but the ``keep`` ones (1-based) with garbage."""
    data = bytearray(path.read_bytes())
    for page in range(len(data) // 4096):
        if page + 1 not in keep:
            data[page * 4096 : (page + 1) * 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))


def test_a_damaged_index_is_a_clear_error_at_query_time(tmp_path):
    report = build_index(
        tmp_path / "idx.sqlite", geonames_files=[write_dump(tmp_path, SMALL_DUMP)], shipped=False
    )
    with sqlite3.connect(report.path) as conn:  # what opening reads: meta, admin1 names
        kept = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE tbl_name IN ('meta', 'admin1_names')"
        ).fetchall()
    conn.close()
    corrupt_pages(report.path, keep={1, *(r[0] for r in kept)})
    assert ensure_index(report.path) == report.path  # header and metadata still read well
    with Gazetteer.open(report.path) as gaz:
        with pytest.raises(DamagedDatabaseError) as info:
            gaz.search("Murzuq")
    assert str(info.value) == (
        f"the gazetteer index {str(report.path)!r} is damaged (database disk image is "
        f"malformed); rebuild it with `strikemap gazetteer build --index {report.path}`"
    )


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
