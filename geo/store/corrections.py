"""The place an analyst gives an incident, checked and completed once for the CLI and the app.

A corrected place must stay on maps and in exports: it needs a name and a country. A place
given without a country takes the country whose outline contains its point
(:func:`gazetteer.search.country_code_at`); a point at sea needs the country given.
:meth:`geo.store.database.IncidentStore.replace` checks any place it is given the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from gazetteer.errors import InvalidQueryError
from gazetteer.geodesy import validate_lat_lon
from geo.model.claims import ClaimedPlace
from geo.model.records import LocationPrecision

__all__ = ["PlaceLabels", "analyst_place", "checked_place"]

#: Why the place is what it is, when an analyst set it.
ANALYST_REASON = "set by an analyst"

_ISO2 = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True, slots=True)
class PlaceLabels:
    """How error messages name what the analyst gave (the CLI names its options).

    ``point`` is the point as the analyst typed it (default: ``LAT,LON``); ``give_country``
    says how to give a country, with ``{name!r}`` standing for the place's name.
    """

    name: str = "the place name"
    country: str = "the country code"
    precision: str = "the precision"
    point: str | None = None
    give_country: str = "give the country code of {name!r}"


def analyst_place(
    name: str,
    lat: float,
    lon: float,
    *,
    precision: LocationPrecision | str = LocationPrecision.TOWN,
    radius_km: float | None = None,
    country: str = "",
    reason: str = ANALYST_REASON,
    labels: PlaceLabels = PlaceLabels(),  # noqa: B008 - frozen, never changed
) -> ClaimedPlace:
    """The place an analyst gives an incident, ready for ``IncidentStore.replace``.

    Parameters
    ----------
    name
        The place's name; stripped, and refused when blank.
    lat, lon
        Its point.
    precision
        How precisely it is known (a :class:`~geo.model.records.LocationPrecision` or its
        value, ``"district"``).
    radius_km
        Its uncertainty radius; default the precision's.
    country
        Its ISO 3166-1 alpha-2 code, any case; default the country at the point.
    reason
        Why the place is what it is; ``"; country XX from the point"`` is added when the
        country comes from the point.
    labels
        How error messages name the inputs.

    Raises
    ------
    InvalidQueryError
        If the name is blank, the precision or the country code is not one, or no country is
        given and the point lies in none (at sea). The message names the input and the value.
    InvalidCoordinatesError
        If the point is not a point.

    Examples
    --------
    >>> place = analyst_place(" Murzuq ", 25.9, 13.9, precision="near_town")
    >>> place.name, place.country_code, place.radius_km, place.reason
    ('Murzuq', 'LY', 25.0, 'set by an analyst; country LY from the point')
    """
    if isinstance(precision, LocationPrecision):
        level = precision
    else:
        try:
            level = LocationPrecision(precision)
        except ValueError:
            choices = ", ".join(p.value for p in LocationPrecision)
            raise InvalidQueryError(
                f"{labels.precision} must be one of {choices}; got {precision!r}"
            ) from None
    lat, lon = validate_lat_lon(lat, lon, what="the point")
    place = ClaimedPlace(
        name=name,
        lat=lat,
        lon=lon,
        country_code=country,
        precision=level,
        radius_km=level.default_radius_km if radius_km is None else radius_km,
        reason=reason,
    )
    return checked_place(place, labels=labels)


def checked_place(
    place: ClaimedPlace,
    *,
    labels: PlaceLabels = PlaceLabels(),  # noqa: B008 - frozen, never changed
) -> ClaimedPlace:
    """``place`` with its name stripped and its country set (from the point if need be).

    Raises
    ------
    InvalidQueryError
        As :func:`analyst_place`.
    """
    from gazetteer.search import country_code_at

    if not isinstance(place.name, str) or not place.name.strip():
        raise InvalidQueryError(f"{labels.name} must not be empty, got {place.name!r}")
    name = place.name.strip()
    country = place.country_code.strip().upper()
    reason = place.reason
    if not country:
        country = country_code_at(place.lat, place.lon) or ""
        if not country:
            point = labels.point or f"{place.lat:g},{place.lon:g}"
            raise InvalidQueryError(
                f"no country contains the point {point} (at sea, or beyond the shipped "
                f"outlines); {labels.give_country.format(name=name)}"
            )
        reason = "; ".join(r for r in (reason, f"country {country} from the point") if r)
    elif not _ISO2.fullmatch(country):
        raise InvalidQueryError(
            f"{labels.country} must be an ISO 3166-1 alpha-2 code such as 'LY', "
            f"got {place.country_code!r}"
        )
    return replace(place, name=name, country_code=country, reason=reason)
