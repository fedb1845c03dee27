"""Load a curated dataset (sources, sites, incidents, aggregates) from its JSON file.

The embedded default is ``data/default/libya_2019.json``, the founding case. A dataset file is
checked as a whole: every claim must cite a known source, ids must be unique, aggregates must
name incidents that exist.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo.distance import geodesic_distance
from geo.errors import DataError
from geo.model import (
    Aggregate,
    DatePrecision,
    Fatalities,
    Incident,
    LocationPrecision,
    Site,
    SiteKind,
    Source,
    SourceClaim,
)

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

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
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
        If the file is missing, is not JSON, or any record is invalid; the message names the
        file and the record.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"dataset file {str(path)!r} does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"dataset file {str(path)!r} is not valid UTF-8 JSON: {exc}") from None
    try:
        return _parse_dataset(raw)
    except DataError as exc:
        raise DataError(f"{path.name}: {exc}") from None


def _parse_dataset(raw: Any) -> Dataset:
    if not isinstance(raw, dict):
        raise DataError("top level must be a JSON object")
    meta = _get(raw, "dataset", dict, "top level")
    sources = {}
    for item in _get(raw, "sources", list, "top level"):
        source = Source(
            id=_get(item, "id", str, "source"),
            outlet=_get(item, "outlet", str, "source"),
            published=_parse_date(item.get("published"), f"source {item.get('id')!r}"),
            published_precision=_parse_enum(
                DatePrecision, item.get("published_precision"), "published_precision"
            ),
            title=item.get("title") or "",
            url=item.get("url"),
            note=item.get("note") or "",
        )
        if source.id in sources:
            raise DataError(f"source id {source.id!r} appears twice")
        sources[source.id] = source

    sites = tuple(_parse_site(item) for item in _get(raw, "sites", list, "top level"))
    incidents = tuple(_parse_incident(item) for item in _get(raw, "incidents", list, "top level"))
    aggregates = tuple(
        _parse_aggregate(item) for item in _get(raw, "aggregates", list, "top level")
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
        description=meta.get("description", ""),
        licence=meta.get("licence", ""),
        sources=sources,
        sites=sites,
        incidents=incidents,
        aggregates=aggregates,
    )


def _parse_claims(items: Any, owner: str) -> tuple[SourceClaim, ...]:
    if not isinstance(items, list):
        raise DataError(f"{owner}: 'claims' must be a list, got {items!r}")
    return tuple(
        SourceClaim(
            source_id=_get(c, "source_id", str, f"{owner} claim"),
            statement=_get(c, "statement", str, f"{owner} claim"),
            fatalities=c.get("fatalities"),
            quote=bool(c.get("quote", False)),
        )
        for c in items
    )


def _parse_site(item: Any) -> Site:
    owner = f"site {item.get('id')!r}" if isinstance(item, dict) else "site"
    return Site(
        id=_get(item, "id", str, "site"),
        name=_get(item, "name", str, owner),
        kind=_parse_enum(SiteKind, item.get("kind"), f"{owner}: kind"),
        country_code=_get(item, "country_code", str, owner),
        lat=_get(item, "lat", (int, float), owner),
        lon=_get(item, "lon", (int, float), owner),
        coord_source=_get(item, "coord_source", str, owner),
        location_precision=_parse_enum(
            LocationPrecision, item.get("location_precision"), f"{owner}: location_precision"
        ),
        role=item.get("role", ""),
        claims=_parse_claims(item.get("claims", []), owner),
    )


def _parse_incident(item: Any) -> Incident:
    owner = f"incident {item.get('id')!r}" if isinstance(item, dict) else "incident"
    precision = _parse_enum(
        LocationPrecision, item.get("location_precision"), f"{owner}: location_precision"
    )
    fat = item.get("fatalities")
    return Incident(
        id=_get(item, "id", str, "incident"),
        event_type=_get(item, "event_type", str, owner),
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
        uncertainty_radius_km=item.get("uncertainty_radius_km") or precision.default_radius_km,
        fatalities=None if fat is None else _parse_fatalities(fat, owner),
        actor=item.get("actor", ""),
        target=item.get("target", ""),
        platform=item.get("platform", ""),
        claims=_parse_claims(item.get("claims", []), owner),
        notes=item.get("notes", ""),
    )


def _parse_fatalities(fat: Any, owner: str) -> Fatalities:
    values = [fat.get(k) if isinstance(fat, dict) else None for k in ("low", "best", "high")]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise DataError(
            f"{owner}: fatalities must be an object of whole numbers low/best/high, got {fat!r}"
        )
    try:
        return Fatalities(*(int(v) for v in values if v is not None))
    except DataError as exc:
        raise DataError(f"{owner}: {exc}") from None


def _parse_aggregate(item: Any) -> Aggregate:
    owner = f"aggregate {item.get('id')!r}" if isinstance(item, dict) else "aggregate"
    return Aggregate(
        id=_get(item, "id", str, "aggregate"),
        statement=_get(item, "statement", str, owner),
        period_start=_parse_date(item.get("period_start"), f"{owner}: period_start"),
        period_end=_parse_date(item.get("period_end"), f"{owner}: period_end"),
        place_name=_get(item, "place_name", str, owner),
        country_code=_get(item, "country_code", str, owner),
        strikes_low=item.get("strikes_low"),
        strikes_high=item.get("strikes_high"),
        fatalities=item.get("fatalities"),
        incident_ids=tuple(item.get("incident_ids", [])),
        claims=_parse_claims(item.get("claims", []), owner),
    )


def _get(obj: Any, key: str, kind: type | tuple[type, ...], owner: str) -> Any:
    if not isinstance(obj, dict):
        raise DataError(f"{owner} must be a JSON object, got {obj!r}")
    if key not in obj:
        raise DataError(f"{owner}: missing field {key!r}")
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise DataError(f"{owner}: field {key!r} has the wrong type, got {value!r}")
    return value


def _parse_date(value: Any, owner: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DataError(f"{owner}: expected a date as YYYY-MM-DD, got {value!r}") from None


def _parse_enum(enum_type: Any, value: Any, owner: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in enum_type)
        raise DataError(f"{owner}: expected one of {allowed}, got {value!r}") from None


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
    rows = []
    for i in incidents:
        rows.append(
            {
                "id": i.id,
                "date": i.date_label,
                "date_start": i.date_start.isoformat(),
                "date_end": i.date_end.isoformat(),
                "date_precision": i.date_precision.value,
                "event_type": i.event_type,
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
    rows = []
    for claim in record.claims:
        source = dataset.sources[claim.source_id]
        rows.append(
            {
                "outlet": source.outlet,
                "published": source.published.isoformat(),
                "published_precision": source.published_precision.value,
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
