"""The map page's filter: from the URL query to the map and table, and back."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.filters import ViewFilter, filter_from_query, query_from_filter
from gazetteer.errors import InvalidQueryError
from geo import load_default_dataset
from geo.model.records import LocationPrecision
from tests.payloads import strike_rows

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "map_page.py")


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ({}, 5),
        (
            {"since": "2019-09-20"},
            ["ly-2019-09-24-murzuq-area", "ly-2019-09-26-southwest", "ly-2019-09-29-south"],
        ),
        (
            {"toll_min": "10", "toll_max": "17"},
            ["ly-2019-09-24-murzuq-area", "ly-2019-09-26-southwest"],
        ),
        ({"precision": "town"}, ["ly-2019-09-19-murzuq"]),
        (
            {"outlet": "Gulf News (wire report)", "event": "drone strike"},
            ["ly-2019-09-26-southwest"],
        ),
        ({"q": "reaper"}, ["ly-2019-09-26-southwest"]),  # a quoted sentence, any case
        ({"q": "AQIM"}, ["ly-2018-03-south-aqim"]),  # the actor
        ({"country": "NE"}, []),
        # the first-level division holding the point: only strikes placed to a district or
        # better are in one (the region-level ones may lie in several)
        ({"division": "Murzuq"}, ["ly-2019-09-19-murzuq", "ly-2019-09-24-murzuq-area"]),
        ({"division": "murzuq, Agadez"}, ["ly-2019-09-19-murzuq", "ly-2019-09-24-murzuq-area"]),
        ({"division": "Murzuq", "since": "2019-09-20"}, ["ly-2019-09-24-murzuq-area"]),
        ({"division": "Agadez"}, []),
    ],
)
def test_each_criterion_selects_its_incidents(query, ids):
    dataset = load_default_dataset()
    kept = [i.id for i in filter_from_query(query).apply(dataset)]
    assert kept == ids if isinstance(ids, list) else len(kept) == ids


def test_the_query_round_trips():
    query = {
        "since": "2019-09-01",
        "until": "2019-09-30",
        "country": "LY",
        "division": "Murzuq,Wadi al Hayaa",
        "actor": "AFRICOM",
        "event": "strike",
        "status": "contested,corroborated",
        "toll_min": "1",
        "toll_max": "20",
        "precision": "region,town",
        "outlet": "Gulf News (wire report)",
        "q": "Murzuq",
    }
    assert query_from_filter(filter_from_query(query)) == query


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"toll_min": "ten"}, "toll_min must be a whole number of 0 or more, got 'ten'"),
        ({"toll_min": "9", "toll_max": "3"}, "toll_max (3) is below toll_min (9)"),
        ({"country": "Libya"}, "--country must be an ISO 3166-1 alpha-2 code"),
        ({"since": "yesterday"}, "--since"),
    ],
)
def test_bad_query_values_are_named(query, message):
    with pytest.raises(InvalidQueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        filter_from_query(query)


def test_a_filter_keeps_its_types():
    view = filter_from_query({"precision": "near_town"})
    assert view.precisions == frozenset({LocationPrecision.NEAR_TOWN})
    assert ViewFilter().app_only is False and view.app_only is True


def test_the_page_filters_map_and_table_from_the_url():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["since"] = "2019-09-20"
    at.query_params["status"] = "corroborated"
    at.run()
    assert not at.exception and not at.error
    assert list(at.dataframe[0].value["id"]) == [
        "ly-2019-09-24-murzuq-area",
        "ly-2019-09-26-southwest",
    ]
    (component,) = at.get("component_instance")
    assert [r["id"] for r in strike_rows(component.proto.json_args)] == [
        "ly-2019-09-24-murzuq-area",
        "ly-2019-09-26-southwest",
    ]


def test_a_bad_link_is_an_st_error_and_shows_everything():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["precision"] = "street"
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "This link's filter was not understood and is ignored: precision must be among "
        "exact_site, town, near_town, district, region, country, got 'street'"
    ]
    assert len(at.dataframe[0].value) == 5


def test_the_division_filter_is_the_exports_too():
    """The downloads get the view's base filter: the division selects the same incidents."""
    from geo.io.export import collect_from_dataset
    from geo.io.tabular import ExportTable

    view = filter_from_query({"division": "Murzuq"})
    data = collect_from_dataset(load_default_dataset(), incident_filter=view.base)
    assert [i.id for i in data.incidents] == [i.id for i in view.apply(load_default_dataset())]
    assert ExportTable(data).admin1 == ["Murzuq", "Murzuq"]  # the exports' admin1 column
    assert data.incident_filter.as_dict()["divisions"] == ["Murzuq"]
    assert view.base.describe() == "division Murzuq"


def test_the_page_filters_by_division_from_the_url_and_back():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["division"] = "Murzuq"
    at.run()
    assert not at.exception and not at.error
    murzuq = ["ly-2019-09-19-murzuq", "ly-2019-09-24-murzuq-area"]
    assert list(at.dataframe[0].value["id"]) == murzuq
    (component,) = at.get("component_instance")
    assert [r["id"] for r in strike_rows(component.proto.json_args)] == murzuq
    widget = at.multiselect(key="f_division")
    assert widget.value == ["Murzuq"] and widget.options == ["Murzuq"]
    widget.set_value([]).run()
    assert "division" not in at.query_params
    assert len(at.dataframe[0].value) == 5
