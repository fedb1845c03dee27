"""Load a curated dataset (sources, sites, incidents, aggregates) from its JSON file.

The embedded default is ``data/default/libya_2019.json``, the founding case. A dataset file is
checked as a whole: every claim must cite a known source, ids must be unique, aggregates must
name incidents that exist.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer.errors import DataError
from gazetteer.geodesy import geodesic_distance
from gazetteer.resources import data_path
from gazetteer.serialization import JsonRecord, from_json, json_options
from gazetteer.untrusted import load_json, printable, short_repr
from geo.io.files import read_input, write_atomic
from geo.model.records import (
    Aggregate,
    DistanceClaim,
    Incident,
    LocationPrecision,
    Site,
    Source,
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
    "dataset_from_json",
    "dataset_text",
    "dataset_to_json",
    "incident_near",
    "incidents_to_gdf",
    "load_dataset",
    "load_default_dataset",
    "metres_per_pixel",
    "save_dataset",
    "sites_to_gdf",
]

DATA_DIR = data_path()
DEFAULT_DATASET_PATH = DATA_DIR / "default" / "libya_2019.json"


@dataclass(frozen=True, slots=True)
class Dataset:
    """A curated set of records with the sources they cite.

    ``curated`` (when) and ``curation_note`` (how) describe the curation, as the file's
    ``dataset`` object does; a dataset made by a program leaves them empty.
    """

    id: str
    title: str
    description: str
    licence: str
    sources: Mapping[str, Source]
    sites: tuple[Site, ...]
    incidents: tuple[Incident, ...]
    aggregates: tuple[Aggregate, ...]
    curated: str = ""
    curation_note: str = ""
    #: Distances the sources state between places (checked when a store seeds the dataset).
    distance_claims: tuple[DistanceClaim, ...] = ()

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


@dataclass(frozen=True, slots=True)
class _About(JsonRecord):
    """The file's ``dataset`` object, in the order it is written."""

    id: str
    title: str
    description: str = ""
    curated: str = field(default="", metadata=json_options(omit_default=True))
    curation_note: str = field(default="", metadata=json_options(omit_default=True))
    licence: str = ""


#: The sections of a dataset file after ``dataset``, with their record types.
_SECTIONS: tuple[tuple[str, str, type[Source | Site | Incident | Aggregate]], ...] = (
    ("sources", "source", Source),
    ("sites", "site", Site),
    ("incidents", "incident", Incident),
    ("aggregates", "aggregate", Aggregate),
)


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
    data = read_input(path, f"dataset file {shown}", folder_hint="; give the JSON file in it")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"dataset file {shown} is not valid UTF-8 JSON: {exc}") from None
    raw = load_json(text, f"dataset file {shown}")
    try:
        return dataset_from_json(raw)
    except DataError as exc:
        raise DataError(f"{printable(path.name)}: {exc}") from None


def dataset_from_json(raw: Any) -> Dataset:
    """A dataset from the JSON value of a dataset file, checked as a whole.

    Each record is read by its fields (:func:`gazetteer.serialization.from_json`) and
    validates itself; then every claim must cite a known source, ids must be unique and
    aggregates must name incidents that exist.

    Raises
    ------
    DataError
        If anything is malformed; the message names the record, the field and the value.
    """
    if not isinstance(raw, dict):
        raise DataError("top level must be a JSON object")
    about = from_json(_About, _section(raw, "dataset", dict), owner="dataset")
    loaded: dict[str, list[Any]] = {}
    for section, kind, record in _SECTIONS:
        items = _section(raw, section, list)
        if record is Incident:
            items = [_with_default_radius(item) for item in items]
        loaded[section] = [
            from_json(record, item, owner=_owner(item, kind, section, n))
            for n, item in enumerate(items)
        ]
    sources: dict[str, Source] = {}
    for source in loaded["sources"]:
        if source.id in sources:
            raise DataError(f"source id {source.id!r} appears twice")
        sources[source.id] = source
    sites, incidents, aggregates = (tuple(loaded[s]) for s in ("sites", "incidents", "aggregates"))
    # optional: a file without distance claims leaves the section out
    distance_claims = tuple(
        from_json(DistanceClaim, item, owner=_owner(item, "distance claim", "distance_claims", n))
        for n, item in enumerate(
            _section(raw, "distance_claims", list) if "distance_claims" in raw else []
        )
    )

    seen: set[str] = set()
    records: tuple[Site | Incident | Aggregate | DistanceClaim, ...] = (
        *sites,
        *incidents,
        *aggregates,
        *distance_claims,
    )
    for item in records:
        if item.id in seen:
            raise DataError(f"record id {item.id!r} appears twice")
        seen.add(item.id)
        for claim in item.claims:
            if claim.source_id not in sources:
                raise DataError(
                    f"{item.id!r} cites unknown source {claim.source_id!r}; "
                    f"known sources: {sorted(sources)}"
                )
    incident_ids = {i.id for i in incidents}
    for aggregate in aggregates:
        missing = [i for i in aggregate.incident_ids if i not in incident_ids]
        if missing:
            raise DataError(f"aggregate {aggregate.id!r} names unknown incidents {missing}")

    return Dataset(
        id=about.id,
        title=about.title,
        description=about.description,
        licence=about.licence,
        sources=sources,
        sites=sites,
        incidents=incidents,
        aggregates=aggregates,
        curated=about.curated,
        curation_note=about.curation_note,
        distance_claims=distance_claims,
    )


