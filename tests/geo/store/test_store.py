"""The incident store: schema, seeding, idempotent atomic ingest, linking, corrections, audit.

Extraction is replaced by a stub returning hand-made claims (tests/factories.py), so these tests pin the store's
behaviour alone; the real extractor is tested in test_extract.py.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from geo.model.claims import Article, Claim, ClaimedPlace
from geo.model.records import DatePrecision, LocationPrecision
from geo.store import database as store_module
from geo.store.database import SCHEMA_VERSION, IncidentStore, StoreError
from tests.factories import JILIB, MURZUQ, SABHA, make_article, make_claim, make_store, stub


@pytest.fixture
def db(tmp_path: Path) -> IncidentStore:
    store = IncidentStore.open(tmp_path / "inc.sqlite")
    yield store
    store.close()


def test_a_new_named_database_is_empty_and_versioned(db: IncidentStore) -> None:
    assert db.schema_version == SCHEMA_VERSION == 4
    assert db.incidents() == []
    assert db.aggregates() == []
    assert db.integrity() == "ok"


def test_the_default_database_is_seeded_with_the_curated_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIKEMAP_DB", str(tmp_path / "default.sqlite"))
    with IncidentStore.open() as store:
        ids = [i.id for i in store.incidents()]
        assert len(ids) == 5
        assert "ly-2019-09-19-murzuq" in ids
        murzuq = store.incident("ly-2019-09-19-murzuq")
        assert murzuq.fatalities is not None and murzuq.fatalities.best == 8
        assert murzuq.place is not None and murzuq.place.name == "Murzuq"
        checks = {a.aggregate.strikes_stated: a.check for a in store.aggregates()}
        assert checks == {
            4: "43 killed; the incidents sum to 43: consistent",
            500: "covers no incident stored individually",
            6: "says 6 strikes, 1 stored",
        }
        assert [e.action for e in store.audit("ly-2019-09-19-murzuq")] == ["seed"]
        assert murzuq.corrected == ()  # curated values, not an analyst's corrections
    with IncidentStore.open() as store:  # opening again seeds nothing more
        assert len(store.incidents()) == 5


def test_a_seeded_database_holds_the_founding_distance_claim_checked(tmp_path: Path) -> None:
    """The default map draws the "nearly 600 miles south of Tripoli" line from the start."""
    with IncidentStore.open(tmp_path / "x.sqlite", seed=True) as store:
        ((article, check),) = store.distance_checks()
    assert article.source.id == "nyt-2019-11"
    assert (check.text, check.place_name, check.anchor_name) == (
        "nearly 600 miles south of Tripoli",
        "Murzuq",
        "Tripoli",
    )
    assert check.sentence.text.endswith("as nearly 600 miles south of Tripoli.")
    assert (check.stated_km, check.stated_direction) == (965.6, "south")
    assert check.computed_km == pytest.approx(776.2, abs=0.5)
    assert check.computed_bearing_deg == pytest.approx(174.5, abs=1.0)  # south, a little east
    assert check.points_latlon == ((32.88743, 13.18733), (25.91552, 13.91839))
    assert not check.agrees and check.off_share == pytest.approx(0.244, abs=0.003)
    assert check.verdict == (
        "off by 190 km (24%): stated 966 km (600 mi), geodesic 776 km (482 mi)"
    )


def test_seeding_refuses_a_distance_claim_whose_source_has_no_date(tmp_path: Path) -> None:
    from dataclasses import replace

    from geo.io.dataset import load_default_dataset

    dataset = load_default_dataset()
    undated = replace(dataset.sources["nyt-2019-11"], published=None, published_precision=None)
    bare = replace(
        dataset,
        sources={**dataset.sources, "nyt-2019-11": undated},
        incidents=(),
        aggregates=(),
        sites=(),
    )
    with IncidentStore.open(tmp_path / "x.sqlite", seed=False) as store:
        with pytest.raises(Exception, match="cannot seed source 'nyt-2019-11'"):
            store.seed(bare)
        assert store.distance_checks() == []


def test_seed_option_seeds_a_named_database(tmp_path: Path) -> None:
    with IncidentStore.open(tmp_path / "x.sqlite", seed=True) as store:
        assert len(store.incidents()) == 5


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("just some notes, not SQLite\n" * 50)
    with pytest.raises(StoreError, match="is not a strikemap incident database"):
        IncidentStore.open(bad)
    assert bad.read_text().startswith("just some notes")


def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="is not a strikemap incident database"):
        IncidentStore.open(other)


def test_a_database_from_a_newer_strikemap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    IncidentStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match=rf"schema version {SCHEMA_VERSION + 1}, newer"):
        IncidentStore.open(path)


def _one_migration_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str) -> Path:
    """A database with one incident, made before the code gained the migration ``sql``."""
    path = tmp_path / "old.sqlite"
    make_store(path, (make_article("first report"), (make_claim(0, "2019-09-19"),))).close()
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, sql])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    return path


def test_pending_migrations_apply_and_keep_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _one_migration_ahead(
        tmp_path, monkeypatch, "ALTER TABLE incidents ADD COLUMN note TEXT NOT NULL DEFAULT ''"
    )
    with IncidentStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION + 1
        assert len(store.incidents()) == 1
        columns = [r[1] for r in store._conn.execute("PRAGMA table_info(incidents)")]
        assert "note" in columns


def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _one_migration_ahead(
        tmp_path,
        monkeypatch,
        "ALTER TABLE incidents ADD COLUMN note TEXT; ALTER TABLE nowhere ADD COLUMN x",
    )
    with pytest.raises(StoreError):
        IncidentStore.open(path)
    monkeypatch.undo()
    with IncidentStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        columns = [r[1] for r in store._conn.execute("PRAGMA table_info(incidents)")]
        assert "note" not in columns
        assert len(store.incidents()) == 1


def test_ingest_is_idempotent(db: IncidentStore) -> None:
    first = db.ingest(make_article("Report one."), extract=stub(make_claim(0, "2019-09-19")))
    again = db.ingest(make_article("Report one.\r\n"), extract=stub(make_claim(0, "2019-09-19")))
    assert first.added and not again.added
    assert again.article_id == first.article_id
    assert len(db.articles()) == 1
    assert len(db.incidents()) == 1
    assert len(db.incidents()[0].claims) == 1


def test_a_failure_mid_ingest_stores_nothing_of_that_article(
    db: IncidentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.ingest(make_article("kept"), extract=stub(make_claim(0, "2019-09-19")))

    def boom(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(db, "_write_dates", boom)  # after the claims are linked
    with pytest.raises(RuntimeError, match="disk on fire"):
        db.ingest(make_article("lost"), extract=stub(make_claim(0, "2019-09-24")))
    monkeypatch.undo()
    assert [a.outlet for a in db.articles()] == ["Wire A"]
    rows = db._conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert rows == 1
    assert len(db.incidents()) == 1
    # the incident the lost claim made in memory is gone too: the same strike told again
    # starts an incident of its own, as if the lost article had never come
    again = db.ingest(
        make_article("told again", outlet="Paper B"), extract=stub(make_claim(0, "2019-09-24"))
    )
    assert again.incidents_updated == [] and len(again.incidents_new) == 1
    assert [len(i.claims) for i in db.incidents()] == [1, 1]


def test_claims_of_two_outlets_about_one_strike_become_one_incident(db: IncidentStore) -> None:
    a = db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19", killed=8)))
    b = db.ingest(
        make_article("B", outlet="Paper B"),
        extract=stub(
            make_claim(
                0,
                "2019-09-19",
                place=ClaimedPlace("Murzuq", 25.93, 13.93, "LY", LocationPrecision.NEAR_TOWN, 25.0),
                killed=8,
            )
        ),
    )
    assert a.incidents_new == ["ly-2019-09-19-murzuq"]
    assert b.incidents_new == [] and b.incidents_updated == ["ly-2019-09-19-murzuq"]
    (incident,) = db.incidents()
    assert incident.status == "corroborated"
    assert incident.outlets == ("Wire A", "Paper B")
    assert incident.place is not None and incident.place.precision is LocationPrecision.TOWN


def test_disagreeing_tolls_are_kept_as_a_range(db: IncidentStore) -> None:
    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-24", killed=11)))
    db.ingest(make_article("B", outlet="B"), extract=stub(make_claim(0, "2019-09-24", killed=13)))
    db.ingest(make_article("C", outlet="C"), extract=stub(make_claim(0, "2019-09-25", killed=12)))
    (incident,) = db.incidents()
    assert incident.fatalities is not None
    assert (incident.fatalities.low, incident.fatalities.best, incident.fatalities.high) == (
        11,
        12,
        13,
    )
    assert incident.status == "contested"
    assert sorted(c.claim.fatalities_low for c in incident.claims) == [11, 12, 13]


def test_an_open_toll_that_contains_the_other_is_not_a_contest(db: IncidentStore) -> None:
    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-24", killed=11, high=None)))
    db.ingest(make_article("B", outlet="B"), extract=stub(make_claim(0, "2019-09-24", killed=13)))
    (incident,) = db.incidents()
    assert incident.status == "corroborated"
    assert (incident.fatalities.low, incident.fatalities.high) == (11, 13)  # type: ignore[union-attr]


def test_what_does_not_link(db: IncidentStore) -> None:
    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19")))
    db.ingest(
        make_article("B", outlet="B"), extract=stub(make_claim(0, "2019-09-22"))
    )  # 3 days apart
    db.ingest(make_article("C", outlet="C"), extract=stub(make_claim(0, "2019-09-19", place=SABHA)))
    db.ingest(make_article("D", outlet="D"), extract=stub(make_claim(0, "2019-09-19", place=JILIB)))
    db.ingest(
        make_article("E", outlet="E"), extract=stub(make_claim(0, "2019-09-19", event="raid"))
    )
    assert len(db.incidents()) == 5


def test_one_articles_claims_never_merge_with_each_other(db: IncidentStore) -> None:
    result = db.ingest(
        make_article("A"),
        extract=stub(make_claim(0, "2019-09-19"), make_claim(1, "2019-09-19", killed=3)),
    )
    assert len(result.incidents_new) == 2
    # a second article with both strikes: each claim finds its own incident
    second = db.ingest(
        make_article("B", outlet="B"),
        extract=stub(make_claim(0, "2019-09-19", killed=3), make_claim(1, "2019-09-19", killed=8)),
    )
    assert sorted(second.incidents_updated) == sorted(result.incidents_new)
    tolls = sorted(
        (i.fatalities.low, i.fatalities.high)
        for i in db.incidents()  # type: ignore[union-attr]
    )
    assert tolls == [(3, 3), (8, 8)]


def test_corrections_are_audited_and_survive_reingest(db: IncidentStore) -> None:
    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19")))
    db.ingest(make_article("B", outlet="B"), extract=stub(make_claim(0, "2019-09-21", place=SABHA)))
    first, second = (i.id for i in db.incidents())
    merged = db.merge(first, second, why="same strike, B misdated it", who="ana")
    assert len(merged.claims) == 2
    assert db.incident(second).id == first  # a merged-away id leads to the survivor
    with pytest.raises(StoreError, match=f"incident '{second}' was merged into '{first}'"):
        db.merge(second, first, why="again")

    place = ClaimedPlace(
        "compound east of Murzuq",
        25.92,
        13.95,
        "LY",
        LocationPrecision.EXACT_SITE,
        0.5,
        reason="satellite imagery",
    )
    db.replace(first, place, why="imagery shows the crater", who="ana")
    db.redate(first, dt.date(2019, 9, 19), why="AFRICOM release", who="ana")
    again = db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19")))
    assert not again.added
    # a new outlet's claim joins the corrected incident and changes neither place nor date
    db.ingest(make_article("C", outlet="C"), extract=stub(make_claim(0, "2019-09-19", killed=9)))
    (incident,) = db.incidents()
    assert incident.place == place
    assert incident.date_start == incident.date_end == dt.date(2019, 9, 19)
    assert incident.corrected == ("place", "date")
    assert len(incident.claims) == 3

    trail = db.audit(first)
    assert [e.action for e in trail] == ["merge", "re-place", "re-date"]
    assert trail[0].what == {
        "merged": second,
        "claims": [c.id for c in db.incident(first).claims if c.article.outlet == "B"],
    }
    assert trail[1].previous["name"] == "Murzuq"
    assert trail[1].why == "imagery shows the crater" and trail[1].who == "ana"
    assert trail[2].previous == {"start": "2019-09-19", "end": "2019-09-19", "precision": "day"}

    claim_b = next(c.id for c in incident.claims if c.article.outlet == "B")
    split = db.split(first, [claim_b], why="B's strike was a separate one", who="ana")
    assert [c.article.outlet for c in split.claims] == ["B"]
    assert len(db.incident(first).claims) == 2
    assert db.audit(first)[-1].action == "split"


def test_corrections_need_a_reason_and_real_ids(db: IncidentStore) -> None:
    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19")))
    (incident,) = db.incidents()
    with pytest.raises(StoreError, match="every correction needs a reason"):
        db.redate(incident.id, dt.date(2019, 9, 18), why="  ")
    with pytest.raises(StoreError, match="no incident 'nope'"):
        db.merge(incident.id, "nope", why="x")
    with pytest.raises(StoreError, match="at least one claim on each side"):
        db.split(incident.id, [incident.claims[0].id], why="x")
    with pytest.raises(StoreError, match="end date 2019-09-17 is before the start date"):
        db.redate(incident.id, dt.date(2019, 9, 18), dt.date(2019, 9, 17), why="x")
    assert db.audit() == []


def test_a_version_1_database_is_migrated_to_the_current_version_with_its_data(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(store_module.MIGRATIONS[0])
    conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO articles (hash, outlet, url, title, published, path, origin, text, "
        "ingested_at) VALUES ('h', 'Old Wire', NULL, '', '2019-09-27', '', 'ingest', 'x', 'now')"
    )
    conn.commit()
    conn.close()
    with IncidentStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 4
        (old,) = store.articles()
        assert (old.outlet, old.source.id, old.source.published_label) == (
            "Old Wire",
            f"article-{old.id}",
            "2019-09-27, ±day",
        )
        assert store.distance_checks() == []


OLD_DATABASE = Path(__file__).parent / "data" / "schema-v2-seeded.sql"


def test_a_version_2_database_gets_back_what_seeding_dropped(tmp_path: Path, dataset) -> None:
    """Seeding once lost the sources' date precision and notes and the incidents' notes, and
    put 'curated: ' before every coordinate source (map popups said 'curated: curated:')."""
    path = tmp_path / "v2.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(OLD_DATABASE.read_text("utf-8"))
    conn.close()
    with IncidentStore.open(path) as store:
        assert store.schema_version == 4
        sources = [a.source for a in store.articles()]
        assert [(s.id, s.published_label) for s in sources] == [
            ("gulfnews-2019-09", "2019-09-27, ±week"),
            ("nyt-2019-11", "2019-11-01, ±month"),
            ("article-3", "2019-09-27, ±day"),  # the ingested report
        ]
        assert sources[:2] == list(dataset.sources.values())
        incidents = {i.id: i for i in store.incidents()}
        assert len(incidents) == 5
        for curated in dataset.incidents:
            assert incidents[curated.id].notes == curated.notes
        reasons = {i: x.place.reason for i, x in incidents.items() if x.place is not None}
        assert reasons == {
            "ly-2019-09-19-murzuq": "geonames:2214603 (Murzuq town)",
            "ly-2019-09-24-murzuq-area": dataset.incident("ly-2019-09-24-murzuq-area").coord_source,
            "ly-2019-09-26-southwest": "curated: rough centre of south-western Libya (Fezzan "
            "west of Murzuq); the site was not identified",
            "ly-2019-09-29-south": "curated: rough centre of the Fezzan; the place was not stated",
            "ly-2018-03-south-aqim": "set by an analyst",  # an analyst's place: left as it was
        }
        southwest = incidents["ly-2019-09-26-southwest"]
        assert southwest.outlets == ("Gulf News (wire report)", "Test Wire", "The New York Times")
        assert incidents["ly-2018-03-south-aqim"].corrected == ("place",)
        assert [e.action for e in store.audit("ly-2018-03-south-aqim")] == ["seed", "re-place"]


def test_the_store_as_a_dataset_for_maps(db: IncidentStore, dataset) -> None:
    db.ingest(
        make_article("A"),
        extract=stub(make_claim(0, "2019-09-19"), make_claim(1, "2019-09-20", place=None)),
    )
    db.ingest(make_article("B", outlet="B"), extract=stub(make_claim(0, "2019-09-19", killed=9)))
    export = db.as_dataset(sites=dataset.sites)
    mapped = export.dataset
    (incident,) = mapped.incidents  # the incident with no place cannot be mapped ...
    assert incident.id == "ly-2019-09-19-murzuq"
    assert [str(x) for x in export.left_out] == [  # ... and is named, not dropped silently
        "incident xx-2019-09-20-unplaced: no place: its reports name none"
    ]
    assert (incident.fatalities.low, incident.fatalities.high) == (8, 9)  # type: ignore[union-attr]
    assert [mapped.sources[c.source_id].outlet for c in incident.claims] == ["Wire A", "B"]
    assert all(c.quote for c in incident.claims)
    assert len(mapped.sites) == 6


def test_a_seeded_dataset_comes_back_as_the_same_records(tmp_path: Path, dataset) -> None:
    """One incident record: a curated incident goes into the store and comes out unchanged,
    but for the status and conflicts that linking its sources found."""
    from dataclasses import replace

    from geo.model.records import IncidentStatus

    with IncidentStore.open(tmp_path / "seeded.sqlite", seed=True) as store:
        export = store.as_dataset(sites=dataset.sites, sources=dataset.sources)
    assert export.left_out == ()
    back = export.dataset
    assert back.sources == dataset.sources
    assert back.sites == dataset.sites
    status = {i.id: i.status for i in back.incidents}
    assert status == {
        "ly-2018-03-south-aqim": IncidentStatus.SINGLE_SOURCE,
        "ly-2019-09-19-murzuq": IncidentStatus.CORROBORATED,
        "ly-2019-09-24-murzuq-area": IncidentStatus.CORROBORATED,
        "ly-2019-09-26-southwest": IncidentStatus.CORROBORATED,
        "ly-2019-09-29-south": IncidentStatus.SINGLE_SOURCE,
    }
    for record in back.incidents:
        curated = dataset.incident(record.id)
        assert record == replace(curated, status=status[record.id]), record.id
        assert record.coord_source == curated.coord_source  # never "curated: curated: ..."


def test_sites_cite_the_sources_given_with_them_or_say_their_date_is_not_recorded(
    db: IncidentStore, dataset
) -> None:
    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19")))
    given = db.as_dataset(sites=dataset.sites, sources=dataset.sources).dataset
    assert given.sources["nyt-2019-11"] == dataset.sources["nyt-2019-11"]
    assert [s.published_label for s in given.sources.values()] == [
        "2019-09-27, ±day",  # the ingested article
        "2019-11-01, ±month",  # the source the sites cite, with its real date
    ]
    alone = db.as_dataset(sites=dataset.sites).dataset.sources["nyt-2019-11"]
    assert (alone.outlet, alone.published, alone.published_precision) == ("nyt-2019-11", None, None)
    assert alone.published_label == "date not recorded"  # never a made-up 1970-01-01
    assert alone.note == (
        "not in the database, nor among the sources given with the sites that cite it"
    )


def test_seeding_refuses_a_cited_source_without_a_date(tmp_path: Path, dataset) -> None:
    from dataclasses import replace

    from gazetteer.errors import DataError
    from geo.model.records import Source

    sources = dict(dataset.sources)
    sources["nyt-2019-11"] = Source("nyt-2019-11", "The New York Times", None, None)
    with IncidentStore.open(tmp_path / "x.sqlite") as store:
        with pytest.raises(DataError) as info:
            store.seed(replace(dataset, sources=sources))
        assert str(info.value) == (
            "cannot seed source 'nyt-2019-11' of dataset 'libya-2019': its publication date "
            "is not recorded"
        )
        assert store.incidents() == [] and store.articles() == []


# --- analyst places and what maps leave out ------------------------------------------------


def test_a_place_without_a_country_takes_the_country_of_its_point(db: IncidentStore) -> None:
    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19")))
    niamey = ClaimedPlace("Air Base 101", 13.4815, 2.1836, "", LocationPrecision.EXACT_SITE, 1.0)
    moved = db.replace("ly-2019-09-19-murzuq", niamey, why="the base, not the town")
    assert moved.place is not None
    assert (moved.place.name, moved.place.country_code) == ("Air Base 101", "NE")
    assert moved.place.reason == "country NE from the point"
    export = db.as_dataset()
    assert [i.id for i in export.dataset.incidents] == ["ly-2019-09-19-murzuq"]
    assert export.dataset.incidents[0].country_code == "NE"
    assert export.left_out == ()
    # a coastal town the simplified country outlines miss gets its division's country
    mogadishu = ClaimedPlace(" Mogadishu ", 2.04, 45.34, "", LocationPrecision.TOWN, 5.0)
    place = db.replace("ly-2019-09-19-murzuq", mogadishu, why="test").place
    assert place is not None and (place.name, place.country_code) == ("Mogadishu", "SO")


@pytest.mark.parametrize(
    ("name", "country", "lat", "message"),
    [
        ("", "", 25.9, "the place name must not be empty, got ''"),
        ("  \t", "LY", 25.9, "the place name must not be empty, got '  \\t'"),
        (
            "Atlantic",
            "",
            0.0,
            "no country contains the point 0,-30 (at sea, or beyond the shipped outlines); "
            "give the country code of 'Atlantic'",
        ),
        (
            "Murzuq",
            "Libya",
            25.9,
            "the country code must be an ISO 3166-1 alpha-2 code such as 'LY', got 'Libya'",
        ),
    ],
)
def test_a_place_correction_that_would_hide_the_incident_is_refused(
    db: IncidentStore, name: str, country: str, lat: float, message: str
) -> None:
    from gazetteer.errors import InvalidQueryError

    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19")))
    lon = -30.0 if lat == 0.0 else 13.9
    bad = ClaimedPlace(name, lat, lon, country, LocationPrecision.TOWN, 5.0)
    with pytest.raises(InvalidQueryError) as info:
        db.replace("ly-2019-09-19-murzuq", bad, why="test")
    assert str(info.value) == message
    assert db.incident("ly-2019-09-19-murzuq").place == MURZUQ
    assert db.audit() == []
    assert len(db.as_dataset().dataset.incidents) == 1


def test_records_a_map_cannot_show_are_named_with_the_reason(db: IncidentStore) -> None:
    nowhere = ClaimedPlace("Somewhere", 25.0, 14.0, "", LocationPrecision.REGION, 50.0)
    db.ingest(
        make_article("A"),
        extract=stub(make_claim(0, "2019-09-19"), make_claim(1, "2019-09-01", place=nowhere)),
    )
    db.ingest(make_article("B"), extract=stub(make_claim(0, "2019-08-01", place=SABHA)))
    # a blank name that an older strikemap stored must not take the whole map down
    blank = {**SABHA.as_dict(), "name": ""}
    db._conn.execute(
        "UPDATE incidents SET place_override = ? WHERE id = 'ly-2019-08-01-sabha'",
        [__import__("json").dumps(blank)],
    )
    export = db.as_dataset()
    assert [i.id for i in export.dataset.incidents] == ["ly-2019-09-19-murzuq"]
    assert [str(x) for x in export.left_out] == [
        "incident ly-2019-08-01-sabha: Incident 'ly-2019-08-01-sabha': place_name must be a "
        "non-empty string, got ''",
        "incident xx-2019-09-01-somewhere: its place 'Somewhere' has no country code (got '')",
    ]


# --- concurrency ----------------------------------------------------------------------------


def _open_when_released(path: str, barrier, results) -> None:  # noqa: ANN001
    try:
        barrier.wait(timeout=60)
        with IncidentStore.open(path, seed=True) as store:
            results.put(("ok", len(store.incidents()), store.schema_version))
    except BaseException as exc:  # report it to the parent, whatever it is
        results.put(("error", f"{type(exc).__name__}: {exc}", None))


def test_many_processes_creating_one_new_database_all_succeed(tmp_path: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    processes, rounds = 6, 8
    outcomes = []
    for n in range(rounds):
        path = str(tmp_path / f"new-{n}.sqlite")
        barrier = context.Barrier(processes)
        results = context.Queue()
        workers = [
            context.Process(target=_open_when_released, args=(path, barrier, results))
            for _ in range(processes)
        ]
        for worker in workers:
            worker.start()
        outcomes += [results.get(timeout=120) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        with IncidentStore.open(path) as store:  # seeded exactly once
            assert len(store.incidents()) == 5
            assert len(store.audit()) == 5
            assert store.integrity() == "ok"
    errors = [o for o in outcomes if o[0] != "ok"]
    assert errors == []
    assert {(o[1], o[2]) for o in outcomes} == {(5, SCHEMA_VERSION)}
    assert len(outcomes) == processes * rounds


# --- faults of the file ---------------------------------------------------------------------


def test_a_database_locked_too_long_by_another_program_is_a_clear_error(
    db: IncidentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gazetteer.errors import LockedDatabaseError

    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19")))
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.05)
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with IncidentStore.open(db.path) as second:
            with pytest.raises(LockedDatabaseError) as info:
                second.redate("ly-2019-09-19-murzuq", dt.date(2019, 9, 18), why="x")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert str(info.value) == (
        f"the incident database {str(db.path)!r} is locked by another program (database is "
        "locked); try again when it is done"
    )
    assert db.incident("ly-2019-09-19-murzuq").date_start == dt.date(2019, 9, 19)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (5, "LockedDatabaseError"),  # SQLITE_BUSY
        (6, "LockedDatabaseError"),  # SQLITE_LOCKED
        (8, "ReadOnlyDatabaseError"),  # SQLITE_READONLY
        (776, "ReadOnlyDatabaseError"),  # SQLITE_READONLY_ROLLBACK
        (10, "DatabaseFileError"),  # SQLITE_IOERR
        (11, "DamagedDatabaseError"),  # SQLITE_CORRUPT
        (13, "DatabaseFullError"),  # SQLITE_FULL
        (14, "DatabaseFileError"),  # SQLITE_CANTOPEN
        (26, "DamagedDatabaseError"),  # SQLITE_NOTADB
        (1, None),  # SQLITE_ERROR: a bug in the SQL, not a fault of the file
        (19, None),  # SQLITE_CONSTRAINT
    ],
)
def test_which_sqlite_failures_are_faults_of_the_file(code: int, kind: str | None) -> None:
    from gazetteer import errors

    exc = sqlite3.OperationalError("something")
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    fault = errors.database_file_error(exc, "the file 'x'", repair="fix it")
    assert (type(fault).__name__ if fault else None) == kind
    if fault is not None:
        assert isinstance(fault, errors.StrikemapError) and isinstance(fault, OSError)
        assert str(fault).count("the file 'x'") == 1
    assert errors.database_file_error(sqlite3.ProgrammingError("closed"), "x", repair="") is None


def test_stored_records_read_back_from_their_json(db: IncidentStore) -> None:
    from geo.store.database import StoredAggregate, StoredIncident

    db.ingest(
        make_article("A"),
        extract=stub(make_claim(0, "2019-09-19"), make_claim(1, "2019-09-20", place=SABHA)),
    )
    db.ingest(make_article("B", outlet="B"), extract=stub(make_claim(0, "2019-09-19", killed=9)))
    for incident in db.incidents():
        out = incident.as_dict()
        assert list(out)[0] == "event_type" and list(out)[-4:] == [
            "id",
            "corrected",
            "outlets",
            "claims",
        ]
        assert out["claims"][0]["sentence"] == incident.claims[0].claim.sentence
        assert StoredIncident.from_dict(out) == incident
    seeded = IncidentStore.open(db.path.with_name("seeded.sqlite"), seed=True)
    with seeded:
        for aggregate in seeded.aggregates():
            assert StoredAggregate.from_dict(aggregate.as_dict()) == aggregate
        murzuq = seeded.incident("ly-2019-09-19-murzuq").as_dict()
        assert murzuq["notes"].startswith("AFRICOM described Murzuq")


def test_strikes_sharing_a_day_and_place_are_numbered_in_order(tmp_path: Path) -> None:
    """Twelve strikes at Murzuq on one day: BASE, BASE-2 ... BASE-12 (BASE-10 sorts before
    BASE-2 as text, and must not be taken for the last number used)."""
    tolls = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000, 300000]
    claims = [make_claim(i, killed=k) for i, k in enumerate(tolls)]
    with IncidentStore.open(tmp_path / "x.sqlite") as store:
        result = store.ingest(make_article(), extract=stub(*claims))
        base = "ly-2019-09-19-murzuq"
        assert result.incidents_new == [base] + [f"{base}-{n}" for n in range(2, 13)]


def test_as_dataset_reuses_incidents_already_read(db: IncidentStore, dataset, monkeypatch) -> None:
    """The Incidents page reads the incidents once, not once more for the map."""
    db.ingest(make_article("A"), extract=stub(make_claim(0, "2019-09-19")))
    read = db.as_dataset(sites=dataset.sites, sources=dataset.sources)
    incidents, aggregates = db.incidents(), db.aggregates()

    def refused() -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(db, "incidents", refused)
    monkeypatch.setattr(db, "aggregates", refused)
    reused = db.as_dataset(
        sites=dataset.sites, sources=dataset.sources, incidents=incidents, aggregates=aggregates
    )
    assert reused == read
    assert [i.id for i in reused.dataset.incidents] == [i.id for i in incidents]
    assert len(reused.dataset.incidents) == 1


# --- ingest keeps the incidents it read for the next article, while nothing else writes ----


def _linking_records(store: IncidentStore) -> list[dict]:
    return [i.as_dict() for i in store.incidents()]


def _strikes(n: int, seed: int) -> list[tuple[Article, Claim]]:
    """Articles of strikes on a few places and close days, in no order: many links."""
    import random

    rng = random.Random(seed)
    places = [MURZUQ, SABHA, None]
    out = []
    for k in range(n):
        day = dt.date(2019, 9, 1) + dt.timedelta(days=rng.randrange(40))
        claim = make_claim(
            0, day, place=rng.choice(places), killed=rng.randrange(1, 9),
            end=day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 6])),
            precision=rng.choice([DatePrecision.DAY, DatePrecision.DAY, DatePrecision.WEEK]),
        )  # fmt: skip
        outlet = rng.choice(["Wire A", "Paper B", "Radio C"])
        out.append((make_article(f"strike report {k}", day=day, outlet=outlet), claim))
    return out


def test_ingest_links_the_same_with_the_incidents_kept_as_read_afresh(tmp_path: Path) -> None:
    """One store ingesting article after article (its loaded days kept) == a store per article.

    The second store starts on a database that holds incidents: it loads them day range by
    day range as its articles need them.
    """
    strikes = _strikes(120, seed=16)
    for part in (strikes[:60], strikes[60:]):
        with IncidentStore.open(tmp_path / "kept.sqlite") as store:
            for article, claim in part:
                store.ingest(article, extract=stub(claim))
    with IncidentStore.open(tmp_path / "kept.sqlite") as store:
        kept = _linking_records(store)
    for article, claim in strikes:
        with IncidentStore.open(tmp_path / "afresh.sqlite") as store:  # reads its days anew
            store.ingest(article, extract=stub(claim))
    with IncidentStore.open(tmp_path / "afresh.sqlite") as store:
        afresh = _linking_records(store)
    assert kept == afresh
    assert 15 < len(kept) < 110  # claims were linked, and not all into one incident
    assert any(len(i["claims"]) >= 3 for i in kept)


def test_ingest_sees_what_another_connection_changed_between_two_articles(tmp_path: Path) -> None:
    path = tmp_path / "inc.sqlite"
    with IncidentStore.open(path) as store:
        first = store.ingest(make_article("first"), extract=stub(make_claim(0, "2019-09-19")))
        (incident_id,) = first.incidents_new
        with IncidentStore.open(path) as other:  # the app, another process
            other.redate(incident_id, dt.date(2019, 10, 10), why="a later release")
        second = store.ingest(
            make_article("second", outlet="Paper B"), extract=stub(make_claim(0, "2019-10-10"))
        )
        assert second.incidents_updated == [incident_id]  # joined it on its new date
        # and a correction made through this store is seen too
        store.redate(incident_id, dt.date(2019, 11, 20), why="later still")
        third = store.ingest(
            make_article("third", outlet="Radio C"), extract=stub(make_claim(0, "2019-11-20"))
        )
        assert third.incidents_updated == [incident_id]
        assert len(store.incidents()) == 1
