"""Exports of incidents, sites and their geometry: GeoJSON, CSV, GeoPackage and KML.

The incidents come from the incident database (:func:`collect_from_store`) or a curated
dataset file (:func:`collect_from_dataset`), optionally narrowed by an
:class:`~geo.model.filters.IncidentFilter`; the result is an :class:`ExportData`. Each
format is rendered by a ``render_*`` function (:func:`render_geojson`, :func:`render_csv`
here, :func:`geo.io.kml.render_kml`, :func:`geo.io.gpkg.render_gpkg`) and
:func:`export_incidents` writes one to a file atomically (:func:`geo.io.files.write_atomic`).

Every format carries the same facts for each incident (``id``, the date range and its
precision, event type, place, country and first-level division, location precision with its
radius in km, fatalities low/best/high, status, confidence (how likely the incident is a real
strike, :func:`geo.store.linking.incident_confidence`), an analyst's review verdict
(``accepted``, ``rejected`` or empty), actor, target, platform, the nearest launch
site with its geodesic distance in km and miles, and every source claim: outlet, publication
date, URL, the quoted sentences and what the source said). Conventions:

* **Coordinates** are WGS-84 longitude/latitude in decimal degrees, rounded to
  :data:`COORDINATE_DECIMALS` places (about 1.1 m); uncertainty radii to 0.1 km;
  distances are geodesic (WGS-84) in km and statute miles, rounded to 0.1.
* **Deterministic**: the same input gives the same bytes (rows sorted by date then id, keys
  sorted, no timestamps; the GeoPackage's own timestamps are fixed).
* **Nothing is left out silently**: an incident without a place has no point and is listed,
  with the reason, in :attr:`ExportData.left_out`.
* **GeoJSON** follows RFC 7946: a FeatureCollection without ``crs``, ``[lon, lat]``
  positions, a ``kind`` property (``incident``, ``base``, ``headquarters``,
  ``uncertainty_area``); uncertainty areas are geodesic circles cut at the antimeridian
  (:mod:`geo.maps.areas`).
* **CSV** uses ACLED's column names and precision codes where they mean the same thing, then
  columns of its own; ``sources`` holds the source claims as JSON, so that the file can be
  imported back without loss (:mod:`geo.io.imports`).
* **KML** gives each incident a ``TimeSpan`` (Google Earth's time slider); report text is
  escaped for XML, and for HTML in the balloon.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer.errors import DataError, InvalidQueryError, StrikemapError
from geo.io.acled import ACLED_COLUMNS, acled_event_types, iso_countries
from geo.io.tabular import (
    COORDINATE_DECIMALS,
    ExportTable,
    area_count,
    coordinate,
    export_metadata,
    in_bulk,
    json_bytes,
    tenth,
    utf8,
)
from geo.model.filters import IncidentFilter
from geo.model.records import Aggregate, Site, Source, SourceClaim
from geo.store.database import (
    ArticleOrigin,
    LeftOut,
    StoredAggregate,
    StoredClaim,
    StoredIncident,
)

if TYPE_CHECKING:
    from geo.io.dataset import Dataset
    from geo.store.database import IncidentStore

__all__ = [
    "COORDINATE_DECIMALS",
    "CSV_COLUMNS",
    "ExportAggregate",
    "ExportData",
    "ExportFormat",
    "ExportResult",
    "collect_from_dataset",
    "collect_from_store",
    "export_incidents",
    "incidents_from_dataset",
    "render_csv",
    "render_export",
    "render_geojson",
]

#: Our columns after ACLED's: what ACLED lacks, and what a lossless import needs.
OWN_COLUMNS = (
    "strikemap_event_type",
    "date_start",
    "date_end",
    "date_precision",
    "country_code",
    "location_precision",
    "uncertainty_radius_km",
    "place_id",
    "place_anchor",
    "place_offset_km",
    "place_bearing_deg",
    "place_reason",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "status",
    "confidence",
    "review",
    "conflicts",
    "platform",
    "strikemap_notes",
    "nearest_launch_site_id",
    "nearest_launch_site",
    "nearest_launch_site_km",
    "nearest_launch_site_mi",
    "outlets",
    "sources",
)

#: The CSV export's header.
CSV_COLUMNS = ACLED_COLUMNS + OWN_COLUMNS
# OWN_COLUMNS from date_start to status are the row's fields of the same names
_OWN_FROM_ROW = OWN_COLUMNS[1 : OWN_COLUMNS.index("conflicts")]
_acled_types = functools.lru_cache(maxsize=256)(acled_event_types)


class ExportFormat(enum.Enum):
    """A file format to export to."""

    GEOJSON = "geojson"
    CSV = "csv"
    GPKG = "gpkg"
    KML = "kml"

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File name endings that name this format (the first is the usual one)."""
        return {
            ExportFormat.GEOJSON: (".geojson", ".json"),
            ExportFormat.CSV: (".csv",),
            ExportFormat.GPKG: (".gpkg",),
            ExportFormat.KML: (".kml",),
        }[self]

    @classmethod
    def parse(cls, value: ExportFormat | str | None, path: str | os.PathLike[str]) -> ExportFormat:
        """The format named by ``value``, else by the file name's ending.

        Raises
        ------
        InvalidQueryError
            For an unknown format, or no format and a file name that names none.
        """
        if isinstance(value, ExportFormat):
            return value
        choices = ", ".join(f.value for f in cls)
        if value is not None:
            try:
                return cls(value.strip().lower())
            except ValueError:
                raise InvalidQueryError(
                    f"the format must be one of {choices}, got {value!r}"
                ) from None
        suffix = Path(path).suffix.lower()
        for fmt in cls:
            if suffix in fmt.suffixes:
                return fmt
        raise InvalidQueryError(
            f"cannot tell the format from the file name {str(path)!r}; give --format "
            f"({choices}) or end the name in .geojson, .csv, .gpkg or .kml"
        )


