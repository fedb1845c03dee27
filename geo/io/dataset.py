"""Load a curated dataset (sources, sites, incidents, aggregates) from its JSON file.

The embedded default is ``data/default/libya_2019.json``, the founding case. A dataset file is
checked as a whole: every claim must cite a known source, ids must be unique, aggregates must
name incidents that exist.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer.errors import DataError
from gazetteer.geodesy import geodesic_distance
from gazetteer.resources import data_path
from gazetteer.untrusted import load_json, printable, short_repr
from geo.model.records import (
    Aggregate,
    DatePrecision,
    EventType,
    Fatalities,
    Incident,
    LocationPrecision,
    Site,
    SiteKind,
    Source,
    SourceClaim,
)

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "DEFAULT_DATASET_PATH",
    "Dataset",
    "aggregates_frame",
    "check_aggregate",
    "claims_frame",
    "incident_near",
    "incidents_to_gdf",
    "load_dataset",
    "load_default_dataset",
    "metres_per_pixel",
    "sites_to_gdf",
]

DATA_DIR = data_path()
DEFAULT_DATASET_PATH = DATA_DIR / "default" / "libya_2019.json"


@dataclass(frozen=True, slots=True)
class Dataset:
    """A curated set of records with the sources they cite."""

    id: str
    title: str
    description: str
    licence: str
    sources: Mapping[str, Source]
    sites: tuple[Site, ...]
    incidents: tuple[Incident, ...]
    aggregates: tuple[Aggregate, ...]

    def incident(self, incident_id: str) -> Incident:
        """Return the incident with this id.

        Raises
        ------
        KeyError
            If there is none.
        """
        for incident in self.incidents:
            if incident.id == incident_id:
                return incident
        raise KeyError(incident_id)


def load_default_dataset() -> Dataset:
    """Load the embedded founding case (US strikes on ISIS in southern Libya, 2019)."""
    return load_dataset(DEFAULT_DATASET_PATH)


def load_dataset(path: str | Path) -> Dataset:
    """Load and check a dataset JSON file.

    Raises
    ------
    DataError
        If the file is missing or unreadable, is not JSON (or nests deeper than
        :data:`~gazetteer.untrusted.MAX_JSON_DEPTH`), or any record is invalid; the message names
        the file, the record, the field and the bad value's ``repr``.
    """
    path = Path(path)
    shown = short_repr(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"dataset file {shown} does not exist") from None
    except IsADirectoryError:
        raise DataError(f"dataset file {shown} is a folder; give the JSON file in it") from None
    except OSError as exc:
        raise DataError(f"cannot read dataset file {shown}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"dataset file {shown} is not valid UTF-8 JSON: {exc}") from None
    raw = load_json(text, f"dataset file {shown}")
    try:
        return _parse_dataset(raw)
    except DataError as exc:
        raise DataError(f"{printable(path.name)}: {exc}") from None


def _parse_dataset(raw: Any) -> Dataset:
    if not isinstance(raw, dict):
        raise DataError("top level must be a JSON object")
    meta = _get(raw, "dataset", dict, "top level")
    sources: dict[str, Source] = {}
    for n, item in enumerate(_get(raw, "sources", list, "top level")):
        source = _parse_source(item, n)
        if source.id in sources:
            raise DataError(f"source id {source.id!r} appears twice")
        sources[source.id] = source

    sites = tuple(
        _parse_site(item, n) for n, item in enumerate(_get(raw, "sites", list, "top level"))
    )
    incidents = tuple(
        _parse_incident(item, n) for n, item in enumerate(_get(raw, "incidents", list, "top level"))
    )
    aggregates = tuple(
        _parse_aggregate(item, n)
        for n, item in enumerate(_get(raw, "aggregates", list, "top level"))
    )

    seen: set[str] = set()
    records: tuple[Site | Incident | Aggregate, ...] = (*sites, *incidents, *aggregates)
    for record in records:
        if record.id in seen:
            raise DataError(f"record id {record.id!r} appears twice")
        seen.add(record.id)
        for claim in record.claims:
            if claim.source_id not in sources:
                raise DataError(
                    f"{record.id!r} cites unknown source {claim.source_id!r}; "
                    f"known sources: {sorted(sources)}"
                )
    incident_ids = {i.id for i in incidents}
    for aggregate in aggregates:
        missing = [i for i in aggregate.incident_ids if i not in incident_ids]
        if missing:
            raise DataError(f"aggregate {aggregate.id!r} names unknown incidents {missing}")

    return Dataset(
        id=_get(meta, "id", str, "dataset"),
        title=_get(meta, "title", str, "dataset"),
        description=_optional(meta, "description", str, "dataset", ""),
        licence=_optional(meta, "licence", str, "dataset", ""),
        sources=sources,
        sites=sites,
        incidents=incidents,
        aggregates=aggregates,
    )


def _owner(item: Any, kind: str, plural: str, n: int) -> str:
    """How errors name a record: ``incident 'ly-...'``, or ``incidents[3]`` without an id."""
    if not isinstance(item, dict):
        raise DataError(f"{plural}[{n}] must be a JSON object, got {short_repr(item)}")
    ident = item.get("id")
    return f"{kind} {short_repr(ident)}" if isinstance(ident, str) else f"{plural}[{n}]"


def _parse_source(item: Any, n: int) -> Source:
    owner = _owner(item, "source", "sources", n)
    return _build(
        Source,
        owner,
        id=_get(item, "id", str, owner),
        outlet=_get(item, "outlet", str, owner),
        published=_optional_date(item.get("published"), f"{owner}: published"),
        published_precision=None
        if item.get("published_precision") is None
        else _parse_enum(
            DatePrecision, item.get("published_precision"), f"{owner}: published_precision"
        ),
        title=_optional(item, "title", str, owner, ""),
        url=_optional(item, "url", str, owner, None),
        note=_optional(item, "note", str, owner, ""),
    )


def _parse_claims(item: dict[str, Any], owner: str) -> tuple[SourceClaim, ...]:
    items = _optional(item, "claims", list, owner, [])
    claims = []
    for n, c in enumerate(items):
        where = f"{owner} claims[{n}]"
        if not isinstance(c, dict):
            raise DataError(f"{where} must be a JSON object, got {short_repr(c)}")
        claims.append(
            _build(
                SourceClaim,
                where,
                source_id=_get(c, "source_id", str, where),
                statement=_get(c, "statement", str, where),
                fatalities=_optional(c, "fatalities", int, where, None),
                quote=_optional(c, "quote", bool, where, False),
            )
        )
    return tuple(claims)


def _parse_site(item: Any, n: int) -> Site:
    owner = _owner(item, "site", "sites", n)
    return _build(
        Site,
        owner,
        id=_get(item, "id", str, owner),
        name=_get(item, "name", str, owner),
        kind=_parse_enum(SiteKind, item.get("kind"), f"{owner}: kind"),
        country_code=_get(item, "country_code", str, owner),
        lat=_get(item, "lat", (int, float), owner),
        lon=_get(item, "lon", (int, float), owner),
        coord_source=_get(item, "coord_source", str, owner),
        location_precision=_parse_enum(
            LocationPrecision, item.get("location_precision"), f"{owner}: location_precision"
        ),
        role=_optional(item, "role", str, owner, ""),
        claims=_parse_claims(item, owner),
    )


def _parse_incident(item: Any, n: int) -> Incident:
    owner = _owner(item, "incident", "incidents", n)
    precision = _parse_enum(
        LocationPrecision, item.get("location_precision"), f"{owner}: location_precision"
    )
    fat = item.get("fatalities")
    radius = _optional(item, "uncertainty_radius_km", (int, float), owner, None)
    return _build(
        Incident,
        owner,
        id=_get(item, "id", str, owner),
        event_type=_parse_enum(EventType, item.get("event_type"), f"{owner}: event_type"),
        date_start=_parse_date(item.get("date_start"), f"{owner}: date_start"),
        date_end=_parse_date(item.get("date_end"), f"{owner}: date_end"),
        date_precision=_parse_enum(
            DatePrecision, item.get("date_precision"), f"{owner}: date_precision"
        ),
        place_name=_get(item, "place_name", str, owner),
        country_code=_get(item, "country_code", str, owner),
        lat=_get(item, "lat", (int, float), owner),
        lon=_get(item, "lon", (int, float), owner),
        coord_source=_get(item, "coord_source", str, owner),
        location_precision=precision,
        uncertainty_radius_km=precision.default_radius_km if radius is None else radius,
        fatalities=None if fat is None else _parse_fatalities(fat, owner),
        actor=_optional(item, "actor", str, owner, ""),
        target=_optional(item, "target", str, owner, ""),
        platform=_optional(item, "platform", str, owner, ""),
        claims=_parse_claims(item, owner),
        notes=_optional(item, "notes", str, owner, ""),
    )


def _parse_fatalities(fat: Any, owner: str) -> Fatalities:
    values = [fat.get(k) if isinstance(fat, dict) else None for k in ("low", "best", "high")]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise DataError(
            f"{owner}: fatalities must be an object of whole numbers low/best/high, "
            f"got {short_repr(fat)}"
        )
    try:
        return Fatalities(*values)  # type: ignore[arg-type]  # whole numbers, checked above
    except DataError as exc:
        raise DataError(f"{owner}: {exc}") from None


def _parse_aggregate(item: Any, n: int) -> Aggregate:
    owner = _owner(item, "aggregate", "aggregates", n)
    ids = _optional(item, "incident_ids", list, owner, [])
    if not all(isinstance(i, str) for i in ids):
        raise DataError(
            f"{owner}: field 'incident_ids' must be a list of incident id strings, "
            f"got {short_repr(ids)}"
        )
    return _build(
        Aggregate,
        owner,
        id=_get(item, "id", str, owner),
        statement=_get(item, "statement", str, owner),
        period_start=_parse_date(item.get("period_start"), f"{owner}: period_start"),
        period_end=_parse_date(item.get("period_end"), f"{owner}: period_end"),
        place_name=_get(item, "place_name", str, owner),
        country_code=_get(item, "country_code", str, owner),
        strikes_low=_optional(item, "strikes_low", int, owner, None),
        strikes_high=_optional(item, "strikes_high", int, owner, None),
        fatalities=_optional(item, "fatalities", int, owner, None),
        incident_ids=tuple(ids),
        claims=_parse_claims(item, owner),
    )


_KIND_NAMES = {
    str: "a string",
    dict: "a JSON object",
    list: "a list",
    int: "a whole number",
    bool: "true or false",
    (int, float): "a number",
}


def _get(obj: Any, key: str, kind: type | tuple[type, ...], owner: str) -> Any:
    if not isinstance(obj, dict):
        raise DataError(f"{owner} must be a JSON object, got {short_repr(obj)}")
    if key not in obj:
        raise DataError(f"{owner}: missing field {key!r}")
    return _check(obj[key], key, kind, owner)


def _optional(obj: dict[str, Any], key: str, kind: Any, owner: str, default: Any) -> Any:
    """A field that may be missing or null (then ``default``), else of type ``kind``."""
    value = obj.get(key)
    return default if value is None else _check(value, key, kind, owner)


def _check(value: Any, key: str, kind: Any, owner: str) -> Any:
    wrong = isinstance(value, bool) and kind is not bool
    if wrong or not isinstance(value, kind):
        what = _KIND_NAMES.get(kind, "of another type")
        raise DataError(f"{owner}: field {key!r} must be {what}, got {short_repr(value)}")
    return value


def _build(record: Any, owner: str, **fields: Any) -> Any:
    """``record(**fields)``; a record that refuses a value names the record in the error."""
    try:
        return record(**fields)
    except DataError as exc:
        message = str(exc)
        if not message.lower().startswith(owner.lower()):
            message = f"{owner}: {message}"
        raise DataError(message) from None


def _parse_date(value: Any, owner: str) -> dt.date:
    if not isinstance(value, str):
        raise DataError(f"{owner}: expected a date as YYYY-MM-DD, got {short_repr(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataError(
            f"{owner}: expected a date as YYYY-MM-DD, got {short_repr(value)}"
        ) from None


def _optional_date(value: Any, owner: str) -> dt.date | None:
    return None if value is None else _parse_date(value, owner)


def _parse_enum(enum_type: Any, value: Any, owner: str) -> Any:
    try:
        return enum_type(value)
    except (ValueError, TypeError):  # TypeError: an unhashable list or object
        allowed = ", ".join(repr(m.value) for m in enum_type)
        raise DataError(f"{owner}: expected one of {allowed}, got {short_repr(value)}") from None


def check_aggregate(aggregate: Aggregate, incidents: Iterable[Incident]) -> list[str]:
    """Compare an aggregate's totals with the incidents it names; return the discrepancies.

    An empty list means the incidents account for the aggregate's figures exactly (strike
    count and fatalities) or the aggregate names too few incidents to check them.
    """
    by_id = {i.id: i for i in incidents}
    covered = [by_id[i] for i in aggregate.incident_ids if i in by_id]
    problems = []
    complete = aggregate.strikes_high is not None and len(covered) == aggregate.strikes_high
    if aggregate.strikes_high is not None and len(covered) > aggregate.strikes_high:
        problems.append(
            f"{aggregate.id}: names {len(covered)} incidents but reports at most "
            f"{aggregate.strikes_high} strikes"
        )
    if complete and aggregate.fatalities is not None:
        low = sum(i.fatalities.low for i in covered if i.fatalities)
        high = sum(i.fatalities.high for i in covered if i.fatalities)
        if not low <= aggregate.fatalities <= high:
            problems.append(
                f"{aggregate.id}: reports {aggregate.fatalities} killed but its incidents add up "
                f"to {low}–{high}"
            )
    return problems


def incidents_to_gdf(incidents: Iterable[Incident]) -> gpd.GeoDataFrame:
    """Incidents as a GeoDataFrame (EPSG:4326), one row each, ACLED-style precision columns."""
    import geopandas as gpd
    import shapely

    rows = []
    for i in incidents:
        rows.append(
            {
                "id": i.id,
                "date": i.date_label,
                "date_start": i.date_start.isoformat(),
                "date_end": i.date_end.isoformat(),
                "date_precision": i.date_precision.value,
                "event_type": i.event_type.value,
                "place": i.place_name,
                "country_code": i.country_code,
                "location_precision": i.location_precision.value,
                "geo_precision": i.location_precision.acled_geo_precision,
                "time_precision": i.date_precision.acled_time_precision,
                "uncertainty_radius_km": float(i.uncertainty_radius_km),
                "fatalities_low": i.fatalities.low if i.fatalities else None,
                "fatalities_best": i.fatalities.best if i.fatalities else None,
                "fatalities_high": i.fatalities.high if i.fatalities else None,
                "actor": i.actor,
                "target": i.target,
                "sources": len(i.source_ids),
                "coord_source": i.coord_source,
                "geometry": shapely.Point(i.lon, i.lat),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def sites_to_gdf(sites: Iterable[Site]) -> gpd.GeoDataFrame:
    """Sites as a GeoDataFrame (EPSG:4326)."""
    import geopandas as gpd
    import shapely

    rows = [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind.value,
            "country_code": s.country_code,
            "role": s.role,
            "coord_source": s.coord_source,
            "geometry": shapely.Point(s.lon, s.lat),
        }
        for s in sites
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def claims_frame(dataset: Dataset, record: Incident | Site | Aggregate) -> pd.DataFrame:
    """One row per source claim of a record: outlet, publication date, figure, statement."""
    import pandas as pd

    rows = []
    for claim in record.claims:
        source = dataset.sources[claim.source_id]
        rows.append(
            {
                "outlet": source.outlet,
                "published": None if source.published is None else source.published.isoformat(),
                "published_precision": None
                if source.published_precision is None
                else source.published_precision.value,
                "killed": claim.fatalities,
                "statement": claim.statement,
                "quote": claim.quote,
                "source_id": source.id,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "outlet",
            "published",
            "published_precision",
            "killed",
            "statement",
            "quote",
            "source_id",
        ],
    )


def incident_near(dataset: Dataset, lat: float, lon: float, *, within_km: float) -> list[Incident]:
    """The incidents drawn at the representative point nearest to ``(lat, lon)``.

    Several incidents can share one point (two strikes on the same town): all of them are
    returned. Nothing is returned when the nearest point is farther than ``within_km``.
    """
    scored = [(geodesic_distance((lat, lon), (i.lat, i.lon)).km, i) for i in dataset.incidents]
    if not scored:
        return []
    closest = min(d for d, _ in scored)
    if closest > within_km:
        return []
    return [i for d, i in scored if d <= closest + 1e-6]


def metres_per_pixel(lat: float, zoom: float) -> float:
    """Ground size of one Web Mercator screen pixel at a latitude and zoom level.

    Examples
    --------
    >>> round(metres_per_pixel(0.0, 0))
    156543
    """
    return 156_543.034 * math.cos(math.radians(lat)) / 2**zoom


def aggregates_frame(dataset: Dataset) -> pd.DataFrame:
    """One row per aggregate statement, with the result of checking it against its incidents."""
    import pandas as pd

    rows = []
    for a in dataset.aggregates:
        problems = check_aggregate(a, dataset.incidents)
        if problems:
            check = "; ".join(problems)
        elif a.incident_ids:
            check = f"consistent with {len(a.incident_ids)} recorded incident(s)"
        else:
            check = "no individual incidents recorded"
        strikes = (
            f"≤{a.strikes_high}"
            if a.strikes_low is None and a.strikes_high is not None
            else ("" if a.strikes_high is None else str(a.strikes_high))
        )
        rows.append(
            {
                "period": f"{a.period_start.isoformat()} to {a.period_end.isoformat()}",
                "place": a.place_name,
                "statement": a.statement,
                "strikes": strikes,
                "killed": a.fatalities,
                "check": check,
                "sources": ", ".join(dataset.sources[c.source_id].outlet for c in a.claims),
            }
        )
    return pd.DataFrame(
        rows, columns=["period", "place", "statement", "strikes", "killed", "check", "sources"]
    )
