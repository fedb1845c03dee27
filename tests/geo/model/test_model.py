import datetime as dt
import math

import pytest

from geo import (
    DataError,
    DatePrecision,
    EventType,
    Fatalities,
    IncidentStatus,
    InvalidCoordinatesError,
    LocationPrecision,
    SourceClaim,
    StrikemapError,
    validate_lat_lon,
)
from geo.model.claims import AggregateClaim, Quote
from tests.factories import make_aggregate, make_incident


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (95, 13.9, "p: latitude must be between -90 and 90, got 95"),
        (-90.5, 0, "p: latitude must be between -90 and 90, got -90.5"),
        (25.9, 181, "p: longitude must be between -180 and 180, got 181"),
        (math.nan, 0, "p: latitude must be between -90 and 90, got nan"),
        (0, math.inf, "p: longitude must be between -180 and 180, got inf"),
        ("25.9", 13.9, "p: latitude must be a number, got '25.9'"),
        (True, 13.9, "p: latitude must be a number, got True"),
        (25.9, None, "p: longitude must be a number, got None"),
    ],
)
def test_validate_lat_lon_rejects(lat, lon, message):
    with pytest.raises(InvalidCoordinatesError) as info:
        validate_lat_lon(lat, lon, what="p")
    assert str(info.value) == message
    assert isinstance(info.value, ValueError) and isinstance(info.value, StrikemapError)


@pytest.mark.parametrize(("lat", "lon"), [(90, 180), (-90, -180), (0, 0), (25, 13)])
def test_validate_lat_lon_accepts_bounds(lat, lon):
    assert validate_lat_lon(lat, lon) == (float(lat), float(lon))


def test_precision_codings_match_acled_and_ucdp():
    assert [p.acled_geo_precision for p in LocationPrecision] == [1, 1, 2, 2, 3, 3]
    assert [p.ucdp_where_prec for p in LocationPrecision] == [1, 1, 2, 3, 5, 6]
    assert [p.acled_time_precision for p in DatePrecision] == [1, 2, 3, 3]
    radii = [p.default_radius_km for p in LocationPrecision]
    assert radii == sorted(radii)


def test_precisions_are_distinct_types():
    assert LocationPrecision("region") is LocationPrecision.REGION
    with pytest.raises(ValueError):
        LocationPrecision("day")
    with pytest.raises(ValueError):
        DatePrecision("town")


@pytest.mark.parametrize(("low", "best", "high"), [(9, 8, 10), (-1, 0, 0), (1, 2, 1), (1.5, 2, 3)])
def test_fatalities_order_is_enforced(low, best, high):
    with pytest.raises(DataError, match=r"^fatalities must satisfy 0 <= low <= best <= high, got"):
        Fatalities(low, best, high)


def test_fatalities_str():
    assert str(Fatalities.exactly(8)) == "8"
    assert str(Fatalities(7, 8, 11)) == "8 (7–11)"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"claims": ()}, "Incident 'x': needs at least one source claim"),
        (
            {"country_code": "Libya"},
            "Incident 'x': country_code must be an ISO 3166-1 alpha-2 code such as 'LY', got 'Libya'",
        ),
        (
            {"date_end": dt.date(2019, 9, 1)},
            "Incident 'x': date_end 2019-09-01 is before date_start 2019-09-19",
        ),
        (
            {"uncertainty_radius_km": 0},
            "Incident 'x': uncertainty_radius_km must be a number of km above 0 and at most 20,038, got 0",
        ),
        # 400-digit integers and non-finite floats: a clear error, never OverflowError
        (
            {"lat": 10**400},
            "Incident 'x': latitude must be between -90 and 90, got 100000000000...0000 (401 digits)",
        ),
        (
            {"lon": -(10**400)},
            "Incident 'x': longitude must be between -180 and 180, got -10000000000...0000 (401 digits)",
        ),
        ({"lat": float("nan")}, "Incident 'x': latitude must be between -90 and 90, got nan"),
        (
            {"uncertainty_radius_km": 10**400},
            "Incident 'x': uncertainty_radius_km must be a number of km above 0 and at most 20,038, got 100000000000...0000 (401 digits)",
        ),
        (
            {"uncertainty_radius_km": float("inf")},
            "Incident 'x': uncertainty_radius_km must be a number of km above 0 and at most 20,038, got inf",
        ),
        (
            {"uncertainty_radius_km": 25_000.0},
            "Incident 'x': uncertainty_radius_km must be a number of km above 0 and at most 20,038, got 25000.0",
        ),
        (
            {"uncertainty_radius_km": "5"},
            "Incident 'x': uncertainty_radius_km must be a number of km above 0 and at most 20,038, got '5'",
        ),
        ({"actor": None}, "Incident 'x': actor must be a string, got None"),
        (
            {"lat": 13.9, "lon": 250},
            "Incident 'x': longitude must be between -180 and 180, got 250",
        ),
        ({"place_name": "  "}, "Incident 'x': place_name must be a non-empty string, got '  '"),
    ],
)
def test_incident_validation_messages(changes, message):
    with pytest.raises(DataError) as info:
        make_incident(**changes)
    assert str(info.value) == message


