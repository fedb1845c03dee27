"""Which incidents to show or export: one filter object for maps, tables and exports.

:class:`IncidentFilter` holds a date range, countries, actors, event types and statuses; an
empty filter keeps everything. It reads the fields that every incident record has
(:class:`~geo.model.Incident` from a dataset, :class:`~geo.store.StoredIncident` from the
database), so the map, the app's table and the exports select the same incidents.

How each criterion matches (all given criteria must hold; several values of one criterion
are alternatives):

* ``since``/``until``: the incident's date range overlaps ``[since, until]`` (a strike known
  only to September 2019 is kept by ``since=2019-09-20``);
* ``countries``: ISO 3166-1 alpha-2 code of the incident's place;
* ``actors``: a case-insensitive substring of the actor *or* the target ("ISIS" finds strikes
  on ISIS and by it);
* ``event_types``: the event type itself or its family, case-insensitively ("strike" keeps
  air, drone and unspecified strikes; "drone strike" only drone strikes);
* ``statuses``: the sourcing status (see :data:`STATUSES`);
* ``divisions``: the name of the first-level division (province, state, district: Libya's
  Murzuq, Niger's Agadez) that holds the incident's point, from the shipped outlines, any
  case. Only a point known to a district or better lies in one division (see
  :data:`DIVISION_PRECISIONS`, as in the exports' ``admin1`` column): a strike known only to
  a region or a country is left out of a filter by division;
* ``candidates``: whether to keep *candidates*, incidents whose confidence is below the
  threshold (status ``candidate``). Off by default: a map or an export shows only what the
  extractor is confident of, or an analyst accepted; naming ``candidate`` among
  ``statuses`` keeps them too. Incidents an analyst rejected (``rejected``) are kept only
  when ``statuses`` names them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from gazetteer.errors import InvalidQueryError
from gazetteer.untrusted import short_repr
from geo.model.records import EventType, IncidentStatus, LocationPrecision

__all__ = [
    "DIVISION_PRECISIONS",
    "STATUSES",
    "IncidentFilter",
    "division_of",
    "divisions_of",
    "parse_filter_date",
    "status_of",
]

#: Precise enough that the point lies in the named division; coarser points only stand for
#: an area that may span several divisions (they have no division, and their ``admin1`` is
#: left empty in exports).
DIVISION_PRECISIONS = frozenset(
    {
        LocationPrecision.EXACT_SITE,
        LocationPrecision.TOWN,
        LocationPrecision.NEAR_TOWN,
        LocationPrecision.DISTRICT,
    }
)

#: Sourcing statuses an incident can have: one article, several agreeing, several disagreeing.
STATUSES = tuple(IncidentStatus)

_ISO2 = re.compile(r"[A-Z]{2}")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Criteria an incident must meet; an empty filter keeps every incident.

    Parameters
    ----------
    since, until
        Keep incidents whose date range overlaps this period (either end may be open).
    countries
        ISO 3166-1 alpha-2 codes (upper case).
    actors
        Text to find, case-insensitively, in the actor or the target.
    event_types
        Event types or event families ("strike", "raid").
    statuses
        Values of :data:`STATUSES`.
    candidates
        Keep candidates (status ``candidate``), which are left out by default.
    divisions
        Names of first-level divisions (any case), for incidents placed to a district or
        better (see :func:`division_of`).

    Examples
    --------
    >>> import datetime as dt
    >>> f = IncidentFilter(since=dt.date(2019, 9, 20), countries=frozenset({"LY"}))
    >>> f.describe()
    'from 2019-09-20, country LY'
    >>> IncidentFilter(statuses=frozenset({"confirmed"}))
    Traceback (most recent call last):
    ...
    gazetteer.errors.InvalidQueryError: statuses must be among 'single source', 'corroborated', \
'contested', 'candidate', 'rejected', got 'confirmed'
    """

    since: dt.date | None = None
    until: dt.date | None = None
    countries: frozenset[str] = field(default_factory=frozenset)
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    statuses: frozenset[IncidentStatus] = field(default_factory=frozenset)
    candidates: bool = False
    divisions: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and (
                not isinstance(value, dt.date) or isinstance(value, dt.datetime)
            ):
                raise InvalidQueryError(f"{name} must be a date or None, got {short_repr(value)}")
        if self.since is not None and self.until is not None and self.until < self.since:
            raise InvalidQueryError(
                f"until ({self.until}) is before since ({self.since}); give a period that "
                "ends after it starts"
            )
        if not isinstance(self.countries, frozenset) or not all(
            isinstance(c, str) and _ISO2.fullmatch(c) for c in self.countries
        ):
            raise InvalidQueryError(
                "countries must be a frozenset of ISO 3166-1 alpha-2 codes such as 'LY', "
                f"got {short_repr(self.countries)}"
            )
        for name in ("actors", "event_types"):
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                raise InvalidQueryError(
                    f"{name} must be a tuple of non-empty strings, got {short_repr(value)}"
                )
        if not isinstance(self.statuses, frozenset) or not self.statuses <= set(STATUSES):
            bad = (
                self.statuses
                if not isinstance(self.statuses, frozenset)
                else ", ".join(repr(s) for s in sorted(self.statuses - set(STATUSES), key=str))
            )
            allowed = ", ".join(repr(s.value) for s in STATUSES)
            raise InvalidQueryError(f"statuses must be among {allowed}, got {bad}")
        object.__setattr__(self, "statuses", frozenset(IncidentStatus(s) for s in self.statuses))
        if not isinstance(self.candidates, bool):
            raise InvalidQueryError(
                f"candidates must be True or False, got {short_repr(self.candidates)}"
            )
        if not isinstance(self.divisions, frozenset) or not all(
            isinstance(d, str) and d.strip() for d in self.divisions
        ):
            raise InvalidQueryError(
                "divisions must be a frozenset of division names such as 'Murzuq', "
                f"got {short_repr(self.divisions)}"
            )

    @classmethod
    def from_options(
        cls,
        *,
        since: str | None = None,
        until: str | None = None,
        countries: Iterable[str] = (),
        actors: Iterable[str] = (),
        event_types: Iterable[str] = (),
        statuses: Iterable[str] = (),
        candidates: bool = False,
        divisions: Iterable[str] = (),
    ) -> IncidentFilter:
        """A filter from text as a user types it (command-line options, form fields).

        Dates may be ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (see :func:`parse_filter_date`);
        country codes any case; statuses with a space, ``-`` or ``_`` (``single-source``).
        Errors name the command-line option (``--since``, ``--country`` ...).

        Examples
        --------
        >>> f = IncidentFilter.from_options(until="2019-09", countries=["ly"],
        ...                                 statuses=["single-source"])
        >>> f.until, sorted(f.countries), [s.value for s in f.statuses]
        (datetime.date(2019, 9, 30), ['LY'], ['single source'])
        >>> IncidentFilter.from_options(countries=["Libya"])
        Traceback (most recent call last):
        ...
        gazetteer.errors.InvalidQueryError: --country must be an ISO 3166-1 alpha-2 code such as \
LY, got 'Libya'
        """
        first = None if since is None else parse_filter_date(since, end=False, option="--since")
        last = None if until is None else parse_filter_date(until, end=True, option="--until")
        if first is not None and last is not None and last < first:
            raise InvalidQueryError(
                f"--until ({last}) is before --since ({first}); give a period that ends "
                "after it starts"
            )
        codes = set()
        for code in countries:
            if not _ISO2.fullmatch(code.strip().upper()):
                raise InvalidQueryError(
                    "--country must be an ISO 3166-1 alpha-2 code such as LY, "
                    f"got {short_repr(code)}"
                )
            codes.add(code.strip().upper())
        chosen = set()
        for status in statuses:
            normal = re.sub(r"[\s_-]+", " ", status.strip().lower())
            if normal == "single":
                normal = "single source"
            if normal not in STATUSES:
                allowed = ", ".join(s.value.replace(" ", "-") for s in STATUSES)
                raise InvalidQueryError(
                    f"--status must be one of {allowed}, got {short_repr(status)}"
                )
            chosen.add(IncidentStatus(normal))
        texts = {}
        for option, values in (
            ("--actor", actors),
            ("--event-type", event_types),
            ("--division", divisions),
        ):
            cleaned = tuple(v.strip() for v in values)
            if any(not v for v in cleaned):
                raise InvalidQueryError(f"{option} must not be empty")
            texts[option] = cleaned
        return cls(
            since=first,
            until=last,
            countries=frozenset(codes),
            actors=texts["--actor"],
            event_types=texts["--event-type"],
            statuses=frozenset(chosen),
            candidates=candidates,
            divisions=frozenset(texts["--division"]),
        )

    @property
    def is_empty(self) -> bool:
        """Whether the filter sets no criterion (it still leaves candidates out by default)."""
        return not (
            self.since
            or self.until
            or self.countries
            or self.actors
            or self.event_types
            or self.statuses
            or self.divisions
        )

    def matches(self, incident: Any) -> bool:
        """Whether one incident meets every criterion.

        ``incident`` is an :class:`~geo.model.Incident` or a
        :class:`~geo.store.StoredIncident` (anything with ``date_start``, ``date_end``,
        ``event_type``, ``actor``, ``target`` and a country code, directly or on its
        ``place``). With divisions, :meth:`apply` is faster for many incidents.
        """
        if not self._matches_all_but_division(incident):
            return False
        return not self.divisions or self._in_divisions(division_of(incident))

    def _in_divisions(self, name: str | None) -> bool:
        wanted = {d.strip().casefold() for d in self.divisions}
        return name is not None and name.casefold() in wanted

    def _matches_all_but_division(self, incident: Any) -> bool:
        if self.since is not None and incident.date_end < self.since:
            return False
        if self.until is not None and incident.date_start > self.until:
            return False
        if self.countries and _country_of(incident) not in self.countries:
            return False
        if self.actors:
            sides = f"{incident.actor}\n{incident.target}".casefold()
            if not any(a.strip().casefold() in sides for a in self.actors):
                return False
        if self.event_types:
            kind = EventType(incident.event_type)
            wanted = {e.strip().casefold() for e in self.event_types}
            if kind.value not in wanted and kind.family.value not in wanted:
                return False
        status = status_of(incident)
        if (
            status is IncidentStatus.CANDIDATE
            and not self.candidates
            and status not in self.statuses
        ):
            return False
        if status is IncidentStatus.REJECTED and status not in self.statuses:
            return False  # an analyst rejected it: only asked for by name
        return not self.statuses or status in self.statuses

    def apply(self, incidents: Iterable[_T]) -> list[_T]:
        """The incidents that match, in their order (candidates and rejected only if asked).

        The divisions of many incidents are found in one vectorised query.
        """
        kept = [i for i in incidents if self._matches_all_but_division(i)]
        if not self.divisions:
            return kept
        names = divisions_of(kept)
        return [i for i, name in zip(kept, names, strict=True) if self._in_divisions(name)]

    def describe(self) -> str:
        """The criteria in words, for summaries: ``'from 2019-09-20, country LY'``."""
        parts = []
        if self.since and self.until:
            parts.append(f"{self.since} to {self.until}")
        elif self.since:
            parts.append(f"from {self.since}")
        elif self.until:
            parts.append(f"until {self.until}")
        for label, values in (
            ("country", sorted(self.countries)),
            ("actor", list(self.actors)),
            ("event type", list(self.event_types)),
            ("status", [s.value for s in STATUSES if s in self.statuses]),
            ("division", sorted(self.divisions)),
        ):
            if values:
                parts.append(f"{label} {' or '.join(values)}")
        return ", ".join(parts) or "none"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (written into exports, so a file says how it was selected)."""
        return {
            "since": None if self.since is None else self.since.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
            "countries": sorted(self.countries),
            "actors": list(self.actors),
            "event_types": list(self.event_types),
            "statuses": [s.value for s in STATUSES if s in self.statuses],
            **({"divisions": sorted(self.divisions)} if self.divisions else {}),
        }


def _point_of(incident: Any) -> tuple[float, float, LocationPrecision] | None:
    """An incident's point and location precision (a record's own, a stored one's place)."""
    place = getattr(incident, "place", None)
    if place is not None and hasattr(place, "lat"):
        return place.lat, place.lon, LocationPrecision(place.precision)
    lat = getattr(incident, "lat", None)
    if lat is None:
        return None
    return lat, incident.lon, LocationPrecision(incident.location_precision)


