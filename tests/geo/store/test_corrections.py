"""The place an analyst gives an incident: one function for the CLI's `correct place` and the app."""

from __future__ import annotations

import pytest

from gazetteer.errors import InvalidCoordinatesError, InvalidQueryError
from geo.model.records import LocationPrecision
from geo.store.corrections import PlaceLabels, analyst_place, checked_place


def test_a_place_without_a_country_takes_the_one_at_its_point() -> None:
    place = analyst_place(" Murzuq ", 25.9, 13.9, precision="near_town")
    assert (place.name, place.country_code, place.precision) == (
        "Murzuq",
        "LY",
        LocationPrecision.NEAR_TOWN,
    )
    assert place.radius_km == 25.0  # the precision's radius
    assert place.reason == "set by an analyst; country LY from the point"


def test_a_given_country_and_radius_are_kept() -> None:
    place = analyst_place(
        "a boat", 0.0, -30.0, precision=LocationPrecision.EXACT_SITE, radius_km=2, country="ly"
    )
    assert (place.country_code, place.radius_km, place.reason) == ("LY", 2.0, "set by an analyst")
    assert checked_place(place) == place  # what the store checks again changes nothing


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("  ", 25.9, 13.9), {}, "the place name must not be empty, got '  '"),
        (
            ("X", 25.9, 13.9),
            {"precision": "city"},
            "the precision must be one of exact_site, town, near_town, district, region, "
            "country; got 'city'",
        ),
        (
            ("X", 25.9, 13.9),
            {"country": "Libya"},
            "the country code must be an ISO 3166-1 alpha-2 code such as 'LY', got 'Libya'",
        ),
        (
            ("Atlantic", 0.0, -30.0),
            {},
            "no country contains the point 0,-30 (at sea, or beyond the shipped outlines); "
            "give the country code of 'Atlantic'",
        ),
    ],
)
def test_a_place_that_would_leave_the_map_is_refused(args, kwargs, message) -> None:
    with pytest.raises(InvalidQueryError) as info:
        analyst_place(*args, **kwargs)
    assert str(info.value) == message


def test_errors_name_the_inputs_as_the_caller_does() -> None:
    cli = PlaceLabels(
        name="--name",
        country="--country",
        precision="--precision",
        point="'0,-30'",
        give_country="give its country with --country",
    )
    with pytest.raises(InvalidQueryError) as info:
        analyst_place("Atlantic", 0.0, -30.0, labels=cli)
    assert str(info.value) == (
        "no country contains the point '0,-30' (at sea, or beyond the shipped outlines); "
        "give its country with --country"
    )
    with pytest.raises(InvalidQueryError) as info:
        analyst_place("X", 25.9, 13.9, country="LBY", labels=cli)
    assert str(info.value) == (
        "--country must be an ISO 3166-1 alpha-2 code such as 'LY', got 'LBY'"
    )


def test_a_point_that_is_not_one_is_refused() -> None:
    with pytest.raises(InvalidCoordinatesError) as info:
        analyst_place("X", 95.0, 13.9)
    assert str(info.value) == "the point: latitude must be between -90 and 90, got 95.0"