def test_incident_date_labels():
    assert make_incident().date_label == "2019-09-19"
    month = make_incident(
        date_start=dt.date(2018, 3, 1),
        date_end=dt.date(2018, 3, 31),
        date_precision=DatePrecision.MONTH,
    )
    assert month.date_label == "2018-03"
    week = make_incident(date_end=dt.date(2019, 9, 25), date_precision=DatePrecision.WEEK)
    assert week.date_label == "2019-09-19 to 2019-09-25"


def test_source_claim_rejects_negative_toll():
    with pytest.raises(
        DataError,
        match=r"^claim of 's': fatalities must be a whole number from 0 to 10,000,000, got -3$",
    ):
        SourceClaim("s", "said", fatalities=-3)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (10**400, "100000000000...0000 (401 digits)"),
        (10_000_001, "10000001"),
        (8.0, "8.0"),
        (True, "True"),
    ],
)
def test_tolls_have_sane_bounds(value, shown):
    with pytest.raises(DataError) as info:
        SourceClaim("s", "said", fatalities=value)
    assert str(info.value) == (
        f"claim of 's': fatalities must be a whole number from 0 to 10,000,000, got {shown}"
    )
    with pytest.raises(DataError):
        Fatalities(0, 0, value)
    assert SourceClaim("s", "said", fatalities=10_000_000).fatalities == 10_000_000


def test_huge_tolls_are_refused_by_fatalities():
    with pytest.raises(DataError) as info:
        Fatalities(1, 1, 10**400)
    assert str(info.value) == (
        "fatalities must be at most 10,000,000, got high=100000000000...0000 (401 digits)"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"fatalities": 10**400},
            "Aggregate 'a': fatalities must be a whole number from 0 to 10,000,000, got 100000000000...0000 (401 digits)",
        ),
        (
            {"strikes_high": -1},
            "Aggregate 'a': strikes_high must be a whole number from 0 to 10,000,000, got -1",
        ),
        (
            {"strikes_low": 5, "strikes_high": 4},
            "Aggregate 'a': strikes_low 5 is above strikes_high 4",
        ),
        (
            {"incident_ids": (3,)},
            "Aggregate 'a': incident_ids must be a list of incident ids, got (3,)",
        ),
        (
            {"incident_ids": ["x"]},
            "Aggregate 'a': incident_ids must be a list of incident ids, got ['x']",
        ),
    ],
)
def test_aggregate_validation_messages(changes, message):
    with pytest.raises(DataError) as info:
        make_aggregate(**changes)
    assert str(info.value) == message


