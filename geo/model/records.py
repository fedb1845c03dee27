"""Records of the incident model: sources, the claims they make, sites, incidents, aggregates.

Records are frozen dataclasses validated on construction; collections of them become
GeoDataFrames (EPSG:4326, ``x=lon, y=lat``) in :mod:`geo.io.dataset`.

Location precision and date precision are different enum types so that one can never be
passed where the other is meant.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import TypedDict, cast

from gazetteer.errors import DataError
from gazetteer.geodesy import validate_lat_lon
from gazetteer.lexicon import COMPASS_BEARINGS
from gazetteer.serialization import JsonRecord, json_options
from gazetteer.untrusted import short_repr

#: Largest toll, injured count or strike count a record may hold: beyond it, a figure in a
#: report is not a count of anything that happened in one strike or one campaign.
MAX_COUNT = 10_000_000

#: Largest uncertainty radius: half the Earth's circumference; any larger covers it all.
MAX_RADIUS_KM = 20_038.0

__all__ = [
    "MAX_COUNT",
    "MAX_RADIUS_KM",
    "Aggregate",
    "AggregateTally",
    "DatePrecision",
    "DistanceClaim",
    "EventType",
    "Fatalities",
    "Incident",
    "IncidentStatus",
    "LocationPrecision",
    "Review",
    "Site",
    "SiteKind",
    "Source",
    "SourceClaim",
    "require_count",
    "require_radius_km",
    "tally_of",
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


class EventType(enum.StrEnum):
    """What kind of event an incident is.

    The value is the plain name that datasets, the incident database and ``--json`` output
    carry (``"air strike"``): the types the extractor reports and linking knows, then the
    sub-event types of ACLED's codebook as an import of an ACLED file names them (in lower
    case; three in our words). Event types of one *family* describe the same kind of event
    at different levels of detail, so claims of one family can be one incident; the more
    specific type names the incident.

    Examples
    --------
    >>> EventType("drone strike").family, EventType.GROUND_RAID.family
    (<EventType.STRIKE: 'strike'>, <EventType.RAID: 'raid'>)
    >>> EventType.DRONE_STRIKE.specificity > EventType.AIR_STRIKE.specificity
    True
    """

    AIR_STRIKE = "air strike"
    DRONE_STRIKE = "drone strike"
    STRIKE = "strike"
    BOMBING = "bombing"
    RAID = "raid"
    GROUND_RAID = "ground raid"
    ATTACK = "attack"
    SHELLING = "shelling"
    # ACLED's sub-event types that an import names in our words (see geo.io.acled)
    REMOTE_EXPLOSIVE = "remote explosive"
    SUICIDE_BOMBING = "suicide bombing"
    GRENADE_ATTACK = "grenade attack"
    # ACLED's other sub-event types, as an import of an ACLED file writes them (lower case)
    ARMED_CLASH = "armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "non-state actor overtakes territory"
    CHEMICAL_WEAPON = "chemical weapon"
    SEXUAL_VIOLENCE = "sexual violence"
    ABDUCTION = "abduction/forced disappearance"
    PEACEFUL_PROTEST = "peaceful protest"
    PROTEST_WITH_INTERVENTION = "protest with intervention"
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "excessive force against protesters"
    VIOLENT_DEMONSTRATION = "violent demonstration"
    MOB_VIOLENCE = "mob violence"
    AGREEMENT = "agreement"
    ARRESTS = "arrests"
    CHANGE_TO_GROUP = "change to group/activity"
    DISRUPTED_WEAPONS_USE = "disrupted weapons use"
    BASE_ESTABLISHED = "headquarters or base established"
    LOOTING = "looting/property destruction"
    NON_VIOLENT_TRANSFER_OF_TERRITORY = "non-violent transfer of territory"
    OTHER = "other"

    @property
    def family(self) -> EventType:
        """The family this type links within: strikes and bombings, raids, attacks, shelling."""
        return _EVENT_FAMILIES.get(self, self)

    @property
    def specificity(self) -> int:
        """How much the type says: a drone strike says more than an air strike, a strike least."""
        return _EVENT_SPECIFICITY.get(self, 0)


_EVENT_FAMILIES = {
    EventType.AIR_STRIKE: EventType.STRIKE,
    EventType.DRONE_STRIKE: EventType.STRIKE,
    EventType.BOMBING: EventType.STRIKE,
    EventType.GROUND_RAID: EventType.RAID,
}
_EVENT_SPECIFICITY = {
    EventType.DRONE_STRIKE: 3,
    EventType.AIR_STRIKE: 2,
    EventType.GROUND_RAID: 2,
    EventType.STRIKE: 1,
}


class IncidentStatus(enum.StrEnum):
    """How well an incident is sourced, as linking its claims finds it.

    * ``single source``: every claim comes from one article;
    * ``corroborated``: two or more articles, and their dates, places and tolls agree;
    * ``contested``: two or more articles that disagree (see the incident's conflicts);
    * ``candidate``: machine-extracted with a confidence below the threshold
      (:data:`geo.store.linking.CANDIDATE_THRESHOLD`): kept in the database and listed for
      review, left off maps and exports unless asked for (see
      :class:`~geo.model.filters.IncidentFilter`); an analyst accepts it (it takes its
      sourcing status) or rejects it;
    * ``rejected``: an analyst rejected it (an audited correction): kept, never shown unless
      asked for.

    The value is what the incident database's ``--json`` output and dataset files carry.
    """

    SINGLE_SOURCE = "single source"
    CORROBORATED = "corroborated"
    CONTESTED = "contested"
    CANDIDATE = "candidate"
    REJECTED = "rejected"


class Review(enum.StrEnum):
    """An analyst's verdict on an incident (an audited correction); no verdict: ``None``.

    An accepted candidate is shown with its sourcing status; a rejected incident has status
    ``rejected``. Exports carry the verdict in their ``review`` column, and an import of
    one of our exports keeps it.
    """

    ACCEPTED = "accepted"
    REJECTED = "rejected"


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


@dataclass(frozen=True, slots=True)
class Source(JsonRecord):
    """A published report: who published it, when, and where to find it.

    ``published`` and ``published_precision`` are both ``None`` when the publication date is
    not recorded (a source known only by its id): the record says so instead of a made-up
    date.
    """

    id: str
    outlet: str
    published: dt.date | None
    published_precision: DatePrecision | None
    title: str = ""
    url: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _require_text(self.id, "Source.id")
        _require_text(self.outlet, f"Source {self.id!r}: outlet")
        if self.published is not None and not isinstance(self.published, dt.date):
            raise DataError(
                f"Source {self.id!r}: published must be a date, got {short_repr(self.published)}"
            )
        if self.published_precision is not None and not isinstance(
            self.published_precision, DatePrecision
        ):
            raise DataError(
                f"Source {self.id!r}: published_precision must be a DatePrecision, "
                f"got {short_repr(self.published_precision)}"
            )
        if (self.published is None) != (self.published_precision is None):
            precision = getattr(self.published_precision, "value", None)
            raise DataError(
                f"Source {self.id!r}: give both published and published_precision, or neither "
                f"(a date not recorded), got published={short_repr(self.published)} and "
                f"published_precision={short_repr(precision)}"
            )
        _require_str(self.title, f"Source {self.id!r}: title")
        if self.url is not None:
            _require_str(self.url, f"Source {self.id!r}: url")
        _require_str(self.note, f"Source {self.id!r}: note")

    @property
    def published_label(self) -> str:
        """``"2019-11-01, ±month"``, or ``"date not recorded"``.

        Examples
        --------
        >>> Source("s", "Wire", dt.date(2019, 9, 27), DatePrecision.WEEK).published_label
        '2019-09-27, ±week'
        >>> Source("s", "s", None, None).published_label
        'date not recorded'
        """
        if self.published is None or self.published_precision is None:
            return "date not recorded"
        return f"{self.published.isoformat()}, ±{self.published_precision.value}"


@dataclass(frozen=True, slots=True)
class SourceClaim(JsonRecord):
    """What one source said about one record, in the words of the person who curated it.

    ``statement`` is a paraphrase unless ``quote`` is true. ``fatalities`` is the figure this
    source gave, if any; disagreements between sources are kept claim by claim.
    """

    source_id: str
    statement: str
    fatalities: int | None = field(default=None, metadata=json_options(omit_default=True))
    quote: bool = field(default=False, metadata=json_options(omit_default=True))

    def __post_init__(self) -> None:
        _require_text(self.source_id, "SourceClaim.source_id")
        _require_text(self.statement, f"claim of {self.source_id!r}: statement")
        if self.fatalities is not None:
            require_count(self.fatalities, f"claim of {self.source_id!r}: fatalities")
        if not isinstance(self.quote, bool):
            raise DataError(
                f"claim of {self.source_id!r}: quote must be true or false, "
                f"got {short_repr(self.quote)}"
            )


@dataclass(frozen=True, slots=True)
class Fatalities(JsonRecord):
    """Reported deaths as a range: ``low <= best <= high`` (UCDP style).

    Examples
    --------
    >>> Fatalities(7, 8, 10).best
    8
    >>> Fatalities(9, 8, 10)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gazetteer.errors.DataError: fatalities must satisfy 0 <= low <= best <= high, got low=9 ...
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
                "fatalities must satisfy 0 <= low <= best <= high, got "
                f"low={short_repr(self.low)} best={short_repr(self.best)} "
                f"high={short_repr(self.high)}"
            )
        if self.high > MAX_COUNT:
            raise DataError(
                f"fatalities must be at most {MAX_COUNT:,}, got high={short_repr(self.high)}"
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
class Site(JsonRecord):
    """A fixed site such as a drone base, an airfield or a headquarters."""

    id: str
    name: str
    kind: SiteKind
    country_code: str
    lat: float
    lon: float
    coord_source: str
    location_precision: LocationPrecision
    role: str = ""
    claims: tuple[SourceClaim, ...] = ()

    def __post_init__(self) -> None:
        _require_text(self.id, "Site.id")
        _require_text(self.name, f"Site {self.id!r}: name")
        _require_country(self.country_code, f"Site {self.id!r}")
        _require_text(self.coord_source, f"Site {self.id!r}: coord_source")
        validate_lat_lon(self.lat, self.lon, what=f"Site {self.id!r}")
        _require_enum(self.kind, SiteKind, f"Site {self.id!r}: kind")
        _require_enum(
            self.location_precision, LocationPrecision, f"Site {self.id!r}: location_precision"
        )
        _require_str(self.role, f"Site {self.id!r}: role")
        _require_claims(self.claims, f"Site {self.id!r}")


@dataclass(frozen=True, slots=True)
class Incident(JsonRecord):
    """One event (a strike, a raid) with its place, date, toll and the claims that back it.

    The one incident record: a dataset file holds it, the incident store gives it
    (:meth:`geo.store.database.StoredIncident.to_incident`), maps and exports draw it.

    The point ``(lat, lon)`` is a representative point; ``uncertainty_radius_km`` says how far
    the event may lie from it, so a region-level strike is drawn as an area, not a pin.
    ``status`` and ``conflicts`` are what linking the claims of several reports found (see
    :func:`geo.store.linking.derive`); ``status`` is ``None`` for a record nobody linked (a
    curated dataset states its sources, not a linking verdict).
    """

    id: str
    event_type: EventType
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
    fatalities: Fatalities | None = None
    actor: str = ""
    target: str = ""
    platform: str = ""
    claims: tuple[SourceClaim, ...] = ()
    notes: str = ""
    status: IncidentStatus | None = field(default=None, metadata=json_options(omit_default=True))
    conflicts: tuple[str, ...] = field(default=(), metadata=json_options(omit_default=True))

    def __post_init__(self) -> None:
        _require_text(self.id, "Incident.id")
        _require_enum(self.event_type, EventType, f"Incident {self.id!r}: event_type")
        _require_text(self.place_name, f"Incident {self.id!r}: place_name")
        _require_country(self.country_code, f"Incident {self.id!r}")
        _require_text(self.coord_source, f"Incident {self.id!r}: coord_source")
        validate_lat_lon(self.lat, self.lon, what=f"Incident {self.id!r}")
        _require_date(self.date_start, f"Incident {self.id!r}: date_start")
        _require_date(self.date_end, f"Incident {self.id!r}: date_end")
        if self.date_end < self.date_start:
            raise DataError(
                f"Incident {self.id!r}: date_end {self.date_end} is before "
                f"date_start {self.date_start}"
            )
        require_radius_km(
            self.uncertainty_radius_km, f"Incident {self.id!r}: uncertainty_radius_km"
        )
        _require_enum(self.date_precision, DatePrecision, f"Incident {self.id!r}: date_precision")
        _require_enum(
            self.location_precision,
            LocationPrecision,
            f"Incident {self.id!r}: location_precision",
        )
        if self.fatalities is not None and not isinstance(self.fatalities, Fatalities):
            raise DataError(
                f"Incident {self.id!r}: fatalities must be Fatalities or None, "
                f"got {short_repr(self.fatalities)}"
            )
        for name in ("actor", "target", "platform", "notes"):
            _require_str(getattr(self, name), f"Incident {self.id!r}: {name}")
        _require_claims(self.claims, f"Incident {self.id!r}")
        if self.status is not None:
            _require_enum(self.status, IncidentStatus, f"Incident {self.id!r}: status")
        if not isinstance(self.conflicts, tuple) or not all(
            isinstance(c, str) for c in self.conflicts
        ):
            raise DataError(
                f"Incident {self.id!r}: conflicts must be a list of strings, "
                f"got {short_repr(self.conflicts)}"
            )

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


class AggregateTally(TypedDict):
    """What an aggregate statement covers and counts, as keyword arguments.

    The fields of that name in :class:`Aggregate`, :class:`~geo.model.claims.AggregateClaim`
    and :class:`~geo.io.export.ExportAggregate` (``None``: not stated).
    """

    period_start: dt.date | None
    period_end: dt.date | None
    place_name: str
    country_code: str
    strikes_low: int | None
    strikes_high: int | None
    fatalities_low: int | None
    fatalities_high: int | None


def tally_of(record: object, **given: object) -> AggregateTally:
    """The :class:`AggregateTally` fields of ``record``, read by name, but for those ``given``."""
    return cast(
        "AggregateTally",
        {
            name: given[name] if name in given else getattr(record, name)
            for name in AggregateTally.__annotations__
        },
    )


@dataclass(frozen=True, slots=True)
class Aggregate(JsonRecord):
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
    strikes_low: int | None = None
    strikes_high: int | None = None
    fatalities: int | None = None
    incident_ids: tuple[str, ...] = field(
        default=(), metadata=json_options(items="incident id strings")
    )
    claims: tuple[SourceClaim, ...] = ()

    def __post_init__(self) -> None:
        _require_text(self.id, "Aggregate.id")
        _require_text(self.statement, f"Aggregate {self.id!r}: statement")
        _require_country(self.country_code, f"Aggregate {self.id!r}")
        _require_text(self.place_name, f"Aggregate {self.id!r}: place_name")
        _require_date(self.period_start, f"Aggregate {self.id!r}: period_start")
        _require_date(self.period_end, f"Aggregate {self.id!r}: period_end")
        if self.period_end < self.period_start:
            raise DataError(
                f"Aggregate {self.id!r}: period_end {self.period_end} is before "
                f"period_start {self.period_start}"
            )
        for name in ("strikes_low", "strikes_high", "fatalities"):
            value = getattr(self, name)
            if value is not None:
                require_count(value, f"Aggregate {self.id!r}: {name}")
        if (
            self.strikes_low is not None
            and self.strikes_high is not None
            and self.strikes_low > self.strikes_high
        ):
            raise DataError(
                f"Aggregate {self.id!r}: strikes_low {self.strikes_low} is above "
                f"strikes_high {self.strikes_high}"
            )
        if not isinstance(self.incident_ids, tuple) or not all(
            isinstance(i, str) and i.strip() for i in self.incident_ids
        ):
            raise DataError(
                f"Aggregate {self.id!r}: incident_ids must be a list of incident ids, "
                f"got {short_repr(self.incident_ids)}"
            )
        _require_claims(self.claims, f"Aggregate {self.id!r}")

    def tally(self) -> AggregateTally:
        """The period, place and figures it states; its one toll as both ends of the range."""
        return tally_of(self, fatalities_low=self.fatalities, fatalities_high=self.fatalities)


def require_count(value: object, what: str) -> int:
    """``value`` if it is a whole number from 0 to :data:`MAX_COUNT`, else ``DataError``.

    Examples
    --------
    >>> require_count(43, "fatalities")
    43
    >>> require_count(-3, "fatalities")
    Traceback (most recent call last):
    ...
    gazetteer.errors.DataError: fatalities must be a whole number from 0 to 10,000,000, got -3
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise DataError(
            f"{what} must be a whole number from 0 to {MAX_COUNT:,}, got {short_repr(value)}"
        )
    return value


def require_radius_km(value: object, what: str) -> float:
    """``value`` if it is a radius in km above 0 and at most :data:`MAX_RADIUS_KM`.

    Examples
    --------
    >>> require_radius_km(float("inf"), "radius_km")
    Traceback (most recent call last):
    ...
    gazetteer.errors.DataError: radius_km must be a number of km above 0 and at most 20,038, got inf
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= MAX_RADIUS_KM  # also refuses NaN; no float() of a huge int
    ):
        raise DataError(
            f"{what} must be a number of km above 0 and at most {MAX_RADIUS_KM:,.0f}, "
            f"got {short_repr(value)}"
        )
    return float(value)