def dataset_to_json(dataset: Dataset) -> dict[str, Any]:
    """The JSON value of a dataset file: the inverse of :func:`dataset_from_json`."""
    about = _About(
        id=dataset.id,
        title=dataset.title,
        description=dataset.description,
        curated=dataset.curated,
        curation_note=dataset.curation_note,
        licence=dataset.licence,
    )
    return {
        "dataset": about.as_dict(),
        "sources": [s.as_dict() for s in dataset.sources.values()],
        "sites": [s.as_dict() for s in dataset.sites],
        "incidents": [i.as_dict() for i in dataset.incidents],
        "aggregates": [a.as_dict() for a in dataset.aggregates],
        **(
            {"distance_claims": [c.as_dict() for c in dataset.distance_claims]}
            if dataset.distance_claims
            else {}
        ),
    }


def dataset_text(dataset: Dataset) -> str:
    """A dataset file's text, laid out as ``data/default/libya_2019.json`` is.

    Indented by two spaces, except that a list or object inside a record that holds only
    plain values (a claim, a toll, a list of ids) takes one line. Loading the embedded
    dataset and writing it again gives its file byte for byte.
    """
    return _layout(dataset_to_json(dataset), 0) + "\n"


def save_dataset(dataset: Dataset, path: str | Path) -> Path:
    """Write a dataset file (see :func:`dataset_text`) atomically; returns the path."""
    return write_atomic(path, dataset_text(dataset))


def _layout(value: Any, depth: int) -> str:
    """JSON text of ``value`` at nesting ``depth`` (0: the file; 2: a record)."""
    flat = not any(isinstance(v, dict | list) for v in _members(value))
    if not isinstance(value, dict | list) or (depth >= 3 and flat) or not value:
        return json.dumps(value, ensure_ascii=False)
    pad = "  " * (depth + 1)
    if isinstance(value, dict):
        parts = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {_layout(v, depth + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(parts) + "\n" + "  " * depth + "}"
    parts = [f"{pad}{_layout(v, depth + 1)}" for v in value]
    return "[\n" + ",\n".join(parts) + "\n" + "  " * depth + "]"


def _members(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.values())
    return list(value) if isinstance(value, list) else []


def _section(raw: dict[str, Any], key: str, kind: type) -> Any:
    if key not in raw:
        raise DataError(f"top level: missing field {key!r}")
    value = raw[key]
    if not isinstance(value, kind):
        what = "a JSON object" if kind is dict else "a list"
        raise DataError(f"top level: field {key!r} must be {what}, got {short_repr(value)}")
    return value


def _owner(item: Any, kind: str, plural: str, n: int) -> str:
    """How errors name a record: ``incident 'ly-...'``, or ``incidents[3]`` without an id."""
    if not isinstance(item, dict):
        raise DataError(f"{plural}[{n}] must be a JSON object, got {short_repr(item)}")
    ident = item.get("id")
    return f"{kind} {short_repr(ident)}" if isinstance(ident, str) else f"{plural}[{n}]"


def _with_default_radius(item: Any) -> Any:
    """An incident without ``uncertainty_radius_km`` gets its location precision's default."""
    if not isinstance(item, dict) or item.get("uncertainty_radius_km") is not None:
        return item
    try:
        precision = LocationPrecision(item.get("location_precision"))
    except (ValueError, TypeError):
        return item  # reading the record names the bad precision
    return {**item, "uncertainty_radius_km": precision.default_radius_km}


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
