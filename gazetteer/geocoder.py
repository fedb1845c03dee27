"""A geopy-compatible geocoder backed by the offline gazetteer.

It follows geopy's calling convention, so it works wherever a geopy geocoder does:
``geopandas.tools.geocode(names, provider=GazetteerGeocoder)``, geopy's ``RateLimiter``,
or code written against ``geopy.geocoders.Nominatim``, with no network and no rate limit.

Unlike some geopy consumers, it does not turn bad queries into empty results: an empty or
malformed query raises :class:`gazetteer.errors.InvalidQueryError`, which is also a
``ValueError`` and, here, a ``geopy.exc.GeocoderQueryError``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geopy.exc import GeocoderQueryError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.errors import InvalidCoordinatesError, InvalidQueryError
from gazetteer.model import Candidate, PlaceKind
from gazetteer.search import Gazetteer

__all__ = ["GazetteerGeocoder", "GazetteerQueryError"]


class GazetteerQueryError(InvalidQueryError, GeocoderQueryError):
    """A query the gazetteer cannot search, as geopy's own query error."""


class GazetteerGeocoder(Geocoder):
    """geopy geocoder over the offline gazetteer.

    Parameters
    ----------
    gazetteer
        An open :class:`Gazetteer`; by default the one at ``index_path`` (or the default
        index, built on first use).
    index_path
        An existing index to open, when ``gazetteer`` is not given.
    **kwargs
        Accepted and ignored where geopy's base class takes them (``user_agent``,
        ``timeout`` ...), so code written for online geocoders runs unchanged.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        index_path: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        known = {"scheme", "timeout", "proxies", "user_agent", "ssl_context", "adapter_factory"}
        super().__init__(**{k: v for k, v in kwargs.items() if k in known})
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.open(index_path)

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        limit: int | None = None,
        country_codes: str | Iterable[str] | None = None,
        near: tuple[float, float] | None = None,
        kinds: Iterable[PlaceKind | str] | None = None,
        **_ignored: Any,
    ) -> Location | list[Location] | None:
        """Geocode a place name: a ``Location`` (or list of them), or ``None`` if unknown.

        ``Location.raw`` holds the whole candidate: ``id``, ``kind``, ``feature_code``,
        ``country_code``, ``admin1``, ``population``, ``score``, ``reason``, ``source``.
        """
        try:
            found = self.gazetteer.search(
                query,
                country=country_codes,
                near=near,
                kinds=kinds,
                limit=1 if exactly_one else (limit or 10),
            )
        except (InvalidQueryError, InvalidCoordinatesError) as exc:
            raise GazetteerQueryError(str(exc)) from None
        if not found:
            return None
        locations = [_location(c) for c in found]
        return locations[0] if exactly_one else locations

    def reverse(
        self, query: Any, *, exactly_one: bool = True, **_ignored: Any
    ) -> Location | list[Location] | None:
        """What lies at a point (``"lat, lon"``, a tuple or a geopy ``Point``)."""
        try:
            point = Point(query)
        except (TypeError, ValueError) as exc:
            raise GazetteerQueryError(
                f"query must be a point (lat, lon), got {query!r}: {exc}"
            ) from None
        try:
            result = self.gazetteer.reverse(point.latitude, point.longitude)
        except InvalidCoordinatesError as exc:
            raise GazetteerQueryError(str(exc)) from None
        if result.country is None and result.admin1 is None:
            return None  # open sea: no country, whatever town is nearest
        location = Location(result.description, (result.lat, result.lon, 0.0), result.as_dict())
        return location if exactly_one else [location]


def _location(candidate: Candidate) -> Location:
    place = candidate.place
    address = ", ".join(p for p in (place.name, place.admin1, place.country_code) if p)
    return Location(address, (place.lat, place.lon, 0.0), candidate.as_dict())
