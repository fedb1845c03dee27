import datetime as dt

import pytest

from gazetteer.errors import InvalidQueryError
from geo.io.export import incidents_from_dataset
from geo.model.filters import STATUSES, IncidentFilter, parse_filter_date, status_of
from geo.model.records import IncidentStatus

ALL = [
    "ly-2018-03-south-aqim",
    "ly-2019-09-19-murzuq",
    "ly-2019-09-24-murzuq-area",
    "ly-2019-09-26-southwest",
    "ly-2019-09-29-south",
]


def ids(incidents):
    return sorted(i.id for i in incidents)


@pytest.fixture(scope="module")
def stored(dataset):
    return incidents_from_dataset(dataset)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, ALL),
        ({"since": "2019-09-20"}, ALL[2:]),
        ({"until": "2019-09-19"}, ALL[:2]),
        # the 2018 strike is known only to March 2018: a day inside the month keeps it
        ({"since": "2018-03-10", "until": "2018-03-10"}, ALL[:1]),
        ({"since": "2019-09", "until": "2019-09"}, ALL[1:]),
        ({"countries": ["ly"]}, ALL),
        ({"countries": ["NE", "SO"]}, []),
        # the actor or the target, any case
        ({"actors": ["aqim"]}, ALL[:1]),
        ({"actors": ["isis-libya"]}, ALL[1:]),
        ({"actors": ["AFRICOM"]}, ALL),
        # a family keeps every member; an exact type only itself
        ({"event_types": ["strike"]}, ALL),
        ({"event_types": ["drone strike"]}, ["ly-2018-03-south-aqim", "ly-2019-09-26-southwest"]),
        ({"event_types": ["raid"]}, []),
        ({"statuses": ["single-source"]}, ["ly-2018-03-south-aqim", "ly-2019-09-29-south"]),
        ({"statuses": ["corroborated"]}, ALL[1:4]),
        ({"statuses": ["contested"]}, []),
        ({"since": "2019-09-20", "statuses": ["single"], "countries": ["LY"]}, ALL[4:]),
    ],
)
def test_filter_selects_the_same_incidents_in_both_record_types(options, expected, dataset, stored):
    f = IncidentFilter.from_options(**options)
    assert ids(f.apply(dataset.incidents)) == expected  # geo.model.Incident
    assert ids(f.apply(stored)) == expected  # geo.store.StoredIncident


def test_apply_keeps_the_order_and_an_empty_filter_keeps_all(dataset):
    f = IncidentFilter()
    assert f.is_empty
    assert f.apply(dataset.incidents) == list(dataset.incidents)
    reverse = list(reversed(dataset.incidents))
    chosen = IncidentFilter.from_options(since="2019-09-20").apply(reverse)
    assert [i.id for i in chosen] == list(reversed(ALL[2:]))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"since": "20190901"},
            "--since must be a date as YYYY-MM-DD, YYYY-MM or YYYY, got '20190901'",
        ),
        (
            {"until": "2019-02-30"},
            "--until must be a date as YYYY-MM-DD, YYYY-MM or YYYY, got '2019-02-30'",
        ),
        (
            {"until": "2019-13"},
            "--until must be a date as YYYY-MM-DD, YYYY-MM or YYYY, got '2019-13'",
        ),
        (
            {"since": "2019-10", "until": "2019-09"},
            "--until (2019-09-30) is before --since (2019-10-01); give a period that ends after "
            "it starts",
        ),
        (
            {"countries": ["LBY"]},
            "--country must be an ISO 3166-1 alpha-2 code such as LY, got 'LBY'",
        ),
        (
            {"statuses": ["confirmed"]},
            "--status must be one of single-source, corroborated, contested, candidate, "
            "rejected, got 'confirmed'",
        ),
        ({"actors": ["  "]}, "--actor must not be empty"),
        ({"event_types": [""]}, "--event-type must not be empty"),
    ],
)
def test_bad_options_are_refused_naming_the_option(options, message):
    with pytest.raises(InvalidQueryError, match=f"^{_escape(message)}$"):
        IncidentFilter.from_options(**options)


