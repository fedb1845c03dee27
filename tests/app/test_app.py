from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_app_runs_on_the_default_data():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["US strikes on ISIS in southern Libya, 2019"]
    assert len(at.error) == 0
    table = at.dataframe[0].value
    assert len(table) == 5
    assert list(table["place"])[:3] == ["Murzuq", "near Murzuq", "southwest Libya"]
    assert [i.value for i in at.info] == [
        "Click a strike on the map or select a row to see its sources."
    ]


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
