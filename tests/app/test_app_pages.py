from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parents[2] / "app_pages"


@pytest.fixture(autouse=True)
def _index(gazetteer_index):
    return gazetteer_index


def test_places_page_looks_names_up():
    at = AppTest.from_file(str(PAGES / "places_page.py"), default_timeout=60).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert table.iloc[0]["country"] == "LY" and table.iloc[0]["kind"] == "city"
    assert "of Murzu" in at.markdown[-1].value


def test_places_page_bad_input_is_an_st_error():
    at = AppTest.from_file(str(PAGES / "places_page.py"), default_timeout=60).run()
    at.text_input[0].set_value("   ").run()
    assert not at.exception
    assert [e.value for e in at.error] == ["name must not be empty, got '   '"]
    at.text_input[0].set_value("Tripoli").run()
    at.text_input[1].set_value("L!").run()
    assert [e.value for e in at.error] == [
        "country must be an ISO 3166-1 alpha-2 code such as 'LY', got 'L!'"
    ]


def test_geoparse_page_finds_the_sample_places():
    at = AppTest.from_file(str(PAGES / "geoparse_page.py"), default_timeout=60).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["text"])[:3] == ["Murzuq", "Libya", "Sabha"]
    assert set(table["country"]) >= {"LY", "NE"}
    at.text_area[0].set_value("").run()
    assert not at.exception
    assert at.caption[0].value == "0 place names found"


@pytest.fixture
def incident_db(tmp_path, monkeypatch):
    path = tmp_path / "incidents.sqlite"
    monkeypatch.setenv("STRIKEMAP_DB", str(path))
    return path


WIRE = (
    "A U.S. drone strike on Thursday killed eight Daesh fighters in a compound in Murzuq, "
    "in southern Libya, U.S. Africa Command said."
)


def test_incidents_page_shows_the_seeded_case_and_ingests_a_report(incident_db):
    at = AppTest.from_file(str(PAGES / "incidents_page.py"), default_timeout=60).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert len(table) == 5
    assert "ly-2019-09-19-murzuq" in set(table["id"])
    at.text_area[0].set_value(WIRE)
    at.date_input[0].set_value(__import__("datetime").date(2019, 9, 20))
    at.text_input[0].set_value("Test Wire")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "1 claim(s), 0 aggregate(s); 0 new incident(s), 1 updated"
    table = at.dataframe[0].value
    murzuq = table[table["id"] == "ly-2019-09-19-murzuq"].iloc[0]
    assert murzuq["sources"] == 3 and murzuq["killed"] == "8"


def test_incidents_page_bad_report_is_an_st_error(incident_db):
    at = AppTest.from_file(str(PAGES / "incidents_page.py"), default_timeout=60).run()
    at.text_area[0].set_value("   ")
    at.date_input[0].set_value(__import__("datetime").date(2019, 9, 20))
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["the report is empty"]
    at.text_area[0].set_value(WIRE)
    at.date_input[0].set_value(None)
    at.button[0].click().run()
    assert [e.value for e in at.error] == [
        "give the publication date: relative dates count from it"
    ]


def test_incidents_page_redate_is_audited(incident_db):
    at = AppTest.from_file(str(PAGES / "incidents_page.py"), default_timeout=60).run()
    at.selectbox[0].set_value("ly-2019-09-24-murzuq-area").run()
    date_form_inputs = [d for d in at.date_input if d.label == "First day"]
    date_form_inputs[0].set_value(__import__("datetime").date(2019, 9, 23))
    [d for d in at.date_input if d.label == "Last day"][0].set_value(
        __import__("datetime").date(2019, 9, 24)
    )
    [t for t in at.text_input if t.key == "why_date"][0].set_value("night of the 23rd")
    [b for b in at.button if b.label == "Save date"][0].click().run()
    assert not at.exception and not at.error
    from geo.store.database import IncidentStore

    with IncidentStore.open(incident_db) as store:
        incident = store.incident("ly-2019-09-24-murzuq-area")
        assert (incident.date_start.day, incident.date_end.day) == (23, 24)
        assert [e.why for e in store.audit("ly-2019-09-24-murzuq-area")][-1] == "night of the 23rd"