def divisions_of(incidents: Iterable[Any]) -> list[str | None]:
    """Each incident's first-level division, or ``None`` (see :func:`division_of`).

    One query of the shipped outlines for all the incidents (they load once per process,
    in about a second).
    """
    from gazetteer.search import divisions_at

    points = [_point_of(i) for i in incidents]
    placed = [p for p in points if p is not None and p[2] in DIVISION_PRECISIONS]
    found = iter(divisions_at([p[0] for p in placed], [p[1] for p in placed]) if placed else [])
    return [next(found) if p is not None and p[2] in DIVISION_PRECISIONS else None for p in points]


def division_of(incident: Any) -> str | None:
    """The name of the first-level division that holds an incident's point.

    ``None`` when the point is known only to a region or a country (it stands for an area
    that may span several divisions), when the incident has no place, or at sea.
    """
    return divisions_of([incident])[0]


def _country_of(incident: Any) -> str:
    code = getattr(incident, "country_code", None)
    if code is None:
        place = getattr(incident, "place", None)
        code = getattr(place, "country_code", "") if place is not None else ""
    return str(code or "")


def status_of(incident: Any) -> IncidentStatus:
    """An incident's sourcing status.

    A stored incident, or an incident record made from one, has its own. A curated record
    that nobody linked (its ``status`` is ``None``) is a single source or corroborated by
    its number of sources.
    """
    status = getattr(incident, "status", None)
    if status is not None:
        return IncidentStatus(status)
    if len(incident.source_ids) <= 1:
        return IncidentStatus.SINGLE_SOURCE
    return IncidentStatus.CORROBORATED


def parse_filter_date(text: str, *, end: bool, option: str) -> dt.date:
    """A filter bound from ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    A month or a year stands for its first day as a start (``end=False``) and its last day
    as an end (``end=True``), so ``--until 2019-09`` keeps all of September.

    Examples
    --------
    >>> parse_filter_date("2019-09", end=True, option="--until")
    datetime.date(2019, 9, 30)
    >>> parse_filter_date("2019", end=False, option="--since")
    datetime.date(2019, 1, 1)
    >>> parse_filter_date("19/09/2019", end=False, option="--since")
    Traceback (most recent call last):
    ...
    gazetteer.errors.InvalidQueryError: --since must be a date as YYYY-MM-DD, YYYY-MM or YYYY, \
got '19/09/2019'
    """
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:])
            day = calendar.monthrange(year, month)[1] if end else 1
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    except (ValueError, calendar.IllegalMonthError):
        pass
    raise InvalidQueryError(
        f"{option} must be a date as YYYY-MM-DD, YYYY-MM or YYYY, got {short_repr(text)}"
    )