def test_an_aggregate_and_its_claim_tally_the_same_fields():
    aggregate = make_aggregate(strikes_low=4, fatalities=43)
    tally = {
        "period_start": dt.date(2019, 9, 19),
        "period_end": dt.date(2019, 9, 29),
        "place_name": "southern Libya",
        "country_code": "LY",
        "strikes_low": 4,
        "strikes_high": None,
        "fatalities_low": 43,  # the one stated toll is both ends of the range
        "fatalities_high": 43,
    }
    assert aggregate.tally() == tally
    claim = AggregateClaim(
        index=0,
        sentence=Quote(0, 22, "four strikes killed 43"),
        text="four strikes killed 43",
        strikes_stated=4,
        **{**tally, "fatalities_low": 40},
    )
    assert claim.tally() == {**tally, "fatalities_low": 40}


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (
            10**400,
            0,
            "p: latitude must be between -90 and 90, got 100000000000...0000 (401 digits)",
        ),
        (0, float("inf"), "p: longitude must be between -180 and 180, got inf"),
        (0, float("-inf"), "p: longitude must be between -180 and 180, got -inf"),
        (float("nan"), 0, "p: latitude must be between -90 and 90, got nan"),
        ("1", 0, "p: latitude must be a number, got '1'"),
    ],
)
def test_validate_lat_lon_refuses_huge_and_non_finite_numbers(lat, lon, message):
    with pytest.raises(InvalidCoordinatesError) as info:
        validate_lat_lon(lat, lon, what="p")
    assert str(info.value) == message


# --- typed enums: event type and incident status ------------------------------------------------


def test_event_types_keep_their_stored_values_and_families():
    # the values are what datasets, databases and --json output carry: they must not change
    assert [e.value for e in EventType][:8] == [
        "air strike",
        "drone strike",
        "strike",
        "bombing",
        "raid",
        "ground raid",
        "attack",
        "shelling",
    ]
    strikes = [e for e in EventType if e.family is EventType.STRIKE]
    assert strikes == [
        EventType.AIR_STRIKE,
        EventType.DRONE_STRIKE,
        EventType.STRIKE,
        EventType.BOMBING,
    ]
    assert EventType.GROUND_RAID.family is EventType.RAID
    assert EventType.SHELLING.family is EventType.SHELLING
    assert EventType.ARMED_CLASH.family is EventType.ARMED_CLASH
    assert [e.specificity for e in (EventType.DRONE_STRIKE, EventType.AIR_STRIKE)] == [3, 2]
    assert EventType.STRIKE.specificity == 1 and EventType.ATTACK.specificity == 0


def test_every_acled_sub_event_type_is_an_event_type():
    """An ACLED file imports each of its sub-event types as one of ours (geo.io.imports)."""
    from geo.io.acled import _ACLED_SUB_EVENTS
    from geo.io.imports import _ACLED_TO_OURS

    for sub_event in _ACLED_SUB_EVENTS:
        ours = _ACLED_TO_OURS.get(sub_event.lower(), sub_event.lower())
        assert EventType(ours).value == ours, sub_event
    assert len(EventType) == 8 + 3 + 19  # ACLED's "Attack" is our attack


def test_incident_statuses_keep_their_stored_values():
    assert [s.value for s in IncidentStatus] == [
        "single source",
        "corroborated",
        "contested",
        "candidate",
        "rejected",
    ]
    assert IncidentStatus("corroborated") is IncidentStatus.CORROBORATED
    assert f"[{IncidentStatus.CONTESTED}]" == "[contested]"  # as the CLI prints it


def test_an_incident_needs_a_typed_event_type():
    with pytest.raises(DataError) as info:
        make_incident(event_type="air strike")
    assert str(info.value) == "Incident 'x': event_type must be an EventType, got 'air strike'"


def test_a_claim_takes_its_event_type_by_value_and_refuses_unknown_ones():
    from geo.model.claims import Claim

    def claim(event_type):
        day = dt.date(2019, 9, 19)
        return Claim(0, (), event_type, day, day, DatePrecision.DAY, None)

    assert claim("drone strike").event_type is EventType.DRONE_STRIKE
    with pytest.raises(DataError) as info:
        claim("protest")
    assert str(info.value) == (
        "claim 0: event_type must be an event type strikemap knows (air strike, drone strike, "
        "raid ... see EventType), got 'protest'"
    )
