"""Records of the incident model: sources, the claims they make, sites, incidents, aggregates.

Records are frozen dataclasses validated on construction; collections of them become
GeoDataFrames (EPSG:4326, ``x=lon, y=lat``) in :mod:`geo.dataset`.

Location precision and date precision are different enum types so that one can never be
passed where the other is meant.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from dataclasses import dataclass, field

from geo.errors import DataError, InvalidCoordinatesError

__all__ = [
    "Aggregate",
    "DatePrecision",
    "Fatalities",
    "Incident",
    "LocationPrecision",
    "Site",
    "SiteKind",
    "Source",
    "SourceClaim",
    "validate_lat_lon",
]


class LocationPrecision(enum.Enum):
    """How precisely a place is known, from an exact site to a whole country.

    Each level maps onto the coding schemes analysts already use: ACLED ``geo_precision``
    (1-3) and UCDP GED ``where_prec`` (1-7).

    Examples
    --------
    >>> LocationPrecision("near_town").acled_geo_precision
    2
    >>> LocationPrecision.REGION.ucdp_where_prec
    5
    """

    EXACT_SITE = "exact_site"
    TOWN = "town"
    NEAR_TOWN = "near_town"
    DISTRICT = "district"
    REGION = "region"
    COUNTRY = "country"

    @property
    def label(self) -> str:
        """Human-readable label, e.g. ``"near a town"``."""
        return _LOCATION_LABELS[self]

    @property
    def acled_geo_precision(self) -> int:
        """ACLED geo_precision: 1 exact/town, 2 near town or district, 3 region or wider."""
        return {
            LocationPrecision.EXACT_SITE: 1,
            LocationPrecision.TOWN: 1,
            LocationPrecision.NEAR_TOWN: 2,
            LocationPrecision.DISTRICT: 2,
            LocationPrecision.REGION: 3,
            LocationPrecision.COUNTRY: 3,
        }[self]

    @property
    def ucdp_where_prec(self) -> int:
        """UCDP GED where_prec: 1 exact ... 6 country."""
        return {
            LocationPrecision.EXACT_SITE: 1,
            LocationPrecision.TOWN: 1,
            LocationPrecision.NEAR_TOWN: 2,
            LocationPrecision.DISTRICT: 3,
            LocationPrecision.REGION: 5,
            LocationPrecision.COUNTRY: 6,
        }[self]

    @property
    def default_radius_km(self) -> float:
        """Uncertainty radius used when a record gives none."""
        return _DEFAULT_RADIUS_KM[self]


_LOCATION_LABELS = {
    LocationPrecision.EXACT_SITE: "exact site",
    LocationPrecision.TOWN: "town",
    LocationPrecision.NEAR_TOWN: "near a town",
    LocationPrecision.DISTRICT: "district",
    LocationPrecision.REGION: "region",
    LocationPrecision.COUNTRY: "country",
}

_DEFAULT_RADIUS_KM = {
    LocationPrecision.EXACT_SITE: 0.5,
    LocationPrecision.TOWN: 5.0,
    LocationPrecision.NEAR_TOWN: 25.0,
    LocationPrecision.DISTRICT: 75.0,
    LocationPrecision.REGION: 300.0,
    LocationPrecision.COUNTRY: 600.0,
}


class DatePrecision(enum.Enum):
    """How precisely a date is known.

    Examples
    --------
    >>> DatePrecision("week").acled_time_precision
    2
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"

    @property
    def acled_time_precision(self) -> int:
        """ACLED time_precision: 1 day, 2 week, 3 month or coarser."""
        return {DatePrecision.DAY: 1, DatePrecision.WEEK: 2}.get(self, 3)


class SiteKind(enum.Enum):
    """What a fixed site (not an incident) is."""

    DRONE_BASE = "drone_base"
    AIR_BASE = "air_base"
    AIRFIELD = "airfield"
    HEADQUARTERS = "headquarters"

    @property
    def launches_aircraft(self) -> bool:
        """Whether strikes can be flown from here (headquarters cannot)."""
        return self is not SiteKind.HEADQUARTERS


