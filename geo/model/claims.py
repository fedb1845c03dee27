"""Records of what reports say: articles, the claims extracted from them, and claimed places.

A *claim* is what one article says about one event ("a drone strike killed eight in Murzuq on
19 September"), with the sentence it came from, its date and place as precisely as the article
gives them, and the figures as stated. An *aggregate claim* speaks of many events at once
("nearly 500 strikes on Sirte in 2016") and never becomes an incident.

Claims are frozen dataclasses that round-trip through plain JSON (``as_dict``/``from_dict``,
by their fields: :mod:`gazetteer.serialization`), the form in which the incident store keeps
them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gazetteer.errors import DataError
from gazetteer.geodesy import validate_lat_lon
from gazetteer.serialization import JsonRecord, json_options
from gazetteer.untrusted import short_repr
from geo.model.records import (
    AggregateTally,
    DatePrecision,
    EventType,
    LocationPrecision,
    require_count,
    require_radius_km,
    tally_of,
)

if TYPE_CHECKING:
    from geo.model.records import Incident

__all__ = [
    "AggregateClaim",
    "Article",
    "Claim",
    "ClaimedPlace",
    "DISTANCE_TOLERANCE",
    "DistanceCheck",
    "Extraction",
    "Quote",
    "VAGUE_TOLL",
    "content_hash",
]

#: How extraction marks the reason of a toll that is a vague amount ("dozens", "several").
VAGUE_TOLL = "(a vague amount)"


def content_hash(text: str) -> str:
    r"""SHA-256 of an article's text, insensitive to line endings and surrounding blank space.

    Examples
    --------
    >>> content_hash("Eight killed.\r\n") == content_hash("  Eight killed.\n")
    True
    """
    norm = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """A report as ingested: its text and what is known of its publication."""

    text: str
    published: dt.date
    outlet: str = ""
    url: str | None = None
    title: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise DataError(f"article text must be a string, got {type(self.text).__name__}")
        if not isinstance(self.published, dt.date) or isinstance(self.published, dt.datetime):
            raise DataError(f"publication date must be a date, got {self.published!r}")

    @property
    def hash(self) -> str:
        """:func:`content_hash` of the text: the same article ingested twice is recognised."""
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class Quote(JsonRecord):
    """A sentence of the article, with its character offsets (end exclusive)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ClaimedPlace(JsonRecord):
    """Where a claim puts an event: a representative point and how far the event may lie.

    ``name`` is the place as the report gives it ("Murzuq", "southwest Libya", "100 miles
    southwest of Sirte"). For a statement relative to a town, ``anchor`` names the town and
    ``offset_km``/``bearing_deg`` the offset applied to it. ``reason`` says why this place.
    """

    name: str
    lat: float = field(metadata=json_options(round=5))
    lon: float = field(metadata=json_options(round=5))
    country_code: str
    precision: LocationPrecision
    radius_km: float = field(metadata=json_options(round=1))
    place_id: str = ""
    anchor: str = ""
    offset_km: float | None = None
    bearing_deg: float | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        lat, lon = validate_lat_lon(self.lat, self.lon, what=f"place {self.name!r}")
        radius = require_radius_km(self.radius_km, f"place {self.name!r}: radius_km")
        for name, value in (("lat", lat), ("lon", lon), ("radius_km", radius)):
            object.__setattr__(self, name, value)  # as floats, however they were given

    @classmethod
    def of_incident(cls, incident: Incident) -> ClaimedPlace:
        """The place of an incident record; its coordinate source is the reason.

        The inverse of :meth:`incident_fields`: the two are the one mapping between an
        incident's place fields and a place.
        """
        return cls(
            name=incident.place_name,
            lat=incident.lat,
            lon=incident.lon,
            country_code=incident.country_code,
            precision=incident.location_precision,
            radius_km=incident.uncertainty_radius_km,
            reason=incident.coord_source,
        )

    def incident_fields(self) -> dict[str, Any]:
        """The place as the keyword arguments of an :class:`~geo.model.records.Incident`.

        ``coord_source`` is the reason (``"extracted"`` when there is none).
        """
        return {
            "place_name": self.name,
            "country_code": self.country_code,
            "lat": self.lat,
            "lon": self.lon,
            "coord_source": self.reason or "extracted",
            "location_precision": self.precision,
            "uncertainty_radius_km": self.radius_km,
        }