def test_incidents_page_merge_needs_a_reason_and_is_audited(incident_db):
    at = AppTest.from_file(str(PAGES / "incidents_page.py"), default_timeout=60).run()
    at.selectbox[0].set_value("ly-2019-09-24-murzuq-area").run()
    at.selectbox(key="merge_other").set_value("ly-2019-09-19-murzuq")
    [b for b in at.button if b.label == "Merge"][0].click().run()
    assert [e.value for e in at.error] == ["say why: every correction needs a reason"]
    at.selectbox(key="merge_other").set_value("ly-2019-09-19-murzuq")
    at.text_input(key="why_merge").set_value("one strike reported twice")
    [b for b in at.button if b.label == "Merge"][0].click().run()
    assert not at.exception and not at.error
    assert len(at.dataframe[0].value) == 4
    from geo.store.database import IncidentStore

    with IncidentStore.open(incident_db) as store:
        assert [e.action for e in store.audit("ly-2019-09-24-murzuq-area")][-1] == "merge"


def test_incidents_page_names_what_the_map_leaves_out(incident_db):
    from geo.store.database import IncidentStore
    from tests.factories import make_article, make_claim, stub

    with IncidentStore.open(incident_db, seed=True) as store:
        store.ingest(
            make_article("no place"), extract=stub(make_claim(0, "2019-12-20", place=None))
        )
    at = AppTest.from_file(str(PAGES / "incidents_page.py"), default_timeout=60).run()
    assert not at.exception and not at.error
    from geo.maps.markup import escape_markdown

    assert [w.value for w in at.warning if "left out" in w.value] == [
        "1 record(s) left out of the map: "
        + escape_markdown("incident xx-2019-12-20-unplaced: no place: its reports name none")
    ]
    assert len(at.dataframe[0].value) == 6  # the table still lists it


def test_incidents_page_replace_takes_the_country_from_the_point(incident_db):
    at = AppTest.from_file(str(PAGES / "incidents_page.py"), default_timeout=60).run()
    at.selectbox[0].set_value("ly-2019-09-19-murzuq").run()
    [n for n in at.number_input if n.label == "Latitude"][0].set_value(13.4815)
    [n for n in at.number_input if n.label == "Longitude"][0].set_value(2.1836)
    [t for t in at.text_input if t.label == "Place name"][0].set_value("   ")
    at.text_input(key="why_place").set_value("flown from the base")
    [b for b in at.button if b.label == "Save place"][0].click().run()
    assert [e.value for e in at.error] == ["the place name must not be empty, got '   '"]
    [t for t in at.text_input if t.label == "Place name"][0].set_value("Air Base 101")
    [b for b in at.button if b.label == "Save place"][0].click().run()
    assert not at.exception and not at.error
    from geo.store.database import IncidentStore

    with IncidentStore.open(incident_db) as store:
        place = store.incident("ly-2019-09-19-murzuq").place
        assert place is not None and (place.name, place.country_code) == ("Air Base 101", "NE")


def test_replace_keeps_the_current_precision_unless_changed(incident_db):
    """The form defaulted to "town": moving a point silently shrank a 25 km area to 5 km."""
    from geo.store.database import IncidentStore

    at = AppTest.from_file(str(PAGES / "incidents_page.py"), default_timeout=60).run()
    at.selectbox[0].set_value("ly-2019-09-24-murzuq-area").run()
    precision = next(s for s in at.selectbox if s.label == "Precision" and s.value != "day")
    assert precision.value == "near_town"
    [n for n in at.number_input if n.label == "Latitude"][0].set_value(25.95)
    at.text_input(key="why_place").set_value("a better reading of the report")
    [b for b in at.button if b.label == "Save place"][0].click().run()
    assert not at.exception and not at.error
    with IncidentStore.open(incident_db) as store:
        place = store.incident("ly-2019-09-24-murzuq-area").place
    assert place is not None and place.precision.value == "near_town"
    assert place.lat == pytest.approx(25.95)
    assert place.radius_km == pytest.approx(25.0)