def validate_lat_lon(lat: float, lon: float, *, what: str = "point") -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats, or raise if either is not a finite in-range number.

    Parameters
    ----------
    lat, lon
        Latitude in [-90, 90] and longitude in [-180, 180], decimal degrees (WGS-84).
    what
        Names the point in the error message.

    Examples
    --------
    >>> validate_lat_lon(25.9, 13.9)
    (25.9, 13.9)
    >>> validate_lat_lon(95, 13.9, what="Murzuq")
    Traceback (most recent call last):
    ...
    geo.errors.InvalidCoordinatesError: Murzuq: latitude must be between -90 and 90, got 95
    """
    for axis, value, bound in (("latitude", lat, 90.0), ("longitude", lon, 180.0)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidCoordinatesError(f"{what}: {axis} must be a number, got {value!r}")
        if not math.isfinite(value) or abs(value) > bound:
            raise InvalidCoordinatesError(
                f"{what}: {axis} must be between {-bound:g} and {bound:g}, got {value!r}"
            )
    return float(lat), float(lon)


@dataclass(frozen=True, slots=True)
class Source:
    """A published report: who published it, when, and where to find it."""

    id: str
    outlet: str
    published: dt.date
    published_precision: DatePrecision
    title: str = ""
    url: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _require_text(self.id, "Source.id")
        _require_text(self.outlet, f"Source {self.id!r}: outlet")
        if not isinstance(self.published, dt.date):
            raise DataError(f"Source {self.id!r}: published must be a date, got {self.published!r}")


@dataclass(frozen=True, slots=True)
class SourceClaim:
    """What one source said about one record, in the words of the person who curated it.

    ``statement`` is a paraphrase unless ``quote`` is true. ``fatalities`` is the figure this
    source gave, if any; disagreements between sources are kept claim by claim.
    """

    source_id: str
    statement: str
    fatalities: int | None = None
    quote: bool = False

    def __post_init__(self) -> None:
        _require_text(self.source_id, "SourceClaim.source_id")
        _require_text(self.statement, f"claim of {self.source_id!r}: statement")
        if self.fatalities is not None and (
            isinstance(self.fatalities, bool)
            or not isinstance(self.fatalities, int)
            or self.fatalities < 0
        ):
            raise DataError(
                f"claim of {self.source_id!r}: fatalities must be a whole number >= 0, "
                f"got {self.fatalities!r}"
            )


@dataclass(frozen=True, slots=True)
class Fatalities:
    """Reported deaths as a range: ``low <= best <= high`` (UCDP style).

    Examples
    --------
    >>> Fatalities(7, 8, 10).best
    8
    >>> Fatalities(9, 8, 10)
    Traceback (most recent call last):
    ...
    geo.errors.DataError: fatalities must satisfy 0 <= low <= best <= high, got low=9 best=8 high=10
    """

    low: int
    best: int
    high: int

    def __post_init__(self) -> None:
        values = (self.low, self.best, self.high)
        if any(isinstance(v, bool) or not isinstance(v, int) for v in values) or not (
            0 <= self.low <= self.best <= self.high
        ):
            raise DataError(
                "fatalities must satisfy 0 <= low <= best <= high, "
                f"got low={self.low!r} best={self.best!r} high={self.high!r}"
            )

    @classmethod
    def exactly(cls, n: int) -> Fatalities:
        """A figure every source agrees on."""
        return cls(n, n, n)

    def __str__(self) -> str:
        if self.low == self.high:
            return str(self.best)
        return f"{self.best} ({self.low}–{self.high})"


@dataclass(frozen=True, slots=True)
class Site:
    """A fixed site such as a drone base, an airfield or a headquarters."""

    id: str
    name: str
    kind: SiteKind
    country_code: str
    lat: float
    lon: float
    coord_source: str
    location_precision: LocationPrecision
    role: str
    claims: tuple[SourceClaim, ...] = ()

    def __post_init__(self) -> None:
        _require_text(self.id, "Site.id")
        _require_text(self.name, f"Site {self.id!r}: name")
        _require_country(self.country_code, f"Site {self.id!r}")
        _require_text(self.coord_source, f"Site {self.id!r}: coord_source")
        validate_lat_lon(self.lat, self.lon, what=f"Site {self.id!r}")


@dataclass(frozen=True, slots=True)
class Incident:
    """One event (a strike, a raid) with its place, date, toll and the claims that back it.

    The point ``(lat, lon)`` is a representative point; ``uncertainty_radius_km`` says how far
    the event may lie from it, so a region-level strike is drawn as an area, not a pin.
    """

    id: str
    event_type: str
    date_start: dt.date
    date_end: dt.date
    date_precision: DatePrecision
    place_name: str
    country_code: str
    lat: float
    lon: float
    coord_source: str
    location_precision: LocationPrecision
    uncertainty_radius_km: float
    fatalities: Fatalities | None
    actor: str
    target: str
    claims: tuple[SourceClaim, ...]
    platform: str = ""
    notes: str = ""

    def __post_init__(self) -> None:
        _require_text(self.id, "Incident.id")
        _require_text(self.event_type, f"Incident {self.id!r}: event_type")
        _require_text(self.place_name, f"Incident {self.id!r}: place_name")
        _require_country(self.country_code, f"Incident {self.id!r}")
        _require_text(self.coord_source, f"Incident {self.id!r}: coord_source")
        validate_lat_lon(self.lat, self.lon, what=f"Incident {self.id!r}")
        if self.date_end < self.date_start:
            raise DataError(
                f"Incident {self.id!r}: date_end {self.date_end} is before "
                f"date_start {self.date_start}"
            )
        radius = self.uncertainty_radius_km
        if not isinstance(radius, int | float) or not math.isfinite(radius) or radius <= 0:
            raise DataError(
                f"Incident {self.id!r}: uncertainty_radius_km must be a positive number, "
                f"got {radius!r}"
            )
        if not self.claims:
            raise DataError(f"Incident {self.id!r}: needs at least one source claim")

    @property
    def date_label(self) -> str:
        """The date as precisely as it is known: ``2019-09-19``, ``2018-03``, ``2016``."""
        if self.date_precision is DatePrecision.DAY and self.date_start == self.date_end:
            return self.date_start.isoformat()
        if self.date_precision is DatePrecision.MONTH:
            return self.date_start.strftime("%Y-%m")
        if self.date_precision is DatePrecision.YEAR:
            return str(self.date_start.year)
        return f"{self.date_start.isoformat()} to {self.date_end.isoformat()}"

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Distinct sources backing the incident, in claim order."""
        return tuple(dict.fromkeys(c.source_id for c in self.claims))


