"""Rescoring a database made before claims had a learned confidence (schema 3 and older)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from geo.cli import main
from geo.model.claims import Article, Claim
from geo.store import database as store_module
from geo.store.database import IncidentStore, StoreError
from geo.store.rescoring import RESCORE_WHY, rescore, unscored

# written for this test: a strike told precisely, and a vague recollection of another
REPORT = (
    "MOGADISHU, March 12 (Wire) - A U.S. drone strike on Tuesday killed seven al-Shabaab "
    "fighters near Jilib in Somalia's Middle Juba region, the U.S. Africa Command said on "
    "Wednesday.\n\nSomalia has seen air strikes against the group for years, and residents "
    "said another strike hit the country last month."
)


def _current(path: Path, gaz) -> IncidentStore:
    store = IncidentStore.open(path)
    store.ingest(Article(REPORT, dt.date(2021, 3, 12), "Wire"), gazetteer=gaz)
    return store


def _version_3_copy(source: IncidentStore, path: Path) -> None:
    """The source's articles, claims and incidents as a schema-3 database held them.

    Claims then had only their attribution's confidence (1.0 for a plain statement).
    """
    old = sqlite3.connect(path)
    for script in store_module.MIGRATIONS[:3]:
        old.executescript(script)
    old.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    old.execute("PRAGMA user_version = 3")
    new = sqlite3.connect(source.path)
    for table, columns in (
        ("articles", "id, hash, outlet, url, title, published, path, origin, text, ingested_at"),
        ("incidents", "id, created_at, merged_into, date_start, date_end"),
        ("claims", "id, article_id, idx, kind, incident_id, data"),
    ):
        rows = new.execute(f"SELECT {columns} FROM {table}").fetchall()
        if table == "claims":
            rows = [
                (*r[:5], json.dumps(unscored(Claim.from_dict(json.loads(r[5]))).as_dict()))
                for r in rows
            ]
        marks = ",".join("?" * len(rows[0]))
        old.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    old.commit()
    old.close()
    new.close()


def _view(store: IncidentStore) -> dict[str, tuple[str, float]]:
    return {i.id: (i.status.value, i.confidence) for i in store.incidents()}


def test_an_old_database_is_rescored_to_what_ingesting_now_gives(tmp_path: Path, gaz) -> None:
    with _current(tmp_path / "now.sqlite", gaz) as now:
        expected = _view(now)
        claims_now = {c.id: c.claim for i in now.incidents() for c in i.claims}
        _version_3_copy(now, tmp_path / "old.sqlite")
    assert sorted(s for s, _ in expected.values()) == ["candidate", "single source"]
    with IncidentStore.open(tmp_path / "old.sqlite") as old:
        assert old.schema_version == 4
        # before: every claim counts as certain, so nothing is a candidate
        assert {s for s, _ in _view(old).values()} == {"single source"}
        result = rescore(old, gazetteer=gaz, who="tester")
        assert (result.articles, result.claims, result.changed) == (1, 2, 2)
        (vague,) = result.now_candidates
        assert expected[vague][0] == "candidate"
        assert result.other_changes == 1  # the precise strike: a bit under 1.0, still shown
        assert _view(old) == expected
        assert {c.id: c.claim for i in old.incidents() for c in i.claims} == claims_now
        entries = [e for e in old.audit() if e.action == "rescore"]
        assert [e.incident_id for e in entries] == [None, *sorted(expected)]
        assert {e.why for e in entries} == {RESCORE_WHY} and {e.who for e in entries} == {"tester"}
        # the attribution's confidence, all a claim had then ("local residents" said: 0.7)
        assert sorted(v["confidence"] for v in entries[0].previous.values()) == [0.7, 1.0]
        assert entries[0].what["claims"] == {
            str(i): c.confidence for i, c in sorted(claims_now.items())
        }
        (became,) = [e for e in entries if e.incident_id == vague]
        assert became.previous == {"confidence": 0.7, "status": "single source"}
        assert became.what["status"] == "candidate"
        # again: nothing changes, nothing is recorded
        again = rescore(old, gazetteer=gaz)
        assert (again.changed, again.now_candidates, again.other_changes) == (0, (), 0)
        assert len(old.audit()) == len(entries)


def test_an_analysts_verdict_stands_after_a_rescore(tmp_path: Path, gaz) -> None:
    with _current(tmp_path / "now.sqlite", gaz) as now:
        _version_3_copy(now, tmp_path / "old.sqlite")
    with IncidentStore.open(tmp_path / "old.sqlite") as old:
        ids = sorted(_view(old))
        old.review(ids[0], "accept", why="checked", who="ana")
        old.review(ids[1], "reject", why="checked", who="ana")
        rescore(old, gazetteer=gaz)
        assert {i.id: i.status.value for i in old.incidents()} == {
            ids[0]: "single source",
            ids[1]: "rejected",
        }


def test_a_rescore_changes_nothing_but_confidence(tmp_path: Path, gaz) -> None:
    with _current(tmp_path / "now.sqlite", gaz) as store:
        stored = store.incidents()[0].claims[0]
        moved = Claim.from_dict({**stored.claim.as_dict(), "fatalities_low": 99})
        with pytest.raises(StoreError, match=r"may change only the confidence and reasons"):
            store.rescore_claims({stored.id: moved}, why="x")
        with pytest.raises(StoreError, match=r"no event claim 12345 in "):
            store.rescore_claims({12345: stored.claim}, why="x")
        with pytest.raises(StoreError, match="say why"):
            store.rescore_claims({stored.id: stored.claim}, why=" ")
        assert store.rescore_claims({stored.id: stored.claim}, why="x") == {}


def test_rescore_from_the_command_line(tmp_path: Path, gaz, gazetteer_index, capsys) -> None:
    with _current(tmp_path / "now.sqlite", gaz) as now:
        _version_3_copy(now, tmp_path / "old.sqlite")
    db = str(tmp_path / "old.sqlite")
    assert main(["rescore", "--db", db, "--index", str(gazetteer_index)]) == 0
    assert capsys.readouterr().out == (
        "rescored 2 claim(s) of 1 article(s): 2 changed; incidents: 1 now candidates, 0 no "
        f"longer candidates, 1 other confidence changes ({db})\n"
    )
    assert main(["rescore", "--db", db, "--index", str(gazetteer_index), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["changed"], out["now_candidates"], out["db"]) == (0, [], db)
    assert main(["rescore", "--db", str(tmp_path / "missing.sqlite")]) == 1
    err = capsys.readouterr().err
    assert err == f"strikemap: error: no incident database at {tmp_path / 'missing.sqlite'}\n"