@dataclass(frozen=True, slots=True)
class Claim(JsonRecord):
    """What one article says about one event.

    Figures are as stated: ``fatalities_low``/``fatalities_high`` are equal for "killed
    eight", ``high`` is ``None`` for "at least 11", both ``None`` when no toll is given.
    ``confidence`` (0-1) falls with hedged attribution ("social media reports said");
    ``reasons`` explain the place, the date and the confidence. ``toll_derived``: the report
    gives no toll for this strike, the toll is its total less the other strikes' tolls
    ("strikes on Sept. 19, 24, 26 and 29 killed 43 in all", 8, 11 and 17 told: 7).
    ``event_type`` may be given as
    its value (``"air strike"``): it is made the :class:`~geo.model.records.EventType`.
    """

    index: int
    sentences: tuple[Quote, ...]
    event_type: EventType
    date_start: dt.date
    date_end: dt.date
    date_precision: DatePrecision
    place: ClaimedPlace | None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    actor: str = ""
    target: str = ""
    platform: str = ""
    base: str = ""
    attribution: str = ""
    confidence: float = field(default=1.0, metadata=json_options(round=3))
    reasons: tuple[str, ...] = ()
    toll_derived: bool = field(default=False, metadata=json_options(omit_default=True))

    def __post_init__(self) -> None:
        if not isinstance(self.event_type, EventType):
            try:
                object.__setattr__(self, "event_type", EventType(self.event_type))
            except ValueError:
                raise DataError(
                    f"claim {self.index}: event_type must be an event type strikemap knows "
                    f"(air strike, drone strike, raid ... see EventType), "
                    f"got {short_repr(self.event_type)}"
                ) from None
        if self.date_end < self.date_start:
            raise DataError(f"claim {self.index}: date_end is before date_start")
        if isinstance(self.confidence, int) and not isinstance(self.confidence, bool):
            object.__setattr__(self, "confidence", float(self.confidence))
        for name in ("fatalities_low", "fatalities_high", "injured"):
            value = getattr(self, name)
            if value is not None:
                require_count(value, f"claim {self.index}: {name}")
        low, high = self.fatalities_low, self.fatalities_high
        if low is not None and high is not None and high < low:
            raise DataError(f"claim {self.index}: fatalities_high {high} is below low {low}")

    @property
    def sentence(self) -> str:
        """The quoted sentence(s), joined."""
        return " ".join(q.text for q in self.sentences)

    @property
    def toll_vague(self) -> bool:
        """Whether the toll is a vague amount ("dozens", "several"): a range, not a count.

        Extraction marks such a toll's reason with :data:`VAGUE_TOLL`.
        """
        return any(r.startswith("toll:") and VAGUE_TOLL in r for r in self.reasons)

    @property
    def fatalities_point(self) -> int | None:
        """One figure for the claim: the stated number (the low bound of a range)."""
        if self.fatalities_low is not None:
            return self.fatalities_low
        return self.fatalities_high


@dataclass(frozen=True, slots=True)
class AggregateClaim(JsonRecord):
    """A statement about many events at once: kept as such, never made an incident.

    ``text`` is the phrase naming the events ("the four strikes", "more than 20 strikes");
    ``strikes_stated`` the figure as written (20) and ``strikes_low``/``strikes_high`` the
    range it allows (21, open); ``covers_claims`` the indices of the article's claims that
    the tally covers, when it counts them.
    """

    index: int
    sentence: Quote
    text: str
    period_start: dt.date | None
    period_end: dt.date | None
    place_name: str
    country_code: str
    strikes_low: int | None = None
    strikes_high: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    covers_claims: tuple[int, ...] = ()
    strikes_stated: int | None = None
    qualifier: str = ""
    covers_incidents: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in (
            "strikes_low",
            "strikes_high",
            "fatalities_low",
            "fatalities_high",
            "strikes_stated",
        ):
            value = getattr(self, name)
            if value is not None:
                require_count(value, f"aggregate claim {self.index}: {name}")

    def tally(self) -> AggregateTally:
        """The period, place and figures it states (its fields of those names)."""
        return tally_of(self)


#: A stated distance within this share of the geodesic agrees with it ("about 500 km" for 540).
DISTANCE_TOLERANCE = 0.15


@dataclass(frozen=True, slots=True)
class DistanceCheck(JsonRecord):
    """A distance the report states between two named places, checked against the geodesic.

    "Murzuq, nearly 600 miles south of Tripoli": ``stated_km`` 965.6, ``computed_km`` 776,
    ``verdict`` says by how much the statement is off.
    """

    index: int
    sentence: Quote
    text: str
    place_name: str
    anchor_name: str
    stated_km: float = field(metadata=json_options(round=1))
    stated_direction: str
    computed_km: float = field(metadata=json_options(round=1))
    computed_bearing_deg: float = field(metadata=json_options(round=1))
    verdict: str
    place_lat: float | None = field(default=None, metadata=json_options(round=5, omit_default=True))
    place_lon: float | None = field(default=None, metadata=json_options(round=5, omit_default=True))
    anchor_lat: float | None = field(
        default=None, metadata=json_options(round=5, omit_default=True)
    )
    anchor_lon: float | None = field(
        default=None, metadata=json_options(round=5, omit_default=True)
    )

    def __post_init__(self) -> None:
        for name in ("stated_km", "computed_km", "computed_bearing_deg"):
            object.__setattr__(self, name, float(getattr(self, name)))
        points = (self.place_lat, self.place_lon, self.anchor_lat, self.anchor_lon)
        if any(v is not None for v in points) and any(v is None for v in points):
            raise ValueError(
                f"distance check {self.index}: give all four of place_lat, place_lon, "
                f"anchor_lat, anchor_lon or none, got {points!r}"
            )
        for name in ("place_lat", "place_lon", "anchor_lat", "anchor_lon"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, float(value))

    @property
    def off_share(self) -> float:
        """How far the stated distance is from the geodesic, as a share of the geodesic."""
        if not self.computed_km:
            return 1.0
        return abs(self.stated_km - self.computed_km) / self.computed_km

    @property
    def agrees(self) -> bool:
        """Whether the stated distance is within :data:`DISTANCE_TOLERANCE` of the geodesic."""
        return self.off_share <= DISTANCE_TOLERANCE

    @property
    def points_latlon(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """``((anchor lat, lon), (place lat, lon))``, or ``None`` for a check stored without."""
        if self.place_lat is None or self.place_lon is None:
            return None
        assert self.anchor_lat is not None and self.anchor_lon is not None
        return (self.anchor_lat, self.anchor_lon), (self.place_lat, self.place_lon)


@dataclass(frozen=True, slots=True)
class Extraction(JsonRecord):
    """What one report yields: its event claims, aggregate statements and distance checks."""

    article_hash: str
    claims: tuple[Claim, ...]
    aggregates: tuple[AggregateClaim, ...]
    distances: tuple[DistanceCheck, ...] = ()
