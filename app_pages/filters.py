"""The view filter the map page shares between its map, table, static map and downloads.

Its state lives in the page's URL query (``?country=LY&since=2019-09-20&status=corroborated``),
so a view can be reloaded and shared. :func:`filter_from_query` and :func:`query_from_filter`
are plain functions (tested without a browser); :func:`filter_sidebar` draws the widgets.

Query keys: ``since``, ``until`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), ``country``,
``division`` (first-level division names: ``division=Murzuq``), ``event``, ``status``,
``precision``, ``outlet`` (comma-separated), ``actor`` (text in the actor or the target),
``toll_min``, ``toll_max`` (best estimate of the killed; an incident with no reported toll is
left out when either is given) and ``q`` (free text over the place, actor, target, notes,
outlets and quoted sentences).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from gazetteer.errors import InvalidQueryError
from geo.io.dataset import Dataset
from geo.model.filters import STATUSES, IncidentFilter, divisions_of
from geo.model.records import Incident, LocationPrecision

__all__ = ["QUERY_KEYS", "ViewFilter", "filter_from_query", "filter_sidebar", "query_from_filter"]

QUERY_KEYS = (
    "since",
    "until",
    "country",
    "division",
    "actor",
    "event",
    "status",
    "toll_min",
    "toll_max",
    "precision",
    "outlet",
    "q",
)


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """The exports' :class:`IncidentFilter` plus what only the app filters on."""

    base: IncidentFilter = field(default_factory=IncidentFilter)
    toll_min: int | None = None
    toll_max: int | None = None
    precisions: frozenset[LocationPrecision] = frozenset()
    outlets: frozenset[str] = frozenset()
    text: str = ""

    def __post_init__(self) -> None:
        for name in ("toll_min", "toll_max"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 0):
                raise InvalidQueryError(f"{name} must be a count of 0 or more, got {value!r}")
        if (
            self.toll_min is not None
            and self.toll_max is not None
            and self.toll_max < self.toll_min
        ):
            raise InvalidQueryError(
                f"toll_max ({self.toll_max}) is below toll_min ({self.toll_min}); give a range "
                "that ends above where it starts"
            )

    @property
    def app_only(self) -> bool:
        """Whether it uses criteria that the exports' filter does not have."""
        return bool(
            self.toll_min is not None
            or self.toll_max is not None
            or self.precisions
            or self.outlets
            or self.text.strip()
        )

    def apply(
        self, dataset: Dataset, incidents: Sequence[Incident] | None = None
    ) -> list[Incident]:
        """The dataset's incidents (or ``incidents``) that meet every criterion, in order."""
        chosen = self.base.apply(dataset.incidents if incidents is None else incidents)
        if not self.app_only:
            return chosen
        needle = self.text.strip().casefold()
        kept = []
        for incident in chosen:
            best = incident.fatalities.best if incident.fatalities else None
            if (self.toll_min is not None or self.toll_max is not None) and best is None:
                continue
            if self.toll_min is not None and best is not None and best < self.toll_min:
                continue
            if self.toll_max is not None and best is not None and best > self.toll_max:
                continue
            if self.precisions and incident.location_precision not in self.precisions:
                continue
            outlets = {
                dataset.sources[c.source_id].outlet if c.source_id in dataset.sources else ""
                for c in incident.claims
            }
            if self.outlets and not outlets & self.outlets:
                continue
            if needle:
                haystack = "\n".join(
                    [
                        incident.place_name,
                        incident.actor,
                        incident.target,
                        incident.notes,
                        *outlets,
                        *(c.statement for c in incident.claims),
                    ]
                ).casefold()
                if needle not in haystack:
                    continue
            kept.append(incident)
        return kept


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _count(params: Mapping[str, str], key: str) -> int | None:
    text = (params.get(key) or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidQueryError(f"{key} must be a whole number of 0 or more, got {text!r}")
    return int(text)


def filter_from_query(params: Mapping[str, str]) -> ViewFilter:
    """The filter a URL query describes (keys as in :data:`QUERY_KEYS`; others ignored).

    Raises
    ------
    InvalidQueryError
        For a value that means nothing (a date, country code, status, precision or count);
        the message names the key and shows the value.

    Examples
    --------
    >>> f = filter_from_query({"country": "ly", "status": "corroborated", "toll_min": "10"})
    >>> sorted(f.base.countries), [s.value for s in f.base.statuses], f.toll_min
    (['LY'], ['corroborated'], 10)
    >>> filter_from_query({"precision": "street"})
    Traceback (most recent call last):
    ...
    gazetteer.errors.InvalidQueryError: precision must be among exact_site, town, near_town, \
district, region, country, got 'street'
    """
    base = IncidentFilter.from_options(
        since=params.get("since") or None,
        until=params.get("until") or None,
        countries=_split(params.get("country")),
        actors=[params["actor"].strip()] if (params.get("actor") or "").strip() else [],
        event_types=_split(params.get("event")),
        statuses=_split(params.get("status")),
        divisions=_split(params.get("division")),
    )
    precisions = set()
    for value in _split(params.get("precision")):
        try:
            precisions.add(LocationPrecision(value))
        except ValueError:
            allowed = ", ".join(p.value for p in LocationPrecision)
            raise InvalidQueryError(f"precision must be among {allowed}, got {value!r}") from None
    return ViewFilter(
        base=base,
        toll_min=_count(params, "toll_min"),
        toll_max=_count(params, "toll_max"),
        precisions=frozenset(precisions),
        outlets=frozenset(_split(params.get("outlet"))),
        text=(params.get("q") or "").strip(),
    )


def query_from_filter(view: ViewFilter) -> dict[str, str]:
    """The URL query of a filter: only the criteria it uses, in :data:`QUERY_KEYS` order.

    Examples
    --------
    >>> query_from_filter(filter_from_query({"until": "2019-09", "q": "Murzuq"}))
    {'until': '2019-09-30', 'q': 'Murzuq'}
    """
    base = view.base
    query = {
        "since": base.since.isoformat() if base.since else "",
        "until": base.until.isoformat() if base.until else "",
        "country": ",".join(sorted(base.countries)),
        "division": ",".join(sorted(base.divisions)),
        "actor": ",".join(base.actors),
        "event": ",".join(base.event_types),
        "status": ",".join(sorted(s.value.replace(" ", "-") for s in base.statuses)),
        "toll_min": "" if view.toll_min is None else str(view.toll_min),
        "toll_max": "" if view.toll_max is None else str(view.toll_max),
        "precision": ",".join(sorted(p.value for p in view.precisions)),
        "outlet": ",".join(sorted(view.outlets)),
        "q": view.text,
    }
    return {k: v for k, v in query.items() if v}


def filter_sidebar(dataset: Dataset) -> ViewFilter:  # pragma: no cover - drawn by the app tests
    """The filter widgets in the sidebar, set from the URL query; the query follows them.

    A query value that means nothing is an ``st.error`` naming it, and is dropped.
    """
    import streamlit as st

    params = {k: st.query_params.get(k, "") for k in QUERY_KEYS}
    try:
        start = filter_from_query(params)
    except InvalidQueryError as exc:
        st.error(f"This link's filter was not understood and is ignored: {exc}")
        start = ViewFilter()
    base = start.base
    sb = st.sidebar
    sb.subheader("Filter")
    since = sb.date_input("From", value=base.since, key="f_since", format="YYYY-MM-DD")
    until = sb.date_input("To", value=base.until, key="f_until", format="YYYY-MM-DD")
    countries = sorted({i.country_code for i in dataset.incidents} | set(base.countries))
    country = sb.multiselect("Country", countries, default=sorted(base.countries), key="f_country")
    divisions = sorted(
        {d for d in divisions_of(dataset.incidents) if d is not None} | set(base.divisions)
    )
    division = sb.multiselect(
        "Division (first level)",
        divisions,
        default=sorted(base.divisions),
        key="f_division",
        help="Province, state or district holding the strike's point; strikes known only to a "
        "region or a country have none.",
    )
    events = sorted({str(i.event_type.value) for i in dataset.incidents} | set(base.event_types))
    event = sb.multiselect("Event type", events, default=list(base.event_types), key="f_event")
    statuses = [s.value for s in STATUSES]
    status = sb.multiselect(
        "Status", statuses, default=sorted(s.value for s in base.statuses), key="f_status"
    )
    actor = sb.text_input("Actor or target", value=",".join(base.actors), key="f_actor")
    low, high = sb.columns(2)
    toll_min = low.number_input(
        "Killed, at least", min_value=0, value=start.toll_min, step=1, key="f_toll_min"
    )
    toll_max = high.number_input(
        "at most", min_value=0, value=start.toll_max, step=1, key="f_toll_max"
    )
    levels = [p.value for p in LocationPrecision]
    precision = sb.multiselect(
        "Location precision",
        levels,
        default=sorted(p.value for p in start.precisions),
        key="f_precision",
    )
    outlets = sorted({s.outlet for s in dataset.sources.values()} | set(start.outlets))
    outlet = sb.multiselect("Outlet", outlets, default=sorted(start.outlets), key="f_outlet")
    text = sb.text_input("Search places and sources", value=start.text, key="f_q")
    query = {
        "since": since.isoformat() if isinstance(since, dt.date) else "",
        "until": until.isoformat() if isinstance(until, dt.date) else "",
        "country": ",".join(country),
        "division": ",".join(division),
        "actor": actor.strip(),
        "event": ",".join(event),
        "status": ",".join(s.replace(" ", "-") for s in status),
        "toll_min": "" if toll_min is None else str(int(toll_min)),
        "toll_max": "" if toll_max is None else str(int(toll_max)),
        "precision": ",".join(precision),
        "outlet": ",".join(outlet),
        "q": text.strip(),
    }
    try:
        view = filter_from_query(query)
    except InvalidQueryError as exc:
        st.error(str(exc))
        view = ViewFilter()
    wanted = query_from_filter(view)
    if {k: st.query_params.get(k) for k in QUERY_KEYS if k in st.query_params} != wanted:
        st.query_params.from_dict(wanted)
    return view
