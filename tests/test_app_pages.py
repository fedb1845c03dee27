from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent.parent / "app_pages"


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