@dataclass(frozen=True, slots=True)
class ExportAggregate:
    """An aggregate statement as exported: a tally of many events, never one incident.

    "Four strikes over ten days killed 43": the period, place and country it covers, the
    strike count and toll as ranges (``None``: not stated), the incidents it names where
    they are recorded one by one, how their figures compare (``check``) and the sources that
    make the statement, each with what it said (``quote``: in the source's own words).
    """

    id: str
    statement: str
    period_start: dt.date | None
    period_end: dt.date | None
    place_name: str
    country_code: str
    strikes_low: int | None = None
    strikes_high: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    incident_ids: tuple[str, ...] = ()
    check: str = ""
    sources: tuple[tuple[Source, SourceClaim], ...] = ()

    def __post_init__(self) -> None:
        for name in ("id", "statement"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise DataError(f"aggregate {name} must be non-empty text, got {value!r}")
        if (
            self.period_start is not None
            and self.period_end is not None
            and self.period_end < self.period_start
        ):
            raise DataError(
                f"aggregate {self.id!r}: period_end {self.period_end} is before period_start "
                f"{self.period_start}"
            )

    @classmethod
    def from_stored(cls, stored: StoredAggregate) -> ExportAggregate:
        """A statement the database holds (an article's tally), as ``aggregate-<claim id>``."""
        a, article = stored.aggregate, stored.article
        source = article.source
        said = SourceClaim(source.id, a.sentence.text, quote=article.origin is ArticleOrigin.INGEST)
        return cls(
            id=f"aggregate-{stored.id}",
            statement=a.sentence.text,
            **a.tally(),
            incident_ids=stored.covers_incidents,
            check=stored.check,
            sources=((source, said),),
        )

    @classmethod
    def from_dataset(cls, aggregate: Aggregate, dataset: Dataset) -> ExportAggregate:
        """A curated dataset's aggregate with every source claim it cites."""
        from geo.io.dataset import check_aggregate

        problems = check_aggregate(aggregate, dataset.incidents)
        if problems:
            check = "; ".join(problems)
        elif aggregate.incident_ids:
            n = len(aggregate.incident_ids)
            check = f"names {n} incident{'' if n == 1 else 's'}; no discrepancy found"
        else:
            check = "names no incident recorded one by one"
        return cls(
            id=aggregate.id,
            statement=aggregate.statement,
            **aggregate.tally(),
            incident_ids=aggregate.incident_ids,
            check=check,
            sources=tuple(
                (dataset.sources[c.source_id], c)
                for c in aggregate.claims
                if c.source_id in dataset.sources
            ),
        )

    def matches(self, chosen: IncidentFilter, exported: set[str] | frozenset[str]) -> bool:
        """Whether the statement belongs in an export made with this filter.

        Its period must overlap the filter's dates (a statement without a period is left
        out of a filter by date) and its country be among the filter's countries; a filter
        by actor, event type, status or division (which a tally does not state) keeps the statements
        that name at least one exported incident.
        """
        first = self.period_start or self.period_end
        last = self.period_end or self.period_start
        if chosen.since is not None and (last is None or last < chosen.since):
            return False
        if chosen.until is not None and (first is None or first > chosen.until):
            return False
        if chosen.countries and self.country_code not in chosen.countries:
            return False
        if chosen.actors or chosen.event_types or chosen.statuses or chosen.divisions:
            return any(i in exported for i in self.incident_ids)
        return True


def _sorted_aggregates(aggregates: Iterable[ExportAggregate]) -> tuple[ExportAggregate, ...]:
    return tuple(
        sorted(
            aggregates,
            key=lambda a: (
                a.period_start is None,
                a.period_start or dt.date.min,
                a.period_end or dt.date.min,
                a.id,
            ),
        )
    )


@dataclass(frozen=True, slots=True)
class ExportData:
    """What an export holds: incidents, the sites to measure against, and what was left out.

    ``incidents`` are sorted by date then id; ``total`` counts the incidents before the
    filter; ``left_out`` names those that could not be exported (no place), with the reason.
    ``aggregates`` are the statements about many events at once that match the filter
    (sorted by period then id): GeoPackage and KML carry them, GeoJSON when asked, CSV never
    (one row per incident).
    """

    incidents: tuple[StoredIncident, ...]
    sites: tuple[Site, ...] = ()
    site_sources: Mapping[str, Source] = field(default_factory=dict)
    left_out: tuple[LeftOut, ...] = ()
    incident_filter: IncidentFilter = field(default_factory=IncidentFilter)
    total: int = 0
    aggregates: tuple[ExportAggregate, ...] = ()

    @property
    def launch_sites(self) -> tuple[Site, ...]:
        """Sites strikes can be flown from (not headquarters)."""
        return tuple(s for s in self.sites if s.kind.launches_aircraft)


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What :func:`export_incidents` wrote."""

    path: Path
    format: ExportFormat
    incidents: int
    sites: int
    areas: int
    left_out: tuple[LeftOut, ...]
    total: int
    bytes: int
    aggregates: int = 0
    aggregates_not_written: int = 0  # matching aggregate statements this file leaves out

    def summary(self) -> str:
        """One line: ``wrote out.geojson (5 incidents, 6 sites; geojson, 12,345 bytes)``.

        Aggregate statements the file does not hold are counted, with where to find them.
        """
        matched = (
            f"{self.incidents} of {self.total} incidents"
            if self.total != self.incidents + len(self.left_out)
            else f"{self.incidents} incidents"
        )
        sites = "" if self.format is ExportFormat.CSV else f", {self.sites} sites"
        aggregates = f", {_statements(self.aggregates)}" if self.aggregates else ""
        areas = f", {self.areas} uncertainty areas" if self.areas else ""
        missing = f"; {len(self.left_out)} left out (see above)" if self.left_out else ""
        if self.aggregates_not_written:
            where = (
                "one row per incident"
                if self.format is ExportFormat.CSV
                else "--aggregates adds them"
            )
            missing += f"; {_statements(self.aggregates_not_written)} not written ({where})"
        return (
            f"wrote {self.path} ({matched}{sites}{aggregates}{areas}; {self.format.value}, "
            f"{self.bytes:,} bytes{missing})"
        )


def _statements(n: int) -> str:
    return f"{n} aggregate statement{'' if n == 1 else 's'}"


# --- collecting ------------------------------------------------------------------------------


def _sorted(incidents: Iterable[StoredIncident]) -> tuple[StoredIncident, ...]:
    return tuple(sorted(incidents, key=lambda i: (i.date_start, i.date_end, i.id)))


def _placed(
    incidents: Iterable[StoredIncident],
) -> tuple[list[StoredIncident], list[LeftOut]]:
    kept, left_out = [], []
    for incident in incidents:
        if incident.place is None:
            left_out.append(LeftOut("incident", incident.id, "no place: its reports name none"))
        else:
            kept.append(incident)
    return kept, left_out


def collect_from_store(
    store: IncidentStore,
    *,
    sites: Sequence[Site] | None = None,
    site_sources: Mapping[str, Source] | None = None,
    incident_filter: IncidentFilter | None = None,
) -> ExportData:
    """The database's incidents (as analysts corrected them) that match the filter.

    ``sites`` default to the curated bases and headquarters of the default dataset, as on
    the map (the database holds no sites); give a sites file's
    (:func:`geo.io.sites.load_sites`) to measure against others.
    """
    if sites is None:
        from geo.io.dataset import load_default_dataset

        default = load_default_dataset()
        sites, site_sources = default.sites, default.sources
    chosen = incident_filter or IncidentFilter()
    everything = store.incidents()
    placed, left_out = _placed(chosen.apply(everything))
    return _export_data(
        _sorted(placed),
        chosen,
        sites=sites,
        site_sources=site_sources,
        total=len(everything),
        aggregates=[ExportAggregate.from_stored(a) for a in store.aggregates()],
        left_out=left_out,
    )


def _export_data(
    incidents: tuple[StoredIncident, ...],
    chosen: IncidentFilter,
    *,
    sites: Sequence[Site],
    site_sources: Mapping[str, Source] | None,
    total: int,
    aggregates: Iterable[ExportAggregate],
    left_out: Iterable[LeftOut] = (),
) -> ExportData:
    """The export of these (filtered, sorted) incidents, with the statements the filter keeps."""
    exported = {i.id for i in incidents}
    return ExportData(
        incidents=incidents,
        sites=tuple(sorted(sites, key=lambda s: s.id)),
        site_sources=dict(site_sources or {}),
        left_out=tuple(left_out),
        incident_filter=chosen,
        total=total,
        aggregates=_sorted_aggregates(a for a in aggregates if a.matches(chosen, exported)),
    )


def collect_from_dataset(
    dataset: Dataset,
    *,
    sites: Sequence[Site] | None = None,
    site_sources: Mapping[str, Source] | None = None,
    incident_filter: IncidentFilter | None = None,
) -> ExportData:
    """A curated dataset's incidents that match the filter, and its sites.

    ``sites`` (with the ``site_sources`` they cite) replace the dataset's own sites, for
    example those of a sites file (:func:`geo.io.sites.load_sites`).
    """
    chosen = incident_filter or IncidentFilter()
    incidents = incidents_from_dataset(dataset)
    if sites is None:
        sites, site_sources = dataset.sites, dataset.sources
    return _export_data(
        _sorted(chosen.apply(incidents)),
        chosen,
        sites=sites,
        site_sources=site_sources,
        total=len(incidents),
        aggregates=[ExportAggregate.from_dataset(a, dataset) for a in dataset.aggregates],
    )


def incidents_from_dataset(dataset: Dataset) -> list[StoredIncident]:
    """A dataset's incidents as the database holds them once seeded with it.

    The articles, places and claims are :func:`geo.store.database.seeding`'s, the mapping
    :meth:`~geo.store.IncidentStore.seed` stores; the status and conflicts come from linking
    the claims (one source, or several agreeing or disagreeing). The curated fatalities range
    and notes are kept as they are. Claims are numbered ``article * 100,000 + index``.
    """
    from geo.store.database import seeding
    from geo.store.linking import LinkedClaim, derive

    plan = seeding(dataset)
    out = []
    for incident, place, pairs in plan.incidents:
        claims = sorted(
            (
                StoredClaim(
                    claim=claim,
                    id=plan.articles[source_id].id * 100_000 + claim.index,
                    article=plan.articles[source_id],
                )
                for source_id, claim in pairs
            ),
            key=lambda c: (c.article.published, c.article.id, c.claim.index),
        )
        derived = derive(
            [
                LinkedClaim(
                    c.id, c.article.id, c.article.outlet, c.claim, published=c.article.published
                )
                for c in claims
            ]
        )
        # the place and date the seed sets, and the curated toll (claims may give none)
        derived = replace(
            derived,
            place=place,
            date_start=incident.date_start,
            date_end=incident.date_end,
            date_precision=incident.date_precision,
            fatalities=incident.fatalities,
        )
        out.append(
            StoredIncident.from_derived(
                derived, id=incident.id, claims=tuple(claims), notes=incident.notes
            )
        )
    return out


# --- GeoJSON ---------------------------------------------------------------------------------


def _geometry_json(geom: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    def rounded(value: Any) -> Any:
        if isinstance(value, tuple | list):
            if value and isinstance(value[0], float | int):
                return [coordinate(v) for v in value]
            return [rounded(v) for v in value]
        return value

    raw = mapping(geom)
    return {"type": raw["type"], "coordinates": rounded(raw["coordinates"])}


def render_geojson(data: ExportData, *, areas: bool = False, aggregates: bool = False) -> str:
    """The export as an RFC 7946 FeatureCollection, one feature per line.

    Incidents are ``Point`` features (``kind`` ``incident``), then bases and headquarters
    (``kind`` ``base`` or ``headquarters``), then, with ``aggregates``, each aggregate
    statement (``kind`` ``aggregate``, with a ``null`` geometry: a tally of many events has
    no one point; its ``incident_ids`` name the incidents it covers), then, with ``areas``,
    each imprecisely placed incident's uncertainty area (``kind`` ``uncertainty_area``, a
    ``Polygon`` or, cut at the antimeridian, a ``MultiPolygon``). Aggregates are asked for
    because an import reads incidents back, not aggregates: without them, export, import
    and export again give the same bytes.
    """
    return _geojson_bytes(data, areas=areas, aggregates=aggregates).decode("utf-8")


@in_bulk
def _geojson_bytes(data: ExportData, *, areas: bool, aggregates: bool = False) -> bytes:
    """:func:`render_geojson` as UTF-8 bytes, built as bytes (no decoding and re-encoding)."""
    table = ExportTable(data)
    lines = []
    for k, incident in enumerate(data.incidents):
        feature = {
            "type": "Feature",
            "id": incident.id,
            "geometry": {"type": "Point", "coordinates": list(table.lon_lat(k))},
            "properties": table.row(k),
        }
        lines.append(json_bytes(feature))
    for site in data.sites:
        feature = {
            "type": "Feature",
            "id": site.id,
            "geometry": {
                "type": "Point",
                "coordinates": [coordinate(site.lon), coordinate(site.lat)],
            },
            "properties": table.site_row(site),
        }
        lines.append(json_bytes(feature))
    if aggregates:
        for aggregate in data.aggregates:
            statement: dict[str, Any] = {
                "type": "Feature",
                "id": aggregate.id,
                "geometry": None,
                "properties": table.aggregate_row(aggregate),
            }
            lines.append(json_bytes(statement))
    if areas:
        for k, polygon in table.areas():
            incident = data.incidents[k]
            assert incident.place is not None
            feature = {
                "type": "Feature",
                "id": f"{incident.id}/uncertainty",
                "geometry": _geometry_json(polygon),
                "properties": {
                    "kind": "uncertainty_area",
                    "incident_id": incident.id,
                    "place_name": incident.place.name,
                    "location_precision": incident.place.precision.value,
                    "uncertainty_radius_km": tenth(incident.place.radius_km),
                },
            }
            lines.append(json_bytes(feature))
    head = b'{"type":"FeatureCollection","strikemap":' + json_bytes(export_metadata(data))
    body = b",\n".join(lines)
    return head + b',"features":[' + (b"\n" + body + b"\n" if lines else b"") + b"]}\n"


# --- CSV -------------------------------------------------------------------------------------


def _middle(start: dt.date, end: dt.date) -> dt.date:
    return start + (end - start) // 2


@in_bulk
def render_csv(data: ExportData) -> str:
    """One row per incident: ACLED's columns (:data:`geo.io.acled.ACLED_COLUMNS`), then ours.

    Where ACLED has a column that means the same thing it is filled: ``event_id_cnty`` (our
    id), ``event_date`` (the middle of the date range) and ``time_precision``,
    ``event_type``/``sub_event_type`` (where one of ACLED's sub-event types means ours),
    ``actor1`` (actor), ``actor2`` (target), ``iso`` and ``country``, ``admin1``,
    ``location``, ``latitude``/``longitude``, ``geo_precision``, ``source`` (the outlets),
    ``notes`` (the quoted sentences) and ``fatalities`` (the lowest figure reported, ACLED's
    conservative rule; empty when no toll was reported, where ACLED would write 0). The
    other ACLED columns are empty. Our columns (:data:`OWN_COLUMNS`) follow.
    """
    table = ExportTable(data)
    # The csv module writes each row but its last cell, ``sources``: most of a row's text,
    # JSON full of double quotes that the module would look at one character at a time.
    # That cell is quoted here with str.replace (:func:`_csv_needs_quotes`, the module's rule)
    # and put on the end of its line. The writer hands each line to ``lines.append``.
    lines: list[str] = []
    writer = csv.writer(_Lines(lines), lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(zip(*_csv_columns(data, table), strict=True))
    sources = [line.decode("utf-8") for line in table.sources_json()]
    body = [lines[0]]
    for line, cell in zip(lines[1:], sources, strict=True):
        if _csv_needs_quotes(cell):
            body += (line[:-2], ',"', cell.replace('"', '""'), '"\r\n')
        else:
            body += (line[:-2], ",", cell, "\r\n")
    return "".join(body)


class _Lines:
    """A file for :func:`csv.writer` that keeps each line it is given (one per row)."""

    __slots__ = ("write",)

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def _csv_needs_quotes(cell: str) -> bool:
    r"""Whether the csv module quotes a text cell (``QUOTE_MINIMAL``, ``"\r\n"`` lines).

    It does when the cell holds the delimiter, the quote character or a character of the
    line terminator; the quotes in it are then doubled.

    Examples
    --------
    >>> _csv_needs_quotes('[{"a":1}]'), _csv_needs_quotes("[]"), _csv_needs_quotes("a\nb")
    (True, False, True)
    """
    return '"' in cell or "," in cell or "\n" in cell or "\r" in cell


def _csv_columns(data: ExportData, table: ExportTable) -> list[list[Any]]:
    """The cells of :data:`CSV_COLUMNS` but the last (``sources``), column by column."""
    incidents = data.incidents
    n = len(incidents)
    row = table.columns()
    middles = [_middle(i.date_start, i.date_end) for i in incidents]
    acled = [_acled_types(value) for value in row["event_type"]]
    countries = iso_countries()
    iso = [c[1] if c else None for c in [countries.get(code) for code in row["country_code"]]]
    outlets = ["; ".join(o) for o in row["outlets"]]
    empty: list[Any] = [None] * n
    # in the order of ACLED_COLUMNS, then OWN_COLUMNS; the csv module writes None as an
    # empty cell and a float as its repr
    return [
        row["id"],  # event_id_cnty
        [m.isoformat() for m in middles],  # event_date
        [m.year for m in middles],
        row["acled_time_precision"],
        [a[0] for a in acled],  # disorder_type
        [a[1] for a in acled],  # event_type
        [a[2] for a in acled],  # sub_event_type
        row["actor"],  # actor1
        empty,  # assoc_actor_1
        empty,  # inter1
        row["target"],  # actor2
        empty,  # assoc_actor_2
        empty,  # inter2
        empty,  # interaction
        empty,  # civilian_targeting
        iso,
        empty,  # region
        row["country"],
        row["admin1"],
        empty,  # admin2
        empty,  # admin3
        row["place_name"],  # location
        [f"{lat:.{COORDINATE_DECIMALS}f}" for lat in table.lat_list],
        [f"{lon:.{COORDINATE_DECIMALS}f}" for lon in table.lon_list],
        row["acled_geo_precision"],
        outlets,  # source
        empty,  # source_scale
        [" | ".join(dict.fromkeys(c.sentence for c in i.claims)) for i in incidents],  # notes
        row["fatalities_low"],  # fatalities: ACLED's conservative figure
        empty,  # tags
        empty,  # timestamp
        row["event_type"],  # strikemap_event_type
        *[row[name] for name in _OWN_FROM_ROW],  # our columns that are fields of the row
        ["; ".join(c) for c in row["conflicts"]],
        row["platform"],
        row["notes"],  # strikemap_notes: a curated incident's notes
        row["nearest_launch_site_id"],
        row["nearest_launch_site"],
        row["nearest_launch_site_km"],
        row["nearest_launch_site_mi"],
        outlets,
    ]


# --- writing ---------------------------------------------------------------------------------


def render_export(
    data: ExportData, fmt: ExportFormat | str, *, areas: bool = False, aggregates: bool = False
) -> bytes:
    """The export in one format, as the bytes of the file (UTF-8 for the text formats).

    ``areas`` adds uncertainty polygons to GeoJSON, ``aggregates`` the aggregate statements
    (GeoPackage and KML always have both; CSV, one row per incident, has neither).
    """
    chosen = ExportFormat.parse(fmt, "")
    if chosen is ExportFormat.GEOJSON:
        return _geojson_bytes(data, areas=areas, aggregates=aggregates)
    if chosen is ExportFormat.CSV:
        return utf8(render_csv(data))
    if chosen is ExportFormat.KML:
        from geo.io.kml import render_kml

        return render_kml(data).encode("utf-8")
    from geo.io.gpkg import render_gpkg

    return render_gpkg(data)


def export_incidents(
    data: ExportData,
    path: str | os.PathLike[str],
    fmt: ExportFormat | str | None = None,
    *,
    areas: bool = False,
    aggregates: bool = False,
) -> ExportResult:
    """Write the export to ``path`` atomically (the format from ``fmt`` or the file name).

    ``areas`` and ``aggregates`` as for :func:`render_export`.

    Raises
    ------
    InvalidQueryError
        For an unknown format.
    StrikemapError
        If the file cannot be written (its folder is missing, read-only or full); any
        previous file at ``path`` is left as it was.
    """
    from geo.io.files import atomic_target, write_atomic

    chosen = ExportFormat.parse(fmt, path)
    target = Path(path)
    try:
        if chosen is ExportFormat.GPKG:  # GDAL writes the file itself, beside the target
            from pyogrio.errors import DataLayerError, DataSourceError

            from geo.io.gpkg import write_gpkg

            try:
                with atomic_target(target) as tmp:
                    write_gpkg(data, tmp)
            except (DataSourceError, DataLayerError) as exc:
                raise StrikemapError(f"cannot write {str(target)!r}: {exc}") from None
            size = target.stat().st_size
        else:
            payload = render_export(data, chosen, areas=areas, aggregates=aggregates)
            write_atomic(target, payload)
            size = len(payload)
    except OSError as exc:
        raise StrikemapError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    with_areas = chosen in (ExportFormat.GPKG, ExportFormat.KML) or (
        areas and chosen is ExportFormat.GEOJSON
    )
    with_aggregates = chosen in (ExportFormat.GPKG, ExportFormat.KML) or (
        aggregates and chosen is ExportFormat.GEOJSON
    )
    n_areas = area_count(data.incidents) if with_areas else 0
    return ExportResult(
        path=target,
        format=chosen,
        incidents=len(data.incidents),
        sites=len(data.sites) if chosen is not ExportFormat.CSV else 0,
        areas=n_areas,
        aggregates=len(data.aggregates) if with_aggregates else 0,
        aggregates_not_written=0 if with_aggregates else len(data.aggregates),
        left_out=data.left_out,
        total=data.total,
        bytes=size,
    )