def _require_text(value: object, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{what} must be a non-empty string, got {short_repr(value)}")


def _require_str(value: object, what: str) -> None:
    if not isinstance(value, str):
        raise DataError(f"{what} must be a string, got {short_repr(value)}")


def _require_date(value: object, what: str) -> None:
    if not isinstance(value, dt.date):
        raise DataError(f"{what} must be a date, got {short_repr(value)}")


def _require_enum(value: object, kind: type[enum.Enum], what: str) -> None:
    if not isinstance(value, kind):
        article = "an" if kind.__name__[0] in "AEIOU" else "a"
        raise DataError(f"{what} must be {article} {kind.__name__}, got {short_repr(value)}")


def _require_claims(claims: object, what: str) -> None:
    if not isinstance(claims, tuple) or not all(isinstance(c, SourceClaim) for c in claims):
        raise DataError(f"{what}: claims must be a tuple of SourceClaim, got {short_repr(claims)}")
    if not claims:
        raise DataError(f"{what}: needs at least one source claim")


def _require_country(code: object, what: str) -> None:
    if not isinstance(code, str) or len(code) != 2 or not code.isascii() or not code.isupper():
        raise DataError(
            f"{what}: country_code must be an ISO 3166-1 alpha-2 code such as 'LY', "
            f"got {short_repr(code)}"
        )


@dataclass(frozen=True, slots=True)
class DistanceClaim(JsonRecord):
    """A distance a source states between two places, as a curator records it.

    "AFRICOM put Murzuq nearly 600 miles south of Tripoli": ``text`` is the phrase
    ("nearly 600 miles south of Tripoli"), ``statement`` the curator's paraphrase of what
    the source says, ``stated_km`` the distance stated (600 miles: 965.6 km) and
    ``stated_direction`` its compass word; ``place_*`` is the place put at that distance,
    ``anchor_*`` the reference place. A store that seeds the dataset checks it against the
    geodesic, as it checks the distance claims of the reports it ingests.
    """

    id: str
    source_id: str
    statement: str
    text: str
    place_name: str
    place_lat: float
    place_lon: float
    anchor_name: str
    anchor_lat: float
    anchor_lon: float
    stated_km: float
    stated_direction: str
    coord_source: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise DataError("DistanceClaim: id must not be empty")
        for what, text in (("place_name", self.place_name), ("anchor_name", self.anchor_name)):
            if not text.strip():
                raise DataError(f"distance claim {self.id!r}: {what} must not be empty")
        place = validate_lat_lon(self.place_lat, self.place_lon, what=f"distance claim {self.id!r}")
        anchor = validate_lat_lon(
            self.anchor_lat, self.anchor_lon, what=f"distance claim {self.id!r} anchor"
        )
        names = ("place_lat", "place_lon", "anchor_lat", "anchor_lon")
        for name, value in zip(names, (*place, *anchor), strict=True):
            object.__setattr__(self, name, value)
        km = self.stated_km
        if isinstance(km, bool) or not isinstance(km, int | float) or not 0 < km <= MAX_RADIUS_KM:
            raise DataError(
                f"distance claim {self.id!r}: stated_km must be a number of km above 0 and at "
                f"most {MAX_RADIUS_KM:,.0f}, got {short_repr(km)}"
            )
        object.__setattr__(self, "stated_km", float(km))
        if self.stated_direction not in COMPASS_BEARINGS:
            raise DataError(
                f"distance claim {self.id!r}: stated_direction must be a compass direction "
                f"({', '.join(COMPASS_BEARINGS)}), got {short_repr(self.stated_direction)}"
            )

    @property
    def claims(self) -> tuple[SourceClaim, ...]:
        """The claim behind it: its source and the paraphrase (a dataset checks the source)."""
        return (SourceClaim(self.source_id, self.statement),)