@dataclass(frozen=True, slots=True)
class Aggregate:
    """A statement about many events at once ("nearly 500 strikes on Sirte in 2016").

    Never turned into a single incident. ``incident_ids`` names the incidents it covers
    where they are known individually, so totals can be checked against them.
    """

    id: str
    statement: str
    period_start: dt.date
    period_end: dt.date
    place_name: str
    country_code: str
    claims: tuple[SourceClaim, ...]
    strikes_low: int | None = None
    strikes_high: int | None = None
    fatalities: int | None = None
    incident_ids: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        _require_text(self.id, "Aggregate.id")
        _require_text(self.statement, f"Aggregate {self.id!r}: statement")
        _require_country(self.country_code, f"Aggregate {self.id!r}")
        if self.period_end < self.period_start:
            raise DataError(
                f"Aggregate {self.id!r}: period_end {self.period_end} is before "
                f"period_start {self.period_start}"
            )
        if not self.claims:
            raise DataError(f"Aggregate {self.id!r}: needs at least one source claim")


def _require_text(value: object, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{what} must be a non-empty string, got {value!r}")


def _require_country(code: object, what: str) -> None:
    if not isinstance(code, str) or len(code) != 2 or not code.isascii() or not code.isupper():
        raise DataError(
            f"{what}: country_code must be an ISO 3166-1 alpha-2 code such as 'LY', got {code!r}"
        )