def _escape(text):
    import re

    return re.escape(text)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"since": "2019-01-01"}, "since must be a date or None, got '2019-01-01'"),
        (
            {"since": dt.date(2019, 2, 1), "until": dt.date(2019, 1, 1)},
            "until (2019-01-01) is before since (2019-02-01); give a period that ends after it "
            "starts",
        ),
        (
            {"countries": {"LY"}},
            "countries must be a frozenset of ISO 3166-1 alpha-2 codes such as 'LY', got {'LY'}",
        ),
        ({"actors": "ISIS"}, "actors must be a tuple of non-empty strings, got 'ISIS'"),
        (
            {"statuses": frozenset({"accepted"})},
            "statuses must be among 'single source', 'corroborated', 'contested', 'candidate', "
            "'rejected', got 'accepted'",
        ),
        ({"candidates": "yes"}, "candidates must be True or False, got 'yes'"),
    ],
)
def test_the_record_validates_its_fields(fields, message):
    with pytest.raises(InvalidQueryError, match=f"^{_escape(message)}$"):
        IncidentFilter(**fields)


def test_describe_and_as_dict():
    f = IncidentFilter.from_options(
        since="2019-09-20",
        until="2019",
        countries=["ly", "NE"],
        actors=["ISIS"],
        event_types=["strike"],
        statuses=["contested", "single source"],
    )
    assert f.describe() == (
        "2019-09-20 to 2019-12-31, country LY or NE, actor ISIS, event type strike, "
        "status single source or contested"
    )
    assert f.as_dict() == {
        "since": "2019-09-20",
        "until": "2019-12-31",
        "countries": ["LY", "NE"],
        "actors": ["ISIS"],
        "event_types": ["strike"],
        "statuses": ["single source", "contested"],
    }
    assert IncidentFilter().describe() == "none"


def test_status_of_reads_each_record_type(dataset, stored):
    by_id = {i.id: i for i in stored}
    assert by_id["ly-2019-09-19-murzuq"].status == "corroborated"
    assert status_of(by_id["ly-2019-09-19-murzuq"]) == "corroborated"
    curated = dataset.incident("ly-2019-09-29-south")
    assert status_of(curated) == "single source"  # one source
    from dataclasses import replace

    # an incident record made from the database carries its status (no longer in its notes)
    assert status_of(replace(curated, status=IncidentStatus.CONTESTED)) == "contested"
    assert status_of(replace(curated, notes="status: contested")) == "single source"
    assert set(STATUSES) == {
        "single source",
        "corroborated",
        "contested",
        "candidate",
        "rejected",
    }


def test_candidates_are_left_out_unless_asked_for(dataset):
    from dataclasses import replace

    first, *rest = dataset.incidents
    incidents = [replace(first, status=IncidentStatus.CANDIDATE), *rest]
    assert IncidentFilter().apply(incidents) == rest
    assert not IncidentFilter().matches(incidents[0])
    assert IncidentFilter(candidates=True).apply(incidents) == incidents
    wanted = IncidentFilter.from_options(statuses=["candidate"])
    assert wanted.apply(incidents) == [incidents[0]]
    assert IncidentFilter.from_options(candidates=True, countries=["ly"]).apply(incidents) == [
        i for i in incidents if i.country_code == "LY"
    ]
    rejected = [replace(first, status=IncidentStatus.REJECTED), *rest]
    assert IncidentFilter(candidates=True).apply(rejected) == rest
    assert IncidentFilter(statuses=frozenset({"rejected"})).apply(rejected) == [rejected[0]]


def test_parse_filter_date_month_and_year_bounds():
    assert parse_filter_date("2020-02", end=True, option="--until") == dt.date(2020, 2, 29)
    assert parse_filter_date("2020-02", end=False, option="--since") == dt.date(2020, 2, 1)
    assert parse_filter_date(" 2019 ", end=True, option="--until") == dt.date(2019, 12, 31)
