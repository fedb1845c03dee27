from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_app_runs_on_the_default_data():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Strike map"]
    assert len(at.error) == 0
    table = at.dataframe[0].value
    assert len(table) == 5
    # the 2018 strike first: the database orders by date
    assert list(table["place"])[:4] == [
        "southern Libya",
        "Murzuq",
        "near Murzuq",
        "southwest Libya",
    ]
    assert sorted(table["status"]) == ["corroborated"] * 3 + ["single source"] * 2
    assert [i.value for i in at.info] == [
        "Click a strike on the map or select a row to see its sources."
    ]


def test_the_landing_map_shows_the_database_after_an_ingest(tmp_path, monkeypatch):
    """It showed the static five-strike dataset: ingests appeared only on the Incidents page."""
    from geo.store.database import IncidentStore
    from tests.factories import make_article, make_claim, stub
    from tests.payloads import strike_rows

    db = tmp_path / "own.sqlite"
    monkeypatch.setenv("STRIKEMAP_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and len(at.dataframe[0].value) == 5  # seeded on first run
    with IncidentStore.open(db) as store:
        store.ingest(
            make_article("New report", "2020-02-03", "Wire Z"),
            extract=stub(make_claim(0, "2020-02-02", killed=4)),
        )
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 6 and list(table["date"])[-1] == "2020-02-02"
    (component,) = at.get("component_instance")
    rows = strike_rows(component.proto.json_args)
    assert len(rows) == 6 and "2020-02-02" in [r["date"] for r in rows]


def test_app_shows_st_error_when_assets_are_missing(no_assets):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith("offline map assets (Leaflet) not found in ")


def test_online_tiles_toggle(monkeypatch):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.toggle[0].set_value(True).run()
    assert not at.exception
    assert len(at.dataframe) == 1
