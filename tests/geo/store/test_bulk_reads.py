"""Reading many incidents at once: a few bulk queries, the same records as one by one."""

from __future__ import annotations

from geo.store.database import IncidentStore
from tests.factories import make_article, make_claim, stub
from tests.geo.io.helpers import hostile_db, rich_db


def _statements(store: IncidentStore, read):
    seen: list[str] = []
    store._conn.set_trace_callback(seen.append)
    try:
        result = read()
    finally:
        store._conn.set_trace_callback(None)
    return result, [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def test_incidents_are_the_records_incident_gives_one_by_one(tmp_path):
    for store in (rich_db(tmp_path / "rich.sqlite"), hostile_db(tmp_path / "hostile.sqlite")):
        with store:
            bulk = store.incidents()
            assert len(bulk) > 5
            assert bulk == [store.incident(i.id) for i in bulk]
            # the corrections an analyst made are named, as one by one
            assert {i.corrected for i in bulk} >= {()}


def test_corrections_are_reported_in_bulk(tmp_path):
    with rich_db(tmp_path / "rich.sqlite") as store:
        corrected = {i.id: i.corrected for i in store.incidents() if i.corrected}
    assert sorted(corrected.values()) == [("date",), ("place",)]


def test_incidents_take_three_queries_whatever_their_number(tmp_path):
    store = IncidentStore.open(tmp_path / "many.sqlite")
    for k in range(27):  # nine dates a month apart, three reports each: nine incidents
        store.ingest(
            make_article(f"Report {k}", "2019-10-01", f"Wire {k}"),
            extract=stub(make_claim(0, f"2019-0{1 + k % 9}-1{k % 9}", killed=k)),
        )
    with store:
        bulk, bulk_sql = _statements(store, store.incidents)
        assert len(bulk) == 9
        assert len(bulk_sql) == 3, bulk_sql
        assert all(len(i.claims) == 3 for i in bulk)
        one_by_one, one_sql = _statements(store, lambda: [store.incident(i.id) for i in bulk])
        assert one_by_one == bulk
        assert len(one_sql) == 9 * 5  # incident, claims, overrides, review, audit
